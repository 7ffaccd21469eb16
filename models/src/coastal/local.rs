//! Per-cell building blocks shared by the coastal models: exact logistic growth,
//! clonal (diffusive) spread, and the read-only view of the site (class, elevation,
//! inundation) that decides where a species may live.

use super::classes::CoastalClasses;
use super::layers::{Inundation, Stochasticity};
use crate::layers::{Elevation, LandCover, NODATA};
use crate::succession::ElevationWindow;
use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use rayon::prelude::*;
use shanshui_engine::{Grid, RunSeed, SimClock, StreamId, StreamKey};

/// Exact solution of logistic growth `du/dt = r u (1 − u/K)` over one interval, given
/// `e = exp(r Δt)`: `u' = K u e / (K + u (e − 1))`; zero when `K = 0`.
#[inline]
pub(crate) fn logistic(u: f32, k: f32, e: f32) -> f32 {
    let d = k + u * (e - 1.0);
    if d > 0.0 { k * u * e / d } else { 0.0 }
}

/// Constants of clonal growth and spread for one sub-step of the year.
///
/// Reaction–diffusion `u_t = D∇²u + r u (1 − u/K)` with `D = c²/(4r)` (Fisher–KPP,
/// front speed `c = 2√(rD)`), split per sub-step `Δt = 1/n` yr into the exact logistic
/// solution and an explicit 5-point diffusion step. `n = ⌈(4DΔt/Δx²)/0.8⌉` keeps the
/// explicit step stable (`4DΔt/Δx² ≤ 0.8`); with 10 m cells and c ≈ 1 m/yr, n = 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Clonal {
    /// `exp(r Δt)`.
    pub e: f32,
    /// `D Δt / Δx²`.
    pub diff: f32,
    /// Sub-steps per year.
    pub substeps: u32,
}

impl Clonal {
    /// From the intrinsic rate `r` (1/yr), the clonal front speed `c` (m/yr) and the
    /// cell side `dx` (m).
    pub(crate) fn new(r: f64, c: f64, dx: f64) -> Self {
        let d = if r > 0.0 { c * c / (4.0 * r) } else { 0.0 };
        let stiffness = 4.0 * d / (dx * dx);
        let substeps = (stiffness / 0.8).ceil().max(1.0);
        let dt = 1.0 / substeps;
        Self {
            e: (r * dt).exp() as f32,
            diff: (d * dt / (dx * dx)) as f32,
            substeps: substeps as u32,
        }
    }

    /// The next value of cell `x` of `row` (with its neighbouring rows; grid edges
    /// reflect), held in `[0, k]`. Cover that spreads into a cell with `k = 0` is lost
    /// (rhizomes do not survive outside the habitat).
    #[inline(always)]
    pub(crate) fn cell(&self, above: &[f32], row: &[f32], below: &[f32], x: usize, k: f32) -> f32 {
        let u = row[x];
        let left = row[x.saturating_sub(1)];
        let right = row[(x + 1).min(row.len() - 1)];
        let lap = above[x] + below[x] + left + right - 4.0 * u;
        (logistic(u, k, self.e) + self.diff * lap).clamp(0.0, k)
    }
}

/// One year of clonal dynamics from `now` (with the [`Span`] of each of its rows) into
/// `next`, in `clonal.substeps` passes (ping-ponging with `scratch`, which must have
/// the grid's shape when there is more than one). `capacity(i)` is cell `i`'s carrying
/// capacity; `finish(i, u, k)` is applied to every cell in the last pass (recruitment
/// and losses). `recruits` is the grid's recruitment input (seed rain, source sums):
/// `finish(i, 0.0, k)` must be `0.0` wherever `recruits[i]` is zero, and
/// `finish(i, 0.0, 0.0)` must be `0.0` everywhere (a cell without room ends the year
/// empty: it is written as `0.0` without calling `finish`, since its clonal step
/// always clamps to zero).
///
/// **Sparse by construction.** A cell whose cover, four neighbours and recruitment
/// input are all zero stays exactly zero (`logistic(0) + D·0`, then no recruits), so
/// it is written as `0.0` without evaluating `capacity` or `finish`. Each output row
/// is computed only over the columns where its three source rows (and recruitment
/// row) hold non-zero values; the rest of the row is filled with zero. The result is
/// bit-identical to visiting every cell, and the cost follows the occupied area
/// rather than the grid.
pub(crate) fn clonal_year(
    clonal: &Clonal,
    (now, now_spans): (&Grid<f32>, &[Span]),
    next: &mut Grid<f32>,
    scratch: &mut Grid<f32>,
    recruits: &[f32],
    capacity: impl Fn(usize) -> f32 + Sync,
    finish: impl Fn(usize, f32, f32) -> f32 + Sync,
) {
    let (w, h) = (now.width(), now.height());
    debug_assert_eq!(recruits.len(), w * h);
    let pass = |src: &Grid<f32>, spans: &[Span], dst: &mut Grid<f32>, last: bool| {
        let step = SubStep {
            clonal,
            src: src.as_slice(),
            spans,
            recruits,
            size: (w, h),
            capacity: &capacity,
            finish: &finish,
        };
        dst.par_rows_mut().for_each(|(y, out)| {
            if last {
                step.row::<true>(y, out);
            } else {
                step.row::<false>(y, out);
            }
        });
    };
    let n = clonal.substeps;
    pass(now, now_spans, next, n == 1);
    for s in 1..n {
        let spans = row_spans(next.as_slice(), w);
        pass(next, &spans, scratch, s + 1 == n);
        std::mem::swap(next, scratch);
    }
}

/// One clonal sub-step over a source raster, row by row (see [`clonal_year`]).
struct SubStep<'a, C, F> {
    clonal: &'a Clonal,
    src: &'a [f32],
    spans: &'a [Span],
    recruits: &'a [f32],
    size: (usize, usize),
    capacity: &'a C,
    finish: &'a F,
}

impl<C: Fn(usize) -> f32, F: Fn(usize, f32, f32) -> f32> SubStep<'_, C, F> {
    /// Output row `y`; `LAST` for the last sub-step, the one with recruitment and
    /// `finish` (earlier sub-steps read the recruitment input as zero).
    #[inline(always)]
    fn row<const LAST: bool>(&self, y: usize, out: &mut [f32]) {
        let (w, h) = self.size;
        let [above, row, below] = rows3(self.src, w, h, y);
        let (up, down) = (y.saturating_sub(1), (y + 1).min(h - 1));
        let mut active = union(self.spans[up], self.spans[down]);
        active = union(active, widen(self.spans[y], w));
        let rec = &self.recruits[y * w..(y + 1) * w];
        if LAST {
            // Found here, just before the row is read again (from cache).
            active = union(active, row_span(rec));
        }
        let (lo, hi) = active;
        out[..lo].fill(0.0);
        out[hi..].fill(0.0);
        for x in lo..hi {
            let left = row[x.saturating_sub(1)];
            let right = row[(x + 1).min(w - 1)];
            let r = if LAST { rec[x].to_bits() } else { 0 };
            let bits = row[x].to_bits()
                | above[x].to_bits()
                | below[x].to_bits()
                | left.to_bits()
                | right.to_bits()
                | r;
            out[x] = if bits == 0 {
                0.0
            } else {
                let i = y * w + x;
                let k = (self.capacity)(i);
                if k.to_bits() == 0 {
                    // No room: growth and spread clamp to 0, and `finish` keeps 0.
                    0.0
                } else {
                    let u = self.clonal.cell(above, row, below, x, k);
                    if LAST { (self.finish)(i, u, k) } else { u }
                }
            };
        }
    }
}

/// Columns `lo..hi` of a row between its first and last non-zero value (`(0, 0)` for
/// a row of zeros). `-0.0` counts as non-zero, which only widens the span.
pub(crate) type Span = (usize, usize);

/// The [`Span`] of every row of a row-major raster of width `w`, in parallel.
pub(crate) fn row_spans(data: &[f32], w: usize) -> Vec<Span> {
    data.par_chunks(w.max(1)).map(row_span).collect()
}

/// Values per block of the span search: a block is tested for any non-zero bit with
/// one vectorisable OR, so zero stretches cost a fraction of a comparison per value.
const SPAN_BLOCK: usize = 16;

/// The [`Span`] of one row.
pub(crate) fn row_span(row: &[f32]) -> Span {
    let (blocks, _) = row.as_chunks::<SPAN_BLOCK>();
    let any = |b: &[f32; SPAN_BLOCK]| b.iter().fold(0, |acc, v| acc | v.to_bits()) != 0;
    let nonzero = |v: &f32| v.to_bits() != 0;
    let tail = blocks.len() * SPAN_BLOCK;
    // The first non-zero value: in the first non-zero block, else in the tail.
    let lo = match blocks.iter().position(any) {
        Some(k) => k * SPAN_BLOCK + blocks[k].iter().position(nonzero).unwrap_or(0),
        None => match row[tail..].iter().position(nonzero) {
            Some(x) => tail + x,
            None => return (0, 0),
        },
    };
    // The last one: in the tail, else in the last non-zero block.
    let hi = match row[tail..].iter().rposition(nonzero) {
        Some(x) => tail + x,
        None => {
            let k = blocks.iter().rposition(any).unwrap_or(0);
            k * SPAN_BLOCK + blocks[k].iter().rposition(nonzero).unwrap_or(0)
        }
    };
    (lo, hi + 1)
}

/// The smallest span holding both `a` and `b`.
#[inline]
pub(crate) fn union(a: Span, b: Span) -> Span {
    if a.0 == a.1 {
        b
    } else if b.0 == b.1 {
        a
    } else {
        (a.0.min(b.0), a.1.max(b.1))
    }
}

/// `s` grown by one column each side (within `0..w`): the cells whose left or right
/// neighbour lies in `s`.
#[inline]
pub(crate) fn widen(s: Span, w: usize) -> Span {
    if s.0 == s.1 {
        s
    } else {
        (s.0.saturating_sub(1), (s.1 + 1).min(w))
    }
}

/// Rows `y − 1`, `y` and `y + 1` of a row-major raster of width `w` and height `h`,
/// with the edge row standing in for a missing neighbour (reflecting edges).
#[inline]
pub(crate) fn rows3(data: &[f32], w: usize, h: usize, y: usize) -> [&[f32]; 3] {
    let row = |y: usize| &data[y * w..(y + 1) * w];
    [row(y.saturating_sub(1)), row(y), row((y + 1).min(h - 1))]
}

/// Every class may hold coastal vegetation except [`NODATA`] (used when no
/// [`CoastalClasses`] resource restricts it).
pub(crate) const ALL_CLASSES: [bool; 256] = {
    let mut t = [true; 256];
    t[NODATA as usize] = false;
    t
};

/// The site as the coastal systems read it.
#[derive(SystemParam)]
pub(crate) struct Site<'w> {
    pub clock: Res<'w, SimClock>,
    pub seed: Res<'w, RunSeed>,
    pub mode: Res<'w, Stochasticity>,
    pub elevation: Res<'w, Elevation>,
    pub inundation: Option<Res<'w, Inundation>>,
    pub land: Res<'w, LandCover>,
    pub classes: Option<Res<'w, CoastalClasses>>,
}

impl Site<'_> {
    /// Plain slices of the site for a parallel loop.
    pub(crate) fn view(&self) -> SiteView<'_> {
        SiteView {
            class: self.land.class.current().as_slice(),
            z: self.elevation.0.as_slice(),
            inundation: self.inundation.as_deref().map(|i| i.0.as_slice()),
            allowed: self.classes.as_deref().map_or(&ALL_CLASSES, |c| &c.coastal),
        }
    }

    /// The key of `stream`'s draws this step.
    pub(crate) fn key(&self, stream: StreamId) -> StreamKey {
        self.seed.key(stream, self.clock.step())
    }

    /// Whether the models draw random events.
    pub(crate) fn stochastic(&self) -> bool {
        *self.mode == Stochasticity::Stochastic
    }
}

/// Read-only slices of the site.
#[derive(Clone, Copy)]
pub(crate) struct SiteView<'a> {
    class: &'a [u8],
    z: &'a [f32],
    inundation: Option<&'a [f32]>,
    allowed: &'a [bool; 256],
}

/// An elevation window (m rel. mean sea level) and an inundation limit, as `f32`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Niche {
    pub z_min: f32,
    pub z_max: f32,
    pub max_inundation: f32,
}

impl Niche {
    /// From a window and a limit.
    pub(crate) fn new(window: ElevationWindow, max_inundation: f64) -> Self {
        Self {
            z_min: window.min as f32,
            z_max: window.max as f32,
            max_inundation: max_inundation as f32,
        }
    }
}

impl SiteView<'_> {
    /// Whether cell `i` is of a coastal class and inside `niche`. Inundation is a
    /// fraction of time, at most 1, so a limit of 1 or more is not read.
    #[inline]
    pub(crate) fn suitable(&self, i: usize, niche: &Niche) -> bool {
        let z = self.z[i];
        self.allowed[usize::from(self.class[i])]
            && z >= niche.z_min
            && z <= niche.z_max
            && (niche.max_inundation >= 1.0
                || self.inundation.is_none_or(|f| f[i] <= niche.max_inundation))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistic_is_exact_and_bounded() {
        let e = 1.0f32.exp();
        let u = logistic(0.1, 1.0, e);
        let exact = 0.1 * e / (1.0 + 0.1 * (e - 1.0));
        assert!((u - exact).abs() < 1e-6);
        assert_eq!(logistic(0.5, 0.0, e), 0.0);
        assert_eq!(logistic(0.0, 1.0, e), 0.0);
        assert!((logistic(1.0, 1.0, e) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn row_span_finds_the_first_and_last_non_zero_values() {
        let naive = |row: &[f32]| match row.iter().position(|v| v.to_bits() != 0) {
            None => (0, 0),
            Some(lo) => (lo, row.iter().rposition(|v| v.to_bits() != 0).unwrap() + 1),
        };
        for len in [0, 1, 15, 16, 17, 40] {
            for a in 0..len {
                for b in a..len {
                    let mut row = vec![0.0f32; len];
                    row[a] = -0.0;
                    row[b] = 2.0;
                    assert_eq!(row_span(&row), naive(&row), "len {len}, {a}..={b}");
                }
            }
            assert_eq!(row_span(&vec![0.0; len]), (0, 0));
        }
    }

    #[test]
    fn substeps_keep_diffusion_stable() {
        let c = Clonal::new(2.0, 20.0, 1.0);
        assert!(4.0 * c.diff <= 0.8 + 1e-6);
        assert_eq!(Clonal::new(1.0, 0.8, 10.0).substeps, 1);
    }
}
