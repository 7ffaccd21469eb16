//! The scenario file format: the types that RON files deserialize into. Unknown fields
//! are rejected; bounded numbers are types, so a probability of 1.3 fails while parsing.

use serde::{Deserialize, Serialize};
use shanshui_engine::NonNegative;
use shanshui_models::carbon::CarbonParams;
use shanshui_models::coastal::CoastalParams;
use shanshui_models::connectivity::ConnectivityModelParams;
use shanshui_models::interventions::{InterventionSpec, MonitoringParams, StrategyParams};
use shanshui_models::succession::{ElevationWindow, SuccessionParams};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A scenario as written in a `.ron` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Short identifier, used in output folder names (letters, digits, `-`, `_`).
    pub name: String,
    /// Free text describing the scenario.
    #[serde(default)]
    pub description: String,
    /// Seed of every random stream of the scenario.
    pub seed: u64,
    /// Years to simulate (one step is one year).
    pub years: u32,
    /// Monte Carlo replicates per strategy.
    pub replicates: u32,
    /// Where the landscape comes from.
    pub landscape: LandscapeSpec,
    /// Land-cover classes.
    pub classes: Vec<ClassSpec>,
    /// State-and-transition succession rules.
    #[serde(default)]
    pub succession: SuccessionParams,
    /// Coastal dynamics: tides, Spartina, mangrove, native marsh. Default: none (off).
    #[serde(default)]
    pub coastal: Option<CoastalParams>,
    /// Habitat connectivity monitoring. Default: none (not monitored).
    #[serde(default)]
    pub connectivity: Option<ConnectivityModelParams>,
    /// Carbon ledger (stocks, sequestration, losses on conversion). Default: none (off).
    #[serde(default)]
    pub carbon: Option<CarbonParams>,
    /// Monitoring of Spartina for adaptive management (shared by every strategy, so
    /// surveys are paired). Used when there are strategies.
    #[serde(default)]
    pub monitoring: MonitoringParams,
    /// Management-unit raster (integer unit ids; same grid as the landscape), for
    /// `Units` zones and per-unit triggers. Default: none.
    #[serde(default)]
    pub management_units: Option<PathBuf>,
    /// Strategies compared with the `natural_recovery` baseline, which always runs.
    #[serde(default)]
    pub strategies: Vec<StrategySpec>,
    /// Which maps to write.
    #[serde(default)]
    pub outputs: OutputsSpec,
}

/// Map outputs of a run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputsSpec {
    /// Years at which GeoTIFF maps are written (`maps/<strategy>/<layer>-<year>.tif`).
    /// The final year is always written; listed years after it are skipped.
    pub maps_years: Vec<u32>,
    /// Classes whose per-cell probability of presence across replicates is mapped
    /// (`<class>_probability-<year>.tif`). Default: none.
    pub presence_classes: Vec<String>,
}

/// The source of the landscape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LandscapeSpec {
    /// A procedurally generated coastal bay.
    Bay(BayParams),
    /// Raster files (GeoTIFF or ESRI ASCII grid), paths relative to the scenario file.
    Rasters(RasterLayers),
}

/// Raster layers of a real landscape. All layers must share size, cell size, origin and
/// CRS. Cells that are NoData in any layer lie outside the study area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RasterLayers {
    /// Land-cover codes, one per cell.
    pub land_cover: PathBuf,
    /// Maps the file's codes to class names (`{10: "mangrove", 60: "mudflat"}`), so a
    /// land-cover product's codes can be used as they are. Default: empty, and the
    /// file's codes are the classes' `code`s.
    #[serde(default)]
    pub remap: BTreeMap<i64, String>,
    /// Elevation, m. Default: none (0 m everywhere).
    #[serde(default)]
    pub elevation: Option<PathBuf>,
    /// Added to the elevation file's values to give metres relative to mean sea level
    /// (a datum offset, e.g. from a national height datum to local MSL). Default 0.
    #[serde(default)]
    pub elevation_offset_m: f64,
    /// EPSG code of the layers' CRS when the files carry none (ESRI ASCII grids never
    /// do). Default: the land-cover file's.
    #[serde(default)]
    pub epsg: Option<u32>,
}

/// A land-cover class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassSpec {
    /// Code in raster files (0–254; 255 is nodata).
    pub code: u8,
    /// Identifier (lowercase letters, digits, `_`), used in metric names.
    pub name: String,
    /// Map colour, `#rrggbb`.
    pub colour: String,
    /// Counts as habitat for connectivity. Default false.
    #[serde(default)]
    pub habitat: bool,
}

/// A named restoration strategy: interventions, and a budget shared by them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategySpec {
    /// Identifier (lowercase letters, digits, `_`); `natural_recovery` is reserved.
    pub name: String,
    /// What the strategy does, for reports.
    #[serde(default)]
    pub description: String,
    /// The interventions, applied each year in this order (see the models'
    /// `interventions` module for every field, unit, default and source).
    #[serde(default)]
    pub interventions: Vec<InterventionSpec>,
    /// Money available to all interventions together per year, CNY. Default: none.
    #[serde(default)]
    pub annual_budget_cny: Option<NonNegative>,
    /// Whether unspent strategy money carries over to the next year. Default false.
    #[serde(default)]
    pub budget_rollover: bool,
}

impl StrategySpec {
    /// The models' view of this strategy.
    pub fn params(&self) -> StrategyParams {
        StrategyParams {
            interventions: self.interventions.clone(),
            annual_budget_cny: self.annual_budget_cny,
            budget_rollover: self.budget_rollover,
        }
    }
}

/// Parameters of the procedural coastal-bay generator. Land lies to the north, the sea
/// to the south; between them a tidal flat slopes seaward, cut by meandering channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BayParams {
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Cell side, m.
    pub cell_size_m: f64,
    /// Map x of the west edge, m. Default 0.
    #[serde(default)]
    pub origin_x: f64,
    /// Map y of the north edge, m. Default 0.
    #[serde(default)]
    pub origin_y: f64,
    /// EPSG code of the map coordinates. Default none.
    #[serde(default)]
    pub epsg: Option<u32>,
    /// Fraction of the height that is land at the bay's head (its deepest point).
    pub shore_fraction: f64,
    /// Extra land fraction at the bay's flanks (headlands), 0 for a straight coast.
    pub headland_fraction: f64,
    /// Elevation at the shoreline, m rel. mean sea level.
    pub shore_elevation_m: f64,
    /// Elevation at the southern (seaward) edge, m.
    pub sea_elevation_m: f64,
    /// Rise of the land north of the shoreline, m per cell.
    pub land_slope_m_per_cell: f64,
    /// Amplitude of smooth relief noise, m.
    pub relief_m: f64,
    /// Number of tidal channels.
    pub channels: u16,
    /// Channel depth below the flat, m.
    pub channel_depth_m: f64,
    /// Channel half-width, cells.
    pub channel_half_width_cells: f64,
    /// Class of channel cells.
    pub channel_class: String,
    /// Land cover by elevation: the first band whose `up_to_m` is ≥ the cell's
    /// elevation gives its class. Cells above the last band take `land_class`.
    pub bands: Vec<ElevationBand>,
    /// Class of cells above every band.
    pub land_class: String,
    /// Patches stamped over the bands (e.g. mangrove stands, marsh, degraded land).
    #[serde(default)]
    pub patches: Vec<PatchSpec>,
}

/// Cells at or below `up_to_m` (and above the previous band) take `class`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElevationBand {
    /// Upper elevation of the band, m rel. mean sea level.
    pub up_to_m: f64,
    /// Class name.
    pub class: String,
}

/// `count` roughly circular patches of `class`, placed where the elevation fits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchSpec {
    /// Class name.
    pub class: String,
    /// Number of patches.
    pub count: u16,
    /// Mean radius, cells.
    pub radius_cells: f64,
    /// Elevation window for centres and cells, m rel. mean sea level.
    pub elevation_m: ElevationWindow,
}
