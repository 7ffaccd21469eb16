//! The habitat patches of a land-cover map with their areas, centroids and bounding
//! boxes ([`PatchSet`]), and the landscape-level figures that do not depend on
//! dispersal: `A_L`, habitat area and edge density.

use crate::labels::{PatchLabels, label_patches};
use crate::{ConnectivityError, HabitatClasses, NODATA, Neighbourhood};
use rayon::prelude::*;
use serde::Serialize;
use shanshui_engine::{Grid, Landscape};

/// One habitat patch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Patch {
    /// Patch id: its index, ordered by the patch's first cell in row-major order.
    pub id: u32,
    /// Number of cells.
    pub cells: u64,
    /// Area `a_i` in hectares.
    pub area_ha: f64,
    /// Map x of the mean of the cell centres, metres.
    pub centroid_x: f64,
    /// Map y of the mean of the cell centres, metres.
    pub centroid_y: f64,
    /// Bounding box in cells: `[min_x, min_y, max_x, max_y]`, inclusive.
    pub bbox: [u32; 4],
}

/// The patches of one land-cover map, with the landscape totals.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchSet {
    labels: PatchLabels,
    patches: Vec<Patch>,
    landscape: Landscape,
    data_cells: u64,
    edge_faces: u64,
}

impl PatchSet {
    /// Finds the patches of `cover` (its geometry given by `landscape`).
    pub fn new(
        cover: &Grid<u8>,
        landscape: &Landscape,
        habitat: &HabitatClasses,
        neighbourhood: Neighbourhood,
    ) -> Result<Self, ConnectivityError> {
        check_geometry(cover, landscape)?;
        let (data_cells, edge_faces) = count_data_and_edges(cover, habitat);
        if data_cells == 0 {
            return Err(ConnectivityError::NoData);
        }
        let labels = label_patches(cover, habitat, neighbourhood);
        let patches = describe_patches(&labels, landscape);
        Ok(Self {
            labels,
            patches,
            landscape: *landscape,
            data_cells,
            edge_faces,
        })
    }

    /// The patches, by id.
    pub fn patches(&self) -> &[Patch] {
        &self.patches
    }

    /// Number of patches.
    pub fn len(&self) -> usize {
        self.patches.len()
    }

    /// True when there is no habitat.
    pub fn is_empty(&self) -> bool {
        self.patches.is_empty()
    }

    /// Patch label of every cell.
    pub fn labels(&self) -> &PatchLabels {
        &self.labels
    }

    /// The raster geometry.
    pub fn landscape(&self) -> &Landscape {
        &self.landscape
    }

    /// Patch areas `a_i` in hectares, by id.
    pub fn areas_ha(&self) -> Vec<f64> {
        self.patches.iter().map(|p| p.area_ha).collect()
    }

    /// `A_L`: area of all cells that are not nodata, hectares.
    pub fn landscape_area_ha(&self) -> f64 {
        self.data_cells as f64 * self.landscape.cell_area_ha()
    }

    /// Total habitat area, hectares.
    pub fn habitat_area_ha(&self) -> f64 {
        let cells: u64 = self.patches.iter().map(|p| p.cells).sum();
        cells as f64 * self.landscape.cell_area_ha()
    }

    /// Edge density, metres per hectare of `A_L`: the length of the cell sides shared
    /// by a habitat cell and a 4-neighbour that is neither habitat nor nodata. Sides on
    /// the map border and sides against nodata do not count (their far side is unknown).
    pub fn edge_density_m_per_ha(&self) -> f64 {
        self.edge_faces as f64 * self.landscape.cell_size_m / self.landscape_area_ha()
    }
}

fn check_geometry(cover: &Grid<u8>, l: &Landscape) -> Result<(), ConnectivityError> {
    if cover.width() != l.width || cover.height() != l.height {
        return Err(ConnectivityError::Shape {
            grid_width: cover.width(),
            grid_height: cover.height(),
            width: l.width,
            height: l.height,
        });
    }
    if !(l.cell_size_m.is_finite() && l.cell_size_m > 0.0) {
        return Err(ConnectivityError::CellSize(l.cell_size_m));
    }
    if cover.len() > u32::MAX as usize {
        return Err(ConnectivityError::TooManyCells(cover.len()));
    }
    Ok(())
}

/// Cells with data, and habitat/non-habitat faces, counted per row in parallel and
/// summed in row order (integers, so exact anyway).
fn count_data_and_edges(cover: &Grid<u8>, habitat: &HabitatClasses) -> (u64, u64) {
    // Kind of each class: 0 nodata, 1 open, 2 habitat; a face is an edge exactly when
    // the kinds of its two cells multiply to 2 (one open, one habitat).
    let kind: [u8; 256] = std::array::from_fn(|c| match c as u8 {
        NODATA => 0,
        c if habitat.contains(c) => 2,
        _ => 1,
    });
    let faces = |a: &[u8], b: &[u8]| -> u64 {
        a.iter()
            .zip(b)
            .map(|(&a, &b)| u64::from(kind[usize::from(a)] * kind[usize::from(b)] == 2))
            .sum()
    };
    let h = cover.height();
    let per_row: Vec<(u64, u64)> = (0..h)
        .into_par_iter()
        .map(|y| {
            let row = cover.row(y);
            let data = row.iter().filter(|&&c| c != NODATA).count() as u64;
            let mut edges = faces(row, &row[1.min(row.len())..]);
            if y + 1 < h {
                edges += faces(row, cover.row(y + 1));
            }
            (data, edges)
        })
        .collect();
    per_row
        .iter()
        .fold((0, 0), |(d, f), &(rd, rf)| (d + rd, f + rf))
}

fn describe_patches(labels: &PatchLabels, l: &Landscape) -> Vec<Patch> {
    let mut acc = vec![(0u64, 0u64, 0u64, [u32::MAX, u32::MAX, 0, 0]); labels.count()];
    for r in labels.runs() {
        let (cells, sx, sy, bbox) = &mut acc[r.patch as usize];
        let n = u64::from(r.x1 - r.x0);
        *cells += n;
        *sx += (u64::from(r.x0) + u64::from(r.x1) - 1) * n / 2;
        *sy += u64::from(r.y) * n;
        *bbox = [
            bbox[0].min(r.x0),
            bbox[1].min(r.y),
            bbox[2].max(r.x1 - 1),
            bbox[3].max(r.y),
        ];
    }
    acc.into_iter()
        .enumerate()
        .map(|(id, (cells, sx, sy, bbox))| {
            let (mx, my) = (sx as f64 / cells as f64, sy as f64 / cells as f64);
            Patch {
                id: id as u32,
                cells,
                area_ha: cells as f64 * l.cell_area_ha(),
                centroid_x: l.origin_x + (mx + 0.5) * l.cell_size_m,
                centroid_y: l.origin_y - (my + 0.5) * l.cell_size_m,
                bbox,
            }
        })
        .collect()
}
