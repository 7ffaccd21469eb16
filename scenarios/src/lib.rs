//! Shanshui's scenario files: the RON schema ([`schema`]) composing the models'
//! parameters, parsing with located errors, validation that collects every problem,
//! the procedural coastal bay, and the scenarios shipped in this folder (the default,
//! [`DEFAULT_SCENARIO`], is embedded in the binary).

pub mod bay;
mod error;
pub mod kpis;
mod locate;
mod parse;
mod rasters;
mod run;
mod scenario;
pub mod schema;
mod site;
mod validate;

pub use error::{Problem, ScenarioError};
pub use locate::{LineCol, Locator};
pub use parse::{MAX_FILE_BYTES, parse_ron, ron_options};
pub use run::{ReplicateRun, Snapshot};
pub use scenario::{LoadOptions, Scenario};
pub use site::Site;
pub use validate::{Limits, NATURAL_RECOVERY, parse_colour};

/// The default scenario (a Xiamen-like bay), embedded in the binary.
pub const DEFAULT_SCENARIO: &str = include_str!("../xiamen-bay.ron");

/// File name of the default scenario, for messages.
pub const DEFAULT_SCENARIO_NAME: &str = "xiamen-bay.ron";

/// A commented template scenario that validates, written by `shanshui init`.
pub const TEMPLATE_SCENARIO: &str = include_str!("../template.ron");
