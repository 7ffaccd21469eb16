//! Scenario files: the path of `shanshui validate` from bytes — parse the RON, validate
//! every field, build the site (the procedural bay, or rasters read from the shipped
//! `scenarios/` folder, which is the base of relative paths), print the resolved RON.
//!
//! Contract: no input panics; every failure is a `ScenarioError` value whose message can
//! be printed, and a scenario that validates reloads from its own resolved RON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shanshui_scenarios::{Limits, LoadOptions, Scenario};
use std::path::{Path, PathBuf};

/// Landscapes of at most 256 × 256 cells (the shipped ones), so each run stays fast;
/// the size check itself is the same for any limit.
const MAX_CELLS: u64 = 1 << 16;

fuzz_target!(|data: &[u8]| {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let origin: PathBuf = base.join("fuzz-input.ron");
    let options = LoadOptions {
        limits: Limits {
            max_cells: MAX_CELLS,
        },
        allow_outside: false,
    };
    let scenario = match Scenario::from_bytes(data, &origin, &base, options) {
        Ok(scenario) => scenario,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    if let Err(e) = scenario.site() {
        let _ = e.to_string();
    }
    let resolved = scenario.to_ron();
    if let Err(e) = Scenario::from_bytes(resolved.as_bytes(), &origin, &base, options) {
        panic!("a valid scenario's resolved RON does not reload: {e}\n{resolved}");
    }
});
