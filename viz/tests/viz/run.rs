//! `plot_run` end to end on the fixture run folder.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use shanshui_viz::{PlotSummary, VizError};

use crate::fixture::write_run;

/// `plot_run` without a stop request.
fn plot(dir: &Path) -> Result<PlotSummary, VizError> {
    shanshui_viz::plot_run(dir, &AtomicBool::new(false))
}

fn read_outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir.join("plots")).unwrap() {
        let path = entry.unwrap().path();
        files.insert(
            path.file_name().unwrap().to_string_lossy().into_owned(),
            std::fs::read(&path).unwrap(),
        );
    }
    files.insert(
        "report.html".into(),
        std::fs::read(dir.join("report.html")).unwrap(),
    );
    files
}

#[test]
fn plot_run_writes_every_figure_and_is_byte_identical_when_repeated() {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path());
    let first = plot(dir.path()).unwrap();
    let before = read_outputs(dir.path());
    let second = plot(dir.path()).unwrap();
    assert_eq!(first, second);
    let after = read_outputs(dir.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &before {
        assert!(
            after[name] == *bytes,
            "{name} differs between two plot_run calls"
        );
    }
    let names: Vec<&str> = before.keys().map(String::as_str).collect();
    for expected in [
        "timeseries-spartina_area_ha.png",
        "timeseries-mangrove_area_ha.svg",
        "comparison-spartina_area_ha.png",
        "kpi-spartina_remaining_pct.png",
        "kpi-area_restored_ha.svg",
        "map-land-cover.png",
        "map-land-cover-change-removal.png",
        "animation-land_cover-removal_planting.gif",
        "map-p_spartina-10.png",
        "map-p_spartina-10-diff-removal.png",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    // A fresh folder with the same input files gives the same bytes: nothing depends on
    // the time or the path.
    let other = tempfile::tempdir().unwrap();
    write_run(other.path());
    plot(other.path()).unwrap();
    let elsewhere = read_outputs(other.path());
    for (name, bytes) in &before {
        assert!(
            elsewhere[name] == *bytes,
            "{name} differs in another folder"
        );
    }
}

#[test]
fn report_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path());
    let summary = plot(dir.path()).unwrap();
    let html = std::fs::read_to_string(&summary.report).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the report refers to the network"
    );
    assert!(
        !html.contains("<script") && !html.contains("<link"),
        "the report loads resources"
    );
    let srcs: Vec<&str> = html.split("<img ").skip(1).collect();
    assert!(srcs.len() >= 10, "only {} images", srcs.len());
    for img in srcs {
        assert!(
            img.starts_with("src=\"data:image/"),
            "image without a data URI: {}",
            &img[..60]
        );
        decode_data_uri(img);
    }
    for text in [
        "fixture-bay",
        "Key performance indicators",
        "removal planting",
        "Provenance",
        "abc",
    ] {
        assert!(html.contains(text), "report lacks {text:?}");
    }
}

/// Decodes the image of an `<img src="data:image/…;base64,…"` attribute, as a browser
/// would: a broken image fails here.
fn decode_data_uri(img: &str) {
    use base64::Engine as _;
    let uri = &img["src=\"".len()..img[5..].find('"').unwrap() + 5];
    let (header, data) = uri.split_once(',').unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap();
    match header {
        "data:image/png;base64" => {
            image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).unwrap();
        }
        "data:image/gif;base64" => {
            let mut decoder = gif::DecodeOptions::new()
                .read_info(bytes.as_slice())
                .unwrap();
            assert!(
                decoder.read_next_frame().unwrap().is_some(),
                "GIF without frames"
            );
        }
        other => panic!("unexpected image type {other}"),
    }
}

#[test]
fn a_folder_with_only_a_summary_still_gets_charts_and_a_report() {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path());
    for name in [
        "comparison.csv",
        "kpis.csv",
        "manifest.json",
        "scenario.ron",
        "classes.csv",
    ] {
        std::fs::remove_file(dir.path().join(name)).unwrap();
    }
    std::fs::remove_dir_all(dir.path().join("maps")).unwrap();
    let summary = plot(dir.path()).unwrap();
    assert_eq!(summary.images.len(), 4, "{:?}", summary.images);
    assert!(summary.report.is_file());
}

#[test]
fn a_malformed_summary_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("summary.csv"),
        "strategy,year\nnatural_recovery,x\n",
    )
    .unwrap();
    let error = plot(dir.path()).unwrap_err().to_string();
    assert!(error.contains("summary.csv"), "{error}");
}

#[test]
fn a_stop_request_draws_nothing_more_and_writes_no_report() {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path());
    let error = shanshui_viz::plot_run(dir.path(), &AtomicBool::new(true)).unwrap_err();
    assert!(matches!(error, VizError::Cancelled), "{error}");
    assert!(!dir.path().join("report.html").exists());
    let plots = dir.path().join("plots");
    let drawn = std::fs::read_dir(&plots).map_or(0, |d| d.count());
    assert_eq!(drawn, 0, "images started after the stop request");
}
