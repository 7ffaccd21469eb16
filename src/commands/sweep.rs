//! `shanshui sweep`: parameter sweeps — plan, run (sharded, resumable), merge, analyse,
//! and Slurm job-array scripts. The logic lives in the `shanshui-sweep` crate; this
//! module parses arguments, lays out the output folder and maps errors to exit codes.
//!
//! A sweep output folder holds `manifest.csv`, `sweep.ron` (the sweep file as given),
//! `scenario.ron` (the resolved base scenario), `runs/shard-I-of-N.jsonl` (one line per
//! finished run, synced as it finishes) and, with `--timeseries`, `timeseries/`.

mod analyse;
mod merge;
mod run;
mod slurm;

pub(crate) use slurm::quote;

use crate::exit::{CliError, CliResult, bad_input, failure};
use anyhow::anyhow;
use clap::{Args, Subcommand};
use shanshui_scenarios::{Limits, LoadOptions};
use shanshui_sweep::ledger::{RUNS_DIR, write_atomic};
use shanshui_sweep::{Plan, Shard, SweepError};
use std::fs;
use std::path::{Path, PathBuf};

/// Subcommands of `shanshui sweep`.
#[derive(Debug, Subcommand)]
pub enum SweepCommand {
    /// Expand a sweep file into DIR/manifest.csv: one row per run with its run_id, the
    /// parameter values, strategy, replicate and seed. Nothing runs.
    ///
    /// Every run uses the base scenario's seed (the sweep's seed only draws sampled
    /// designs): run (point p, replicate r, strategy s) is replicate r of strategy s of
    /// point p's scenario, exactly as `shanshui run` computes it, so all points share
    /// their random numbers (common random numbers, less noisy comparisons).
    ///
    /// Example:
    ///   shanshui sweep plan scenarios/sweeps/spartina-control.ron --out runs/control
    Plan {
        /// The sweep file (.ron).
        sweep: PathBuf,
        /// The sweep's output folder.
        #[arg(long)]
        out: PathBuf,
        /// Scenario loading limits.
        #[command(flatten)]
        load: LoadArgs,
    },
    /// Run the sweep's runs (with --shard I/N those with run_id % N == I) in parallel.
    /// Each finished run is committed to DIR/runs/ at once; Ctrl-C keeps them and
    /// `--resume` continues without redoing or duplicating any.
    ///
    /// Examples:
    ///   shanshui sweep run scenarios/sweeps/spartina-control.ron --out runs/control
    ///   shanshui sweep run sweep.ron --out runs/s --shard 3/8 --resume
    Run(RunSweepArgs),
    /// Join the results of sweep folders (shards may share one folder or use several)
    /// into one CSV sorted by run_id: run_id, each parameter, strategy, replicate, then
    /// the final-year metrics. Fails naming any missing or duplicated run_id.
    ///
    /// Example:
    ///   shanshui sweep merge runs/control --out runs/control/results.csv
    Merge {
        /// Sweep output folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// The merged table (conventionally results.csv).
        #[arg(long)]
        out: PathBuf,
    },
    /// Sensitivity of every outcome to every parameter, per strategy: standardized
    /// regression and partial rank correlation coefficients (analysis/sensitivity.csv),
    /// Sobol indices for Sobol designs (analysis/sobol.csv), and the sweep plots
    /// (analysis/plots/).
    Analyse {
        /// A complete sweep output folder.
        dir: PathBuf,
        /// Tables only, no plots.
        #[arg(long)]
        no_plots: bool,
    },
    /// Print a Slurm submission script: a job array of N tasks, one shard each, and a
    /// merge job that starts when every task succeeded (afterok).
    ///
    /// Example:
    ///   shanshui sweep slurm sweep.ron --shards 16 --out /scratch/runs/s > submit.sh
    ///   bash submit.sh                     # extra arguments go to the array's sbatch
    Slurm {
        /// The sweep file (.ron).
        sweep: PathBuf,
        /// Number of array tasks.
        #[arg(long)]
        shards: u64,
        /// The sweep's output folder (on a file system every node sees). Default:
        /// runs/<sweep file name>.
        #[arg(long)]
        out: Option<PathBuf>,
        /// CPUs per array task (each task runs that many threads).
        #[arg(long, default_value_t = 1)]
        cpus_per_task: u32,
        /// Wall-clock limit per task, in Slurm's format (e.g. 02:00:00). Default: the
        /// partition's.
        #[arg(long)]
        time: Option<String>,
    },
}

/// Arguments of `shanshui sweep run`.
#[derive(Debug, Args)]
pub struct RunSweepArgs {
    /// The sweep file (.ron).
    pub sweep: PathBuf,
    /// The sweep's output folder (shards may share it).
    #[arg(long)]
    pub out: PathBuf,
    /// Run only shard I of N: the runs with run_id % N == I.
    #[arg(long, value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Continue an interrupted run: skip the runs already finished.
    #[arg(long)]
    pub resume: bool,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Also write each run's full time series to DIR/timeseries/run-<run_id>.csv.
    #[arg(long)]
    pub timeseries: bool,
    /// No progress bar or summary on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// Scenario loading limits.
    #[command(flatten)]
    pub load: LoadArgs,
}

/// How the base scenario may be loaded.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Allow raster paths outside the base scenario's folder.
    #[arg(long)]
    pub allow_outside: bool,
    /// Refuse landscapes with more cells than this (memory guard).
    #[arg(long, default_value_t = 1 << 26)]
    pub max_cells: u64,
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    text.parse()
}

/// Runs a `sweep` subcommand.
pub fn sweep(command: &SweepCommand) -> CliResult {
    match command {
        SweepCommand::Plan { sweep, out, load } => plan(sweep, out, load),
        SweepCommand::Run(args) => run::run(args),
        SweepCommand::Merge { dirs, out } => merge::merge(dirs, out),
        SweepCommand::Analyse { dir, no_plots } => analyse::analyse(dir, !no_plots),
        SweepCommand::Slurm {
            sweep,
            shards,
            out,
            cpus_per_task,
            time,
        } => slurm::slurm(
            sweep,
            *shards,
            out.as_deref(),
            *cpus_per_task,
            time.as_deref(),
        ),
    }
}

fn plan(sweep: &Path, out: &Path, load: &LoadArgs) -> CliResult {
    let plan = load_plan(sweep, load)?;
    prepare_out(out, &plan)?;
    let m = &plan.manifest;
    eprintln!(
        "{} runs ({} points × {} strategies × {} replicates) → {}",
        m.len(),
        m.points.len(),
        m.strategies.len(),
        m.replicates,
        out.join("manifest.csv").display()
    );
    Ok(())
}

/// Reads and checks a sweep file (exit 2 with located problems).
pub fn load_plan(sweep: &Path, load: &LoadArgs) -> CliResult<Plan> {
    let options = LoadOptions {
        limits: Limits {
            max_cells: load.max_cells,
        },
        allow_outside: load.allow_outside,
    };
    Plan::load(sweep, options).map_err(sweep_error)
}

/// Maps a sweep error to its exit code.
pub fn sweep_error(e: SweepError) -> CliError {
    if e.is_bad_input() {
        bad_input(e)
    } else {
        failure(e)
    }
}

/// Names a sweep output folder holds (other than hidden temporary files).
const SWEEP_ENTRIES: [&str; 8] = [
    "manifest.csv",
    "scenario.ron",
    "sweep.ron",
    RUNS_DIR,
    "timeseries",
    "slurm",
    "analysis",
    "results.csv",
];

/// Whether `out` is missing, empty, or holds nothing but a sweep's files (shards may be
/// creating them at this moment).
fn holds_only_sweep_files(out: &Path) -> bool {
    let Ok(entries) = fs::read_dir(out) else {
        return !out.exists();
    };
    entries.filter_map(Result::ok).all(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        name.starts_with('.') || SWEEP_ENTRIES.contains(&name.as_str())
    })
}

/// Creates the output folder and writes `manifest.csv`, `sweep.ron` and `scenario.ron`,
/// or checks that the folder already holds this sweep (shards share folders).
pub fn prepare_out(out: &Path, plan: &Plan) -> CliResult {
    if fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(bad_input(anyhow!(
            "{} is a symbolic link; give a real folder as --out",
            out.display()
        )));
    }
    if !holds_only_sweep_files(out) {
        return Err(bad_input(anyhow!(
            "{} holds files that are not a sweep's; choose another --out",
            out.display()
        )));
    }
    fs::create_dir_all(out.join(RUNS_DIR))
        .map_err(|e| failure(anyhow!("cannot create {}: {e}", out.display())))?;
    let files = [
        ("manifest.csv", plan.manifest.to_csv(), true),
        ("scenario.ron", plan.base.to_ron(), true),
        ("sweep.ron", plan.source.clone(), false),
    ];
    for (name, text, must_match) in files {
        let path = out.join(name);
        match fs::read(&path) {
            Ok(old) if old == text.as_bytes() || !must_match => {}
            Ok(_) => {
                return Err(bad_input(anyhow!(
                    "{} belongs to another sweep ({name} differs: the sweep file or its base scenario changed); choose another --out",
                    out.display()
                )));
            }
            Err(_) => write_atomic(&path, text.as_bytes()).map_err(sweep_error)?,
        }
    }
    Ok(())
}
