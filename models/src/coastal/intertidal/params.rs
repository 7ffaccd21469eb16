//! Parameters of the intertidal environment.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Tidal datums, sea-level rise and sediment accretion.
///
/// Elevations are in metres in the vertical reference of the `Elevation` layer, which
/// is mean sea level (so `mean_sea_level_m` is normally 0). Defaults describe a
/// Xiamen-like macrotidal bay: mean tidal range ≈ 4 m (scenario `xiamen-bay.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IntertidalParams {
    /// Mean low water, m. Default `-2.0` (Xiamen, mean tidal range ≈ 4 m).
    pub mean_low_water_m: f64,
    /// Mean sea level, m: the reference of the elevation layer. Default `0.0`.
    pub mean_sea_level_m: f64,
    /// Mean high water, m. Default `2.0` (Xiamen).
    pub mean_high_water_m: f64,
    /// Relative sea-level rise, mm/yr (negative for a falling sea); every cell's
    /// elevation relative to the datums drops by this much each year. Default `0.0`
    /// (off; IPCC-range scenarios use 3–10 mm/yr).
    pub sea_level_rise_mm_per_year: f64,
    /// Sediment accretion by class name, mm/yr; cells of other classes do not accrete.
    /// Default: none. Alongi 2012 gives ≈ 5 mm/yr under mangroves (LITERATURE.md §4).
    pub accretion_mm_per_year: BTreeMap<String, f64>,
}

impl Default for IntertidalParams {
    fn default() -> Self {
        Self {
            mean_low_water_m: -2.0,
            mean_sea_level_m: 0.0,
            mean_high_water_m: 2.0,
            sea_level_rise_mm_per_year: 0.0,
            accretion_mm_per_year: BTreeMap::new(),
        }
    }
}
