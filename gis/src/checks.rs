//! Consistency checks across the layers of one landscape: same size, cell size, origin
//! and CRS; plus per-layer checks that an elevation layer is finite and that a layer
//! holds some data. Each error names the layers and values involved and how to fix them.

use shanshui_engine::Landscape;

use crate::{Raster, Sample};

/// Origins may differ by this fraction of a cell (and cell sizes by this fraction of
/// the cell size) and still count as aligned: enough to absorb the rounding of text
/// coordinates and corner/centre conversions, far below any real misregistration.
pub const ALIGN_TOLERANCE_CELLS: f64 = 1e-3;

/// How a layer's georeference disagrees with the reference (first) layer's.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AlignmentError {
    /// Different numbers of columns or rows.
    #[error(
        "layer `{layer}` is {width}×{height} cells but `{reference}` is {ref_width}×{ref_height}; \
         resample it onto the same grid"
    )]
    Size {
        /// The layer checked.
        layer: String,
        /// The reference layer.
        reference: String,
        /// Its columns.
        width: usize,
        /// Its rows.
        height: usize,
        /// Reference columns.
        ref_width: usize,
        /// Reference rows.
        ref_height: usize,
    },
    /// Different cell sizes.
    #[error(
        "layer `{layer}` has cells of {cell} map units but `{reference}` has {ref_cell}; \
         resample it to the same resolution"
    )]
    CellSize {
        /// The layer checked.
        layer: String,
        /// The reference layer.
        reference: String,
        /// Its cell size.
        cell: f64,
        /// Reference cell size.
        ref_cell: f64,
    },
    /// Different north-west corners.
    #[error(
        "layer `{layer}` has its north-west corner at ({x}, {y}) but `{reference}` at \
         ({ref_x}, {ref_y}); the layers are offset by more than {ALIGN_TOLERANCE_CELLS} of a cell"
    )]
    Origin {
        /// The layer checked.
        layer: String,
        /// The reference layer.
        reference: String,
        /// Its origin x.
        x: f64,
        /// Its origin y.
        y: f64,
        /// Reference origin x.
        ref_x: f64,
        /// Reference origin y.
        ref_y: f64,
    },
    /// Different coordinate reference systems.
    #[error(
        "layer `{layer}` is in EPSG:{epsg} but `{reference}` is in EPSG:{ref_epsg}; \
         reproject it with `gdalwarp -t_srs EPSG:{ref_epsg}`"
    )]
    Crs {
        /// The layer checked.
        layer: String,
        /// The reference layer.
        reference: String,
        /// Its EPSG code.
        epsg: u32,
        /// Reference EPSG code.
        ref_epsg: u32,
    },
}

/// Checks that every layer has the first layer's size, cell size, origin (within
/// [`ALIGN_TOLERANCE_CELLS`]) and CRS, returning every disagreement found. A layer
/// without an EPSG code (an ASCII grid) is taken to share the others' CRS; CRS codes
/// are compared only when the layers name one.
pub fn check_aligned(layers: &[(&str, &Landscape)]) -> Result<(), Vec<AlignmentError>> {
    let Some(&(reference, first)) = layers.first() else {
        return Ok(());
    };
    let crs = layers
        .iter()
        .find_map(|&(name, g)| g.epsg.map(|code| (name, code)));
    let mut problems = Vec::new();
    for &(name, g) in &layers[1..] {
        problems.extend(compare(name, g, reference, first));
    }
    if let Some((crs_ref, ref_epsg)) = crs {
        for &(name, g) in layers {
            if let Some(epsg) = g.epsg.filter(|&code| code != ref_epsg) {
                let (layer, reference) = (name.to_owned(), crs_ref.to_owned());
                problems.push(AlignmentError::Crs {
                    layer,
                    reference,
                    epsg,
                    ref_epsg,
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Size, cell size and origin of `g` against the reference `r`.
fn compare(name: &str, g: &Landscape, reference: &str, r: &Landscape) -> Option<AlignmentError> {
    let (layer, reference) = (name.to_owned(), reference.to_owned());
    if (g.width, g.height) != (r.width, r.height) {
        let (width, height, ref_width, ref_height) = (g.width, g.height, r.width, r.height);
        return Some(AlignmentError::Size {
            layer,
            reference,
            width,
            height,
            ref_width,
            ref_height,
        });
    }
    let tolerance = ALIGN_TOLERANCE_CELLS * r.cell_size_m;
    if (g.cell_size_m - r.cell_size_m).abs() > tolerance {
        let (cell, ref_cell) = (g.cell_size_m, r.cell_size_m);
        return Some(AlignmentError::CellSize {
            layer,
            reference,
            cell,
            ref_cell,
        });
    }
    let offset = (g.origin_x - r.origin_x)
        .abs()
        .max((g.origin_y - r.origin_y).abs());
    if offset > tolerance {
        let (x, y, ref_x, ref_y) = (g.origin_x, g.origin_y, r.origin_x, r.origin_y);
        return Some(AlignmentError::Origin {
            layer,
            reference,
            x,
            y,
            ref_x,
            ref_y,
        });
    }
    None
}

/// A layer whose cell values cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LayerError {
    /// NaN or infinity outside NoData.
    #[error(
        "layer `{layer}`: cell (x {x}, y {y}) at map ({map_x}, {map_y}) is {value}; values must \
         be finite (mark missing cells as NoData)"
    )]
    NonFinite {
        /// The layer.
        layer: String,
        /// Column.
        x: usize,
        /// Row.
        y: usize,
        /// Map x of the cell centre.
        map_x: f64,
        /// Map y of the cell centre.
        map_y: f64,
        /// The value.
        value: f64,
    },
    /// Every cell is NoData.
    #[error(
        "layer `{layer}` holds only NoData ({nodata}) in all its {cells} cells; check its \
         NoData value and extent"
    )]
    AllNoData {
        /// The layer.
        layer: String,
        /// The NoData value.
        nodata: f64,
        /// Number of cells.
        cells: usize,
    },
}

/// Refuses NaN or infinite values that are not NoData (e.g. in an elevation layer),
/// naming the first such cell in row-major order with its map coordinates.
pub fn check_finite<T: Sample>(layer: &str, raster: &Raster<T>) -> Result<(), LayerError> {
    let grid = raster.grid();
    let bad = grid
        .as_slice()
        .iter()
        .position(|&v| !v.is_finite() && !raster.is_nodata(v));
    let Some(i) = bad else { return Ok(()) };
    let (x, y) = (i % grid.width(), i / grid.width());
    let (map_x, map_y) = raster.georef().cell_centre(x, y);
    let value = grid.as_slice()[i].to_f64();
    Err(LayerError::NonFinite {
        layer: layer.to_owned(),
        x,
        y,
        map_x,
        map_y,
        value,
    })
}

/// Refuses a layer in which every cell is NoData.
pub fn check_has_data<T: Sample>(layer: &str, raster: &Raster<T>) -> Result<(), LayerError> {
    match raster.nodata() {
        Some(nodata) if raster.valid_cells() == 0 => Err(LayerError::AllNoData {
            layer: layer.to_owned(),
            nodata: nodata.to_f64(),
            cells: raster.grid().len(),
        }),
        _ => Ok(()),
    }
}
