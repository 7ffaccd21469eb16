//! Georeference rules shared by the formats: what a writable raster must satisfy, and
//! the conversions between the north-west origin of [`Landscape`] and the lower-left
//! corner of an ESRI ASCII grid.

use shanshui_engine::{Grid, Landscape};

use crate::raster::check_shape;
use crate::{Sample, WriteProblem};

/// The map y of the raster's south edge (the ASCII grid's `yllcorner`), chosen among
/// the nearest floats so that `south_edge + height × cell_size` gives back `origin_y`
/// exactly, which is how readers (this crate's and GDAL's) recompute the north edge.
/// When no float does (the sum can skip values), the result is off by the last bit.
pub fn south_edge(georef: &Landscape) -> f64 {
    let span = georef.height as f64 * georef.cell_size_m;
    let plain = georef.origin_y - span;
    let (mut down, mut up) = (plain, plain);
    for _ in 0..4 {
        for candidate in [up, down] {
            if candidate + span == georef.origin_y {
                return candidate;
            }
        }
        (down, up) = (down.next_down(), up.next_up());
    }
    plain
}

/// Checks that `grid` with `georef` and `nodata` can be written and read back: the
/// sizes agree and are non-zero, the georeference is finite with a positive cell size,
/// and every NaN or infinite cell is the NoData value.
pub(crate) fn check_writable<T: Sample>(
    grid: &Grid<T>,
    georef: &Landscape,
    nodata: Option<T>,
) -> Result<(), WriteProblem> {
    check_shape(grid, georef)?;
    if grid.is_empty() {
        return Err(WriteProblem::Empty {
            width: grid.width(),
            height: grid.height(),
        });
    }
    let cell = georef.cell_size_m;
    if !(cell.is_finite() && cell > 0.0) {
        return Err(WriteProblem::BadGeoref {
            what: "cell size",
            value: cell,
        });
    }
    for (what, value) in [("origin x", georef.origin_x), ("origin y", georef.origin_y)] {
        if !value.is_finite() {
            return Err(WriteProblem::BadGeoref { what, value });
        }
    }
    if let Some(i) = first_non_finite(grid.as_slice(), nodata) {
        let (x, y) = (i % grid.width(), i / grid.width());
        return Err(WriteProblem::NonFiniteCell {
            x,
            y,
            value: grid.as_slice()[i].to_f64(),
        });
    }
    Ok(())
}

/// Index of the first NaN or infinite value that is not `nodata`.
fn first_non_finite<T: Sample>(cells: &[T], nodata: Option<T>) -> Option<usize> {
    if !T::TYPE.is_float() {
        return None;
    }
    cells
        .iter()
        .position(|&v| !v.is_finite() && !nodata.is_some_and(|nd| v.is_nodata(nd)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn land(width: usize, height: usize) -> Landscape {
        Landscape {
            width,
            height,
            cell_size_m: 10.0,
            origin_x: 0.0,
            origin_y: 100.0,
            epsg: None,
        }
    }

    #[test]
    fn writable_rules() {
        let grid = Grid::from_vec(2, 1, vec![1.0f32, f32::NAN]).unwrap();
        let err = check_writable(&grid, &land(2, 1), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cell (x 1, y 0) is NaN, which is not finite and not the NoData value"
        );
        assert!(check_writable(&grid, &land(2, 1), Some(f32::NAN)).is_ok());
        let mut bad = land(2, 1);
        bad.cell_size_m = 0.0;
        let err = check_writable(&grid, &bad, Some(f32::NAN)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid georeference: cell size is 0; expected a finite number > 0"
        );
        assert_eq!(south_edge(&land(2, 3)), 70.0);
    }
}
