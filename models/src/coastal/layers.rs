//! The coastal models' dense layers (resources) and the shared switch between
//! stochastic and mean-field dynamics.

use bevy_ecs::resource::Resource;
use serde::{Deserialize, Serialize};
use shanshui_engine::{DoubleBuffered, Grid};

/// Whether the coastal models draw random events or use their expected values.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Stochasticity {
    /// Random establishment, die-back and long-distance dispersal from keyed streams.
    #[default]
    Stochastic,
    /// Expected values instead of draws (deterministic; for analysis and theory tests).
    /// Long-distance propagule sampling is off in this mode.
    MeanField,
}

/// *Spartina alterniflora* cover per cell, fraction of the cell's area in [0, 1].
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct SpartinaCover(pub DoubleBuffered<f32>);

/// Mangrove canopy cover per cell, fraction in [0, 1]; a stand grows from a seedling
/// value to closed canopy over the years.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct MangroveCanopy(pub DoubleBuffered<f32>);

/// Native salt-marsh (*Suaeda*, *Scirpus*/*Cyperus*) cover per cell, fraction in [0, 1].
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct MarshCover(pub DoubleBuffered<f32>);

/// Fraction of time each cell is submerged, in [0, 1] (derived from elevation and the
/// tidal datums by the intertidal model).
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Inundation(pub Grid<f32>);
