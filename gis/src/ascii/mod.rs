//! ESRI ASCII grid (`.asc`) input and output.

mod header;
mod lexer;
mod read;
mod write;

pub use read::{read_ascii_grid, read_ascii_grid_from};
pub use write::write_ascii_grid;
