//! Finding the maps of a run folder: the final land cover per strategy
//! (`maps/<strategy>.asc` or `.tif`) and per-year layers
//! (`maps/<strategy>/<layer>-<year>.tif` or `.asc`). Listings are sorted, so what is found
//! never depends on the order the file system returns.

use std::path::{Path, PathBuf};

use crate::error::VizError;

/// Extensions of raster files that the map readers accept.
const RASTER_EXTENSIONS: [&str; 4] = ["asc", "tif", "tiff", "gtiff"];

/// A per-year map layer of one strategy.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerFile {
    /// Strategy name (the folder).
    pub strategy: String,
    /// Layer name, e.g. `land_cover`, `spartina_cover`, `p_spartina`.
    pub layer: String,
    /// Simulated year.
    pub year: f64,
    /// The file.
    pub path: PathBuf,
}

impl LayerFile {
    /// Whether the layer holds land-cover class codes rather than continuous values.
    pub fn is_land_cover(&self) -> bool {
        is_land_cover_layer(&self.layer)
    }
}

/// Whether a layer named `layer` holds class codes (`land_cover`, `landcover`).
pub fn is_land_cover_layer(layer: &str) -> bool {
    let lower = layer.to_ascii_lowercase();
    lower.contains("land_cover") || lower.contains("landcover")
}

/// The maps found in a run folder.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunMaps {
    /// Final land cover per strategy, sorted by strategy name.
    pub final_land_cover: Vec<(String, PathBuf)>,
    /// Per-year layers, sorted by strategy, layer and year.
    pub layers: Vec<LayerFile>,
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, VizError> {
    let mut paths = std::fs::read_dir(dir)
        .map_err(VizError::io(dir))?
        .map(|entry| entry.map(|e| e.path()).map_err(VizError::io(dir)))
        .collect::<Result<Vec<_>, _>>()?;
    paths.sort();
    Ok(paths)
}

fn raster_stem(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !RASTER_EXTENSIONS.contains(&ext.as_str()) || !path.is_file() {
        return None;
    }
    let stem = path.file_stem()?.to_str()?;
    (!stem.starts_with('.')).then(|| stem.to_string())
}

/// Lists the maps under `run_dir/maps`; an absent folder gives no maps.
pub fn find_maps(run_dir: &Path) -> Result<RunMaps, VizError> {
    let maps_dir = run_dir.join("maps");
    let mut found = RunMaps::default();
    if !maps_dir.is_dir() {
        return Ok(found);
    }
    for path in sorted_entries(&maps_dir)? {
        if path.is_dir() {
            let Some(strategy) = path
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            for file in sorted_entries(&path)? {
                let Some(stem) = raster_stem(&file) else {
                    continue;
                };
                let Some((layer, year)) = stem.rsplit_once('-') else {
                    continue;
                };
                let Ok(year) = year.parse::<f64>() else {
                    continue;
                };
                found.layers.push(LayerFile {
                    strategy: strategy.clone(),
                    layer: layer.to_string(),
                    year,
                    path: file,
                });
            }
        } else if let Some(strategy) = raster_stem(&path) {
            // Two formats of the same map: keep the first in sorted order (.asc before .tif).
            if !found.final_land_cover.iter().any(|(s, _)| *s == strategy) {
                found.final_land_cover.push((strategy, path));
            }
        }
    }
    found.layers.sort_by(|a, b| {
        (a.strategy.as_str(), a.layer.as_str())
            .cmp(&(b.strategy.as_str(), b.layer.as_str()))
            .then(a.year.total_cmp(&b.year))
    });
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_final_maps_and_yearly_layers_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let maps = dir.path().join("maps");
        std::fs::create_dir_all(maps.join("removal")).unwrap();
        for name in ["natural_recovery.asc", "removal.asc", "notes.txt"] {
            std::fs::write(maps.join(name), "").unwrap();
        }
        for name in [
            "land_cover-10.tif",
            "land_cover-2.tif",
            "p_spartina-10.tif",
            "junk.tif",
        ] {
            std::fs::write(maps.join("removal").join(name), "").unwrap();
        }
        let found = find_maps(dir.path()).unwrap();
        let finals: Vec<&str> = found
            .final_land_cover
            .iter()
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(finals, ["natural_recovery", "removal"]);
        let layers: Vec<(&str, f64, bool)> = found
            .layers
            .iter()
            .map(|l| (l.layer.as_str(), l.year, l.is_land_cover()))
            .collect();
        assert_eq!(
            layers,
            [
                ("land_cover", 2.0, true),
                ("land_cover", 10.0, true),
                ("p_spartina", 10.0, false)
            ]
        );
    }
}
