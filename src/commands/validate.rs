//! `shanshui validate`: check a scenario and print it resolved.

use crate::exit::{CliResult, bad_input};
use shanshui_scenarios::{Limits, LoadOptions, Scenario};
use std::path::Path;

/// Validates `file`; prints the resolved scenario on success.
pub fn validate(file: &Path, allow_outside: bool, max_cells: u64) -> CliResult {
    let options = LoadOptions {
        limits: Limits { max_cells },
        allow_outside,
    };
    let scenario = Scenario::load(file, options).map_err(bad_input)?;
    scenario.site().map_err(bad_input)?;
    print!("{}", scenario.to_ron());
    eprintln!("{}: valid", file.display());
    Ok(())
}
