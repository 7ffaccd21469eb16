//! Writes the synthetic coastal test landscape (`land_cover.tif`, `elevation.tif`,
//! `legend.csv`) into a folder:
//!
//! ```text
//! cargo run -p shanshui-gis --example coastal_landscape -- <out-dir> [size] [seed]
//! ```
//!
//! Defaults: 256 × 256 cells of 10 m (EPSG:32650), seed 20240611.

use std::path::PathBuf;
use std::process::ExitCode;

use shanshui_gis::synthetic::{LEGEND, coastal_landscape, write_coastal_landscape};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: coastal_landscape <out-dir> [size] [seed]");
        return ExitCode::from(2);
    };
    let size = args.next().map_or(Ok(256), |s| s.parse::<usize>());
    let seed = args.next().map_or(Ok(20_240_611), |s| s.parse::<u64>());
    let (Ok(size), Ok(seed)) = (size, seed) else {
        eprintln!("error: size and seed must be whole numbers");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("error: cannot create {}: {e}", out.display());
        return ExitCode::from(1);
    }
    let landscape = coastal_landscape(size, size, seed);
    if let Err(e) = write_coastal_landscape(&out, &landscape) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let legend: String = std::iter::once("code,name,description\n".to_owned())
        .chain(
            LEGEND
                .iter()
                .map(|(code, name, what)| format!("{code},{name},\"{what}\"\n")),
        )
        .collect();
    if let Err(e) = std::fs::write(out.join("legend.csv"), legend) {
        eprintln!("error: cannot write legend.csv: {e}");
        return ExitCode::from(1);
    }
    println!(
        "wrote land_cover.tif, elevation.tif and legend.csv to {}",
        out.display()
    );
    ExitCode::SUCCESS
}
