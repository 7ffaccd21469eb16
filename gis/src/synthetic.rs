//! A synthetic but realistic coastal test landscape: a macro-tidal bay shore in UTM
//! zone 50N (EPSG:32650, the Xiamen area) with upland to the north, a tidal flat sloping
//! south to open water, meandering tidal channels, aquaculture ponds, and vegetation by
//! elevation band: native saltmarsh and mangrove high in the tidal frame, invading
//! *Spartina alterniflora* lower down. Deterministic for a given seed.
//!
//! Land-cover codes follow [`LEGEND`], as a remote-sensing product's would; a scenario
//! maps them to its own classes. Elevation is in metres relative to mean sea level
//! (tidal range about ±2.5 m).

use std::path::Path;

use shanshui_engine::{Grid, Landscape};

use crate::{GisError, Raster, write_geotiff};

/// Land-cover code of cells outside the study area.
pub const LAND_COVER_NODATA: u8 = 255;
/// Elevation of cells outside the study area.
pub const ELEVATION_NODATA: f32 = -9999.0;

/// Land-cover codes written by [`coastal_landscape`]: (code, name, description).
pub const LEGEND: &[(u8, &str, &str)] = &[
    (
        10,
        "upland",
        "terrestrial grass and shrub above the highest tides",
    ),
    (20, "mangrove", "Kandelia obovata / Avicennia marina stands"),
    (30, "spartina", "Spartina alterniflora marsh (invasive)"),
    (
        40,
        "saltmarsh",
        "native saltmarsh (Suaeda, Phragmites, Cyperus)",
    ),
    (50, "mudflat", "bare intertidal mud"),
    (60, "channel", "tidal creek"),
    (70, "water", "open water below low tide"),
    (80, "aquaculture", "diked aquaculture ponds"),
];

/// The two layers of the synthetic landscape, on the same grid.
#[derive(Debug, Clone, PartialEq)]
pub struct CoastalLandscape {
    /// Land-cover codes of [`LEGEND`], NoData [`LAND_COVER_NODATA`].
    pub land_cover: Raster<u8>,
    /// Elevation, m relative to mean sea level, NoData [`ELEVATION_NODATA`].
    pub elevation: Raster<f32>,
}

/// Generates a `width × height` landscape of 10 m cells (EPSG:32650) from `seed`.
pub fn coastal_landscape(width: usize, height: usize, seed: u64) -> CoastalLandscape {
    let georef = Landscape {
        width,
        height,
        cell_size_m: 10.0,
        origin_x: 590_000.0,
        origin_y: 2_710_000.0,
        epsg: Some(32650),
    };
    let noise = Noise { seed };
    let (mut z, mut cover) = (
        Vec::with_capacity(georef.cells()),
        Vec::with_capacity(georef.cells()),
    );
    for y in 0..height {
        for x in 0..width {
            let (fx, fy) = (x as f64 / width as f64, y as f64 / height as f64);
            let (elevation, code) = cell(&noise, fx, fy, (x, y), width);
            z.push(elevation);
            cover.push(code);
        }
    }
    let elevation = Grid::from_vec(width, height, z).expect("one value per cell");
    let land_cover = Grid::from_vec(width, height, cover).expect("one value per cell");
    CoastalLandscape {
        elevation: Raster::new(elevation, georef, Some(ELEVATION_NODATA)).expect("same size"),
        land_cover: Raster::new(land_cover, georef, Some(LAND_COVER_NODATA)).expect("same size"),
    }
}

/// Writes `land_cover.tif` and `elevation.tif` into `dir` (which must exist).
pub fn write_coastal_landscape(dir: &Path, landscape: &CoastalLandscape) -> Result<(), GisError> {
    let cover = &landscape.land_cover;
    write_geotiff(
        &dir.join("land_cover.tif"),
        cover.grid(),
        cover.georef(),
        cover.nodata(),
    )?;
    let z = &landscape.elevation;
    write_geotiff(&dir.join("elevation.tif"), z.grid(), z.georef(), z.nodata())
}

/// Elevation and land-cover code of cell (`x`, `y`), at fractions (`fx`, `fy`) of the
/// extent, in a grid `width` cells wide.
fn cell(noise: &Noise, fx: f64, fy: f64, (x, y): (usize, usize), width: usize) -> (f32, u8) {
    if fx > 0.85 && fy < 0.12 {
        return (ELEVATION_NODATA, LAND_COVER_NODATA); // outside the surveyed area
    }
    let (xf, yf) = (x as f64, y as f64);
    // Shoreline (mean sea level) as a fraction of the height, with two broad headlands.
    let shore = 0.45 + 0.07 * (std::f64::consts::TAU * 1.5 * fx + noise.phase()).sin();
    let slope = if fy < shore { 14.0 } else { 8.0 };
    let relief = 0.45 * noise.at(xf / 24.0, yf / 24.0, 1) + 0.15 * noise.at(xf / 7.0, yf / 7.0, 2);
    let mut z = slope * (shore - fy) + relief;
    let in_channel =
        fy > shore - 0.15 && z > -2.0 && channel_distance(noise, xf, yf, width as f64) < 1.6;
    if in_channel {
        z -= 1.8;
    }
    let code = classify(noise, z, in_channel, fx, x, y);
    (z as f32, code)
}

/// Distance in cells to the nearest of three meandering tidal creeks.
fn channel_distance(noise: &Noise, x: f64, y: f64, width: f64) -> f64 {
    [0.22, 0.52, 0.78]
        .iter()
        .enumerate()
        .map(|(k, &at)| {
            let centre = at * width + 7.0 * (y / 13.0 + k as f64 + noise.phase()).sin();
            (x - centre).abs()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Land-cover code from elevation (m rel. MSL), creeks, ponds and vegetation patches.
fn classify(noise: &Noise, z: f64, in_channel: bool, fx: f64, x: usize, y: usize) -> u8 {
    let patch = noise.at(x as f64 / 9.0, y as f64 / 9.0, 3);
    match z {
        _ if z < -2.2 => 70,
        _ if in_channel => 60,
        _ if fx < 0.25 && (1.8..4.2).contains(&z) => {
            if x.is_multiple_of(13) || y.is_multiple_of(9) {
                10
            } else {
                80
            } // ponds between dikes
        }
        _ if z < 0.4 => 50,
        _ if z < 1.6 && patch > 0.25 => 30,
        _ if z < 1.6 && patch < -0.45 => 20,
        _ if z < 1.6 => 50,
        _ if z < 2.8 && patch > 0.35 => 20,
        _ if z < 2.8 => 40,
        _ => 10,
    }
}

/// Smooth value noise in [-1, 1] on an integer lattice, keyed by seed and layer.
struct Noise {
    seed: u64,
}

impl Noise {
    /// A phase in [0, 2π) from the seed.
    fn phase(&self) -> f64 {
        unit(splitmix(self.seed)) * std::f64::consts::TAU
    }

    /// Noise at lattice coordinates (`x`, `y`) of layer `layer`.
    fn at(&self, x: f64, y: f64, layer: u64) -> f64 {
        let (x0, y0) = (x.floor(), y.floor());
        let (tx, ty) = (smooth(x - x0), smooth(y - y0));
        let corner = |dx: f64, dy: f64| {
            let key = self.seed ^ layer.wrapping_mul(0xA24B_AED4_963E_E407);
            let h = splitmix(
                key ^ splitmix((x0 + dx) as i64 as u64 ^ splitmix((y0 + dy) as i64 as u64)),
            );
            unit(h) * 2.0 - 1.0
        };
        let top = corner(0.0, 0.0) * (1.0 - tx) + corner(1.0, 0.0) * tx;
        let bottom = corner(0.0, 1.0) * (1.0 - tx) + corner(1.0, 1.0) * tx;
        top * (1.0 - ty) + bottom * ty
    }
}

fn smooth(t: f64) -> f64 {
    t * t * (3.0 - 2.0 * t)
}

/// SplitMix64 finaliser.
fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The top 53 bits as a float in [0, 1).
fn unit(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_legend_class_occurs_and_generation_is_deterministic() {
        let a = coastal_landscape(256, 256, 7);
        assert_eq!(a, coastal_landscape(256, 256, 7));
        let cells = a.land_cover.grid().as_slice();
        for &(code, name, _) in LEGEND {
            let n = cells.iter().filter(|&&c| c == code).count();
            assert!(n > 50, "class {name} ({code}) covers only {n} cells");
        }
        assert!(cells.contains(&LAND_COVER_NODATA));
        let z = a.elevation.grid().as_slice();
        let valid = z.iter().filter(|&&v| v != ELEVATION_NODATA);
        let (lo, hi) = valid.fold((f32::MAX, f32::MIN), |(l, h), &v| (l.min(v), h.max(v)));
        assert!(
            lo < -3.0 && hi > 4.0 && lo > -8.0 && hi < 9.0,
            "elevation {lo}..{hi}"
        );
    }
}
