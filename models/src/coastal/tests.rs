//! Tests of the coastal stack as a whole: land-cover coupling, metrics, schedule
//! consistency with succession, and determinism across thread counts.

use super::*;
use crate::succession::{SuccessionParams, SuccessionPlugin, TransitionRule};
use shanshui_engine::Probability;
use std::sync::atomic::AtomicBool;
use support::*;

/// Helpers shared by the coastal tests.
pub(crate) mod support {
    use crate::coastal::{SpartinaParams, Stochasticity};
    use crate::landcover::LandCoverPlugin;
    use crate::layers::{ClassTable, Elevation, LandClass, LandCover};
    use shanshui_engine::{Grid, Landscape, NonNegative, Probability, RunSeed, Sim};

    /// mudflat 0, spartina 1, mangrove 2, native_marsh 3, upland 4.
    pub fn classes() -> ClassTable {
        let names = ["mudflat", "spartina", "mangrove", "native_marsh", "upland"];
        ClassTable(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| LandClass {
                    code: i as u8 + 1,
                    name: (*n).into(),
                    colour: [0; 3],
                    habitat: false,
                })
                .collect(),
        )
    }

    /// A sim with land cover `cover` and elevation `z`, cells of `cell_m` metres.
    pub fn sim_with_cell(cover: Grid<u8>, z: Grid<f32>, cell_m: f64) -> Sim {
        let landscape = Landscape {
            width: cover.width(),
            height: cover.height(),
            cell_size_m: cell_m,
            origin_x: 0.0,
            origin_y: 0.0,
            epsg: None,
        };
        let mut sim = Sim::new(landscape, RunSeed::for_replicate(7, 0));
        sim.add_plugin(&LandCoverPlugin {
            classes: classes(),
            initial: LandCover::new(cover, 0),
        });
        sim.world.insert_resource(Elevation(z));
        sim
    }

    /// [`sim_with_cell`] with 10 m cells.
    pub fn bare_sim(cover: Grid<u8>, z: Grid<f32>) -> Sim {
        sim_with_cell(cover, z, 10.0)
    }

    /// Sets the run mode.
    pub fn mode(sim: &mut Sim, mode: Stochasticity) {
        sim.world.insert_resource(mode);
    }

    /// Spartina with every source of change off: no growth, spread, seeds or loss.
    pub fn still_spartina() -> SpartinaParams {
        let zero = NonNegative::new(0.0).unwrap();
        let never = Probability::new(0.0).unwrap();
        SpartinaParams {
            growth_rate_per_year: zero,
            clonal_spread_m_per_year: zero,
            seeds_per_m2_per_year: zero,
            mortality_per_year: never,
            dieback_probability_per_year: never,
            extinction_cover: Probability::new(1e-30).unwrap(),
            long_distance: None,
            ..SpartinaParams::default()
        }
    }

    /// Position (in cells, from the west edge) where `row` first falls below `level`,
    /// interpolated linearly between cell centres.
    pub fn front(row: &[f32], level: f32) -> f64 {
        match row.iter().position(|&u| u < level) {
            None => row.len() as f64,
            Some(0) => 0.0,
            Some(x) => {
                let (a, b) = (row[x - 1], row[x]);
                (x - 1) as f64 + 0.5 + f64::from((a - level) / (a - b))
            }
        }
    }

    /// A small bay: upland row, marsh rows, flat with Spartina foci and a mangrove
    /// stand, elevation falling south from 3 m to −1 m.
    pub fn bay(side: usize) -> (Grid<u8>, Grid<f32>) {
        let z = Grid::from_vec(
            side,
            side,
            (0..side * side)
                .map(|i| 3.0 - 4.0 * (i / side) as f32 / side as f32)
                .collect(),
        )
        .unwrap();
        let cover = Grid::from_vec(
            side,
            side,
            (0..side * side)
                .map(|i| {
                    let (x, y) = (i % side, i / side);
                    let zc = 3.0 - 4.0 * y as f32 / side as f32;
                    if zc > 2.8 {
                        4
                    } else if zc > 2.0 {
                        3
                    } else if (x / 8 + y / 8) % 5 == 0 && zc < 1.6 {
                        1
                    } else if x < side / 4 && zc > 0.5 {
                        2
                    } else {
                        0
                    }
                })
                .collect(),
        )
        .unwrap();
        (cover, z)
    }
}

fn coastal_sim(side: usize, params: &CoastalParams, succession: bool) -> Sim {
    let (cover, z) = bay(side);
    let mut sim = bare_sim(cover, z);
    if succession {
        let rules = SuccessionParams {
            transitions: vec![TransitionRule {
                from: "upland".into(),
                to: "native_marsh".into(),
                probability_per_year: Probability::new(0.3).unwrap(),
                min_age_years: 0,
                elevation_m: None,
                neighbours: None,
            }],
        };
        sim.add_plugin(&SuccessionPlugin::new(&rules, &classes()).unwrap());
    }
    sim.add_plugin(&CoastalPlugin::new(params, &classes()).unwrap());
    sim
}

fn layers(sim: &Sim) -> [Vec<f32>; 3] {
    [
        sim.world
            .resource::<SpartinaCover>()
            .0
            .current()
            .as_slice()
            .to_vec(),
        sim.world
            .resource::<MangroveCanopy>()
            .0
            .current()
            .as_slice()
            .to_vec(),
        sim.world
            .resource::<MarshCover>()
            .0
            .current()
            .as_slice()
            .to_vec(),
    ]
}

#[test]
fn initial_layers_come_from_the_land_cover() {
    let sim = coastal_sim(32, &CoastalParams::default(), false);
    let cover = sim.world.resource::<LandCover>().class.current().clone();
    let [s, c, m] = layers(&sim);
    for (i, &class) in cover.as_slice().iter().enumerate() {
        assert_eq!(s[i], if class == 1 { 0.8 } else { 0.0 });
        assert_eq!(c[i], if class == 2 { 1.0 } else { 0.0 });
        assert_eq!(m[i], if class == 3 { 0.8 } else { 0.0 });
    }
}

#[test]
fn classes_follow_the_layers_and_metrics_do_not_collide() {
    let mut sim = coastal_sim(48, &CoastalParams::default(), true);
    let series = sim.run(8, &AtomicBool::new(false)).unwrap();
    let cover = sim.world.resource::<LandCover>().class.current().clone();
    let k = sim.world.resource::<CoastalClasses>().clone();
    let [s, c, m] = layers(&sim);
    for (i, &class) in cover.as_slice().iter().enumerate() {
        if k.coastal[usize::from(class)] {
            assert_eq!(class, k.classify(s[i], m[i], c[i]), "cell {i}");
        } else {
            assert_eq!((s[i], c[i], m[i]), (0.0, 0.0, 0.0), "non-coastal cell {i}");
        }
    }
    for metric in [
        "spartina_cover_ha",
        "mangrove_canopy_ha",
        "native_marsh_cover_ha",
    ] {
        assert!(series.value(metric, 8).is_some(), "{metric} recorded");
    }
    let mut names = series.metrics.clone();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), series.metrics.len());
    let year8 = series.samples.iter().filter(|s| s.year == 8).count();
    assert_eq!(
        year8,
        series.metrics.len(),
        "one sample per metric and year"
    );
    let spread = series.value("spartina_area_ha", 8).unwrap();
    assert!(
        spread > series.value("spartina_area_ha", 0).unwrap(),
        "Spartina spreads"
    );
}

#[test]
fn own_area_metrics_when_classes_are_named_differently() {
    let mut table = classes();
    table.0[1].name = "smooth_cordgrass".into();
    let params = CoastalParams {
        classes: CoastalClassParams {
            spartina: "smooth_cordgrass".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let k = CoastalClasses::resolve(&params.classes, &table).unwrap();
    assert_eq!(k.own_area_metrics, [true, false, false, false]);
    let err = CoastalClasses::resolve(&params.classes, &classes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "coastal.classes.spartina: `smooth_cordgrass` is not a defined class"
    );
}

#[test]
fn identical_layers_and_records_for_one_and_two_threads() {
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut sim = coastal_sim(40, &CoastalParams::default(), true);
            let records = sim.run(6, &AtomicBool::new(false)).unwrap();
            let cover = sim.world.resource::<LandCover>().class.current().clone();
            (layers(&sim), cover, records)
        })
    };
    let (one, two) = (run(1), run(2));
    assert!(one.0 == two.0, "layers differ between 1 and 2 threads");
    assert_eq!(one.1, two.1);
    assert_eq!(one.2, two.2);
}

#[test]
fn cover_stays_in_the_unit_interval_under_random_parameters() {
    use proptest::prelude::*;
    let config = ProptestConfig {
        cases: 12,
        ..ProptestConfig::default()
    };
    let nn = |v: f64| shanshui_engine::NonNegative::new(v).unwrap();
    let p = |v: f64| Probability::new(v).unwrap();
    proptest!(config, |(r in 0.1..5.0f64, c in 0.0..30.0f64, seeds in 0.0..1e5f64,
                        est in 0.0..1.0f64, area in 0.0..200.0f64, mort in 0.0..1.0f64,
                        mean_field in any::<bool>())| {
        let mode = if mean_field { Stochasticity::MeanField } else { Stochasticity::Stochastic };
        let mut params = CoastalParams { mode, ..CoastalParams::default() };
        let s = params.spartina.as_mut().unwrap();
        (s.growth_rate_per_year, s.clonal_spread_m_per_year) = (nn(r), nn(c));
        (s.seeds_per_m2_per_year, s.establishment_probability) = (nn(seeds), p(est));
        (s.seedling_cover_m2, s.mortality_per_year) = (nn(area), p(mort));
        let mut sim = coastal_sim(12, &params, false);
        for _ in 0..4 {
            sim.run_step().unwrap();
            for layer in layers(&sim) {
                prop_assert!(layer.iter().all(|v| (0.0..=1.0).contains(v)));
            }
        }
    });
}
