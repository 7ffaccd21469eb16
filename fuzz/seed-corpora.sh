#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the seeds: the files Shanshui ships (scenarios, sweep
# files, rasters), its hostile-input test corpora, and the extra seeds committed in
# fuzz/seeds/<target>/. The corpus folders are not committed (they are copies, and
# libFuzzer adds the inputs it finds to them); rerunning this only adds files.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$fuzz")"
cd "$repo"

seed() { # seed TARGET FILE...: copy each FILE into the TARGET corpus
    local target=$1 dir="$fuzz/corpus/$1"
    shift
    mkdir -p "$dir"
    for f in "$@"; do
        [ -f "$f" ] || continue
        # Names stay unique when two folders hold the same file name.
        cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
    done
}

seed scenario scenarios/*.ron tests/data/*.ron tests/data/bad/*.ron fuzz/seeds/scenario/*
seed sweep_file scenarios/sweeps/*.ron tests/data/bad-sweeps/*.ron fuzz/seeds/sweep_file/*
# The benchmark sweep names its base from benches/sweeps/; the fuzz target reads sweeps
# from a folder beside the shipped scenarios, so point it there.
mkdir -p "$fuzz/corpus/sweep_file"
sed 's#"\.\./\.\./scenarios/#"../#' benches/sweeps/sweep-256.ron \
    > "$fuzz/corpus/sweep_file/benches_sweeps_sweep-256.ron"
seed ascii_grid gis/tests/data/bad/*.asc fuzz/seeds/ascii_grid/*
seed geotiff scenarios/data/*.tif gis/tests/data/bad/*.tif fuzz/seeds/geotiff/*.tif

for dir in "$fuzz"/corpus/*/; do
    echo "$(basename "$dir"): $(find "$dir" -type f | wc -l) files"
done
