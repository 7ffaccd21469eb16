//! The simulated area: its raster geometry and where it sits on the Earth.

use bevy_ecs::resource::Resource;
use serde::{Deserialize, Serialize};

/// Size, resolution and georeference of the raster. Cell `(0, 0)` is the north-west
/// corner; `origin_x`/`origin_y` are the map coordinates of that corner's outer edge
/// (the upper-left corner of the raster, as in a GeoTIFF tie point).
#[derive(Resource, Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Landscape {
    /// Number of columns.
    pub width: usize,
    /// Number of rows.
    pub height: usize,
    /// Side of a square cell, in map units (metres).
    pub cell_size_m: f64,
    /// Map x of the raster's west edge, in metres.
    pub origin_x: f64,
    /// Map y of the raster's north edge, in metres.
    pub origin_y: f64,
    /// Coordinate reference system as an EPSG code (e.g. 32650, UTM 50N), if known.
    pub epsg: Option<u32>,
}

/// A geometry that cannot describe a raster.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LandscapeError {
    /// Width or height is zero.
    #[error("the grid must have at least one row and one column (got {width}×{height})")]
    Empty {
        /// Columns given.
        width: usize,
        /// Rows given.
        height: usize,
    },
    /// Cell size not a positive finite number.
    #[error("cell size must be a positive number of metres (got {0})")]
    CellSize(f64),
    /// More cells than allowed.
    #[error(
        "{width}×{height} = {cells} cells exceeds the limit of {limit} cells \
         (about {bytes_gib:.1} GiB of state); use a coarser grid or raise --max-cells"
    )]
    TooLarge {
        /// Columns given.
        width: usize,
        /// Rows given.
        height: usize,
        /// `width × height`.
        cells: u128,
        /// The limit in force.
        limit: u64,
        /// Estimated memory for one replicate, GiB.
        bytes_gib: f64,
    },
}

impl Landscape {
    /// Bytes of model state per cell, an upper estimate used to refuse grids that
    /// would not fit in memory before anything is allocated.
    pub const BYTES_PER_CELL_ESTIMATE: u64 = 48;

    /// Checks the geometry, refusing more than `max_cells` cells.
    pub fn check(&self, max_cells: u64) -> Result<(), LandscapeError> {
        let (width, height) = (self.width, self.height);
        if width == 0 || height == 0 {
            return Err(LandscapeError::Empty { width, height });
        }
        if !(self.cell_size_m.is_finite() && self.cell_size_m > 0.0) {
            return Err(LandscapeError::CellSize(self.cell_size_m));
        }
        let cells = width as u128 * height as u128;
        if cells > max_cells as u128 {
            let bytes = cells as f64 * Self::BYTES_PER_CELL_ESTIMATE as f64;
            return Err(LandscapeError::TooLarge {
                width,
                height,
                cells,
                limit: max_cells,
                bytes_gib: bytes / (1u64 << 30) as f64,
            });
        }
        Ok(())
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.width * self.height
    }

    /// Area of one cell in hectares.
    pub fn cell_area_ha(&self) -> f64 {
        self.area_ha(1)
    }

    /// Area of `cells` cells in hectares (multiplied before dividing, so whole
    /// hectares come out exact).
    pub fn area_ha(&self, cells: u64) -> f64 {
        cells as f64 * self.cell_size_m * self.cell_size_m / 10_000.0
    }

    /// Map coordinates of the centre of cell `(x, y)`.
    pub fn cell_centre(&self, x: usize, y: usize) -> (f64, f64) {
        (
            self.origin_x + (x as f64 + 0.5) * self.cell_size_m,
            self.origin_y - (y as f64 + 0.5) * self.cell_size_m,
        )
    }
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
            origin_y: 0.0,
            epsg: None,
        }
    }

    #[test]
    fn geometry_checks() {
        assert!(land(10, 10).check(100).is_ok());
        assert!(matches!(
            land(0, 10).check(100),
            Err(LandscapeError::Empty { .. })
        ));
        assert!(matches!(
            land(11, 10).check(100),
            Err(LandscapeError::TooLarge { .. })
        ));
        let mut bad = land(1, 1);
        bad.cell_size_m = f64::NAN;
        assert!(matches!(bad.check(100), Err(LandscapeError::CellSize(_))));
    }

    #[test]
    fn cell_area_and_centre() {
        let l = land(4, 4);
        assert_eq!(l.cell_area_ha(), 0.01);
        assert_eq!(l.cell_centre(0, 0), (5.0, -5.0));
    }
}
