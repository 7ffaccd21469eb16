//! Edge-to-edge Euclidean distances between patches, for every pair closer than a
//! cutoff.
//!
//! `d_ij` is the smallest distance between the centres of a cell of patch `i` and a
//! cell of patch `j`. Only *boundary cells* (habitat cells with a 4-neighbour inside
//! the map that is not habitat) can realise it: if `a` realises it with `b`, the
//! 4-neighbour of `a` one step towards `b` is strictly closer to `b`, so it is not in
//! patch `i`. Patches are bucketed by bounding box in a coarse grid whose buckets are
//! about one cutoff wide; each patch is compared with the later patches in nearby
//! buckets whose bounding boxes are within the cutoff, and a boundary cell is skipped
//! when its distance to the other patch's bounding box already exceeds the best so
//! far. Work is parallel over patches and collected in patch order.

use crate::PatchSet;
use crate::labels::PatchLabels;
use rayon::prelude::*;
use serde::Serialize;

/// Distance between two patches, `a < b`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PatchPair {
    /// Smaller patch id.
    pub a: u32,
    /// Larger patch id.
    pub b: u32,
    /// `d_ab`: Euclidean metres or least-cost units.
    pub distance: f64,
}

/// Boundary cells of every patch, grouped by patch (row-major within a patch).
struct Boundaries {
    start: Vec<usize>,
    xs: Vec<f64>,
    ys: Vec<f64>,
}

/// All pairs of patches with `d_ij ≤ max_distance_m` (Euclidean, metres), sorted by
/// `(a, b)`.
pub fn euclidean_pairs(patches: &PatchSet, max_distance_m: f64) -> Vec<PatchPair> {
    let cell = patches.landscape().cell_size_m;
    let boundaries = boundary_cells(patches.labels());
    let boxes: Vec<[u32; 4]> = patches.patches().iter().map(|p| p.bbox).collect();
    let max_cells = max_distance_m / cell;
    let index = BucketIndex::new(
        &boxes,
        max_cells,
        patches.labels().labels().width(),
        patches.labels().labels().height(),
    );
    let per_patch: Vec<Vec<PatchPair>> = (0..boxes.len())
        .into_par_iter()
        .map(|i| {
            let mut out = Vec::new();
            for j in index.candidates(i, &boxes, max_cells) {
                let gap = box_gap2(&boxes[i], &boxes[j]).sqrt() * cell;
                if gap > max_distance_m {
                    continue;
                }
                let d = min_distance2(&boundaries, i, j, &boxes[j]).sqrt() * cell;
                if d <= max_distance_m {
                    out.push(PatchPair {
                        a: i as u32,
                        b: j as u32,
                        distance: d,
                    });
                }
            }
            out
        })
        .collect();
    per_patch.into_iter().flatten().collect()
}

fn boundary_cells(labels: &PatchLabels) -> Boundaries {
    let grid = labels.labels();
    let (w, h) = (grid.width(), grid.height());
    let rows: Vec<Vec<(u32, u32)>> = (0..h)
        .into_par_iter()
        .map(|y| {
            let row = grid.row(y);
            let mut out = Vec::new();
            for (x, &p) in row.iter().enumerate() {
                if p == PatchLabels::NO_PATCH {
                    continue;
                }
                let open = (x > 0 && row[x - 1] != p)
                    || (x + 1 < w && row[x + 1] != p)
                    || (y > 0 && *grid.get(x, y - 1) != p)
                    || (y + 1 < h && *grid.get(x, y + 1) != p);
                if open {
                    out.push((p, x as u32));
                }
            }
            out
        })
        .collect();
    let mut start = vec![0usize; labels.count() + 1];
    for &(p, _) in rows.iter().flatten() {
        start[p as usize + 1] += 1;
    }
    for i in 0..labels.count() {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let total = start[labels.count()];
    let (mut xs, mut ys) = (vec![0.0; total], vec![0.0; total]);
    for (y, row) in rows.iter().enumerate() {
        for &(p, x) in row {
            let k = &mut next[p as usize];
            (xs[*k], ys[*k]) = (f64::from(x), y as f64);
            *k += 1;
        }
    }
    Boundaries { start, xs, ys }
}

/// Squared distance, in cells², between the nearest boundary cells of patches `i`
/// and `j`.
fn min_distance2(b: &Boundaries, i: usize, j: usize, box_j: &[u32; 4]) -> f64 {
    let (ai, aj) = (b.start[i]..b.start[i + 1], b.start[j]..b.start[j + 1]);
    let (xj, yj) = (&b.xs[aj.clone()], &b.ys[aj]);
    let mut best = f64::INFINITY;
    for k in ai {
        let (x, y) = (b.xs[k], b.ys[k]);
        if point_box_gap2(x, y, box_j) >= best {
            continue;
        }
        let near = xj
            .iter()
            .zip(yj)
            .map(|(&u, &v)| (u - x) * (u - x) + (v - y) * (v - y))
            .fold(f64::INFINITY, f64::min);
        best = best.min(near);
    }
    best
}

fn point_box_gap2(x: f64, y: f64, b: &[u32; 4]) -> f64 {
    let gx = (f64::from(b[0]) - x).max(x - f64::from(b[2])).max(0.0);
    let gy = (f64::from(b[1]) - y).max(y - f64::from(b[3])).max(0.0);
    gx * gx + gy * gy
}

fn box_gap2(a: &[u32; 4], b: &[u32; 4]) -> f64 {
    let gx = f64::from(b[0]).max(f64::from(a[0])) - f64::from(b[2]).min(f64::from(a[2]));
    let gy = f64::from(b[1]).max(f64::from(a[1])) - f64::from(b[3]).min(f64::from(a[3]));
    let (gx, gy) = (gx.max(0.0), gy.max(0.0));
    gx * gx + gy * gy
}

/// Patches listed in every bucket their bounding box touches.
struct BucketIndex {
    side: usize,
    nx: usize,
    ny: usize,
    buckets: Vec<Vec<u32>>,
}

impl BucketIndex {
    fn new(boxes: &[[u32; 4]], max_cells: f64, width: usize, height: usize) -> Self {
        let longest = width.max(height).max(1) as f64;
        let crowd = ((width * height) as f64 / (4.0 * boxes.len() as f64 + 1.0)).sqrt();
        let side = max_cells.ceil().max(crowd).max(8.0).min(longest) as usize;
        let (nx, ny) = (width.div_ceil(side).max(1), height.div_ceil(side).max(1));
        let mut buckets = vec![Vec::new(); nx * ny];
        for (id, b) in boxes.iter().enumerate() {
            for by in b[1] as usize / side..=b[3] as usize / side {
                for bx in b[0] as usize / side..=b[2] as usize / side {
                    buckets[by * nx + bx].push(id as u32);
                }
            }
        }
        Self {
            side,
            nx,
            ny,
            buckets,
        }
    }

    /// Patches `j > i` in the buckets within `max_cells` of patch `i`'s box, ascending.
    fn candidates(&self, i: usize, boxes: &[[u32; 4]], max_cells: f64) -> Vec<usize> {
        let b = &boxes[i];
        let reach = max_cells.min(1e12).ceil() as usize;
        let lo = |v: u32| (v as usize).saturating_sub(reach) / self.side;
        let hi = |v: u32, n: usize| ((v as usize).saturating_add(reach) / self.side).min(n - 1);
        let mut out = Vec::new();
        for by in lo(b[1])..=hi(b[3], self.ny) {
            for bx in lo(b[0])..=hi(b[2], self.nx) {
                out.extend(
                    self.buckets[by * self.nx + bx]
                        .iter()
                        .map(|&j| j as usize)
                        .filter(|&j| j > i),
                );
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
