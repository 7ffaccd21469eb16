//! The importance of each patch for PC: `dPC_k = 100 · (PC − PC_k) / PC`, where
//! `PC_k` is PC after removing patch `k` (with `A_L` unchanged).
//!
//! Removing `k` changes the distances from a source `s` only for `k` itself and for
//! the descendants of `k` in the shortest-path tree of `s`: every other node keeps a
//! shortest path that avoids `k`. So one Dijkstra per source, then for each settled
//! `k` a small Dijkstra over `k`'s subtree alone, seeded from the unaffected
//! neighbours. The cost per source is about `Σ_t depth(t) · degree` instead of one
//! Dijkstra per removed patch. Sources run in parallel; each returns its changes in a
//! fixed order and they are added in source order, so the result does not depend on
//! the thread count.

use crate::graph::{PatchGraph, heap_key, split_heap_key};
use crate::pc::reach_sum;
use crate::shortest_paths::ShortestPaths;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// `dPC_k` in percent for every patch, and the PC numerator `Σ_i Σ_j a_i a_j p*_ij`.
/// `max_weight = −ln p_min`; `areas[i]` is `a_i`.
pub fn dpc(graph: &PatchGraph, areas: &[f64], max_weight: f64) -> (Vec<f64>, f64) {
    let n = graph.len();
    let per_source: Vec<(f64, Vec<(u32, f64)>)> = (0..n as u32)
        .into_par_iter()
        .map_init(
            || (ShortestPaths::new(n), Tree::new(n)),
            |(sp, tree), s| {
                sp.run(graph, s, max_weight);
                let sum = reach_sum(sp, areas);
                tree.build(sp);
                let scale = areas[s as usize];
                let search = Search {
                    g: graph,
                    sp,
                    areas,
                    max_weight,
                };
                let deltas = tree.removal_changes(&search);
                (
                    scale * sum,
                    deltas.into_iter().map(|(k, d)| (k, scale * d)).collect(),
                )
            },
        )
        .collect();
    let numerator: f64 = per_source.iter().map(|p| p.0).sum();
    // drop_k = a_k S_k − Σ_{s≠k} a_s (S_s^(k) − S_s), accumulated in source order.
    let mut drop: Vec<f64> = per_source.iter().map(|p| p.0).collect();
    for (_, deltas) in &per_source {
        for &(k, d) in deltas {
            drop[k as usize] -= d;
        }
    }
    let dpc = drop.iter().map(|&d| 100.0 * d / numerator).collect();
    (dpc, numerator)
}

/// The inputs shared by every removal for one source.
#[derive(Clone, Copy)]
struct Search<'a> {
    g: &'a PatchGraph,
    sp: &'a ShortestPaths,
    areas: &'a [f64],
    max_weight: f64,
}

/// The shortest-path tree of one source in preorder, with subtree sizes.
struct Tree {
    /// Local index (settling order) of each global node, `u32::MAX` when not settled.
    local: Vec<u32>,
    /// Preorder position of each local node.
    pre: Vec<u32>,
    /// Subtree size of each local node.
    size: Vec<u32>,
    /// Global node at each preorder position.
    by_pre: Vec<u32>,
    /// New distance of each local node during one removal (infinite when unset).
    alt: Vec<f64>,
}

impl Tree {
    fn new(n: usize) -> Self {
        Self {
            local: vec![u32::MAX; n],
            pre: Vec::new(),
            size: Vec::new(),
            by_pre: Vec::new(),
            alt: Vec::new(),
        }
    }

    fn build(&mut self, sp: &ShortestPaths) {
        for &t in &self.by_pre {
            self.local[t as usize] = u32::MAX;
        }
        let order = sp.order();
        let m = order.len();
        for (i, &t) in order.iter().enumerate() {
            self.local[t as usize] = i as u32;
        }
        // Children in settling order, as compressed lists.
        let mut start = vec![0usize; m + 1];
        for &t in &order[1..] {
            start[self.local[sp.parent(t) as usize] as usize + 1] += 1;
        }
        for i in 0..m {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut children = vec![0u32; m.saturating_sub(1)];
        for (i, &t) in order.iter().enumerate().skip(1) {
            let p = self.local[sp.parent(t) as usize] as usize;
            children[next[p]] = i as u32;
            next[p] += 1;
        }
        self.preorder(&start, &children, order);
    }

    /// Iterative depth-first preorder from the source (local 0) with subtree sizes.
    fn preorder(&mut self, start: &[usize], children: &[u32], order: &[u32]) {
        let m = order.len();
        self.pre = vec![0; m];
        self.size = vec![1; m];
        self.by_pre = Vec::with_capacity(m);
        self.alt = vec![f64::INFINITY; m];
        let mut stack = vec![0u32];
        while let Some(u) = stack.pop() {
            self.pre[u as usize] = self.by_pre.len() as u32;
            self.by_pre.push(order[u as usize]);
            stack.extend(
                children[start[u as usize]..start[u as usize + 1]]
                    .iter()
                    .rev(),
            );
        }
        // Children settle after their parent, so reverse settling order sums sizes.
        for u in (0..m).rev() {
            let s: u32 = children[start[u]..start[u + 1]]
                .iter()
                .map(|&c| self.size[c as usize])
                .sum();
            self.size[u] = 1 + s;
        }
    }

    /// For every settled `k` other than the source: `S^(k) − S`, the change of
    /// `Σ_t a_t p*_st` when `k` is removed, in settling order.
    fn removal_changes(&mut self, search: &Search<'_>) -> Vec<(u32, f64)> {
        let (sp, areas) = (search.sp, search.areas);
        let order = sp.order();
        let mut out = Vec::with_capacity(order.len().saturating_sub(1));
        let mut heap = BinaryHeap::new();
        for (lk, &k) in order.iter().enumerate().skip(1) {
            let mut change = -areas[k as usize] * (-sp.dist(k)).exp();
            let (p, size) = (self.pre[lk] as usize, self.size[lk] as usize);
            if size > 1 {
                change += self.reroute(search, k, p + 1..p + size, &mut heap);
            }
            out.push((k, change));
        }
        out
    }

    /// New shortest distances of the nodes at preorder positions `sub` (the
    /// descendants of `k`) without `k`, and the resulting change of their sum.
    fn reroute(
        &mut self,
        search: &Search<'_>,
        k: u32,
        sub: std::ops::Range<usize>,
        heap: &mut BinaryHeap<Reverse<u128>>,
    ) -> f64 {
        let Search {
            g,
            sp,
            areas,
            max_weight,
        } = *search;
        let inside = |pre: &[u32], local: &[u32], v: u32| {
            let l = local[v as usize];
            l != u32::MAX && sub.contains(&(pre[l as usize] as usize))
        };
        heap.clear();
        for &u in &self.by_pre[sub.clone()] {
            let mut best = f64::INFINITY;
            for (v, w) in g.neighbours(u) {
                if w > max_weight {
                    break;
                }
                if v != k
                    && self.local[v as usize] != u32::MAX
                    && !inside(&self.pre, &self.local, v)
                {
                    best = best.min(sp.dist(v) + w);
                }
            }
            if best <= max_weight {
                self.alt[self.local[u as usize] as usize] = best;
                heap.push(Reverse(heap_key(best, u)));
            }
        }
        while let Some(Reverse(key)) = heap.pop() {
            let (d, u) = split_heap_key(key);
            if d > self.alt[self.local[u as usize] as usize] {
                continue;
            }
            for (v, w) in g.neighbours(u) {
                let nd = d + w;
                if nd > max_weight {
                    break;
                }
                if v == k || !inside(&self.pre, &self.local, v) {
                    continue;
                }
                let lv = self.local[v as usize] as usize;
                if nd < self.alt[lv] {
                    self.alt[lv] = nd;
                    heap.push(Reverse(heap_key(nd, v)));
                }
            }
        }
        let mut change = 0.0;
        for &u in &self.by_pre[sub] {
            let lu = self.local[u as usize] as usize;
            let new = self.alt[lu];
            change += areas[u as usize] * ((-new).exp() - (-sp.dist(u)).exp());
            self.alt[lu] = f64::INFINITY;
        }
        change
    }
}
