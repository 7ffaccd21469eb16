//! GDAL itself reads every GeoTIFF we write (`gdalinfo -json`, `gdal_translate`), and we
//! read GeoTIFFs GDAL writes (tiled, Deflate, LZW, predictor). Without `gdalinfo` on the
//! PATH these tests are skipped locally but fail when the `CI` variable is set.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use shanshui_engine::{Grid, Landscape};
use shanshui_gis::{
    ReadLimits, Sample, SampleType, read_ascii_grid, read_geotiff, write_ascii_grid, write_geotiff,
};

use crate::common::utm;
use crate::geotiff::same_cells;

/// Whether GDAL is available; panics in CI when it is not.
fn gdal_available() -> bool {
    let found = Command::new("gdalinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "gdalinfo is not on the PATH but CI is set: install gdal-bin (`apt-get install -y gdal-bin`)"
        );
        eprintln!("skipping: gdalinfo not found (install gdal-bin to run the GDAL checks)");
    }
    found
}

/// Runs a GDAL command, failing the test with its stderr.
fn run(program: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn gdalinfo(path: &Path) -> Value {
    serde_json::from_slice(&run("gdalinfo", &["-json", path.to_str().unwrap()])).unwrap()
}

/// GDAL's name of a cell type.
fn gdal_type(sample: SampleType) -> &'static str {
    match sample {
        SampleType::U8 => "Byte",
        SampleType::U16 => "UInt16",
        SampleType::I16 => "Int16",
        SampleType::I32 => "Int32",
        SampleType::F32 => "Float32",
        SampleType::F64 => "Float64",
    }
}

/// Checks size, origin, pixel size, EPSG code, band type and NoData as GDAL sees them.
fn assert_gdal_sees(info: &Value, georef: &Landscape, sample: SampleType, nodata: Option<f64>) {
    let size: Vec<u64> = serde_json::from_value(info["size"].clone()).unwrap();
    assert_eq!(size, [georef.width as u64, georef.height as u64]);
    let gt: Vec<f64> = serde_json::from_value(info["geoTransform"].clone()).unwrap();
    let cell = georef.cell_size_m;
    assert_eq!(
        gt,
        [georef.origin_x, cell, 0.0, georef.origin_y, 0.0, -cell]
    );
    let code = georef.epsg.unwrap();
    let wkt = info["coordinateSystem"]["wkt"].as_str().unwrap();
    assert!(
        wkt.ends_with(&format!("ID[\"EPSG\",{code}]]")),
        "EPSG {code} not in {wkt}"
    );
    assert_eq!(info["stac"]["proj:epsg"].as_u64(), Some(u64::from(code)));
    assert_eq!(info["metadata"][""]["AREA_OR_POINT"], "Area");
    let band = &info["bands"][0];
    assert_eq!(band["type"], gdal_type(sample));
    match nodata {
        Some(v) if v.is_nan() => assert_eq!(band["noDataValue"], "NaN"),
        Some(v) => assert_eq!(band["noDataValue"].as_f64(), Some(v)),
        None => assert!(band.get("noDataValue").is_none()),
    }
}

/// A deterministic 37×23 grid spanning the type's range, NoData in one cell.
fn pattern<T: Sample>(nodata: T) -> Grid<T> {
    let (w, h) = (37, 23);
    let cells = (0..w * h)
        .map(|i| {
            let v = (i as f64 * 7919.0) % 251.0
                - if T::TYPE == SampleType::U8 {
                    0.0
                } else {
                    100.0
                };
            let v = if T::TYPE.is_float() { v + 0.1 } else { v.abs() };
            if i == 5 {
                nodata
            } else {
                T::from_f64_exact(v)
                    .or_else(|| T::from_f64_exact(v.round()))
                    .unwrap()
            }
        })
        .collect();
    Grid::from_vec(w, h, cells).unwrap()
}

fn gdal_reads<T: Sample>(nodata: T, georef: Landscape) {
    let dir = tempfile::tempdir().unwrap();
    let tif = dir.path().join("ours.tif");
    let asc = dir.path().join("by-gdal.asc");
    let grid = pattern(nodata);
    write_geotiff(&tif, &grid, &georef, Some(nodata)).unwrap();
    assert_gdal_sees(&gdalinfo(&tif), &georef, T::TYPE, Some(nodata.to_f64()));
    // GDAL's own decoding of the cells, exported as text we can compare.
    let (tif_s, asc_s) = (tif.to_str().unwrap(), asc.to_str().unwrap());
    run(
        "gdal_translate",
        &[
            "-q",
            "-of",
            "AAIGrid",
            "-co",
            "SIGNIFICANT_DIGITS=17",
            tif_s,
            asc_s,
        ],
    );
    let back = read_ascii_grid::<T>(&asc, ReadLimits::default()).unwrap();
    assert!(
        same_cells(grid.as_slice(), back.grid().as_slice()),
        "GDAL decoded other values"
    );
    assert_eq!(
        back.georef(),
        &Landscape {
            epsg: None,
            ..georef
        }
    );
}

#[test]
fn gdal_reads_every_geotiff_we_write() {
    if !gdal_available() {
        return;
    }
    let g = utm(37, 23);
    gdal_reads(255u8, g);
    gdal_reads(65535u16, g);
    gdal_reads(-32768i16, g);
    gdal_reads(-9999i32, g);
    gdal_reads(-9999.0f32, g);
    gdal_reads(f32::NAN, g);
    gdal_reads(-1e30f64, g);
    let wgs84 = Landscape {
        cell_size_m: 0.0001,
        origin_x: 117.25,
        origin_y: 23.5,
        epsg: Some(4326),
        ..g
    };
    gdal_reads(0u8, wgs84);
}

#[test]
fn gdal_sees_no_nodata_when_there_is_none() {
    if !gdal_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tif = dir.path().join("plain.tif");
    write_geotiff(&tif, &Grid::filled(4, 3, 2.5f32), &utm(4, 3), None).unwrap();
    assert_gdal_sees(&gdalinfo(&tif), &utm(4, 3), SampleType::F32, None);
}

/// Values 0–200 (NoData 0) on a 37×23 grid, with quarter fractions when `fractions`.
fn source_grid(fractions: bool) -> Grid<f64> {
    let cells = (0..37 * 23)
        .map(|i| {
            if i % 17 == 0 {
                0.0
            } else {
                (i % 200) as f64 + if fractions { 0.25 } else { 0.0 }
            }
        })
        .collect();
    Grid::from_vec(37, 23, cells).unwrap()
}

/// Converts our ASCII grid with `gdal_translate` and reads GDAL's GeoTIFF back.
fn read_gdal_tiff(ot: &str, options: &[&str], want: SampleType) {
    let dir = tempfile::tempdir().unwrap();
    let (asc, tif) = (dir.path().join("in.asc"), dir.path().join("out.tif"));
    let fractions = want.is_float();
    let grid = source_grid(fractions);
    let georef = Landscape {
        epsg: None,
        ..utm(37, 23)
    };
    write_ascii_grid(&asc, &grid, &georef, Some(0.0)).unwrap();
    let mut args = vec!["-q", "-ot", ot, "-a_srs", "EPSG:32650"];
    for option in options {
        args.extend(["-co", option]);
    }
    args.extend([asc.to_str().unwrap(), tif.to_str().unwrap()]);
    run("gdal_translate", &args);
    let raster = read_geotiff(&tif, ReadLimits::default()).unwrap();
    assert_eq!(raster.sample_type(), want, "{ot} {options:?}");
    assert_eq!(raster.georef(), &utm(37, 23), "{ot} {options:?}");
    assert_eq!(raster.nodata_f64(), Some(0.0), "{ot} {options:?}");
    let cells = raster.convert::<f64>().unwrap();
    assert_eq!(cells.grid(), &grid, "{ot} {options:?}");
}

#[test]
fn we_read_geotiffs_gdal_writes() {
    if !gdal_available() {
        return;
    }
    let tiled_deflate = [
        "COMPRESS=DEFLATE",
        "TILED=YES",
        "BLOCKXSIZE=16",
        "BLOCKYSIZE=16",
    ];
    let tiled_lzw = [
        "COMPRESS=LZW",
        "TILED=YES",
        "BLOCKXSIZE=16",
        "BLOCKYSIZE=16",
    ];
    let types = [
        ("Byte", SampleType::U8),
        ("UInt16", SampleType::U16),
        ("Int16", SampleType::I16),
        ("Int32", SampleType::I32),
        ("Float32", SampleType::F32),
        ("Float64", SampleType::F64),
    ];
    for (ot, sample) in types {
        read_gdal_tiff(ot, &tiled_deflate, sample);
        read_gdal_tiff(ot, &tiled_lzw, sample);
        read_gdal_tiff(ot, &["COMPRESS=DEFLATE", "BLOCKYSIZE=5"], sample);
        read_gdal_tiff(ot, &[], sample);
    }
    for ot in ["Byte", "Int16", "Int32"] {
        let sample = types.iter().find(|t| t.0 == ot).unwrap().1;
        read_gdal_tiff(ot, &["COMPRESS=LZW", "PREDICTOR=2"], sample);
    }
    for (ot, sample) in [("Float32", SampleType::F32), ("Float64", SampleType::F64)] {
        read_gdal_tiff(
            ot,
            &["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES"],
            sample,
        );
    }
}

#[test]
fn synthetic_landscape_is_aligned_and_gdal_reads_it() {
    use shanshui_gis::synthetic::{coastal_landscape, write_coastal_landscape};
    use shanshui_gis::{check_aligned, check_finite, check_has_data, read_raster_as};

    let dir = tempfile::tempdir().unwrap();
    write_coastal_landscape(dir.path(), &coastal_landscape(64, 48, 3)).unwrap();
    let cover =
        read_raster_as::<u8>(&dir.path().join("land_cover.tif"), ReadLimits::default()).unwrap();
    let z =
        read_raster_as::<f32>(&dir.path().join("elevation.tif"), ReadLimits::default()).unwrap();
    check_aligned(&[("land_cover", cover.georef()), ("elevation", z.georef())]).unwrap();
    check_finite("elevation", &z).unwrap();
    check_has_data("land_cover", &cover).unwrap();
    if gdal_available() {
        let info = gdalinfo(&dir.path().join("elevation.tif"));
        assert_gdal_sees(&info, z.georef(), SampleType::F32, Some(-9999.0));
        let info = gdalinfo(&dir.path().join("land_cover.tif"));
        assert_gdal_sees(&info, cover.georef(), SampleType::U8, Some(255.0));
    }
}
