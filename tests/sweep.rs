use crate::common::{assert_ok, data, repo, send_sigint, shanshui, stderr};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The shipped example sweep: 12 points × 2 strategies × 2 replicates of a small bay.
fn control() -> PathBuf {
    repo("scenarios/sweeps/spartina-control.ron")
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `sweep run` of `sweep` into `out` with extra `args`.
fn run(sweep: &Path, out: &Path, args: &[&str]) {
    let mut all = vec!["sweep", "run", arg(sweep), "--out", arg(out), "--quiet"];
    all.extend_from_slice(args);
    assert_ok(&shanshui(&all));
}

/// `sweep merge` of `dirs` into `dir/results.csv`; returns its bytes.
fn merge(dirs: &[&Path], into: &Path) -> Vec<u8> {
    let out = into.join("results.csv");
    let mut all = vec!["sweep", "merge"];
    all.extend(dirs.iter().map(|d| arg(d)));
    all.extend(["--out", arg(&out)]);
    assert_ok(&shanshui(&all));
    std::fs::read(out).unwrap()
}

/// The results of the shipped sweep run in one process on `threads` threads.
fn reference(threads: &str) -> (tempfile::TempDir, Vec<u8>) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("one");
    run(&control(), &out, &["--threads", threads]);
    let bytes = merge(&[&out], tmp.path());
    (tmp, bytes)
}

#[test]
fn every_shipped_sweep_plans() {
    let dir = repo("scenarios/sweeps");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let tmp = tempfile::tempdir().unwrap();
        let out = shanshui(&["sweep", "plan", arg(&path), "--out", arg(tmp.path())]);
        assert_ok(&out);
        let manifest = std::fs::read_to_string(tmp.path().join("manifest.csv")).unwrap();
        assert!(manifest.starts_with("run_id,"), "{manifest}");
        count += 1;
    }
    assert!(count >= 1);
}

#[test]
fn results_do_not_depend_on_threads_or_shards() {
    let (_one, single) = reference("1");
    let (_two, double) = reference("2");
    assert!(single == double, "results differ between 1 and 2 threads");
    let text = String::from_utf8(single.clone()).unwrap();
    assert!(
        text.starts_with("run_id,coastal.spartina.clonal_spread_m_per_year,"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1 + 12 * 2 * 2);
    // Three shards into one folder, and two shards into folders of their own.
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared");
    for i in 0..3 {
        run(
            &control(),
            &shared,
            &["--shard", &format!("{i}/3"), "--threads", "1"],
        );
    }
    assert!(
        merge(&[&shared], tmp.path()) == single,
        "3 shards differ from one process"
    );
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run(&control(), &a, &["--shard", "0/2"]);
    run(&control(), &b, &["--shard", "1/2"]);
    assert!(
        merge(&[&b, &a], tmp.path()) == single,
        "2 folders differ from one process"
    );
}

/// The shipped sweep with 40 points instead of 12 (160 runs), written into `dir`.
fn longer_sweep(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(control()).unwrap();
    let base = repo("scenarios/spartina-control-bay.ron");
    let text = text
        .replace("n: 12,", "n: 40,")
        .replace("../spartina-control-bay.ron", arg(&base));
    let path = dir.join("longer.ron");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_sweep_killed_at_random_moments_resumes_to_identical_results() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = longer_sweep(tmp.path());
    let one = tmp.path().join("one");
    run(&sweep, &one, &["--threads", "2"]);
    let expected = merge(&[&one], &one);
    let out = tmp.path().join("killed");
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    for round in 0..3u32 {
        let delay = Duration::from_millis(u64::from((nanos >> (round * 7)) % 250) + 20);
        let mut child = Command::new(env!("CARGO_BIN_EXE_shanshui"))
            .args([
                "sweep",
                "run",
                arg(&sweep),
                "--out",
                arg(&out),
                "--resume",
                "--quiet",
            ])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        assert!(
            child.try_wait().unwrap().is_none(),
            "round {round}: the sweep ended before the kill"
        );
        child.kill().unwrap(); // SIGKILL: no handler runs
        child.wait().unwrap();
        eprintln!("round {round}: SIGKILL after {delay:?}");
    }
    let ledger = std::fs::read(out.join("runs/shard-0-of-1.jsonl")).unwrap_or_default();
    let kept = ledger.iter().filter(|&&b| b == b'\n').count();
    eprintln!("{kept} of 160 runs were kept across the kills");
    assert!(kept < 160);
    run(&sweep, &out, &["--resume"]);
    assert!(
        merge(&[&out], &out) == expected,
        "killed and resumed differs from one run"
    );
}

#[test]
fn ctrl_c_keeps_finished_runs_says_how_to_resume_and_exits_130() {
    let (_reference, expected) = reference("2");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("interrupted");
    let child = Command::new(env!("CARGO_BIN_EXE_shanshui"))
        .args([
            "sweep",
            "run",
            arg(&control()),
            "--out",
            arg(&out),
            "--threads",
            "1",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let ledger = out.join("runs/shard-0-of-1.jsonl");
    let started = Instant::now();
    while std::fs::metadata(&ledger).map_or(true, |m| m.len() == 0) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no run finished"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    send_sigint(&child);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    assert!(stderr(&output).contains("--resume"), "{}", stderr(&output));
    assert!(std::fs::metadata(&ledger).unwrap().len() > 0);
    run(&control(), &out, &["--resume"]);
    assert!(merge(&[&out], tmp.path()) == expected);
}

#[test]
fn merge_names_missing_and_duplicated_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    run(&control(), &out, &["--shard", "0/2"]);
    let merged = tmp.path().join("results.csv");
    let failed = shanshui(&["sweep", "merge", arg(&out), "--out", arg(&merged)]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(
        stderr(&failed).contains("24 of 48 runs have no result: run_id 1, 3, 5,"),
        "{}",
        stderr(&failed)
    );
    assert!(!merged.exists(), "no results.csv from an incomplete sweep");
    run(&control(), &out, &["--shard", "1/2"]);
    let runs = out.join("runs");
    std::fs::copy(runs.join("shard-1-of-2.jsonl"), runs.join("copy.jsonl")).unwrap();
    let failed = shanshui(&["sweep", "merge", arg(&out), "--out", arg(&merged)]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(
        stderr(&failed).contains("24 runs have more than one result: run_id 1, 3,"),
        "{}",
        stderr(&failed)
    );
}

#[test]
fn a_second_run_without_resume_is_refused_and_other_sweeps_are_not_mixed_in() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    run(&control(), &out, &["--shard", "0/8"]);
    let again = shanshui(&[
        "sweep",
        "run",
        arg(&control()),
        "--out",
        arg(&out),
        "--shard",
        "0/8",
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--resume"), "{}", stderr(&again));
    let other = tmp.path().join("other.ron");
    let text = std::fs::read_to_string(control())
        .unwrap()
        .replace("seed: 20260315", "seed: 1");
    std::fs::write(
        &other,
        text.replace(
            "../spartina-control-bay.ron",
            arg(&repo("scenarios/spartina-control-bay.ron")),
        ),
    )
    .unwrap();
    let mixed = shanshui(&["sweep", "run", arg(&other), "--out", arg(&out), "--resume"]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(
        stderr(&mixed).contains("belongs to another sweep"),
        "{}",
        stderr(&mixed)
    );
}

#[test]
fn analyse_writes_sensitivity_tables_and_plots() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    run(&control(), &out, &[]);
    assert_ok(&shanshui(&["sweep", "analyse", arg(&out)]));
    let table = std::fs::read_to_string(out.join("analysis/sensitivity.csv")).unwrap();
    assert!(table.starts_with("strategy,kpi,parameter,src,prcc,r2\n"));
    // Seedling establishment drives how much Spartina there is at the end.
    let row = table
        .lines()
        .find(|l| {
            l.starts_with(
                "natural_recovery,spartina_area_ha,coastal.spartina.establishment_probability,",
            )
        })
        .unwrap();
    let prcc: f64 = row.split(',').nth(4).unwrap().parse().unwrap();
    assert!(prcc > 0.5, "{row}");
    // Each point runs its own strategies: the removal budget drives removal's cost.
    let row = table
        .lines()
        .find(|l| {
            l.starts_with("spartina_removal,kpi_cost_total_cny,strategies[0].annual_budget_cny,")
        })
        .unwrap();
    let prcc: f64 = row.split(',').nth(4).unwrap().parse().unwrap();
    assert!(prcc > 0.5, "{row}");
    let plots = std::fs::read_dir(out.join("analysis/plots"))
        .unwrap()
        .count();
    assert!(plots > 10, "{plots} plots");
}

#[test]
fn slurm_prints_an_array_and_a_dependent_merge() {
    // A folder of its own: `sweep slurm` writes the manifest into --out, and a fixed
    // path shared by every test run would hold another version's manifest.
    let tmp = tempfile::tempdir().unwrap();
    let out = shanshui(&[
        "sweep",
        "slurm",
        arg(&control()),
        "--shards",
        "4",
        "--out",
        arg(&tmp.path().join("s")),
    ]);
    assert_ok(&out);
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(script.contains("#SBATCH --array=0-3\n"), "{script}");
    assert!(
        script.contains("--shard \"$SLURM_ARRAY_TASK_ID/4\""),
        "{script}"
    );
    assert!(script.contains("--dependency=afterok:"), "{script}");
}

/// Expected message fragment for each hostile sweep file.
const BAD_SWEEPS: &[(&str, &str)] = &[
    ("empty.ron", "the file is empty"),
    (
        "fractional-years.ron",
        "values[1] @ 5:47: `years` = 5.5: `years` is a whole number",
    ),
    // Reproduced with the sweep_file fuzz target: the run count overflowed 128 bits (a
    // panic with overflow checks; without them 0 runs, then an unbounded expansion).
    (
        "grid-overflow.ron",
        "design.Grid @ 7:17: expands to more than 10^38 runs",
    ),
    (
        "index-past-end.ron",
        "ranges[0].path @ 6:10: `succession.transitions` has 1 item",
    ),
    (
        "infinite-bound.ron",
        "ranges[0].max @ 6:76: inf is not a finite number",
    ),
    (
        "min-above-max.ron",
        "ranges[0].max @ 6:76: max 0.1 is not above min 0.5",
    ),
    (
        "missing-base.ron",
        "base @ 2:5: cannot read the base scenario",
    ),
    (
        "misspelt-path.ron",
        "has no field `probabilty_per_year`; its fields are:",
    ),
    ("model-off.ron", "`coastal` is not set in the base scenario"),
    ("not-utf8.ron", "1:9: the file is not UTF-8"),
    (
        "probability-above-one.ron",
        "values[1] @ 6:80: `succession.transitions[0].probability_per_year` = 1.5",
    ),
    (
        "repeated-parameter.ron",
        "design.Grid[1] @ 7:9: `years` is listed twice",
    ),
    (
        "aliased-parameter.ron",
        "design.Grid[1].path @ 7:10: `landscape.Bay.cell_size_m` is `landscape.cell_size_m` again (both are `landscape.Bay.cell_size_m`)",
    ),
    ("seed-parameter.ron", "`seed` cannot be swept"),
    (
        "text-parameter.ron",
        "is text in the base scenario, not a number",
    ),
    ("too-many-runs.ron", "expands to 4000000000000 runs"),
    ("truncated.ron", "@ 5:26:"),
    (
        "unknown-design.ron",
        "design @ 5:13: Unexpected variant named `Factorial`",
    ),
    (
        "unknown-field.ron",
        "replicate @ 4:5: Unexpected field named `replicate`",
    ),
    (
        "unknown-strategy.ron",
        "strategies[1] @ 3:38: `mowing` is not a strategy",
    ),
    (
        "zero-replicates.ron",
        "replicates @ 3:5: must be at least 1",
    ),
];

#[test]
fn hostile_sweep_files_exit_2_with_located_messages() {
    let dir = data("bad-sweeps");
    let count = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(
        count,
        BAD_SWEEPS.len(),
        "every file in tests/data/bad-sweeps is listed"
    );
    for (name, expected) in BAD_SWEEPS {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        for command in ["plan", "run"] {
            let result = shanshui(&["sweep", command, arg(&dir.join(name)), "--out", arg(&out)]);
            assert_eq!(result.status.code(), Some(2), "{name}: {}", stderr(&result));
            let message = stderr(&result);
            assert!(
                message.contains(name) && message.contains(expected),
                "{name}: {message}"
            );
            assert!(!out.exists(), "{name}: no output folder for a bad sweep");
        }
    }
}

#[test]
fn outputs_that_are_not_sweep_folders_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let plan = shanshui(&["sweep", "plan", arg(&control()), "--out", arg(&link)]);
    assert_eq!(plan.status.code(), Some(2));
    assert!(stderr(&plan).contains("symbolic link"), "{}", stderr(&plan));
    std::fs::write(real.join("notes.txt"), "mine").unwrap();
    let run = shanshui(&["sweep", "run", arg(&control()), "--out", arg(&real)]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("not a sweep's"), "{}", stderr(&run));
    let merge = shanshui(&[
        "sweep",
        "merge",
        arg(&real),
        "--out",
        arg(&real.join("r.csv")),
    ]);
    assert_eq!(merge.status.code(), Some(2));
    assert!(
        stderr(&merge).contains("is") && stderr(&merge).contains("sweep output folder"),
        "{}",
        stderr(&merge)
    );
}
