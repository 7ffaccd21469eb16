//! Tests of the mangrove model: establishment band, setting-dependent survival,
//! Spartina suppression and growth to closed canopy.

use super::*;
use crate::coastal::layers::{SpartinaCover, Stochasticity};
use crate::coastal::tests::support::*;
use shanshui_engine::{DoubleBuffered, Grid, NonNegative, Sim};

fn canopy(sim: &Sim) -> Vec<f32> {
    sim.world
        .resource::<MangroveCanopy>()
        .0
        .current()
        .as_slice()
        .to_vec()
}

/// A 24×10 flat with elevation rising along x from −1 m (0.2 m per cell) and a
/// closed stand in columns 10–13.
fn stand_sim(params: MangroveParams) -> Sim {
    let z = Grid::from_vec(
        24,
        10,
        (0..240).map(|i| -1.0 + 0.2 * (i % 24) as f32).collect(),
    );
    let mut sim = bare_sim(Grid::filled(24, 10, 0), z.unwrap());
    sim.add_plugin(&MangrovePlugin(params));
    let start = (0..240).map(|i| {
        if (10..14).contains(&(i % 24)) {
            1.0
        } else {
            0.0
        }
    });
    let grid = Grid::from_vec(24, 10, start.collect()).unwrap();
    sim.world.resource_mut::<MangroveCanopy>().0 = DoubleBuffered::new(grid);
    sim
}

#[test]
fn seedlings_establish_only_in_their_band() {
    let params = MangroveParams {
        propagules_per_cell_per_year: NonNegative::new(50.0).unwrap(),
        dispersal_distance_m: NonNegative::new(80.0).unwrap(),
        ..Default::default()
    };
    let mut sim = stand_sim(params);
    for _ in 0..6 {
        sim.run_step().unwrap();
        for (i, &c) in canopy(&sim).iter().enumerate() {
            let z = -1.0 + 0.2 * (i % 24) as f32;
            if !(0.4..=2.0).contains(&z) {
                assert_eq!(c, 0.0, "canopy {c} at z = {z}");
            }
        }
    }
    let recruits = canopy(&sim)
        .iter()
        .enumerate()
        .filter(|&(i, &c)| c > 0.0 && !(10..14).contains(&(i % 24)))
        .count();
    assert!(
        recruits > 10,
        "the stand recruits within its band: {recruits}"
    );
}

/// The shortcut never rejects a draw that establishment would accept, and rejects
/// most draws when the probability is small.
#[test]
fn the_establishment_bound_never_rejects_a_success() {
    let rates = MangroveRates::new(&MangroveParams::default(), 10.0);
    let mut spared = 0;
    for k in 0..400 {
        let pressure = 1e-4 * 1.05f32.powi(k);
        for u in [0.0, 0.3, 1.0] {
            let p = rates
                .establishment(pressure, true, u)
                .max(rates.establishment(pressure, false, u));
            for draw in [p.next_down(), p, p.next_up(), 2.0 * p, 0.5, 0.99] {
                let fails = rates.surely_fails(pressure, u, draw);
                assert!(
                    !fails || draw >= p,
                    "pressure {pressure}, u {u}, draw {draw} < {p}"
                );
                spared += usize::from(fails);
            }
        }
    }
    assert!(spared > 1000, "{spared}");
}

#[test]
fn survival_depends_on_setting_and_spartina() {
    let rates = MangroveRates::new(&MangroveParams::default(), 10.0);
    let window = 11.0 * 11.0;
    let lambda = 2.0 * 0.827;
    let fringe = rates.establishment(window, true, 0.0);
    let flat = rates.establishment(window, false, 0.0);
    assert!((f64::from(fringe) - (1.0 - (-lambda * 0.76f64).exp())).abs() < 1e-6);
    assert!((f64::from(flat) - (1.0 - (-lambda * 0.347f64).exp())).abs() < 1e-6);
    let under_spartina = rates.establishment(window, true, 1.0);
    let suppressed = 1.0 - (-lambda * 0.76f64 * 0.2).exp();
    assert!(
        (f64::from(under_spartina) - suppressed).abs() < 1e-6,
        "Spartina suppresses seedlings"
    );
    assert_eq!(
        rates.establishment(0.0, true, 0.0),
        0.0,
        "no source, no seedling"
    );
}

#[test]
fn seedling_stand_closes_after_the_set_years() {
    let params = MangroveParams {
        mortality_per_year: shanshui_engine::Probability::new(0.0).unwrap(),
        propagules_per_cell_per_year: NonNegative::new(0.0).unwrap(),
        ..Default::default()
    };
    let mut sim = bare_sim(Grid::filled(1, 1, 0), Grid::filled(1, 1, 1.0));
    mode(&mut sim, Stochasticity::MeanField);
    sim.add_plugin(&MangrovePlugin(params));
    sim.world.resource_mut::<MangroveCanopy>().0 = DoubleBuffered::new(Grid::filled(1, 1, 0.05));
    for _ in 0..8 {
        sim.run_step().unwrap();
    }
    let c = canopy(&sim)[0];
    assert!((c - 0.7).abs() < 1e-3, "canopy after 8 years: {c}");
}

#[test]
fn dense_spartina_lowers_recruitment() {
    let params = MangroveParams {
        propagules_per_cell_per_year: NonNegative::new(3.0).unwrap(),
        ..Default::default()
    };
    let recruits = |spartina: f32| {
        let mut sim = stand_sim(params.clone());
        mode(&mut sim, Stochasticity::MeanField);
        let s = Grid::filled(24, 10, spartina);
        sim.world
            .insert_resource(SpartinaCover(DoubleBuffered::new(s)));
        sim.run_step().unwrap();
        canopy(&sim)[9 + 24 * 5]
    };
    let (open, invaded) = (recruits(0.0), recruits(1.0));
    assert!(open > 0.0 && invaded < 0.3 * open, "{invaded} vs {open}");
}
