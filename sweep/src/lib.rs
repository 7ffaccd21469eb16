//! Parameter sweeps of Shanshui scenarios: sweep files ([`schema`]) with Grid, Latin
//! hypercube, Sobol (Saltelli), random and one-at-a-time designs over any numeric field
//! of a scenario; a [`Plan`] checked against the base scenario before anything runs; a
//! [`Manifest`] of runs with stable `run_id`s and seeds, split into [`Shard`]s; durable
//! per-run results that survive a kill and resume without duplicates ([`ledger`]);
//! merging shards into `results.csv` ([`results`]); and sensitivity analysis
//! ([`sensitivity`]).

mod check;
mod design;
mod error;
pub mod ledger;
mod manifest;
mod path;
mod plan;
pub mod results;
mod runner;
pub mod schema;
pub mod sensitivity;

pub use check::MAX_RUNS;
pub use design::{expand, point_count};
pub use error::{SweepError, ranges};
pub use manifest::{Manifest, Run, Shard};
pub use path::{NumberKind, ParamPath};
pub use plan::Plan;
pub use runner::{RunError, Runner, timeseries_csv, timeseries_dir, unfinished};
