//! A small but complete run folder written by hand: three strategies, summary, comparison
//! and KPI tables, classes, manifest, final land-cover maps (ASCII grid) and per-year
//! land-cover and probability layers (GeoTIFF), as `shanshui run` lays them out.

use std::fmt::Write as _;
use std::path::Path;

use shanshui_engine::{Grid, Landscape};

pub const STRATEGIES: [&str; 3] = ["natural_recovery", "removal", "removal_planting"];
pub const WIDTH: usize = 40;
pub const HEIGHT: usize = 30;
pub const CELL_M: f64 = 25.0;

pub const CLASSES_CSV: &str = "code,name,colour,habitat\n1,water,#1f5f8b,false\n2,mudflat,#c8b68e,false\n\
3,spartina,#d4c21c,false\n4,mangrove,#1b5e20,true\n5,upland,#9e9e9e,false\n";

fn georef() -> Landscape {
    Landscape {
        width: WIDTH,
        height: HEIGHT,
        cell_size_m: CELL_M,
        origin_x: 500_000.0,
        origin_y: 2_700_000.0,
        epsg: Some(32650),
    }
}

/// Land cover of `strategy` in `year`: water south, upland north, mudflat between, a
/// Spartina patch that shrinks under removal and mangrove that grows under planting.
/// Class 5 (upland) is absent from every map on purpose: legends list classes present.
pub fn land_cover(strategy: usize, year: u32) -> Grid<u8> {
    let mut grid = Grid::filled(WIDTH, HEIGHT, 2u8);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let cell = grid.get_mut(x, y);
            if y >= 22 {
                *cell = 1;
            } else if (x as i32 - 12).pow(2) + (y as i32 - 10).pow(2)
                < 30 - (strategy as i32 * year as i32)
            {
                *cell = 3;
            } else if strategy == 2 && x > 28 && y < 4 + year as usize {
                *cell = 4;
            }
        }
    }
    *grid.get_mut(0, 0) = 255; // one NoData cell
    grid
}

fn summary_csv() -> String {
    let mut csv = String::from("strategy,year,metric,mean,sd,p05,p50,p95,n\n");
    for (s, strategy) in STRATEGIES.iter().enumerate() {
        for year in 0..=10 {
            let spartina = 100.0 + 8.0 * f64::from(year) - 9.0 * s as f64 * f64::from(year);
            let mangrove = 20.0 + f64::from(year) * (1.0 + 3.0 * (s == 2) as u8 as f64);
            for (metric, mean) in [
                ("spartina_area_ha", spartina),
                ("mangrove_area_ha", mangrove),
            ] {
                let spread = 2.0 + f64::from(year);
                writeln!(
                    csv,
                    "{strategy},{year},{metric},{mean},1,{},{mean},{},4",
                    mean - spread,
                    mean + spread
                )
                .unwrap();
            }
        }
    }
    csv
}

fn comparison_csv() -> String {
    let mut csv = String::from("strategy,year,metric,mean_diff,ci95_low,ci95_high,n\n");
    for (s, strategy) in STRATEGIES.iter().enumerate().skip(1) {
        for year in 0..=10 {
            let diff = -17.0 * s as f64 * f64::from(year) / 2.0;
            writeln!(
                csv,
                "{strategy},{year},spartina_area_ha,{diff},{},{},4",
                diff - 5.0,
                diff + 5.0
            )
            .unwrap();
        }
    }
    csv
}

const KPIS_CSV: &str = "strategy,kpi,mean,ci95_low,ci95_high\n\
natural_recovery,cost_total_cny,0,0,0\nnatural_recovery,spartina_remaining_pct,180,170,190\n\
natural_recovery,area_restored_ha,0,0,0\n\
removal,cost_total_cny,2000000,1800000,2200000\nremoval,spartina_remaining_pct,40,30,50\n\
removal,area_restored_ha,50,40,60\n\
removal_planting,cost_total_cny,5000000,4600000,5400000\nremoval_planting,spartina_remaining_pct,45,35,55\n\
removal_planting,area_restored_ha,120,100,140\n";

const MANIFEST: &str = r#"{"tool":"shanshui","version":"0.1.0","scenario":{"name":"fixture-bay","sha256":"abc"},
"seed":7,"replicates":4,"years":10,"strategies":["natural_recovery","removal","removal_planting"],
"command_line":["shanshui","run"]}"#;

/// Writes the run folder into `dir`.
pub fn write_run(dir: &Path) {
    std::fs::write(dir.join("summary.csv"), summary_csv()).unwrap();
    std::fs::write(dir.join("comparison.csv"), comparison_csv()).unwrap();
    std::fs::write(dir.join("kpis.csv"), KPIS_CSV).unwrap();
    std::fs::write(dir.join("classes.csv"), CLASSES_CSV).unwrap();
    std::fs::write(dir.join("manifest.json"), MANIFEST).unwrap();
    std::fs::write(
        dir.join("scenario.ron"),
        "(name: \"fixture-bay\", years: 10)\n",
    )
    .unwrap();
    let maps = dir.join("maps");
    for (s, strategy) in STRATEGIES.iter().enumerate() {
        std::fs::create_dir_all(maps.join(strategy)).unwrap();
        let path = maps.join(format!("{strategy}.asc"));
        shanshui_gis::write_ascii_grid(&path, &land_cover(s, 10), &georef(), Some(255u8)).unwrap();
        for year in [0, 5, 10] {
            let path = maps.join(strategy).join(format!("land_cover-{year}.tif"));
            shanshui_gis::write_geotiff(&path, &land_cover(s, year), &georef(), Some(255u8))
                .unwrap();
        }
        let p = land_cover(s, 10).map(|&c| {
            if c == 3 {
                0.9f32
            } else if c == 255 {
                -1.0
            } else {
                0.1
            }
        });
        let path = maps.join(strategy).join("p_spartina-10.tif");
        shanshui_gis::write_geotiff(&path, &p, &georef(), Some(-1.0f32)).unwrap();
    }
}
