//! A procedural coastal bay, seeded: land to the north with headlands, a tidal flat
//! sloping seaward to the south, meandering tidal channels, smooth relief, land cover
//! by elevation band, and patches (stands, marshes, degraded ground) stamped on top.

use crate::schema::{BayParams, PatchSpec};
use shanshui_engine::{Grid, RunSeed, StreamId, StreamKey, mix64};
use shanshui_models::layers::ClassTable;

const TERRAIN: StreamId = StreamId(0xBA7);

/// Generated elevation (m rel. mean sea level) and land cover (class indices).
pub struct BayMaps {
    /// Elevation per cell, m.
    pub elevation: Grid<f32>,
    /// Class index per cell.
    pub cover: Grid<u8>,
}

/// Generates the bay described by `params`. Class names must exist in `classes`
/// (validation guarantees it).
pub fn generate(params: &BayParams, classes: &ClassTable, seed: u64) -> BayMaps {
    let key = RunSeed::for_replicate(seed, 0).key(TERRAIN, 0);
    let mut elevation = terrain(params, key);
    let channel = carve_channels(params, key, &mut elevation);
    let class = |name: &str| classes.index_of(name).unwrap_or(0);
    let bands: Vec<(f32, u8)> = params
        .bands
        .iter()
        .map(|b| (b.up_to_m as f32, class(&b.class)))
        .collect();
    let land = class(&params.land_class);
    let channel_class = class(&params.channel_class);
    let mut cover = Grid::from_vec(
        params.width,
        params.height,
        elevation
            .as_slice()
            .iter()
            .zip(channel.as_slice())
            .map(|(&z, &in_channel)| {
                if in_channel {
                    channel_class
                } else {
                    bands
                        .iter()
                        .find(|(up_to, _)| z <= *up_to)
                        .map_or(land, |&(_, c)| c)
                }
            })
            .collect(),
    )
    .expect("cover has one value per cell");
    for (i, patch) in params.patches.iter().enumerate() {
        stamp_patches(
            patch,
            class(&patch.class),
            key.derive(i as u64),
            &elevation,
            &channel,
            &mut cover,
        );
    }
    BayMaps { elevation, cover }
}

/// Shoreline row (fractional) at column `x`: deepest at the bay's head, rising to the
/// headlands at the flanks.
fn shoreline(params: &BayParams, x: usize) -> f64 {
    let u = (x as f64 + 0.5) / params.width as f64 * 2.0 - 1.0;
    let flank = u * u;
    params.height as f64 * (params.shore_fraction + params.headland_fraction * flank)
}

fn terrain(params: &BayParams, key: StreamKey) -> Grid<f32> {
    let (w, h) = (params.width, params.height);
    let mut z = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let shore = shoreline(params, x);
            let yc = y as f64 + 0.5;
            let base = if yc < shore {
                params.shore_elevation_m + (shore - yc) * params.land_slope_m_per_cell
            } else {
                let d = ((yc - shore) / (h as f64 - shore).max(1.0)).clamp(0.0, 1.0);
                params.shore_elevation_m
                    + (params.sea_elevation_m - params.shore_elevation_m) * d.powf(0.8)
            };
            z.push(
                (base + params.relief_m * relief(key, x as f64, y as f64, w.max(h) as f64)) as f32,
            );
        }
    }
    Grid::from_vec(w, h, z).expect("one elevation per cell")
}

/// Smooth value noise in about [−1, 1]: two octaves on lattices of 1/8 and 1/24 of the map.
fn relief(key: StreamKey, x: f64, y: f64, size: f64) -> f64 {
    0.7 * value_noise(key, x / (size / 8.0), y / (size / 8.0), 0)
        + 0.3 * value_noise(key, x / (size / 24.0), y / (size / 24.0), 1)
}

fn value_noise(key: StreamKey, x: f64, y: f64, octave: u64) -> f64 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (smooth(x - x0), smooth(y - y0));
    let lattice = |i: f64, j: f64| {
        let cell = mix64((i as i64 as u64) ^ mix64((j as i64 as u64) ^ (octave << 56)));
        key.uniform(cell) * 2.0 - 1.0
    };
    let top = lattice(x0, y0) * (1.0 - fx) + lattice(x0 + 1.0, y0) * fx;
    let bottom = lattice(x0, y0 + 1.0) * (1.0 - fx) + lattice(x0 + 1.0, y0 + 1.0) * fx;
    top * (1.0 - fy) + bottom * fy
}

fn smooth(t: f64) -> f64 {
    t * t * (3.0 - 2.0 * t)
}

/// Carves meandering channels from the shoreline to the sea; returns the channel mask.
fn carve_channels(params: &BayParams, key: StreamKey, z: &mut Grid<f32>) -> Grid<bool> {
    let (w, h) = (params.width, params.height);
    let mut mask = Grid::filled(w, h, false);
    let half = params.channel_half_width_cells.max(0.5);
    for c in 0..u64::from(params.channels) {
        let mut rng = key.derive(1000 + c).rng(0);
        let mut x =
            (c as f64 + 0.5 + 0.6 * (rng.uniform() - 0.5)) * w as f64 / f64::from(params.channels);
        let mut heading = 0.0f64;
        let start = shoreline(params, x.clamp(0.0, w as f64 - 1.0) as usize).floor() as usize;
        for y in start.min(h)..h {
            heading = (0.85 * heading + 0.6 * (rng.uniform() - 0.5)).clamp(-1.0, 1.0);
            x = (x + heading).clamp(0.0, w as f64 - 1.0);
            // Channels widen seaward.
            let widen = 1.0 + (y - start) as f64 / (h - start).max(1) as f64;
            let r = half * widen;
            let (lo, hi) = (
                (x - r).floor().max(0.0) as usize,
                ((x + r).ceil() as usize).min(w - 1),
            );
            for cx in lo..=hi {
                let depth =
                    params.channel_depth_m * (1.0 - ((cx as f64 - x).abs() / (r + 1.0)).powi(2));
                let cell = z.get_mut(cx, y);
                *cell = cell.min((f64::from(*cell) - depth.max(0.0)) as f32);
                *mask.get_mut(cx, y) = true;
            }
        }
    }
    mask
}

/// Stamps `spec.count` noisy discs of `class` centred on cells inside the elevation
/// window; only cells inside the window (and outside channels) change.
fn stamp_patches(
    spec: &PatchSpec,
    class: u8,
    key: StreamKey,
    z: &Grid<f32>,
    channel: &Grid<bool>,
    cover: &mut Grid<u8>,
) {
    let (w, h) = (z.width(), z.height());
    let fits = |x: usize, y: usize| {
        let e = f64::from(*z.get(x, y));
        e >= spec.elevation_m.min && e <= spec.elevation_m.max && !channel.get(x, y)
    };
    let mut rng = key.rng(0);
    let mut placed = 0;
    for _ in 0..u32::from(spec.count) * 200 {
        if placed == spec.count {
            break;
        }
        let (cx, cy) = (
            (rng.uniform() * w as f64) as usize,
            (rng.uniform() * h as f64) as usize,
        );
        if !fits(cx, cy) {
            continue;
        }
        placed += 1;
        let r = spec.radius_cells * (0.6 + 0.8 * rng.uniform());
        let (x0, x1) = (
            (cx as f64 - r).floor().max(0.0) as usize,
            ((cx as f64 + r).ceil() as usize).min(w - 1),
        );
        let (y0, y1) = (
            (cy as f64 - r).floor().max(0.0) as usize,
            ((cy as f64 + r).ceil() as usize).min(h - 1),
        );
        for y in y0..=y1 {
            for x in x0..=x1 {
                let d = ((x as f64 - cx as f64).powi(2) + (y as f64 - cy as f64).powi(2)).sqrt();
                let ragged = r * (0.85 + 0.3 * key.uniform(mix64((x * h + y) as u64)));
                if d <= ragged && fits(x, y) {
                    *cover.get_mut(x, y) = class;
                }
            }
        }
    }
}
