//! Writes a grid as a single-band, Deflate-compressed (fast level) GeoTIFF that GIS tools place
//! correctly: ModelPixelScale, ModelTiepoint at the north-west corner, a GeoKeyDirectory
//! (model type, PixelIsArea, EPSG code) and GDAL_NODATA. The write is atomic.

use std::io::{self, Seek, Write};
use std::path::Path;

use shanshui_engine::{Grid, Landscape};
use tiff::encoder::colortype::ColorType;
use tiff::encoder::{Compression, DeflateLevel, TiffEncoder, TiffValue};
use tiff::tags::Tag;

use super::keys::{key_directory, tag};
use crate::atomic::write_atomically;
use crate::georef::check_writable;
use crate::{GisError, Sample, WriteProblem};

/// Classic TIFF addresses at most 4 GiB; keep a margin for directories and tags.
const MAX_TIFF_DATA_BYTES: u64 = (1 << 32) - (1 << 24);

/// One image with its GeoTIFF tags, ready to encode.
pub struct TiffImage<'a, T> {
    /// Columns.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Row-major cells.
    pub data: &'a [T],
    /// Cell size in x, y, z.
    pub scale: [f64; 3],
    /// Raster (0, 0, 0) ↔ model (x, y, 0).
    pub tiepoint: [f64; 6],
    /// GeoKeyDirectory shorts.
    pub keys: Vec<u16>,
    /// GDAL_NODATA text.
    pub nodata: Option<String>,
}

/// Writes `grid`, placed by `georef`, to `path` as a GeoTIFF; `nodata` becomes the
/// GDAL_NODATA tag. EPSG codes 4001–4999 are written as geographic CRSs, others as
/// projected. The file appears complete or not at all.
pub fn write_geotiff<T: Sample>(
    path: &Path,
    grid: &Grid<T>,
    georef: &Landscape,
    nodata: Option<T>,
) -> Result<(), GisError> {
    let unwritable = |problem| GisError::Unwritable {
        path: path.to_path_buf(),
        problem,
    };
    check_writable(grid, georef, nodata).map_err(unwritable)?;
    let image = image_of(grid, georef, nodata).map_err(unwritable)?;
    write_atomically(path, |out| {
        let mut encoder = TiffEncoder::new(out)
            .map_err(io::Error::other)?
            .with_compression(Compression::Deflate(DeflateLevel::Fast));
        T::encode_tiff(&mut encoder, &image).map_err(io::Error::other)
    })
}

/// The image and its tags; refuses sizes a classic TIFF cannot hold.
fn image_of<'a, T: Sample>(
    grid: &'a Grid<T>,
    georef: &Landscape,
    nodata: Option<T>,
) -> Result<TiffImage<'a, T>, WriteProblem> {
    let too_large = WriteProblem::TooLargeForFormat {
        width: grid.width(),
        height: grid.height(),
        format: "classic TIFF",
    };
    let width = u32::try_from(grid.width()).map_err(|_| too_large.clone())?;
    let height = u32::try_from(grid.height()).map_err(|_| too_large.clone())?;
    let bytes = u64::from(width) * u64::from(height) * std::mem::size_of::<T>() as u64;
    if bytes > MAX_TIFF_DATA_BYTES {
        return Err(too_large);
    }
    let cell = georef.cell_size_m;
    Ok(TiffImage {
        width,
        height,
        data: grid.as_slice(),
        scale: [cell, cell, 0.0],
        tiepoint: [0.0, 0.0, 0.0, georef.origin_x, georef.origin_y, 0.0],
        keys: key_directory(georef),
        nodata: nodata.map(nodata_text),
    })
}

/// NoData as GDAL writes it: shortest round-trip digits, `nan` for NaN.
fn nodata_text<T: Sample>(value: T) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = value.write_token(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes one image of colour type `C` with the GeoTIFF tags.
pub(crate) fn encode_image<W: Write + Seek, C: ColorType>(
    encoder: &mut TiffEncoder<W>,
    image: &TiffImage<'_, C::Inner>,
) -> tiff::TiffResult<()>
where
    [C::Inner]: TiffValue,
{
    let mut out = encoder.new_image::<C>(image.width, image.height)?;
    let dir = out.encoder();
    dir.write_tag(Tag::Unknown(tag::MODEL_PIXEL_SCALE), &image.scale[..])?;
    dir.write_tag(Tag::Unknown(tag::MODEL_TIEPOINT), &image.tiepoint[..])?;
    dir.write_tag(Tag::Unknown(tag::GEO_KEY_DIRECTORY), &image.keys[..])?;
    if let Some(nodata) = &image.nodata {
        dir.write_tag(Tag::Unknown(tag::GDAL_NODATA), nodata.as_str())?;
    }
    out.write_data(image.data)
}
