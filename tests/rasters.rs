use crate::common::*;
use shanshui_engine::{Grid, Landscape};
use shanshui_gis::{write_ascii_grid, write_geotiff};
use std::fs;
use std::path::Path;

fn georef(width: usize, height: usize) -> Landscape {
    Landscape {
        width,
        height,
        cell_size_m: 10.0,
        origin_x: 500_000.0,
        origin_y: 2_700_000.0,
        epsg: Some(32650),
    }
}

/// Land cover: codes 50 (mudflat) and 20 (marsh) on 6×4 cells.
fn land_cover() -> Grid<u8> {
    Grid::from_vec(
        6,
        4,
        (0..24).map(|i| if i % 5 == 0 { 20 } else { 50 }).collect(),
    )
    .unwrap()
}

/// A scenario reading `cover` and `elevation` with the given extra landscape fields.
fn scenario(dir: &Path, cover: &str, elevation: &str, extra: &str) -> String {
    let text = format!(
        r##"(
    name: "rasters", seed: 1, years: 3, replicates: 2,
    landscape: Rasters((
        land_cover: "{cover}",
        remap: {{ 50: "mudflat", 20: "marsh" }},
        elevation: "{elevation}",{extra}
    )),
    classes: [(code: 1, name: "mudflat", colour: "#c8b68e"), (code: 2, name: "marsh", colour: "#7a9a3a", habitat: true)],
    succession: (transitions: [(from: "mudflat", to: "marsh", probability_per_year: 0.5,
        neighbours: (class: "marsh", radius_cells: 1, at_least: 1))]),
)"##
    );
    let path = dir.join("scenario.ron");
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

fn write_layers(dir: &Path, elevation: Grid<f32>, elevation_georef: Landscape) {
    write_geotiff(
        &dir.join("cover.tif"),
        &land_cover(),
        &georef(6, 4),
        Some(255),
    )
    .unwrap();
    write_geotiff(
        &dir.join("z.tif"),
        &elevation,
        &elevation_georef,
        Some(-9999.0),
    )
    .unwrap();
}

fn expect_bad(path: &str, expected: &str) {
    let out = shanshui(&["validate", path]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(expected),
        "expected `{expected}` in:\n{}",
        stderr(&out)
    );
}

#[test]
fn a_geotiff_landscape_runs_and_keeps_its_georeference() {
    let dir = tempfile::tempdir().unwrap();
    write_layers(dir.path(), Grid::filled(6, 4, 1.0), georef(6, 4));
    let path = scenario(dir.path(), "cover.tif", "z.tif", "");
    let run = run_into(Path::new(&path), &dir.path().join("out"), &[]);
    let map = fs::read_to_string(run.join("maps/natural_recovery.asc")).unwrap();
    assert!(
        map.contains("xllcorner     500000.0") && map.contains("yllcorner     2699960.0"),
        "{map}"
    );
}

#[test]
fn elevation_nodata_cells_leave_the_study_area() {
    let dir = tempfile::tempdir().unwrap();
    let mut z = Grid::filled(6, 4, 1.0f32);
    *z.get_mut(0, 0) = -9999.0;
    write_layers(dir.path(), z, georef(6, 4));
    let path = scenario(dir.path(), "cover.tif", "z.tif", "");
    let run = run_into(Path::new(&path), &dir.path().join("out"), &[]);
    let ts = fs::read_to_string(run.join("timeseries.csv")).unwrap();
    // 23 of 24 cells of 0.01 ha remain.
    let total: f64 = ts
        .lines()
        .filter(|l| l.starts_with("natural_recovery,0,0,"))
        .map(|l| l.rsplit(',').next().unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((total - 0.23).abs() < 1e-12, "{total}");
}

#[test]
fn layers_of_different_sizes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_layers(dir.path(), Grid::filled(5, 4, 1.0), georef(5, 4));
    expect_bad(
        &scenario(dir.path(), "cover.tif", "z.tif", ""),
        "landscape.Rasters.elevation @ 6:9: layer `elevation` is 5×4 cells but `land_cover` is 6×4; resample it onto the same grid",
    );
}

#[test]
fn layers_with_different_cell_sizes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = georef(6, 4);
    g.cell_size_m = 20.0;
    write_layers(dir.path(), Grid::filled(6, 4, 1.0), g);
    expect_bad(
        &scenario(dir.path(), "cover.tif", "z.tif", ""),
        "layer `elevation` has cells of 20 map units but `land_cover` has 10; resample it to the same resolution",
    );
}

#[test]
fn layers_with_different_origins_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = georef(6, 4);
    g.origin_x += 100.0;
    write_layers(dir.path(), Grid::filled(6, 4, 1.0), g);
    expect_bad(
        &scenario(dir.path(), "cover.tif", "z.tif", ""),
        "layer `elevation` has its north-west corner at (500100, 2700000) but `land_cover` at (500000, 2700000)",
    );
}

#[test]
fn layers_in_different_crs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = georef(6, 4);
    g.epsg = Some(32651);
    write_layers(dir.path(), Grid::filled(6, 4, 1.0), g);
    expect_bad(
        &scenario(dir.path(), "cover.tif", "z.tif", ""),
        "layer `elevation` is in EPSG:32651 but `land_cover` is in EPSG:32650",
    );
}

#[test]
fn non_finite_elevation_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut z = Grid::filled(6, 4, 1.0f32);
    *z.get_mut(2, 1) = f32::INFINITY;
    write_geotiff(
        &dir.path().join("cover.tif"),
        &land_cover(),
        &georef(6, 4),
        Some(255),
    )
    .unwrap();
    write_ascii_grid(&dir.path().join("z.asc"), &z, &georef(6, 4), Some(-9999.0)).unwrap_or_else(|_| {
        // The writer refuses infinity too; write the file by hand.
        let text = "ncols 6\nnrows 4\nxllcorner 500000\nyllcorner 2699960\ncellsize 10\nNODATA_value -9999\n1 1 1 1 1 1\n1 1 inf 1 1 1\n1 1 1 1 1 1\n1 1 1 1 1 1\n";
        fs::write(dir.path().join("z.asc"), text).unwrap();
    });
    expect_bad(
        &scenario(dir.path(), "cover.tif", "z.asc", ""),
        "landscape.Rasters.elevation",
    );
    let out = shanshui(&[
        "validate",
        dir.path().join("scenario.ron").to_str().unwrap(),
    ]);
    assert!(
        stderr(&out).contains("z.asc") && stderr(&out).to_lowercase().contains("inf"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn codes_without_a_class_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut cover = land_cover();
    *cover.get_mut(3, 2) = 77;
    write_geotiff(
        &dir.path().join("cover.tif"),
        &cover,
        &georef(6, 4),
        Some(255),
    )
    .unwrap();
    write_geotiff(
        &dir.path().join("z.tif"),
        &Grid::filled(6, 4, 1.0f32),
        &georef(6, 4),
        None,
    )
    .unwrap();
    expect_bad(
        &scenario(dir.path(), "cover.tif", "z.tif", ""),
        "landscape.Rasters.land_cover @ 4:9: land-cover codes 77 have no class; add them to `remap`",
    );
}

#[test]
fn an_all_nodata_layer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_layers(dir.path(), Grid::filled(6, 4, -9999.0), georef(6, 4));
    expect_bad(
        &scenario(dir.path(), "cover.tif", "z.tif", ""),
        "layer `elevation` holds only NoData (-9999) in all its 24 cells",
    );
}

#[test]
fn a_missing_raster_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_layers(dir.path(), Grid::filled(6, 4, 1.0), georef(6, 4));
    expect_bad(
        &scenario(dir.path(), "cover.tif", "nowhere.tif", ""),
        "landscape.Rasters.elevation @ 6:9: ",
    );
    let out = shanshui(&[
        "validate",
        dir.path().join("scenario.ron").to_str().unwrap(),
    ]);
    assert!(
        stderr(&out).contains("nowhere.tif: cannot read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn paths_outside_the_scenario_folder_need_allow_outside() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("inner");
    fs::create_dir(&inner).unwrap();
    write_layers(dir.path(), Grid::filled(6, 4, 1.0), georef(6, 4));
    let path = scenario(&inner, "../cover.tif", "../z.tif", "");
    expect_bad(&path, "../cover.tif lies outside the scenario's folder");
    assert_ok(&shanshui(&["validate", &path, "--allow-outside"]));
}

#[test]
fn an_epsg_code_can_be_given_for_ascii_grids() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = georef(6, 4);
    g.epsg = None;
    write_ascii_grid(&dir.path().join("cover.asc"), &land_cover(), &g, Some(255)).unwrap();
    write_ascii_grid(
        &dir.path().join("z.asc"),
        &Grid::filled(6, 4, 0.5f32),
        &g,
        None,
    )
    .unwrap();
    let path = scenario(dir.path(), "cover.asc", "z.asc", "\n        epsg: 32650,");
    let out = shanshui(&["validate", &path]);
    assert_ok(&out);
}

#[test]
fn every_geotiff_a_run_writes_opens_in_gdal_with_its_georeference() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_into(&data("tiny.ron"), &dir.path().join("out"), &[]);
    let maps = run.join("maps/natural_recovery");
    let mut names: Vec<String> = fs::read_dir(&maps)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "land_cover-0.tif",
            "land_cover-4.tif",
            "land_cover-8.tif",
            "marsh_probability-0.tif",
            "marsh_probability-4.tif",
            "marsh_probability-8.tif"
        ]
    );
    for name in names {
        let Some(info) = gdalinfo(&maps.join(&name)) else {
            return;
        };
        assert_eq!(info["size"], serde_json::json!([48, 40]), "{name}");
        assert_eq!(
            info["geoTransform"],
            serde_json::json!([500000.0, 10.0, 0.0, 2700000.0, 0.0, -10.0]),
            "{name}"
        );
        assert!(
            info["coordinateSystem"]["wkt"]
                .as_str()
                .unwrap()
                .contains("ID[\"EPSG\",32650]"),
            "{name}"
        );
        let nodata = info["bands"][0]["noDataValue"].as_f64().unwrap();
        assert_eq!(
            nodata,
            if name.starts_with("land_cover") {
                255.0
            } else {
                -9999.0
            },
            "{name}"
        );
    }
}
