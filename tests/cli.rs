use crate::common::*;
use std::fs;

#[test]
fn run_without_arguments_writes_every_output() {
    let dir = tempfile::tempdir().unwrap();
    // No SCENARIO: the embedded default; run from a scratch folder so `runs/` lands there.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shanshui"))
        .arg("run")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_ok(&out);
    let runs: Vec<_> = fs::read_dir(dir.path().join("runs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(runs.len(), 1, "one run folder");
    let run = &runs[0];
    assert!(
        run.file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("xiamen-bay-")
    );
    for file in [
        "manifest.json",
        "scenario.ron",
        "timeseries.csv",
        "summary.csv",
        "classes.csv",
        "maps/natural_recovery.asc",
    ] {
        assert!(run.join(file).is_file(), "{file} missing");
    }
    let summary = fs::read_to_string(run.join("summary.csv")).unwrap();
    assert!(summary.starts_with("strategy,year,metric,mean,sd,p05,p50,p95,n\n"));
    assert!(
        summary.contains("natural_recovery,50,mangrove_area_ha,"),
        "50 years are summarised"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(run.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["scenario"]["name"], "xiamen-bay");
    assert_eq!(manifest["replicates"], 10);
    assert_eq!(manifest["scenario"]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn timeseries_has_every_class_every_year_from_zero() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_into(&data("tiny.ron"), &dir.path().join("out"), &[]);
    let ts = fs::read_to_string(run.join("timeseries.csv")).unwrap();
    let mut lines = ts.lines();
    assert_eq!(lines.next(), Some("strategy,replicate,year,metric,value"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // 3 replicates × 9 years (0..=8) × 4 classes.
    assert_eq!(rows.len(), 3 * 9 * 4);
    for class in ["water", "mudflat", "marsh", "land"] {
        let metric = format!("{class}_area_ha");
        assert!(
            rows.iter().any(|r| r[2] == "0" && r[3] == metric),
            "{metric} at year 0"
        );
    }
    // Class areas sum to the landscape's area (48 × 40 cells of 0.01 ha) every year.
    for year in 0..=8 {
        let total: f64 = rows
            .iter()
            .filter(|r| r[1] == "0" && r[2] == year.to_string())
            .map(|r| r[4].parse::<f64>().unwrap())
            .sum();
        assert!((total - 19.2).abs() < 1e-9, "year {year}: {total}");
    }
}

#[test]
fn final_map_is_an_ascii_grid_of_class_codes() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_into(&data("tiny.ron"), &dir.path().join("out"), &[]);
    let map = fs::read_to_string(run.join("maps/natural_recovery.asc")).unwrap();
    assert!(map.starts_with("ncols         48\nnrows         40\n"));
    assert!(map.contains("xllcorner     500000.0"));
    let values: Vec<u8> = map
        .lines()
        .skip(6)
        .flat_map(|l| l.split_whitespace().map(|v| v.parse::<u8>().unwrap()))
        .collect();
    assert_eq!(values.len(), 48 * 40);
    assert!(values.iter().all(|v| (1..=4).contains(v)));
}

#[test]
fn refuses_a_non_empty_output_folder_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("keep.txt"), "mine").unwrap();
    let result = shanshui(&[
        "run",
        data("tiny.ron").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        stderr(&result).contains("is not empty"),
        "{}",
        stderr(&result)
    );
    assert_eq!(fs::read_to_string(out.join("keep.txt")).unwrap(), "mine");
    run_into(&data("tiny.ron"), &out, &["--force"]);
    assert!(out.join("summary.csv").is_file() && !out.join("keep.txt").exists());
}

#[test]
fn validate_prints_the_resolved_scenario() {
    let out = shanshui(&["validate", data("tiny.ron").to_str().unwrap()]);
    assert_ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("min_age_years: 0"),
        "defaults are filled in:\n{text}"
    );
}

#[test]
fn init_writes_a_template_that_validates_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    assert_ok(&shanshui(&["init", path.to_str().unwrap()]));
    assert_ok(&shanshui(&["validate", path.to_str().unwrap()]));
    let again = shanshui(&["init", path.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"));
}

#[test]
fn bad_flags_exit_2_and_help_exits_0() {
    assert_eq!(
        shanshui(&["run", "--replicates", "many"]).status.code(),
        Some(2)
    );
    assert_eq!(shanshui(&["frobnicate"]).status.code(), Some(2));
    let resume = shanshui(&["run", "--resume"]);
    assert_eq!(resume.status.code(), Some(2), "--resume needs --out");
    assert!(stderr(&resume).contains("--out"), "{}", stderr(&resume));
    let help = shanshui(&["run", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--replicates"));
    assert!(help.contains("--resume") && help.contains(".OUT.checkpoint"));
}

#[test]
fn overrides_change_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_into(
        &data("tiny.ron"),
        &dir.path().join("out"),
        &["--years", "2", "--replicates", "1", "--seed", "9"],
    );
    let resolved = fs::read_to_string(run.join("scenario.ron")).unwrap();
    assert!(
        resolved.contains("years: 2")
            && resolved.contains("replicates: 1")
            && resolved.contains("seed: 9")
    );
    let ts = fs::read_to_string(run.join("timeseries.csv")).unwrap();
    assert_eq!(ts.lines().count(), 1 + 3 * 4);
}

/// Every file under `dir`, relative path → bytes.
fn files(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        out.insert(
            path.file_name().unwrap().to_string_lossy().into_owned(),
            fs::read(&path).unwrap(),
        );
    }
    out
}

#[test]
fn plot_redraws_exactly_what_run_drew() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_into(&data("tiny.ron"), &dir.path().join("out"), &[]);
    let plots = files(&run.join("plots"));
    assert!(
        plots
            .keys()
            .any(|k| k.starts_with("timeseries-") && k.ends_with(".png")),
        "{:?}",
        plots.keys()
    );
    assert!(
        plots.keys().any(|k| k.ends_with(".gif")),
        "an animation: {:?}",
        plots.keys()
    );
    let report = fs::read(run.join("report.html")).unwrap();
    fs::remove_dir_all(run.join("plots")).unwrap();
    fs::remove_file(run.join("report.html")).unwrap();
    assert_ok(&shanshui(&["plot", run.to_str().unwrap()]));
    assert_eq!(files(&run.join("plots")), plots, "same images");
    assert_eq!(
        fs::read(run.join("report.html")).unwrap(),
        report,
        "same report"
    );
}

#[test]
fn no_plots_skips_figures_and_plot_refuses_a_non_run_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_into(&data("tiny.ron"), &dir.path().join("out"), &["--no-plots"]);
    assert!(!run.join("plots").exists() && !run.join("report.html").exists());
    let out = shanshui(&["plot", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a run folder"));
}
