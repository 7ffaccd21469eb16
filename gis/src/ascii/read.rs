//! Reads an ESRI ASCII grid into a [`Raster`], checking the declared size against the
//! [`ReadLimits`] before allocating and locating every problem by line and column.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use shanshui_engine::{Grid, Landscape};

use super::header::{Anchor, Header, escaped, read_header};
use super::lexer::{LexError, Lexer, Pos};
use crate::{AsciiProblem, GisError, Raster, ReadLimits, Sample};

/// Cells reserved up front; the buffer then grows with the values actually present,
/// so a file that declares many cells but holds few costs little memory.
const INITIAL_CELLS: u64 = 1 << 16;

/// Reads the ESRI ASCII grid at `path` with cells of type `T`.
///
/// Values must parse as `T` (integers also accept `3.0`); NaN and infinity are refused
/// unless they equal `NODATA_value`. `xllcenter`/`yllcenter` are converted to corners.
pub fn read_ascii_grid<T: Sample>(path: &Path, limits: ReadLimits) -> Result<Raster<T>, GisError> {
    let file = File::open(path).map_err(|source| GisError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    read_ascii_grid_from(file, path, limits)
}

/// Reads an ESRI ASCII grid from `reader`; `path` names it in errors.
pub fn read_ascii_grid_from<T: Sample>(
    reader: impl Read,
    path: &Path,
    limits: ReadLimits,
) -> Result<Raster<T>, GisError> {
    let mut lexer = Lexer::new(BufReader::new(reader));
    parse(&mut lexer, path, limits).map_err(|e| match e {
        ReadError::Lex(LexError::Io(source)) => GisError::Read {
            path: path.to_path_buf(),
            source,
        },
        ReadError::Lex(LexError::At(pos, problem)) => located(path, pos, problem),
        ReadError::Gis(e) => e,
    })
}

/// Either a located text problem or a complete error.
enum ReadError {
    Lex(LexError),
    Gis(GisError),
}

impl From<LexError> for ReadError {
    fn from(e: LexError) -> Self {
        Self::Lex(e)
    }
}

fn located(path: &Path, pos: Pos, problem: AsciiProblem) -> GisError {
    GisError::Ascii {
        path: path.to_path_buf(),
        line: pos.line,
        column: pos.column,
        problem,
    }
}

fn parse<T: Sample, R: BufRead>(
    lexer: &mut Lexer<R>,
    path: &Path,
    limits: ReadLimits,
) -> Result<Raster<T>, ReadError> {
    let (header, first) = read_header::<T, R>(lexer)?;
    limits
        .check(path, header.ncols, header.nrows)
        .map_err(ReadError::Gis)?;
    let georef = georef_of(&header)?;
    let cells = read_cells(lexer, &header, first)?;
    let grid = Grid::from_vec(georef.width, georef.height, cells).expect("count checked");
    Ok(Raster::new(grid, georef, header.nodata).expect("shape from the same header"))
}

/// The georeference: lower-left corner or centre turned into the north-west corner.
fn georef_of<T>(h: &Header<T>) -> Result<Landscape, LexError> {
    let half = |anchor| {
        if anchor == Anchor::Center {
            h.cellsize / 2.0
        } else {
            0.0
        }
    };
    let origin_x = h.x.0 - half(h.x.1);
    let origin_y = h.y.0 - half(h.y.1) + h.nrows as f64 * h.cellsize;
    if !(origin_x.is_finite() && origin_y.is_finite()) {
        let problem = AsciiProblem::BadHeaderValue {
            key: "yllcorner".to_owned(),
            expected: "a coordinate that keeps the raster's north edge finite",
            found: Some(format!("{:?}", h.y.0)),
        };
        return Err(LexError::At(h.y_at, problem));
    }
    Ok(Landscape {
        // Both fit: the cell limit was checked first and is far below `usize::MAX`.
        width: usize::try_from(h.ncols).unwrap_or(usize::MAX),
        height: usize::try_from(h.nrows).unwrap_or(usize::MAX),
        cell_size_m: h.cellsize,
        origin_x,
        origin_y,
        epsg: None,
    })
}

/// Reads exactly `ncols × nrows` values, the first of which starts at `first`.
fn read_cells<T: Sample, R: BufRead>(
    lexer: &mut Lexer<R>,
    h: &Header<T>,
    first: Option<Pos>,
) -> Result<Vec<T>, LexError> {
    let expected = h.ncols * h.nrows;
    let (width, height) = (h.ncols, h.nrows);
    let mut cells = Vec::with_capacity(expected.min(INITIAL_CELLS) as usize);
    let mut next = first;
    while let Some(at) = next {
        let n = cells.len() as u64;
        let found = || escaped(lexer.text());
        if n == expected {
            let problem = AsciiProblem::TooManyValues {
                found: found(),
                expected,
                width,
                height,
            };
            return Err(LexError::At(at, problem));
        }
        let (x, y) = (n % width, n / width);
        let Some(v) = T::parse_token(lexer.text()) else {
            let problem = AsciiProblem::BadCell {
                x,
                y,
                expected: T::TYPE.expected(),
                found: found(),
            };
            return Err(LexError::At(at, problem));
        };
        if !v.is_finite() && !h.nodata.is_some_and(|nd| v.is_nodata(nd)) {
            return Err(LexError::At(
                at,
                AsciiProblem::NonFiniteCell {
                    x,
                    y,
                    found: found(),
                },
            ));
        }
        cells.push(v);
        next = lexer.next_token()?;
    }
    if (cells.len() as u64) < expected {
        let problem = AsciiProblem::TooFewValues {
            found: cells.len() as u64,
            expected,
            width,
            height,
        };
        return Err(LexError::At(lexer.pos(), problem));
    }
    Ok(cells)
}
