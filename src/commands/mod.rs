//! One module per subcommand.

mod init;
mod metrics;
mod plot;
mod run;
mod sweep;
mod validate;

pub use sweep::SweepCommand;

use crate::cli::{Cli, Command};
use crate::exit::CliResult;

/// Runs the chosen subcommand.
pub fn dispatch(cli: Cli) -> CliResult {
    match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Validate {
            file,
            allow_outside,
            max_cells,
        } => validate::validate(&file, allow_outside, max_cells),
        Command::Metrics(args) => metrics::metrics(&args),
        Command::Plot { run_dir } => plot::plot(&run_dir),
        Command::Init { path, force } => init::init(&path, force),
        Command::Sweep(command) => sweep::sweep(&command),
    }
}
