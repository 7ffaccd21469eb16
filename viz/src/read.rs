//! Reading a run's record files: `summary.csv`, `comparison.csv`, `kpis.csv`,
//! `classes.csv`, `manifest.json` and the land-cover and probability maps. Columns are
//! matched by header name, so their order does not matter; extra columns are ignored.

use std::path::Path;

use plotters::style::RGBColor;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use shanshui_engine::Grid;
use shanshui_gis::ReadLimits;

use crate::error::VizError;
use crate::palette::parse_hex_colour;

/// One row of `summary.csv`: a metric's distribution across replicates in one year.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SummaryRow {
    /// Strategy name.
    pub strategy: String,
    /// Simulated year.
    pub year: f64,
    /// Metric name, e.g. `spartina_area_ha`.
    pub metric: String,
    /// Mean across replicates.
    pub mean: f64,
    /// Standard deviation across replicates.
    pub sd: f64,
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Number of replicates.
    pub n: u64,
}

/// One row of `comparison.csv`: the paired difference strategy − natural recovery.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ComparisonRow {
    /// Strategy name (never the baseline).
    pub strategy: String,
    /// Simulated year.
    pub year: f64,
    /// Metric name.
    pub metric: String,
    /// Mean of the per-replicate differences.
    pub mean_diff: f64,
    /// Lower end of the 95 % confidence interval of the mean difference.
    pub ci95_low: f64,
    /// Upper end of the 95 % confidence interval.
    pub ci95_high: f64,
    /// Number of replicate pairs.
    pub n: u64,
}

/// One row of `kpis.csv`: a key performance indicator of a strategy at the end of a run.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct KpiRow {
    /// Strategy name.
    pub strategy: String,
    /// Indicator name, e.g. `cost_cumulative_cny`.
    pub kpi: String,
    /// Mean across replicates.
    pub mean: f64,
    /// Lower end of the 95 % confidence interval.
    pub ci95_low: f64,
    /// Upper end of the 95 % confidence interval.
    pub ci95_high: f64,
}

/// One land-cover class from `classes.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassEntry {
    /// The code stored in land-cover maps.
    pub code: u8,
    /// Class name.
    pub name: String,
    /// Map colour.
    pub colour: RGBColor,
    /// Whether the class counts as habitat.
    pub habitat: bool,
}

#[derive(Deserialize)]
struct RawClass {
    code: u8,
    name: String,
    colour: String,
    habitat: bool,
}

/// Reads every record of a CSV file with a header row into `T`.
pub fn read_csv<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, VizError> {
    let csv_error = |source| VizError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = csv::Reader::from_path(path).map_err(csv_error)?;
    reader
        .deserialize()
        .map(|row| row.map_err(csv_error))
        .collect()
}

/// Reads `summary.csv`.
pub fn read_summary(path: &Path) -> Result<Vec<SummaryRow>, VizError> {
    read_csv(path)
}

/// Reads `comparison.csv`.
pub fn read_comparison(path: &Path) -> Result<Vec<ComparisonRow>, VizError> {
    read_csv(path)
}

/// Reads `kpis.csv`.
pub fn read_kpis(path: &Path) -> Result<Vec<KpiRow>, VizError> {
    read_csv(path)
}

/// Reads `classes.csv`, checking that each colour is `#rrggbb`.
pub fn read_classes(path: &Path) -> Result<Vec<ClassEntry>, VizError> {
    let raw: Vec<RawClass> = read_csv(path)?;
    raw.into_iter()
        .enumerate()
        .map(|(index, class)| {
            let colour = parse_hex_colour(&class.colour).ok_or_else(|| VizError::BadValue {
                path: path.to_path_buf(),
                line: index as u64 + 2,
                message: format!(
                    "colour {:?} of class {:?} is not of the form #rrggbb",
                    class.colour, class.name
                ),
            })?;
            Ok(ClassEntry {
                code: class.code,
                name: class.name,
                colour,
                habitat: class.habitat,
            })
        })
        .collect()
}

/// The fields of `manifest.json`, flattened to `(dotted.key, value)` pairs in key order;
/// arrays of plain values are joined with spaces.
pub fn read_manifest(path: &Path) -> Result<Vec<(String, String)>, VizError> {
    let text = std::fs::read_to_string(path).map_err(VizError::io(path))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|source| VizError::Json {
            path: path.to_path_buf(),
            source,
        })?;
    let mut fields = Vec::new();
    flatten_json("", &value, &mut fields);
    Ok(fields)
}

fn flatten_json(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten_json(&path, child, out);
            }
        }
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            let joined: Vec<String> = items.iter().map(json_scalar).collect();
            out.push((prefix.to_string(), joined.join(" ")));
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                flatten_json(&format!("{prefix}.{index}"), child, out);
            }
        }
        scalar => out.push((prefix.to_string(), json_scalar(scalar))),
    }
}

fn json_scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A map read from a run folder: its cells (`None` where NoData) and cell size.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLayer<T> {
    /// Cells, row-major from the north-west corner.
    pub cells: Grid<Option<T>>,
    /// Side of a cell in metres (for the scale bar).
    pub cell_size_m: f64,
}

/// Reads a land-cover map (class codes) from an ESRI ASCII grid or a GeoTIFF.
pub fn read_land_cover(path: &Path) -> Result<MapLayer<u8>, VizError> {
    let raster = shanshui_gis::read_raster_as::<u8>(path, ReadLimits::default())?;
    Ok(MapLayer {
        cells: raster.grid().map(|&v| (!raster.is_nodata(v)).then_some(v)),
        cell_size_m: raster.georef().cell_size_m,
    })
}

/// Reads a continuous map (probability, cover fraction) from an ESRI ASCII grid or a
/// GeoTIFF. NoData and non-finite cells become `None`.
pub fn read_continuous(path: &Path) -> Result<MapLayer<f64>, VizError> {
    let raster = shanshui_gis::read_raster_as::<f64>(path, ReadLimits::default())?;
    Ok(MapLayer {
        cells: raster
            .grid()
            .map(|&v| (!raster.is_nodata(v) && v.is_finite()).then_some(v)),
        cell_size_m: raster.georef().cell_size_m,
    })
}
