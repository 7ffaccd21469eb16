//! The native-marsh kernel: clonal growth and spread under the space left by
//! mangroves and Spartina, colonisation from nearby marsh, and loss.

use super::params::MarshParams;
use crate::coastal::convolve::Separable;
use crate::coastal::layers::{MangroveCanopy, MarshCover, SpartinaCover};
use crate::coastal::local::{Clonal, Niche, Site, SiteView, clonal_year, row_spans};
use crate::coastal::poisson::poisson;
use crate::streams;
use bevy_ecs::prelude::*;
use shanshui_engine::{Grid, StreamKey};

/// Salt of the sub-stream of [`streams::MARSH`] for the further uniforms of a draw.
const MORE: u64 = 1;

/// Per-cell constants derived from the parameters and the cell size.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct MarshRates {
    pub(crate) clonal: Clonal,
    pub(crate) niche: Niche,
    radius: usize,
    /// Seedlings per year per unit of window-mean marsh cover.
    seedlings: f64,
    window_cells: f64,
    seedling_cover: f32,
    survive: f32,
    extinction: f32,
}

impl MarshRates {
    /// Resolves `p` for cells of side `cell_m` metres.
    pub fn new(p: &MarshParams, cell_m: f64) -> Self {
        let radius = (p.seed_distance_m.get() / cell_m).round() as usize;
        Self {
            clonal: Clonal::new(
                p.growth_rate_per_year.get(),
                p.clonal_spread_m_per_year.get(),
                cell_m,
            ),
            niche: Niche::new(p.elevation_m, p.max_inundation.get()),
            radius,
            seedlings: p.seedlings_per_cell_per_year.get(),
            window_cells: ((2 * radius + 1) * (2 * radius + 1)) as f64,
            seedling_cover: p.seedling_cover.get() as f32,
            survive: (1.0 - p.mortality_per_year.get()) as f32,
            extinction: p.extinction_cover.get().max(1e-30) as f32,
        }
    }
}

/// Buffers of the marsh model.
#[derive(Resource)]
pub struct MarshScratch {
    sources: Grid<f32>,
    window: Separable,
    substep: Grid<f32>,
}

impl MarshScratch {
    /// Buffers for a `width × height` grid.
    pub fn new(rates: &MarshRates, width: usize, height: usize) -> Self {
        let (sw, sh) = if rates.clonal.substeps > 1 {
            (width, height)
        } else {
            (0, 0)
        };
        Self {
            sources: Grid::filled(width, height, 0.0),
            window: Separable::new(vec![1.0; 2 * rates.radius + 1]),
            substep: Grid::filled(sw, sh, 0.0),
        }
    }
}

/// Read-only inputs of the per-cell rule.
struct Meadow<'a> {
    rates: &'a MarshRates,
    site: SiteView<'a>,
    spartina: Option<&'a [f32]>,
    canopy: Option<&'a [f32]>,
    sources: &'a [f32],
    key: StreamKey,
    /// Further uniforms of a cell's draw (means of one or more).
    more: StreamKey,
    stochastic: bool,
}

/// One year of native-marsh dynamics. Reads the committed marsh, Spartina and
/// mangrove layers and the site; writes the next marsh cover.
pub(crate) fn grow_marsh(
    site: Site,
    rates: Res<MarshRates>,
    spartina: Option<Res<SpartinaCover>>,
    mangrove: Option<Res<MangroveCanopy>>,
    mut marsh: ResMut<MarshCover>,
    mut scratch: ResMut<MarshScratch>,
) {
    let scratch = &mut *scratch;
    let (now, next) = marsh.0.split_mut();
    let spans = row_spans(now.as_slice(), now.width());
    scratch
        .window
        .apply((now, &spans), |m| m, &mut scratch.sources);
    let key = site.key(streams::MARSH);
    let meadow = Meadow {
        rates: &rates,
        site: site.view(),
        spartina: spartina.as_deref().map(|s| s.0.current().as_slice()),
        canopy: mangrove.as_deref().map(|c| c.0.current().as_slice()),
        sources: scratch.sources.as_slice(),
        key,
        more: key.derive(MORE),
        stochastic: site.stochastic(),
    };
    clonal_year(
        &rates.clonal,
        (now, &spans),
        next,
        &mut scratch.substep,
        meadow.sources,
        |i| meadow.capacity(i),
        |i, m, k| meadow.colonise_and_lose(i, m, k),
    );
}

impl Meadow<'_> {
    /// Space left to marsh in cell `i`: `1 − canopy − Spartina` in its niche, else 0
    /// (Spartina and mangroves are the stronger competitors and displace it).
    #[inline]
    fn capacity(&self, i: usize) -> f32 {
        let c = self.canopy.map_or(0.0, |c| c[i]);
        let u = self.spartina.map_or(0.0, |s| s[i]);
        if self.site.suitable(i, &self.rates.niche) {
            (1.0 - c - u).max(0.0)
        } else {
            0.0
        }
    }

    #[inline]
    fn colonise_and_lose(&self, i: usize, m: f32, k: f32) -> f32 {
        let r = self.rates;
        let mean_source = f64::from(self.sources[i]) / r.window_cells;
        let lambda = r.seedlings * mean_source * f64::from((k - m).max(0.0));
        let seedlings = if self.stochastic && lambda > 0.0 {
            let more = || self.more.rng(i as u64);
            poisson(lambda, self.key.uniform(i as u64), more)
        } else {
            lambda
        };
        let m = (m + seedlings as f32 * r.seedling_cover).min(k) * r.survive;
        if m < r.extinction { 0.0 } else { m }
    }
}
