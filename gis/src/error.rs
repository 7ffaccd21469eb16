//! Errors of raster input and output. Every error names the file; text formats add the
//! line and column, binary formats the tag or structure at fault, and each message
//! says what was expected.

use std::io;
use std::path::PathBuf;

use crate::ShapeMismatch;

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
