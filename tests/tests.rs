//! Integration tests: the `shanshui` binary end to end, and the shipped scenarios.

/// Helpers: running the binary, temporary folders, test data paths.
mod common;

/// `run`, `validate` and `init` as a user would call them.
mod cli;

/// Malformed and invalid scenarios: exit 2, a located message, no output folder.
mod bad_input;

/// Same scenario and seed → byte-identical results for any thread count, a run
/// reproduced from its own `scenario.ron`, and by a sweep point with the scenario's own
/// values (sweeps use the scenario's seed: common random numbers).
mod determinism;

/// Every shipped scenario parses, validates and builds its site.
mod scenarios;

/// `shanshui metrics`: connectivity of a map, closed forms and bad input.
mod metrics;

/// Raster landscapes: GeoTIFF and ASCII grid layers, remapping, consistency checks.
mod rasters;

/// Output safety: symbolic links, full disks, Ctrl-C; `run --resume` after Ctrl-C gives
/// the outputs of an uninterrupted run.
mod safety;

/// Strategies: common random numbers, budgets, KPIs.
mod strategies;

/// Parameter sweeps: shipped sweeps plan; results byte-identical across threads,
/// shards and SIGKILL + resume; Ctrl-C exit 130; merge names gaps and duplicates;
/// hostile sweep files exit 2 with located messages; analysis; Slurm script.
mod sweep;

/// Sweeps on a real single-node Slurm cluster (`.ci/slurm-up.sh`): job array + merge job
/// byte-identical to one process; a failed task reported, its runs named, resumed.
mod slurm;

/// The default scenario's results against a reviewed golden file.
mod golden;
