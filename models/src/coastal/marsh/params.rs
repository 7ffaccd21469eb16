//! Parameters of the native salt-marsh model (*Suaeda*, *Scirpus*/*Cyperus*).

use crate::succession::ElevationWindow;
use serde::{Deserialize, Serialize};
use shanshui_engine::{NonNegative, Probability};

/// Native salt marsh: clonal growth and spread, colonisation from nearby marsh, loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarshParams {
    /// Intrinsic rate of clonal cover increase, r, 1/yr. Default `0.8` (assumed,
    /// a little slower than Spartina's 1.0).
    pub growth_rate_per_year: NonNegative,
    /// Clonal front speed c, m/yr (`D = c²/(4r)`). Default `1.0` (assumed; the 2.7
    /// m/yr Spartina front against *Scirpus* of Xiao et al. 2010 bounds it above).
    pub clonal_spread_m_per_year: NonNegative,
    /// Radius of the window of seed-source marsh around a cell, m. Default `30`
    /// (assumed).
    pub seed_distance_m: NonNegative,
    /// Expected surviving seedlings per year in an open cell whose window is full of
    /// marsh. Default `0.2` (the default bay's native-marsh spread rule).
    pub seedlings_per_cell_per_year: NonNegative,
    /// Cover one surviving seedling adds, fraction of the cell. Default `0.05`.
    pub seedling_cover: Probability,
    /// Elevation band, m rel. mean sea level. Default `[1.5, 2.8]`: high marsh around
    /// and above mean high water (default bay, Xiamen-like datums).
    pub elevation_m: ElevationWindow,
    /// Largest inundation fraction tolerated. Default `1.0` (no limit beyond the band).
    pub max_inundation: Probability,
    /// Fraction of cover lost each year. Default `0.02` (assumed).
    pub mortality_per_year: Probability,
    /// Cover below which marsh is taken as gone. Default `1e-4`.
    pub extinction_cover: Probability,
}

impl Default for MarshParams {
    fn default() -> Self {
        let p = |v| Probability::new(v).expect("a probability");
        let n = |v| NonNegative::new(v).expect("non-negative");
        Self {
            growth_rate_per_year: n(0.8),
            clonal_spread_m_per_year: n(1.0),
            seed_distance_m: n(30.0),
            seedlings_per_cell_per_year: n(0.2),
            seedling_cover: p(0.05),
            elevation_m: ElevationWindow { min: 1.5, max: 2.8 },
            max_inundation: p(1.0),
            mortality_per_year: p(0.02),
            extinction_cover: p(1e-4),
        }
    }
}
