//! Errors of raster input and output. Every error names the file; text formats add the
//! line and column, binary formats the tag or structure at fault, and each message
//! says what was expected.

use std::io;
use std::path::PathBuf;

use crate::{ConvertError, SampleType, ShapeMismatch};

/// A raster file that could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GisError {
    /// The file could not be opened or read.
    #[error("{}: cannot read: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The output could not be written (the target is left untouched).
    #[error("{}: cannot write: {source}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// An ESRI ASCII grid is malformed at a given place in its text.
    #[error("{}:{line}:{column}: {problem}", .path.display())]
    Ascii {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// 1-based column, in characters.
        column: u64,
        /// What is wrong.
        problem: AsciiProblem,
    },
    /// The TIFF decoder or encoder failed (a corrupt file, an unsupported TIFF feature).
    #[error("{}: invalid or unsupported TIFF ({what}): {source}", .path.display())]
    Tiff {
        /// The file.
        path: PathBuf,
        /// What was being done.
        what: &'static str,
        /// The `tiff` crate's error.
        #[source]
        source: tiff::TiffError,
    },
    /// A TIFF that is well formed but not a GeoTIFF raster Shanshui can use.
    #[error("{}: {problem}", .path.display())]
    GeoTiff {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: GeoTiffProblem,
    },
    /// The cells cannot be held exactly by the type the caller asked for.
    #[error("{}: {source}", .path.display())]
    Convert {
        /// The file.
        path: PathBuf,
        /// The value that does not fit.
        #[source]
        source: ConvertError,
    },
    /// The declared raster is larger than the reader's limit; nothing was allocated.
    #[error(
        "{}: the raster declares {width}×{height} = {cells} cells, more than the limit of \
         {limit} cells; if the file is genuine, raise the limit with --max-cells",
        .path.display()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Declared columns.
        width: u64,
        /// Declared rows.
        height: u64,
        /// `width × height`.
        cells: u128,
        /// The limit in force.
        limit: u64,
    },
    /// The data given to a writer cannot be stored as asked.
    #[error("{}: cannot write: {problem}", .path.display())]
    Unwritable {
        /// The file that was to be written.
        path: PathBuf,
        /// What is wrong with the data.
        problem: WriteProblem,
    },
}

/// What is wrong at one place of an ESRI ASCII grid.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AsciiProblem {
    /// Nothing but whitespace in the file.
    #[error("the file is empty; expected an ESRI ASCII grid header starting with `ncols`")]
    Empty,
    /// A byte sequence that is not UTF-8 text.
    #[error("byte 0x{byte:02X} is not valid UTF-8; an ASCII grid must be plain text")]
    NotUtf8 {
        /// The first offending byte.
        byte: u8,
    },
    /// A token longer than any number has a right to be.
    #[error("a token longer than {limit} bytes; expected a number or header key")]
    TokenTooLong {
        /// The maximum token length.
        limit: usize,
    },
    /// A word in the header that is not a known key.
    #[error(
        "unknown header key `{found}`; expected ncols, nrows, xllcorner or xllcenter, \
         yllcorner or yllcenter, cellsize, NODATA_value"
    )]
    UnknownKey {
        /// The word found.
        found: String,
    },
    /// A required header key is absent.
    #[error("missing header key `{key}` before the cell values")]
    MissingKey {
        /// The missing key.
        key: &'static str,
    },
    /// The same key twice, or two keys for the same thing.
    #[error(
        "header key `{key}` repeats what the earlier `{first}` gave; give each header value once"
    )]
    DuplicateKey {
        /// The key found here.
        key: String,
        /// The earlier key with the same meaning.
        first: String,
    },
    /// `dx`/`dy` header keys: rectangular cells.
    #[error(
        "header key `{key}` declares non-square cells, which are not supported; resample to square cells and use `cellsize`"
    )]
    NonSquareCells {
        /// `dx` or `dy`.
        key: String,
    },
    /// A header value of the wrong kind or range.
    #[error("{key}: expected {expected}, found {}", shown(.found.as_deref()))]
    BadHeaderValue {
        /// The key.
        key: String,
        /// What the value must be.
        expected: &'static str,
        /// The token found; `None` at the end of the file.
        found: Option<String>,
    },
    /// A cell value that does not parse as the requested type.
    #[error("cell (x {x}, y {y}): expected {expected}, found `{found}`")]
    BadCell {
        /// Column, from 0 at the west edge.
        x: u64,
        /// Row, from 0 at the north edge.
        y: u64,
        /// What the value must be.
        expected: &'static str,
        /// The token found.
        found: String,
    },
    /// NaN or infinity that is not the NoData value.
    #[error(
        "cell (x {x}, y {y}): `{found}` is not a finite number; mark missing cells with the NODATA_value"
    )]
    NonFiniteCell {
        /// Column, from 0 at the west edge.
        x: u64,
        /// Row, from 0 at the north edge.
        y: u64,
        /// The token found.
        found: String,
    },
    /// The file ends before every cell has a value.
    #[error(
        "the file ends after {found} of {expected} values ({width} columns × {height} rows); \
         is it truncated?"
    )]
    TooFewValues {
        /// Values read.
        found: u64,
        /// `width × height`.
        expected: u64,
        /// Declared columns.
        width: u64,
        /// Declared rows.
        height: u64,
    },
    /// More values than cells.
    #[error(
        "unexpected value `{found}` after all {expected} values ({width} columns × {height} \
         rows); check ncols and nrows"
    )]
    TooManyValues {
        /// The extra token.
        found: String,
        /// `width × height`.
        expected: u64,
        /// Declared columns.
        width: u64,
        /// Declared rows.
        height: u64,
    },
}

/// What makes a TIFF unusable as a single-band georeferenced raster.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GeoTiffProblem {
    /// The first bytes are not a TIFF signature.
    #[error("not a TIFF file: {}", describe_start(.start))]
    NotTiff {
        /// The first (up to 4) bytes, in hex; empty for an empty file.
        start: String,
    },
    /// More than one band, or a colour model.
    #[error(
        "holds {color} pixels; only single-band rasters are supported (extract one band \
         with `gdal_translate -b 1`)"
    )]
    NotSingleBand {
        /// The TIFF colour type.
        color: String,
    },
    /// A cell type outside u8, u16, i16, i32, f32, f64.
    #[error(
        "{bits}-bit {format} cells are not supported; expected u8, u16, i16, i32, f32 or f64 \
         (convert with `gdal_translate -ot Float32`)"
    )]
    UnsupportedSampleType {
        /// Bits per sample.
        bits: u8,
        /// The SampleFormat, in words.
        format: &'static str,
    },
    /// The data decoded as another type than the tags announce.
    #[error("the tags announce {announced} cells but the data decodes as {decoded}")]
    DecodedType {
        /// The type from BitsPerSample and SampleFormat.
        announced: SampleType,
        /// The type the decoder produced.
        decoded: &'static str,
    },
    /// Rows not stored top to bottom, left to right.
    #[error(
        "Orientation (274) is {value}; only 1 (rows top to bottom, columns left to right) is supported"
    )]
    Orientation {
        /// The Orientation tag's value.
        value: u16,
    },
    /// Neither pixel scale + tie point nor a transformation.
    #[error(
        "no georeference: neither ModelPixelScale (33550) with ModelTiepoint (33922) nor \
         ModelTransformation (34264) is present; assign one with `gdal_edit.py -a_ullr` or \
         `gdal_translate -a_srs`"
    )]
    MissingGeoreference,
    /// A tag with a value of the wrong kind.
    #[error("tag {tag}: expected {expected}, found {found}")]
    BadTag {
        /// Tag name and number.
        tag: &'static str,
        /// What the value must be.
        expected: &'static str,
        /// The value found.
        found: String,
    },
    /// A transformation with rotation or shear terms.
    #[error(
        "the raster is rotated or sheared (ModelTransformation (34264) has rotation terms); \
         warp it north-up with `gdalwarp` first"
    )]
    Rotated,
    /// The file ends inside a structure the header points to.
    #[error("the file ends early while {what}; is it truncated?")]
    Truncated {
        /// What was being read.
        what: &'static str,
    },
    /// Rectangular cells.
    #[error(
        "cells are {x} × {y} map units, not square; resample with `gdalwarp -tr <size> <size>`"
    )]
    NonSquareCells {
        /// Size in x.
        x: f64,
        /// Size in y.
        y: f64,
    },
    /// A NoData value that is not a value of the cell type.
    #[error("tag GDAL_NODATA (42113): `{text}` cannot be stored in {sample} cells (expected {})", .sample.expected())]
    BadNoData {
        /// The tag's text.
        text: String,
        /// The cell type.
        sample: SampleType,
    },
    /// NaN or infinity that is not the NoData value.
    #[error(
        "cell (x {x}, y {y}) is {value}, which is not finite and not the NoData value; \
         declare it as NoData (e.g. `gdal_edit.py -a_nodata nan`)"
    )]
    NonFiniteCell {
        /// Column.
        x: usize,
        /// Row.
        y: usize,
        /// The value.
        value: f64,
    },
    /// The decoder returned another number of cells than the image declares.
    #[error("the image data holds {found} cells, but the image is {width}×{height}")]
    CellCount {
        /// Cells decoded.
        found: usize,
        /// Declared columns.
        width: u32,
        /// Declared rows.
        height: u32,
    },
}

/// The first bytes of a file that is not a TIFF.
fn describe_start(start: &str) -> String {
    if start.is_empty() {
        return "the file is empty".to_owned();
    }
    format!("it starts with bytes [{start}], not `II*\\0` or `MM\\0*`")
}

/// A token in backticks, or the end of the file.
fn shown(found: Option<&str>) -> String {
    found.map_or_else(|| "the end of the file".to_owned(), |t| format!("`{t}`"))
}

/// Why data cannot be written to a raster file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum WriteProblem {
    /// The grid's size differs from the georeference's.
    #[error(transparent)]
    ShapeMismatch(#[from] ShapeMismatch),
    /// An empty grid.
    #[error("the grid has no cells ({width}×{height})")]
    Empty {
        /// Columns.
        width: usize,
        /// Rows.
        height: usize,
    },
    /// A georeference that is not finite or has a non-positive cell size.
    #[error("invalid georeference: {what} is {value}; expected a finite number{positive}", positive = if *.what == "cell size" { " > 0" } else { "" })]
    BadGeoref {
        /// Which field.
        what: &'static str,
        /// Its value.
        value: f64,
    },
    /// NaN or infinity that is not the NoData value.
    #[error("cell (x {x}, y {y}) is {value}, which is not finite and not the NoData value")]
    NonFiniteCell {
        /// Column.
        x: usize,
        /// Row.
        y: usize,
        /// The value.
        value: f64,
    },
    /// More columns or rows than the format can store.
    #[error("{width}×{height} cells is too large for a {format} file")]
    TooLargeForFormat {
        /// Columns.
        width: usize,
        /// Rows.
        height: usize,
        /// The format.
        format: &'static str,
    },
}
