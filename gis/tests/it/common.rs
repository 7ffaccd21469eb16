//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use shanshui_engine::Landscape;

/// `tests/data/<name>` inside this crate.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A UTM 50N georeference of `width × height` cells of 10 m.
pub fn utm(width: usize, height: usize) -> Landscape {
    Landscape {
        width,
        height,
        cell_size_m: 10.0,
        origin_x: 500_000.0,
        origin_y: 2_500_000.0,
        epsg: Some(32650),
    }
}

/// Asserts two georeferences are identical, except that `origin_y` may differ by the
/// last bit: an ASCII header stores the south edge, and when no float south edge
/// gives back the north edge exactly the writer takes the nearest.
pub fn assert_same_georef(got: &Landscape, want: &Landscape) {
    let tol = want.origin_y.abs() * f64::EPSILON;
    assert!(
        (got.origin_y - want.origin_y).abs() <= tol,
        "origin_y: {got:?} vs {want:?}"
    );
    assert_eq!(
        &Landscape {
            origin_y: want.origin_y,
            ..*got
        },
        want
    );
}
