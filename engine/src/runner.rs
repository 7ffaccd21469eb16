//! Runners: one simulation ([`Sim`]: a World and its schedules), and many independent
//! jobs in parallel ([`run_indexed`]: replicates, strategies, sweep points).

use crate::clock::SimClock;
use crate::landscape::Landscape;
use crate::random::RunSeed;
use crate::recorder::{MetricSeries, Recorder};
use crate::schedule::{start_schedule, step_schedule};
use bevy_ecs::prelude::*;
use bevy_ecs::system::ScheduleSystem;
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

/// A model or service that configures a [`Sim`]: inserts its layers and parameters as
/// resources and adds its systems to [`crate::SimSet`] phases. The shape of
/// `bevy_app::Plugin`, without bevy_app's main-loop machinery that a headless,
/// step-counted simulation does not use.
pub trait Plugin {
    /// Adds this plugin's resources and systems to `sim`.
    fn build(&self, sim: &mut Sim);
}

/// A failure while running.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The schedule could not be built (e.g. two systems conflict without an order).
    #[error("the step schedule is inconsistent: {0}")]
    Schedule(String),
    /// A model detected an impossible state.
    #[error("year {year}: {message}")]
    Model {
        /// Year in which it happened.
        year: u32,
        /// What the model found.
        message: String,
    },
    /// A metric became NaN or infinite.
    #[error("year {year}: metric `{metric}` is not a finite number")]
    NonFinite {
        /// Year of the sample.
        year: u32,
        /// Metric name.
        metric: String,
    },
    /// Stopped on request.
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

/// The run was stopped on request (Ctrl-C) before it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("interrupted")]
pub struct Cancelled;

/// A model's report of an impossible state, checked by the runner after every step.
#[derive(Resource, Debug, Default)]
pub struct Fault(pub Option<String>);

/// One simulation run: its World (resources = layers, parameters, clock, seed,
/// recorder) and its schedules.
pub struct Sim {
    /// The ECS world.
    pub world: World,
    step: Schedule,
    start: Schedule,
    recorders: usize,
}

/// The place of one recording system in the fixed order of recorders.
#[derive(bevy_ecs::schedule::SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct RecordSlot(usize);

impl Sim {
    /// An empty simulation of `landscape` seeded with `seed`.
    pub fn new(landscape: Landscape, seed: RunSeed) -> Self {
        let mut world = World::new();
        world.insert_resource(landscape);
        world.insert_resource(seed);
        world.insert_resource(SimClock::default());
        world.insert_resource(Recorder::default());
        world.insert_resource(Fault::default());
        let mut step = step_schedule();
        step.add_systems(tick_clock.in_set(crate::SimSet::Commit));
        Self {
            world,
            step,
            start: start_schedule(),
            recorders: 0,
        }
    }

    /// Adds a plugin.
    pub fn add_plugin(&mut self, plugin: &impl Plugin) -> &mut Self {
        plugin.build(self);
        self
    }

    /// Adds systems to the step schedule (put them in a [`crate::SimSet`]).
    pub fn add_systems<M>(
        &mut self,
        systems: impl IntoScheduleConfigs<ScheduleSystem, M>,
    ) -> &mut Self {
        self.step.add_systems(systems);
        self
    }

    /// Adds a metric-recording system: it runs at the start (year 0) and in the
    /// `Record` phase of every step, after the recorders added before it (so metrics
    /// keep one order in the outputs).
    pub fn add_recorder<M, S>(&mut self, system: S) -> &mut Self
    where
        S: IntoScheduleConfigs<ScheduleSystem, M> + Copy,
    {
        let slot = RecordSlot(self.recorders);
        self.start.add_systems(system.in_set(slot));
        self.step
            .add_systems(system.in_set(slot).in_set(crate::SimSet::Record));
        if let Some(previous) = self.recorders.checked_sub(1).map(RecordSlot) {
            self.start.configure_sets(slot.after(previous));
            self.step.configure_sets(slot.after(previous));
        }
        self.recorders += 1;
        self
    }

    /// Builds both schedules now, reporting conflicts as an error instead of a panic.
    pub fn initialize(&mut self) -> Result<(), SimError> {
        for schedule in [&mut self.start, &mut self.step] {
            schedule
                .initialize(&mut self.world)
                .map_err(|e| SimError::Schedule(e.to_string(schedule.graph(), &self.world)))?;
        }
        Ok(())
    }

    /// Records year 0, then runs `years` steps, checking faults after each, and hands
    /// over the records. Stops with [`Cancelled`] when `cancel` becomes true. The final
    /// state stays in [`Self::world`].
    pub fn run(&mut self, years: u32, cancel: &AtomicBool) -> Result<MetricSeries, SimError> {
        self.run_observed(years, cancel, |_, _| {})
    }

    /// As [`Self::run`], calling `observe(world, year)` on the state of year 0 and of
    /// the end of every step (to take map snapshots).
    pub fn run_observed(
        &mut self,
        years: u32,
        cancel: &AtomicBool,
        mut observe: impl FnMut(&World, u32),
    ) -> Result<MetricSeries, SimError> {
        self.initialize()?;
        self.start.run(&mut self.world);
        self.check()?;
        observe(&self.world, 0);
        for year in 1..=years {
            if cancel.load(Ordering::Relaxed) {
                return Err(Cancelled.into());
            }
            self.run_step()?;
            observe(&self.world, year);
        }
        Ok(std::mem::take(&mut *self.world.resource_mut::<Recorder>()).into_series())
    }

    /// Runs one step (the clock advances in its `Commit` phase).
    pub fn run_step(&mut self) -> Result<(), SimError> {
        self.initialize()?;
        self.step.run(&mut self.world);
        self.check()
    }

    fn check(&mut self) -> Result<(), SimError> {
        let year = self.world.resource::<SimClock>().year();
        if let Some(message) = self.world.resource_mut::<Fault>().0.take() {
            return Err(SimError::Model { year, message });
        }
        if let Some((year, metric)) = self.world.resource::<Recorder>().first_non_finite() {
            return Err(SimError::NonFinite {
                year,
                metric: metric.to_owned(),
            });
        }
        Ok(())
    }
}

/// Advances the clock when the year's change is committed.
fn tick_clock(mut clock: ResMut<SimClock>) {
    clock.advance();
}

/// Runs `job(0..n)` in parallel with rayon and returns the results in index order,
/// whatever the thread count. `done` is called as each job finishes (for progress).
/// Jobs not yet started when `cancel` becomes true are skipped and give
/// `Err(Cancelled)`.
pub fn run_indexed<T, E, F>(
    n: usize,
    cancel: &AtomicBool,
    done: impl Fn() + Sync,
    job: F,
) -> Vec<Result<T, E>>
where
    T: Send,
    E: Send + From<Cancelled>,
    F: Fn(usize) -> Result<T, E> + Sync,
{
    // One task per job: a thread that runs out of work takes single jobs from the
    // other, so the last jobs are spread instead of run in a row by one thread.
    (0..n)
        .into_par_iter()
        .with_max_len(1)
        .map(|i| {
            if cancel.load(Ordering::Relaxed) {
                return Err(Cancelled.into());
            }
            let result = job(i);
            done();
            result
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SimSet;

    fn landscape() -> Landscape {
        Landscape {
            width: 2,
            height: 2,
            cell_size_m: 1.0,
            origin_x: 0.0,
            origin_y: 0.0,
            epsg: None,
        }
    }

    fn record_year(clock: Res<SimClock>, mut rec: ResMut<Recorder>) {
        rec.record(clock.year(), "year", f64::from(clock.year()));
    }

    #[test]
    fn records_year_zero_then_each_step() {
        let mut sim = Sim::new(landscape(), RunSeed::for_replicate(1, 0));
        sim.add_recorder(record_year);
        let series = sim.run(3, &AtomicBool::new(false)).unwrap();
        let years: Vec<f64> = series.samples.iter().map(|s| s.value).collect();
        assert_eq!(years, [0.0, 1.0, 2.0, 3.0]);
    }

    #[derive(Resource, Default)]
    struct Counter(u32);

    fn bump_a(mut c: ResMut<Counter>) {
        c.0 += 1;
    }

    fn bump_b(mut c: ResMut<Counter>) {
        c.0 += 2;
    }

    #[test]
    fn unordered_conflicting_systems_are_an_error() {
        let mut sim = Sim::new(landscape(), RunSeed::for_replicate(1, 0));
        sim.world.init_resource::<Counter>();
        sim.add_systems((bump_a.in_set(SimSet::Growth), bump_b.in_set(SimSet::Growth)));
        assert!(matches!(sim.initialize(), Err(SimError::Schedule(_))));
    }

    fn fail(mut fault: ResMut<Fault>) {
        fault.0 = Some("cover out of range".into());
    }

    #[test]
    fn model_faults_stop_the_run() {
        let mut sim = Sim::new(landscape(), RunSeed::for_replicate(1, 0));
        sim.add_systems(fail.in_set(SimSet::Growth));
        let err = sim.run(2, &AtomicBool::new(false)).unwrap_err();
        assert!(matches!(err, SimError::Model { year: 1, .. }), "{err}");
    }

    #[test]
    fn indexed_results_keep_order_and_honour_cancel() {
        let out: Vec<Result<usize, Cancelled>> =
            run_indexed(8, &AtomicBool::new(false), || {}, |i| Ok(i * i));
        assert_eq!(
            out.into_iter().map(Result::unwrap).collect::<Vec<_>>(),
            [0, 1, 4, 9, 16, 25, 36, 49]
        );
        let cancelled: Vec<Result<usize, Cancelled>> =
            run_indexed(3, &AtomicBool::new(true), || {}, Ok);
        assert!(cancelled.iter().all(Result::is_err));
    }
}
