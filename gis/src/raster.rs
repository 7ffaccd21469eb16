//! A georeferenced single-band raster: a [`Grid`] of cells, the [`Landscape`] that places
//! it on the Earth and an optional NoData value; plus [`AnyRaster`], a raster whose cell
//! type is known only once a file has been read, and exact conversion between types.

use shanshui_engine::{Grid, Landscape};

use crate::{Sample, SampleType};

/// A grid's size differs from its georeference's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the grid is {grid_width}×{grid_height} cells but its georeference says {width}×{height}")]
pub struct ShapeMismatch {
    /// Grid columns.
    pub grid_width: usize,
    /// Grid rows.
    pub grid_height: usize,
    /// Georeference columns.
    pub width: usize,
    /// Georeference rows.
    pub height: usize,
}

/// Checks that `grid` has the size `georef` declares.
pub(crate) fn check_shape<T>(grid: &Grid<T>, georef: &Landscape) -> Result<(), ShapeMismatch> {
    if grid.width() == georef.width && grid.height() == georef.height {
        return Ok(());
    }
    Err(ShapeMismatch {
        grid_width: grid.width(),
        grid_height: grid.height(),
        width: georef.width,
        height: georef.height,
    })
}

/// A georeferenced raster of `T` cells. Its grid always has the georeference's size.
#[derive(Debug, Clone, PartialEq)]
pub struct Raster<T> {
    grid: Grid<T>,
    georef: Landscape,
    nodata: Option<T>,
}

impl<T: Sample> Raster<T> {
    /// Joins a grid with its georeference and NoData value.
    pub fn new(grid: Grid<T>, georef: Landscape, nodata: Option<T>) -> Result<Self, ShapeMismatch> {
        check_shape(&grid, &georef)?;
        Ok(Self {
            grid,
            georef,
            nodata,
        })
    }

    /// The cells, row-major from the north-west corner.
    pub fn grid(&self) -> &Grid<T> {
        &self.grid
    }

    /// Size, cell size, origin and CRS.
    pub fn georef(&self) -> &Landscape {
        &self.georef
    }

    /// The value that marks a cell without data, if any.
    pub fn nodata(&self) -> Option<T> {
        self.nodata
    }

    /// The storage type of the cells.
    pub fn sample_type(&self) -> SampleType {
        T::TYPE
    }

    /// Whether `value` marks a cell without data.
    pub fn is_nodata(&self, value: T) -> bool {
        self.nodata.is_some_and(|nodata| value.is_nodata(nodata))
    }

    /// Number of cells holding data (not NoData).
    pub fn valid_cells(&self) -> usize {
        self.grid
            .as_slice()
            .iter()
            .filter(|&&v| !self.is_nodata(v))
            .count()
    }

    /// Grid, georeference and NoData value, taken apart.
    pub fn into_parts(self) -> (Grid<T>, Landscape, Option<T>) {
        (self.grid, self.georef, self.nodata)
    }

    /// The same raster with cells of type `U`, refusing any value (NoData included)
    /// that `U` cannot hold exactly.
    pub fn convert<U: Sample>(&self) -> Result<Raster<U>, ConvertError> {
        let nodata = match self.nodata {
            Some(v) => Some(U::from_f64_exact(v.to_f64()).ok_or(ConvertError::NoData {
                value: v.to_f64(),
                to: U::TYPE,
            })?),
            None => None,
        };
        let width = self.grid.width();
        let mut cells = Vec::with_capacity(self.grid.len());
        for (i, &v) in self.grid.as_slice().iter().enumerate() {
            let converted = match nodata {
                Some(n) if self.is_nodata(v) => n,
                _ => U::from_f64_exact(v.to_f64()).ok_or(ConvertError::Cell {
                    x: i % width,
                    y: i / width,
                    value: v.to_f64(),
                    to: U::TYPE,
                })?,
            };
            cells.push(converted);
        }
        let grid = Grid::from_vec(width, self.grid.height(), cells).expect("same length");
        Ok(Raster {
            grid,
            georef: self.georef,
            nodata,
        })
    }
}

/// A value that the target type of a conversion cannot hold exactly.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The NoData value does not fit.
    #[error("the NoData value {value} cannot be stored as {to} ({})", .to.expected())]
    NoData {
        /// The NoData value.
        value: f64,
        /// The target type.
        to: SampleType,
    },
    /// A cell does not fit.
    #[error("cell (x {x}, y {y}) holds {value}, which cannot be stored as {to} ({})", .to.expected())]
    Cell {
        /// Column.
        x: usize,
        /// Row.
        y: usize,
        /// The value.
        value: f64,
        /// The target type.
        to: SampleType,
    },
}

/// A raster whose cell type is decided by the file it was read from.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyRaster {
    /// `u8` cells.
    U8(Raster<u8>),
    /// `u16` cells.
    U16(Raster<u16>),
    /// `i16` cells.
    I16(Raster<i16>),
    /// `i32` cells.
    I32(Raster<i32>),
    /// `f32` cells.
    F32(Raster<f32>),
    /// `f64` cells.
    F64(Raster<f64>),
}

/// Applies `$body` to the `Raster<T>` inside any variant, bound to `$r`.
macro_rules! each_variant {
    ($value:expr, $r:ident => $body:expr) => {
        match $value {
            AnyRaster::U8($r) => $body,
            AnyRaster::U16($r) => $body,
            AnyRaster::I16($r) => $body,
            AnyRaster::I32($r) => $body,
            AnyRaster::F32($r) => $body,
            AnyRaster::F64($r) => $body,
        }
    };
}

impl AnyRaster {
    /// The storage type of the cells.
    pub fn sample_type(&self) -> SampleType {
        each_variant!(self, r => r.sample_type())
    }

    /// Size, cell size, origin and CRS.
    pub fn georef(&self) -> &Landscape {
        each_variant!(self, r => r.georef())
    }

    /// The NoData value as `f64` (exact), if any.
    pub fn nodata_f64(&self) -> Option<f64> {
        each_variant!(self, r => r.nodata().map(Sample::to_f64))
    }

    /// The raster with cells of type `T`, refusing values `T` cannot hold exactly.
    pub fn convert<T: Sample>(&self) -> Result<Raster<T>, ConvertError> {
        each_variant!(self, r => r.convert())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn georef(width: usize, height: usize) -> Landscape {
        Landscape {
            width,
            height,
            cell_size_m: 1.0,
            origin_x: 0.0,
            origin_y: 0.0,
            epsg: None,
        }
    }

    #[test]
    fn new_refuses_a_grid_of_another_size() {
        let err = Raster::new(Grid::filled(2, 3, 0u8), georef(3, 2), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the grid is 2×3 cells but its georeference says 3×2"
        );
    }

    #[test]
    fn convert_keeps_nodata_and_refuses_out_of_range() {
        let grid = Grid::from_vec(2, 1, vec![-9999.0, 7.0]).unwrap();
        let r = Raster::new(grid, georef(2, 1), Some(-9999.0f64)).unwrap();
        let as_i16: Raster<i16> = r.convert().unwrap();
        assert_eq!(as_i16.grid().as_slice(), &[-9999, 7]);
        assert_eq!(as_i16.valid_cells(), 1);
        let err = AnyRaster::F64(r).convert::<u8>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "the NoData value -9999 cannot be stored as u8 (a whole number from 0 to 255)"
        );
        let grid = Grid::from_vec(2, 1, vec![1.0, 2.5]).unwrap();
        let err = Raster::new(grid, georef(2, 1), None)
            .unwrap()
            .convert::<u8>()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cell (x 1, y 0) holds 2.5, which cannot be stored as u8 (a whole number from 0 to 255)"
        );
    }
}
