//! Sweep files: the path of `shanshui sweep plan` from bytes — parse the RON, check its
//! shape, load the base scenario, check every parameter path and every design point.
//! The sweep is read as if from `sweeps/` in a folder holding the shipped scenarios, so
//! `base: "../tiny.ron"` (and the other shipped names) resolve.
//!
//! Contract: no input panics; every failure is a `SweepError` value whose message can
//! be printed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shanshui_scenarios::{LoadOptions, parse_ron};
use shanshui_sweep::schema::SweepFile;
use shanshui_sweep::{MAX_RUNS, Plan, point_count};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Designs with more points (up to `MAX_RUNS`) are planned by the real tool, but
/// expanding and validating every point costs about one scenario validation per point:
/// the fuzzer skips them to stay fast. Larger designs are refused before expansion and
/// are fuzzed.
const MAX_POINTS: u128 = 4096;

/// `<fuzz>/target/sweep-bases/sweeps/fuzz-input.ron`, with the shipped scenarios copied
/// into `<fuzz>/target/sweep-bases/`.
fn origin() -> &'static Path {
    static ORIGIN: OnceLock<PathBuf> = OnceLock::new();
    ORIGIN.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let bases = repo.join("fuzz/target/sweep-bases");
        std::fs::create_dir_all(bases.join("sweeps")).expect("fixture folder");
        let shipped = [
            "tests/data/tiny.ron",
            "tests/data/coastal-tiny.ron",
            "scenarios/spartina-control-bay.ron",
            "scenarios/spartina-invasion.ron",
            "scenarios/estuary-geotiff.ron",
            "scenarios/xiamen-bay.ron",
        ];
        for file in shipped {
            let from = repo.join(file);
            let name = from.file_name().expect("a file name");
            std::fs::copy(&from, bases.join(name)).expect("copy a shipped scenario");
        }
        bases.join("sweeps/fuzz-input.ron")
    })
}

fuzz_target!(|data: &[u8]| {
    let origin = origin();
    if let Ok(sweep) = parse_ron::<SweepFile>(data, origin)
        && (MAX_POINTS + 1..=MAX_RUNS).contains(&point_count(&sweep.design))
    {
        return;
    }
    if let Err(e) = Plan::from_bytes(data, origin, LoadOptions::default()) {
        let _ = e.to_string();
    }
});
