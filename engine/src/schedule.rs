//! The ordered phases of one simulated year. The engine declares them once; each model
//! puts each of its systems into exactly one phase.

use bevy_ecs::schedule::{
    IntoScheduleConfigs, LogLevel, Schedule, ScheduleBuildSettings, ScheduleLabel,
    SingleThreadedExecutor, SystemSet,
};

/// One simulated time step of one year.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SimStep;

/// Runs once before the first step: records the initial state as year 0.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SimStart;

/// Phases of a step, run in this order.
///
/// Layers are double-buffered: ecological phases read the committed state and write the
/// next one; `Commit` publishes it; management then acts on the committed state, and
/// accounting, monitoring and recording read the result of the year.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SimSet {
    /// Abiotic drivers: tides, sea-level rise, accretion.
    Environment,
    /// Propagule production and dispersal.
    Dispersal,
    /// Establishment, growth and mortality within cells.
    Growth,
    /// State-and-transition succession of land cover.
    Succession,
    /// Interactions between species or classes in a cell.
    Competition,
    /// Double-buffered layers swap: the year's ecological change is published.
    Commit,
    /// Planned interventions act on the committed state.
    Management,
    /// Ledgers: carbon and cost.
    Accounting,
    /// Observation of the state (with detection error) for adaptive management.
    Monitoring,
    /// Metrics are written to the recorder.
    Record,
}

fn configured(label: impl ScheduleLabel) -> Schedule {
    let mut schedule = Schedule::new(label);
    schedule.set_build_settings(ScheduleBuildSettings {
        ambiguity_detection: LogLevel::Error,
        ..Default::default()
    });
    // One World per replicate; parallelism comes from rayon over replicates and rows.
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule
}

/// The step schedule: chained phases; unordered conflicting systems are a build error.
pub fn step_schedule() -> Schedule {
    use SimSet::*;
    let mut schedule = configured(SimStep);
    schedule.configure_sets(
        (
            Environment,
            Dispersal,
            Growth,
            Succession,
            Competition,
            Commit,
            Management,
            Accounting,
            Monitoring,
            Record,
        )
            .chain(),
    );
    schedule
}

/// The start schedule, holding the record systems for year 0.
pub fn start_schedule() -> Schedule {
    configured(SimStart)
}
