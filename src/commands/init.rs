//! `shanshui init`: write a commented template scenario.

use crate::exit::{CliResult, bad_input, failure};
use anyhow::{Context, anyhow};
use shanshui_scenarios::TEMPLATE_SCENARIO;
use std::path::Path;

/// Writes the template to `path`, refusing to overwrite unless `force`.
pub fn init(path: &Path, force: bool) -> CliResult {
    if path.exists() && !force {
        return Err(bad_input(anyhow!(
            "{} already exists; pass --force to overwrite it",
            path.display()
        )));
    }
    std::fs::write(path, TEMPLATE_SCENARIO)
        .with_context(|| format!("cannot write {}", path.display()))
        .map_err(failure)?;
    eprintln!(
        "wrote {}; check it with `shanshui validate {0}` and run it with `shanshui run {0}`",
        path.display()
    );
    Ok(())
}
