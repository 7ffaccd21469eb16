//! Parameters of the carbon ledger: per land-cover class, the vegetation and soil
//! carbon densities, their annual gains, and the fractions lost on conversion. Sources
//! are rows of LITERATURE.md §4; values marked *assumed* have no direct source yet.

use serde::{Deserialize, Serialize};
use shanshui_engine::{NonNegative, Probability};
use std::collections::BTreeMap;

/// Carbon densities and rates per land-cover class name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CarbonParams {
    /// Carbon parameters per class name. Classes not listed hold and gain no carbon.
    /// Default: `mangrove`, `native_marsh`, `spartina` and `mudflat` as documented on
    /// [`ClassCarbon::mangrove`] and its siblings. A name that is not a class of the
    /// scenario is ignored and reported by `CarbonPlugin::ignored_classes`.
    pub classes: BTreeMap<String, ClassCarbon>,
}

impl Default for CarbonParams {
    fn default() -> Self {
        let classes = [
            ("mangrove", ClassCarbon::mangrove()),
            ("native_marsh", ClassCarbon::native_marsh()),
            ("spartina", ClassCarbon::spartina()),
            ("mudflat", ClassCarbon::mudflat()),
        ];
        Self {
            classes: classes
                .into_iter()
                .map(|(name, c)| (name.to_owned(), c))
                .collect(),
        }
    }
}

/// The carbon of one class, per hectare.
///
/// Vegetation carbon `V` grows by `vegetation_growth_mgc_per_ha_per_yr` each year up to
/// `vegetation_mgc_per_ha` (so sequestration is age-dependent: a young stand gains
/// vegetation and soil carbon, a mature one only soil carbon). Soil carbon `S` gains
/// `soil_burial_mgc_per_ha_per_yr` each year up to `soil_max_mgc_per_ha`, if set. When
/// a cell leaves the class, `vegetation_loss_on_conversion × V` is emitted, the rest of
/// `V` joins the soil, then `soil_loss_on_conversion × S` is emitted; the new class
/// starts with `V = 0`. Cells present at the start hold the class's mature `V` and its
/// initial `S`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassCarbon {
    /// Vegetation (above- and below-ground biomass) carbon of a mature stand, Mg C/ha.
    pub vegetation_mgc_per_ha: NonNegative,
    /// Vegetation carbon gained per year until mature, Mg C/ha/yr.
    pub vegetation_growth_mgc_per_ha_per_yr: NonNegative,
    /// Soil organic carbon of cells in this class at the start, Mg C/ha.
    pub soil_mgc_per_ha: NonNegative,
    /// Soil carbon burial per year, Mg C/ha/yr.
    pub soil_burial_mgc_per_ha_per_yr: NonNegative,
    /// Soil carbon density at which burial stops, Mg C/ha. Default: none (no cap).
    #[serde(default)]
    pub soil_max_mgc_per_ha: Option<NonNegative>,
    /// Fraction of the vegetation carbon emitted when a cell leaves the class (the
    /// rest joins the soil). Default `1.0` (removed or dead biomass decomposes).
    #[serde(default = "one")]
    pub vegetation_loss_on_conversion: Probability,
    /// Fraction of the soil carbon emitted when a cell leaves the class. Default `0`.
    #[serde(default)]
    pub soil_loss_on_conversion: Probability,
}

fn one() -> Probability {
    Probability::new(1.0).expect("a probability")
}

fn n(v: f64) -> NonNegative {
    NonNegative::new(v).expect("non-negative")
}

fn p(v: f64) -> Probability {
    Probability::new(v).expect("a probability")
}

impl ClassCarbon {
    /// Mangrove (China): 190.96 Mg C/ha of which 58 % soil (review,
    /// benthamdirect 10.2174/2665997201999200729164528) → vegetation 80.2, soil 110.8;
    /// soil burial 2.01 Mg C/ha/yr (Hu et al. 2025, 201.1 g C/m²/yr); vegetation gain
    /// 4.86 Mg C/ha/yr so that a young stand sequesters the review's 6.87 Mg C/ha/yr in
    /// total and matures in ≈ 16.5 years. Loss on conversion: all vegetation, 25 % of
    /// the soil (*assumed*; pond excavation exposes the upper soil).
    pub fn mangrove() -> Self {
        Self {
            vegetation_mgc_per_ha: n(80.2),
            vegetation_growth_mgc_per_ha_per_yr: n(4.86),
            soil_mgc_per_ha: n(110.8),
            soil_burial_mgc_per_ha_per_yr: n(2.01),
            soil_max_mgc_per_ha: None,
            vegetation_loss_on_conversion: p(1.0),
            soil_loss_on_conversion: p(0.25),
        }
    }

    /// Native salt marsh: burial 2.45 Mg C/ha/yr (Alongi 2020 / Ouyang & Lee 2014,
    /// 244.7 g C/m²/yr); soil 50 Mg C/ha, inside the 7.24–104.99 Mg/ha of Chinese salt
    /// marshes (Front Mar Sci 2022 9:915727); vegetation 5 Mg C/ha reached in two years
    /// (*assumed*); 10 % of the soil lost on conversion (*assumed*).
    pub fn native_marsh() -> Self {
        Self {
            vegetation_mgc_per_ha: n(5.0),
            vegetation_growth_mgc_per_ha_per_yr: n(2.5),
            soil_mgc_per_ha: n(50.0),
            soil_burial_mgc_per_ha_per_yr: n(2.45),
            soil_max_mgc_per_ha: None,
            vegetation_loss_on_conversion: p(1.0),
            soil_loss_on_conversion: p(0.1),
        }
    }

    /// *Spartina alterniflora*: soil carbon +72 % over mudflat after 3 years and +91 %
    /// after 26, plateauing after 12–15 years (Huang et al. 2022) → with the mudflat's
    /// 13 Mg C/ha: initial stands 22.4, cap 24.8, burial 3.1 Mg C/ha/yr (the +72 % in
    /// 3 years); vegetation 10 Mg C/ha reached in two years (*assumed*, a dense meadow's
    /// biomass); removal emits all vegetation and 10 % of the soil (*assumed*).
    pub fn spartina() -> Self {
        Self {
            vegetation_mgc_per_ha: n(10.0),
            vegetation_growth_mgc_per_ha_per_yr: n(5.0),
            soil_mgc_per_ha: n(22.4),
            soil_burial_mgc_per_ha_per_yr: n(3.1),
            soil_max_mgc_per_ha: Some(n(24.8)),
            vegetation_loss_on_conversion: p(1.0),
            soil_loss_on_conversion: p(0.1),
        }
    }

    /// Mudflat: no vegetation sink (LITERATURE §4); soil 13 Mg C/ha (*derived*: SOC
    /// 0.85–1.19 g/kg, Huang et al. 2022, × an assumed bulk density of 1.3 Mg/m³ over
    /// 1 m); no burial; nothing lost on conversion.
    pub fn mudflat() -> Self {
        Self {
            vegetation_mgc_per_ha: n(0.0),
            vegetation_growth_mgc_per_ha_per_yr: n(0.0),
            soil_mgc_per_ha: n(13.0),
            soil_burial_mgc_per_ha_per_yr: n(0.0),
            soil_max_mgc_per_ha: None,
            vegetation_loss_on_conversion: p(1.0),
            soil_loss_on_conversion: p(0.0),
        }
    }
}
