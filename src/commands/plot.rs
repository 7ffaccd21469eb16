//! `shanshui plot`: charts, maps and the report from a run folder's files.

use crate::exit::{CliError, CliResult, bad_input, failure};
use shanshui_viz::{VizError, plot_run};
use std::path::Path;

/// Redraws the figures and report of `run_dir`.
pub fn plot(run_dir: &Path) -> CliResult {
    if !run_dir.join("summary.csv").is_file() {
        return Err(bad_input(anyhow::anyhow!(
            "{} is not a run folder (no summary.csv)",
            run_dir.display()
        )));
    }
    draw(run_dir)?;
    eprintln!("wrote {}", run_dir.join("report.html").display());
    Ok(())
}

/// Draws into `run_dir/plots/` and writes `run_dir/report.html`.
pub fn draw(run_dir: &Path) -> CliResult {
    plot_run(run_dir).map(|_| ()).map_err(classify)
}

/// Malformed inputs are bad input (2); drawing and writing failures are failures (1).
fn classify(error: VizError) -> CliError {
    match error {
        VizError::Io { .. } | VizError::Draw { .. } | VizError::Encode { .. } => failure(error),
        other => bad_input(other),
    }
}
