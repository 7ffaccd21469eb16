//! Map outputs: the final land cover of replicate 0 as an ESRI ASCII grid
//! (`maps/<strategy>.asc`), and GeoTIFFs at each map year under `maps/<strategy>/`:
//! `land_cover-<year>.tif` (replicate 0, class codes), `spartina_cover-<year>.tif`
//! (replicate 0, cover fraction, when the coastal models run) and
//! `<class>_probability-<year>.tif` (share of replicates in which each cell is of the
//! class), all with the landscape's georeference and NoData.

use crate::exit::{CliResult, failure};
use crate::output::Staging;
use rayon::prelude::*;
use shanshui_engine::Grid;
use shanshui_gis::{write_ascii_grid, write_geotiff};
use shanshui_models::layers::NODATA;
use shanshui_scenarios::{ReplicateRun, Scenario, Site};

/// NoData of fraction and probability maps.
const PROBABILITY_NODATA: f32 = -9999.0;

/// Writes the maps of `strategy` from its replicates `runs` (replicate 0 first).
pub fn write_maps(
    staging: &Staging,
    scenario: &Scenario,
    site: &Site,
    strategy: &str,
    runs: &[ReplicateRun],
) -> CliResult {
    let Some(first) = runs.first() else {
        return Ok(());
    };
    let georef = &site.landscape;
    if let Some(last) = first.snapshots.last() {
        let path = staging.path(&format!("maps/{strategy}.asc"))?;
        write_ascii_grid(&path, &last.land_cover, georef, Some(NODATA)).map_err(failure)?;
    }
    // Map years are independent files: encode them in parallel.
    first
        .snapshots
        .par_iter()
        .enumerate()
        .try_for_each(|(i, snapshot)| {
            let year = snapshot.year;
            let path = staging.path(&format!("maps/{strategy}/land_cover-{year}.tif"))?;
            write_geotiff(&path, &snapshot.land_cover, georef, Some(NODATA)).map_err(failure)?;
            if let Some(cover) = &snapshot.spartina_cover {
                let cover = masked(cover, &snapshot.land_cover);
                let path = staging.path(&format!("maps/{strategy}/spartina_cover-{year}.tif"))?;
                write_geotiff(&path, &cover, georef, Some(PROBABILITY_NODATA)).map_err(failure)?;
            }
            for class in &scenario.file.outputs.presence_classes {
                let code = site
                    .classes
                    .index_of(class)
                    .and_then(|i| site.classes.get(i))
                    .map_or(NODATA, |c| c.code);
                let probability = presence_probability(runs, i, code);
                let path =
                    staging.path(&format!("maps/{strategy}/{class}_probability-{year}.tif"))?;
                write_geotiff(&path, &probability, georef, Some(PROBABILITY_NODATA))
                    .map_err(failure)?;
            }
            Ok(())
        })
}

/// `values` with NoData where the land cover is nodata.
fn masked(values: &Grid<f32>, cover: &Grid<u8>) -> Grid<f32> {
    let mut codes = cover.as_slice().iter();
    values.map(|&v| {
        if codes.next() == Some(&NODATA) {
            PROBABILITY_NODATA
        } else {
            v
        }
    })
}

/// Per cell, the share of `runs` whose snapshot `index` holds class `code`.
fn presence_probability(runs: &[ReplicateRun], index: usize, code: u8) -> Grid<f32> {
    let first = &runs[0].snapshots[index].land_cover;
    let mut counts = first.map(|_| 0u32);
    for run in runs {
        let cover = run.snapshots[index].land_cover.as_slice();
        counts
            .as_mut_slice()
            .iter_mut()
            .zip(cover)
            .for_each(|(n, &c)| *n += u32::from(c == code));
    }
    let n = runs.len() as f32;
    let mut cells = counts.as_slice().iter().zip(first.as_slice());
    first.map(|_| {
        let (&count, &c) = cells.next().expect("same shape");
        if c == NODATA {
            PROBABILITY_NODATA
        } else {
            count as f32 / n
        }
    })
}
