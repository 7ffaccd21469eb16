//! `Reclaim`: converts the zone's cells of the `from` classes into the `to` class, in
//! row-major order, in units whose trigger holds, within the budget. Protected cells
//! are never converted into a forbidden class. With the coastal models, a cell
//! converted into a coastal class gets that class's initial layers (as when succession
//! moves a cell into a coastal class); into another class, zero layers.

use super::apply::{Act, Job};
use super::components::ReclaimPlan;

/// One year of a reclamation intervention.
pub(crate) fn reclaim(plan: &ReclaimPlan, job: &mut Job, act: &mut Act) {
    let passing = job.units_passing(act);
    let targets: Vec<usize> = job
        .zone
        .cells_now(act.field.class)
        .map(|(i, unit)| (i as usize, unit))
        .filter(|&(i, unit)| {
            let class = act.field.class(i);
            plan.from[usize::from(class)]
                && passing(unit)
                && !act.protection.forbids(i, class, plan.to, act.year)
        })
        .map(|(i, _)| i)
        .collect();
    for i in targets {
        if !job.allowance.try_take(1) {
            break;
        }
        act.field.convert(i, plan.to);
        act.activity.reclaimed += 1;
        act.activity.restored += 1;
    }
}
