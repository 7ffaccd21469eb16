//! Treatment and planting methods with their literature-based defaults.
//!
//! **Costs.** LITERATURE.md §3 has no per-hectare removal cost yet: the Chongming
//! Dongtan project (¥1.3 bn for 2,400 ha including dikes, ≈ ¥0.54 M/ha) is an *upper
//! bound*, not a removal cost, and the national figures of Chang et al. 2025 were not
//! retrieved. The default costs below are therefore **assumptions** of the right
//! order for physical removal in China (tens of thousands of CNY per ha, well below
//! the Chongming bound); set them from Chang et al. 2025 or local tenders.

use serde::{Deserialize, Serialize};
use shanshui_engine::{NonNegative, Probability};

/// A *Spartina* removal technique (the three standard techniques of the Shanghai
/// technical manual 2023, or custom values).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum RemovalMethod {
    /// Mowing + impoundment (刈割+围淹): kill efficacy `0.95`, regrowth `0`, cost
    /// `45,000` CNY/ha. Eradicated above- and below-ground parts with no regrowth;
    /// re-invasion came from seed once tides returned (Yuan et al. 2011); worked best
    /// at Chongming (Acta Hydrobiol Sin 2014). The 5 % failure is *assumed* (dikes
    /// leak); the cost is *assumed* (earthworks make it the dearest method).
    MowFlood,
    /// Mowing + tilling/burial (刈割+翻耕深埋): kill `0.9`, regrowth `0.05`, cost
    /// `30,000` CNY/ha — all *assumed* (manual technique; mowing alone promotes
    /// reproduction, Zhao, Li & Zhao 2019, so burial must be thorough).
    MowTill,
    /// Herbicide (药剂治理, imazapyr/glyphosate): kill `0.8`, regrowth `0.2`, cost
    /// `15,000` CNY/ha. Did not eradicate at Chongming (Acta Hydrobiol Sin 2014); near
    /// eradication at Willapa Bay took repeated treatments over two decades and
    /// herbicide is usually the most cost-effective method (Patten et al. 2017). The
    /// numbers are *assumed* within that picture.
    Herbicide,
    /// Values given by the scenario.
    Custom {
        /// Probability that a treated stand is killed, per application.
        kill_efficacy: Probability,
        /// Probability that a killed stand resprouts from surviving rhizomes.
        regrowth_probability: Probability,
        /// Cost per treated hectare, CNY/ha.
        cost_cny_per_ha: NonNegative,
    },
}

/// The numbers of a removal method.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Efficacy {
    /// Probability that a treated stand is killed.
    pub kill: f64,
    /// Probability that a killed stand resprouts.
    pub regrowth: f64,
    /// Cost per treated hectare, CNY/ha.
    pub cost_cny_per_ha: f64,
}

impl RemovalMethod {
    /// The method's efficacy, regrowth and default cost.
    pub fn efficacy(&self) -> Efficacy {
        let e = |kill, regrowth, cost_cny_per_ha| Efficacy {
            kill,
            regrowth,
            cost_cny_per_ha,
        };
        match *self {
            Self::MowFlood => e(0.95, 0.0, 45_000.0),
            Self::MowTill => e(0.9, 0.05, 30_000.0),
            Self::Herbicide => e(0.8, 0.2, 15_000.0),
            Self::Custom {
                kill_efficacy,
                regrowth_probability,
                cost_cny_per_ha,
            } => e(
                kill_efficacy.get(),
                regrowth_probability.get(),
                cost_cny_per_ha.get(),
            ),
        }
    }
}

/// What is planted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Species {
    /// Mangrove seedlings or propagules (*Kandelia obovata*, *Avicennia marina*).
    /// Default cost `60,000` CNY/ha (*assumed*: seedlings, planting and first-year
    /// care at ≈ 1 m spacing; the Xiatanwei project's budget also paid for pond
    /// clearing and raising flats, chinanews 2024).
    Mangrove,
    /// Native salt marsh (*Suaeda*, *Scirpus*/*Cyperus* plugs). Default cost `30,000`
    /// CNY/ha (*assumed*).
    NativeMarsh,
}

impl Species {
    /// Default cost per planted hectare, CNY/ha.
    pub fn default_cost_cny_per_ha(self) -> f64 {
        match self {
            Self::Mangrove => 60_000.0,
            Self::NativeMarsh => 30_000.0,
        }
    }

    /// Default class name of established plantings.
    pub fn default_class(self) -> &'static str {
        match self {
            Self::Mangrove => "mangrove",
            Self::NativeMarsh => "native_marsh",
        }
    }

    /// Default canopy/cover fraction of an established planting.
    pub fn default_initial_cover(self) -> f64 {
        match self {
            Self::Mangrove => 0.05,
            Self::NativeMarsh => 0.1,
        }
    }
}

/// First-year survival of a planting by setting, as in the coastal mangrove model.
/// Survival under *Spartina* cover `u` is the setting's value × `(1 −
/// spartina_suppression · u)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlantingSurvival {
    /// Next to an established stand of the species (any of the 8 neighbours).
    pub fringe: Probability,
    /// On open flat away from stands.
    pub bare_flat: Probability,
    /// In a cell cleared of *Spartina* by the strategy within `after_removal_years`.
    pub after_spartina_removal: Probability,
    /// Reduction of survival by standing *Spartina* cover.
    pub spartina_suppression: Probability,
}

impl PlantingSurvival {
    /// Mangrove: fringe `0.76`, bare flat `0.347` (*K. obovata* 1-yr seedling
    /// survival, Zhang Yihui et al. 2006); after removal `0.76` ("removing Spartina
    /// before planting lifts survival from about 35 % to 76–90 %", LITERATURE §2; the
    /// low end); suppression `0.8` (as the coastal model).
    pub fn mangrove() -> Self {
        Self::of(0.76, 0.347, 0.76, 0.8)
    }

    /// Native marsh: fringe `0.6`, bare flat `0.4`, after removal `0.6`, suppression
    /// `0.8` — all *assumed* (no transplant survival in LITERATURE yet).
    pub fn native_marsh() -> Self {
        Self::of(0.6, 0.4, 0.6, 0.8)
    }

    /// The default for `species`.
    pub fn default_for(species: Species) -> Self {
        match species {
            Species::Mangrove => Self::mangrove(),
            Species::NativeMarsh => Self::native_marsh(),
        }
    }

    fn of(fringe: f64, bare: f64, after: f64, suppression: f64) -> Self {
        let p = |v| Probability::new(v).expect("a probability");
        Self {
            fringe: p(fringe),
            bare_flat: p(bare),
            after_spartina_removal: p(after),
            spartina_suppression: p(suppression),
        }
    }
}
