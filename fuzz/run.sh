#!/usr/bin/env bash
# Bounded fuzzing: runs every cargo-fuzz target for SECONDS (default 60) each, one after
# the other, and prints how many inputs each executed. Exits non-zero if any target
# found a crash, a timeout or an out-of-memory input (saved under fuzz/artifacts/).
#
#   fuzz/run.sh            # 60 s per target
#   fuzz/run.sh 3600       # an hour per target (the long version)
#   FUZZ_TARGETS="geotiff" fuzz/run.sh 600
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). cargo-fuzz passes nightly-only
# flags (sanitizer coverage, AddressSanitizer); on the stable toolchain this script sets
# RUSTC_BOOTSTRAP=1 to allow them, for this build only.
set -euo pipefail
seconds=${1:-60}
fuzz="$(cd "$(dirname "$0")" && pwd)"
cd "$fuzz"
export RUSTC_BOOTSTRAP=1
targets=${FUZZ_TARGETS:-scenario sweep_file ascii_grid geotiff}

max_len() { # largest input per target, bytes: a little above the largest shipped seed
    case $1 in
        scenario) echo 16384 ;;   # xiamen-bay.ron is 7.5 kB
        sweep_file) echo 4096 ;;  # shipped sweeps are 1 kB
        ascii_grid) echo 4096 ;;
        geotiff) echo 16384 ;;    # seeds are 0.1–2.5 kB (elevation.tif is cut to this)
    esac
}

[ -d corpus ] || ./seed-corpora.sh
cargo fuzz build
mkdir -p logs
failed=()
summary=()
for target in $targets; do
    mkdir -p "artifacts/$target"
    log="logs/$target.log"
    echo "== $target: ${seconds} s"
    status=ok
    # -rss_limit_mb: AddressSanitizer's shadow memory included; -timeout: seconds per input.
    cargo fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" \
        -rss_limit_mb=4096 -timeout=20 -print_final_stats=1 \
        -artifact_prefix="artifacts/$target/" >"$log" 2>&1 || status=FAILED
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    line="$target: ${execs:-?} executions in ${secs:-?} s, corpus $(find "corpus/$target" -type f | wc -l) inputs: $status"
    echo "$line"
    summary+=("$line")
    if [ "$status" != ok ]; then
        failed+=("$target")
        grep -E "panicked|ERROR: libFuzzer|SUMMARY|Test unit written" "$log" | head -20 || true
    fi
done
echo "== summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "failed: ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/logs/)" >&2
    exit 1
fi
