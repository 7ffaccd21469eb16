//! Running the runs of a sweep in parallel with rayon, each committed to the
//! [`Ledger`] as soon as it finishes. A point's scenario and site are built once, when
//! its first run starts; points that leave the landscape unchanged share the base site.

use crate::ledger::{Ledger, write_atomic};
use crate::manifest::Run;
use crate::plan::Plan;
use crate::results::{OUTCOMES, record};
use shanshui_engine::{Cancelled, MetricSeries, SimError, run_indexed};
use shanshui_scenarios::{Scenario, Site};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// Why runs did not all finish.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    /// Stopped by the cancel flag; finished runs were kept.
    #[error("cancelled")]
    Cancelled,
    /// A run failed; runs that finished before were kept, no new run was started.
    #[error("run_id {run_id}: {message}")]
    Failed {
        /// The run.
        run_id: u64,
        /// What went wrong.
        message: String,
    },
}

impl From<Cancelled> for RunError {
    fn from(_: Cancelled) -> Self {
        Self::Cancelled
    }
}

/// A point ready to run: its scenario and site.
#[derive(Debug)]
struct Point {
    scenario: Scenario,
    site: Arc<Site>,
}

/// Runs the runs of one [`Plan`].
#[derive(Debug)]
pub struct Runner<'a> {
    plan: &'a Plan,
    points: Vec<OnceLock<Result<Point, String>>>,
    /// The base scenario's maps (without models), read or generated once.
    base_site: OnceLock<Result<Arc<Site>, String>>,
    timeseries: Option<PathBuf>,
}

impl<'a> Runner<'a> {
    /// A runner of `plan`'s runs; with `timeseries`, each run's full time series is
    /// written to `timeseries/run-<run_id>.csv` in that folder.
    pub fn new(plan: &'a Plan, timeseries: Option<PathBuf>) -> Self {
        Self {
            plan,
            points: (0..plan.manifest.points.len())
                .map(|_| OnceLock::new())
                .collect(),
            base_site: OnceLock::new(),
            timeseries,
        }
    }

    /// Runs `runs` in parallel (on the current rayon pool), committing each to
    /// `ledger` as it finishes and calling `done` after each.
    pub fn run_all(
        &self,
        runs: &[Run],
        ledger: &Ledger,
        cancel: &AtomicBool,
        done: impl Fn() + Sync,
    ) -> Result<(), RunError> {
        let failed = AtomicBool::new(false);
        let results = run_indexed(runs.len(), cancel, done, |i| {
            if failed.load(Ordering::Relaxed) {
                return Err(RunError::Cancelled);
            }
            let result = self.run_one(runs[i], ledger, cancel);
            if matches!(result, Err(RunError::Failed { .. })) {
                failed.store(true, Ordering::Relaxed);
            }
            result
        });
        let mut errors = results.into_iter().filter_map(Result::err);
        let first = errors.next();
        match first {
            None => Ok(()),
            Some(RunError::Cancelled) => Err(errors
                .find(|e| matches!(e, RunError::Failed { .. }))
                .unwrap_or(RunError::Cancelled)),
            Some(failure) => Err(failure),
        }
    }

    /// Runs one run and commits its record.
    fn run_one(&self, run: Run, ledger: &Ledger, cancel: &AtomicBool) -> Result<(), RunError> {
        let failed = |message: String| RunError::Failed {
            run_id: run.run_id,
            message,
        };
        let point = self.points[run.point]
            .get_or_init(|| self.prepare(run.point))
            .as_ref()
            .map_err(|m| failed(m.clone()))?;
        // The point's scenario keeps the base seed (`seed` cannot be swept): the run is
        // replicate `run.replicate` of it, exactly as `shanshui run` computes it.
        let scenario = &point.scenario;
        debug_assert_eq!(scenario.file.seed, run.seed);
        let strategy = &self.plan.manifest.strategies[run.strategy];
        let outcome = scenario
            .run_replicate(&point.site, strategy, run.replicate, cancel)
            .map_err(|e| match e {
                SimError::Cancelled(_) => RunError::Cancelled,
                other => failed(other.to_string()),
            })?;
        if let Some(dir) = &self.timeseries {
            let path = dir.join(format!("run-{}.csv", run.run_id));
            write_atomic(&path, timeseries_csv(&outcome.series).as_bytes())
                .map_err(|e| failed(e.to_string()))?;
        }
        ledger
            .commit(&record(run.run_id, scenario, &outcome, OUTCOMES))
            .map_err(|e| failed(e.to_string()))
    }

    /// The scenario and site of point `point`: the base site's maps when the point
    /// keeps the base landscape and classes, always with the point's own models.
    fn prepare(&self, point: usize) -> Result<Point, String> {
        let scenario = self.plan.scenario_at(point)?;
        let base = &self.plan.base.file;
        let site =
            if scenario.file.landscape == base.landscape && scenario.file.classes == base.classes {
                let maps = self
                    .base_site
                    .get_or_init(|| {
                        Site::maps_of(&self.plan.base)
                            .map(Arc::new)
                            .map_err(|e| e.to_string())
                    })
                    .clone()?;
                maps.with_models_of(&scenario)
            } else {
                scenario.site()
            };
        let site = Arc::new(site.map_err(|e| e.to_string())?);
        Ok(Point { scenario, site })
    }
}

/// A run's time series: `year,metric,value`, in recording order.
pub fn timeseries_csv(series: &MetricSeries) -> String {
    let mut out = String::from("year,metric,value\n");
    for s in &series.samples {
        let _ = writeln!(out, "{},{},{}", s.year, series.metrics[s.metric], s.value);
    }
    out
}

/// The runs of `runs` that have no record among `finished` run_ids (sorted).
pub fn unfinished(runs: impl Iterator<Item = Run>, finished: &[u64]) -> Vec<Run> {
    runs.filter(|r| finished.binary_search(&r.run_id).is_err())
        .collect()
}

/// The folder of per-run time series in a sweep output folder.
pub fn timeseries_dir(out: &Path) -> PathBuf {
    out.join("timeseries")
}
