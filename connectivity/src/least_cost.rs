//! Least-cost distance over a resistance surface.
//!
//! Moves go to the 8 neighbours. A step between cells with resistances `r_a` and
//! `r_b` costs `(r_a + r_b) / 2 × cell size` orthogonally and `√2` times that
//! diagonally; barrier and nodata cells are never entered (a diagonal step may pass
//! between two barrier cells that touch by a corner). Costs are "resistance-weighted
//! metres": with resistance 1 everywhere they are distances along 8-neighbour paths.
//! The search is Dijkstra with a monotone radix heap; ties are settled in a fixed
//! order, so paths are deterministic. Cost: `O(C log C)` for `C` cells reached; memory
//! about 12 bytes per cell of the grid (16 when a path is wanted) plus the heap.

use crate::radix::RadixHeap;
use crate::{ConnectivityError, ResistanceTable};
use shanshui_engine::{Grid, Landscape};
use std::f64::consts::SQRT_2;

/// A resistance grid ready for least-cost searches.
#[derive(Debug, Clone, PartialEq)]
pub struct CostSurface {
    /// Half the resistance times the cell size, per cell, with a one-cell border of
    /// barriers around the map so that neighbour lookups need no bounds checks;
    /// infinite on barriers.
    half_step: Grid<f64>,
}

/// A least-cost path: its cells from start to end, and its total cost.
#[derive(Debug, Clone, PartialEq)]
pub struct LeastCostPath {
    /// Cells `(x, y)` from the first (a `from` cell) to the last (a `to` cell).
    pub cells: Vec<(usize, usize)>,
    /// Total cost in resistance-weighted metres.
    pub cost: f64,
}

impl CostSurface {
    /// The surface of `cover` under `table`, with the landscape's cell size.
    pub fn new(
        cover: &Grid<u8>,
        landscape: &Landscape,
        table: &ResistanceTable,
    ) -> Result<Self, ConnectivityError> {
        let cell = landscape.cell_size_m;
        if !(cell.is_finite() && cell > 0.0) {
            return Err(ConnectivityError::CellSize(cell));
        }
        let (w, h) = (cover.width() + 2, cover.height() + 2);
        if w.checked_mul(h).is_none_or(|n| n > u32::MAX as usize) {
            return Err(ConnectivityError::TooManyCells(cover.len()));
        }
        let mut half_step = Grid::filled(w, h, f64::INFINITY);
        for y in 0..cover.height() {
            let row = &mut half_step.as_mut_slice()[(y + 1) * w + 1..(y + 2) * w - 1];
            for (out, &c) in row.iter_mut().zip(cover.row(y)) {
                *out = table.get(c).map_or(f64::INFINITY, |r| r * cell / 2.0);
            }
        }
        Ok(Self { half_step })
    }

    /// Columns.
    pub fn width(&self) -> usize {
        self.half_step.width() - 2
    }

    /// Rows.
    pub fn height(&self) -> usize {
        self.half_step.height() - 2
    }

    /// Padded index of unpadded cell index `cell`.
    pub(crate) fn pad(&self, cell: u32) -> u32 {
        let w = self.width() as u32;
        (cell / w + 1) * (w + 2) + cell % w + 1
    }

    /// Unpadded `(x, y)` of padded index `cell`.
    pub(crate) fn unpad(&self, cell: u32) -> (usize, usize) {
        let w2 = self.half_step.width();
        (cell as usize % w2 - 1, cell as usize / w2 - 1)
    }

    /// Padded index offsets of the 4 orthogonal, then the 4 diagonal neighbours.
    fn offsets(&self) -> [i32; 8] {
        let w = self.half_step.width() as i32;
        [-w, -1, 1, w, -w - 1, -w + 1, w - 1, w + 1]
    }

    /// Least cost from the nearest of `sources` to every cell; infinite where no path
    /// exists.
    pub fn cost_distance(
        &self,
        sources: &[(usize, usize)],
    ) -> Result<Grid<f64>, ConnectivityError> {
        let seeds = self.cells(sources, "source")?;
        let mut search = CellSearch::new(self, false);
        search.run(self, &seeds, f64::INFINITY, |_, _| false);
        let w2 = self.half_step.width();
        let mut out = Grid::filled(self.width(), self.height(), f64::INFINITY);
        for (y, row) in out
            .as_mut_slice()
            .chunks_mut(self.width().max(1))
            .enumerate()
        {
            row.copy_from_slice(&search.dist[(y + 1) * w2 + 1..(y + 2) * w2 - 1]);
        }
        Ok(out)
    }

    /// The cheapest path from any cell of `from` to any cell of `to`, `None` when no
    /// path exists. Ties are settled in a fixed order, so the path is deterministic.
    pub fn least_cost_path(
        &self,
        from: &[(usize, usize)],
        to: &[(usize, usize)],
    ) -> Result<Option<LeastCostPath>, ConnectivityError> {
        let seeds = self.cells(from, "source")?;
        let targets = self.cells(to, "target")?;
        let mut is_target = vec![false; self.half_step.len()];
        for &t in &targets {
            is_target[t as usize] = true;
        }
        let mut search = CellSearch::new(self, true);
        let mut end = None;
        search.run(self, &seeds, f64::INFINITY, |cell, _| {
            end = is_target[cell as usize].then_some(cell);
            end.is_some()
        });
        Ok(end.map(|e| {
            let (mut cells, mut c) = (vec![e], e);
            while search.parent[c as usize] != u32::MAX {
                c = search.parent[c as usize];
                cells.push(c);
            }
            cells.reverse();
            let cells = cells.into_iter().map(|c| self.unpad(c)).collect();
            LeastCostPath {
                cells,
                cost: search.dist[e as usize],
            }
        }))
    }

    /// Checked padded cell indices of `cells`.
    pub(crate) fn cells(
        &self,
        cells: &[(usize, usize)],
        what: &'static str,
    ) -> Result<Vec<u32>, ConnectivityError> {
        if cells.is_empty() {
            return Err(ConnectivityError::NoCells(what));
        }
        let (width, height) = (self.width(), self.height());
        cells
            .iter()
            .map(|&(x, y)| {
                if x >= width || y >= height {
                    return Err(ConnectivityError::CellOutside {
                        x,
                        y,
                        width,
                        height,
                    });
                }
                if !self.half_step.get(x + 1, y + 1).is_finite() {
                    return Err(ConnectivityError::CellImpassable { x, y });
                }
                Ok(((y + 1) * (width + 2) + x + 1) as u32)
            })
            .collect()
    }
}

/// A reusable Dijkstra workspace over the padded cells of a [`CostSurface`].
pub(crate) struct CellSearch {
    /// Cost to each padded cell.
    pub(crate) dist: Vec<f64>,
    parent: Vec<u32>,
    touched: Vec<u32>,
    heap: RadixHeap,
}

impl CellSearch {
    /// A workspace for `surface`; `parents` keeps the shortest-path tree.
    pub(crate) fn new(surface: &CostSurface, parents: bool) -> Self {
        let cells = surface.half_step.len();
        let parent = if parents {
            vec![u32::MAX; cells]
        } else {
            Vec::new()
        };
        Self {
            dist: vec![f64::INFINITY; cells],
            parent,
            touched: Vec::new(),
            heap: RadixHeap::new(),
        }
    }

    /// Dijkstra from padded `seeds` (cost 0) up to `max_cost`. `settle(cell, cost)` is
    /// called once per settled padded cell in order of cost; returning `true` stops.
    pub(crate) fn run(
        &mut self,
        surface: &CostSurface,
        seeds: &[u32],
        max_cost: f64,
        mut settle: impl FnMut(u32, f64) -> bool,
    ) {
        self.reset();
        for &s in seeds {
            if self.dist[s as usize] != 0.0 {
                self.set(s, 0.0, u32::MAX);
                self.heap.push(0f64.to_bits(), s);
            }
        }
        let half = surface.half_step.as_slice();
        let offsets = surface.offsets();
        while let Some((key, u)) = self.heap.pop() {
            let d = f64::from_bits(key);
            if d > self.dist[u as usize] {
                continue;
            }
            if settle(u, d) {
                return;
            }
            let hu = half[u as usize];
            for (k, &off) in offsets.iter().enumerate() {
                // The border of barriers keeps `v` inside the padded grid.
                let v = u.wrapping_add_signed(off);
                let step = hu + half[v as usize];
                let nd = d + if k < 4 { step } else { SQRT_2 * step };
                if nd < self.dist[v as usize] && nd <= max_cost {
                    self.set(v, nd, u);
                    self.heap.push(nd.to_bits(), v);
                }
            }
        }
    }

    fn set(&mut self, cell: u32, dist: f64, parent: u32) {
        if self.dist[cell as usize].is_infinite() {
            self.touched.push(cell);
        }
        self.dist[cell as usize] = dist;
        if let Some(p) = self.parent.get_mut(cell as usize) {
            *p = parent;
        }
    }

    fn reset(&mut self) {
        for &c in &self.touched {
            self.dist[c as usize] = f64::INFINITY;
            if let Some(p) = self.parent.get_mut(c as usize) {
                *p = u32::MAX;
            }
        }
        self.touched.clear();
        self.heap.clear();
    }
}
