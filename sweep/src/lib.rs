#![doc = include_str!("../README.md")]

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
