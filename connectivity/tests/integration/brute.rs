//! A deliberately simple reference: no pruning tricks, no shared code with the crate.

use shanshui_engine::{Grid, Landscape};
use std::collections::VecDeque;

/// SplitMix64: a tiny seeded generator for test landscapes.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub fn land(width: usize, height: usize, cell_size_m: f64) -> Landscape {
    Landscape {
        width,
        height,
        cell_size_m,
        origin_x: 1000.0,
        origin_y: 5000.0,
        epsg: None,
    }
}

/// A random cover: class 1 (habitat) with probability `habitat`, nodata with
/// probability `nodata`, else class 0 or 2.
pub fn random_cover(rng: &mut Rng, w: usize, h: usize, habitat: f64, nodata: f64) -> Grid<u8> {
    let data = (0..w * h)
        .map(|_| {
            let u = rng.unit();
            if u < habitat {
                1
            } else if u < habitat + nodata {
                255
            } else {
                (rng.below(2) * 2) as u8
            }
        })
        .collect();
    Grid::from_vec(w, h, data).unwrap()
}

/// Patch label of every cell by breadth-first flood fill in row-major seed order.
pub fn flood_labels(
    cover: &Grid<u8>,
    is_habitat: impl Fn(u8) -> bool,
    eight: bool,
) -> (Vec<Option<usize>>, usize) {
    let (w, h) = (cover.width() as i64, cover.height() as i64);
    let mut label = vec![None; cover.len()];
    let mut count = 0;
    for start in 0..cover.len() {
        if label[start].is_some() || !is_habitat(cover.as_slice()[start]) {
            continue;
        }
        label[start] = Some(count);
        let mut queue = VecDeque::from([start]);
        while let Some(c) = queue.pop_front() {
            let (x, y) = (c as i64 % w, c as i64 / w);
            for dy in -1..=1i64 {
                for dx in -1..=1i64 {
                    let diagonal = dx != 0 && dy != 0;
                    if (dx == 0 && dy == 0) || (diagonal && !eight) {
                        continue;
                    }
                    let (nx, ny) = (x + dx, y + dy);
                    if nx < 0 || ny < 0 || nx >= w || ny >= h {
                        continue;
                    }
                    let n = (ny * w + nx) as usize;
                    if label[n].is_none() && is_habitat(cover.as_slice()[n]) {
                        label[n] = Some(count);
                        queue.push_back(n);
                    }
                }
            }
        }
        count += 1;
    }
    (label, count)
}

/// Cells of every patch as `(x, y)`.
pub fn patch_cells(
    labels: &[Option<usize>],
    count: usize,
    width: usize,
) -> Vec<Vec<(usize, usize)>> {
    let mut cells = vec![Vec::new(); count];
    for (i, l) in labels.iter().enumerate() {
        if let Some(p) = l {
            cells[*p].push((i % width, i / width));
        }
    }
    cells
}

/// `d_ij` over all cell pairs, metres.
pub fn euclidean_matrix(cells: &[Vec<(usize, usize)>], cell_size: f64) -> Vec<Vec<f64>> {
    let n = cells.len();
    let mut d = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let mut best = f64::INFINITY;
            for &(x1, y1) in &cells[i] {
                for &(x2, y2) in &cells[j] {
                    let (dx, dy) = (x1 as f64 - x2 as f64, y1 as f64 - y2 as f64);
                    best = best.min((dx * dx + dy * dy).sqrt());
                }
            }
            d[i][j] = best * cell_size;
        }
    }
    d
}

/// Least-cost distance from `sources` to every cell by Bellman–Ford relaxation.
/// `resistance[c]` is `None` for barriers.
pub fn bellman_ford(
    resistance: &[Option<f64>],
    w: usize,
    h: usize,
    cell: f64,
    sources: &[usize],
) -> Vec<f64> {
    let mut dist = vec![f64::INFINITY; w * h];
    for &s in sources {
        dist[s] = 0.0;
    }
    loop {
        let mut changed = false;
        for u in 0..w * h {
            let Some(ru) = resistance[u] else { continue };
            if dist[u].is_infinite() {
                continue;
            }
            let (x, y) = ((u % w) as i64, (u / w) as i64);
            for dy in -1..=1i64 {
                for dx in -1..=1i64 {
                    let (nx, ny) = (x + dx, y + dy);
                    if (dx, dy) == (0, 0) || nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                        continue;
                    }
                    let v = ny as usize * w + nx as usize;
                    let Some(rv) = resistance[v] else { continue };
                    let len = if dx != 0 && dy != 0 { 2f64.sqrt() } else { 1.0 };
                    let nd = dist[u] + len * (ru + rv) / 2.0 * cell;
                    if nd < dist[v] {
                        dist[v] = nd;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return dist;
        }
    }
}

/// Least-cost `d_ij` for every pair of patches.
pub fn least_cost_matrix(
    cells: &[Vec<(usize, usize)>],
    resistance: &[Option<f64>],
    w: usize,
    h: usize,
    cell: f64,
) -> Vec<Vec<f64>> {
    let n = cells.len();
    let mut d = vec![vec![0.0; n]; n];
    for i in 0..n {
        let sources: Vec<usize> = cells[i].iter().map(|&(x, y)| y * w + x).collect();
        let dist = bellman_ford(resistance, w, h, cell, &sources);
        for j in 0..n {
            if j != i {
                d[i][j] = cells[j]
                    .iter()
                    .map(|&(x, y)| dist[y * w + x])
                    .fold(f64::INFINITY, f64::min);
            }
        }
    }
    d
}

/// `p*` by Floyd–Warshall on products; links with `p < p_min` and results below
/// `p_min` are zeroed (pass `p_min = 0` for no pruning). `skip` removes a patch.
pub fn max_product(d: &[Vec<f64>], d50: f64, p_min: f64, skip: Option<usize>) -> Vec<Vec<f64>> {
    let n = d.len();
    let mut p = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..n {
            let pij = if i == j {
                1.0
            } else {
                (-(2f64.ln()) * d[i][j] / d50).exp()
            };
            let out = Some(i) == skip || Some(j) == skip;
            p[i][j] = if out || pij < p_min { 0.0 } else { pij };
        }
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                let via = p[i][k] * p[k][j];
                if via > p[i][j] {
                    p[i][j] = via;
                }
            }
        }
    }
    for row in &mut p {
        for v in row {
            if *v < p_min {
                *v = 0.0;
            }
        }
    }
    p
}

/// `Σ_i Σ_j a_i a_j p*_ij`.
pub fn pc_numerator(areas: &[f64], p: &[Vec<f64>]) -> f64 {
    let mut s = 0.0;
    for i in 0..areas.len() {
        for j in 0..areas.len() {
            s += areas[i] * areas[j] * p[i][j];
        }
    }
    s
}

/// `Σ_i Σ_j a_i a_j / (1 + nl_ij)` with links where `d ≤ link`, by Floyd–Warshall on hops.
pub fn iic_numerator(areas: &[f64], d: &[Vec<f64>], link: f64) -> f64 {
    let n = areas.len();
    let mut hops = vec![vec![f64::INFINITY; n]; n];
    for i in 0..n {
        for j in 0..n {
            hops[i][j] = if i == j {
                0.0
            } else if d[i][j] <= link {
                1.0
            } else {
                f64::INFINITY
            };
        }
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                hops[i][j] = hops[i][j].min(hops[i][k] + hops[k][j]);
            }
        }
    }
    let mut s = 0.0;
    for i in 0..n {
        for j in 0..n {
            if hops[i][j].is_finite() {
                s += areas[i] * areas[j] / (1.0 + hops[i][j]);
            }
        }
    }
    s
}

/// Habitat/non-habitat faces between 4-neighbours, nodata excluded.
pub fn edge_faces(cover: &Grid<u8>, is_habitat: impl Fn(u8) -> bool) -> usize {
    let (w, h) = (cover.width(), cover.height());
    let kind = |c: u8| {
        if c == 255 {
            0
        } else if is_habitat(c) {
            1
        } else {
            2
        }
    };
    let mut faces = 0;
    for y in 0..h {
        for x in 0..w {
            let a = kind(*cover.get(x, y));
            for (nx, ny) in [(x + 1, y), (x, y + 1)] {
                if nx < w && ny < h {
                    let b = kind(*cover.get(nx, ny));
                    faces += usize::from(a * b == 2);
                }
            }
        }
    }
    faces
}

/// `|a − b| ≤ tol · max(|a|, |b|)`, with a message.
pub fn assert_close(a: f64, b: f64, tol: f64, what: &str) {
    let scale = a.abs().max(b.abs());
    assert!(
        (a - b).abs() <= tol * scale,
        "{what}: {a} vs {b} (rel {})",
        (a - b).abs() / scale
    );
}
