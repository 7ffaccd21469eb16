//! Command-line arguments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Shanshui simulates coastal restoration scenarios: Spartina alterniflora invasion,
/// mangrove and native marsh recovery, and land-cover succession on a raster landscape,
/// under natural recovery and under each intervention strategy, over Monte Carlo
/// replicates.
///
/// Start with `shanshui run` (the embedded Xiamen-like bay), then write your own
/// scenario with `shanshui init my-bay.ron`, check it with `shanshui validate`, and run it.
#[derive(Debug, Parser)]
#[command(name = "shanshui", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario: every strategy (natural recovery first) × every replicate.
    ///
    /// Writes to the output folder: manifest.json (provenance), scenario.ron (the
    /// resolved scenario; running it again reproduces the results), timeseries.csv
    /// (strategy,replicate,year,metric,value), summary.csv
    /// (strategy,year,metric,mean,sd,p05,p50,p95,n) and maps/<strategy>.asc (final land
    /// cover of replicate 0, ESRI ASCII grid of class codes).
    ///
    /// Examples:
    ///   shanshui run                               # the embedded default bay
    ///   shanshui run my-bay.ron --out runs/mine --replicates 20 --threads 2
    Run(RunArgs),
    /// Check a scenario file; print every problem with its line and column (exit 2), or
    /// the resolved scenario with defaults filled in (exit 0).
    Validate {
        /// The scenario file.
        file: PathBuf,
        /// Allow raster paths outside the scenario's folder.
        #[arg(long)]
        allow_outside: bool,
        /// Refuse landscapes with more cells than this.
        #[arg(long, default_value_t = 1 << 26)]
        max_cells: u64,
    },
    /// Write a commented template scenario that validates, to start from.
    Init {
        /// Where to write it.
        #[arg(default_value = "scenario.ron")]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

/// Arguments of `shanshui run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (.ron); without it, the embedded default (a Xiamen-like bay).
    pub scenario: Option<PathBuf>,
    /// Output folder. Default: runs/<scenario name>-<UTC timestamp>.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace the scenario's seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Replace the scenario's number of replicates.
    #[arg(long)]
    pub replicates: Option<u32>,
    /// Replace the scenario's number of years.
    #[arg(long)]
    pub years: Option<u32>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bar or summary on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// Write into a non-empty output folder, replacing it.
    #[arg(long)]
    pub force: bool,
    /// Allow raster paths outside the scenario's folder.
    #[arg(long)]
    pub allow_outside: bool,
    /// Refuse landscapes with more cells than this (memory guard).
    #[arg(long, default_value_t = 1 << 26)]
    pub max_cells: u64,
}
