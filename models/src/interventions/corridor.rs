//! `Corridor`: habitat built along least-cost paths between habitat patches.
//!
//! Each scheduled year the pairs to join are chosen — `Auto`: greedily, the pair
//! whose link (taken as `p = 1`) most raises the PC numerator `Σ a_i a_j p*_ij`
//! (so ECA = √numerator), among the `candidates` closest pairs of patches, repeated
//! `pairs` times with the chosen links kept; `Points`: the patches containing the
//! given points (or the point's cell alone). The path is the least-cost path of the
//! connectivity crate over the resistance table, through zone and habitat cells only,
//! widened by `half_width` cells on each side (square brush). Its cells that are not
//! yet habitat and not protected against the class are converted to the corridor
//! class, and the corridor is paid for whole or not at all.

use super::apply::{Act, Job};
use super::components::{CorridorPlan, Ends};
use crate::layers::NODATA;
use shanshui_connectivity::{
    CostSurface, DispersalKernel, Neighbourhood, PatchGraph, PatchSet, euclidean_pairs,
    pc_numerator,
};
use shanshui_engine::Grid;

type Cells = Vec<(usize, usize)>;

/// One year of a corridor intervention.
pub(crate) fn build_corridors(plan: &CorridorPlan, job: &mut Job, act: &mut Act) {
    let w = act.landscape.width;
    let Ok(patches) = PatchSet::new(
        act.field.class,
        act.landscape,
        &plan.habitat,
        Neighbourhood::Eight,
    ) else {
        return;
    };
    let ends: Vec<(Cells, Cells)> = match &plan.ends {
        Ends::Auto { pairs, candidates } => auto_pairs(&patches, plan.d50_m, *pairs, *candidates)
            .into_iter()
            .map(|(a, b)| (patch_cells(&patches, a, w), patch_cells(&patches, b, w)))
            .collect(),
        Ends::Cells(list) => list
            .iter()
            .map(|&(a, b)| (cells_at(&patches, a, w), cells_at(&patches, b, w)))
            .collect(),
    };
    let surface = match CostSurface::new(&passable(plan, job, act), act.landscape, &plan.resistance)
    {
        Ok(s) => s,
        Err(_) => return,
    };
    for (a, b) in ends {
        let Ok(Some(path)) = surface.least_cost_path(&a, &b) else {
            continue;
        };
        let cells = corridor_cells(plan, job, act, &path.cells);
        if !cells.is_empty() && job.allowance.try_take(cells.len() as u64) {
            for i in cells {
                act.field.convert(i, plan.class);
                act.activity.corridor += 1;
                act.activity.restored += 1;
            }
        }
    }
}

/// The land cover with cells outside the zone (habitat excepted) made nodata.
fn passable(plan: &CorridorPlan, job: &Job, act: &Act) -> Grid<u8> {
    let cover: &Grid<u8> = act.field.class;
    let mut out = cover.map(|&c| if plan.habitat.contains(c) { c } else { NODATA });
    for (i, _) in job.zone.cells_now(cover) {
        out.as_mut_slice()[i as usize] = cover.as_slice()[i as usize];
    }
    out
}

/// The widened path's cells that will be converted, row-major.
fn corridor_cells(
    plan: &CorridorPlan,
    job: &Job,
    act: &Act,
    path: &[(usize, usize)],
) -> Vec<usize> {
    let (w, h) = (act.landscape.width, act.landscape.height);
    let r = plan.half_width;
    let mut mark = vec![false; w * h];
    for &(x, y) in path {
        for ny in y.saturating_sub(r)..(y + r + 1).min(h) {
            for nx in x.saturating_sub(r)..(x + r + 1).min(w) {
                mark[ny * w + nx] = true;
            }
        }
    }
    let mut in_zone = vec![false; w * h];
    for (i, _) in job.zone.cells_now(act.field.class) {
        in_zone[i as usize] = true;
    }
    (0..w * h)
        .filter(|&i| {
            let c = act.field.class(i);
            mark[i]
                && in_zone[i]
                && !plan.habitat.contains(c)
                && c != plan.class
                && plan.resistance.get(c).is_some()
                && !act.protection.forbids(i, c, plan.class, act.year)
        })
        .collect()
}

/// Cells `(x, y)` of patch `p`.
fn patch_cells(set: &PatchSet, p: u32, w: usize) -> Cells {
    let labels = set.labels().labels().as_slice();
    (0..labels.len())
        .filter(|&i| labels[i] == p)
        .map(|i| (i % w, i / w))
        .collect()
}

/// The cells of the patch containing `(x, y)`, or that cell alone.
fn cells_at(set: &PatchSet, (x, y): (usize, usize), w: usize) -> Cells {
    match *set.labels().labels().get(x, y) {
        shanshui_connectivity::PatchLabels::NO_PATCH => vec![(x, y)],
        p => patch_cells(set, p, w),
    }
}

/// Greedy choice of `pairs` links among the `candidates` closest pairs of patches.
pub(crate) fn auto_pairs(
    set: &PatchSet,
    d50_m: f64,
    pairs: usize,
    candidates: usize,
) -> Vec<(u32, u32)> {
    let Ok(kernel) = DispersalKernel::with_d50(d50_m) else {
        return Vec::new();
    };
    let all = euclidean_pairs(set, kernel.cutoff());
    let mut near = all.clone();
    near.sort_by(|a, b| {
        a.distance
            .total_cmp(&b.distance)
            .then((a.a, a.b).cmp(&(b.a, b.b)))
    });
    near.truncate(candidates);
    let areas = set.areas_ha();
    // Edges with a strictly lighter detour are on no shortest path, and adding links
    // only adds detours: they are dropped once, not for every candidate.
    let base = PatchGraph::probability(set.len(), &all, &kernel).without_detoured_edges(1);
    let mut edges: Vec<(u32, u32, f64)> = (0..set.len() as u32)
        .flat_map(|a| {
            base.neighbours(a)
                .filter(move |&(b, _)| a < b)
                .map(move |(b, w)| (a, b, w))
        })
        .collect();
    let mut chosen = Vec::new();
    for _ in 0..pairs {
        let best = near
            .iter()
            .filter(|p| !chosen.contains(&(p.a, p.b)))
            .map(|p| {
                let with = edges.iter().copied().chain([(p.a, p.b, 0.0)]);
                let graph = PatchGraph::from_edges(set.len(), with);
                (
                    pc_numerator(&graph, &areas, kernel.max_weight()),
                    (p.a, p.b),
                )
            })
            .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
        let Some((_, pair)) = best else { break };
        chosen.push(pair);
        edges.push((pair.0, pair.1, 0.0));
    }
    chosen
}
