//! Simulated time: an integer count of one-year steps, never wall-clock time.

use bevy_ecs::resource::Resource;

/// The simulation clock: the number of whole years simulated so far. It ticks in
/// `SimSet::Commit`, so phases before it see the year that is ending as `step()`
/// (and key their random streams with it), and `Management` onwards see the new year.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SimClock {
    step: u32,
}

impl SimClock {
    /// Steps completed.
    pub fn step(&self) -> u32 {
        self.step
    }

    /// Years simulated so far (one step is one year).
    pub fn year(&self) -> u32 {
        self.step
    }

    pub(crate) fn advance(&mut self) {
        self.step += 1;
    }
}
