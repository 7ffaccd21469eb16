//! A site read from raster files: land cover (codes remapped to classes) and elevation,
//! checked for alignment, finiteness and data, with each problem located at the
//! scenario field that names the file.

use crate::error::Problem;
use crate::scenario::Scenario;
use crate::schema::RasterLayers;
use shanshui_engine::{Grid, Landscape};
use shanshui_gis::{Raster, ReadLimits, check_aligned, check_has_data, read_raster};
use shanshui_models::layers::{ClassTable, NODATA};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Land cover, elevation and georeference read from files.
pub struct RasterSite {
    /// Georeference of the layers.
    pub landscape: Landscape,
    /// Class indices, or nodata.
    pub cover: Grid<u8>,
    /// Elevation, m rel. mean sea level.
    pub elevation: Grid<f32>,
}

const AT: &str = "landscape.Rasters";

/// Reads and checks the layers of `layers`.
pub fn read_site(
    scenario: &Scenario,
    layers: &RasterLayers,
    classes: &ClassTable,
) -> Result<RasterSite, Vec<Problem>> {
    let problem = |field: &str, message: String| {
        vec![Problem {
            path: format!("{AT}.{field}"),
            at: None,
            message,
        }]
    };
    let land_cover =
        read_layer(scenario, &layers.land_cover).map_err(|m| problem("land_cover", m))?;
    check_has_data("land_cover", &land_cover).map_err(|e| problem("land_cover", e.to_string()))?;
    let elevation = match &layers.elevation {
        Some(path) => {
            let raster = read_layer(scenario, path).map_err(|m| problem("elevation", m))?;
            let georefs = [
                ("land_cover", land_cover.georef()),
                ("elevation", raster.georef()),
            ];
            check_aligned(&georefs).map_err(|errors| {
                errors
                    .iter()
                    .flat_map(|e| problem("elevation", e.to_string()))
                    .collect::<Vec<_>>()
            })?;
            check_has_data("elevation", &raster)
                .map_err(|e| problem("elevation", e.to_string()))?;
            Some(raster)
        }
        None => None,
    };
    let mut cover =
        class_indices(&land_cover, layers, classes).map_err(|m| problem("land_cover", m))?;
    let elevation = elevation_m(elevation.as_ref(), layers.elevation_offset_m, &mut cover);
    let mut landscape = *land_cover.georef();
    landscape.epsg = layers.epsg.or(landscape.epsg);
    Ok(RasterSite {
        landscape,
        cover,
        elevation,
    })
}

/// Reads one layer as `f64`, refusing paths outside the scenario's folder unless allowed.
fn read_layer(scenario: &Scenario, relative: &Path) -> Result<Raster<f64>, String> {
    let path = resolve(scenario, relative)?;
    let raster = read_raster(&path, ReadLimits::new(scenario.options.limits.max_cells))
        .map_err(|e| e.to_string())?;
    raster
        .convert::<f64>()
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// `relative` joined to the scenario's folder, checked to stay inside it.
fn resolve(scenario: &Scenario, relative: &Path) -> Result<PathBuf, String> {
    let path = scenario.base_dir.join(relative);
    if scenario.options.allow_outside {
        return Ok(path);
    }
    let base = scenario
        .base_dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", scenario.base_dir.display()))?;
    let full = path
        .canonicalize()
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if full.starts_with(&base) {
        Ok(full)
    } else {
        Err(format!(
            "{} lies outside the scenario's folder {}; move it there or pass --allow-outside",
            relative.display(),
            base.display()
        ))
    }
}

/// Class index of every cell, through `remap` when given, else by class code.
fn class_indices(
    raster: &Raster<f64>,
    layers: &RasterLayers,
    classes: &ClassTable,
) -> Result<Grid<u8>, String> {
    let lookup = |value: f64| -> Option<u8> {
        if value.fract() != 0.0 {
            return None;
        }
        if layers.remap.is_empty() {
            u8::try_from(value as i64)
                .ok()
                .and_then(|code| classes.index_of_code(code))
        } else {
            layers
                .remap
                .get(&(value as i64))
                .and_then(|name| classes.index_of(name))
        }
    };
    let mut unmapped = BTreeSet::new();
    let cover = raster.grid().map(|&v| {
        if raster.is_nodata(v) {
            return NODATA;
        }
        lookup(v).unwrap_or_else(|| {
            unmapped.insert(v.to_string());
            NODATA
        })
    });
    if unmapped.is_empty() {
        return Ok(cover);
    }
    let listed: Vec<String> = unmapped.into_iter().take(12).collect();
    let fix = if layers.remap.is_empty() {
        "give them a class (`classes`) or map them with `remap`"
    } else {
        "add them to `remap`"
    };
    Err(format!(
        "land-cover codes {} have no class; {fix}",
        listed.join(", ")
    ))
}

/// Elevation in m rel. mean sea level; cells that are NoData in it leave the study area.
fn elevation_m(raster: Option<&Raster<f64>>, offset_m: f64, cover: &mut Grid<u8>) -> Grid<f32> {
    let Some(raster) = raster else {
        return cover.map(|_| 0.0);
    };
    let values = raster.grid().as_slice();
    for (cell, &z) in cover.as_mut_slice().iter_mut().zip(values) {
        if raster.is_nodata(z) {
            *cell = NODATA;
        }
    }
    raster.grid().map(|&z| {
        if raster.is_nodata(z) {
            0.0
        } else {
            (z + offset_m) as f32
        }
    })
}

/// Reads an extra layer (a zone mask, management units) that must lie on the site's
/// grid; cells are `None` where the layer has NoData.
pub fn read_aligned(
    scenario: &Scenario,
    relative: &Path,
    site: &Landscape,
    at: &str,
) -> Result<Grid<Option<f64>>, Vec<Problem>> {
    let problem = |message: String| {
        vec![Problem {
            path: at.to_owned(),
            at: None,
            message,
        }]
    };
    let raster = read_layer(scenario, relative).map_err(problem)?;
    let name = relative.display().to_string();
    check_aligned(&[("landscape", site), (name.as_str(), raster.georef())]).map_err(|errors| {
        errors
            .iter()
            .flat_map(|e| problem(e.to_string()))
            .collect::<Vec<_>>()
    })?;
    Ok(raster.grid().map(|&v| (!raster.is_nodata(v)).then_some(v)))
}
