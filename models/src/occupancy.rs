//! Patch occupancy as a probabilistic cellular automaton (a discrete-time contact
//! process): each year an empty cell becomes occupied with probability
//! `1 − (1 − p)^k`, where `k` is the number of occupied cells among its 8 neighbours
//! (independent colonisation attempts), and an occupied cell empties with probability
//! `q` (local extinction). Cells beyond the map edge count as empty.
//!
//! It is the reference workload of the performance suite (the same automaton is
//! implemented in numpy in `benches/peers/`), and a minimal metapopulation model:
//! with `p` small, occupancy persists roughly when `8p > q` (mean field).
//!
//! The kernel is branch-light: per row band a column-sum buffer gives `k` in two
//! adds, and one table of 18 thresholds (state × k) turns a 32-bit counter-based
//! draw into the new state with one comparison.

use crate::streams;
use bevy_ecs::prelude::*;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use shanshui_engine::{
    DoubleBuffered, Grid, Landscape, Plugin, Probability, Recorder, RunSeed, Sim, SimClock, SimSet,
    StreamKey,
};

/// Parameters of the occupancy automaton.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OccupancyParams {
    /// Colonisation probability per occupied neighbour per year, `p` (1/yr).
    pub colonisation_per_neighbour: Probability,
    /// Local extinction probability per year, `q` (1/yr).
    pub extinction_per_year: Probability,
}

/// Occupancy per cell: 1 occupied, 0 empty.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Occupancy(pub DoubleBuffered<u8>);

/// The occupancy automaton and its initial state.
pub struct OccupancyPlugin {
    /// Its parameters.
    pub params: OccupancyParams,
    /// Initial occupancy (0 or 1 per cell).
    pub initial: Grid<u8>,
}

/// Thresholds on a uniform `u32`: the new state is 1 when the draw is below
/// `thresholds[state * 9 + k]`.
#[derive(Resource, Debug, Clone, PartialEq)]
struct Thresholds([u64; 18]);

impl Thresholds {
    fn new(params: &OccupancyParams) -> Self {
        let (p, q) = (
            params.colonisation_per_neighbour.get(),
            params.extinction_per_year.get(),
        );
        let scale = |probability: f64| (probability * 4_294_967_296.0).round() as u64;
        let mut t = [0; 18];
        for k in 0..9 {
            t[k] = scale(1.0 - (1.0 - p).powi(k as i32));
            t[9 + k] = scale(1.0 - q);
        }
        Self(t)
    }
}

impl Plugin for OccupancyPlugin {
    fn build(&self, sim: &mut Sim) {
        sim.world.insert_resource(Thresholds::new(&self.params));
        sim.world
            .insert_resource(Occupancy(DoubleBuffered::new(self.initial.clone())));
        sim.add_systems((
            update_occupancy.in_set(SimSet::Growth),
            commit_occupancy.in_set(SimSet::Commit),
        ));
        sim.add_recorder(record_occupancy);
    }
}

/// Rows per parallel band (the column-sum buffer is allocated once per band).
const BAND_ROWS: usize = 32;

/// One year of colonisation and extinction. Reads the committed occupancy, writes the
/// next one; each cell's draw is keyed by (replicate, year, cell).
fn update_occupancy(
    thresholds: Res<Thresholds>,
    clock: Res<SimClock>,
    seed: Res<RunSeed>,
    mut occupancy: ResMut<Occupancy>,
) {
    let key = seed.key(streams::OCCUPANCY, clock.step());
    let (current, next) = occupancy.0.split_mut();
    let width = current.width();
    next.as_mut_slice()
        .par_chunks_mut(width * BAND_ROWS)
        .enumerate()
        .for_each(|(band, rows)| {
            let mut column_sums = vec![0u8; width + 2];
            for (dy, out) in rows.chunks_mut(width).enumerate() {
                update_row(
                    current,
                    band * BAND_ROWS + dy,
                    &thresholds.0,
                    key,
                    &mut column_sums,
                    out,
                );
            }
        });
}

/// Updates row `y` into `out`; `sums` is scratch of `width + 2` cells.
#[inline]
fn update_row(
    grid: &Grid<u8>,
    y: usize,
    thresholds: &[u64; 18],
    key: StreamKey,
    sums: &mut [u8],
    out: &mut [u8],
) {
    let width = grid.width();
    let row = grid.row(y);
    let inner = &mut sums[1..=width];
    inner.copy_from_slice(row);
    for neighbour in [y.checked_sub(1), Some(y + 1).filter(|&b| b < grid.height())]
        .into_iter()
        .flatten()
    {
        inner
            .iter_mut()
            .zip(grid.row(neighbour))
            .for_each(|(s, &v)| *s += v);
    }
    let base = (y * width) as u64;
    for x in 0..width {
        let state = usize::from(row[x]);
        let k = usize::from(sums[x] + sums[x + 1] + sums[x + 2]) - state;
        let draw = key.bits32(base + x as u64);
        out[x] = u8::from(u64::from(draw) < thresholds[state * 9 + k]);
    }
}

fn commit_occupancy(mut occupancy: ResMut<Occupancy>) {
    occupancy.0.commit();
}

/// Records `occupied_area_ha`.
fn record_occupancy(
    clock: Res<SimClock>,
    landscape: Res<Landscape>,
    occupancy: Res<Occupancy>,
    mut recorder: ResMut<Recorder>,
) {
    let occupied: u64 = occupancy
        .0
        .current()
        .as_slice()
        .par_chunks(4096)
        .map(|c| c.iter().map(|&v| u64::from(v)).sum::<u64>())
        .sum();
    recorder.record(
        clock.year(),
        "occupied_area_ha",
        landscape.area_ha(occupied),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    fn sim(side: usize, p: f64, q: f64, initial: Grid<u8>) -> Sim {
        let landscape = Landscape {
            width: side,
            height: side,
            cell_size_m: 10.0,
            origin_x: 0.0,
            origin_y: 0.0,
            epsg: None,
        };
        let mut sim = Sim::new(landscape, RunSeed::for_replicate(3, 0));
        let params = OccupancyParams {
            colonisation_per_neighbour: Probability::new(p).unwrap(),
            extinction_per_year: Probability::new(q).unwrap(),
        };
        sim.add_plugin(&OccupancyPlugin { params, initial });
        sim
    }

    #[test]
    fn certain_colonisation_fills_the_moore_neighbourhood() {
        let mut start = Grid::filled(5, 5, 0u8);
        *start.get_mut(2, 2) = 1;
        let mut s = sim(5, 1.0, 0.0, start);
        s.run_step().unwrap();
        let occupied = s
            .world
            .resource::<Occupancy>()
            .0
            .current()
            .as_slice()
            .to_vec();
        let expected: Vec<u8> = (0..25)
            .map(|i| u8::from((1..=3).contains(&(i % 5)) && (1..=3).contains(&(i / 5))))
            .collect();
        assert_eq!(occupied, expected);
    }

    #[test]
    fn extinction_frequency_matches_q() {
        let mut s = sim(100, 0.0, 0.25, Grid::filled(100, 100, 1));
        let series = s.run(1, &AtomicBool::new(false)).unwrap();
        let share = series.value("occupied_area_ha", 1).unwrap()
            / series.value("occupied_area_ha", 0).unwrap();
        assert!((share - 0.75).abs() < 0.02, "{share}");
    }

    #[test]
    fn colonisation_with_k_neighbours_matches_one_minus_one_minus_p_to_the_k() {
        // Every empty cell between two occupied columns has k = 6 occupied neighbours.
        let side = 200;
        let start = Grid::from_vec(
            side,
            side,
            (0..side * side).map(|i| u8::from(i % 2 == 0)).collect(),
        )
        .unwrap();
        let mut s = sim(side, 0.1, 0.0, start);
        s.run_step().unwrap();
        let next = s.world.resource::<Occupancy>().0.current();
        let (mut hits, mut n) = (0, 0);
        for y in 1..side - 1 {
            for x in (1..side - 1).filter(|x| x % 2 == 1) {
                n += 1;
                hits += usize::from(*next.get(x, y) == 1);
            }
        }
        let expected = 1.0 - 0.9f64.powi(6);
        assert!(
            (hits as f64 / n as f64 - expected).abs() < 0.01,
            "{} vs {expected}",
            hits as f64 / n as f64
        );
    }
}
