//! The habitat patches of a land-cover map with their areas, centroids and bounding
//! boxes ([`PatchSet`]), and the landscape-level figures that do not depend on
//! dispersal: `A_L`, habitat area and edge density.

use crate::labels::{PatchLabels, Run, label_patches};
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
        let data_cells = count_data(cover);
        if data_cells == 0 {
            return Err(ConnectivityError::NoData);
        }
        let labels = label_patches(cover, habitat, neighbourhood);
        let edge_faces = count_edges(cover, habitat, labels.runs());
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

/// Cells with data, counted in parallel chunks. Each chunk of 255 cells is counted
/// in a `u8`, which vectorises well.
fn count_data(cover: &Grid<u8>) -> u64 {
    let chunk = |c: &[u8]| c.iter().fold(0u8, |n, &c| n + u8::from(c != NODATA));
    cover
        .as_slice()
        .par_chunks(255 << 8)
        .map(|c| c.chunks(255).map(|c| u64::from(chunk(c))).sum::<u64>())
        .sum()
}

/// Habitat/open faces, found from the runs of habitat: a run's end cells face the
/// cells beyond them (never habitat, as runs are maximal), and its cells face the
/// cells above and below. Each face has one habitat cell, so it is counted once.
fn count_edges(cover: &Grid<u8>, habitat: &HabitatClasses, runs: &[Run]) -> u64 {
    let (w, h) = (cover.width(), cover.height());
    let open = |c: u8| c != NODATA && !habitat.contains(c);
    let open_in = |y: usize, x0: usize, x1: usize| -> u64 {
        cover.row(y)[x0..x1].iter().filter(|&&c| open(c)).count() as u64
    };
    runs.par_iter()
        .with_min_len(1024)
        .map(|r| {
            let (y, x0, x1) = (r.y as usize, r.x0 as usize, r.x1 as usize);
            let mut faces = open_in(y, x0.saturating_sub(1), x0) + open_in(y, x1, (x1 + 1).min(w));
            if y > 0 {
                faces += open_in(y - 1, x0, x1);
            }
            if y + 1 < h {
                faces += open_in(y + 1, x0, x1);
            }
            faces
        })
        .sum()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_a_cell_by_cell_scan() {
        let (w, h) = (700, 300);
        let mut draw = crate::test_rng::lcg(7);
        let data = (0..w * h)
            .map(|_| [0, 1, 1, 2, NODATA][draw() as usize % 5])
            .collect();
        let cover = Grid::from_vec(w, h, data).unwrap();
        let habitat = HabitatClasses::from_codes(&[1]).unwrap();
        let kind = |c: u8| u8::from(c != NODATA) + u8::from(habitat.contains(c));
        let edge = |a: u8, b: u8| u64::from(kind(a) * kind(b) == 2);
        let (mut data_cells, mut faces) = (0, 0);
        for y in 0..h {
            for x in 0..w {
                let c = *cover.get(x, y);
                data_cells += u64::from(c != NODATA);
                if x + 1 < w {
                    faces += edge(c, *cover.get(x + 1, y));
                }
                if y + 1 < h {
                    faces += edge(c, *cover.get(x, y + 1));
                }
            }
        }
        let labels = label_patches(&cover, &habitat, Neighbourhood::Eight);
        assert_eq!(count_data(&cover), data_cells);
        assert_eq!(count_edges(&cover, &habitat, labels.runs()), faces);
    }
}
