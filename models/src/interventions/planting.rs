//! `Plant`: mangrove or native-marsh planting.
//!
//! Targets are the zone's cells, in row-major order, in units whose trigger holds,
//! without a stand of the species (zero canopy/cover in the coastal layer, or not of
//! the species' class without one) and not protected against the species' class. Every
//! target is paid for. A planting establishes with probability
//!
//! ```text
//! s = setting survival × (1 − spartina_suppression · u),  u = true Spartina cover
//! setting: technique_survival if set; else after_spartina_removal if the strategy
//!          cleared the cell within after_removal_years; else fringe next to a cell of
//!          the species' class; else bare_flat
//! ```
//!
//! and **never outside the elevation band** (it is still paid for: plantings there
//! fail, as in reality). An established planting sets the species' layer to at least
//! `initial_cover` (or, without coastal layers, the cell's class). Draw:
//! `key(INTERVENTIONS, year).derive(id).derive(SURVIVE).uniform(cell)`.

use super::apply::{Act, Job};
use super::components::PlantingPlan;

const SURVIVE: u64 = 3;

/// One year of a planting intervention. Whether a cell is a target depends on that
/// cell alone, so targets are found as the budget is spent, not all beforehand.
pub(crate) fn plant(plan: &PlantingPlan, job: &mut Job, act: &mut Act) {
    let passing = job.units_passing(act);
    let draw = act.key.derive(u64::from(job.id)).derive(SURVIVE);
    for (i, unit) in job.zone.candidates() {
        let i = i as usize;
        if !(job.zone.admits(act.field.class(i)) && passing(unit) && open(plan, act, i)) {
            continue;
        }
        if !job.allowance.try_take(1) {
            break;
        }
        act.activity.planted += 1;
        if in_band(plan, act, i) && draw.uniform(i as u64) < survival(plan, act, i) {
            establish(plan, act, i);
        }
    }
}

/// The species' layer, if the coastal models hold it.
fn layer<'a>(plan: &PlantingPlan, act: &'a Act) -> Option<&'a [f32]> {
    let g = if plan.mangrove {
        &act.field.mangrove
    } else {
        &act.field.marsh
    };
    g.as_deref().map(|g| g.as_slice())
}

/// Whether cell `i` has no stand of the species and may become its class.
fn open(plan: &PlantingPlan, act: &Act, i: usize) -> bool {
    let class = act.field.class(i);
    let empty = match layer(plan, act) {
        Some(l) => l[i] <= 0.0,
        None => class != plan.class,
    };
    empty && !act.protection.forbids(i, class, plan.class, act.year)
}

fn in_band(plan: &PlantingPlan, act: &Act, i: usize) -> bool {
    match (plan.band, act.field.elevation) {
        (Some(b), Some(z)) => {
            let z = f64::from(z.as_slice()[i]);
            z >= b.min && z <= b.max
        }
        _ => true,
    }
}

/// First-year survival of a planting in cell `i`.
fn survival(plan: &PlantingPlan, act: &Act, i: usize) -> f64 {
    let [fringe, bare, after, suppression] = plan.survival;
    let cleared = act.cleared.as_slice()[i];
    let setting = if let Some(s) = plan.technique {
        s
    } else if cleared > 0 && act.year - cleared <= plan.after_removal_years {
        after
    } else if act.field.next_to_class(i, plan.class) {
        fringe
    } else {
        bare
    };
    let u = f64::from(act.field.spartina_cover(i));
    setting * (1.0 - suppression * u)
}

fn establish(plan: &PlantingPlan, act: &mut Act, i: usize) {
    act.activity.established += 1;
    act.activity.restored += 1;
    let field = &mut act.field;
    let g = if plan.mangrove {
        field.mangrove.as_deref_mut()
    } else {
        field.marsh.as_deref_mut()
    };
    match g {
        Some(g) => {
            let v = &mut g.as_mut_slice()[i];
            *v = v.max(plan.initial_cover);
        }
        None => field.set_class(i, plan.class),
    }
}
