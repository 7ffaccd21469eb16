//! Tests of the tide and the yearly elevation change.

use super::*;
use crate::coastal::tests::support::{bare_sim, classes};
use shanshui_engine::Grid;

fn plugin(params: &IntertidalParams) -> IntertidalPlugin {
    IntertidalPlugin::new(params, &classes()).unwrap()
}

#[test]
fn inundation_follows_the_sinusoidal_tide() {
    let tide = plugin(&IntertidalParams::default()).tide().clone();
    let f = |z| tide.inundation(z);
    assert_eq!(f(-3.0), 1.0);
    assert_eq!(f(-2.0), 1.0);
    assert!(
        (f(0.0) - 0.5).abs() < 1e-6,
        "mid-tide is submerged half the time"
    );
    // z = M + A/2: arccos(1/2)/π = 1/3.
    assert!((f(1.0) - 1.0 / 3.0).abs() < 1e-6);
    assert_eq!(f(2.0), 0.0);
    assert_eq!(f(5.0), 0.0);
    assert!(f(-1.0) > f(-0.5) && f(0.5) > f(1.5), "monotone");
    // A fraction of time, never above 1 (niches with a limit of 1 skip the read).
    assert!((-600..600).all(|k| (0.0..=1.0).contains(&f(k as f32 * 0.01))));
}

#[test]
fn sea_level_rise_and_accretion_move_elevation_each_year() {
    let mut params = IntertidalParams {
        sea_level_rise_mm_per_year: 10.0,
        ..Default::default()
    };
    params.accretion_mm_per_year.insert("mangrove".into(), 4.0);
    // Row 0 mudflat (index 0), row 1 mangrove (index 2).
    let cover = Grid::from_vec(2, 2, vec![0, 0, 2, 2]).unwrap();
    let mut sim = bare_sim(cover, Grid::filled(2, 2, 1.0));
    sim.add_plugin(&plugin(&params));
    for _ in 0..10 {
        sim.run_step().unwrap();
    }
    let z = sim.world.resource::<Elevation>().0.clone();
    assert!(
        (z.get(0, 0) - 0.9).abs() < 1e-5,
        "mudflat drowns 10 mm/yr: {}",
        z.get(0, 0)
    );
    assert!(
        (z.get(1, 1) - 0.94).abs() < 1e-5,
        "mangrove nets −6 mm/yr: {}",
        z.get(1, 1)
    );
    let f = sim.world.resource::<Inundation>().0.clone();
    let tide = sim.world.resource::<Tide>().clone();
    assert_eq!(*f.get(0, 0), tide.inundation(*z.get(0, 0)));
}

#[test]
fn bad_datums_and_unknown_classes_are_reported() {
    let mut bad = IntertidalParams {
        mean_high_water_m: -3.0,
        ..Default::default()
    };
    let err = IntertidalPlugin::new(&bad, &classes()).unwrap_err();
    assert!(matches!(err, CoastalError::Datums { .. }), "{err}");
    bad = IntertidalParams::default();
    bad.accretion_mm_per_year.insert("reef".into(), 1.0);
    let err = IntertidalPlugin::new(&bad, &classes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "coastal.intertidal.accretion_mm_per_year.reef: `reef` is not a defined class"
    );
}
