//! Edge-to-edge Euclidean distances between patches, for every pair closer than a
//! cutoff.
//!
//! `d_ij` is the smallest distance between the centres of a cell of patch `i` and a
//! cell of patch `j`. Only *boundary cells* (habitat cells with a 4-neighbour inside
//! the map that is not habitat) can realise it: if `a` realises it with `b`, the
//! 4-neighbour of `a` one step towards `b` is strictly closer to `b`, so it is not in
//! patch `i`. Patches are bucketed by bounding box in a coarse grid whose buckets are
//! about one cutoff wide; each patch is compared with the later patches in nearby
//! buckets whose bounding boxes are within the cutoff. For one pair, each boundary
//! cell of the patch with fewer of them (nearest the other's bounding box first) looks
//! for its nearest boundary cell of the other patch, whose cells are sorted by row: by
//! binary search to its own row, then outwards until the row gap alone reaches the best
//! distance so far. A query cell is skipped when its distance to the other patch's
//! bounding box already reaches the best so far. Pruning never skips a smaller value,
//! so `d_ij` is the exact minimum. Work is parallel over patches and collected in
//! patch order.

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

/// Boundary cells of every patch, grouped by patch and, within a patch, by row.
struct Boundaries {
    /// The rows of patch `p` are `rows[row_start[p]..row_start[p + 1]]`, ascending.
    row_start: Vec<usize>,
    rows: Vec<Row>,
    /// Columns of the boundary cells, row after row, ascending within a row.
    xs: Vec<f64>,
}

/// The boundary cells of one patch in row `y`: columns `xs[start..end]`.
#[derive(Debug, Clone, Copy)]
struct Row {
    y: f64,
    start: usize,
    end: usize,
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
                let d = min_distance2(&boundaries, i, j, &boxes).sqrt() * cell;
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

impl Boundaries {
    /// Rows of patch `p`, ascending.
    fn rows(&self, p: usize) -> &[Row] {
        &self.rows[self.row_start[p]..self.row_start[p + 1]]
    }

    /// Number of boundary cells of patch `p`.
    fn count(&self, p: usize) -> usize {
        let rows = self.rows(p);
        rows.last().map_or(0, |r| r.end) - rows.first().map_or(0, |r| r.start)
    }

    /// Boundary cells `(x, y)` of patch `p`, row-major.
    fn cells(&self, p: usize) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.rows(p)
            .iter()
            .flat_map(|r| self.xs[r.start..r.end].iter().map(|&x| (x, r.y)))
    }

    /// The smallest of `best` and the squared distances from `(x, y)` to the cells
    /// of `rows`: the scan starts at row `y` and walks away from it both ways,
    /// stopping once the row gap alone reaches `best`.
    fn nearest2(&self, rows: &[Row], x: f64, y: f64, best: f64) -> f64 {
        let mid = rows.partition_point(|r| r.y < y);
        let best = self.walk(rows[mid..].iter(), x, y, best);
        self.walk(rows[..mid].iter().rev(), x, y, best)
    }

    /// [`Self::nearest2`] over `rows`, ordered away from row `y`.
    fn walk<'a>(&self, rows: impl Iterator<Item = &'a Row>, x: f64, y: f64, mut best: f64) -> f64 {
        for r in rows {
            let dy2 = (r.y - y) * (r.y - y);
            if dy2 >= best {
                break;
            }
            best = best.min(self.row_nearest2(r, x, dy2));
        }
        best
    }

    /// Smallest squared distance from column `x` to the cells of `row`, `dy2` being
    /// the squared row gap. Outside the row's span the end cell is the nearest.
    fn row_nearest2(&self, row: &Row, x: f64, dy2: f64) -> f64 {
        let xs = &self.xs[row.start..row.end];
        let (lo, hi) = (xs[0], xs[xs.len() - 1]);
        let d2 = |u: f64| (u - x) * (u - x) + dy2;
        if x <= lo {
            d2(lo)
        } else if x >= hi {
            d2(hi)
        } else {
            xs.iter().map(|&u| d2(u)).fold(f64::INFINITY, f64::min)
        }
    }
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
    let (row_start, rows) = group_rows(&start, &ys);
    Boundaries {
        row_start,
        rows,
        xs,
    }
}

/// The rows of each patch, from the row of each cell (`ys`, patch after patch as
/// `start` says, row-major within a patch).
fn group_rows(start: &[usize], ys: &[f64]) -> (Vec<usize>, Vec<Row>) {
    let mut row_start = vec![0];
    let mut rows: Vec<Row> = Vec::new();
    for p in start.windows(2) {
        for (k, &y) in (p[0]..p[1]).zip(&ys[p[0]..p[1]]) {
            match rows.last_mut() {
                Some(r) if k > p[0] && r.y == y => r.end = k + 1,
                _ => rows.push(Row {
                    y,
                    start: k,
                    end: k + 1,
                }),
            }
        }
        row_start.push(rows.len());
    }
    (row_start, rows)
}

/// Squared distance, in cells², between the nearest boundary cells of patches `i`
/// and `j`. Each cell of the patch with fewer boundary cells queries the other's
/// rows ([`Boundaries::nearest2`]), skipping queries whose distance to the other's
/// bounding box already reaches the best so far; the query nearest that box goes
/// first, so the bound is tight early. The pruning only skips values that cannot be
/// below the minimum, so the result is the exact minimum over all pairs of boundary
/// cells.
fn min_distance2(b: &Boundaries, i: usize, j: usize, boxes: &[[u32; 4]]) -> f64 {
    let (q, t) = if b.count(j) < b.count(i) {
        (j, i)
    } else {
        (i, j)
    };
    let (target, box_t) = (b.rows(t), &boxes[t]);
    let gap = |&(x, y): &(f64, f64)| point_box_gap2(x, y, box_t);
    let Some((x, y)) = b.cells(q).min_by(|a, c| gap(a).total_cmp(&gap(c))) else {
        return f64::INFINITY;
    };
    let mut best = b.nearest2(target, x, y, f64::INFINITY);
    for (x, y) in b.cells(q) {
        if gap(&(x, y)) < best {
            best = b.nearest2(target, x, y, best);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{HabitatClasses, Neighbourhood};
    use shanshui_engine::{Grid, Landscape};

    /// Blobs of habitat: random cells, each grown into a square of random radius.
    fn blobs(w: usize, h: usize, seed: u64) -> Grid<u8> {
        let mut state = seed;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        let mut g = Grid::filled(w, h, 0u8);
        for _ in 0..12 {
            let (cx, cy, r) = (next(w), next(h), next(6));
            for y in cy.saturating_sub(r)..(cy + r + 1).min(h) {
                for x in cx.saturating_sub(r)..(cx + r + 1).min(w) {
                    *g.get_mut(x, y) = u8::from(next(5) > 0);
                }
            }
        }
        g
    }

    #[test]
    fn pruned_min_distance_equals_brute_force() {
        let habitat = HabitatClasses::from_codes(&[1]).unwrap();
        for seed in 0..30 {
            let (w, h) = (40 + seed as usize, 50);
            let cover = blobs(w, h, seed);
            let land = Landscape {
                width: w,
                height: h,
                cell_size_m: 1.0,
                origin_x: 0.0,
                origin_y: 0.0,
                epsg: None,
            };
            let set = PatchSet::new(&cover, &land, &habitat, Neighbourhood::Eight).unwrap();
            let b = boundary_cells(set.labels());
            let boxes: Vec<[u32; 4]> = set.patches().iter().map(|p| p.bbox).collect();
            for i in 0..set.len() {
                for j in i + 1..set.len() {
                    let brute = b
                        .cells(i)
                        .flat_map(|(x, y)| {
                            b.cells(j)
                                .map(move |(u, v)| (u - x) * (u - x) + (v - y) * (v - y))
                        })
                        .fold(f64::INFINITY, f64::min);
                    assert_eq!(
                        min_distance2(&b, i, j, &boxes),
                        brute,
                        "seed {seed}, {i}–{j}"
                    );
                    assert_eq!(
                        min_distance2(&b, j, i, &boxes),
                        brute,
                        "seed {seed}, {j}–{i}"
                    );
                }
            }
        }
    }
}
