//! Writes a grid as an ESRI ASCII grid, atomically. Integers are written without
//! decimals and floats in their shortest round-trip form, so reading the file back
//! gives the same values.

use std::io::{self, Write};
use std::path::Path;

use shanshui_engine::{Grid, Landscape};

use crate::atomic::write_atomically;
use crate::georef::{check_writable, south_edge};
use crate::{GisError, Sample};

/// Writes `grid`, placed by `georef`, to `path` as an ESRI ASCII grid with `xllcorner`,
/// `yllcorner` and, when given, `NODATA_value`. The file appears complete or not at all.
/// The CRS is not stored (the format has no place for it).
pub fn write_ascii_grid<T: Sample>(
    path: &Path,
    grid: &Grid<T>,
    georef: &Landscape,
    nodata: Option<T>,
) -> Result<(), GisError> {
    check_writable(grid, georef, nodata).map_err(|problem| GisError::Unwritable {
        path: path.to_path_buf(),
        problem,
    })?;
    write_atomically(path, |out| write_ascii_grid_to(out, grid, georef, nodata))
}

/// Writes the header and the rows to `out`.
fn write_ascii_grid_to<T: Sample>(
    out: &mut impl Write,
    grid: &Grid<T>,
    georef: &Landscape,
    nodata: Option<T>,
) -> io::Result<()> {
    writeln!(out, "ncols         {}", grid.width())?;
    writeln!(out, "nrows         {}", grid.height())?;
    writeln!(out, "xllcorner     {:?}", georef.origin_x)?;
    writeln!(out, "yllcorner     {:?}", south_edge(georef))?;
    writeln!(out, "cellsize      {:?}", georef.cell_size_m)?;
    if let Some(nodata) = nodata {
        write!(out, "NODATA_value  ")?;
        nodata.write_token(out)?;
        writeln!(out)?;
    }
    for y in 0..grid.height() {
        for (x, &v) in grid.row(y).iter().enumerate() {
            if x > 0 {
                out.write_all(b" ")?;
            }
            v.write_token(out)?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}
