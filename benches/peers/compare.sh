#!/usr/bin/env bash
# Runs, in one go, (1) the occupancy automaton in numpy and through the Shanshui engine
# (2048×2048, one step) and (2) patch labelling of the same 4096² landscape with
# scipy.ndimage.label and with shanshui-connectivity, and prints the speed of each and
# their ratio.
# Usage: benches/peers/compare.sh   (installs numpy and scipy into benches/peers/.venv
# if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=benches/peers/.venv
if ! "$venv/bin/python" -c "import numpy, scipy" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet numpy scipy
fi
numpy=$("$venv/bin/python" benches/peers/ca_numpy.py 2048 20)
# Criterion's throughput line for the one-thread case: "thrpt: [low mid high]".
bench=$(cargo bench -q -p shanshui-benches --bench models -- 'occupancy/2048x2048/1-thread' 2>/dev/null)
line=$(grep -m1 'thrpt:' <<<"$bench")
shanshui=$(echo "$line" | awk '{ v = $4; u = $5; m = (u ~ /^G/) ? 1e9 : (u ~ /^M/) ? 1e6 : (u ~ /^K/) ? 1e3 : 1; printf "%.4g", v * m }')
printf '%-32s %12s\n' "implementation (2048², 1 step)" "cell-updates/s"
printf '%-32s %12s\n' "numpy, vectorised, float32" "$numpy"
printf '%-32s %12s\n' "shanshui engine, 1 thread" "$shanshui"
awk -v a="$shanshui" -v b="$numpy" 'BEGIN { printf "ratio shanshui / numpy: %.1f×\n", a / b }'

# Criterion's middle estimate of a benchmark's time in seconds, from its
# "time: [low mid high]" line.
seconds_of() {
    grep -A1 "^$1" | grep -m1 'time:' | awk '{
        for (i = 1; i <= NF; i++) if ($i == "time:") { v = $(i + 3); u = $(i + 4) }
        m = (u == "s") ? 1 : (u == "ms") ? 1e-3 : (u ~ /^(µs|us)$/) ? 1e-6 : 1e-9
        printf "%.6g", v * m }'
}

echo
scipy=$("$venv/bin/python" benches/peers/label_scipy.py 4096)
scipy_patches=$(sed -n 1p <<<"$scipy")
scipy_rate=$(sed -n 2p <<<"$scipy")
bench=$(cargo bench -q -p shanshui-benches --bench connectivity -- 'label_4096x4096_8n' 2>/dev/null)
ours_patches=$(grep -m1 -o '[0-9]* patches' <<<"$bench" | awk '{ print $1 }')
ours_rate=$(seconds_of label_4096x4096_8n <<<"$bench" | awk '{ printf "%.4g", 4096 * 4096 / $1 }')
printf '%-32s %12s %10s\n' "labelling 4096², 8 neighbours" "cells/s" "patches"
printf '%-32s %12s %10s\n' "scipy.ndimage.label" "$scipy_rate" "$scipy_patches"
printf '%-32s %12s %10s\n' "shanshui-connectivity, 2 threads" "$ours_rate" "$ours_patches"
awk -v a="$ours_rate" -v b="$scipy_rate" 'BEGIN { printf "ratio shanshui / scipy: %.1f×\n", a / b }'
if [[ "$scipy_patches" != "$ours_patches" ]]; then
    echo "patch counts differ: the landscapes are not the same" >&2
    exit 1
fi
