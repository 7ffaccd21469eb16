//! The carbon kernel: the per-class table resolved to class indices, the per-cell
//! vegetation and soil carbon layers, the yearly update and the ledger.

use super::params::{CarbonParams, ClassCarbon};
use crate::layers::{ClassTable, LandCover, NODATA};
use bevy_ecs::prelude::*;
use rayon::prelude::*;
use shanshui_engine::{Grid, Landscape, Recorder, SimClock, reduce};

/// Tonnes of CO₂ per tonne of carbon (44/12).
pub const CO2_PER_C: f64 = 44.0 / 12.0;

/// One class's carbon parameters as plain `f32` numbers (all zero for classes
/// without parameters).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Rates {
    veg_max: f32,
    veg_growth: f32,
    soil_initial: f32,
    burial: f32,
    soil_max: f32,
    veg_loss: f32,
    soil_loss: f32,
    /// Vegetation and soil densities from which a year without conversion changes
    /// nothing: the maxima, or −∞ for a pool that does not grow at all.
    veg_settled: f32,
    soil_settled: f32,
}

impl Rates {
    fn from(c: &ClassCarbon) -> Self {
        let (veg_max, veg_growth) = (
            c.vegetation_mgc_per_ha.get() as f32,
            c.vegetation_growth_mgc_per_ha_per_yr.get() as f32,
        );
        let soil_max = c
            .soil_max_mgc_per_ha
            .map_or(f32::INFINITY, |m| m.get() as f32);
        let burial = c.soil_burial_mgc_per_ha_per_yr.get() as f32;
        let settled = |max: f32, gain: f32| if gain == 0.0 { f32::NEG_INFINITY } else { max };
        Self {
            veg_max,
            veg_growth,
            soil_initial: c.soil_mgc_per_ha.get() as f32,
            burial,
            soil_max,
            veg_loss: c.vegetation_loss_on_conversion.get() as f32,
            soil_loss: c.soil_loss_on_conversion.get() as f32,
            veg_settled: settled(veg_max, veg_growth),
            soil_settled: settled(soil_max, burial),
        }
    }
}

/// The carbon parameters by class index (256 entries, [`NODATA`] included as zero).
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct CarbonTable {
    rates: Box<[Rates; 256]>,
}

impl CarbonTable {
    /// Resolves `params` against `classes`; returns the table and the names of
    /// `params` that are not classes of the scenario (ignored).
    pub fn resolve(params: &CarbonParams, classes: &ClassTable) -> (Self, Vec<String>) {
        let mut rates = Box::new([Rates::default(); 256]);
        let mut ignored = Vec::new();
        for (name, c) in &params.classes {
            match classes.index_of(name) {
                Some(i) => rates[usize::from(i)] = Rates::from(c),
                None => ignored.push(name.clone()),
            }
        }
        rates[usize::from(NODATA)] = Rates::default();
        (Self { rates }, ignored)
    }

    fn get(&self, class: u8) -> &Rates {
        &self.rates[usize::from(class)]
    }

    /// Initial (vegetation, soil) carbon density of a cell of `class`, Mg C/ha.
    pub fn initial(&self, class: u8) -> (f32, f32) {
        let r = self.get(class);
        (r.veg_max, r.soil_initial)
    }

    /// Advances one cell by a year: conversion losses if the class changed from
    /// `before` to `now`, then growth and burial under `now`. Returns (emitted,
    /// sequestered) carbon density, Mg C/ha, computed from the stored values so that
    /// the ledger balances exactly up to the summation.
    #[inline]
    pub fn advance(&self, before: u8, now: u8, veg: &mut f32, soil: &mut f32) -> (f64, f64) {
        let r = self.get(now);
        if before == now && *veg >= r.veg_settled && *soil >= r.soil_settled {
            // Saturated (or not growing) and unchanged: nothing moves (the general path
            // gives 0, 0 too).
            return (0.0, 0.0);
        }
        let start = f64::from(*veg) + f64::from(*soil);
        if before != now {
            let r = self.get(before);
            let lost_veg = *veg * r.veg_loss;
            *soil += *veg - lost_veg;
            *veg = 0.0;
            *soil -= *soil * r.soil_loss;
        }
        let mid = f64::from(*veg) + f64::from(*soil);
        if *veg < r.veg_max {
            *veg = (*veg + r.veg_growth).min(r.veg_max);
        }
        if *soil < r.soil_max {
            *soil = (*soil + r.burial).min(r.soil_max);
        }
        let end = f64::from(*veg) + f64::from(*soil);
        (start - mid, end - mid)
    }
}

/// Vegetation and soil carbon density per cell (Mg C/ha), the class each cell had at
/// the last accounting, and which rows have settled.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct CarbonLayers {
    /// Vegetation carbon, Mg C/ha.
    vegetation: Grid<f32>,
    /// Soil organic carbon, Mg C/ha.
    soil: Grid<f32>,
    /// Land-cover class at the last accounting.
    class: Grid<u8>,
    /// Rows whose last accounting changed nothing (no class change, no growth or
    /// burial): with the same classes again, the year would change nothing again.
    settled: Vec<bool>,
    /// Σ (vegetation + soil) of each row at the last accounting, Mg C/ha.
    row_density: Vec<f64>,
}

impl CarbonLayers {
    /// Layers for a land cover `cover` at the start.
    pub fn new(table: &CarbonTable, cover: &Grid<u8>) -> Self {
        Self {
            vegetation: cover.map(|&c| table.initial(c).0),
            soil: cover.map(|&c| table.initial(c).1),
            class: cover.clone(),
            settled: vec![false; cover.height()],
            row_density: vec![0.0; cover.height()],
        }
    }

    /// Σ (vegetation + soil) densities, Mg C/ha summed over cells (rows summed in order).
    fn density_sum(&self) -> f64 {
        let w = self.vegetation.width().max(1);
        let rows: Vec<f64> = self
            .vegetation
            .as_slice()
            .par_chunks(w)
            .zip(self.soil.as_slice().par_chunks(w))
            .map(|(v, s)| row_density(v, s))
            .collect();
        rows.iter().sum()
    }
}

/// Σ (vegetation + soil) over one row, Mg C/ha, in f64 (fixed order, see
/// [`reduce::sum2_f64`]).
fn row_density(vegetation: &[f32], soil: &[f32]) -> f64 {
    reduce::sum2_f64(vegetation, soil)
}

/// The carbon ledger of the run, Mg C (tonnes of carbon).
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub struct CarbonLedger {
    /// Total stock at the last accounting, Mg C.
    pub stock_mgc: f64,
    /// Carbon sequestered in the last year (vegetation growth + soil burial), Mg C/yr.
    pub flux_mgc_per_yr: f64,
    /// Carbon emitted by conversions in the last year, Mg C/yr.
    pub loss_mgc_per_yr: f64,
    /// Σ (flux − loss) since the start, Mg C.
    pub cumulative_net_mgc: f64,
}

impl CarbonLedger {
    /// The ledger at the start.
    pub fn new(layers: &CarbonLayers, landscape: &Landscape) -> Self {
        Self {
            stock_mgc: layers.density_sum() * landscape.cell_area_ha(),
            ..Self::default()
        }
    }
}

/// Advances every cell's carbon by one year against the committed land cover (after
/// management), and updates the ledger. Reads `LandCover`; writes the carbon layers
/// and the ledger.
pub(crate) fn account_carbon(
    table: Res<CarbonTable>,
    landscape: Res<Landscape>,
    land: Res<LandCover>,
    mut layers: ResMut<CarbonLayers>,
    mut ledger: ResMut<CarbonLedger>,
) {
    let now = land.class.current();
    let w = now.width().max(1);
    let layers = &mut *layers;
    let rows: Vec<(f64, f64, f64)> = layers
        .vegetation
        .as_mut_slice()
        .par_chunks_mut(w)
        .zip(layers.soil.as_mut_slice().par_chunks_mut(w))
        .zip(layers.class.as_mut_slice().par_chunks_mut(w))
        .zip(now.as_slice().par_chunks(w))
        .zip(
            layers
                .settled
                .par_iter_mut()
                .zip(layers.row_density.par_iter_mut()),
        )
        .map(|((((veg, soil), before), now), (settled, density))| {
            let unchanged_classes = before == now;
            if *settled && unchanged_classes {
                // Same inputs as last year's unchanged accounting: unchanged again.
                return (0.0, 0.0, *density);
            }
            let (mut lost, mut gained) = (0.0, 0.0);
            for (x, &class) in now.iter().enumerate() {
                let (l, g) = table.advance(before[x], class, &mut veg[x], &mut soil[x]);
                lost += l;
                gained += g;
            }
            before.copy_from_slice(now);
            // Growth and burial are never negative, so a zero sum means none at all.
            *settled = unchanged_classes && gained == 0.0;
            *density = row_density(veg, soil);
            (lost, gained, *density)
        })
        .collect();
    let (lost, gained) = rows.iter().fold((0.0, 0.0), |a, r| (a.0 + r.0, a.1 + r.1));
    let stock: f64 = rows.iter().map(|r| r.2).sum();
    let cell_ha = landscape.cell_area_ha();
    ledger.flux_mgc_per_yr = gained * cell_ha;
    ledger.loss_mgc_per_yr = lost * cell_ha;
    ledger.cumulative_net_mgc += ledger.flux_mgc_per_yr - ledger.loss_mgc_per_yr;
    ledger.stock_mgc = stock * cell_ha;
}

/// Records `carbon_stock_mgc`, `carbon_flux_mgc_per_yr`, `carbon_loss_mgc_per_yr` and
/// `carbon_cumulative_co2e_t` (zero flux, loss and cumulative at year 0).
pub(crate) fn record_carbon(
    clock: Res<SimClock>,
    ledger: Res<CarbonLedger>,
    mut recorder: ResMut<Recorder>,
) {
    let year = clock.year();
    recorder.record(year, "carbon_stock_mgc", ledger.stock_mgc);
    recorder.record(year, "carbon_flux_mgc_per_yr", ledger.flux_mgc_per_yr);
    recorder.record(year, "carbon_loss_mgc_per_yr", ledger.loss_mgc_per_yr);
    recorder.record(
        year,
        "carbon_cumulative_co2e_t",
        ledger.cumulative_net_mgc * CO2_PER_C,
    );
}
