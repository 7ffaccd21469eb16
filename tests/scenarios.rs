use shanshui_scenarios::{DEFAULT_SCENARIO, LoadOptions, Scenario, TEMPLATE_SCENARIO};
use std::path::Path;

fn shipped() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_shipped_scenario_validates_and_builds() {
    let files = shipped();
    assert!(files.len() >= 2, "{files:?}");
    for file in files {
        let scenario =
            Scenario::load(&file, LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        scenario.site().unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn the_embedded_default_is_the_shipped_file() {
    let file = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/xiamen-bay.ron"),
    )
    .unwrap();
    assert_eq!(file, DEFAULT_SCENARIO);
    assert!(TEMPLATE_SCENARIO.contains("shanshui validate"));
}

#[test]
fn the_default_bay_is_large_enough_for_the_reference_workload() {
    let scenario = Scenario::from_bytes(
        DEFAULT_SCENARIO.as_bytes(),
        Path::new("default"),
        Path::new("."),
        LoadOptions::default(),
    )
    .unwrap();
    let site = scenario.site().unwrap();
    assert!(site.landscape.width >= 512 && site.landscape.height >= 512);
    assert!(scenario.file.years >= 50 && scenario.file.replicates >= 10);
}
