#!/usr/bin/env bash
# Scaling of whole `shanshui run`s of the default bay: wall time against grid size,
# against replicates, and against threads (replicate-parallel efficiency).
# Usage: benches/scaling.sh [YEARS]   (default 10 years; run on a quiet machine)
set -euo pipefail
cd "$(dirname "$0")/.."
years=${1:-10}
cargo build -q --release
bin=target/release/shanshui
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Seconds of wall time of one quiet run without plots.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$bin" run "$@" --years "$years" --out "$work/out" --force --quiet --no-plots
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}

echo "## Grid size (1 replicate × 5 strategies × $years years, 2 threads)"
printf '%-10s %12s %10s %18s\n' "grid" "cells" "wall s" "cell-years/s"
for side in 256 512 1024 2048 4096; do
    sed -e "s/width: 512,/width: $side,/" -e "s/height: 512,/height: $side,/" \
        scenarios/xiamen-bay.ron >"$work/bay-$side.ron"
    t=$(seconds "$work/bay-$side.ron" --replicates 1 --max-cells 100000000)
    awk -v s="$side" -v t="$t" -v y="$years" \
        'BEGIN { printf "%-10s %12d %10.2f %18.3g\n", s "²", s * s, t, s * s * 5 * y / t }'
done

echo
echo "## Replicates and threads (512² default bay × 5 strategies × $years years)"
printf '%-12s %12s %12s %10s\n' "replicates" "1 thread s" "2 threads s" "speed-up"
for reps in 2 4 8; do
    one=$(seconds --replicates "$reps" --threads 1)
    two=$(seconds --replicates "$reps" --threads 2)
    awk -v r="$reps" -v a="$one" -v b="$two" \
        'BEGIN { printf "%-12d %12.2f %12.2f %9.2f×\n", r, a, b, a / b }'
done
