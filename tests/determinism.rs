use crate::common::*;
use std::fs;

#[test]
fn timeseries_is_identical_for_1_2_and_4_threads() {
    let dir = tempfile::tempdir().unwrap();
    let read = |threads: &str| {
        let run = run_into(
            &data("tiny.ron"),
            &dir.path().join(threads),
            &["--threads", threads],
        );
        (
            fs::read(run.join("timeseries.csv")).unwrap(),
            fs::read(run.join("maps/natural_recovery.asc")).unwrap(),
        )
    };
    let one = read("1");
    for threads in ["2", "4"] {
        assert!(one == read(threads), "{threads} threads differ from 1");
    }
}

#[test]
fn the_resolved_scenario_reproduces_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let first = run_into(
        &repo("scenarios/xiamen-bay.ron"),
        &dir.path().join("first"),
        &["--years", "10", "--replicates", "3"],
    );
    let second = run_into(&first.join("scenario.ron"), &dir.path().join("second"), &[]);
    for file in [
        "timeseries.csv",
        "summary.csv",
        "scenario.ron",
        "maps/natural_recovery.asc",
    ] {
        assert!(
            fs::read(first.join(file)).unwrap() == fs::read(second.join(file)).unwrap(),
            "{file} differs"
        );
    }
}

#[test]
fn different_seeds_give_different_runs() {
    let dir = tempfile::tempdir().unwrap();
    let a = run_into(&data("tiny.ron"), &dir.path().join("a"), &["--seed", "1"]);
    let b = run_into(&data("tiny.ron"), &dir.path().join("b"), &["--seed", "2"]);
    assert_ne!(
        fs::read(a.join("timeseries.csv")).unwrap(),
        fs::read(b.join("timeseries.csv")).unwrap()
    );
}
