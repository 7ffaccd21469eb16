use crate::common::*;
use std::collections::BTreeMap;
use std::fs;

/// Metrics that count management effort: a placebo still "treats" and "plants".
const EFFORT: [&str; 2] = ["spartina_treated_ha", "area_planted_ha"];

fn rows(path: &std::path::Path) -> Vec<Vec<String>> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn a_placebo_strategy_differs_from_natural_recovery_by_exactly_zero() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_into(
        &data("coastal-tiny.ron"),
        &dir.path().join("out"),
        &["--no-plots"],
    );
    let comparison = rows(&run.join("comparison.csv"));
    let placebo: Vec<_> = comparison
        .iter()
        .filter(|r| r[0] == "placebo" && !EFFORT.contains(&r[2].as_str()))
        .collect();
    assert!(placebo.len() > 100, "{} rows", placebo.len());
    for r in placebo {
        assert_eq!(
            (r[3].as_str(), r[4].as_str(), r[5].as_str()),
            ("0", "0", "0"),
            "{r:?}"
        );
    }
}

#[test]
fn removal_lowers_spartina_within_budget_and_reports_kpis() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_into(
        &data("coastal-tiny.ron"),
        &dir.path().join("out"),
        &["--no-plots"],
    );
    let comparison = rows(&run.join("comparison.csv"));
    let last = comparison
        .iter()
        .find(|r| r[0] == "removal" && r[1] == "10" && r[2] == "spartina_cover_ha")
        .unwrap();
    assert!(
        last[5].parse::<f64>().unwrap() < 0.0,
        "the whole 95 % CI is below natural recovery: {last:?}"
    );
    let kpis: BTreeMap<(String, String), f64> = rows(&run.join("kpis.csv"))
        .into_iter()
        .map(|r| ((r[0].clone(), r[1].clone()), r[2].parse().unwrap()))
        .collect();
    assert_eq!(
        kpis[&("removal".into(), "budget_compliance_pct".into())],
        100.0
    );
    assert!(kpis[&("removal".into(), "cost_total_cny".into())] > 0.0);
    assert!(kpis[&("removal".into(), "cost_total_cny".into())] <= 200_000.0 * 10.0);
    // Cumulative cost is the sum of yearly costs, replicate by replicate.
    let ts = rows(&run.join("timeseries.csv"));
    for rep in 0..4 {
        let of = |m: &str| {
            ts.iter()
                .filter(|r| r[0] == "removal" && r[1] == rep.to_string() && r[3] == m)
                .map(|r| r[4].parse::<f64>().unwrap())
                .collect::<Vec<_>>()
        };
        let (yearly, cumulative) = (of("cost_cny"), of("cost_cumulative_cny"));
        let sum: f64 = yearly.iter().sum();
        assert!(
            (cumulative.last().unwrap() - sum).abs() < 1e-6,
            "replicate {rep}"
        );
    }
}

#[test]
fn spartina_cover_maps_open_in_gdal_as_fractions() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_into(
        &data("coastal-tiny.ron"),
        &dir.path().join("out"),
        &["--no-plots"],
    );
    for strategy in ["natural_recovery", "placebo", "removal"] {
        let path = run.join(format!("maps/{strategy}/spartina_cover-10.tif"));
        assert!(path.is_file(), "{}", path.display());
        let Some(info) = gdalinfo(&path) else { return };
        assert_eq!(info["size"], serde_json::json!([64, 64]));
        assert_eq!(info["bands"][0]["type"], "Float32");
        assert_eq!(info["bands"][0]["noDataValue"].as_f64(), Some(-9999.0));
    }
}
