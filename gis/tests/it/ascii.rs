//! ESRI ASCII grid round trips for every cell type, and the header variants that
//! other tools write.

use proptest::prelude::*;
use shanshui_engine::{Grid, Landscape};
use shanshui_gis::{ReadLimits, Sample, read_ascii_grid, read_ascii_grid_from, write_ascii_grid};

use crate::common::{assert_same_georef, utm};

/// Writes then reads `cells` as a `width`-column grid and checks values and georeference.
fn round_trip<T: Sample>(width: usize, cells: Vec<T>, nodata: Option<T>, georef: Landscape) {
    let height = cells.len() / width;
    let grid = Grid::from_vec(width, height, cells).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grid.asc");
    write_ascii_grid(&path, &grid, &georef, nodata).unwrap();
    let back = read_ascii_grid::<T>(&path, ReadLimits::default()).unwrap();
    let same = grid
        .as_slice()
        .iter()
        .zip(back.grid().as_slice())
        .all(|(a, b)| a == b || (a.is_nan() && b.is_nan()));
    assert!(
        same,
        "values differ: wrote {:?}, read {:?}",
        grid.as_slice(),
        back.grid().as_slice()
    );
    assert_eq!(back.grid().width(), width);
    assert_eq!(
        back.nodata().map(Sample::to_f64).map(f64::to_bits),
        nodata.map(|n| n.to_f64().to_bits())
    );
    // ASCII grids carry no CRS.
    assert_same_georef(
        back.georef(),
        &Landscape {
            epsg: None,
            ..georef
        },
    );
}

fn cells<T: Arbitrary + 'static>() -> impl Strategy<Value = (usize, Vec<T>)> {
    (1usize..8, 1usize..8)
        .prop_flat_map(|(w, h)| (Just(w), proptest::collection::vec(any::<T>(), w * h)))
}

fn finite_f32() -> impl Strategy<Value = f32> {
    any::<f32>().prop_filter("finite", |v| v.is_finite())
}

fn finite_f64() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite", |v| v.is_finite())
}

fn georef() -> impl Strategy<Value = Landscape> {
    (
        -1e6..1e6f64,
        -1e7..1e7f64,
        prop_oneof![Just(10.0), Just(0.5), 1e-3..1e3f64],
    )
        .prop_map(|(x, y, cell)| Landscape {
            width: 0,
            height: 0,
            cell_size_m: cell,
            origin_x: x,
            origin_y: y,
            epsg: None,
        })
}

fn sized(g: Landscape, width: usize, len: usize) -> Landscape {
    Landscape {
        width,
        height: len / width,
        ..g
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn u8_round_trips((w, v) in cells::<u8>(), nd in any::<Option<u8>>(), g in georef()) {
        let g = sized(g, w, v.len());
        round_trip(w, v, nd, g);
    }

    #[test]
    fn u16_round_trips((w, v) in cells::<u16>(), nd in any::<Option<u16>>(), g in georef()) {
        let g = sized(g, w, v.len());
        round_trip(w, v, nd, g);
    }

    #[test]
    fn i16_round_trips((w, v) in cells::<i16>(), nd in any::<Option<i16>>(), g in georef()) {
        let g = sized(g, w, v.len());
        round_trip(w, v, nd, g);
    }

    #[test]
    fn i32_round_trips((w, v) in cells::<i32>(), nd in any::<Option<i32>>(), g in georef()) {
        let g = sized(g, w, v.len());
        round_trip(w, v, nd, g);
    }

    #[test]
    fn f32_round_trips(
        (w, v) in (1usize..8, 1usize..8).prop_flat_map(|(w, h)| (Just(w), proptest::collection::vec(finite_f32(), w * h))),
        nd in proptest::option::of(finite_f32()),
        g in georef(),
    ) {
        let g = sized(g, w, v.len());
        round_trip(w, v, nd, g);
    }

    #[test]
    fn f64_round_trips(
        (w, v) in (1usize..8, 1usize..8).prop_flat_map(|(w, h)| (Just(w), proptest::collection::vec(finite_f64(), w * h))),
        nd in proptest::option::of(finite_f64()),
        g in georef(),
    ) {
        let g = sized(g, w, v.len());
        round_trip(w, v, nd, g);
    }
}

#[test]
fn nan_nodata_round_trips() {
    round_trip(
        2,
        vec![1.5f32, f32::NAN, -0.25, 3.0],
        Some(f32::NAN),
        Landscape {
            epsg: None,
            ..utm(2, 2)
        },
    );
}

#[test]
fn integer_grid_is_written_without_decimals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codes.asc");
    let grid = Grid::from_vec(3, 1, vec![1u8, 20, 255]).unwrap();
    write_ascii_grid(&path, &grid, &utm(3, 1), Some(0)).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        "ncols         3\nnrows         1\nxllcorner     500000.0\nyllcorner     2499990.0\n\
         cellsize      10.0\nNODATA_value  0\n1 20 255\n"
    );
}

#[test]
fn centre_keys_any_case_and_order() {
    let text = b"NROWS 2\nNCols 3\nCELLSIZE 10\nXLLCENTER 500005\nyllCenter 2499985\n\
                 nodata_value -9999\n1 2 3\n-9999 5.0 6e0\n";
    let r =
        read_ascii_grid_from::<i16>(&text[..], "mem.asc".as_ref(), ReadLimits::default()).unwrap();
    assert_eq!(r.grid().as_slice(), &[1, 2, 3, -9999, 5, 6]);
    assert_eq!(r.nodata(), Some(-9999));
    assert_eq!(r.valid_cells(), 5);
    assert_eq!(
        (r.georef().origin_x, r.georef().origin_y),
        (500_000.0, 2_500_000.0)
    );
    assert_eq!(
        (r.georef().width, r.georef().height, r.georef().cell_size_m),
        (3, 2, 10.0)
    );
}

#[test]
fn writer_refuses_non_finite_cells_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.asc");
    let grid = Grid::from_vec(2, 1, vec![1.0f64, f64::INFINITY]).unwrap();
    let err = write_ascii_grid(&path, &grid, &utm(2, 1), Some(-9999.0)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: cannot write: cell (x 1, y 0) is inf, which is not finite and not the NoData value",
            path.display()
        )
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let err = write_ascii_grid(&path, &grid, &utm(3, 1), None).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("the grid is 2×1 cells but its georeference says 3×1"),
        "{err}"
    );
}
