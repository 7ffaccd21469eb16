//! *Spartina alterniflora*: cover fraction `u ∈ [0, 1]` per cell, one year per step.
//!
//! **Per year** (Dispersal phase, then Growth phase; all reads are last year's
//! committed layers, so the result does not depend on the order of cells):
//!
//! 1. *Seed production* `P = u · seeds_per_m2 · Δx²` per cell (minus the
//!    long-distance fraction), and the expected *seed rain* `R = k ∗ P`, the
//!    convolution with the cell-integrated dispersal kernel (Gaussian, exponential or
//!    2Dt), cut at `max_dispersal_m`.
//! 2. *Clonal growth and spread* for `n` sub-steps of `Δt = 1/n` yr: the exact
//!    logistic `u ← K u e^{rΔt} / (K + u(e^{rΔt} − 1))` plus explicit diffusion
//!    `+ DΔt/Δx² · ∇²u` (5-point, reflecting grid edges, absorbing habitat edges),
//!    with `D = c²/(4r)` from the clonal front speed `c` (Fisher–KPP `c = 2√(rD)`).
//!    `K = 1 − canopy` in the niche (elevation window, inundation limit, coastal
//!    class) when the mangrove canopy is below `shading_canopy`, else 0.
//! 3. *Recruitment*: expected surviving seedlings
//!    `λ = R · p_establish · p_survive · (K − u)⁺ · (1 − resistance · marsh)`;
//!    stochastic mode draws a Poisson(λ) count, mean-field mode takes λ; each adds
//!    `seedling_cover_m2 / Δx²` of cover (capped at K).
//! 4. *Loss*: `u ← u (1 − mortality)`; die-back kills a cell's stand with probability
//!    `p_dieback` (mean field: `u ← u (1 − p_dieback)`); cover below
//!    `extinction_cover` becomes 0.
//!
//! **Long-distance dispersal** (stochastic mode): a fraction of the seeds is carried
//! beyond the local kernel. Only propagules that would establish on open flat are
//! sampled: each source cell sends a Poisson number with mean
//! `u · seeds · fraction · p_establish · p_survive`, drawn per row as one Poisson
//! count with the row's summed mean, each propagule leaving from a cell picked in
//! proportion to its cover (the same distribution); each travels a Pareto distance
//! `d_min (1 − U)^{−1/α}` in a uniform direction; at the target it counts as
//! `1/(p_establish · p_survive)` seeds of rain, so it establishes only on free,
//! suitable ground. Cost: one draw per row plus a few per propagule.
//!
//! **Method and cost of the seed rain.** Gaussian kernels use a separable direct
//! convolution, `2(2R+1)` multiply-adds per cell for a cut-off of R = ⌈4σ/Δx⌉ cells.
//! The exponential and 2Dt kernels use an FFT convolution of the zero-padded band of
//! rows holding Spartina (`realfft` rows, `rustfft` columns, f32; see `convolve.rs`):
//! O(N log N) per year whatever the reach, ≈ 13 bytes per cell of buffers, the kernel
//! spectrum computed once per band length and kept for the last few; rain below the
//! transform's rounding level (10⁻⁶ of the densest cell's production in f32,
//! stochastic mode; 10⁻¹³ in f64, mean-field mode) is set to 0 as it is written.
//! Years without Spartina skip the convolution.
//!
//! Every random draw is keyed by (run seed, `streams::SPARTINA`, step, sub-purpose,
//! cell or row index), so results are identical for any thread count.

mod params;
mod systems;
#[cfg(test)]
mod tests;

pub use params::{LongDistance, SpartinaParams};
pub use systems::{SpartinaRates, SpartinaScratch, SpartinaSeeds};

use super::layers::{SpartinaCover, Stochasticity};
use super::{CoastalSystems, ensure_layer};
use bevy_ecs::prelude::*;
use shanshui_engine::{Grid, Landscape, Plugin, Sim, SimSet};

/// The Spartina model. Needs `Landscape`, `Elevation` and `LandCover`; uses
/// `Inundation`, `CoastalClasses`, `MangroveCanopy` and `MarshCover` when present.
/// Inserts [`SpartinaCover`] (zero unless already present) and commits it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpartinaPlugin(pub SpartinaParams);

impl Plugin for SpartinaPlugin {
    fn build(&self, sim: &mut Sim) {
        let land = *sim.world.resource::<Landscape>();
        ensure_layer::<SpartinaCover>(sim);
        sim.world.init_resource::<Stochasticity>();
        let rates = SpartinaRates::new(&self.0, land.cell_size_m);
        let scratch = if rates.clonal.substeps > 1 {
            Grid::filled(land.width, land.height, 0.0)
        } else {
            Grid::filled(0, 0, 0.0)
        };
        sim.world.insert_resource(SpartinaScratch(scratch));
        sim.world.insert_resource(rates);
        let mean_field = *sim.world.resource::<Stochasticity>() == Stochasticity::MeanField;
        sim.world.insert_resource(SpartinaSeeds::new(
            &self.0,
            land.cell_size_m,
            (land.width, land.height),
            mean_field,
        ));
        sim.add_systems((
            systems::disperse_spartina_seeds.in_set(SimSet::Dispersal),
            systems::grow_spartina
                .in_set(SimSet::Growth)
                .in_set(CoastalSystems::Spartina)
                .after(CoastalSystems::Mangrove)
                .after(CoastalSystems::Marsh),
        ));
    }
}
