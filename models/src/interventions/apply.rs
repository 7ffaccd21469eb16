//! The yearly dispatcher (`SimSet::Management`): each scheduled intervention, in
//! [`InterventionId`] order, gets an [`Allowance`] from its own budget and the
//! strategy's purse and acts on the committed state.

use super::budget::{Allowance, Purse};
use super::components::{Budget, InterventionId, Method, Priority, Target, Trigger};
use super::corridor::build_corridors;
use super::field::{Field, FieldParam};
use super::monitoring::SpartinaSurvey;
use super::planting::plant;
use super::protect::Protection;
use super::reclaim::reclaim;
use super::removal::remove_spartina;
use super::spec::{PriorityRule, Window};
use super::state::{Activity, ClearedYear, CostLedger};
use super::zones::{Zone, unit_sums};
use crate::layers::ClassTable;
use crate::streams;
use bevy_ecs::prelude::*;
use shanshui_engine::{Grid, Landscape, RunSeed, SimClock, StreamKey};

/// The state one intervention acts on.
pub(crate) struct Act<'a> {
    pub year: u32,
    /// `key(INTERVENTIONS, year)`; each intervention derives its own from it.
    pub key: StreamKey,
    pub landscape: &'a Landscape,
    pub classes: &'a ClassTable,
    pub field: Field<'a>,
    pub survey: &'a mut SpartinaSurvey,
    pub cleared: &'a mut Grid<u32>,
    pub protection: &'a Protection,
    pub activity: &'a mut Activity,
}

/// One intervention's year.
pub(crate) struct Job<'a> {
    pub id: u32,
    pub zone: &'a Zone,
    pub trigger: Option<Trigger>,
    pub rule: PriorityRule,
    pub allowance: Allowance,
}

impl Job<'_> {
    /// Which management units satisfy the trigger this year (all without one).
    pub fn units_passing(&self, act: &Act) -> Box<dyn Fn(u32) -> bool> {
        let Some(trigger) = self.trigger else {
            return Box::new(|_| true);
        };
        let cover: &Grid<u8> = act.field.class;
        let sums = match trigger {
            // Only detected cells add to the sums (the rest add zero).
            Trigger::SpartinaCoverAbove(_) => {
                let detected = act.survey.detected.as_slice();
                let cells = self.zone.select(&act.survey.cells, cover);
                unit_sums(cells, |i| f64::from(detected[i as usize]))
            }
            Trigger::ClassCoverBelow { class, .. } => {
                let is_class = |i: u32| f64::from(u8::from(cover.as_slice()[i as usize] == class));
                unit_sums(self.zone.cells_now(cover), is_class)
            }
        };
        let sizes = self.zone.unit_sizes(cover);
        Box::new(move |unit| {
            sizes.get(&unit).is_some_and(|&n| {
                let f = sums.get(&unit).copied().unwrap_or(0.0) / n;
                match trigger {
                    Trigger::SpartinaCoverAbove(x) => f > x,
                    Trigger::ClassCoverBelow { fraction, .. } => f < fraction,
                }
            })
        })
    }
}

/// Resets the year's activity (first in Management).
pub(crate) fn begin_year(mut activity: ResMut<Activity>) {
    *activity = Activity::default();
}

/// The components the dispatcher reads and updates.
type Interventions = (
    &'static InterventionId,
    &'static Target,
    &'static mut Method,
    &'static Window,
    &'static mut Budget,
    Option<&'static Trigger>,
    &'static Priority,
);

type Row<'a> = (
    &'a InterventionId,
    &'a Target,
    Mut<'a, Method>,
    &'a Window,
    Mut<'a, Budget>,
    Option<&'a Trigger>,
    &'a Priority,
);

/// Applies every intervention scheduled this year, in id order.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's resources are its parameters"
)]
pub(crate) fn apply_interventions(
    clock: Res<SimClock>,
    seed: Res<RunSeed>,
    (landscape, classes): (Res<Landscape>, Res<ClassTable>),
    ledger: Res<CostLedger>,
    protection: Res<Protection>,
    mut field: FieldParam,
    (mut survey, mut cleared, mut activity): (
        ResMut<SpartinaSurvey>,
        ResMut<ClearedYear>,
        ResMut<Activity>,
    ),
    mut query: Query<Interventions>,
) {
    let year = clock.year();
    let mut purse = Purse {
        available_cny: ledger.annual_cny + ledger.carry_cny,
        spent_cny: 0.0,
    };
    let mut act = Act {
        year,
        key: seed.key(streams::INTERVENTIONS, year),
        landscape: &landscape,
        classes: &classes,
        field: field.field(),
        survey: &mut survey,
        cleared: &mut cleared.0,
        protection: &protection,
        activity: &mut activity,
    };
    let mut rows: Vec<Row> = query.iter_mut().filter(|r| r.3.active(year)).collect();
    rows.sort_by_key(|r| *r.0);
    let mut own_budgets = 0.0;
    for (id, target, mut method, _, mut budget, trigger, priority) in rows {
        let Some(cost) = cost_per_ha(&method) else {
            continue;
        };
        let mut job = Job {
            id: id.0,
            zone: &target.0,
            trigger: trigger.copied(),
            rule: priority.0,
            allowance: Allowance::new(&landscape, &budget, cost, &purse),
        };
        match &mut *method {
            Method::Remove(plan) => remove_spartina(plan, &mut job, &mut act),
            Method::Plant(plan) => plant(plan, &mut job, &mut act),
            Method::Reclaim(plan) => reclaim(plan, &mut job, &mut act),
            Method::Corridor(plan) => build_corridors(plan, &mut job, &mut act),
            Method::Protect => {}
        }
        job.allowance.settle(&mut budget, &mut purse);
        own_budgets += job.allowance.own_budget_cny();
    }
    act.activity.spent_cny = purse.spent_cny;
    act.activity.budget_cny = if purse.available_cny.is_finite() {
        purse.available_cny
    } else {
        own_budgets
    };
}

/// Cost per hectare of an acting method; `None` for protection.
fn cost_per_ha(method: &Method) -> Option<f64> {
    match method {
        Method::Remove(p) => Some(p.efficacy.cost_cny_per_ha),
        Method::Plant(p) => Some(p.cost_cny_per_ha),
        Method::Reclaim(p) => Some(p.cost_cny_per_ha),
        Method::Corridor(p) => Some(p.cost_cny_per_ha),
        Method::Protect => None,
    }
}
