//! The scenario-facing description of a strategy: its interventions, each with a zone,
//! an action, a schedule, a budget, an optional trigger and a priority rule. Every
//! field documents its unit, default and source; sources are rows of LITERATURE.md.

use super::methods::{PlantingSurvival, RemovalMethod, Species};
use super::zones::ZoneSpec;
use crate::succession::ElevationWindow;
use bevy_ecs::component::Component;
use serde::{Deserialize, Serialize};
use shanshui_engine::{NonNegative, Probability};
use std::collections::BTreeMap;

/// The interventions and budget of one strategy (the lead's `StrategySpec` without
/// its name and description). The default — no interventions — is natural recovery.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StrategyParams {
    /// The interventions, applied each year in this order. Default: none.
    pub interventions: Vec<InterventionSpec>,
    /// Money available to all interventions together per year, CNY. Default: none
    /// (only the interventions' own budgets limit spending).
    pub annual_budget_cny: Option<NonNegative>,
    /// Whether money of the strategy budget left unspent in a year is added to the
    /// next year's. Default `false`.
    pub budget_rollover: bool,
}

/// One scheduled intervention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterventionSpec {
    /// Label used in error messages. Default: `interventions[i]`.
    #[serde(default)]
    pub name: Option<String>,
    /// Where it acts. Default `Everywhere`.
    #[serde(default)]
    pub zone: ZoneSpec,
    /// What it does.
    pub action: Action,
    /// When it acts. Default: every year from year 1 to the end.
    #[serde(default)]
    pub window: Window,
    /// Its own yearly limits. Default: none (only the strategy budget limits it).
    #[serde(default)]
    pub budget: BudgetSpec,
    /// Condition per management unit for acting there. Default: none (always act).
    #[serde(default)]
    pub trigger: Option<TriggerSpec>,
    /// Order of Spartina patches when the budget cannot treat them all
    /// (`RemoveSpartina` only). Default `SmallestPatchesFirst` (Moody & Mack 1988:
    /// removing satellite foci controls spread better than cutting the main focus).
    #[serde(default)]
    pub priority: PriorityRule,
}

/// The kinds of intervention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Action {
    /// Treat the detected *Spartina* of the zone.
    RemoveSpartina(RemoveSpartina),
    /// Plant mangrove or native marsh in the zone.
    Plant(Plant),
    /// Build habitat along least-cost paths between habitat patches.
    Corridor(Corridor),
    /// Turn cells of some classes into another class (e.g. ponds back to mudflat).
    Reclaim(Reclaim),
    /// Keep the zone's cells from becoming certain classes.
    Protect(Protect),
}

/// *Spartina* removal. Each scheduled year it treats detected *Spartina* cells of the
/// zone, follow-up cells first, then patches in priority order, until the budget is
/// spent. Each treated cell's stand is killed with the method's kill efficacy; a killed
/// stand resprouts from surviving rhizomes with the regrowth probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveSpartina {
    /// The technique (efficacy, regrowth and default cost per method:
    /// [`RemovalMethod`]).
    pub method: RemovalMethod,
    /// Cost per treated hectare, CNY/ha, replacing the method's default.
    #[serde(default)]
    pub cost_cny_per_ha: Option<NonNegative>,
    /// For this many years after a cell is treated, it is re-treated before any new
    /// target when *Spartina* is detected there again. Default `3` ("combine methods
    /// for 3–4 yr", Patten et al. 2017; long-term patrol and re-treatment, Shanghai
    /// technical manual 2023).
    #[serde(default = "three")]
    pub follow_up_years: u32,
    /// Class a cleared cell gets. Default: the mudflat class (only cells mapped as
    /// *Spartina* change class; others keep theirs).
    #[serde(default)]
    pub cleared_to: Option<String>,
    /// *Spartina* cover left in a cell whose stand resprouts, fraction. Default `0.05`
    /// (*assumed*: a few surviving ramets).
    #[serde(default = "regrowth_cover")]
    pub regrowth_cover: Probability,
    /// Median dispersal distance between *Spartina* patches for `HighestDpcFirst`, m.
    /// Default `25` (median distance of the coastal model's default exponential seed
    /// kernel, scale 15 m).
    #[serde(default = "spartina_d50")]
    pub spartina_d50_m: NonNegative,
}

/// Planting of mangrove or native marsh. Each scheduled year every zone cell without a
/// stand of the species is planted (and paid for) until the budget is spent; a planted
/// cell establishes with the survival of its setting, and never outside the species'
/// elevation band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plant {
    /// What is planted.
    pub species: Species,
    /// Class of established cells when no coastal layer holds the species, and class
    /// counted by `ClassCoverBelow` triggers. Default `"mangrove"` / `"native_marsh"`.
    #[serde(default)]
    pub class: Option<String>,
    /// Cost per planted hectare, CNY/ha. Default per species ([`Species`]).
    #[serde(default)]
    pub cost_cny_per_ha: Option<NonNegative>,
    /// First-year survival by setting. Default per species ([`PlantingSurvival`]).
    #[serde(default)]
    pub survival: Option<PlantingSurvival>,
    /// Survival that replaces the setting-dependent one everywhere inside the band,
    /// e.g. `0.9` for Xiamen's "chopstick seedlings" (>90 %, chinanews 2024). Default:
    /// none.
    #[serde(default)]
    pub technique_survival: Option<Probability>,
    /// Canopy or cover fraction of an established planting. Default: mangrove `0.05`
    /// (the coastal model's seedling canopy), native marsh `0.1` (*assumed*).
    #[serde(default)]
    pub initial_cover: Option<Probability>,
    /// Elevation band where plantings can survive, m rel. mean sea level. Default: the
    /// running coastal model's band for the species, else its default band (mangrove
    /// `[0.4, 2.0]`, native marsh `[1.5, 2.8]`).
    #[serde(default)]
    pub elevation_m: Option<ElevationWindow>,
    /// A cell cleared of *Spartina* by this strategy within this many years counts as
    /// "after removal". Default `3` (*assumed*).
    #[serde(default = "three")]
    pub after_removal_years: u32,
}

/// Habitat corridors along least-cost paths (8-neighbour moves over a resistance
/// surface, connectivity crate). A corridor is built whole or not at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Corridor {
    /// Which patches to join.
    pub between: CorridorEnds,
    /// Corridor width, cells (the path widened by `(width − 1) / 2` cells on each
    /// side, rounded up). Default `1`.
    #[serde(default = "one_u32")]
    pub width_cells: u32,
    /// Class the corridor's cells become.
    pub class: String,
    /// Cost per hectare of converted cells, CNY/ha (site-specific; no default).
    pub cost_cny_per_ha: NonNegative,
    /// Habitat class names whose patches are joined. Default: the classes flagged as
    /// habitat.
    #[serde(default)]
    pub habitat_classes: Option<Vec<String>>,
    /// Median dispersal distance for the ECA gain of candidate pairs, m. Default `500`
    /// (as the connectivity model).
    #[serde(default = "d50_500")]
    pub d50_m: NonNegative,
    /// Resistance per class name (dimensionless, ≥ 0). Default `1` for every class.
    #[serde(default)]
    pub resistance: BTreeMap<String, NonNegative>,
    /// Classes a corridor may not cross. Default: none.
    #[serde(default)]
    pub barriers: Vec<String>,
}

/// The ends of corridors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum CorridorEnds {
    /// Each scheduled year, join the `pairs` pairs of patches whose link most raises
    /// ECA (the pair's link taken as `p = 1`), chosen greedily among the
    /// `candidates` closest pairs.
    Auto {
        /// Pairs to join per scheduled year.
        pairs: u32,
        /// Closest pairs considered. Default `20`.
        #[serde(default = "twenty")]
        candidates: u32,
    },
    /// Join the patches containing each pair of map points `((x, y), (x, y))`, m.
    Points(Vec<((f64, f64), (f64, f64))>),
}

/// Conversion of cells of some classes into another (restoration of degraded land,
/// ponds or bare ground), within the budget, in row-major order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reclaim {
    /// Class names converted.
    pub from: Vec<String>,
    /// Class name they become.
    pub to: String,
    /// Cost per converted hectare, CNY/ha (site-specific; no default).
    pub cost_cny_per_ha: NonNegative,
}

/// Protection: while the window is open, zone cells never become one of the
/// `forbidden` classes. A change into a forbidden class made by succession, the
/// coastal models or another intervention is undone in the Management phase (the
/// cell keeps last year's class, age and coastal layers, one year older), and no
/// intervention converts a protected cell into a forbidden class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protect {
    /// Class names the zone's cells may not become (e.g. `degraded_land`,
    /// `aquaculture_pond`).
    pub forbidden: Vec<String>,
}

/// When an intervention acts: years `start_year, start_year + every_years, …` up to
/// `end_year`. Years count from the start (year 1 is the first simulated year).
#[derive(Component, Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Window {
    /// First year, ≥ 1. Default `1`.
    pub start_year: u32,
    /// Last year (inclusive). Default: none (to the end of the run).
    pub end_year: Option<u32>,
    /// Years between actions, ≥ 1. Default `1`.
    pub every_years: u32,
}

impl Default for Window {
    fn default() -> Self {
        Self {
            start_year: 1,
            end_year: None,
            every_years: 1,
        }
    }
}

impl Window {
    /// Whether the intervention acts in `year`.
    pub fn active(&self, year: u32) -> bool {
        year >= self.start_year
            && self.end_year.is_none_or(|e| year <= e)
            && (year - self.start_year).is_multiple_of(self.every_years.max(1))
    }

    /// Whether `year` lies between the first and last year (for protection).
    pub fn open(&self, year: u32) -> bool {
        year >= self.start_year && self.end_year.is_none_or(|e| year <= e)
    }
}

/// An intervention's own yearly limits. The money available in a scheduled year is
/// `annual_cny` plus, with `rollover`, what was left in earlier scheduled years; the
/// same holds for area.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetSpec {
    /// Money per scheduled year, CNY. Default: none (no own limit).
    pub annual_cny: Option<NonNegative>,
    /// Area treated, planted or converted per scheduled year, ha. Default: none.
    pub annual_ha: Option<NonNegative>,
    /// Whether unspent money and area carry over. Default `false`.
    pub rollover: bool,
}

/// A condition, evaluated per management unit (the unit raster, or the whole zone),
/// for acting in that unit this year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum TriggerSpec {
    /// Act only where the unit's detected *Spartina* cover (Σ detected cover / unit
    /// cells, latest survey) exceeds `fraction`.
    SpartinaCoverAbove {
        /// Threshold, fraction of the unit.
        fraction: Probability,
    },
    /// Act only where the fraction of the unit's cells of `class` (mapped land cover)
    /// is below `fraction` — e.g. stop planting where natural recovery reached the
    /// target.
    ClassCoverBelow {
        /// Class name.
        class: String,
        /// Target, fraction of the unit.
        fraction: Probability,
    },
}

/// Order in which patches of detected *Spartina* (8-connected groups of detected
/// cells) are treated; ties go to the patch whose first cell comes first in row-major
/// order. Cells of a patch are treated in row-major order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PriorityRule {
    /// Smallest area first (isolated satellite foci; Moody & Mack 1988).
    #[default]
    SmallestPatchesFirst,
    /// Largest area first (main foci).
    LargestPatchesFirst,
    /// Highest mean detected cover first (Taylor & Hastings 2004 density classes).
    DensestFirst,
    /// Smallest least-cost distance (resistance 1) to a habitat-class cell first.
    NearestToHabitat,
    /// Highest dPC in the network of *Spartina* patches first (the patches that hold
    /// the invasion together; d50 = `spartina_d50_m`).
    HighestDpcFirst,
}

fn three() -> u32 {
    3
}

fn one_u32() -> u32 {
    1
}

fn twenty() -> u32 {
    20
}

fn regrowth_cover() -> Probability {
    Probability::new(0.05).expect("a probability")
}

fn spartina_d50() -> NonNegative {
    NonNegative::new(25.0).expect("non-negative")
}

fn d50_500() -> NonNegative {
    NonNegative::new(500.0).expect("non-negative")
}
