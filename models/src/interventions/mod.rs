//! Restoration strategies: scheduled interventions as ECS entities, budgets and
//! priorities, monitoring with detection error, and the cost ledger.
//!
//! A strategy ([`StrategyParams`]) is a list of interventions ([`InterventionSpec`]):
//! `RemoveSpartina`, `Plant`, `Corridor`, `Reclaim` and `Protect`, each with a zone
//! ([`ZoneSpec`]), a [`Window`] (start/end year, every k years), its own
//! [`BudgetSpec`], an optional per-unit [`TriggerSpec`] and a [`PriorityRule`]. The
//! [`StrategyPlugin`] spawns one entity per intervention (components
//! [`InterventionId`], [`Target`], [`Method`], [`Window`], [`Budget`], [`Trigger`],
//! [`Priority`]).
//!
//! **A year** (after `SimSet::Commit` has published the ecology of year `t`):
//!
//! | phase | system | what |
//! |---|---|---|
//! | Management | `enforce_protection` | undo forbidden changes in protected cells |
//! | Management | `apply_interventions` | each scheduled intervention, by id, acts on the committed layers (`current_mut()`) within its allowance |
//! | Management | `save_protected` | remember protected cells' state |
//! | Accounting | `settle_costs` | cumulative cost, strategy carry-over |
//! | Monitoring | `survey_spartina` | every `every_years`: detect Spartina with error |
//! | Record | recorders | the metrics below |
//!
//! **Treatments act on what monitoring detected**, never on the true state: removal
//! targets are the cells of the latest survey ([`SpartinaSurvey`]), so with detection
//! probability 0 nothing is ever removed.
//!
//! **Budgets are never exceeded.** Each year the strategy has `annual_budget_cny`
//! (+ carry-over with `budget_rollover`); each intervention has its own CNY and ha
//! limits (+ carry-over). Interventions spend in id order, cell by cell, and a cell is
//! taken only if every limit still holds ([`budget`](Allowance)).
//!
//! **Common random numbers.** Interventions draw only from `streams::INTERVENTIONS`,
//! keyed by (year, intervention index, purpose, cell); surveys from
//! `streams::MONITORING`, keyed by (year, cell) and identical in every strategy. No
//! other model's stream is touched, so a strategy whose interventions have no effect
//! records exactly the metrics of natural recovery.
//!
//! **Metrics**, recorded every year (year 0 = zeros), areas in ha, money in CNY:
//! - `cost_cny`: spent this year; `cost_cumulative_cny`: Σ `cost_cny` so far.
//! - `budget_cny`: money available this year — the strategy budget (annual +
//!   carry-over) when there is one, else the sum over this year's interventions of
//!   their own available money (an intervention without a money limit counts what it
//!   spent). `cost_cny ≤ budget_cny` always.
//! - `spartina_treated_ha`: cells treated (each application); `spartina_removed_ha`:
//!   cells whose stand was killed (resprouting ones included).
//! - `area_planted_ha`: cells planted and paid for; `planting_established_ha`: those
//!   that established.
//! - `area_reclaimed_ha`, `corridor_built_ha`: cells converted.
//! - `area_restored_ha`: cells brought back this year by management — cleared of
//!   Spartina without resprouting, established plantings, reclaimed and corridor
//!   cells (the denominator of "CNY per ha restored").
//! - `protection_reverted_ha`: protected cells whose forbidden change was undone.
//! - `spartina_detected_ha`: cells detected by the latest survey.
//!
//! The carbon ledger is a separate plugin ([`crate::carbon`]).

mod apply;
mod budget;
mod build;
mod components;
mod corridor;
mod field;
mod ledger;
mod methods;
mod monitoring;
mod planting;
mod priority;
mod protect;
mod reclaim;
mod removal;
mod spec;
mod state;
#[cfg(test)]
mod tests;
mod zones;

pub use budget::{Allowance, Purse};
pub use components::{
    Budget, CorridorPlan, Ends, InterventionId, Method, PlantingPlan, Priority, ReclaimPlan,
    RemovalPlan, Target, Trigger,
};
pub use field::SpartinaClass;
pub use methods::{Efficacy, PlantingSurvival, RemovalMethod, Species};
pub use monitoring::{MonitoringParams, SpartinaSurvey};
pub use protect::Protection;
pub use spec::{
    Action, BudgetSpec, Corridor, CorridorEnds, InterventionSpec, Plant, PriorityRule, Protect,
    Reclaim, RemoveSpartina, StrategyParams, TriggerSpec, Window,
};
pub use state::{Activity, ClearedYear, CostLedger};
pub use zones::{Zone, ZoneContext, ZoneInputs, ZoneSpec};

use crate::coastal::mangrove::MangroveRates;
use crate::coastal::marsh::MarshRates;
use crate::coastal::{MangroveParams, MarshParams};
use crate::succession::ElevationWindow;
use bevy_ecs::prelude::*;
use bevy_ecs::system::RunSystemOnce;
use build::Resolved;
use shanshui_engine::{Grid, Landscape, Plugin, Sim, SimSet};

/// A strategy that cannot be built on this scenario.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InterventionError {
    /// A zone that cannot be resolved.
    #[error("{at}: {message}")]
    Zone {
        /// Where (intervention name or index, `.zone`).
        at: String,
        /// What is wrong.
        message: String,
    },
    /// A class name that is not a class of the scenario.
    #[error("{at}: `{name}` is not a defined class")]
    UnknownClass {
        /// Where.
        at: String,
        /// The name.
        name: String,
    },
    /// Another invalid value.
    #[error("{at}: {message}")]
    Invalid {
        /// Where.
        at: String,
        /// What is wrong.
        message: String,
    },
}

/// A strategy: its interventions, budget and monitoring. Natural recovery is
/// `StrategyParams::default()` (no interventions); give every strategy of a scenario
/// the same [`MonitoringParams`] so that surveys and metrics are paired.
///
/// Add it after `LandCoverPlugin`, `Elevation`, the coastal plugin and succession:
/// the protected cells' first state and the planting bands are read when it is built.
#[derive(Debug, Clone)]
pub struct StrategyPlugin {
    interventions: Vec<Resolved>,
    annual_cny: f64,
    rollover: bool,
    monitoring: MonitoringParams,
    spartina_class: SpartinaClass,
}

impl StrategyPlugin {
    /// Resolves `params` and `monitoring` on the scenario described by `ctx`.
    pub fn new(
        params: &StrategyParams,
        monitoring: &MonitoringParams,
        ctx: &ZoneContext,
    ) -> Result<Self, InterventionError> {
        let spartina_class =
            monitoring::spartina_class(monitoring, ctx.classes).ok_or_else(|| {
                InterventionError::UnknownClass {
                    at: "monitoring.spartina_class".into(),
                    name: monitoring.spartina_class.clone(),
                }
            })?;
        let interventions = params
            .interventions
            .iter()
            .enumerate()
            .map(|(i, spec)| build::resolve(i, spec, ctx))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            interventions,
            annual_cny: params.annual_budget_cny.map_or(f64::INFINITY, |b| b.get()),
            rollover: params.budget_rollover,
            monitoring: monitoring.clone(),
            spartina_class,
        })
    }

    /// Natural recovery: no interventions, the same monitoring.
    pub fn natural_recovery(
        monitoring: &MonitoringParams,
        ctx: &ZoneContext,
    ) -> Result<Self, InterventionError> {
        Self::new(&StrategyParams::default(), monitoring, ctx)
    }
}

impl Plugin for StrategyPlugin {
    fn build(&self, sim: &mut Sim) {
        let land = *sim.world.resource::<Landscape>();
        sim.world.insert_resource(self.monitoring.clone());
        sim.world.insert_resource(self.spartina_class);
        sim.world
            .insert_resource(SpartinaSurvey::new(land.width, land.height));
        sim.world.insert_resource(Activity::default());
        sim.world.insert_resource(CostLedger {
            annual_cny: self.annual_cny,
            rollover: self.rollover,
            ..CostLedger::default()
        });
        sim.world
            .insert_resource(ClearedYear(Grid::filled(land.width, land.height, 0)));
        let mut protection = Protection::default();
        for (id, r) in self.interventions.iter().enumerate() {
            spawn(sim, id as u32, r, &mut protection);
        }
        sim.world.insert_resource(protection);
        sim.world
            .run_system_once(protect::save_protected)
            .expect("the strategy's resources were just inserted");
        add_systems(sim);
    }
}

/// Spawns the entity of one intervention (and registers a protected zone).
fn spawn(sim: &mut Sim, id: u32, r: &Resolved, protection: &mut Protection) {
    let mut method = r.method.clone();
    if let Method::Plant(plan) = &mut method {
        plan.band = plan
            .band
            .or_else(|| Some(planting_band(sim, plan.mangrove)));
    }
    if let Some(forbidden) = &r.forbidden {
        protection.add(r.zone.clone(), forbidden.clone(), r.window);
    }
    sim.world.spawn((
        InterventionId(id),
        Target(r.zone.clone()),
        method,
        r.window,
        r.budget,
        Priority(r.priority),
    ));
    if let Some(t) = r.trigger {
        let entity = sim
            .world
            .query::<(Entity, &InterventionId)>()
            .iter(&sim.world)
            .find(|(_, i)| i.0 == id)
            .map(|(e, _)| e)
            .expect("just spawned");
        sim.world.entity_mut(entity).insert(t);
    }
}

/// The running coastal model's elevation band of a species, or its default band.
fn planting_band(sim: &Sim, mangrove: bool) -> ElevationWindow {
    let window = |z_min: f32, z_max: f32| ElevationWindow {
        min: f64::from(z_min),
        max: f64::from(z_max),
    };
    if mangrove {
        sim.world
            .get_resource::<MangroveRates>()
            .map_or(MangroveParams::default().elevation_m, |r| {
                window(r.niche.z_min, r.niche.z_max)
            })
    } else {
        sim.world
            .get_resource::<MarshRates>()
            .map_or(MarshParams::default().elevation_m, |r| {
                window(r.niche.z_min, r.niche.z_max)
            })
    }
}

fn add_systems(sim: &mut Sim) {
    sim.add_systems(
        (
            apply::begin_year,
            protect::enforce_protection,
            apply::apply_interventions,
            protect::save_protected,
        )
            .chain()
            .in_set(SimSet::Management),
    );
    sim.add_systems(ledger::settle_costs.in_set(SimSet::Accounting));
    sim.add_systems(monitoring::survey_spartina.in_set(SimSet::Monitoring));
    sim.add_recorder(monitoring::record_monitoring);
    sim.add_recorder(ledger::record_management);
}
