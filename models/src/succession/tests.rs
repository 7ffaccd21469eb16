//! System tests of the succession rules on tiny grids.

use super::*;
use crate::landcover::LandCoverPlugin;
use crate::layers::{Elevation, LandClass, LandCover};
use shanshui_engine::{Grid, Landscape, Probability, RunSeed};

fn classes() -> ClassTable {
    let class = |code, name: &str| LandClass {
        code,
        name: name.into(),
        colour: [0; 3],
        habitat: false,
    };
    ClassTable(vec![
        class(1, "bare"),
        class(2, "marsh"),
        class(3, "forest"),
    ])
}

fn rule(from: &str, to: &str, p: f64) -> TransitionRule {
    TransitionRule {
        from: from.into(),
        to: to.into(),
        probability_per_year: Probability::new(p).unwrap(),
        min_age_years: 0,
        elevation_m: None,
        neighbours: None,
    }
}

fn sim(cover: Grid<u8>, elevation: Option<Grid<f32>>, rules: Vec<TransitionRule>) -> Sim {
    let landscape = Landscape {
        width: cover.width(),
        height: cover.height(),
        cell_size_m: 10.0,
        origin_x: 0.0,
        origin_y: 0.0,
        epsg: None,
    };
    let mut sim = Sim::new(landscape, RunSeed::for_replicate(42, 0));
    let table = classes();
    let params = SuccessionParams { transitions: rules };
    sim.add_plugin(&LandCoverPlugin {
        classes: table.clone(),
        initial: LandCover::new(cover, 0),
    });
    sim.add_plugin(&SuccessionPlugin::new(&params, &table).unwrap());
    if let Some(z) = elevation {
        sim.world.insert_resource(Elevation(z));
    }
    sim
}

fn cover(sim: &Sim) -> &Grid<u8> {
    sim.world.resource::<LandCover>().class.current()
}

#[test]
fn elevation_window_is_respected() {
    let z = Grid::from_vec(5, 1, vec![-1.0, 0.0, 0.5, 1.0, 2.0]).unwrap();
    let mut r = rule("bare", "marsh", 1.0);
    r.elevation_m = Some(ElevationWindow { min: 0.0, max: 1.0 });
    let mut sim = sim(Grid::filled(5, 1, 0), Some(z), vec![r]);
    sim.run_step().unwrap();
    assert_eq!(cover(&sim).as_slice(), &[0, 1, 1, 1, 0]);
}

#[test]
fn neighbourhood_requirement_is_respected() {
    // One forest seed source in the corner; bare land needs ≥1 forest cell within 1 cell.
    let mut start = Grid::filled(5, 5, 0u8);
    *start.get_mut(0, 0) = 2;
    let mut r = rule("bare", "forest", 1.0);
    r.neighbours = Some(NeighbourRule {
        class: "forest".into(),
        radius_cells: 1,
        at_least: 1,
    });
    let mut sim = sim(start, None, vec![r]);
    sim.run_step().unwrap();
    let expected_after_one_year: Vec<u8> = (0..25)
        .map(|i| u8::from(i % 5 <= 1 && i / 5 <= 1) * 2)
        .collect();
    assert_eq!(cover(&sim).as_slice(), expected_after_one_year.as_slice());
    sim.run_step().unwrap();
    assert_eq!(
        *cover(&sim).get(2, 2),
        2,
        "the front advances one cell a year"
    );
    assert_eq!(*cover(&sim).get(3, 3), 0);
}

#[test]
fn a_source_class_does_not_count_itself() {
    // A lone marsh cell needs another marsh cell nearby to spread into itself → no change.
    let mut r = rule("marsh", "forest", 1.0);
    r.neighbours = Some(NeighbourRule {
        class: "marsh".into(),
        radius_cells: 2,
        at_least: 1,
    });
    let mut sim = sim(Grid::filled(1, 1, 1), None, vec![r]);
    sim.run_step().unwrap();
    assert_eq!(cover(&sim).as_slice(), &[1]);
}

#[test]
fn ages_advance_and_reset_on_transition() {
    let mut r = rule("bare", "marsh", 1.0);
    r.min_age_years = 2;
    let mut sim = sim(Grid::filled(2, 2, 0), None, vec![r]);
    let ages = |sim: &Sim| {
        sim.world
            .resource::<LandCover>()
            .age_years
            .current()
            .as_slice()
            .to_vec()
    };
    sim.run_step().unwrap();
    assert_eq!(ages(&sim), [1; 4]);
    assert_eq!(cover(&sim).as_slice(), &[0; 4], "too young to change");
    sim.run_step().unwrap();
    assert_eq!(ages(&sim), [2; 4]);
    sim.run_step().unwrap();
    assert_eq!(cover(&sim).as_slice(), &[1; 4]);
    assert_eq!(ages(&sim), [0; 4]);
}

#[test]
fn transition_frequency_matches_probability() {
    let n = 100 * 100;
    let mut sim = sim(
        Grid::filled(100, 100, 0),
        None,
        vec![rule("bare", "marsh", 0.3), rule("bare", "forest", 0.2)],
    );
    sim.run_step().unwrap();
    let cells = |class| crate::landcover::class_cells(cover(&sim), class) as f64;
    let (marsh, forest) = (cells(1) / n as f64, cells(2) / n as f64);
    // Binomial standard error ≈ 0.0046; allow 4 s.e.
    assert!((marsh - 0.3).abs() < 0.02, "marsh fraction {marsh}");
    assert!((forest - 0.2).abs() < 0.02, "forest fraction {forest}");
}

#[test]
fn nodata_never_changes() {
    let mut start = Grid::filled(3, 1, 0u8);
    *start.get_mut(1, 0) = crate::layers::NODATA;
    let mut sim = sim(start, None, vec![rule("bare", "marsh", 1.0)]);
    sim.run_step().unwrap();
    assert_eq!(cover(&sim).as_slice(), &[1, crate::layers::NODATA, 1]);
}

#[test]
fn unknown_class_is_an_error() {
    let params = SuccessionParams {
        transitions: vec![rule("bare", "meadow", 0.1)],
    };
    let err = SuccessionPlugin::new(&params, &classes()).err().unwrap();
    assert_eq!(
        err.to_string(),
        "succession rule 0: `meadow` is not a defined class"
    );
}
