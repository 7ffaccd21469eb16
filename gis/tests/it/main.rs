//! Integration tests of shanshui-gis, one binary:
//! - `ascii`: ESRI ASCII grid round trips and header variants;
//! - `hostile`: every malformed file under `tests/data/bad/` gives its exact error.

mod ascii;
mod common;
mod hostile;
