//! Limits that keep a hostile or mistaken file from exhausting memory: a raster's
//! declared size is checked against them before any cell buffer is allocated.

use std::path::Path;

use crate::GisError;

/// Bounds applied while reading a raster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// The most cells (`columns × rows`) a raster may declare. The CLI's `--max-cells`
    /// sets it. Default [`ReadLimits::DEFAULT_MAX_CELLS`].
    pub max_cells: u64,
}

impl ReadLimits {
    /// 2²⁸ ≈ 268 million cells: a 16384 × 16384 grid, 2 GiB as `f64`.
    pub const DEFAULT_MAX_CELLS: u64 = 1 << 28;

    /// Limits allowing at most `max_cells` cells.
    pub fn new(max_cells: u64) -> Self {
        Self { max_cells }
    }

    /// Refuses `width × height` cells above the limit, naming `path`.
    pub(crate) fn check(&self, path: &Path, width: u64, height: u64) -> Result<(), GisError> {
        let cells = u128::from(width) * u128::from(height);
        if cells > u128::from(self.max_cells) {
            return Err(GisError::TooLarge {
                path: path.to_path_buf(),
                width,
                height,
                cells,
                limit: self.max_cells,
            });
        }
        Ok(())
    }
}

impl Default for ReadLimits {
    fn default() -> Self {
        Self::new(Self::DEFAULT_MAX_CELLS)
    }
}
