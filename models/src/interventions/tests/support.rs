//! A tiny bay for strategy tests: classes, layers and a sim builder.

use crate::carbon::{CarbonParams, CarbonPlugin};
use crate::coastal::{CoastalParams, CoastalPlugin};
use crate::interventions::*;
use crate::landcover::LandCoverPlugin;
use crate::layers::{ClassTable, Elevation, LandClass, LandCover};
use crate::succession::{SuccessionParams, SuccessionPlugin, TransitionRule};
use shanshui_engine::{Grid, Landscape, MetricSeries, NonNegative, Probability, RunSeed, Sim};
use std::sync::atomic::AtomicBool;

pub const MUDFLAT: u8 = 0;
pub const SPARTINA: u8 = 1;
pub const MANGROVE: u8 = 2;
pub const DEGRADED: u8 = 5;

/// mudflat 0, spartina 1, mangrove 2 (habitat), native_marsh 3 (habitat), upland 4,
/// degraded_land 5.
pub fn classes() -> ClassTable {
    let names = [
        "mudflat",
        "spartina",
        "mangrove",
        "native_marsh",
        "upland",
        "degraded_land",
    ];
    ClassTable(
        names
            .iter()
            .enumerate()
            .map(|(i, n)| LandClass {
                code: i as u8 + 1,
                name: (*n).into(),
                colour: [0; 3],
                habitat: i == 2 || i == 3,
            })
            .collect(),
    )
}

pub fn landscape(w: usize, h: usize) -> Landscape {
    Landscape {
        width: w,
        height: h,
        cell_size_m: 10.0,
        origin_x: 0.0,
        origin_y: 0.0,
        epsg: None,
    }
}

/// A 24 × 16 bay: mudflat sloping from 1.8 m (north) to 0.2 m (south), a mangrove
/// stand in the north-west, a main Spartina focus and three satellites.
pub fn bay() -> (Grid<u8>, Grid<f32>) {
    let (w, h) = (24, 16);
    let mut cover = Grid::filled(w, h, MUDFLAT);
    for y in 0..4 {
        for x in 0..4 {
            *cover.get_mut(x, y) = MANGROVE;
        }
    }
    for y in 6..11 {
        for x in 12..17 {
            *cover.get_mut(x, y) = SPARTINA;
        }
    }
    for (x, y) in [(3, 12), (20, 3), (8, 8)] {
        *cover.get_mut(x, y) = SPARTINA;
    }
    let z = Grid::from_vec(
        w,
        h,
        (0..w * h)
            .map(|i| 1.8 - 1.6 * (i / w) as f32 / (h - 1) as f32)
            .collect(),
    )
    .unwrap();
    (cover, z)
}

pub fn p(v: f64) -> Probability {
    Probability::new(v).unwrap()
}

pub fn n(v: f64) -> NonNegative {
    NonNegative::new(v).unwrap()
}

/// How a test sim is built.
pub struct Setup {
    pub cover: Grid<u8>,
    pub z: Grid<f32>,
    pub coastal: bool,
    pub succession: Vec<TransitionRule>,
    pub strategy: StrategyParams,
    pub monitoring: MonitoringParams,
    pub seed: u64,
}

impl Setup {
    /// The default bay with the coastal stack, no succession rules, no strategy.
    pub fn bay() -> Self {
        let (cover, z) = bay();
        Self {
            cover,
            z,
            coastal: true,
            succession: Vec::new(),
            strategy: StrategyParams::default(),
            monitoring: MonitoringParams::default(),
            seed: 11,
        }
    }

    /// Builds the sim.
    pub fn sim(&self) -> Sim {
        let land = landscape(self.cover.width(), self.cover.height());
        let mut sim = Sim::new(land, RunSeed::for_replicate(self.seed, 0));
        let table = classes();
        sim.world.insert_resource(Elevation(self.z.clone()));
        sim.add_plugin(&LandCoverPlugin {
            classes: table.clone(),
            initial: LandCover::new(self.cover.clone(), 0),
        });
        let rules = SuccessionParams {
            transitions: self.succession.clone(),
        };
        sim.add_plugin(&SuccessionPlugin::new(&rules, &table).unwrap());
        if self.coastal {
            sim.add_plugin(&CoastalPlugin::new(&CoastalParams::default(), &table).unwrap());
        }
        sim.add_plugin(&CarbonPlugin::new(&CarbonParams::default(), &table));
        let inputs = ZoneInputs::default();
        let ctx = ZoneContext {
            landscape: &land,
            classes: &table,
            cover: &self.cover,
            elevation: Some(&self.z),
            inputs: &inputs,
        };
        sim.add_plugin(&StrategyPlugin::new(&self.strategy, &self.monitoring, &ctx).unwrap());
        sim
    }

    /// Runs `years` and returns the records.
    pub fn run(&self, years: u32) -> MetricSeries {
        self.sim().run(years, &AtomicBool::new(false)).unwrap()
    }
}

/// An intervention with defaults.
pub fn intervention(action: Action) -> InterventionSpec {
    InterventionSpec {
        name: None,
        zone: ZoneSpec::Everywhere,
        action,
        window: Window::default(),
        budget: BudgetSpec::default(),
        trigger: None,
        priority: PriorityRule::default(),
    }
}

/// `RemoveSpartina` with `method`.
pub fn removal(method: RemovalMethod) -> Action {
    Action::RemoveSpartina(RemoveSpartina {
        method,
        cost_cny_per_ha: None,
        follow_up_years: 3,
        cleared_to: None,
        regrowth_cover: p(0.05),
        spartina_d50_m: n(25.0),
    })
}

/// A custom removal method.
pub fn custom(kill: f64, regrowth: f64, cost: f64) -> RemovalMethod {
    RemovalMethod::Custom {
        kill_efficacy: p(kill),
        regrowth_probability: p(regrowth),
        cost_cny_per_ha: n(cost),
    }
}

/// Values of `metric` for years `0..=years`.
pub fn series(s: &MetricSeries, metric: &str, years: u32) -> Vec<f64> {
    (0..=years)
        .map(|y| {
            s.value(metric, y)
                .unwrap_or_else(|| panic!("{metric} missing at {y}"))
        })
        .collect()
}

/// Metric names written by management (they may differ between strategies).
pub const MANAGEMENT_METRICS: [&str; 11] = [
    "cost_cny",
    "cost_cumulative_cny",
    "budget_cny",
    "spartina_treated_ha",
    "spartina_removed_ha",
    "area_planted_ha",
    "planting_established_ha",
    "area_reclaimed_ha",
    "corridor_built_ha",
    "area_restored_ha",
    "protection_reverted_ha",
];
