//! Least-cost distances between patches: `d_ij` is the least cost of a path from any
//! cell of patch `i` to any cell of patch `j` over a [`CostSurface`] (paths may cross
//! other patches).
//!
//! One bounded cell search per patch, seeded with all its cells and stopped at
//! `max_cost`; the first settled cell of each later patch gives `d_ij`. Patches run in
//! parallel, each with its own workspace (about 12 bytes per grid cell per thread).
//! Cost: `O(n · C log C)` where `C` is the number of cells within `max_cost` of a
//! patch, so far slower than the Euclidean search when the cutoff spans many cells.

use crate::labels::PatchLabels;
use crate::least_cost::CellSearch;
use crate::{ConnectivityError, CostSurface, PatchPair, PatchSet};
use rayon::prelude::*;

/// All pairs of patches with least-cost distance `≤ max_cost`, sorted by `(a, b)`.
/// `surface` must have the patches' grid shape.
pub fn least_cost_pairs(
    patches: &PatchSet,
    surface: &CostSurface,
    max_cost: f64,
) -> Result<Vec<PatchPair>, ConnectivityError> {
    let labels = patches.labels();
    let (width, height) = (labels.labels().width(), labels.labels().height());
    if surface.width() != width || surface.height() != height {
        return Err(ConnectivityError::Shape {
            grid_width: surface.width(),
            grid_height: surface.height(),
            width,
            height,
        });
    }
    let cells: Vec<Vec<u32>> = cells_by_patch(labels)
        .into_iter()
        .map(|c| c.into_iter().map(|i| surface.pad(i)).collect())
        .collect();
    let grid = labels.labels();
    let n = patches.len();
    let per_patch: Vec<Vec<PatchPair>> = (0..n)
        .into_par_iter()
        .map_init(
            || (CellSearch::new(surface, false), vec![u32::MAX; n]),
            |(search, seen), i| {
                let mut out = Vec::new();
                search.run(surface, &cells[i], max_cost, |cell, cost| {
                    let (x, y) = surface.unpad(cell);
                    let j = *grid.get(x, y);
                    if j != PatchLabels::NO_PATCH && j as usize > i && seen[j as usize] != i as u32
                    {
                        seen[j as usize] = i as u32;
                        out.push(PatchPair {
                            a: i as u32,
                            b: j,
                            distance: cost,
                        });
                    }
                    false
                });
                out.sort_by_key(|p| p.b);
                out
            },
        )
        .collect();
    Ok(per_patch.into_iter().flatten().collect())
}

/// Cell indices of every patch, from its runs.
fn cells_by_patch(labels: &PatchLabels) -> Vec<Vec<u32>> {
    let width = labels.labels().width() as u32;
    let mut cells = vec![Vec::new(); labels.count()];
    for r in labels.runs() {
        cells[r.patch as usize].extend((r.x0..r.x1).map(|x| r.y * width + x));
    }
    cells
}
