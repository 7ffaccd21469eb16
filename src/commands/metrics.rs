//! `shanshui metrics`: connectivity of one land-cover map, printed as JSON.

use crate::cli::{MetricsArgs, Neighbours};
use crate::exit::{CliResult, bad_input, failure};
use anyhow::{Context, anyhow};
use shanshui_connectivity::{
    ConnectivityParams, DistanceMetric, HabitatClasses, NODATA, Neighbourhood, ResistanceTable,
    analyse,
};
use shanshui_engine::Grid;
use shanshui_gis::{ReadLimits, read_raster};

/// Reads the raster, analyses it and prints the report.
pub fn metrics(args: &MetricsArgs) -> CliResult {
    let raster = read_raster(&args.raster, ReadLimits::new(args.max_cells)).map_err(bad_input)?;
    let cover = class_codes(&raster)
        .with_context(|| format!("{}", args.raster.display()))
        .map_err(bad_input)?;
    let habitat = HabitatClasses::from_codes(&args.habitat).map_err(bad_input)?;
    let absent = habitat.absent_from(&cover);
    if !absent.is_empty() {
        return Err(bad_input(anyhow!(
            "{}: habitat code{} {:?} not found in the map; check --habitat against the raster's codes",
            args.raster.display(),
            if absent.len() == 1 { "" } else { "s" },
            absent
        )));
    }
    let params = params(args)?;
    let report = analyse(&cover, raster.georef(), &habitat, &params).map_err(bad_input)?;
    println!(
        "{}",
        serde_json::to_string_pretty(&report).map_err(failure)?
    );
    Ok(())
}

fn params(args: &MetricsArgs) -> CliResult<ConnectivityParams> {
    let mut params = ConnectivityParams::new(args.d50);
    params.link_distance_m = args.link_distance;
    params.neighbourhood = match args.neighbours {
        Neighbours::Four => Neighbourhood::Four,
        Neighbours::Eight => Neighbourhood::Eight,
    };
    params.per_patch = args.patches;
    if !args.resistance.is_empty() {
        params.distance = DistanceMetric::LeastCost(resistance(&args.resistance)?);
    }
    Ok(params)
}

/// Parses `CODE=VALUE` and `CODE=barrier` items over a default resistance of 1.
fn resistance(items: &[String]) -> CliResult<ResistanceTable> {
    let mut table = ResistanceTable::uniform(1.0).map_err(bad_input)?;
    for item in items {
        let parsed = item
            .split_once('=')
            .and_then(|(code, value)| Some((code.trim().parse::<u8>().ok()?, value.trim())));
        let Some((code, value)) = parsed else {
            return Err(bad_input(anyhow!(
                "--resistance item `{item}` is not CODE=VALUE (e.g. 3=10 or 9=barrier)"
            )));
        };
        table = if value == "barrier" {
            table.with_barrier(code)
        } else {
            let value: f64 = value.parse().map_err(|_| {
                bad_input(anyhow!(
                    "--resistance item `{item}`: `{value}` is not a number"
                ))
            })?;
            table.with_class(code, value).map_err(bad_input)?
        };
    }
    Ok(table)
}

/// The raster's cells as class codes 0–254, NoData as 255.
fn class_codes(raster: &shanshui_gis::AnyRaster) -> anyhow::Result<Grid<u8>> {
    let values = raster.convert::<f64>()?;
    let nodata = values.nodata();
    let grid = values.grid();
    let mut codes = Vec::with_capacity(grid.len());
    for (i, &v) in grid.as_slice().iter().enumerate() {
        if nodata.is_some_and(|n| n == v || (n.is_nan() && v.is_nan())) {
            codes.push(NODATA);
        } else if v.fract() == 0.0 && (0.0..255.0).contains(&v) {
            codes.push(v as u8);
        } else {
            let (x, y) = (i % grid.width(), i / grid.width());
            return Err(anyhow!(
                "cell (x {x}, y {y}) holds {v}, which is not a class code 0–254"
            ));
        }
    }
    Ok(Grid::from_vec(grid.width(), grid.height(), codes).expect("one code per cell"))
}
