//! GeoTIFF input and output: single-band rasters of u8, u16, i16, i32, f32 or f64 cells
//! with their georeference and GDAL's NoData tag.

mod keys;
mod read;
pub(crate) mod write;

pub use read::{read_geotiff, read_geotiff_from};
pub use write::write_geotiff;

/// Whether `start` (the first bytes of a file) is a TIFF or BigTIFF signature.
pub(crate) fn is_tiff_signature(start: &[u8]) -> bool {
    matches!(
        start,
        [b'I', b'I', 42 | 43, 0, ..] | [b'M', b'M', 0, 42 | 43, ..]
    )
}
