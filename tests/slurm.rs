//! The sweep on a real Slurm cluster (started by `.ci/slurm-up.sh`): the printed job
//! array runs under `sbatch --wait`, and its merge job writes results identical to a
//! one-process run; a failing task is reported, merge names its runs, and submitting
//! again resumes the failed shard. Skipped where Slurm is absent, except under `CI`.

use crate::common::{assert_ok, repo, shanshui, stderr};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const SHARDS: u64 = 3;

/// Whether a Slurm cluster answers; under `CI` its absence is a failure. Decided once per
/// test binary: the other test's jobs may already keep the node busy.
fn cluster() -> bool {
    static UP: OnceLock<bool> = OnceLock::new();
    *UP.get_or_init(|| {
        let sinfo = Command::new("sinfo").args(["-h", "-o", "%T"]).output();
        let up = sinfo.is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).lines().any(serves)
        });
        let sbatch = Command::new("sbatch")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if std::env::var_os("CI").is_some() {
            assert!(
                sbatch && up,
                "CI is set but no Slurm cluster answers (sbatch {sbatch}, node up {up}): .ci/run installs slurm-wlm and runs .ci/slurm-up.sh"
            );
        } else if !(sbatch && up) {
            eprintln!("skipped: no Slurm cluster here (run .ci/slurm-up.sh as root to start one)");
        }
        sbatch && up
    })
}

/// Whether a node in this `sinfo %T` state runs jobs: idle, or busy with some
/// (mixed, allocated, completing, planned), and responding (no `*` suffix).
fn serves(state: &str) -> bool {
    let state = state.trim();
    !state.ends_with('*')
        && ["idle", "mixed", "allocated", "completing", "planned"]
            .iter()
            .any(|s| state.starts_with(s))
}

#[test]
fn busy_nodes_serve_and_silent_or_drained_ones_do_not() {
    for state in ["idle", "mixed", "allocated", "completing", "idle+cloud"] {
        assert!(serves(state), "{state}");
    }
    for state in [
        "idle*", "mixed*", "down", "down*", "drained", "draining", "unknown",
    ] {
        assert!(!serves(state), "{state}");
    }
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Writes the submission script for `out` to `dir/submit.sh`, with `edit` applied.
fn submission(dir: &Path, out: &Path, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let sweep = repo("scenarios/sweeps/spartina-control.ron");
    let printed = shanshui(&[
        "sweep",
        "slurm",
        arg(&sweep),
        "--shards",
        &SHARDS.to_string(),
        "--out",
        arg(out),
    ]);
    assert_ok(&printed);
    let script = dir.join("submit.sh");
    std::fs::write(&script, edit(String::from_utf8(printed.stdout).unwrap())).unwrap();
    script
}

/// `bash submit.sh --wait`: waits for the whole array.
fn submit_and_wait(script: &Path) -> Output {
    Command::new("bash")
        .arg(script)
        .arg("--wait")
        .output()
        .unwrap()
}

/// The results of the same sweep in one process.
fn reference(dir: &Path) -> Vec<u8> {
    let out = dir.join("reference");
    let sweep = repo("scenarios/sweeps/spartina-control.ron");
    assert_ok(&shanshui(&[
        "sweep",
        "run",
        arg(&sweep),
        "--out",
        arg(&out),
        "--quiet",
    ]));
    let merged = out.join("results.csv");
    assert_ok(&shanshui(&[
        "sweep",
        "merge",
        arg(&out),
        "--out",
        arg(&merged),
    ]));
    std::fs::read(merged).unwrap()
}

/// Waits for the merge job's `results.csv`.
fn merged_by_slurm(out: &Path) -> Vec<u8> {
    let path = out.join("results.csv");
    let started = Instant::now();
    while !path.exists() {
        let log = std::fs::read_to_string(out.join("slurm/merge.log")).unwrap_or_default();
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no results.csv from the merge job; its log:\n{log}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::fs::read(path).unwrap()
}

#[test]
fn a_job_array_and_its_merge_job_reproduce_a_one_process_run() {
    if !cluster() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep");
    let script = submission(tmp.path(), &out, |s| s);
    let submitted = submit_and_wait(&script);
    assert!(submitted.status.success(), "{}", stderr(&submitted));
    assert!(
        merged_by_slurm(&out) == reference(tmp.path()),
        "Slurm results differ from a one-process run"
    );
}

#[test]
fn a_failed_task_is_reported_merge_names_its_runs_and_resubmitting_resumes() {
    if !cluster() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep");
    let failing = |s: String| {
        s.replacen(
            "exec ",
            "[ \"$SLURM_ARRAY_TASK_ID\" != 1 ] || exit 3\nexec ",
            1,
        )
    };
    let submitted = submit_and_wait(&submission(tmp.path(), &out, failing));
    assert!(
        !submitted.status.success(),
        "a failed task must fail the submission"
    );
    assert!(
        stderr(&submitted).contains("failed"),
        "{}",
        stderr(&submitted)
    );
    let merged = out.join("results.csv");
    let merge = shanshui(&["sweep", "merge", arg(&out), "--out", arg(&merged)]);
    assert_eq!(merge.status.code(), Some(2), "{}", stderr(&merge));
    // Shard 1 of 3 holds run_ids 1, 4, 7, …: 16 of the 48 runs.
    assert!(
        stderr(&merge).contains("16 of 48 runs have no result: run_id 1, 4, 7, 10,"),
        "{}",
        stderr(&merge)
    );
    assert!(!merged.exists());
    let again = submit_and_wait(&submission(tmp.path(), &out, |s| s));
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        merged_by_slurm(&out) == reference(tmp.path()),
        "resumed Slurm results differ from a one-process run"
    );
}
