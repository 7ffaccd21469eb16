//! Spatial state-and-transition succession of land cover.
//!
//! Each year a cell of class `A` may become class `B` with the annual probability of a
//! rule `A → B`, if all of the rule's conditions hold:
//! - the cell has been at least `min_age_years` in `A`;
//! - its elevation (m relative to mean sea level) lies in the rule's window, if any;
//! - at least `at_least` cells of a seed-source class lie within `radius_cells`
//!   (a square Moore window of side `2r + 1`, the cell itself excluded), if required.
//!
//! Rules from the same class compete: one uniform draw `u` per cell is compared with
//! the running sum of the eligible rules' probabilities in file order, so
//! `P(A → B) = p_B` exactly when the eligible rules' probabilities sum to at most 1
//! (validation checks that they can never exceed 1). A cell that changes class starts
//! at age 0; otherwise its age grows by one year. Natural recovery of bare and degraded
//! land emerges from such rules with seed-source requirements.

mod params;
mod systems;
#[cfg(test)]
mod tests;

pub use params::{ElevationWindow, NeighbourRule, SuccessionParams, TransitionRule};
pub use systems::{CompileError, CompiledRules};

use crate::layers::ClassTable;
use bevy_ecs::prelude::*;
use shanshui_engine::{Plugin, Sim, SimSet};

/// The succession model: its rules resolved against the scenario's classes.
pub struct SuccessionPlugin {
    rules: CompiledRules,
}

impl SuccessionPlugin {
    /// Resolves `params`' class names against `classes`.
    pub fn new(params: &SuccessionParams, classes: &ClassTable) -> Result<Self, CompileError> {
        Ok(Self {
            rules: CompiledRules::compile(params, classes)?,
        })
    }
}

impl Plugin for SuccessionPlugin {
    fn build(&self, sim: &mut Sim) {
        sim.world.insert_resource(self.rules.clone());
        sim.world.init_resource::<systems::NeighbourCounts>();
        sim.add_systems(systems::advance_succession.in_set(SimSet::Succession));
    }
}
