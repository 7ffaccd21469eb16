//! `shanshui plot`: charts, maps and the report from a run folder's files.

use crate::exit::{CliError, CliResult, bad_input, failure, interrupted};
use crate::interrupt;
use shanshui_viz::{VizError, plot_run};
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// Redraws the figures and report of `run_dir`.
pub fn plot(run_dir: &Path) -> CliResult {
    if !run_dir.join("summary.csv").is_file() {
        return Err(bad_input(anyhow::anyhow!(
            "{} is not a run folder (no summary.csv)",
            run_dir.display()
        )));
    }
    // Ctrl-C: no further image is started.
    interrupt::watch();
    draw(run_dir, &interrupt::CTRL_C)?;
    eprintln!("wrote {}", run_dir.join("report.html").display());
    Ok(())
}

/// Draws into `run_dir/plots/` and writes `run_dir/report.html`, unless `stop` is set
/// first: then no further image is started and no report is written.
pub fn draw(run_dir: &Path, stop: &AtomicBool) -> CliResult {
    plot_run(run_dir, stop).map(|_| ()).map_err(classify)
}

/// Malformed inputs are bad input (2); drawing and writing failures are failures (1);
/// a stop request is an interruption (130).
fn classify(error: VizError) -> CliError {
    match error {
        VizError::Cancelled => interrupted(
            "plotting stopped; the images drawn so far are in plots/, the report was not written",
        ),
        VizError::Io { .. } | VizError::Draw { .. } | VizError::Encode { .. } => failure(error),
        other => bad_input(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::{BAD_INPUT, FAILURE, INTERRUPTED};

    #[test]
    fn errors_get_their_exit_codes() {
        assert_eq!(classify(VizError::Cancelled).code(), INTERRUPTED);
        let input = VizError::Input {
            figure: "map".into(),
            message: "sizes differ".into(),
        };
        assert_eq!(classify(input).code(), BAD_INPUT);
        let draw = VizError::Draw {
            figure: "map".into(),
            message: "backend".into(),
        };
        assert_eq!(classify(draw).code(), FAILURE);
    }
}
