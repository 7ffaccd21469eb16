//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Default of `--max-cells`: the largest landscape accepted without asking.
pub const DEFAULT_MAX_CELLS: u64 = 1 << 26;

/// Shanshui simulates coastal restoration scenarios: Spartina alterniflora invasion,
/// mangrove and native marsh recovery, and land-cover succession on a raster landscape,
/// under natural recovery and under each intervention strategy, over Monte Carlo
/// replicates.
///
/// Start with `shanshui run` (the embedded Xiamen-like bay), then write your own
/// scenario with `shanshui init my-bay.ron`, check it with `shanshui validate`, and run it.
#[derive(Debug, Parser)]
#[command(name = "shanshui", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario: every strategy (natural recovery first) × every replicate
    ///
    /// Writes to the output folder: manifest.json (provenance), scenario.ron (the
    /// resolved scenario; running it again reproduces the results), timeseries.csv
    /// (strategy,replicate,year,metric,value), summary.csv
    /// (strategy,year,metric,mean,sd,p05,p50,p95,n) and maps/<strategy>.asc (final land
    /// cover of replicate 0, ESRI ASCII grid of class codes), GeoTIFF maps under
    /// maps/<strategy>/, comparison.csv, and unless --no-plots the charts in plots/ and
    /// one self-contained report.html.
    ///
    /// Each (strategy, replicate) run is saved as it finishes in the hidden checkpoint
    /// folder .OUT.checkpoint beside the output folder OUT. Ctrl-C stops promptly
    /// (exit 130), keeps the finished runs and prints the command that continues: the
    /// same command with --out and --resume. The resumed outputs are byte-identical to
    /// those of an uninterrupted run; the checkpoint is removed once they are in place.
    ///
    /// Examples:
    ///   shanshui run                               # the embedded default bay
    ///   shanshui run my-bay.ron --out runs/mine --replicates 20 --threads 2
    ///   shanshui run my-bay.ron --out runs/mine --replicates 20 --threads 2 --resume
    #[command(verbatim_doc_comment)]
    Run(RunArgs),
    /// Redraw a run folder's charts, maps, animations and report.html (no simulation)
    ///
    /// Reads the folder's files and writes `plots/*.png|svg|gif` and `report.html`.
    ///
    /// Example:
    ///   shanshui plot runs/xiamen-bay-2026-11-28T101500Z
    #[command(verbatim_doc_comment)]
    Plot {
        /// The run folder (written by `shanshui run`).
        run_dir: PathBuf,
    },
    /// Check a scenario file; print every problem with its line and column (exit 2), or
    /// the resolved scenario with defaults filled in (exit 0).
    Validate {
        /// The scenario file.
        file: PathBuf,
        /// Allow raster paths outside the scenario's folder.
        #[arg(long)]
        allow_outside: bool,
        /// Refuse landscapes with more cells than this.
        #[arg(long, default_value_t = 1 << 26)]
        max_cells: u64,
    },
    /// Landscape connectivity of a land-cover map: patches, PC, IIC, ECA, as JSON
    ///
    /// Reads an ESRI ASCII grid or a GeoTIFF of class codes (0–254; the file's NoData is
    /// outside the landscape) and prints one JSON object with `patches`,
    /// `habitat_area_ha`, `largest_patch_ha`, `mean_patch_ha`, `edge_density_m_per_ha`,
    /// `landscape_area_ha`, `pc`, `iic`, `eca_ha` (and `patch_table` with `--patches`).
    ///
    /// PC = ΣᵢΣⱼ aᵢaⱼp*ᵢⱼ / A_L², ECA = √(ΣᵢΣⱼ aᵢaⱼp*ᵢⱼ), with pᵢⱼ = exp(−ln2·dᵢⱼ/d50)
    /// and p* the best product path; IIC links patches closer than --link-distance.
    ///
    /// Example:
    ///   shanshui metrics runs/mine/maps/natural_recovery.asc --habitat 5,6 --d50 200 --patches
    #[command(verbatim_doc_comment)]
    Metrics(MetricsArgs),
    /// Parameter sweeps: plan a sweep file into a manifest, run it (in shards, resumable),
    /// merge the shards into results.csv, analyse sensitivity, or print a Slurm script.
    #[command(subcommand)]
    Sweep(crate::commands::SweepCommand),
    /// Write a commented template scenario that validates, to start from.
    Init {
        /// Where to write it.
        #[arg(default_value = "scenario.ron")]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

/// Arguments of `shanshui run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (.ron); without it, the embedded default (a Xiamen-like bay).
    pub scenario: Option<PathBuf>,
    /// Output folder. Default: runs/<scenario name>-<UTC timestamp>.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace the scenario's seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Replace the scenario's number of replicates.
    #[arg(long)]
    pub replicates: Option<u32>,
    /// Replace the scenario's number of years.
    #[arg(long)]
    pub years: Option<u32>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bar or summary on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// Skip charts, maps and report.html (redraw them later with `shanshui plot`).
    #[arg(long)]
    pub no_plots: bool,
    /// Write into a non-empty output folder, replacing it. Without --resume, also
    /// discard the finished runs of an interrupted run into the same folder.
    #[arg(long)]
    pub force: bool,
    /// Continue an interrupted run into --out: keep the runs it finished (in
    /// .OUT.checkpoint beside the output folder) and run only the others. The scenario,
    /// --seed, --years and --replicates must be those of the interrupted run (exit 2
    /// otherwise). Without a checkpoint, the run starts from the beginning.
    #[arg(long, requires = "out")]
    pub resume: bool,
    /// Allow raster paths outside the scenario's folder.
    #[arg(long)]
    pub allow_outside: bool,
    /// Refuse landscapes with more cells than this (memory guard).
    #[arg(long, default_value_t = DEFAULT_MAX_CELLS)]
    pub max_cells: u64,
}

/// Arguments of `shanshui metrics`.
#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// Land-cover raster (.asc or .tif) of class codes.
    pub raster: PathBuf,
    /// Habitat class codes, comma-separated (e.g. `5,6`).
    #[arg(long, value_delimiter = ',', required = true)]
    pub habitat: Vec<u8>,
    /// Median dispersal distance d50, metres (resistance-weighted metres with --resistance).
    #[arg(long)]
    pub d50: f64,
    /// IIC links patches at most this far apart, metres. Default: d50.
    #[arg(long)]
    pub link_distance: Option<f64>,
    /// Cells that touch through 4 (sides) or 8 (sides and corners) neighbours.
    #[arg(long, value_enum, default_value = "8")]
    pub neighbours: Neighbours,
    /// Least-cost distances over per-class resistance, `CODE=VALUE` comma-separated;
    /// `CODE=barrier` forbids a class; unlisted classes have resistance 1.
    #[arg(long, value_delimiter = ',')]
    pub resistance: Vec<String>,
    /// Add the per-patch table (id, area, centroid, dPC).
    #[arg(long)]
    pub patches: bool,
    /// Refuse rasters with more cells than this.
    #[arg(long, default_value_t = 1 << 26)]
    pub max_cells: u64,
}

/// Which cells touch when habitat cells form patches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Neighbours {
    /// Cells sharing a side.
    #[value(name = "4")]
    Four,
    /// Cells sharing a side or a corner.
    #[value(name = "8")]
    Eight,
}
