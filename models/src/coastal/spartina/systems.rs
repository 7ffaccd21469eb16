//! The Spartina kernels: seed production and dispersal (`SimSet::Dispersal`), then
//! clonal growth, recruitment and loss (`SimSet::Growth`).

use super::params::SpartinaParams;
use crate::coastal::convolve::{Disperser, FftConvolver, Separable};
use crate::coastal::kernel::{SeedKernel, gaussian_1d};
use crate::coastal::layers::{MangroveCanopy, MarshCover, SpartinaCover};
use crate::coastal::local::{
    Clonal, Niche, Site, SiteView, Span, clonal_year, row_span, row_spans,
};
use crate::coastal::poisson::poisson;
use crate::streams;
use bevy_ecs::prelude::*;
use rand::RngExt;
use rayon::prelude::*;
use shanshui_engine::{Grid, StreamKey, reduce};

/// Salts of the sub-streams of [`streams::SPARTINA`].
const LDD: u64 = 1;
const LDD_PATH: u64 = 2;
const RECRUIT: u64 = 3;
const RECRUIT_MORE: u64 = 4;
const DIEBACK: u64 = 5;

/// Long-distance dispersal constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ldd {
    /// Expected establishing long-distance propagules per unit cover per year.
    events_per_cover: f64,
    /// Shortest displacement, cells.
    min_cells: f64,
    /// Pareto exponent.
    exponent: f64,
}

/// Per-cell constants derived from the parameters and the cell size.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct SpartinaRates {
    pub(crate) clonal: Clonal,
    pub(crate) niche: Niche,
    seeds_per_cell: f32,
    recruit_per_seed: f64,
    seedling_cover: f32,
    marsh_resistance: f32,
    shading: f32,
    survive: f32,
    dieback: f32,
    extinction: f32,
    ldd: Option<Ldd>,
}

impl SpartinaRates {
    /// Resolves `p` for cells of side `cell_m` metres.
    pub fn new(p: &SpartinaParams, cell_m: f64) -> Self {
        let area = cell_m * cell_m;
        let recruit_per_seed = p.establishment_probability.get() * p.seedling_survival.get();
        let seeds = p.seeds_per_m2_per_year.get() * area;
        let ldd_fraction = p.long_distance.map_or(0.0, |l| l.fraction.get());
        Self {
            clonal: Clonal::new(
                p.growth_rate_per_year.get(),
                p.clonal_spread_m_per_year.get(),
                cell_m,
            ),
            niche: Niche::new(p.elevation_m, p.max_inundation.get()),
            seeds_per_cell: (seeds * (1.0 - ldd_fraction)) as f32,
            recruit_per_seed,
            seedling_cover: (p.seedling_cover_m2.get() / area) as f32,
            marsh_resistance: p.marsh_resistance.get() as f32,
            shading: p.shading_canopy.get() as f32,
            survive: (1.0 - p.mortality_per_year.get()) as f32,
            dieback: p.dieback_probability_per_year.get() as f32,
            extinction: p.extinction_cover.get().max(1e-30) as f32,
            ldd: p.long_distance.map(|l| Ldd {
                events_per_cover: seeds * l.fraction.get() * recruit_per_seed,
                min_cells: l.min_distance_m.get() / cell_m,
                exponent: l.exponent.get(),
            }),
        }
    }
}

/// The expected seed rain of the year, seeds per cell, and what makes it.
#[derive(Resource)]
pub struct SpartinaSeeds {
    pub(crate) rain: Grid<f32>,
    /// The [`Span`] of each row of the cover the rain was made from (the committed
    /// cover that the year's growth reads too).
    cover_spans: Vec<Span>,
    disperser: Disperser,
    /// Target cells of the year's long-distance propagules, in source order.
    events: Vec<u32>,
}

impl SpartinaSeeds {
    /// Buffers and the prepared convolution for a `width × height` grid of `cell_m`
    /// cells: separable for the Gaussian, FFT for the other kernels (in f64 when
    /// `mean_field`, else f32).
    pub fn new(
        p: &SpartinaParams,
        cell_m: f64,
        (width, height): (usize, usize),
        mean_field: bool,
    ) -> Self {
        let r = (p.kernel.cutoff_m(p.max_dispersal_m.get()) / cell_m).ceil() as usize;
        let disperser = match p.kernel {
            _ if p.kernel.is_point() || r == 0 => Disperser::Identity,
            SeedKernel::Gaussian { sigma_m } => {
                let w = gaussian_1d(sigma_m.get(), cell_m, r);
                Disperser::Separable(Separable::new(w))
            }
            _ => {
                let w = p.kernel.cell_weights(cell_m, r);
                if mean_field {
                    Disperser::Fft64(Box::new(FftConvolver::new(&w, r, width, height)))
                } else {
                    Disperser::Fft32(Box::new(FftConvolver::new(&w, r, width, height)))
                }
            }
        };
        Self {
            rain: Grid::filled(width, height, 0.0),
            cover_spans: vec![(0, 0); height],
            disperser,
            events: Vec::new(),
        }
    }
}

/// Scratch raster for clonal sub-steps (empty when one step per year suffices).
#[derive(Resource, Debug)]
pub struct SpartinaScratch(pub(crate) Grid<f32>);

/// Samples long-distance propagules (stochastic mode) and convolves each cell's seed
/// production (cover × seeds per cell, formed as the convolution reads the cover)
/// with the kernel into the expected seed rain. Reads `SpartinaCover`; writes
/// `SpartinaSeeds`.
pub(crate) fn disperse_spartina_seeds(
    site: Site,
    rates: Res<SpartinaRates>,
    cover: Res<SpartinaCover>,
    mut seeds: ResMut<SpartinaSeeds>,
) {
    let seeds = &mut *seeds;
    let key = site.key(streams::SPARTINA);
    let keys = (key.derive(LDD), key.derive(LDD_PATH));
    let ldd = rates.ldd.filter(|_| site.stochastic());
    let now = cover.0.current();
    let (w, h) = (now.width(), now.height());
    // One read of each row: its span, largest cover and long-distance targets.
    let per_row: Vec<(Span, f32, Vec<u32>)> = (0..h)
        .into_par_iter()
        .map(|y| {
            let row = now.row(y);
            let (max, events) = row_sources(ldd, keys, row, y, (w, h));
            (row_span(row), max, events)
        })
        .collect();
    // max(cover) × seeds = max(cover × seeds): rounding is monotonic.
    let max = per_row.iter().fold(0.0f32, |m, r| m.max(r.1)) * rates.seeds_per_cell;
    seeds.cover_spans.clear();
    seeds.cover_spans.extend(per_row.iter().map(|r| r.0));
    seeds.events.clear();
    seeds.events.extend(per_row.into_iter().flat_map(|r| r.2));
    if max <= 0.0 {
        seeds.rain.as_mut_slice().fill(0.0);
    } else {
        let rain = &mut seeds.rain;
        let source = (now, seeds.cover_spans.as_slice());
        seeds
            .disperser
            .apply(source, rates.seeds_per_cell, max, rain);
    }
    // One establishing propagule is worth 1 / (establishment × survival) seeds.
    let worth = (1.0 / rates.recruit_per_seed) as f32;
    for &i in &seeds.events {
        seeds.rain.as_mut_slice()[i as usize] += worth;
    }
}

/// The largest cover of one row and its long-distance targets.
///
/// The row's long-distance propagules are a Poisson process: their number is
/// Poisson with mean `Σ_x λ_x` (`λ_x` = events per cover × cover of cell `x`), and
/// each comes from cell `x` with probability `λ_x / Σ λ`. One count per row replaces
/// one per occupied cell; the distribution of events is the same.
fn row_sources(
    ldd: Option<Ldd>,
    (count_key, path_key): (StreamKey, StreamKey),
    cover: &[f32],
    y: usize,
    (w, h): (usize, usize),
) -> (f32, Vec<u32>) {
    let (max, total) = reduce::max_and_sum_f32(cover);
    let mut events = Vec::new();
    let Some(l) = ldd.filter(|_| total > 0.0) else {
        return (max, events);
    };
    let lambda = l.events_per_cover * f64::from(total);
    let n = poisson(lambda, count_key.uniform(y as u64), || {
        count_key.rng(y as u64)
    });
    let mut rng = path_key.rng(y as u64);
    for _ in 0..n as u32 {
        let x = pick_source(cover, total, rng.random::<f32>());
        let d = l.min_cells * (1.0 - rng.random::<f64>()).powf(-1.0 / l.exponent);
        let angle = std::f64::consts::TAU * rng.random::<f64>();
        let tx = (x as f64 + 0.5 + d * angle.cos()).floor();
        let ty = (y as f64 + 0.5 + d * angle.sin()).floor();
        if (0.0..w as f64).contains(&tx) && (0.0..h as f64).contains(&ty) {
            events.push((ty as usize * w + tx as usize) as u32);
        }
    }
    (max, events)
}

/// The cell of `cover` (weights summing to `total`) whose cumulative share first
/// exceeds `u · total`; the last occupied cell when rounding leaves `u · total` past
/// the end.
fn pick_source(cover: &[f32], total: f32, u: f32) -> usize {
    let target = u * total;
    let mut sum = 0.0f32;
    let mut last = 0;
    for (x, &c) in cover.iter().enumerate() {
        if c > 0.0 {
            sum += c;
            last = x;
            if sum > target {
                return x;
            }
        }
    }
    last
}

/// Read-only inputs of the growth kernel.
struct Growth<'a> {
    rates: &'a SpartinaRates,
    site: SiteView<'a>,
    canopy: Option<&'a [f32]>,
    marsh: Option<&'a [f32]>,
    rain: &'a [f32],
    recruit: StreamKey,
    recruit_more: StreamKey,
    dieback: StreamKey,
    stochastic: bool,
}

/// One year of clonal growth and spread (in sub-steps), seedling recruitment from
/// the seed rain, mortality and die-back. Reads the committed Spartina, mangrove and
/// marsh layers, the site and the seed rain; writes Spartina's next cover.
pub(crate) fn grow_spartina(
    site: Site,
    rates: Res<SpartinaRates>,
    seeds: Res<SpartinaSeeds>,
    mangrove: Option<Res<MangroveCanopy>>,
    marsh: Option<Res<MarshCover>>,
    mut cover: ResMut<SpartinaCover>,
    mut scratch: ResMut<SpartinaScratch>,
) {
    let key = site.key(streams::SPARTINA);
    let g = Growth {
        rates: &rates,
        site: site.view(),
        canopy: mangrove.as_deref().map(|c| c.0.current().as_slice()),
        marsh: marsh.as_deref().map(|m| m.0.current().as_slice()),
        rain: seeds.rain.as_slice(),
        recruit: key.derive(RECRUIT),
        recruit_more: key.derive(RECRUIT_MORE),
        dieback: key.derive(DIEBACK),
        stochastic: site.stochastic(),
    };
    let (now, next) = cover.0.split_mut();
    debug_assert_eq!(seeds.cover_spans, row_spans(now.as_slice(), now.width()));
    clonal_year(
        &rates.clonal,
        (now, &seeds.cover_spans),
        next,
        &mut scratch.0,
        g.rain,
        |i| g.capacity(i),
        |i, u, k| g.recruit_and_lose(i, u, k),
    );
}

impl Growth<'_> {
    /// Space Spartina may fill in cell `i`: 0 outside its niche or under closed
    /// mangrove canopy, else `1 − canopy`.
    #[inline]
    fn capacity(&self, i: usize) -> f32 {
        let c = self.canopy.map_or(0.0, |c| c[i]);
        if c < self.rates.shading && self.site.suitable(i, &self.rates.niche) {
            1.0 - c
        } else {
            0.0
        }
    }

    /// Adds the year's surviving seedlings to cover `v`, then applies mortality,
    /// die-back and the extinction threshold.
    #[inline]
    fn recruit_and_lose(&self, i: usize, v: f32, k: f32) -> f32 {
        let r = self.rates;
        let m = self.marsh.map_or(0.0, |m| m[i]);
        let free = (k - v).max(0.0) * (1.0 - r.marsh_resistance * m);
        let lambda = f64::from(self.rain[i]) * r.recruit_per_seed * f64::from(free);
        let seedlings = if !self.stochastic || lambda <= 0.0 {
            lambda
        } else {
            let more = || self.recruit_more.rng(i as u64);
            poisson(lambda, self.recruit.uniform(i as u64), more)
        };
        let mut v = (v + seedlings as f32 * r.seedling_cover).min(k) * r.survive;
        if self.stochastic {
            if v > 0.0 && self.dieback.uniform_f32(i as u64) < r.dieback {
                v = 0.0;
            }
        } else {
            v *= 1.0 - r.dieback;
        }
        if v < r.extinction { 0.0 } else { v }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coastal::spartina::params::SpartinaParams;
    use shanshui_engine::{Probability, RunSeed, StreamId};

    #[test]
    fn sources_are_picked_in_proportion_to_cover() {
        let cover = [0.0, 0.25, 0.0, 0.75];
        let picks: Vec<usize> = (0..1000)
            .map(|k| pick_source(&cover, 1.0, (k as f32 + 0.5) / 1000.0))
            .collect();
        let from_last = picks.iter().filter(|&&x| x == 3).count();
        assert_eq!(picks.iter().filter(|&&x| x == 1).count() + from_last, 1000);
        assert_eq!(from_last, 750);
        assert_eq!(pick_source(&cover, 1.0, 1.0), 3, "rounding past the end");
    }

    /// A row's Poisson count gives `Σ λ_x` events a year on average, each landing at
    /// least the minimum distance from its source (less half a cell's diagonal).
    #[test]
    fn long_distance_events_have_the_expected_rate_and_reach() {
        let mut p = SpartinaParams::default();
        p.long_distance.as_mut().expect("on by default").fraction =
            Probability::new(0.05).expect("a probability");
        let rates = SpartinaRates::new(&p, 10.0);
        let ldd = rates.ldd.expect("long-distance dispersal");
        let (w, h, x0) = (4001, 4001, 2000);
        let mut cover = vec![0.0f32; w];
        cover[x0] = 0.6;
        let expected = ldd.events_per_cover * 0.6;
        let (mut events, years) = (0usize, 400u32);
        for year in 0..years {
            let key = RunSeed::for_replicate(7, 0).key(StreamId(99), year);
            let keys = (key.derive(LDD), key.derive(LDD_PATH));
            let (_, targets) = row_sources(Some(ldd), keys, &cover, x0, (w, h));
            events += targets.len();
            for t in targets {
                let (dx, dy) = (
                    (t as usize % w) as f64 - x0 as f64,
                    (t as usize / w) as f64 - x0 as f64,
                );
                assert!(dx.hypot(dy) >= ldd.min_cells - 0.71, "({dx}, {dy})");
            }
        }
        let mean = events as f64 / f64::from(years);
        // Most events land inside this large grid; allow for the few that leave it.
        let se = (expected / f64::from(years)).sqrt();
        assert!(
            mean > 0.9 * expected - 4.0 * se && mean < expected + 4.0 * se,
            "{mean} vs {expected}"
        );
    }
}
