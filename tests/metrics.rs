use crate::common::*;
use std::fs;

/// Two one-cell habitat patches (code 5) 20 m apart on 10 m cells, with a nodata cell.
const TWO_PATCHES: &str =
    "ncols 4\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 10\nNODATA_value -9999\n5 1 5 -9999\n";

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn metrics_prints_closed_form_pc_and_eca() {
    let dir = tempfile::tempdir().unwrap();
    let map = write(dir.path(), "two.asc", TWO_PATCHES);
    let out = shanshui(&[
        "metrics",
        &map,
        "--habitat",
        "5",
        "--d50",
        "20",
        "--patches",
    ]);
    assert_ok(&out);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (a, area) = (0.01, 0.03); // nodata is outside A_L
    let p = 0.5; // d = d50
    assert_eq!(report["patches"], 2);
    assert!((report["pc"].as_f64().unwrap() * area * area - 2.0 * a * a * (1.0 + p)).abs() < 1e-15);
    assert!(
        (report["eca_ha"].as_f64().unwrap() - (2.0f64 * a * a * (1.0 + p)).sqrt()).abs() < 1e-12
    );
    assert_eq!(report["patch_table"].as_array().unwrap().len(), 2);
    for key in ["habitat_area_ha", "largest_patch_ha", "iic"] {
        assert!(report[key].is_number(), "{key}");
    }
}

#[test]
fn metrics_rejects_bad_input_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "two.asc", TWO_PATCHES);
    let malformed = write(dir.path(), "bad.asc", "ncols four\nnrows 1\n");
    let cases: [(&[&str], &str); 5] = [
        (
            &["metrics", "no/such.asc", "--habitat", "5", "--d50", "20"],
            "no/such.asc",
        ),
        (
            &["metrics", &malformed, "--habitat", "5", "--d50", "20"],
            "bad.asc",
        ),
        (
            &[
                "metrics",
                &good,
                "--habitat",
                "5",
                "--d50",
                "20",
                "--frobnicate",
            ],
            "--frobnicate",
        ),
        (
            &["metrics", &good, "--habitat", "7", "--d50", "20"],
            "habitat code [7] not found",
        ),
        (
            &[
                "metrics",
                &good,
                "--habitat",
                "5",
                "--d50",
                "20",
                "--resistance",
                "1=soft",
            ],
            "`soft` is not a number",
        ),
    ];
    for (args, expected) in cases {
        let out = shanshui(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: expected `{expected}` in {}",
            stderr(&out)
        );
    }
}

#[test]
fn metrics_reads_geotiff_maps_too() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_into(&data("tiny.ron"), &dir.path().join("out"), &[]);
    let tif = run.join("maps/natural_recovery/land_cover-8.tif");
    let asc = run.join("maps/natural_recovery.asc");
    let report = |path: &std::path::Path| {
        let out = shanshui(&[
            "metrics",
            path.to_str().unwrap(),
            "--habitat",
            "3",
            "--d50",
            "50",
        ]);
        assert_ok(&out);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert_eq!(
        report(&tif),
        report(&asc),
        "the final GeoTIFF and ASCII maps agree"
    );
}
