//! Parameters of the mangrove model (*Kandelia obovata*, *Avicennia marina*).
//! Sources are rows of LITERATURE.md §2.

use crate::succession::ElevationWindow;
use serde::{Deserialize, Serialize};
use shanshui_engine::{NonNegative, Probability};

/// Mangrove recruitment from nearby stands, stand growth to closed canopy, and loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MangroveParams {
    /// Elevation band where propagules establish and stands survive, m rel. mean sea
    /// level. Default `[0.4, 2.0]`: the upper intertidal below mean high water;
    /// planting needs a minimum flat elevation (Xiatanwei project, chinanews 2024).
    pub elevation_m: ElevationWindow,
    /// Largest inundation fraction at which mangroves establish and survive. Default
    /// `0.67`: all propagules established and survived 16 h/day flooding (Ye et al.
    /// 2004).
    pub max_inundation: Probability,
    /// Tidal dispersal distance of propagules, m: the radius of the square window of
    /// source stands around a cell. Default `50` (assumed: most *Kandelia* propagules
    /// strand near their parents).
    pub dispersal_distance_m: NonNegative,
    /// Expected propagules stranding per cell per year when every cell of the window
    /// is reproductive canopy. Default `2.0` (assumed; calibrate to observed
    /// recruitment).
    pub propagules_per_cell_per_year: NonNegative,
    /// Probability that a stranded propagule roots. Default `0.827` (bare flat, Zhang
    /// Yihui et al. 2006).
    pub rooting_probability: Probability,
    /// First-year seedling survival next to a closed stand (any of the 8 neighbours).
    /// Default `0.76` (forest fringe, Zhang Yihui et al. 2006).
    pub fringe_survival: Probability,
    /// First-year seedling survival on open flat away from stands. Default `0.347`
    /// (bare flat, Zhang Yihui et al. 2006).
    pub open_flat_survival: Probability,
    /// Reduction of seedling survival by Spartina cover u: survival × (1 − s · u).
    /// Default `0.8` (assumed: removing Spartina before planting lifts survival from
    /// ≈ 35 % to 76–90 %, LITERATURE.md §2).
    pub spartina_suppression: Probability,
    /// Canopy of a one-year-old stand, fraction of the cell. Default `0.05`.
    pub seedling_canopy: Probability,
    /// Canopy at and above which a stand is closed: it shades out Spartina and makes
    /// the neighbouring flat a fringe. Default `0.7`.
    pub closed_canopy: Probability,
    /// Years from seedling canopy to closed canopy (logistic growth). Default `8`
    /// (assumed for *K. obovata* plantations).
    pub years_to_closed_canopy: NonNegative,
    /// Canopy from which a stand produces propagules. Default `0.5`.
    pub reproductive_canopy: Probability,
    /// Annual probability that a stand dies (stochastic; mean field: canopy × (1 − p)).
    /// Default `0.01` (assumed).
    pub mortality_per_year: Probability,
}

impl Default for MangroveParams {
    fn default() -> Self {
        let p = |v| Probability::new(v).expect("a probability");
        Self {
            elevation_m: ElevationWindow { min: 0.4, max: 2.0 },
            max_inundation: p(0.67),
            dispersal_distance_m: NonNegative::new(50.0).expect("non-negative"),
            propagules_per_cell_per_year: NonNegative::new(2.0).expect("non-negative"),
            rooting_probability: p(0.827),
            fringe_survival: p(0.76),
            open_flat_survival: p(0.347),
            spartina_suppression: p(0.8),
            seedling_canopy: p(0.05),
            closed_canopy: p(0.7),
            years_to_closed_canopy: NonNegative::new(8.0).expect("non-negative"),
            reproductive_canopy: p(0.5),
            mortality_per_year: p(0.01),
        }
    }
}
