//! Reads a single-band GeoTIFF (strips or tiles; uncompressed, Deflate, LZW or PackBits
//! as the `tiff` crate decodes them) into an [`AnyRaster`]. The declared size is checked
//! against the [`ReadLimits`] before the cell buffer is allocated.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use shanshui_engine::{Grid, Landscape};
use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::tags::Tag;

use super::keys::{self, tag};
use crate::{AnyRaster, GeoTiffProblem, GisError, Raster, ReadLimits, Sample, SampleType};

/// Reads the first image of the GeoTIFF at `path`.
pub fn read_geotiff(path: &Path, limits: ReadLimits) -> Result<AnyRaster, GisError> {
    let file = File::open(path).map_err(|source| GisError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    read_geotiff_from(BufReader::new(file), path, limits)
}

/// Reads a GeoTIFF from `reader`; `path` names it in errors.
pub fn read_geotiff_from(
    mut reader: impl Read + Seek,
    path: &Path,
    limits: ReadLimits,
) -> Result<AnyRaster, GisError> {
    let geo = |problem| GisError::GeoTiff {
        path: path.to_path_buf(),
        problem,
    };
    let io = |source| GisError::Read {
        path: path.to_path_buf(),
        source,
    };
    check_magic(&mut reader).map_err(io)?.map_err(geo)?;
    reader.seek(SeekFrom::Start(0)).map_err(io)?;
    let tiff = |what| move |source| tiff_error(path, what, source);
    let mut decoder = Decoder::new(reader).map_err(tiff("reading the first directory"))?;
    let (width, height) = decoder
        .dimensions()
        .map_err(tiff("reading the image size"))?;
    limits.check(path, u64::from(width), u64::from(height))?;
    let sample = sample_type(&mut decoder).map_err(|e| e.into_gis(path))?;
    let georef = georef(&mut decoder, width, height).map_err(|e| e.into_gis(path))?;
    let nodata = find_ascii(&mut decoder, tag::GDAL_NODATA).map_err(|e| e.into_gis(path))?;
    let mut decoder = decoder.with_limits(decoder_limits(limits, sample));
    let data = decoder
        .read_image()
        .map_err(tiff("decoding the image data"))?;
    let nodata = nodata.as_deref();
    let raster = match (sample, data) {
        (SampleType::U8, DecodingResult::U8(v)) => finish(v, georef, nodata).map(AnyRaster::U8),
        (SampleType::U16, DecodingResult::U16(v)) => finish(v, georef, nodata).map(AnyRaster::U16),
        (SampleType::I16, DecodingResult::I16(v)) => finish(v, georef, nodata).map(AnyRaster::I16),
        (SampleType::I32, DecodingResult::I32(v)) => finish(v, georef, nodata).map(AnyRaster::I32),
        (SampleType::F32, DecodingResult::F32(v)) => finish(v, georef, nodata).map(AnyRaster::F32),
        (SampleType::F64, DecodingResult::F64(v)) => finish(v, georef, nodata).map(AnyRaster::F64),
        (announced, other) => Err(GeoTiffProblem::DecodedType {
            announced,
            decoded: decoded_name(&other),
        }),
    };
    raster.map_err(geo)
}

/// A problem found while inspecting tags: the decoder's or ours.
enum TagError {
    Tiff(&'static str, tiff::TiffError),
    Geo(GeoTiffProblem),
}

impl TagError {
    fn into_gis(self, path: &Path) -> GisError {
        let path = path.to_path_buf();
        match self {
            Self::Tiff(what, source) => tiff_error(&path, what, source),
            Self::Geo(problem) => GisError::GeoTiff { path, problem },
        }
    }
}

impl From<GeoTiffProblem> for TagError {
    fn from(p: GeoTiffProblem) -> Self {
        Self::Geo(p)
    }
}

/// The decoder's error; an unexpected end of file becomes [`GeoTiffProblem::Truncated`].
fn tiff_error(path: &Path, what: &'static str, source: tiff::TiffError) -> GisError {
    let path = path.to_path_buf();
    match source {
        tiff::TiffError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            GisError::GeoTiff {
                path,
                problem: GeoTiffProblem::Truncated { what },
            }
        }
        source => GisError::Tiff { path, what, source },
    }
}

/// `Ok(Err(..))` when the first bytes are not a TIFF or BigTIFF signature.
fn check_magic(reader: &mut impl Read) -> std::io::Result<Result<(), GeoTiffProblem>> {
    let mut start = Vec::with_capacity(4);
    reader.take(4).read_to_end(&mut start)?;
    if super::is_tiff_signature(&start) {
        return Ok(Ok(()));
    }
    let hex: Vec<String> = start.iter().map(|b| format!("{b:02X}")).collect();
    Ok(Err(GeoTiffProblem::NotTiff {
        start: hex.join(" "),
    }))
}

/// The cell type, refusing several bands, colour models and unsupported widths.
fn sample_type<R: Read + Seek>(decoder: &mut Decoder<R>) -> Result<SampleType, TagError> {
    use tiff::ColorType;
    let color = decoder
        .colortype()
        .map_err(|e| TagError::Tiff("reading the colour type", e))?;
    let bits = match color {
        ColorType::Gray(bits) | ColorType::Palette(bits) => bits,
        ColorType::Multiband {
            bit_depth,
            num_samples: 1,
        } => bit_depth,
        other => {
            return Err(GeoTiffProblem::NotSingleBand {
                color: format!("{other:?}"),
            }
            .into());
        }
    };
    let format = find_shorts(decoder, Tag::SampleFormat, "reading SampleFormat (339)")?
        .and_then(|v| v.first().copied())
        .unwrap_or(1);
    if let Some(orientation) = find_shorts(decoder, Tag::Orientation, "reading Orientation (274)")?
        .and_then(|v| v.first().copied())
        .filter(|&o| o != 1)
    {
        return Err(GeoTiffProblem::Orientation { value: orientation }.into());
    }
    let sample = match (format, bits) {
        (1, 8) => SampleType::U8,
        (1, 16) => SampleType::U16,
        (2, 16) => SampleType::I16,
        (2, 32) => SampleType::I32,
        (3, 32) => SampleType::F32,
        (3, 64) => SampleType::F64,
        _ => {
            let format = match format {
                1 => "unsigned integer",
                2 => "signed integer",
                3 => "floating-point",
                _ => "unknown-format",
            };
            return Err(GeoTiffProblem::UnsupportedSampleType { bits, format }.into());
        }
    };
    Ok(sample)
}

/// The georeference from the GeoTIFF tags.
fn georef<R: Read + Seek>(
    decoder: &mut Decoder<R>,
    width: u32,
    height: u32,
) -> Result<Landscape, TagError> {
    let scale = find_doubles(decoder, tag::MODEL_PIXEL_SCALE, "ModelPixelScale (33550)")?;
    let tiepoint = find_doubles(decoder, tag::MODEL_TIEPOINT, "ModelTiepoint (33922)")?;
    let matrix = find_doubles(
        decoder,
        tag::MODEL_TRANSFORMATION,
        "ModelTransformation (34264)",
    )?;
    let (cell, mut x, mut y) = match (scale, tiepoint, matrix) {
        (Some(s), Some(t), _) => keys::from_scale_and_tiepoint(&s, &t)?,
        (_, _, Some(m)) => keys::from_transformation(&m)?,
        _ => return Err(GeoTiffProblem::MissingGeoreference.into()),
    };
    let directory = find_shorts(
        decoder,
        Tag::Unknown(tag::GEO_KEY_DIRECTORY),
        "reading GeoKeyDirectory (34735)",
    )?;
    let keys = match directory {
        Some(shorts) => keys::parse_key_directory(&shorts)?,
        None => Vec::new(),
    };
    if keys::is_pixel_is_point(&keys) {
        // The tie point is a cell centre; move it to the corner, as GDAL does.
        (x, y) = (x - cell / 2.0, y + cell / 2.0);
    }
    Ok(Landscape {
        width: width as usize,
        height: height as usize,
        cell_size_m: cell,
        origin_x: x,
        origin_y: y,
        epsg: keys::epsg_of(&keys),
    })
}

fn find_doubles<R: Read + Seek>(
    decoder: &mut Decoder<R>,
    number: u16,
    name: &'static str,
) -> Result<Option<Vec<f64>>, TagError> {
    let Some(value) = decoder
        .find_tag(Tag::Unknown(number))
        .map_err(|e| TagError::Tiff("reading the GeoTIFF tags", e))?
    else {
        return Ok(None);
    };
    let found = format!("{value:?}");
    let values = value.into_f64_vec().map_err(|_| GeoTiffProblem::BadTag {
        tag: name,
        expected: "numbers (DOUBLE)",
        found,
    })?;
    Ok(Some(values))
}

fn find_shorts<R: Read + Seek>(
    decoder: &mut Decoder<R>,
    tag: Tag,
    what: &'static str,
) -> Result<Option<Vec<u16>>, TagError> {
    decoder
        .find_tag_unsigned_vec::<u16>(tag)
        .map_err(|e| TagError::Tiff(what, e))
}

fn find_ascii<R: Read + Seek>(
    decoder: &mut Decoder<R>,
    number: u16,
) -> Result<Option<String>, TagError> {
    let what = "reading GDAL_NODATA (42113)";
    let value = decoder
        .find_tag(Tag::Unknown(number))
        .map_err(|e| TagError::Tiff(what, e))?;
    let Some(value) = value else { return Ok(None) };
    let found = format!("{value:?}");
    let text = value.into_string().map_err(|_| GeoTiffProblem::BadTag {
        tag: "GDAL_NODATA (42113)",
        expected: "ASCII text",
        found,
    })?;
    Ok(Some(text.trim().to_owned()))
}

/// Decoder limits matching ours: the image buffer may hold `max_cells` cells.
fn decoder_limits(limits: ReadLimits, sample: SampleType) -> Limits {
    let bytes = match sample {
        SampleType::U8 => 1u64,
        SampleType::U16 | SampleType::I16 => 2,
        SampleType::I32 | SampleType::F32 => 4,
        SampleType::F64 => 8,
    };
    let mut out = Limits::default();
    let buffer = limits.max_cells.saturating_mul(bytes);
    out.decoding_buffer_size = usize::try_from(buffer).unwrap_or(usize::MAX);
    out
}

/// Builds the raster: parses NoData as `T` and refuses non-finite data cells.
fn finish<T: Sample>(
    cells: Vec<T>,
    georef: Landscape,
    nodata: Option<&str>,
) -> Result<Raster<T>, GeoTiffProblem> {
    let nodata = match nodata {
        Some(text) => Some(
            T::parse_token(text).ok_or_else(|| GeoTiffProblem::BadNoData {
                text: text.to_owned(),
                sample: T::TYPE,
            })?,
        ),
        None => None,
    };
    let bad = cells
        .iter()
        .position(|&v| !v.is_finite() && !nodata.is_some_and(|n| v.is_nodata(n)));
    if let Some(i) = bad {
        let (x, y) = (i % georef.width, i / georef.width);
        return Err(GeoTiffProblem::NonFiniteCell {
            x,
            y,
            value: cells[i].to_f64(),
        });
    }
    let found = cells.len();
    let (width, height) = (georef.width as u32, georef.height as u32);
    let grid =
        Grid::from_vec(georef.width, georef.height, cells).ok_or(GeoTiffProblem::CellCount {
            found,
            width,
            height,
        })?;
    Raster::new(grid, georef, nodata).map_err(|_| GeoTiffProblem::CellCount {
        found,
        width,
        height,
    })
}

/// The name of the cell type the decoder produced.
fn decoded_name(result: &DecodingResult) -> &'static str {
    match result {
        DecodingResult::U8(_) => "u8",
        DecodingResult::U16(_) => "u16",
        DecodingResult::U32(_) => "u32",
        DecodingResult::U64(_) => "u64",
        DecodingResult::F16(_) => "f16",
        DecodingResult::F32(_) => "f32",
        DecodingResult::F64(_) => "f64",
        DecodingResult::I8(_) => "i8",
        DecodingResult::I16(_) => "i16",
        DecodingResult::I32(_) => "i32",
        DecodingResult::I64(_) => "i64",
    }
}
