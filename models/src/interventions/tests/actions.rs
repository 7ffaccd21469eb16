//! Planting bands, protection, reclamation and corridors on tiny landscapes.

use super::support::*;
use crate::coastal::MangroveCanopy;
use crate::interventions::*;
use crate::layers::LandCover;
use crate::succession::TransitionRule;
use shanshui_connectivity::{HabitatClasses, Neighbourhood, PatchSet};
use shanshui_engine::{Grid, Sim};
use std::sync::atomic::AtomicBool;

fn run(setup: &Setup, years: u32) -> (Sim, shanshui_engine::MetricSeries) {
    let mut sim = setup.sim();
    let records = sim.run(years, &AtomicBool::new(false)).unwrap();
    (sim, records)
}

fn cover(sim: &Sim) -> Grid<u8> {
    sim.world.resource::<LandCover>().class.current().clone()
}

fn mangrove_planting(elevation_m: Option<crate::succession::ElevationWindow>) -> Action {
    Action::Plant(Plant {
        species: Species::Mangrove,
        class: None,
        cost_cny_per_ha: Some(n(50_000.0)),
        survival: Some(PlantingSurvival {
            fringe: p(0.76),
            bare_flat: p(0.35),
            after_spartina_removal: p(0.9),
            spartina_suppression: p(0.0),
        }),
        technique_survival: Some(p(1.0)),
        initial_cover: None,
        elevation_m,
        after_removal_years: 3,
    })
}

#[test]
fn plantings_outside_the_elevation_band_fail() {
    let mut setup = Setup::bay();
    let mut plant = intervention(mangrove_planting(None));
    plant.zone = ZoneSpec::Rect {
        min_x: 180.0,
        min_y: -160.0,
        max_x: 240.0,
        max_y: 0.0,
    };
    plant.window.end_year = Some(1);
    setup.strategy.interventions = vec![plant];
    let (sim, s) = run(&setup, 1);
    let canopy = sim.world.resource::<MangroveCanopy>().0.current().clone();
    // Mangrove band [0.4, 2.0] m: rows 14 and 15 (z < 0.4 m) lie below it.
    for y in 0..16 {
        for x in 18..24 {
            let c = *canopy.get(x, y);
            assert_eq!(c > 0.0, y < 14, "cell ({x}, {y}) canopy {c}");
        }
    }
    assert!((s.value("area_planted_ha", 1).unwrap() - 0.96).abs() < 1e-12);
    assert!((s.value("planting_established_ha", 1).unwrap() - 0.84).abs() < 1e-12);
    assert!(
        (s.value("cost_cny", 1).unwrap() - 48_000.0).abs() < 1e-6,
        "failed plantings are paid for"
    );
}

#[test]
fn a_narrow_band_makes_every_planting_fail() {
    let mut setup = Setup::bay();
    setup.coastal = false;
    let band = crate::succession::ElevationWindow { min: 5.0, max: 6.0 };
    setup.strategy.interventions = vec![intervention(mangrove_planting(Some(band)))];
    let (_, s) = run(&setup, 2);
    assert!(s.value("area_planted_ha", 1).unwrap() > 0.0);
    assert_eq!(s.value("planting_established_ha", 1), Some(0.0));
    assert_eq!(s.value("planting_established_ha", 2), Some(0.0));
}

fn flat(w: usize, h: usize) -> Setup {
    let mut s = Setup::bay();
    s.coastal = false;
    s.cover = Grid::filled(w, h, MUDFLAT);
    s.z = Grid::filled(w, h, 1.0);
    s
}

#[test]
fn protection_undoes_forbidden_changes() {
    let mut setup = flat(10, 4);
    setup.succession = vec![TransitionRule {
        from: "mudflat".into(),
        to: "degraded_land".into(),
        probability_per_year: p(1.0),
        min_age_years: 0,
        elevation_m: None,
        neighbours: None,
    }];
    let mut protect = intervention(Action::Protect(Protect {
        forbidden: vec!["degraded_land".into()],
    }));
    protect.zone = ZoneSpec::Rect {
        min_x: 0.0,
        min_y: -40.0,
        max_x: 50.0,
        max_y: 0.0,
    };
    setup.strategy.interventions = vec![protect];
    let (sim, s) = run(&setup, 3);
    let c = cover(&sim);
    for i in 0..40 {
        assert_eq!(
            c.as_slice()[i],
            if i % 10 < 5 { MUDFLAT } else { DEGRADED },
            "cell {i}"
        );
    }
    assert_eq!(s.value("protection_reverted_ha", 3), Some(0.2));
    assert_eq!(s.value("cost_cny", 3), Some(0.0));
}

#[test]
fn reclamation_converts_within_the_area_budget_in_row_major_order() {
    let mut setup = flat(5, 4);
    setup.cover = Grid::filled(5, 4, DEGRADED);
    let mut reclaim = intervention(Action::Reclaim(Reclaim {
        from: vec!["degraded_land".into()],
        to: "mudflat".into(),
        cost_cny_per_ha: n(1_000.0),
    }));
    reclaim.budget.annual_ha = Some(n(0.07));
    setup.strategy.interventions = vec![reclaim];
    let (sim, s) = run(&setup, 2);
    let c = cover(&sim);
    let done: Vec<usize> = (0..20).filter(|&i| c.as_slice()[i] == MUDFLAT).collect();
    assert_eq!(done, (0..14).collect::<Vec<_>>());
    assert_eq!(s.value("area_reclaimed_ha", 2), Some(0.07));
    assert_eq!(s.value("area_restored_ha", 2), Some(0.07));
}

fn two_stands() -> Setup {
    let mut setup = flat(20, 5);
    for y in 1..4 {
        for x in (0..4).chain(16..20) {
            *setup.cover.get_mut(x, y) = MANGROVE;
        }
    }
    setup
}

fn patches(c: &Grid<u8>) -> usize {
    let habitat = HabitatClasses::from_codes(&[MANGROVE]).unwrap();
    PatchSet::new(c, &landscape(20, 5), &habitat, Neighbourhood::Eight)
        .unwrap()
        .len()
}

fn corridor(between: CorridorEnds, cost: f64) -> InterventionSpec {
    let mut i = intervention(Action::Corridor(Corridor {
        between,
        width_cells: 1,
        class: "mangrove".into(),
        cost_cny_per_ha: n(cost),
        habitat_classes: None,
        d50_m: n(500.0),
        resistance: Default::default(),
        barriers: Vec::new(),
    }));
    i.window.end_year = Some(1);
    i
}

#[test]
fn an_automatic_corridor_joins_the_two_stands() {
    let mut setup = two_stands();
    assert_eq!(patches(&setup.cover), 2);
    setup.strategy.interventions = vec![corridor(
        CorridorEnds::Auto {
            pairs: 1,
            candidates: 5,
        },
        1_000.0,
    )];
    let (sim, s) = run(&setup, 1);
    assert_eq!(patches(&cover(&sim)), 1);
    assert_eq!(
        s.value("corridor_built_ha", 1),
        Some(0.12),
        "the 12-cell gap"
    );
}

#[test]
fn a_corridor_is_built_whole_or_not_at_all() {
    let mut setup = two_stands();
    let mut c = corridor(
        CorridorEnds::Points(vec![((5.0, -15.0), (195.0, -25.0))]),
        1_000.0,
    );
    c.budget.annual_cny = Some(n(110.0));
    setup.strategy.interventions = vec![c];
    let (sim, s) = run(&setup, 1);
    assert_eq!(patches(&cover(&sim)), 2, "11 cells affordable, 12 needed");
    assert_eq!(s.value("cost_cny", 1), Some(0.0));
}
