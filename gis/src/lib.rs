#![doc = include_str!("../README.md")]

mod ascii;
mod atomic;
mod checks;
mod dispatch;
mod error;
mod georef;
mod geotiff;
mod limits;
mod raster;
mod sample;
pub mod synthetic;

pub use ascii::{read_ascii_grid, read_ascii_grid_from, write_ascii_grid};
pub use checks::{
    ALIGN_TOLERANCE_CELLS, AlignmentError, LayerError, check_aligned, check_finite, check_has_data,
};
pub use dispatch::{RasterFormat, detect_format, read_raster, read_raster_as};
pub use error::{AsciiProblem, GeoTiffProblem, GisError, WriteProblem};
pub use georef::south_edge;
pub use geotiff::{read_geotiff, read_geotiff_from, write_geotiff};
pub use limits::ReadLimits;
pub use raster::{AnyRaster, ConvertError, Raster, ShapeMismatch};
pub use sample::{Sample, SampleType};
