//! `RemoveSpartina`: treats the detected *Spartina* of the zone within the budget.
//!
//! Targets are the zone's cells detected by the latest survey (and not yet treated
//! since), in units whose trigger holds. Follow-up cells (treated by this intervention
//! within `follow_up_years`) come first, in row-major order; then the patches, in the
//! order of the priority rule. Each treated cell is paid for; if it holds *Spartina*
//! now, its stand is killed with probability `kill`, and a killed stand resprouts
//! (cover `regrowth_cover`) with probability `regrowth`. Killed cells mapped as
//! Spartina become the cleared class (or every killed cell, when the scenario chose
//! `cleared_to`); protected cells never become a forbidden class. Draws:
//! `key(INTERVENTIONS, year).derive(id).derive(KILL | REGROW).uniform(cell)`.

use super::apply::{Act, Job};
use super::components::RemovalPlan;
use super::priority::{PriorityInputs, ordered_patches};

const KILL: u64 = 1;
const REGROW: u64 = 2;

/// One year of a removal intervention.
pub(crate) fn remove_spartina(plan: &mut RemovalPlan, job: &mut Job, act: &mut Act) {
    let targets = targets(plan, job, act);
    let key = act.key.derive(u64::from(job.id));
    let (kill, regrow) = (key.derive(KILL), key.derive(REGROW));
    for i in targets {
        if !job.allowance.try_take(1) {
            break;
        }
        let i = i as usize;
        plan.last_treated.as_mut_slice()[i] = act.year;
        act.survey.detected.as_mut_slice()[i] = 0.0;
        act.activity.treated += 1;
        if act.field.spartina_cover(i) <= 0.0 || kill.uniform(i as u64) >= plan.efficacy.kill {
            continue;
        }
        let resprouts = regrow.uniform(i as u64) < plan.efficacy.regrowth;
        clear_cell(plan, act, i, resprouts);
    }
}

/// The detected cells to treat, in treatment order.
fn targets(plan: &RemovalPlan, job: &Job, act: &Act) -> Vec<u32> {
    let detected = act.survey.detected.as_slice();
    let passing = job.units_passing(act);
    let candidates: Vec<u32> = job
        .zone
        .select(&act.survey.cells, act.field.class)
        .filter(|&(i, unit)| detected[i as usize] > 0.0 && passing(unit))
        .map(|(i, _)| i)
        .collect();
    let recent = |i: u32| {
        let t = plan.last_treated.as_slice()[i as usize];
        t > 0 && act.year - t <= plan.follow_up_years
    };
    let (mut order, rest): (Vec<u32>, Vec<u32>) = candidates.into_iter().partition(|&i| recent(i));
    let inputs = PriorityInputs {
        landscape: act.landscape,
        classes: act.classes,
        cover: act.field.class,
        detected: &act.survey.detected,
        spartina_d50_m: plan.spartina_d50_m,
    };
    order.extend(
        ordered_patches(&rest, job.rule, &inputs)
            .into_iter()
            .flatten(),
    );
    order
}

/// Kills the stand of cell `i` (leaving `regrowth_cover` if it resprouts).
fn clear_cell(plan: &RemovalPlan, act: &mut Act, i: usize, resprouts: bool) {
    act.activity.removed += 1;
    act.cleared.as_mut_slice()[i] = act.year;
    let (to, chosen) = plan.cleared_to;
    let was = act.field.class(i);
    let field = &mut act.field;
    match field.spartina.as_deref_mut() {
        Some(cover) => {
            let u = &mut cover.as_mut_slice()[i];
            *u = if resprouts {
                u.min(plan.regrowth_cover)
            } else {
                0.0
            };
        }
        None if resprouts => return,
        None => {}
    }
    if !resprouts {
        act.activity.restored += 1;
    }
    let relabel = chosen || was == field.spartina_class;
    if relabel && !act.protection.forbids(i, was, to, act.year) {
        if chosen {
            let residual = field.spartina.as_deref().map(|s| s.as_slice()[i]);
            field.convert(i, to);
            restore_residual(field, i, to, residual);
        } else {
            field.set_class(i, to);
        }
    }
}

/// Keeps a resprouting stand's cover after a conversion into a coastal class.
fn restore_residual(field: &mut super::field::Field, i: usize, to: u8, residual: Option<f32>) {
    let coastal = field.coastal.is_some_and(|k| k.coastal[usize::from(to)]);
    if let (true, Some(u), Some(cover)) = (coastal, residual, field.spartina.as_deref_mut()) {
        cover.as_mut_slice()[i] = u;
    }
}
