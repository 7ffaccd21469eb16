//! Habitat patch labelling: connected groups of habitat cells, through 8 or 4
//! neighbours.
//!
//! The algorithm works on horizontal runs of habitat cells: rows are scanned into runs
//! in parallel, runs that touch across consecutive rows are joined in a union–find
//! whose root is always the smallest run index, and each root run gets the next id in
//! row-major order. Patch ids are therefore `0..count`, ordered by each patch's first
//! cell in row-major order, whatever the thread count. Cost: one pass over the cells
//! (parallel) plus near-linear work in the number of runs.
//!
//! [`label_cells`] gives the same ids for a sparse list of cells without a grid: the
//! same union–find over the cells themselves, for callers whose cells are few.

use crate::HabitatClasses;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use shanshui_engine::Grid;

/// Which cells touch: the 8 around a cell (queen's case) or the 4 sharing a side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Neighbourhood {
    /// Cells sharing a side (rook's case).
    Four,
    /// Cells sharing a side or a corner (queen's case). The default.
    #[default]
    Eight,
}

/// A horizontal run of habitat cells `x0..x1` (end exclusive) in row `y`, all in `patch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Row.
    pub y: u32,
    /// First column.
    pub x0: u32,
    /// One past the last column.
    pub x1: u32,
    /// Patch id.
    pub patch: u32,
}

/// The patch label of every cell, and the runs that make up each patch.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchLabels {
    labels: Grid<u32>,
    runs: Vec<Run>,
    count: usize,
}

impl PatchLabels {
    /// Label of a cell outside every patch.
    pub const NO_PATCH: u32 = u32::MAX;

    /// Patch id of every cell, [`Self::NO_PATCH`] where the cell is not habitat.
    pub fn labels(&self) -> &Grid<u32> {
        &self.labels
    }

    /// Number of patches.
    pub fn count(&self) -> usize {
        self.count
    }

    /// All runs of habitat, in row-major order.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }
}

/// Labels the habitat patches of `cover`. Nodata cells are never habitat.
pub fn label_patches(
    cover: &Grid<u8>,
    habitat: &HabitatClasses,
    neighbourhood: Neighbourhood,
) -> PatchLabels {
    let (width, height) = (cover.width(), cover.height());
    let row_runs: Vec<Vec<(u32, u32)>> = (0..height)
        .into_par_iter()
        .map(|y| runs_of_row(cover.row(y), habitat))
        .collect();
    let mut row_start = Vec::with_capacity(height + 1);
    row_start.push(0);
    for r in &row_runs {
        row_start.push(row_start.last().copied().unwrap_or(0) + r.len());
    }
    let mut parent: Vec<u32> = (0..row_start[height] as u32).collect();
    let reach = u32::from(neighbourhood == Neighbourhood::Eight);
    for y in 1..height {
        join_rows(
            &row_runs[y - 1],
            &row_runs[y],
            row_start[y - 1],
            row_start[y],
            reach,
            &mut parent,
        );
    }
    let (run_patch, count) = number_roots(&mut parent);
    let runs: Vec<Run> = row_runs
        .iter()
        .enumerate()
        .flat_map(|(y, r)| r.iter().map(move |&(x0, x1)| (y as u32, x0, x1)))
        .zip(&run_patch)
        .map(|((y, x0, x1), &patch)| Run { y, x0, x1, patch })
        .collect();
    let labels = paint(width, height, &runs, &row_start);
    PatchLabels {
        labels,
        runs,
        count,
    }
}

/// Labels the patches formed by a sparse set of cells without touching the rest of
/// the grid: `cells` are row-major indices into a grid `width` cells wide, strictly
/// ascending. Returns the patch id of each cell (in the order of `cells`) and the
/// number of patches; ids are those [`label_patches`] gives on a mask of these cells
/// (ordered by each patch's first cell in row-major order). Union–find over the
/// cells, the earlier neighbours of each cell found with a pointer that walks the row
/// above: `O(cells)` instead of `O(width · height)`. Of a run of touching cells in
/// the row above only the first is united with the cell: the rest are already in
/// its set through their left neighbours.
pub fn label_cells(cells: &[u32], width: usize, neighbourhood: Neighbourhood) -> (Vec<u32>, usize) {
    debug_assert!(cells.windows(2).all(|p| p[0] < p[1]), "cells must ascend");
    let (w, reach) = (
        width as u64,
        u64::from(neighbourhood == Neighbourhood::Eight),
    );
    let mut parent: Vec<u32> = (0..cells.len() as u32).collect();
    let mut above = 0;
    for (k, &cell) in cells.iter().enumerate() {
        let (i, x) = (u64::from(cell), u64::from(cell) % w);
        if x > 0 && k > 0 && u64::from(cells[k - 1]) == i - 1 {
            union(&mut parent, k as u32 - 1, k as u32);
        }
        if i < w {
            continue;
        }
        // Columns x − reach ..= x + reach of the row above, clipped to the row.
        let (lo, hi) = (i - w - reach.min(x), i - w + reach.min(w - 1 - x));
        while u64::from(cells[above]) < lo {
            above += 1;
        }
        let touching = cells[above..k].iter().take_while(|&&c| u64::from(c) <= hi);
        for q in above..above + touching.count() {
            // A cell right after its left neighbour is already in that one's set.
            if q == above || cells[q] != cells[q - 1] + 1 {
                union(&mut parent, q as u32, k as u32);
            }
        }
    }
    number_roots(&mut parent)
}

/// The runs of habitat of one row: each run's start, then its end, found by a scan.
fn runs_of_row(row: &[u8], habitat: &HabitatClasses) -> Vec<(u32, u32)> {
    let mut runs = Vec::new();
    let mut x = 0;
    while let Some(x0) = next_habitat(row, x, habitat) {
        x = row[x0..]
            .iter()
            .position(|&c| !habitat.contains(c))
            .map_or(row.len(), |len| x0 + len);
        runs.push((x0 as u32, x as u32));
    }
    runs
}

/// The first habitat cell of `row` from `x` on. Most cells are not habitat, so whole
/// chunks of [`SKIP_CELLS`] are tested at once, without a branch per cell.
fn next_habitat(row: &[u8], mut x: usize, habitat: &HabitatClasses) -> Option<usize> {
    while let Some(chunk) = row.get(x..x + SKIP_CELLS) {
        if chunk
            .iter()
            .fold(false, |any, &c| any | habitat.contains(c))
        {
            break;
        }
        x += SKIP_CELLS;
    }
    row[x..]
        .iter()
        .position(|&c| habitat.contains(c))
        .map(|skip| x + skip)
}

/// Cells per chunk of [`next_habitat`].
const SKIP_CELLS: usize = 16;

/// Unites the runs of two consecutive rows that touch. `reach` is 1 when diagonal
/// contact counts (8 neighbours), 0 otherwise.
fn join_rows(
    above: &[(u32, u32)],
    below: &[(u32, u32)],
    above_start: usize,
    below_start: usize,
    reach: u32,
    parent: &mut [u32],
) {
    let (mut i, mut j) = (0, 0);
    while i < above.len() && j < below.len() {
        let (a0, a1) = above[i];
        let (b0, b1) = below[j];
        if a0 < b1 + reach && b0 < a1 + reach {
            union(parent, (above_start + i) as u32, (below_start + j) as u32);
        }
        if a1 < b1 {
            i += 1;
        } else {
            j += 1;
        }
    }
}

fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let grand = parent[parent[i as usize] as usize];
        parent[i as usize] = grand;
        i = grand;
    }
    i
}

/// Joins two sets; the root is the smaller index, so a set's root is its first run.
fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb) as usize] = ra.min(rb);
    }
}

/// Patch id of every run (roots numbered in run order) and the number of patches.
fn number_roots(parent: &mut [u32]) -> (Vec<u32>, usize) {
    let mut patch = vec![0u32; parent.len()];
    let mut count = 0u32;
    for i in 0..parent.len() {
        let root = find(parent, i as u32) as usize;
        if root == i {
            patch[i] = count;
            count += 1;
        } else {
            // The root has a smaller index, so it is already numbered.
            patch[i] = patch[root];
        }
    }
    (patch, count as usize)
}

/// The label grid, row by row in parallel: each row is written once, its runs and
/// the gaps between them (into zeroed memory, which a large allocation gets for
/// free, rather than pre-filling every cell with [`PatchLabels::NO_PATCH`]).
fn paint(width: usize, height: usize, runs: &[Run], row_start: &[usize]) -> Grid<u32> {
    let mut labels = Grid::filled(width, height, 0);
    if width == 0 {
        return labels;
    }
    labels.par_rows_mut().for_each(|(y, row)| {
        let mut x = 0;
        for r in &runs[row_start[y]..row_start[y + 1]] {
            row[x..r.x0 as usize].fill(PatchLabels::NO_PATCH);
            row[r.x0 as usize..r.x1 as usize].fill(r.patch);
            x = r.x1 as usize;
        }
        row[x..].fill(PatchLabels::NO_PATCH);
    });
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&str]) -> Grid<u8> {
        let data = rows
            .iter()
            .flat_map(|r| r.bytes().map(|b| u8::from(b == b'#')))
            .collect();
        Grid::from_vec(rows[0].len(), rows.len(), data).unwrap()
    }

    #[test]
    fn ids_follow_first_cell_in_row_major_order() {
        let g = grid(&["..#.", "#.#.", "#..#", "..##"]);
        let h = HabitatClasses::from_codes(&[1]).unwrap();
        let four = label_patches(&g, &h, Neighbourhood::Four);
        assert_eq!(four.count(), 3);
        assert_eq!(*four.labels().get(2, 0), 0);
        assert_eq!(*four.labels().get(0, 1), 1);
        assert_eq!(*four.labels().get(3, 3), 2);
        let eight = label_patches(&g, &h, Neighbourhood::Eight);
        assert_eq!(eight.count(), 2);
        assert_eq!(*eight.labels().get(3, 3), 0);
        assert_eq!(*eight.labels().get(1, 0), PatchLabels::NO_PATCH);
    }

    #[test]
    fn chunked_row_scan_finds_every_run() {
        let h = HabitatClasses::from_codes(&[1, 3]).unwrap();
        let mut draw = crate::test_rng::lcg(5);
        for len in [0, 1, 15, 16, 17, 40, 100] {
            for sparse in [2, 30] {
                let row: Vec<u8> = (0..len)
                    .map(|_| {
                        let r = draw() as usize;
                        if r.is_multiple_of(sparse) {
                            [1, 3][r / sparse % 2]
                        } else {
                            2
                        }
                    })
                    .collect();
                let mut want = Vec::new();
                for (x, &c) in row.iter().enumerate() {
                    let x = x as u32;
                    match want.last_mut() {
                        Some((_, end)) if h.contains(c) && *end == x => *end = x + 1,
                        _ if h.contains(c) => want.push((x, x + 1)),
                        _ => {}
                    }
                }
                assert_eq!(runs_of_row(&row, &h), want, "length {len}");
            }
        }
    }

    #[test]
    fn u_shape_merges_late() {
        let g = grid(&["#.#.#", "#.#.#", "#####"]);
        let h = HabitatClasses::from_codes(&[1]).unwrap();
        let l = label_patches(&g, &h, Neighbourhood::Four);
        assert_eq!(l.count(), 1);
        assert!(l.runs().iter().all(|r| r.patch == 0));
    }
}
