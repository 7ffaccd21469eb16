//! The probability of connectivity numerator `Σ_i Σ_j a_i a_j p*_ij` (Saura &
//! Pascual-Hortal 2007), from which `PC = numerator / A_L²` and `ECA = √numerator`
//! (Saura et al. 2011).
//!
//! One bounded Dijkstra per source patch on `−ln p` weights gives `p*` to every patch
//! with `p* ≥ p_min`. Sources run in parallel; each returns its partial sum (added in
//! settling order), and the partial sums are added in patch order, so the result is
//! bit-identical for any thread count. Cost: `O(Σ_s E_s log E_s)` where `E_s` is the
//! number of edges among the patches within the cutoff of `s`, or `O(Σ_s (E_s + B))`
//! when the searches use their bucket queue of `B` buckets
//! ([`crate::shortest_paths`]).

use crate::graph::PatchGraph;
use crate::shortest_paths::ShortestPaths;
use rayon::prelude::*;

/// `Σ_i Σ_j a_i a_j p*_ij` over the graph of `−ln p` weights, ignoring `p* < p_min`
/// (`max_weight = −ln p_min`). `areas[i]` is `a_i`.
pub fn pc_numerator(graph: &PatchGraph, areas: &[f64], max_weight: f64) -> f64 {
    let n = graph.len();
    debug_assert_eq!(areas.len(), n);
    let per_source: Vec<f64> = (0..n as u32)
        .into_par_iter()
        .map_init(
            || ShortestPaths::new(n),
            |sp, s| {
                sp.run(graph, s, max_weight);
                areas[s as usize] * reach_sum(sp, areas)
            },
        )
        .collect();
    per_source.iter().sum()
}

/// `Σ_t a_t p*_st` over the nodes settled by the last run, in settling order.
pub(crate) fn reach_sum(sp: &ShortestPaths, areas: &[f64]) -> f64 {
    sp.order()
        .iter()
        .map(|&t| areas[t as usize] * (-sp.dist(t)).exp())
        .sum()
}
