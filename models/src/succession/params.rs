//! Parameters of the succession model, as written in scenario files.

use serde::{Deserialize, Serialize};
use shanshui_engine::Probability;

/// Transition rules between land-cover classes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SuccessionParams {
    /// The rules, checked in this order for each cell. Default: none (no succession).
    pub transitions: Vec<TransitionRule>,
}

/// One transition `from → to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitionRule {
    /// Source class name.
    pub from: String,
    /// Target class name.
    pub to: String,
    /// Annual probability of the transition when its conditions hold (1/yr, in [0, 1]).
    pub probability_per_year: Probability,
    /// Minimum whole years in the source class before the rule applies. Default 0.
    #[serde(default)]
    pub min_age_years: u16,
    /// Elevation window in m relative to mean sea level. Default: none (any elevation).
    #[serde(default)]
    pub elevation_m: Option<ElevationWindow>,
    /// Seed-source requirement. Default: none.
    #[serde(default)]
    pub neighbours: Option<NeighbourRule>,
}

/// A closed elevation interval `[min, max]`, in m relative to mean sea level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElevationWindow {
    /// Lowest elevation, m.
    pub min: f64,
    /// Highest elevation, m.
    pub max: f64,
}

/// Requires at least `at_least` cells of `class` within `radius_cells` (Moore window).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeighbourRule {
    /// Seed-source class name.
    pub class: String,
    /// Window radius in cells (≥ 1).
    pub radius_cells: u16,
    /// Minimum number of source cells in the window (≥ 1).
    pub at_least: u16,
}
