//! `shanshui sweep run`: the runs of one shard, in parallel, each committed as it
//! finishes; Ctrl-C keeps the finished ones and says how to resume.

use super::{RunSweepArgs, load_plan, prepare_out, sweep_error};
use crate::exit::{CliResult, bad_input, failure, interrupted};
use crate::progress::Progress;
use anyhow::anyhow;
use shanshui_sweep::ledger::{Ledger, RUNS_DIR, read_folder};
use shanshui_sweep::{RunError, Runner, Shard, timeseries_dir, unfinished};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Set by Ctrl-C; every running job stops at its next step.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Runs the runs of `args.shard` that have not finished.
pub fn run(args: &RunSweepArgs) -> CliResult {
    let plan = load_plan(&args.sweep, &args.load)?;
    prepare_out(&args.out, &plan)?;
    let shard = args.shard.unwrap_or(Shard::ALL);
    let ledger_path = args
        .out
        .join(RUNS_DIR)
        .join(format!("{}.jsonl", shard.stem()));
    if !args.resume && std::fs::metadata(&ledger_path).is_ok_and(|m| m.len() > 0) {
        return Err(bad_input(anyhow!(
            "{} already holds results of this shard; pass --resume to continue, or choose another --out",
            args.out.display()
        )));
    }
    let ledger = Ledger::open(&ledger_path).map_err(sweep_error)?;
    let mut finished: Vec<u64> = read_folder(&args.out)
        .map_err(sweep_error)?
        .iter()
        .map(|r| r.run_id)
        .collect();
    finished.sort_unstable();
    let shard_runs = plan.manifest.runs().filter(|r| shard.contains(r.run_id));
    let todo = unfinished(shard_runs, &finished);
    let timeseries = args.timeseries.then(|| timeseries_dir(&args.out));
    if let Some(dir) = &timeseries {
        std::fs::create_dir_all(dir)
            .map_err(|e| failure(anyhow!("cannot create {}: {e}", dir.display())))?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(failure)?;
    // A second handler cannot be installed (e.g. in tests); Ctrl-C then kills outright,
    // which loses only the runs in flight.
    let _ = ctrlc::set_handler(|| CANCEL.store(true, Ordering::SeqCst));
    let runner = Runner::new(&plan, timeseries);
    let progress = Progress::new(todo.len() as u64, "sweep", args.quiet);
    let started = Instant::now();
    let outcome = pool.install(|| runner.run_all(&todo, &ledger, &CANCEL, || progress.tick()));
    progress.finish();
    match outcome {
        Ok(()) => {
            if !args.quiet {
                let seconds = started.elapsed().as_secs_f64();
                eprintln!(
                    "{} runs in {seconds:.1} s ({:.2} runs/s, {} threads; {} finished earlier) → {}",
                    todo.len(),
                    todo.len() as f64 / seconds.max(1e-9),
                    pool.current_num_threads(),
                    plan.manifest
                        .runs()
                        .filter(|r| shard.contains(r.run_id))
                        .count()
                        - todo.len(),
                    args.out.display()
                );
            }
            Ok(())
        }
        Err(RunError::Cancelled) => Err(interrupted(format!(
            "finished runs are kept in {}. Continue with:\n  {}",
            args.out.display(),
            resume_command(args)
        ))),
        Err(e) => Err(failure(anyhow!(
            "{e}\nRuns finished before are kept; after fixing the cause continue with:\n  {}",
            resume_command(args)
        ))),
    }
}

/// The command line that continues this run.
fn resume_command(args: &RunSweepArgs) -> String {
    let mut command = format!(
        "shanshui sweep run {} --out {}",
        args.sweep.display(),
        args.out.display()
    );
    if let Some(shard) = args.shard {
        command += &format!(" --shard {}/{}", shard.index, shard.count);
    }
    if args.timeseries {
        command += " --timeseries";
    }
    command + " --resume"
}
