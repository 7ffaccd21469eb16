//! Priority rules on hand-made landscapes: one big focus and satellites.

use super::support::*;
use crate::interventions::priority::{PriorityInputs, ordered_patches};
use crate::interventions::*;
use shanshui_engine::Grid;

/// Cells of a 12 × 8 map: a 3 × 3 focus at (1..4, 1..4), satellites at (8, 1), (10, 6)
/// and a 2-cell satellite at (6..8, 6).
fn candidates() -> Vec<u32> {
    let mut cells: Vec<u32> = (1..4)
        .flat_map(|y| (1..4).map(move |x| y * 12 + x))
        .collect();
    cells.extend([12 + 8, 6 * 12 + 6, 6 * 12 + 7, 6 * 12 + 10]);
    cells.sort();
    cells
}

fn order(rule: PriorityRule, cover: &Grid<u8>, detected: &Grid<f32>) -> Vec<Vec<u32>> {
    let land = landscape(12, 8);
    let classes = classes();
    let inputs = PriorityInputs {
        landscape: &land,
        classes: &classes,
        cover,
        detected,
        spartina_d50_m: 25.0,
    };
    ordered_patches(&candidates(), rule, &inputs)
}

fn firsts(patches: &[Vec<u32>]) -> Vec<u32> {
    patches.iter().map(|p| p[0]).collect()
}

#[test]
fn size_rules_order_satellites_and_focus() {
    let cover = Grid::filled(12, 8, SPARTINA);
    let detected = Grid::filled(12, 8, 0.8);
    let smallest = order(PriorityRule::SmallestPatchesFirst, &cover, &detected);
    assert_eq!(
        firsts(&smallest),
        [20, 82, 78, 13],
        "1-cell satellites by id, 2-cell, then the focus"
    );
    assert_eq!(smallest[3].len(), 9);
    let largest = order(PriorityRule::LargestPatchesFirst, &cover, &detected);
    assert_eq!(firsts(&largest), [13, 78, 20, 82]);
}

#[test]
fn densest_and_nearest_rules() {
    let mut detected = Grid::filled(12, 8, 0.3f32);
    *detected.get_mut(10, 6) = 0.9;
    let mut cover = Grid::filled(12, 8, MUDFLAT);
    assert_eq!(
        firsts(&order(PriorityRule::DensestFirst, &cover, &detected))[0],
        82
    );
    *cover.get_mut(11, 0) = MANGROVE;
    let nearest = order(PriorityRule::NearestToHabitat, &cover, &detected);
    assert_eq!(
        firsts(&nearest)[..2],
        [20, 82],
        "satellites next to the mangrove first"
    );
}

#[test]
fn highest_dpc_is_the_stepping_stone() {
    // Three single cells in a row, 30 m apart: the middle one links the others.
    let land = landscape(12, 1);
    let classes = classes();
    let cover = Grid::filled(12, 1, MUDFLAT);
    let detected = Grid::filled(12, 1, 1.0);
    let inputs = PriorityInputs {
        landscape: &land,
        classes: &classes,
        cover: &cover,
        detected: &detected,
        spartina_d50_m: 25.0,
    };
    let order = ordered_patches(&[0, 3, 6], PriorityRule::HighestDpcFirst, &inputs);
    assert_eq!(firsts(&order), [3, 0, 6]);
}

/// A succession-only landscape (Spartina is a class): the focus and satellites of
/// [`candidates`], detection certain, budget of three cells a year.
fn limited(rule: PriorityRule) -> Setup {
    let mut cover = Grid::filled(12, 8, MUDFLAT);
    for i in candidates() {
        cover.as_mut_slice()[i as usize] = SPARTINA;
    }
    let mut i = intervention(removal(custom(1.0, 0.0, 1_000.0)));
    i.budget.annual_ha = Some(n(0.03));
    i.priority = rule;
    let mut s = Setup::bay();
    s.coastal = false;
    s.z = Grid::filled(12, 8, 1.0);
    s.cover = cover;
    s.strategy.interventions = vec![i];
    s.monitoring.detection_probability = p(1.0);
    s.monitoring.full_detection_cover = p(0.0);
    s
}

#[test]
fn smallest_first_treats_the_satellites_in_year_one() {
    let mut sim = limited(PriorityRule::SmallestPatchesFirst).sim();
    sim.run(1, &std::sync::atomic::AtomicBool::new(false))
        .unwrap();
    let cover = sim
        .world
        .resource::<crate::layers::LandCover>()
        .class
        .current()
        .clone();
    let left: Vec<usize> = (0..96)
        .filter(|&i| cover.as_slice()[i] == SPARTINA)
        .collect();
    assert_eq!(
        left,
        [13, 14, 15, 25, 26, 27, 37, 38, 39, 79],
        "focus untouched, 2-cell satellite half done"
    );
    let mut sim = limited(PriorityRule::LargestPatchesFirst).sim();
    sim.run(1, &std::sync::atomic::AtomicBool::new(false))
        .unwrap();
    let cover = sim
        .world
        .resource::<crate::layers::LandCover>()
        .class
        .current()
        .clone();
    assert_eq!(cover.as_slice()[20], SPARTINA, "satellite untouched");
    assert_eq!(cover.as_slice()[13], MUDFLAT, "focus treated first");
}
