//! Edge-to-edge Euclidean distances between patches, for every pair closer than a
//! cutoff.
//!
//! `d_ij` is the smallest distance between the centres of a cell of patch `i` and a
//! cell of patch `j`. Only *boundary cells* (habitat cells with a 4-neighbour inside
//! the map that is not habitat) can realise it: if `a` realises it with `b`, the
//! 4-neighbour of `a` one step towards `b` is strictly closer to `b`, so it is not in
//! patch `i`. They are found from the runs of habitat, so only habitat cells are
//! visited. Patches are bucketed by bounding box in a coarse grid whose buckets are
//! about one cutoff wide; each patch is compared with the later patches in nearby
//! buckets whose bounding boxes are within the cutoff. Two patches with few boundary
//! cells (at most 64 pairs of them) compare every pair. Otherwise each boundary
//! cell of the patch with fewer of them looks for its nearest boundary cell of the
//! other patch, whose rows are grouped in blocks of a few consecutive rows with their
//! bounding boxes: by binary search to the block of its own row, then outwards until
//! the row gap alone reaches the best distance so far, skipping blocks whose box is no
//! nearer than that; within a row, the span's ends or a binary search give the nearest
//! column. A query row, then a query cell, is skipped when its distance to the other
//! patch's bounding box already reaches the best so far; an end of the row nearest
//! that box goes first. Pruning never skips a smaller value, so `d_ij` is the exact
//! minimum. Work is parallel over patches and collected in patch order.

use crate::PatchSet;
use crate::labels::{PatchLabels, Run};
use rayon::prelude::*;
use serde::Serialize;
use shanshui_engine::Grid;

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

/// Boundary cells of every patch, grouped by patch, within a patch by row, and rows
/// in blocks of up to [`BLOCK_ROWS`] consecutive rows.
struct Boundaries {
    /// The cells of patch `p` are `cell_start[p]..cell_start[p + 1]` in `xs`, `ys`.
    cell_start: Vec<usize>,
    /// The rows of patch `p` are `rows[row_start[p]..row_start[p + 1]]`, ascending.
    row_start: Vec<usize>,
    rows: Vec<Row>,
    /// The blocks of patch `p` are `blocks[block_start[p]..block_start[p + 1]]`.
    block_start: Vec<usize>,
    blocks: Vec<Block>,
    /// Columns of the boundary cells, row after row, ascending within a row.
    xs: Vec<f64>,
    /// Rows of the boundary cells, in the order of `xs`.
    ys: Vec<f64>,
}

/// The boundary cells of one patch in row `y`: columns `xs[start..end]`, from `lo`
/// to `hi`.
#[derive(Debug, Clone, Copy)]
struct Row {
    y: f64,
    lo: f64,
    hi: f64,
    start: usize,
    end: usize,
}

/// Consecutive rows `rows[start..end]` of one patch, within rows `y0..=y1` and
/// columns `lo..=hi`: one bounding-box test can skip them all.
#[derive(Debug, Clone, Copy)]
struct Block {
    y0: f64,
    y1: f64,
    lo: f64,
    hi: f64,
    start: usize,
    end: usize,
}

/// Rows per [`Block`].
const BLOCK_ROWS: usize = 8;

/// Most pairs of boundary cells that [`min_distance2`] compares one by one, without
/// the searches (most patches are a few cells, and the searches cost more there).
const BRUTE_FORCE_PAIRS: usize = 64;

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
            let candidates = index.candidates(i, &boxes, max_cells);
            let mut out = Vec::with_capacity(candidates.len());
            for j in candidates {
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
        self.cell_start[p + 1] - self.cell_start[p]
    }

    /// Blocks of patch `p`, ascending.
    fn blocks(&self, p: usize) -> &[Block] {
        &self.blocks[self.block_start[p]..self.block_start[p + 1]]
    }

    /// Smallest squared distance between a boundary cell of `p` and one of `q`, over
    /// every pair.
    fn all_pairs_min2(&self, p: usize, q: usize) -> f64 {
        let cells = |p: usize| {
            let r = self.cell_start[p]..self.cell_start[p + 1];
            self.xs[r.clone()].iter().zip(&self.ys[r])
        };
        let mut best = f64::INFINITY;
        for (x, y) in cells(p) {
            for (u, v) in cells(q) {
                best = best.min((u - x) * (u - x) + (v - y) * (v - y));
            }
        }
        best
    }

    /// The smallest of `best` and the squared distances from `(x, y)` to the cells
    /// of `blocks`: the scan starts at the block reaching row `y` and walks away from
    /// it both ways, stopping once the row gap alone reaches `best`, and skipping
    /// blocks whose bounding box is no nearer than `best`.
    fn nearest2(&self, blocks: &[Block], x: f64, y: f64, best: f64) -> f64 {
        let mid = blocks.partition_point(|b| b.y1 < y);
        let best = self.walk(blocks[mid..].iter(), x, y, best);
        self.walk(blocks[..mid].iter().rev(), x, y, best)
    }

    /// [`Self::nearest2`] over `blocks`, ordered away from row `y`.
    fn walk<'a>(
        &self,
        blocks: impl Iterator<Item = &'a Block>,
        x: f64,
        y: f64,
        mut best: f64,
    ) -> f64 {
        for b in blocks {
            let gy = gap(y, y, b.y0, b.y1);
            if gy * gy >= best {
                break;
            }
            let gx = gap(x, x, b.lo, b.hi);
            if gx * gx + gy * gy >= best {
                continue;
            }
            for r in &self.rows[b.start..b.end] {
                let dy2 = (r.y - y) * (r.y - y);
                if dy2 < best {
                    best = best.min(self.row_nearest2(r, x, dy2));
                }
            }
        }
        best
    }

    /// Smallest squared distance from column `x` to the cells of `row`, `dy2` being
    /// the squared row gap: outside the row's span the end cell is the nearest, inside
    /// it one of the two cells around `x` (found by binary search).
    fn row_nearest2(&self, row: &Row, x: f64, dy2: f64) -> f64 {
        let dx = if x <= row.lo {
            row.lo - x
        } else if x >= row.hi {
            x - row.hi
        } else {
            let xs = &self.xs[row.start..row.end];
            let k = xs.partition_point(|&u| u < x);
            (xs[k] - x).min(x - xs[k - 1])
        };
        dx * dx + dy2
    }
}

fn boundary_cells(labels: &PatchLabels) -> Boundaries {
    let rows: Vec<(u32, Vec<(u32, u32)>)> = labels
        .runs()
        .par_chunk_by(|a, b| a.y == b.y)
        .map(|runs| (runs[0].y, row_boundary(labels.labels(), runs)))
        .collect();
    let mut start = vec![0usize; labels.count() + 1];
    for &(p, _) in rows.iter().flat_map(|r| &r.1) {
        start[p as usize + 1] += 1;
    }
    for i in 0..labels.count() {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let total = start[labels.count()];
    let (mut xs, mut ys) = (vec![0.0; total], vec![0.0; total]);
    for (y, row) in &rows {
        for &(p, x) in row {
            let k = &mut next[p as usize];
            (xs[*k], ys[*k]) = (f64::from(x), f64::from(*y));
            *k += 1;
        }
    }
    let (row_start, rows) = group_rows(&start, &xs, &ys);
    let (block_start, blocks) = group_blocks(&row_start, &rows);
    Boundaries {
        cell_start: start,
        row_start,
        rows,
        block_start,
        blocks,
        xs,
        ys,
    }
}

/// `(patch, x)` of the boundary cells among the runs of one row, ascending by `x`.
/// Runs are maximal, so a run's end cells are open unless on the map border; every
/// habitat cell above or below is in the same patch, so only a non-habitat one opens.
fn row_boundary(grid: &Grid<u32>, runs: &[Run]) -> Vec<(u32, u32)> {
    let (w, h, y) = (grid.width() as u32, grid.height(), runs[0].y as usize);
    let open_at = |dy: isize| {
        let row = y
            .checked_add_signed(dy)
            .filter(|&y| y < h)
            .map(|y| grid.row(y));
        move |x: u32| row.is_some_and(|row| row[x as usize] == PatchLabels::NO_PATCH)
    };
    let (above, below) = (open_at(-1), open_at(1));
    let mut out = Vec::with_capacity(runs.iter().map(|r| (r.x1 - r.x0) as usize).sum());
    for r in runs {
        for x in r.x0..r.x1 {
            let open = (x == r.x0 && x > 0) || (x + 1 == r.x1 && x + 1 < w) || above(x) || below(x);
            if open {
                out.push((r.patch, x));
            }
        }
    }
    out
}

/// The rows of each patch, from the column and row of each cell (`xs`, `ys`, patch
/// after patch as `start` says, row-major within a patch).
fn group_rows(start: &[usize], xs: &[f64], ys: &[f64]) -> (Vec<usize>, Vec<Row>) {
    let mut row_start = vec![0];
    let mut rows: Vec<Row> = Vec::new();
    for p in start.windows(2) {
        for k in p[0]..p[1] {
            let (x, y) = (xs[k], ys[k]);
            match rows.last_mut() {
                Some(r) if k > p[0] && r.y == y => (r.hi, r.end) = (x, k + 1),
                _ => rows.push(Row {
                    y,
                    lo: x,
                    hi: x,
                    start: k,
                    end: k + 1,
                }),
            }
        }
        row_start.push(rows.len());
    }
    (row_start, rows)
}

/// The blocks of each patch: its rows, [`BLOCK_ROWS`] at a time.
fn group_blocks(row_start: &[usize], rows: &[Row]) -> (Vec<usize>, Vec<Block>) {
    let mut block_start = vec![0];
    let mut blocks = Vec::new();
    for p in row_start.windows(2) {
        for (i, chunk) in rows[p[0]..p[1]].chunks(BLOCK_ROWS).enumerate() {
            let start = p[0] + i * BLOCK_ROWS;
            blocks.push(Block {
                y0: chunk[0].y,
                y1: chunk[chunk.len() - 1].y,
                lo: chunk.iter().map(|r| r.lo).fold(f64::INFINITY, f64::min),
                hi: chunk.iter().map(|r| r.hi).fold(f64::NEG_INFINITY, f64::max),
                start,
                end: start + chunk.len(),
            });
        }
        block_start.push(blocks.len());
    }
    (block_start, blocks)
}

/// Squared distance, in cells², between the nearest boundary cells of patches `i`
/// and `j`. Each cell of the patch with fewer boundary cells queries the other's
/// blocks ([`Boundaries::nearest2`]), skipping rows and then cells whose distance to
/// the other's bounding box already reaches the best so far; an end of the row
/// nearest that box goes first, so the bound is tight early. The pruning only skips
/// values that cannot be below the minimum, so the result is the exact minimum over
/// all pairs of boundary cells.
fn min_distance2(b: &Boundaries, i: usize, j: usize, boxes: &[[u32; 4]]) -> f64 {
    let (q, t) = if b.count(j) < b.count(i) {
        (j, i)
    } else {
        (i, j)
    };
    if b.count(q) * b.count(t) <= BRUTE_FORCE_PAIRS {
        return b.all_pairs_min2(q, t);
    }
    let (target, [x0, y0, x1, y1]) = (b.blocks(t), boxes[t].map(f64::from));
    // A lower bound of the squared gap from the cells of a row to the box.
    let row_gap2 = |r: &Row| {
        let (gx, gy) = (gap(r.lo, r.hi, x0, x1), gap(r.y, r.y, y0, y1));
        gx * gx + gy * gy
    };
    let Some(first) = b
        .rows(q)
        .iter()
        .min_by(|r, s| row_gap2(r).total_cmp(&row_gap2(s)))
    else {
        return f64::INFINITY;
    };
    let end = if gap(first.lo, first.lo, x0, x1) <= gap(first.hi, first.hi, x0, x1) {
        first.lo
    } else {
        first.hi
    };
    let mut best = b.nearest2(target, end, first.y, f64::INFINITY);
    for r in b.rows(q) {
        if row_gap2(r) >= best {
            continue;
        }
        let gy = gap(r.y, r.y, y0, y1);
        for &x in &b.xs[r.start..r.end] {
            let gx = gap(x, x, x0, x1);
            if gx * gx + gy * gy < best {
                best = b.nearest2(target, x, r.y, best);
            }
        }
    }
    best
}

/// Gap between the intervals `a0..=a1` and `b0..=b1` (0 when they overlap).
fn gap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    if a1 < b0 {
        b0 - a1
    } else if a0 > b1 {
        a0 - b1
    } else {
        0.0
    }
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
        let (mut out, mut visited) = (Vec::new(), 0);
        for by in lo(b[1])..=hi(b[3], self.ny) {
            for bx in lo(b[0])..=hi(b[2], self.nx) {
                // A bucket lists its patches in ascending id.
                let list = &self.buckets[by * self.nx + bx];
                let later = &list[list.partition_point(|&j| j as usize <= i)..];
                out.extend(later.iter().map(|&j| j as usize));
                visited += 1;
            }
        }
        if visited > 1 {
            out.sort_unstable();
            out.dedup();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{HabitatClasses, Neighbourhood};
    use shanshui_engine::{Grid, Landscape};

    /// Boundary cells `(x, y)` of patch `p`, row-major.
    fn cells(b: &Boundaries, p: usize) -> impl Iterator<Item = (f64, f64)> + '_ {
        b.rows(p)
            .iter()
            .flat_map(|r| b.xs[r.start..r.end].iter().map(|&x| (x, r.y)))
    }

    /// Blobs of habitat: random cells, each grown into a square of random radius.
    fn blobs(w: usize, h: usize, seed: u64) -> Grid<u8> {
        let mut draw = crate::test_rng::lcg(seed);
        let mut next = |n: usize| draw() as usize % n;
        let mut g = Grid::filled(w, h, 0u8);
        for _ in 0..12 {
            let (cx, cy, r) = (next(w), next(h), next(12));
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
                    let brute = cells(&b, i)
                        .flat_map(|(x, y)| {
                            cells(&b, j).map(move |(u, v)| (u - x) * (u - x) + (v - y) * (v - y))
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
