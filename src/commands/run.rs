//! `shanshui run`: every strategy × every replicate of a scenario, in parallel, written
//! to an output folder that appears complete or not at all.

use crate::cli::RunArgs;
use crate::commands::plot;
use crate::exit::{CliError, CliResult, bad_input, failure, interrupted};
use crate::maps::write_maps;
use crate::output::Staging;
use crate::progress::Progress;
use crate::tables::{RunRecords, comparison_csv, kpis_csv, summary_csv, timeseries_csv};
use anyhow::anyhow;
use rayon::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};
use shanshui_engine::{SimError, run_indexed};
use shanshui_scenarios::{
    DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME, Limits, LoadOptions, NATURAL_RECOVERY, ReplicateRun,
    Scenario, Site,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

/// Set by Ctrl-C; every running job stops at its next step.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Runs the scenario of `args` and writes its outputs.
pub fn run(args: &RunArgs) -> CliResult {
    let started = SystemTime::now();
    let scenario = load(args)?;
    let site = scenario.site().map_err(bad_input)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&scenario, started));
    let staging = Staging::new(&out, args.force)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(failure)?;
    let threads = pool.current_num_threads();
    // A second handler cannot be installed (e.g. in tests); Ctrl-C then kills outright.
    let _ = ctrlc::set_handler(|| CANCEL.store(true, Ordering::SeqCst));
    let outputs = pool.install(|| simulate(&scenario, &site, args.quiet))?;
    pool.install(|| write_outputs(&staging, &scenario, &site, &outputs))?;
    let manifest = manifest(&scenario, threads, started);
    staging.write(
        "manifest.json",
        serde_json::to_string_pretty(&manifest).map_err(failure)? + "\n",
    )?;
    if !args.no_plots {
        plot::draw(&staging.path(".")?)?;
    }
    let out = staging.commit()?;
    if !args.quiet {
        eprintln!(
            "{} strategies × {} replicates × {} years → {}",
            scenario.strategy_names().len(),
            scenario.file.replicates,
            scenario.file.years,
            out.display()
        );
    }
    Ok(())
}

fn load(args: &RunArgs) -> CliResult<Scenario> {
    let options = LoadOptions {
        limits: Limits {
            max_cells: args.max_cells,
        },
        allow_outside: args.allow_outside,
    };
    let scenario = match &args.scenario {
        Some(path) => Scenario::load(path, options),
        None => Scenario::from_bytes(
            DEFAULT_SCENARIO.as_bytes(),
            Path::new(DEFAULT_SCENARIO_NAME),
            Path::new("."),
            options,
        ),
    }
    .map_err(bad_input)?;
    scenario
        .with_overrides(args.seed, args.years, args.replicates)
        .map_err(bad_input)
}

fn default_out(scenario: &Scenario, started: SystemTime) -> PathBuf {
    let stamp = humantime::format_rfc3339_seconds(started)
        .to_string()
        .replace(':', "");
    PathBuf::from("runs").join(format!("{}-{stamp}", scenario.file.name))
}

/// Runs every (strategy, replicate) job; results in strategy-major order.
fn simulate(scenario: &Scenario, site: &Site, quiet: bool) -> CliResult<Vec<ReplicateRun>> {
    let strategies = scenario.strategy_names();
    let replicates = scenario.file.replicates as usize;
    let progress = Progress::new((strategies.len() * replicates) as u64, "simulating", quiet);
    let results = run_indexed(
        strategies.len() * replicates,
        &CANCEL,
        || progress.tick(),
        |job| {
            let (strategy, replicate) = (&strategies[job / replicates], (job % replicates) as u32);
            scenario
                .run_replicate(site, strategy, replicate, &CANCEL)
                .map_err(|error| JobFailure {
                    strategy: strategy.clone(),
                    replicate,
                    error,
                })
        },
    );
    progress.finish();
    results.into_iter().map(|r| r.map_err(job_error)).collect()
}

/// A job that did not finish.
struct JobFailure {
    strategy: String,
    replicate: u32,
    error: SimError,
}

impl From<shanshui_engine::Cancelled> for JobFailure {
    fn from(c: shanshui_engine::Cancelled) -> Self {
        Self {
            strategy: String::new(),
            replicate: 0,
            error: c.into(),
        }
    }
}

fn job_error(
    JobFailure {
        strategy,
        replicate,
        error,
    }: JobFailure,
) -> CliError {
    match error {
        SimError::Cancelled(_) => interrupted(
            "stopped before every run finished; nothing was written. Run the same command again to start over",
        ),
        e => failure(anyhow!("strategy {strategy}, replicate {replicate}: {e}")),
    }
}

fn write_outputs(
    staging: &Staging,
    scenario: &Scenario,
    site: &Site,
    outputs: &[ReplicateRun],
) -> CliResult {
    let strategies = scenario.strategy_names();
    let replicates = scenario.file.replicates as usize;
    let runs: Vec<RunRecords<'_>> = outputs
        .iter()
        .enumerate()
        .map(|(job, o)| RunRecords {
            strategy: &strategies[job / replicates],
            replicate: (job % replicates) as u32,
            series: &o.series,
        })
        .collect();
    staging.write("scenario.ron", scenario.to_ron())?;
    staging.write("timeseries.csv", timeseries_csv(&runs))?;
    staging.write("summary.csv", summary_csv(&runs))?;
    staging.write("comparison.csv", comparison_csv(&runs, NATURAL_RECOVERY))?;
    staging.write(
        "kpis.csv",
        kpis_csv(&runs, NATURAL_RECOVERY, scenario.file.years),
    )?;
    staging.write("classes.csv", classes_csv(site))?;
    strategies
        .par_iter()
        .zip(outputs.par_chunks(replicates))
        .try_for_each(|(strategy, runs)| write_maps(staging, scenario, site, strategy, runs))
}

/// `classes.csv`: `code,name,colour,habitat`, so maps can be read and drawn without the scenario.
fn classes_csv(site: &Site) -> String {
    let mut out = String::from("code,name,colour,habitat\n");
    for c in &site.classes.0 {
        let [r, g, b] = c.colour;
        out += &format!(
            "{},{},#{r:02x}{g:02x}{b:02x},{}\n",
            c.code, c.name, c.habitat
        );
    }
    out
}

fn manifest(scenario: &Scenario, threads: usize, started: SystemTime) -> serde_json::Value {
    let resolved = scenario.to_ron();
    let hash: String = Sha256::digest(resolved.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    json!({
        "tool": "shanshui",
        "version": env!("CARGO_PKG_VERSION"),
        "scenario": {
            "name": scenario.file.name,
            "source": scenario.origin.display().to_string(),
            "sha256": hash,
        },
        "seed": scenario.file.seed,
        "years": scenario.file.years,
        "replicates": scenario.file.replicates,
        "strategies": scenario.strategy_names(),
        "threads": threads,
        "command_line": std::env::args().collect::<Vec<_>>(),
        "started_utc": humantime::format_rfc3339_seconds(started).to_string(),
        "finished_utc": humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
    })
}
