use crate::common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

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

/// `timeseries.csv` of a run folder: (strategy, replicate) → its `year,metric,value`
/// lines in order.
fn run_series(run: &Path) -> BTreeMap<(String, String), Vec<String>> {
    let text = fs::read_to_string(run.join("timeseries.csv")).unwrap();
    let mut series: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let mut fields = line.splitn(3, ',');
        let (strategy, replicate) = (fields.next().unwrap(), fields.next().unwrap());
        series
            .entry((strategy.to_owned(), replicate.to_owned()))
            .or_default()
            .push(fields.next().unwrap().to_owned());
    }
    series
}

#[test]
fn a_sweep_point_with_the_scenarios_own_values_reproduces_run_bit_for_bit() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = data("coastal-tiny.ron"); // seed 11, 10 years, 3 strategies
    let run = run_into(
        &scenario,
        &dir.path().join("run"),
        &["--replicates", "2", "--no-plots"],
    );
    let expected = run_series(&run);
    assert_eq!(expected.len(), 3 * 2);
    // One point: the scenario's own values (written out in coastal-tiny.ron).
    let sweep = dir.path().join("same.ron");
    fs::write(
        &sweep,
        format!(
            r#"(
                base: "{}",
                replicates: 2,
                seed: 99,
                design: Grid([
                    (path: "landscape.width", values: [64.0]),
                    (path: "strategies[1].annual_budget_cny", values: [200000.0]),
                ]),
            )"#,
            scenario.display()
        ),
    )
    .unwrap();
    let out = dir.path().join("sweep");
    let results = out.join("results.csv");
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    assert_ok(&shanshui(&[
        "sweep",
        "run",
        &path(&sweep),
        "--out",
        &path(&out),
        "--timeseries",
        "--quiet",
    ]));
    assert_ok(&shanshui(&[
        "sweep",
        "merge",
        &path(&out),
        "--out",
        &path(&results),
    ]));

    // manifest.csv: run_id,width,budget,strategy,replicate,seed — the scenario's seed.
    let manifest = fs::read_to_string(out.join("manifest.csv")).unwrap();
    let runs: Vec<Vec<&str>> = manifest
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(runs.len(), 3 * 2);
    for row in &runs {
        assert_eq!(row[5], "11", "every run uses the scenario's seed: {row:?}");
        let key = (row[3].to_owned(), row[4].to_owned());
        // The run's full time series, value for value.
        let series =
            fs::read_to_string(out.join(format!("timeseries/run-{}.csv", row[0]))).unwrap();
        let lines: Vec<String> = series.lines().skip(1).map(str::to_owned).collect();
        assert!(
            lines == expected[&key],
            "sweep run {} differs from `run` {key:?}",
            row[0]
        );
    }

    // results.csv: each final-year metric equals the run's value exactly.
    let table = fs::read_to_string(&results).unwrap();
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut compared = 0;
    for line in lines {
        let row: Vec<&str> = line.split(',').collect();
        let key = (row[3].to_owned(), row[4].to_owned());
        let finals: BTreeMap<&str, f64> = expected[&key]
            .iter()
            .filter_map(|l| {
                let mut f = l.split(',');
                let (year, metric, value) = (f.next()?, f.next()?, f.next()?);
                (year == "10").then(|| (metric, value.parse().unwrap()))
            })
            .collect();
        for (name, value) in header.iter().zip(&row).skip(5) {
            if let Some(&expected) = finals.get(name) {
                let value: f64 = value.parse().unwrap();
                assert_eq!(value.to_bits(), expected.to_bits(), "{name} of {key:?}");
                compared += 1;
            }
        }
    }
    assert!(compared > 6 * 10, "{compared} values compared");
}
