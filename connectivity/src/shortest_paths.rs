//! Bounded Dijkstra searches over a [`PatchGraph`], in a reusable workspace
//! ([`ShortestPaths`]).
//!
//! Nodes settle in `(distance, id)` order: by distance, ties by patch id, so every run
//! is deterministic. The settled distances do not depend on how the search finds
//! them: each is the smallest left-to-right float sum of the weights along a path
//! from the source (rounding is monotone), and the order is fixed by them. Two
//! queues give that order:
//! - a **bucket queue**, when the graph's lightest edge `w_min` is positive and the
//!   bound is not too many `w_min` away: the buckets are at most `w_min / 2` wide
//!   (narrower when there are many nodes), so a relaxation always lands in a later
//!   bucket, every label in the current bucket is final, and sorting the bucket by
//!   `(distance, id)` gives the settling order. It costs a few instructions per node
//!   and bucket, not a heap's `O(log n)` moves.
//! - otherwise a binary heap keyed by `(distance, id)` in one integer.

use crate::graph::{PatchGraph, heap_key, split_heap_key};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Parent of a node without one (the source, or a node not reached).
const NO_PARENT: u32 = u32::MAX;

/// Most buckets per node for which the bucket queue is used.
const BUCKETS_PER_NODE: f64 = 32.0;

/// Buckets over the whole bound per node the search is expected to settle (as many
/// as the workspace's previous search settled) that the bucket queue aims at, when
/// the lightest edge allows them: narrow buckets hold few nodes to sort, but every
/// bucket up to the farthest node costs a look, so the count follows the nodes a
/// search reaches, not the graph's size.
const BUCKETS_PER_NODE_AIM: f64 = 8.0;

/// A Dijkstra workspace: distances, shortest-path-tree parents, and the settled
/// nodes in the order they were settled. Only touched entries are reset between runs.
pub(crate) struct ShortestPaths {
    labels: Labels,
    heap: BinaryHeap<Reverse<u128>>,
    /// Nodes by `⌊distance · scale⌋` (they may be listed again after a lower label).
    buckets: Vec<Vec<u32>>,
    /// The `heap_key`s of the nodes settling from one bucket.
    batch: Vec<u128>,
    /// Nodes settled by the last search (the graph's size before the first).
    reach: usize,
}

/// The labels of one search.
struct Labels {
    dist: Vec<f64>,
    parent: Vec<u32>,
    order: Vec<u32>,
    /// Settled nodes (kept up to date by the bucket queue only).
    settled: Vec<bool>,
}

impl Labels {
    /// Settles `u` at distance `d` and lowers the labels of its neighbours within
    /// `max_weight`, calling `lowered` for each; the lightest edge to a node wins,
    /// then the first parent to reach it.
    fn settle(
        &mut self,
        g: &PatchGraph,
        (d, u): (f64, u32),
        max_weight: f64,
        mut lowered: impl FnMut(u32, f64),
    ) {
        self.order.push(u);
        for (v, w) in g.neighbours(u) {
            let nd = d + w;
            if nd > max_weight {
                break;
            }
            if nd < self.dist[v as usize] {
                self.dist[v as usize] = nd;
                self.parent[v as usize] = u;
                lowered(v, nd);
            }
        }
    }
}

impl ShortestPaths {
    pub(crate) fn new(n: usize) -> Self {
        Self {
            labels: Labels {
                dist: vec![f64::INFINITY; n],
                parent: vec![NO_PARENT; n],
                order: Vec::new(),
                settled: vec![false; n],
            },
            heap: BinaryHeap::new(),
            buckets: Vec::new(),
            batch: Vec::new(),
            reach: n,
        }
    }

    /// Shortest distances from `source` up to `max_weight`.
    pub(crate) fn run(&mut self, g: &PatchGraph, source: u32, max_weight: f64) {
        self.start(source);
        match bucket_scale(g, max_weight, self.reach) {
            Some(scale) => self.run_buckets(g, source, max_weight, scale),
            None => self.run_heap(g, source, max_weight),
        }
        self.reach = self.labels.order.len();
    }

    /// Clears the labels of the last run and gives `source` distance 0. Every node
    /// given a finite distance was queued and so settled: resetting the nodes of
    /// `order` restores the whole workspace.
    fn start(&mut self, source: u32) {
        let l = &mut self.labels;
        for &t in &l.order {
            l.dist[t as usize] = f64::INFINITY;
            l.parent[t as usize] = NO_PARENT;
            l.settled[t as usize] = false;
        }
        l.order.clear();
        l.dist[source as usize] = 0.0;
    }

    /// The search with a heap of `(distance, id)` keys; stale entries are skipped.
    fn run_heap(&mut self, g: &PatchGraph, source: u32, max_weight: f64) {
        let heap = &mut self.heap;
        heap.clear();
        heap.push(Reverse(heap_key(0.0, source)));
        while let Some(Reverse(key)) = heap.pop() {
            let (d, u) = split_heap_key(key);
            if d > self.labels.dist[u as usize] {
                continue;
            }
            self.labels.settle(g, (d, u), max_weight, |v, nd| {
                heap.push(Reverse(heap_key(nd, v)));
            });
        }
    }

    /// The search with the bucket queue of `scale` (see [`bucket_scale`]): each
    /// bucket's nodes settle in `(distance, id)` order. A label only falls, so an
    /// entry whose node is already settled is one left behind in a later bucket (or
    /// listed twice) and is skipped.
    fn run_buckets(&mut self, g: &PatchGraph, source: u32, max_weight: f64, scale: f64) {
        let slot = |d: f64| (d * scale) as u32 as usize;
        if self.buckets.len() <= slot(max_weight) {
            self.buckets.resize_with(slot(max_weight) + 1, Vec::new);
        }
        self.buckets[0].push(source);
        let (mut queued, mut b) = (1, 0);
        while queued > 0 {
            if self.buckets[b].is_empty() {
                b += 1;
                continue;
            }
            let mut bucket = std::mem::take(&mut self.buckets[b]);
            queued -= bucket.len();
            self.batch.clear();
            for &v in &bucket {
                if !std::mem::replace(&mut self.labels.settled[v as usize], true) {
                    insert_sorted(&mut self.batch, heap_key(self.labels.dist[v as usize], v));
                }
            }
            for &key in &self.batch {
                self.labels
                    .settle(g, split_heap_key(key), max_weight, |v, nd| {
                        debug_assert!(slot(nd) > b, "a relaxation must leave the bucket");
                        self.buckets[slot(nd)].push(v);
                        queued += 1;
                    });
            }
            bucket.clear();
            self.buckets[b] = bucket;
            b += 1;
        }
    }

    /// Settled nodes in settling order (the source first).
    pub(crate) fn order(&self) -> &[u32] {
        &self.labels.order
    }

    /// Shortest distance to `node` (infinite when not reached).
    pub(crate) fn dist(&self, node: u32) -> f64 {
        self.labels.dist[node as usize]
    }

    /// Parent of `node` in the shortest-path tree.
    pub(crate) fn parent(&self, node: u32) -> u32 {
        self.labels.parent[node as usize]
    }
}

/// Inserts `key` into the ascending `keys`. Buckets hold a few nodes, so a linear
/// insertion beats a general sort.
fn insert_sorted(keys: &mut Vec<u128>, key: u128) {
    keys.push(key);
    let mut at = keys.len() - 1;
    while at > 0 && keys[at - 1] > key {
        keys[at] = keys[at - 1];
        at -= 1;
    }
    keys[at] = key;
}

/// The inverse bucket width when the bucket queue fits `g` and `max_weight`: at
/// least `2 / w_min`, more if that gives fewer than [`BUCKETS_PER_NODE_AIM`]
/// buckets per node expected to settle (`reach`); `w_min > 0` and at most
/// [`BUCKETS_PER_NODE`] buckets per node of the graph (and fewer than `2³²`). An
/// edge then spans at least two bucket widths, so even after rounding (relative
/// errors near `2⁻⁵²` times the bucket count) a relaxation lands in a later bucket.
/// The width changes the work, never the result (module docs).
fn bucket_scale(g: &PatchGraph, max_weight: f64, reach: usize) -> Option<f64> {
    let aim = BUCKETS_PER_NODE_AIM * reach as f64 / max_weight;
    let scale = (2.0 / g.lightest()).max(aim);
    let count = max_weight * scale;
    let most = (BUCKETS_PER_NODE * (g.len() + 1) as f64).min(f64::from(u32::MAX));
    (g.lightest() > 0.0 && count <= most).then_some(scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A random graph whose weights come from a few values, so distances often tie.
    fn graph(n: u32, edges: usize, seed: u64) -> PatchGraph {
        let mut draw = crate::test_rng::lcg(seed);
        let mut next = |m: u64| draw() % m;
        let list: Vec<(u32, u32, f64)> = (0..edges)
            .map(|_| {
                let (a, b) = (next(u64::from(n)) as u32, next(u64::from(n)) as u32);
                (a, b, [0.25, 0.5, 0.75, 1.0, 1.3][next(5) as usize])
            })
            .filter(|e| e.0 != e.1)
            .collect();
        PatchGraph::from_edges(n as usize, list.into_iter())
    }

    /// Any bucket width (here for an expected reach of 1 node and of all 60) settles
    /// like the heap.
    #[test]
    fn bucket_queue_settles_like_the_heap() {
        for (seed, reach) in (0..20).flat_map(|seed| [(seed, 1), (seed, 60)]) {
            let g = graph(60, 150, seed);
            let max_weight = 2.5;
            let scale = bucket_scale(&g, max_weight, reach).expect("buckets fit");
            let (mut heap, mut buckets) = (ShortestPaths::new(60), ShortestPaths::new(60));
            for s in 0..60 {
                heap.start(s);
                heap.run_heap(&g, s, max_weight);
                buckets.start(s);
                buckets.run_buckets(&g, s, max_weight, scale);
                assert_eq!(heap.order(), buckets.order(), "seed {seed}, source {s}");
                for &t in heap.order() {
                    assert_eq!(heap.dist(t).to_bits(), buckets.dist(t).to_bits());
                    assert_eq!(heap.parent(t), buckets.parent(t));
                }
            }
        }
    }
}
