//! The sweep file format: the types that sweep RON files deserialize into. Unknown
//! fields are rejected.
//!
//! ```ron
//! (
//!     base: "../spartina-invasion.ron",       // relative to this file
//!     strategies: ["natural_recovery"],       // default: every strategy of the base
//!     replicates: 2,
//!     seed: 20260101,
//!     design: LatinHypercube(n: 16, ranges: [
//!         (path: "coastal.spartina.clonal_spread_m_per_year", min: 0.5, max: 3.0),
//!     ]),
//! )
//! ```

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A sweep as written in a `.ron` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepFile {
    /// The base scenario, relative to the sweep file's folder.
    pub base: PathBuf,
    /// Strategies to run at every point, by name. Default: every strategy of the base
    /// scenario, `natural_recovery` first.
    #[serde(default)]
    pub strategies: Option<Vec<String>>,
    /// Monte Carlo replicates per point and strategy.
    pub replicates: u32,
    /// Seed of the sampled designs (Latin hypercube, Sobol scrambling, random points).
    /// The runs themselves use the base scenario's seed, so that all points share their
    /// random numbers (common random numbers).
    pub seed: u64,
    /// Which parameter values are run.
    pub design: Design,
}

/// How the points of a sweep are chosen. Parameters are addressed by their path in the
/// base scenario, e.g. `coastal.spartina.clonal_spread_m_per_year` or
/// `strategies[0].interventions[0].budget_cny`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Design {
    /// Every combination of the listed values (full factorial), the first parameter
    /// varying slowest.
    Grid(Vec<GridParameter>),
    /// `n` points of a Latin hypercube: each parameter's range is cut into `n` equal
    /// strata and each stratum is sampled once.
    LatinHypercube {
        /// Number of points.
        n: u32,
        /// The parameters and their ranges.
        ranges: Vec<Range>,
    },
    /// Saltelli's scheme on an Owen-scrambled Sobol sequence: `n` base samples give
    /// `n × (k + 2)` points for `k` parameters, from which first-order and total Sobol
    /// indices are estimated.
    Sobol {
        /// Number of base samples (at most 65536).
        n: u32,
        /// The parameters and their ranges.
        ranges: Vec<Range>,
    },
    /// `n` points drawn uniformly and independently.
    Random {
        /// Number of points.
        n: u32,
        /// The parameters and their ranges.
        ranges: Vec<Range>,
    },
    /// The base scenario's point, then each parameter alone at `levels` evenly spaced
    /// values from `min` to `max`, the others at their base values.
    OneAtATime {
        /// The parameters and their ranges.
        ranges: Vec<Range>,
        /// Values per parameter (at least 2: `min` and `max`). Default 2.
        #[serde(default = "two")]
        levels: u32,
    },
}

fn two() -> u32 {
    2
}

/// A parameter and its explicit values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridParameter {
    /// Path of the parameter in the base scenario.
    pub path: String,
    /// Its values, in run order.
    pub values: Vec<f64>,
}

/// A parameter and the interval it is sampled from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// Path of the parameter in the base scenario.
    pub path: String,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

impl Design {
    /// The parameter paths, in file order.
    pub fn paths(&self) -> Vec<&str> {
        match self {
            Self::Grid(parameters) => parameters.iter().map(|p| p.path.as_str()).collect(),
            Self::LatinHypercube { ranges, .. }
            | Self::Sobol { ranges, .. }
            | Self::Random { ranges, .. }
            | Self::OneAtATime { ranges, .. } => ranges.iter().map(|r| r.path.as_str()).collect(),
        }
    }

    /// The design's name as written in sweep files.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Grid(_) => "Grid",
            Self::LatinHypercube { .. } => "LatinHypercube",
            Self::Sobol { .. } => "Sobol",
            Self::Random { .. } => "Random",
            Self::OneAtATime { .. } => "OneAtATime",
        }
    }

    /// The field path (for messages) of parameter `i`'s entry in the file.
    pub fn entry_path(&self, i: usize) -> String {
        match self {
            Self::Grid(_) => format!("design.Grid[{i}]"),
            other => format!("design.{}.ranges[{i}]", other.kind()),
        }
    }
}
