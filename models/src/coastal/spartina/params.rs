//! Parameters of the *Spartina alterniflora* model. Sources are rows of LITERATURE.md.

use crate::coastal::kernel::SeedKernel;
use crate::succession::ElevationWindow;
use serde::{Deserialize, Serialize};
use shanshui_engine::{NonNegative, Probability};

/// *Spartina alterniflora* growth, spread, recruitment and loss.
///
/// The seed-recruitment defaults are calibrated together: one unit of cover yields
/// `β = seeds × establishment × survival × seedling cover = 2000 × 0.002 × 0.5 × 0.25
/// = 0.5` m² of new cover per m² per year if every seed landed on open flat; with the
/// exponential kernel of scale 15 m and r = 1/yr the linear spreading speed
/// `min_s ln(eʳ + β M(s))/s` is ≈ 30 m/yr, the seed-driven mudflat front of Xiao et al.
/// 2010 (25.4 ± 3.1 m/yr; stochastic recruitment and cover thresholds make the
/// simulated front somewhat slower).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SpartinaParams {
    /// Intrinsic rate of clonal cover increase within a cell, r, 1/yr (logistic).
    /// Default `1.0`: a seedling makes up to 36 tillers in its first season
    /// (Metcalfe, Ellison & Bertness 1986); seedlings → tussocks → meadows in a few
    /// years (Xiao et al. 2010).
    pub growth_rate_per_year: NonNegative,
    /// Speed of clonal (rhizome) lateral spread c, m/yr; the diffusion coefficient is
    /// `D = c²/(4r)` so that a Fisher–KPP front alone would advance at `c`. Default
    /// `0.8` (patch radial growth 79.3 ± 1.7 cm/yr, Feist & Simenstad 2000).
    pub clonal_spread_m_per_year: NonNegative,
    /// Viable seeds produced per m² of full cover per year. Default `2000` (up to 665
    /// grains per inflorescence, germination > 90 % after chilling: Xiao, Zhang & Zhu
    /// 2009; calibrated with the recruitment terms to the 25 m/yr front).
    pub seeds_per_m2_per_year: NonNegative,
    /// Seed-dispersal kernel. Default exponential with scale 15 m (mean distance
    /// 30 m), the short component of the mixed kernel suggested in LITERATURE.md §1.
    pub kernel: SeedKernel,
    /// Distance at which the local kernel is cut, m; seeds beyond are lost (or, in
    /// stochastic mode, carried by [`Self::long_distance`]). Default `300`.
    pub max_dispersal_m: NonNegative,
    /// Probability that a seed landing on open, suitable flat germinates and
    /// establishes. Default `0.002` (calibrated, see the type's docs).
    pub establishment_probability: Probability,
    /// First-year survival of an established seedling. Default `0.5` ("seedling
    /// survival high once established", Xiao et al. 2010; none under adult canopy,
    /// Metcalfe et al. 1986, handled by the free-space term).
    pub seedling_survival: Probability,
    /// Cover one surviving seedling adds by the end of its first year, m². Default
    /// `0.25` (up to 36 tillers in a season, Metcalfe et al. 1986).
    pub seedling_cover_m2: NonNegative,
    /// Elevation window of establishment and growth, m rel. mean sea level. Default
    /// `[0.0, 2.0]`: between mean sea level and mean high water (Zhang et al. 2004)
    /// with the default datums.
    pub elevation_m: ElevationWindow,
    /// Largest inundation fraction (time submerged) at which Spartina establishes and
    /// grows. Default `1.0` (no limit beyond the window: Spartina keeps high biomass at
    /// the deepest flooding tested, Xue et al. 2018); `0.5` would require emergence
    /// half of the time.
    pub max_inundation: Probability,
    /// Reduction of seedling establishment by native-marsh cover m: establishment ×
    /// (1 − resistance × m). Default `0.99`, calibrated so that a front advancing ≈ 20
    /// m/yr over open flat slows to a few m/yr into closed marsh: 25.4 vs 2.7 m/yr
    /// (≈ clonal) where *Scirpus mariqueter* sits ahead (Xiao et al. 2010).
    pub marsh_resistance: Probability,
    /// Mangrove canopy at and above which Spartina cannot grow or establish (closed
    /// canopy). Below it, Spartina's carrying capacity is `1 − canopy`. Default `0.7`
    /// (no seedling survived under adult canopy, Metcalfe et al. 1986).
    pub shading_canopy: Probability,
    /// Fraction of cover lost each year to background mortality. Default `0.02`
    /// (assumed; stands persist for decades, Huang & Zhang 2007).
    pub mortality_per_year: Probability,
    /// Annual probability that a cell's stand dies back completely (stochastic mode;
    /// in mean-field mode cover is multiplied by `1 − p`). Default `0.01` (assumed).
    pub dieback_probability_per_year: Probability,
    /// Cover below which a cell's Spartina is taken as gone (set to 0), fraction.
    /// Default `1e-4` (≈ one ramet of 0.01 m² in a 100 m² cell); values below 1e-30
    /// are raised to 1e-30 to keep f32 arithmetic out of subnormal numbers.
    pub extinction_cover: Probability,
    /// Rare long-distance propagule transport (stochastic mode only). Default: on,
    /// see [`LongDistance`].
    pub long_distance: Option<LongDistance>,
}

/// Long-distance dispersal: a small fraction of seeds travels a power-law distance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LongDistance {
    /// Fraction of each cell's seeds that disperse long-distance. Default `1e-4`
    /// (p_LDD ≈ 10⁻⁴–10⁻³ per seed cohort, LITERATURE.md §1 suggestion; calibrate).
    pub fraction: Probability,
    /// Shortest long-distance displacement, m. Default `300` (the local cut-off).
    pub min_distance_m: NonNegative,
    /// Pareto tail exponent α of the distance: P(D > d) = (d / min)^−α. Default `1.5`
    /// (fat-tailed; drift cards travelled up to 2,800 km, Morgan & Sytsma).
    pub exponent: NonNegative,
}

impl Default for LongDistance {
    fn default() -> Self {
        Self {
            fraction: Probability::new(1e-4).expect("a probability"),
            min_distance_m: NonNegative::new(300.0).expect("non-negative"),
            exponent: NonNegative::new(1.5).expect("non-negative"),
        }
    }
}

impl Default for SpartinaParams {
    fn default() -> Self {
        let p = |v| Probability::new(v).expect("a probability");
        let n = |v| NonNegative::new(v).expect("non-negative");
        Self {
            growth_rate_per_year: n(1.0),
            clonal_spread_m_per_year: n(0.8),
            seeds_per_m2_per_year: n(2000.0),
            kernel: SeedKernel::Exponential { scale_m: n(15.0) },
            max_dispersal_m: n(300.0),
            establishment_probability: p(0.002),
            seedling_survival: p(0.5),
            seedling_cover_m2: n(0.25),
            elevation_m: ElevationWindow { min: 0.0, max: 2.0 },
            max_inundation: p(1.0),
            marsh_resistance: p(0.99),
            shading_canopy: p(0.7),
            mortality_per_year: p(0.02),
            dieback_probability_per_year: p(0.01),
            extinction_cover: p(1e-4),
            long_distance: Some(LongDistance::default()),
        }
    }
}
