//! GeoTIFF round trips for every cell type and CRS kind, and reading through the
//! format dispatch.

use proptest::prelude::*;
use shanshui_engine::{Grid, Landscape};
use shanshui_gis::{
    AnyRaster, RasterFormat, ReadLimits, Sample, SampleType, detect_format, read_geotiff,
    read_raster, read_raster_as, write_ascii_grid, write_geotiff,
};

use crate::common::{data, utm};

/// Bitwise equality, so that NaN NoData cells compare equal.
pub fn same_cells<T: Sample>(a: &[T], b: &[T]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.to_f64().to_bits() == y.to_f64().to_bits() || x == y)
}

/// Writes then reads a GeoTIFF and checks type, values, georeference and NoData.
fn round_trip<T: Sample>(grid: Grid<T>, georef: Landscape, nodata: Option<T>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.tif");
    write_geotiff(&path, &grid, &georef, nodata).unwrap();
    let any = read_geotiff(&path, ReadLimits::default()).unwrap();
    assert_eq!(any.sample_type(), T::TYPE);
    let back = any.convert::<T>().unwrap();
    assert!(
        same_cells(grid.as_slice(), back.grid().as_slice()),
        "values differ"
    );
    assert_eq!(back.georef(), &georef);
    assert_eq!(
        back.nodata().map(|v| v.to_f64().to_bits()),
        nodata.map(|v| v.to_f64().to_bits())
    );
}

fn georef() -> impl Strategy<Value = Landscape> {
    let epsg = prop_oneof![
        Just(Some(32650)),
        Just(Some(4326)),
        Just(Some(3857)),
        Just(None)
    ];
    (-1e6..1e6f64, -1e7..1e7f64, 1e-4..1e3f64, epsg).prop_map(|(x, y, cell, epsg)| Landscape {
        width: 0,
        height: 0,
        cell_size_m: cell,
        origin_x: x,
        origin_y: y,
        epsg,
    })
}

fn case<T: Arbitrary + Sample>() -> impl Strategy<Value = (Grid<T>, Landscape, Option<T>)> {
    let size = (1usize..40, 1usize..40);
    (size, georef(), any::<Option<T>>()).prop_flat_map(|((w, h), g, nodata)| {
        let cells = proptest::collection::vec(any::<T>(), w * h);
        let g = Landscape {
            width: w,
            height: h,
            ..g
        };
        cells.prop_map(move |v| (Grid::from_vec(w, h, v).unwrap(), g, nodata))
    })
}

/// Float cells are finite or the NoData value (NaN NoData included).
fn float_case<T: Arbitrary + Sample>() -> impl Strategy<Value = (Grid<T>, Landscape, Option<T>)> {
    case::<T>().prop_map(|(grid, g, nodata)| {
        let nodata = nodata.map(|n| {
            if n.is_finite() || n.is_nan() {
                n
            } else {
                grid.as_slice()[0]
            }
        });
        let fill = nodata.unwrap_or_else(|| T::from_f64_exact(0.0).unwrap());
        let grid = grid.map(|&v| if v.is_finite() { v } else { fill });
        (grid, g, nodata)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn u8_round_trips((grid, g, nd) in case::<u8>()) { round_trip(grid, g, nd) }

    #[test]
    fn u16_round_trips((grid, g, nd) in case::<u16>()) { round_trip(grid, g, nd) }

    #[test]
    fn i16_round_trips((grid, g, nd) in case::<i16>()) { round_trip(grid, g, nd) }

    #[test]
    fn i32_round_trips((grid, g, nd) in case::<i32>()) { round_trip(grid, g, nd) }

    #[test]
    fn f32_round_trips((grid, g, nd) in float_case::<f32>()) { round_trip(grid, g, nd) }

    #[test]
    fn f64_round_trips((grid, g, nd) in float_case::<f64>()) { round_trip(grid, g, nd) }
}

#[test]
fn nan_nodata_round_trips() {
    let grid = Grid::from_vec(2, 2, vec![1.5f32, f32::NAN, -0.25, 3.0]).unwrap();
    round_trip(grid, utm(2, 2), Some(f32::NAN));
}

#[test]
fn dispatch_reads_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let (tif, asc) = (dir.path().join("a.tif"), dir.path().join("a.asc"));
    let grid = Grid::from_vec(3, 2, vec![1u8, 2, 3, 4, 5, 0]).unwrap();
    write_geotiff(&tif, &grid, &utm(3, 2), Some(0)).unwrap();
    write_ascii_grid(&asc, &grid, &utm(3, 2), Some(0)).unwrap();
    assert_eq!(detect_format(&tif).unwrap(), RasterFormat::GeoTiff);
    assert_eq!(detect_format(&asc).unwrap(), RasterFormat::AsciiGrid);
    let from_tif = read_raster(&tif, ReadLimits::default()).unwrap();
    let from_asc = read_raster(&asc, ReadLimits::default()).unwrap();
    assert!(matches!(from_tif, AnyRaster::U8(_)));
    assert_eq!(from_asc.sample_type(), SampleType::F64);
    for path in [&tif, &asc] {
        let r = read_raster_as::<u8>(path, ReadLimits::default()).unwrap();
        assert_eq!(r.grid(), &grid);
        assert_eq!(r.nodata(), Some(0));
        assert_eq!(r.valid_cells(), 5);
    }
    assert_eq!(from_tif.georef().epsg, Some(32650));
    assert_eq!(from_asc.georef().epsg, None, "ASCII grids carry no CRS");
}

#[test]
fn read_as_a_narrower_type_names_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let tif = dir.path().join("wide.tif");
    let grid = Grid::from_vec(2, 1, vec![7i32, 300]).unwrap();
    write_geotiff(&tif, &grid, &utm(2, 1), None).unwrap();
    let err = read_raster_as::<u8>(&tif, ReadLimits::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: cell (x 1, y 0) holds 300, which cannot be stored as u8 (a whole number from 0 to 255)",
            tif.display()
        )
    );
}

#[test]
fn limits_apply_to_geotiff() {
    let dir = tempfile::tempdir().unwrap();
    let tif = dir.path().join("a.tif");
    write_geotiff(&tif, &Grid::filled(10, 10, 1.0f32), &utm(10, 10), None).unwrap();
    let err = read_geotiff(&tif, ReadLimits::new(99)).unwrap_err();
    assert!(err.to_string().ends_with("the raster declares 10×10 = 100 cells, more than the limit of 99 cells; if the file is genuine, raise the limit with --max-cells"), "{err}");
    assert!(read_geotiff(&tif, ReadLimits::new(100)).is_ok());
    assert!(data("bad").is_dir());
}
