//! Layer consistency checks, each with its exact message.

use shanshui_engine::{Grid, Landscape};
use shanshui_gis::{Raster, check_aligned, check_finite, check_has_data};

use crate::common::utm;

/// The messages of `check_aligned`, one per problem.
fn problems(layers: &[(&str, &Landscape)]) -> Vec<String> {
    check_aligned(layers)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn aligned_layers_pass_within_tolerance() {
    let a = utm(20, 10);
    let b = Landscape {
        origin_x: a.origin_x + 0.005,
        epsg: None,
        ..a
    };
    assert_eq!(
        check_aligned(&[("land_cover", &a), ("elevation", &b)]),
        Ok(())
    );
    assert_eq!(check_aligned(&[]), Ok(()));
}

#[test]
fn different_sizes() {
    let (a, b) = (utm(200, 120), utm(180, 120));
    assert_eq!(
        problems(&[("land_cover", &a), ("elevation", &b)]),
        [
            "layer `elevation` is 180×120 cells but `land_cover` is 200×120; resample it onto the same grid"
        ]
    );
}

#[test]
fn different_cell_sizes() {
    let a = utm(20, 10);
    let b = Landscape {
        cell_size_m: 5.0,
        ..a
    };
    assert_eq!(
        problems(&[("land_cover", &a), ("elevation", &b)]),
        [
            "layer `elevation` has cells of 5 map units but `land_cover` has 10; resample it to the same resolution"
        ]
    );
}

#[test]
fn different_origins() {
    let a = utm(20, 10);
    let b = Landscape {
        origin_x: 500_005.0,
        ..a
    };
    assert_eq!(
        problems(&[("land_cover", &a), ("zones", &b)]),
        [
            "layer `zones` has its north-west corner at (500005, 2500000) but `land_cover` at \
          (500000, 2500000); the layers are offset by more than 0.001 of a cell"
        ]
    );
}

#[test]
fn different_crs_and_all_problems_reported() {
    let a = Landscape {
        epsg: None,
        ..utm(20, 10)
    };
    let b = utm(20, 10);
    let c = Landscape {
        epsg: Some(4326),
        width: 21,
        ..utm(20, 10)
    };
    assert_eq!(
        problems(&[("elevation", &a), ("land_cover", &b), ("units", &c)]),
        [
            "layer `units` is 21×10 cells but `elevation` is 20×10; resample it onto the same grid",
            "layer `units` is in EPSG:4326 but `land_cover` is in EPSG:32650; reproject it with \
             `gdalwarp -t_srs EPSG:32650`",
        ]
    );
}

#[test]
fn non_finite_elevation_names_cell_and_map_coordinates() {
    let grid = Grid::from_vec(3, 2, vec![0.5f32, 1.0, 1.5, 2.0, f32::INFINITY, f32::NAN]).unwrap();
    let raster = Raster::new(grid, utm(3, 2), None).unwrap();
    assert_eq!(
        check_finite("elevation", &raster).unwrap_err().to_string(),
        "layer `elevation`: cell (x 1, y 1) at map (500015, 2499985) is inf; values must be finite \
         (mark missing cells as NoData)"
    );
    let grid = Grid::from_vec(2, 1, vec![0.5f32, f32::NAN]).unwrap();
    assert!(
        check_finite(
            "elevation",
            &Raster::new(grid, utm(2, 1), Some(f32::NAN)).unwrap()
        )
        .is_ok()
    );
}

#[test]
fn all_nodata_layer() {
    let raster = Raster::new(Grid::filled(4, 3, 255u8), utm(4, 3), Some(255)).unwrap();
    assert_eq!(
        check_has_data("land_cover", &raster)
            .unwrap_err()
            .to_string(),
        "layer `land_cover` holds only NoData (255) in all its 12 cells; check its NoData value and extent"
    );
    let mut grid = Grid::filled(4, 3, 255u8);
    *grid.get_mut(3, 2) = 1;
    assert!(
        check_has_data(
            "land_cover",
            &Raster::new(grid, utm(4, 3), Some(255)).unwrap()
        )
        .is_ok()
    );
}
