//! Native salt marsh (*Suaeda*, *Scirpus*/*Cyperus*): cover `m ∈ [0, 1]` per cell,
//! one year per step (Growth phase, reading last year's committed layers).
//!
//! - *Clonal growth and spread*: the same split reaction–diffusion step as Spartina
//!   (exact logistic plus explicit 5-point diffusion, `D = c²/(4r)`), with carrying
//!   capacity `K = (1 − C_mangrove − u_Spartina)⁺` in the marsh band and 0 elsewhere:
//!   Spartina and mangroves displace native marsh.
//! - *Colonisation*: expected surviving seedlings
//!   `λ = seedlings_per_cell · mean marsh cover in the seed window · (K − m)⁺`,
//!   Poisson-drawn in stochastic mode, each adding `seedling_cover`.
//! - *Loss*: `m ← m (1 − mortality)`, then the extinction threshold.
//!
//! **Competition with Spartina** works both ways: marsh holds back Spartina's seedling
//! establishment by `1 − marsh_resistance · m` (Spartina params), so a Spartina front
//! meeting marsh advances only at its clonal speed — 2.7 m/yr against *Scirpus* vs
//! 25.4 m/yr over open mudflat (Xiao et al. 2010) — while Spartina, once present,
//! takes the space from the marsh.

mod params;
mod systems;
#[cfg(test)]
mod tests;

pub use params::MarshParams;
pub use systems::{MarshRates, MarshScratch};

use super::layers::{MarshCover, Stochasticity};
use super::{CoastalSystems, ensure_layer};
use bevy_ecs::prelude::*;
use shanshui_engine::{Landscape, Plugin, Sim, SimSet};

/// The native-marsh model. Needs `Landscape`, `Elevation` and `LandCover`; uses
/// `Inundation`, `CoastalClasses`, `SpartinaCover` and `MangroveCanopy` when present.
/// Inserts [`MarshCover`] (zero unless already present) and commits it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MarshPlugin(pub MarshParams);

impl Plugin for MarshPlugin {
    fn build(&self, sim: &mut Sim) {
        let land = *sim.world.resource::<Landscape>();
        ensure_layer::<MarshCover>(sim);
        sim.world.init_resource::<Stochasticity>();
        let rates = MarshRates::new(&self.0, land.cell_size_m);
        sim.world
            .insert_resource(MarshScratch::new(&rates, land.width, land.height));
        sim.world.insert_resource(rates);
        sim.add_systems(
            systems::grow_marsh
                .in_set(SimSet::Growth)
                .in_set(CoastalSystems::Marsh)
                .after(CoastalSystems::Mangrove),
        );
    }
}
