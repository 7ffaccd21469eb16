//! `Protect`: zone cells never become a forbidden class while the window is open.
//!
//! Succession and the coastal models cannot see the protection (they are not edited
//! by it), so it is enforced after the fact: each year, first in `SimSet::Management`,
//! every protected cell that became a forbidden class since last year's management
//! gets back last year's class, age (+1) and coastal layers ([`enforce_protection`]);
//! interventions check [`Protection::forbids`] before converting a cell; and the state
//! of every protected cell is saved at the end of management ([`save_protected`]).
//! The first save is made when the plugin is built. Cells restored this way are
//! counted in `protection_reverted_ha`.

use super::field::{CellState, Field, FieldParam};
use super::spec::Window;
use super::state::Activity;
use super::zones::Zone;
use bevy_ecs::prelude::*;
use shanshui_engine::SimClock;

/// One protected zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Protected {
    zone: Zone,
    forbidden: Box<[bool; 256]>,
    window: Window,
    saved: Vec<CellState>,
}

/// Every protected zone of the strategy.
#[derive(Resource, Debug, Clone, PartialEq, Default)]
pub struct Protection {
    zones: Vec<Protected>,
}

impl Protection {
    /// Adds a zone whose cells may not become the `forbidden` classes.
    pub(crate) fn add(&mut self, zone: Zone, forbidden: Box<[bool; 256]>, window: Window) {
        self.zones.push(Protected {
            zone,
            forbidden,
            window,
            saved: Vec::new(),
        });
    }

    /// Whether cell `i`, now of class `now`, may not become class `to` in `year`.
    pub fn forbids(&self, i: usize, now: u8, to: u8, year: u32) -> bool {
        self.zones.iter().any(|p| {
            p.window.open(year)
                && p.zone.contains(i as u32)
                && p.zone.admits(now)
                && p.forbidden[usize::from(to)]
        })
    }

    /// Saves the state of every protected cell.
    pub(crate) fn save(&mut self, field: &Field) {
        for p in &mut self.zones {
            p.saved.clear();
            p.saved
                .extend(p.zone.candidates().map(|(i, _)| field.state(i as usize)));
        }
    }

    /// Undoes forbidden changes since the last save; returns the cells restored.
    fn enforce(&self, field: &mut Field, year: u32) -> u64 {
        let mut restored = 0;
        for p in self.zones.iter().filter(|p| p.window.open(year)) {
            for ((i, _), before) in p.zone.candidates().zip(&p.saved) {
                let i = i as usize;
                let now = field.class(i);
                let protected =
                    p.zone.admits(before.class) && !p.forbidden[usize::from(before.class)];
                if now != before.class && p.forbidden[usize::from(now)] && protected {
                    field.restore(i, before);
                    restored += 1;
                }
            }
        }
        restored
    }
}

/// Undoes this year's forbidden changes in protected cells (first in Management).
pub(crate) fn enforce_protection(
    clock: Res<SimClock>,
    protection: Res<Protection>,
    mut field: FieldParam,
    mut activity: ResMut<Activity>,
) {
    let mut field = field.field();
    activity.reverted = protection.enforce(&mut field, clock.year());
}

/// Saves the protected cells' state (last in Management).
pub(crate) fn save_protected(mut protection: ResMut<Protection>, mut field: FieldParam) {
    protection.save(&field.field());
}
