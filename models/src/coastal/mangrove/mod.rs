//! Mangroves (*Kandelia obovata*, *Avicennia marina*): canopy fraction `C ∈ [0, 1]`
//! per cell, one year per step (Growth phase, reading last year's committed layers).
//!
//! - *Propagule pressure*: the sum of reproductive canopy (`C ≥ reproductive_canopy`)
//!   over the square window of radius `⌊dispersal_distance / Δx⌉` cells (separable
//!   box sum, O(radius) per cell), divided by the window's cell count.
//! - *Establishment* in an open cell (`C = 0`) of the band (elevation window,
//!   inundation limit, coastal class): at least one surviving seedling with
//!   probability `1 − exp(−λ s)`, `λ = propagules · rooting · pressure`, `s` the
//!   first-year survival of the setting — forest fringe (a closed stand among the 8
//!   neighbours) ≈ 76 %, open flat ≈ 35 % (Zhang Yihui et al. 2006) — times
//!   `(1 − suppression · u_Spartina)`. A new stand starts at `seedling_canopy`.
//! - *Growth*: logistic `C ← C e^g / (1 + C (e^g − 1))`, with `g` set so that a
//!   seedling stand closes (`closed_canopy`) after `years_to_closed_canopy` years.
//!   Closed canopy shades out Spartina (see the Spartina model).
//! - *Mortality*: a stand dies with probability `mortality_per_year`; cells that
//!   leave the band (sea-level rise) lose their stand.
//!
//! Mean-field mode: `C ← C_grown (1 − mortality) + p · seedling_canopy · (1 − C)`.

mod params;
mod systems;
#[cfg(test)]
mod tests;

pub use params::MangroveParams;
pub use systems::{MangroveRates, MangroveScratch};

use super::layers::{MangroveCanopy, Stochasticity};
use super::{CoastalSystems, ensure_layer};
use bevy_ecs::prelude::*;
use shanshui_engine::{Landscape, Plugin, Sim, SimSet};

/// The mangrove model. Needs `Landscape`, `Elevation` and `LandCover`; uses
/// `Inundation`, `CoastalClasses` and `SpartinaCover` when present. Inserts
/// [`MangroveCanopy`] (zero unless already present) and commits it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MangrovePlugin(pub MangroveParams);

impl Plugin for MangrovePlugin {
    fn build(&self, sim: &mut Sim) {
        let land = *sim.world.resource::<Landscape>();
        ensure_layer::<MangroveCanopy>(sim);
        sim.world.init_resource::<Stochasticity>();
        let rates = MangroveRates::new(&self.0, land.cell_size_m);
        sim.world
            .insert_resource(MangroveScratch::new(&rates, land.width, land.height));
        sim.world.insert_resource(rates);
        sim.add_systems(
            systems::grow_mangrove
                .in_set(SimSet::Growth)
                .in_set(CoastalSystems::Mangrove),
        );
    }
}
