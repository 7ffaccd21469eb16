//! Reading a raster whatever its format: GeoTIFF is recognised by its signature
//! (`II*\0`, `MM\0*`, or the BigTIFF forms), anything else is read as an ESRI ASCII grid.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::geotiff::is_tiff_signature;
use crate::{AnyRaster, GisError, Raster, ReadLimits, Sample, read_ascii_grid, read_geotiff};

/// A raster file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RasterFormat {
    /// TIFF with GeoTIFF tags.
    GeoTiff,
    /// ESRI ASCII grid.
    AsciiGrid,
}

/// The format of the file at `path`, from its first four bytes.
pub fn detect_format(path: &Path) -> Result<RasterFormat, GisError> {
    let read_error = |source| GisError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut start = Vec::with_capacity(4);
    File::open(path)
        .and_then(|f| f.take(4).read_to_end(&mut start))
        .map_err(read_error)?;
    Ok(if is_tiff_signature(&start) {
        RasterFormat::GeoTiff
    } else {
        RasterFormat::AsciiGrid
    })
}

/// Reads a GeoTIFF or an ESRI ASCII grid (whose cells come back as `f64`).
pub fn read_raster(path: &Path, limits: ReadLimits) -> Result<AnyRaster, GisError> {
    match detect_format(path)? {
        RasterFormat::GeoTiff => read_geotiff(path, limits),
        RasterFormat::AsciiGrid => read_ascii_grid(path, limits).map(AnyRaster::F64),
    }
}

/// Reads a GeoTIFF or an ESRI ASCII grid with cells of type `T`, refusing a value
/// (NoData included) that `T` cannot hold exactly, e.g. `-9999` for `u8` land cover.
pub fn read_raster_as<T: Sample>(path: &Path, limits: ReadLimits) -> Result<Raster<T>, GisError> {
    match detect_format(path)? {
        RasterFormat::GeoTiff => {
            read_geotiff(path, limits)?
                .convert()
                .map_err(|source| GisError::Convert {
                    path: path.to_path_buf(),
                    source,
                })
        }
        RasterFormat::AsciiGrid => read_ascii_grid(path, limits),
    }
}
