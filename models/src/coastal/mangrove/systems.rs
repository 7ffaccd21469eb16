//! The mangrove kernel: propagule pressure from nearby reproductive stands, seedling
//! establishment with setting-dependent survival, logistic canopy growth, mortality.

use super::params::MangroveParams;
use crate::coastal::convolve::Separable;
use crate::coastal::layers::{MangroveCanopy, SpartinaCover};
use crate::coastal::local::{Niche, Site, SiteView, logistic, row_span, row_spans, rows3, union};
use crate::streams;
use bevy_ecs::prelude::*;
use rayon::prelude::*;
use shanshui_engine::{Grid, StreamKey};

const ESTABLISH: u64 = 1;
const DIE: u64 = 2;

/// Per-cell constants derived from the parameters and the cell size.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct MangroveRates {
    pub(crate) niche: Niche,
    radius: usize,
    /// Rooted propagules per cell per year under a window full of reproductive canopy.
    rooted_full: f64,
    window_cells: f64,
    fringe_survival: f64,
    open_survival: f64,
    suppression: f64,
    seedling: f32,
    closed: f32,
    reproductive: f32,
    /// `exp(g)`, g the logistic canopy growth rate per year.
    growth: f32,
    mortality: f32,
}

impl MangroveRates {
    /// Resolves `p` for cells of side `cell_m` metres.
    pub fn new(p: &MangroveParams, cell_m: f64) -> Self {
        let radius = (p.dispersal_distance_m.get() / cell_m).round() as usize;
        let logit = |c: f64| {
            let c = c.clamp(1e-6, 1.0 - 1e-6);
            (c / (1.0 - c)).ln()
        };
        let (c0, cc) = (p.seedling_canopy.get(), p.closed_canopy.get());
        let years = p.years_to_closed_canopy.get().max(1e-6);
        let g = ((logit(cc) - logit(c0)) / years).max(0.0);
        Self {
            niche: Niche::new(p.elevation_m, p.max_inundation.get()),
            radius,
            rooted_full: p.propagules_per_cell_per_year.get() * p.rooting_probability.get(),
            window_cells: ((2 * radius + 1) * (2 * radius + 1)) as f64,
            fringe_survival: p.fringe_survival.get(),
            open_survival: p.open_flat_survival.get(),
            suppression: p.spartina_suppression.get(),
            seedling: c0 as f32,
            closed: cc as f32,
            reproductive: p.reproductive_canopy.get() as f32,
            growth: g.exp() as f32,
            mortality: p.mortality_per_year.get() as f32,
        }
    }

    /// Probability that at least one seedling survives its first year in a cell with
    /// propagule-source sum `pressure`, next to a closed stand or not, under Spartina
    /// cover `u`: `1 − exp(−λ s)`, `λ = rooted_full · pressure / window`,
    /// `s = survival(setting) · (1 − suppression · u)`.
    #[inline]
    pub(crate) fn establishment(&self, pressure: f32, fringe: bool, u: f32) -> f32 {
        let lambda = self.rooted_full * f64::from(pressure) / self.window_cells;
        if lambda <= 0.0 {
            return 0.0;
        }
        let setting = if fringe {
            self.fringe_survival
        } else {
            self.open_survival
        };
        let s = setting * (1.0 - self.suppression * f64::from(u));
        (1.0 - (-lambda * s).exp()) as f32
    }

    /// Whether the uniform draw `draw` is at or above [`Self::establishment`] in
    /// either setting, known without the exponential: `1 − exp(−x) ≤ x`, and the
    /// margin covers the rounding of both computations.
    #[inline]
    pub(crate) fn surely_fails(&self, pressure: f32, u: f32, draw: f32) -> bool {
        let lambda = self.rooted_full * f64::from(pressure) / self.window_cells;
        let survival = self.fringe_survival.max(self.open_survival);
        let x = lambda * survival * (1.0 - self.suppression * f64::from(u));
        f64::from(draw) >= x * (1.0 + 1e-6) + 1e-12
    }
}

/// Buffers of the propagule-pressure computation.
#[derive(Resource)]
pub struct MangroveScratch {
    pressure: Grid<f32>,
    window: Separable,
}

impl MangroveScratch {
    /// Buffers for a `width × height` grid.
    pub fn new(rates: &MangroveRates, width: usize, height: usize) -> Self {
        Self {
            pressure: Grid::filled(width, height, 0.0),
            window: Separable::new(vec![1.0; 2 * rates.radius + 1]),
        }
    }
}

/// Read-only inputs of the per-cell rule.
struct Stand<'a> {
    rates: &'a MangroveRates,
    site: SiteView<'a>,
    spartina: Option<&'a [f32]>,
    pressure: &'a [f32],
    establish: StreamKey,
    die: StreamKey,
    stochastic: bool,
}

/// One year of mangrove dynamics. Reads the committed canopy, Spartina cover and the
/// site; writes the next canopy.
pub(crate) fn grow_mangrove(
    site: Site,
    rates: Res<MangroveRates>,
    spartina: Option<Res<SpartinaCover>>,
    mut canopy: ResMut<MangroveCanopy>,
    mut scratch: ResMut<MangroveScratch>,
) {
    let scratch = &mut *scratch;
    let (now, next) = canopy.0.split_mut();
    let repro = rates.reproductive;
    // Reproductive stands are the sources; the window sums their canopy.
    let source = |c: f32| if c >= repro { c } else { 0.0 };
    let (w, h) = (now.width(), now.height());
    let spans = row_spans(now.as_slice(), w);
    scratch
        .window
        .apply((now, &spans), source, &mut scratch.pressure);
    let key = site.key(streams::MANGROVE);
    let stand = Stand {
        rates: &rates,
        site: site.view(),
        spartina: spartina.as_deref().map(|s| s.0.current().as_slice()),
        pressure: scratch.pressure.as_slice(),
        establish: key.derive(ESTABLISH),
        die: key.derive(DIE),
        stochastic: site.stochastic(),
    };
    next.par_rows_mut().for_each(|(y, out)| {
        let rows = rows3(now.as_slice(), w, h, y);
        // A cell without canopy and without propagule pressure stays bare (`cell`
        // gives 0 there in both modes), so only the span holding either is visited.
        let pressure = &stand.pressure[y * w..(y + 1) * w];
        let (lo, hi) = union(spans[y], row_span(pressure));
        out[..lo].fill(0.0);
        out[hi..].fill(0.0);
        for (x, o) in out.iter_mut().enumerate().take(hi).skip(lo) {
            *o = stand.cell(y * w + x, rows[1][x], || stand.fringe(&rows, x));
        }
    });
}

impl Stand<'_> {
    /// Whether any of the 8 neighbours of cell `x` of the middle row is closed.
    #[inline]
    fn fringe(&self, rows: &[&[f32]; 3], x: usize) -> bool {
        let (lo, hi) = (x.saturating_sub(1), (x + 1).min(rows[1].len() - 1));
        let closed = self.rates.closed;
        rows.iter().any(|r| r[lo..=hi].iter().any(|&c| c >= closed))
    }

    /// Next canopy of cell `i` with canopy `c`; `fringe()` tells whether a closed
    /// stand is next to it (asked only where a seedling could establish).
    #[inline]
    fn cell(&self, i: usize, c: f32, fringe: impl Fn() -> bool) -> f32 {
        let r = self.rates;
        if !self.site.suitable(i, &r.niche) {
            return 0.0;
        }
        let u = self.spartina.map_or(0.0, |s| s[i]);
        let grown = logistic(c, 1.0, r.growth);
        if self.stochastic {
            if c > 0.0 {
                let dies = self.die.uniform_f32(i as u64) < r.mortality;
                return if dies { 0.0 } else { grown };
            }
            let pressure = self.pressure[i];
            if pressure <= 0.0 {
                return 0.0;
            }
            // Most cells far from a stand fail whatever their setting: the bound
            // spares the neighbourhood scan and the exponential (same outcome).
            let draw = self.establish.uniform_f32(i as u64);
            if r.surely_fails(pressure, u, draw) {
                return 0.0;
            }
            let p = r.establishment(pressure, fringe(), u);
            return if p > 0.0 && draw < p { r.seedling } else { 0.0 };
        }
        let p = if self.pressure[i] > 0.0 {
            r.establishment(self.pressure[i], fringe(), u)
        } else {
            0.0
        };
        (grown * (1.0 - r.mortality) + p * r.seedling * (1.0 - c)).min(1.0)
    }
}
