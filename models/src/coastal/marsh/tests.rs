//! Tests of the native-marsh model: band, displacement by Spartina.

use super::*;
use crate::coastal::layers::{SpartinaCover, Stochasticity};
use crate::coastal::tests::support::*;
use shanshui_engine::{DoubleBuffered, Grid, Sim};

fn marsh(sim: &Sim) -> Vec<f32> {
    sim.world
        .resource::<MarshCover>()
        .0
        .current()
        .as_slice()
        .to_vec()
}

/// A 20×8 flat rising along x from 0.5 m (0.15 m per cell) with marsh in columns 8–9.
fn meadow_sim() -> Sim {
    let z = Grid::from_vec(
        20,
        8,
        (0..160).map(|i| 0.5 + 0.15 * (i % 20) as f32).collect(),
    );
    let mut sim = bare_sim(Grid::filled(20, 8, 0), z.unwrap());
    sim.add_plugin(&MarshPlugin(MarshParams::default()));
    let start = (0..160).map(|i| {
        if (8..10).contains(&(i % 20)) {
            0.9
        } else {
            0.0
        }
    });
    let grid = Grid::from_vec(20, 8, start.collect()).unwrap();
    sim.world.resource_mut::<MarshCover>().0 = DoubleBuffered::new(grid);
    sim
}

#[test]
fn marsh_spreads_only_in_its_band() {
    let mut sim = meadow_sim();
    for _ in 0..15 {
        sim.run_step().unwrap();
        for (i, &m) in marsh(&sim).iter().enumerate() {
            let z = 0.5 + 0.15 * (i % 20) as f32;
            if !(1.5..=2.8).contains(&z) {
                assert_eq!(m, 0.0, "marsh {m} at z = {z}");
            }
        }
    }
    let occupied = marsh(&sim).iter().filter(|&&m| m > 0.0).count();
    assert!(occupied > 16, "marsh colonises its band: {occupied}");
}

#[test]
fn spartina_displaces_marsh() {
    let mut sim = meadow_sim();
    mode(&mut sim, Stochasticity::MeanField);
    let s = Grid::from_vec(
        20,
        8,
        (0..160)
            .map(|i| if i / 20 < 4 { 0.9 } else { 0.0 })
            .collect(),
    );
    sim.world
        .insert_resource(SpartinaCover(DoubleBuffered::new(s.unwrap())));
    sim.run_step().unwrap();
    let m = marsh(&sim);
    assert!(
        m[8] <= 0.1 + 1e-6,
        "marsh under 90 % Spartina keeps ≤ 10 %: {}",
        m[8]
    );
    assert!(
        m[8 + 20 * 6] > 0.85,
        "marsh elsewhere persists: {}",
        m[8 + 20 * 6]
    );
}
