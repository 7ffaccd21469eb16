//! The header of an ESRI ASCII grid: `ncols`, `nrows`, `xllcorner`|`xllcenter`,
//! `yllcorner`|`yllcenter`, `cellsize` and the optional `NODATA_value`, keys in any
//! order and any letter case, one value each.

use std::io::BufRead;

use super::lexer::{LexError, Lexer, Pos};
use crate::{AsciiProblem, Sample};

/// Which point of the lower-left cell a coordinate refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// The cell's outer corner (`xllcorner`).
    Corner,
    /// The cell's centre (`xllcenter`).
    Center,
}

/// A parsed header value and the key text it came with.
#[derive(Debug, Clone)]
struct Slot<V> {
    key: String,
    value: V,
    at: Pos,
}

/// The keys, as found so far.
#[derive(Debug)]
struct Fields<T> {
    ncols: Option<Slot<u64>>,
    nrows: Option<Slot<u64>>,
    x: Option<Slot<(f64, Anchor)>>,
    y: Option<Slot<(f64, Anchor)>>,
    cellsize: Option<Slot<f64>>,
    nodata: Option<Slot<T>>,
}

/// A complete header.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header<T> {
    pub ncols: u64,
    pub nrows: u64,
    pub x: (f64, Anchor),
    pub y: (f64, Anchor),
    /// Where the y coordinate's value was, to locate an impossible north edge.
    pub y_at: Pos,
    pub cellsize: f64,
    pub nodata: Option<T>,
}

const WHOLE: &str = "a whole number of at least 1";
const FINITE: &str = "a finite number";
const POSITIVE: &str = "a positive finite number";

/// Reads the header; returns it with the position of the first cell value, or `None`
/// for that position when the file has no values at all.
pub(crate) fn read_header<T: Sample, R: BufRead>(
    lexer: &mut Lexer<R>,
) -> Result<(Header<T>, Option<Pos>), LexError> {
    let mut f = Fields {
        ncols: None,
        nrows: None,
        x: None,
        y: None,
        cellsize: None,
        nodata: None,
    };
    let mut any_key = false;
    let first_value = loop {
        let Some(at) = lexer.next_token()? else {
            break None;
        };
        let key = lexer.text().to_owned();
        let lower = key.to_ascii_lowercase();
        match lower.as_str() {
            "ncols" => store(&mut f.ncols, key, at, parse_count, lexer)?,
            "nrows" => store(&mut f.nrows, key, at, parse_count, lexer)?,
            "xllcorner" | "xllcenter" => {
                let anchor = anchor_of(&lower);
                store(&mut f.x, key, at, |t| finite(t).map(|v| (v, anchor)), lexer)?
            }
            "yllcorner" | "yllcenter" => {
                let anchor = anchor_of(&lower);
                store(&mut f.y, key, at, |t| finite(t).map(|v| (v, anchor)), lexer)?
            }
            "cellsize" => store(&mut f.cellsize, key, at, positive, lexer)?,
            "nodata_value" => store(
                &mut f.nodata,
                key,
                at,
                |t| T::parse_token(t).ok_or(T::TYPE.expected()),
                lexer,
            )?,
            "dx" | "dy" => return Err(LexError::At(at, AsciiProblem::NonSquareCells { key })),
            _ if f64::parse_token(&key).is_some() => break Some(at),
            _ => {
                return Err(LexError::At(
                    at,
                    AsciiProblem::UnknownKey {
                        found: escaped(&key),
                    },
                ));
            }
        }
        any_key = true;
    };
    if !any_key && first_value.is_none() {
        return Err(LexError::At(
            Pos { line: 1, column: 1 },
            AsciiProblem::Empty,
        ));
    }
    let header = complete(f, first_value.unwrap_or(lexer.pos()))?;
    Ok((header, first_value))
}

/// Checks that every required key is present.
fn complete<T>(f: Fields<T>, at: Pos) -> Result<Header<T>, LexError> {
    let missing = |key| LexError::At(at, AsciiProblem::MissingKey { key });
    let ncols = f.ncols.ok_or_else(|| missing("ncols"))?.value;
    let nrows = f.nrows.ok_or_else(|| missing("nrows"))?.value;
    let x = f.x.ok_or_else(|| missing("xllcorner"))?.value;
    let y = f.y.ok_or_else(|| missing("yllcorner"))?;
    Ok(Header {
        ncols,
        nrows,
        x,
        y: y.value,
        y_at: y.at,
        cellsize: f.cellsize.ok_or_else(|| missing("cellsize"))?.value,
        nodata: f.nodata.map(|s| s.value),
    })
}

/// Reads the value after `key` into an empty `slot`, refusing duplicates.
fn store<V, R: BufRead>(
    slot: &mut Option<Slot<V>>,
    key: String,
    key_at: Pos,
    parse: impl Fn(&str) -> Result<V, &'static str>,
    lexer: &mut Lexer<R>,
) -> Result<(), LexError> {
    if let Some(first) = slot {
        let problem = AsciiProblem::DuplicateKey {
            key,
            first: first.key.clone(),
        };
        return Err(LexError::At(key_at, problem));
    }
    let bad = |expected, found, at| {
        LexError::At(
            at,
            AsciiProblem::BadHeaderValue {
                key: key.clone(),
                expected,
                found,
            },
        )
    };
    let Some(at) = lexer.next_token()? else {
        let expected = parse("").err().unwrap_or(FINITE);
        return Err(bad(expected, None, lexer.pos()));
    };
    let value =
        parse(lexer.text()).map_err(|expected| bad(expected, Some(escaped(lexer.text())), at))?;
    *slot = Some(Slot { key, value, at });
    Ok(())
}

fn anchor_of(lower_key: &str) -> Anchor {
    if lower_key.ends_with("center") {
        Anchor::Center
    } else {
        Anchor::Corner
    }
}

fn parse_count(token: &str) -> Result<u64, &'static str> {
    token.parse::<u64>().ok().filter(|&n| n >= 1).ok_or(WHOLE)
}

fn finite(token: &str) -> Result<f64, &'static str> {
    token
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or(FINITE)
}

fn positive(token: &str) -> Result<f64, &'static str> {
    finite(token).ok().filter(|&v| v > 0.0).ok_or(POSITIVE)
}

/// A token as shown in a message: control characters escaped.
pub(crate) fn escaped(token: &str) -> String {
    token.escape_debug().to_string()
}
