#!/usr/bin/env bash
# Runs the occupancy automaton in numpy and through the Shanshui engine in one go, and
# prints cell-updates per second of each and their ratio (2048×2048, one step).
# Usage: benches/peers/compare.sh   (installs numpy into benches/peers/.venv if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=benches/peers/.venv
if ! "$venv/bin/python" -c "import numpy" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet numpy
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
