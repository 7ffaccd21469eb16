//! `shanshui run`: every strategy × every replicate of a scenario, in parallel, written
//! to an output folder that appears complete or not at all. Each finished (strategy,
//! replicate) run is saved to a checkpoint as it finishes (see [`crate::checkpoint`]);
//! after Ctrl-C or a failure, `--resume` runs only the missing ones, and the outputs are
//! byte-identical to those of an uninterrupted run.

use crate::checkpoint::{Checkpoint, Identity, Opened};
use crate::cli::{DEFAULT_MAX_CELLS, RunArgs};
use crate::commands::plot;
use crate::commands::sweep::quote;
use crate::exit::{CliError, CliResult, bad_input, failure, interrupted};
use crate::interrupt;
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
use std::time::SystemTime;

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
    let identity = Identity::new(&scenario, &site);
    let (checkpoint, opened) = Checkpoint::open(&out, &identity, args.resume, args.force)?;
    let stop = |why: Stop| stopped(why, &checkpoint, args, &out);
    // Ctrl-C: every running job stops at its next step.
    interrupt::watch();
    let loaded = checkpoint.load();
    if !args.quiet {
        match opened {
            Opened::Resumed => eprintln!(
                "resuming: {} of {} runs were finished earlier ({})",
                checkpoint.finished(),
                checkpoint.total(),
                checkpoint.dir().display()
            ),
            Opened::NothingToResume => eprintln!(
                "no checkpoint at {}: starting from the beginning",
                checkpoint.dir().display()
            ),
            Opened::Fresh => {}
        }
    }
    let outputs = pool
        .install(|| simulate(&scenario, &site, &checkpoint, loaded, args.quiet))
        .map_err(stop)?;
    if interrupt::pressed() {
        return Err(stop(Stop::Interrupted));
    }
    pool.install(|| write_outputs(&staging, &scenario, &site, &outputs))
        .map_err(|e| stop(Stop::Failed(e)))?;
    let manifest = manifest(&scenario, threads, started);
    staging
        .write(
            "manifest.json",
            serde_json::to_string_pretty(&manifest).map_err(failure)? + "\n",
        )
        .map_err(|e| stop(Stop::Failed(e)))?;
    let drawn = if args.no_plots {
        Ok(())
    } else {
        staging
            .path(".")
            .and_then(|dir| plot::draw(&dir, &interrupt::CTRL_C))
    };
    if interrupt::pressed() {
        return Err(stop(Stop::Interrupted));
    }
    drawn.map_err(|e| stop(Stop::Failed(e)))?;
    let out = staging.commit().map_err(|e| stop(Stop::Failed(e)))?;
    checkpoint.remove();
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

/// Why a run stopped before its outputs were in place.
enum Stop {
    /// Ctrl-C.
    Interrupted,
    /// A failure (the error says which).
    Failed(CliError),
}

/// The error of a run stopped by `why`: says which finished runs are kept in the
/// checkpoint and how to continue. A checkpoint with no finished run is removed.
fn stopped(why: Stop, checkpoint: &Checkpoint, args: &RunArgs, out: &Path) -> CliError {
    let (finished, total) = (checkpoint.finished(), checkpoint.total());
    if finished == 0 {
        // Nothing worth keeping: leave no folder behind (best effort).
        let _ = std::fs::remove_dir_all(checkpoint.dir());
        return match why {
            Stop::Interrupted => interrupted(
                "stopped before any run finished; nothing was kept. Run the same command again to start over",
            ),
            Stop::Failed(e) => e,
        };
    }
    let kept = format!(
        "{finished} of {total} runs finished and are kept in {}",
        checkpoint.dir().display()
    );
    let command = resume_command(args, out);
    match why {
        Stop::Interrupted => interrupted(format!("{kept}. Continue with:\n  {command}")),
        Stop::Failed(e) => e.with_note(format!(
            "{kept}; after fixing the cause continue with:\n  {command}"
        )),
    }
}

/// The command line that continues this run: its own arguments, the output folder and
/// `--resume`.
fn resume_command(args: &RunArgs, out: &Path) -> String {
    let mut words: Vec<String> = vec!["shanshui".into(), "run".into()];
    if let Some(scenario) = &args.scenario {
        words.push(scenario.display().to_string());
    }
    words.extend(["--out".into(), out.display().to_string()]);
    let numbers = [
        ("--seed", args.seed.map(|v| v.to_string())),
        ("--years", args.years.map(|v| v.to_string())),
        ("--replicates", args.replicates.map(|v| v.to_string())),
        ("--threads", args.threads.map(|v| v.to_string())),
        (
            "--max-cells",
            (args.max_cells != DEFAULT_MAX_CELLS).then(|| args.max_cells.to_string()),
        ),
    ];
    for (flag, value) in numbers {
        if let Some(value) = value {
            words.extend([flag.to_owned(), value]);
        }
    }
    let switches = [
        ("--quiet", args.quiet),
        ("--no-plots", args.no_plots),
        ("--force", args.force),
        ("--allow-outside", args.allow_outside),
        ("--resume", true),
    ];
    words.extend(
        switches
            .iter()
            .filter(|(_, on)| *on)
            .map(|(flag, _)| (*flag).to_owned()),
    );
    words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
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

/// Runs every (strategy, replicate) job that `loaded` (from the checkpoint) lacks,
/// saving each to the checkpoint as it finishes; results in strategy-major order.
fn simulate(
    scenario: &Scenario,
    site: &Site,
    checkpoint: &Checkpoint,
    mut loaded: Vec<Option<ReplicateRun>>,
    quiet: bool,
) -> Result<Vec<ReplicateRun>, Stop> {
    let strategies = scenario.strategy_names();
    let replicates = scenario.file.replicates as usize;
    let todo: Vec<usize> = (0..loaded.len()).filter(|&j| loaded[j].is_none()).collect();
    let progress = Progress::new(todo.len() as u64, "simulating", quiet);
    let results = run_indexed(
        todo.len(),
        &interrupt::CTRL_C,
        || progress.tick(),
        |i| {
            let job = todo[i];
            let (strategy, replicate) = (&strategies[job / replicates], (job % replicates) as u32);
            let run = scenario
                .run_replicate(site, strategy, replicate, &interrupt::CTRL_C)
                .map_err(|error| match error {
                    SimError::Cancelled(_) => Stop::Interrupted,
                    e => Stop::Failed(failure(anyhow!(
                        "strategy {strategy}, replicate {replicate}: {e}"
                    ))),
                })?;
            checkpoint.save(job, &run).map_err(Stop::Failed)?;
            Ok(run)
        },
    );
    progress.finish();
    let mut interrupted = false;
    for (job, result) in todo.into_iter().zip(results) {
        match result {
            Ok(run) => loaded[job] = Some(run),
            Err(Stop::Interrupted) => interrupted = true,
            Err(failed) => return Err(failed),
        }
    }
    if interrupted {
        return Err(Stop::Interrupted);
    }
    Ok(loaded.into_iter().flatten().collect())
}

impl From<shanshui_engine::Cancelled> for Stop {
    fn from(_: shanshui_engine::Cancelled) -> Self {
        Self::Interrupted
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
    let tables = || -> CliResult {
        staging.write("scenario.ron", scenario.to_ron())?;
        staging.write("timeseries.csv", timeseries_csv(&runs))?;
        staging.write("summary.csv", summary_csv(&runs))?;
        staging.write("comparison.csv", comparison_csv(&runs, NATURAL_RECOVERY))?;
        staging.write(
            "kpis.csv",
            kpis_csv(&runs, NATURAL_RECOVERY, scenario.file.years),
        )?;
        staging.write("classes.csv", classes_csv(site))
    };
    let maps = || {
        strategies
            .par_iter()
            .zip(outputs.par_chunks(replicates))
            .try_for_each(|(strategy, runs)| write_maps(staging, scenario, site, strategy, runs))
    };
    // The tables and the maps are independent: written at the same time.
    let (tables, maps) = rayon::join(tables, maps);
    tables.and(maps)
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
