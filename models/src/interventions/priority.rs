//! Ordering of detected *Spartina* patches under a [`PriorityRule`].
//!
//! Patches are the 8-connected groups of the candidate cells (detected, in the zone,
//! in a triggered unit), labelled from the cell list alone with the connectivity
//! crate's `label_cells` (a full-grid [`PatchSet`] is built only for dPC). Their keys:
//! area (cells), mean detected cover, least-cost distance (resistance 1, 8-neighbour
//! moves) from the nearest habitat-class cell, and dPC within the network of
//! *Spartina* patches (`p_ij = exp(−ln 2 · d_ij / d50)`). Ties go to the lower patch
//! id (first cell in row-major order), so the order is deterministic.

use super::spec::PriorityRule;
use crate::layers::ClassTable;
use shanshui_connectivity::{
    CostSurface, DispersalKernel, HabitatClasses, Neighbourhood, PatchGraph, PatchSet,
    ResistanceTable, dpc, euclidean_pairs, label_cells,
};
use shanshui_engine::{Grid, Landscape};

/// What the ordering reads.
pub(crate) struct PriorityInputs<'a> {
    pub landscape: &'a Landscape,
    pub classes: &'a ClassTable,
    pub cover: &'a Grid<u8>,
    pub detected: &'a Grid<f32>,
    pub spartina_d50_m: f64,
}

/// The candidate cells (row-major, ascending) grouped into patches, in treatment
/// order; cells within a patch stay in row-major order.
pub(crate) fn ordered_patches(
    candidates: &[u32],
    rule: PriorityRule,
    inp: &PriorityInputs,
) -> Vec<Vec<u32>> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let (ids, count) = label_cells(candidates, inp.landscape.width, Neighbourhood::Eight);
    let mut patches = vec![Vec::new(); count];
    for (&i, &id) in candidates.iter().zip(&ids) {
        patches[id as usize].push(i);
    }
    let keys = patch_keys(&patches, candidates, rule, inp);
    let mut order: Vec<usize> = (0..patches.len()).collect();
    order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]).then(a.cmp(&b)));
    order
        .into_iter()
        .map(|p| std::mem::take(&mut patches[p]))
        .collect()
}

/// Sort key of each patch: smaller keys are treated first.
fn patch_keys(
    patches: &[Vec<u32>],
    candidates: &[u32],
    rule: PriorityRule,
    inp: &PriorityInputs,
) -> Vec<f64> {
    let size = |p: &Vec<u32>| p.len() as f64;
    match rule {
        PriorityRule::SmallestPatchesFirst => patches.iter().map(size).collect(),
        PriorityRule::LargestPatchesFirst => patches.iter().map(|p| -size(p)).collect(),
        PriorityRule::DensestFirst => patches
            .iter()
            .map(|p| {
                let sum: f64 = p
                    .iter()
                    .map(|&i| f64::from(inp.detected.as_slice()[i as usize]))
                    .sum();
                -sum / size(p)
            })
            .collect(),
        PriorityRule::NearestToHabitat => {
            let dist = habitat_distance(inp);
            patches
                .iter()
                .map(|p| {
                    p.iter()
                        .map(|&i| dist.as_slice()[i as usize])
                        .fold(f64::INFINITY, f64::min)
                })
                .collect()
        }
        PriorityRule::HighestDpcFirst => {
            spartina_dpc(&candidate_patches(candidates, inp), inp.spartina_d50_m)
                .into_iter()
                .map(|d| -d)
                .collect()
        }
    }
}

/// Least-cost distance (resistance 1) from the nearest habitat-class cell; infinite
/// everywhere without habitat.
fn habitat_distance(inp: &PriorityInputs) -> Grid<f64> {
    let (w, h) = (inp.landscape.width, inp.landscape.height);
    let habitat: Vec<bool> = (0..=u8::MAX)
        .map(|c| inp.classes.get(c).is_some_and(|k| k.habitat))
        .collect();
    let sources: Vec<(usize, usize)> = (0..w * h)
        .filter(|&i| habitat[usize::from(inp.cover.as_slice()[i])])
        .map(|i| (i % w, i / w))
        .collect();
    let table = ResistanceTable::uniform(1.0).expect("1 is a valid resistance");
    let infinite = || Grid::filled(w, h, f64::INFINITY);
    if sources.is_empty() {
        return infinite();
    }
    CostSurface::new(inp.cover, inp.landscape, &table)
        .and_then(|s| s.cost_distance(&sources))
        .unwrap_or_else(|_| infinite())
}

/// The patches of the candidate cells as a [`PatchSet`] (the same ids as
/// [`label_cells`] gives).
fn candidate_patches(candidates: &[u32], inp: &PriorityInputs) -> PatchSet {
    let (w, h) = (inp.landscape.width, inp.landscape.height);
    let mut mask = Grid::filled(w, h, 0u8);
    for &i in candidates {
        mask.as_mut_slice()[i as usize] = 1;
    }
    let one = HabitatClasses::from_codes(&[1]).expect("1 is not nodata");
    PatchSet::new(&mask, inp.landscape, &one, Neighbourhood::Eight)
        .expect("the candidate mask matches the landscape and has data")
}

/// dPC of each patch in the network of *Spartina* patches.
fn spartina_dpc(set: &PatchSet, d50_m: f64) -> Vec<f64> {
    let Ok(kernel) = DispersalKernel::with_d50(d50_m.max(f64::MIN_POSITIVE)) else {
        return vec![0.0; set.len()];
    };
    let pairs = euclidean_pairs(set, kernel.cutoff());
    let graph = PatchGraph::probability(set.len(), &pairs, &kernel).without_detoured_edges(2);
    dpc(&graph, &set.areas_ha(), kernel.max_weight()).0
}
