//! Sweep errors. Bad input (a sweep file, a base scenario, folders that do not hold one
//! complete sweep) is told apart from failures while running.

use shanshui_scenarios::ScenarioError;
use std::path::PathBuf;

/// A sweep that cannot be planned, run, merged or analysed.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// The sweep file or its base scenario is unreadable or invalid.
    #[error(transparent)]
    Input(#[from] ScenarioError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A results file holds a line that is not a run's result.
    #[error(
        "{path}:{line}: not a run result ({message}); the file was changed by something other than `shanshui sweep run`"
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// Line number, 1-based.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Output folders that do not belong to this sweep, or to one sweep.
    #[error("{path}: {message}")]
    Mismatch {
        /// The folder or file.
        path: PathBuf,
        /// What differs and what to do.
        message: String,
    },
    /// Runs are missing or were recorded more than once.
    #[error("{}", incomplete_message(.total, .missing, .duplicated))]
    Incomplete {
        /// Runs in the manifest.
        total: u64,
        /// run_ids with no result.
        missing: Vec<u64>,
        /// run_ids with more than one result.
        duplicated: Vec<u64>,
    },
}

impl SweepError {
    /// Whether the error is the user's input rather than a failure while working.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, Self::Io { .. })
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }
}

fn incomplete_message(total: &u64, missing: &[u64], duplicated: &[u64]) -> String {
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!(
            "{} of {total} runs have no result: run_id {}. Run `shanshui sweep run … --resume` (with the same --shard) for the shards that hold them",
            missing.len(),
            ranges(missing)
        ));
    }
    if !duplicated.is_empty() {
        parts.push(format!(
            "{} runs have more than one result: run_id {}. Were the same shards given twice, or run with different --shard counts into different folders?",
            duplicated.len(),
            ranges(duplicated)
        ));
    }
    parts.join("; ")
}

/// `1-3, 7, 9-10` for sorted ids.
pub fn ranges(ids: &[u64]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i;
        while j + 1 < ids.len() && ids[j + 1] == ids[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            ids[i].to_string()
        } else {
            format!("{}-{}", ids[i], ids[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_compress_runs() {
        assert_eq!(ranges(&[1, 2, 3, 7, 9, 10]), "1-3, 7, 9-10");
        assert_eq!(ranges(&[]), "");
    }
}
