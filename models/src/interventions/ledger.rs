//! The cost ledger (`SimSet::Accounting`) and the management metrics (`Record`).

use super::state::{Activity, CostLedger};
use bevy_ecs::prelude::*;
use shanshui_engine::{Landscape, Recorder, SimClock};

/// Adds the year's spending to the ledger and carries unspent strategy money over
/// when the strategy budget rolls over.
pub(crate) fn settle_costs(activity: Res<Activity>, mut ledger: ResMut<CostLedger>) {
    ledger.cumulative_cny += activity.spent_cny;
    ledger.carry_cny = if ledger.rollover && ledger.annual_cny.is_finite() {
        (activity.budget_cny - activity.spent_cny).max(0.0)
    } else {
        0.0
    };
}

/// Records the management metrics of the year (zeros at year 0).
pub(crate) fn record_management(
    clock: Res<SimClock>,
    landscape: Res<Landscape>,
    activity: Res<Activity>,
    ledger: Res<CostLedger>,
    mut recorder: ResMut<Recorder>,
) {
    let (year, a) = (clock.year(), *activity);
    let ha = |cells| landscape.area_ha(cells);
    let metrics = [
        ("cost_cny", a.spent_cny),
        ("cost_cumulative_cny", ledger.cumulative_cny),
        ("budget_cny", a.budget_cny),
        ("spartina_treated_ha", ha(a.treated)),
        ("spartina_removed_ha", ha(a.removed)),
        ("area_planted_ha", ha(a.planted)),
        ("planting_established_ha", ha(a.established)),
        ("area_reclaimed_ha", ha(a.reclaimed)),
        ("corridor_built_ha", ha(a.corridor)),
        ("area_restored_ha", ha(a.restored)),
        ("protection_reverted_ha", ha(a.reverted)),
    ];
    for (name, value) in metrics {
        recorder.record(year, name, value);
    }
}
