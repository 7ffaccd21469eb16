//! Re-plots a run folder: `cargo run -p shanshui-viz --example plot_run -- RUN_DIR`
//! writes `RUN_DIR/plots/` and `RUN_DIR/report.html` and lists what it wrote.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

fn main() -> ExitCode {
    let Some(run_dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: plot_run RUN_DIR");
        return ExitCode::from(2);
    };
    match shanshui_viz::plot_run(&run_dir, &AtomicBool::new(false)) {
        Ok(summary) => {
            for path in summary.images.iter().chain([&summary.report]) {
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
