//! The patch graph: patches are nodes, pairs closer than the cutoff are edges weighted
//! by `−ln p_ij`, stored as compressed adjacency lists sorted by weight. The
//! shortest path on these weights is the maximum-product path, so `p*_ij =
//! exp(−dist_ij)`; the searches are in [`crate::shortest_paths`].

use crate::shortest_paths::ShortestPaths;
use crate::{DispersalKernel, PatchPair};
use rayon::prelude::*;

/// An undirected weighted graph over patches `0..n`.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchGraph {
    start: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    /// The smallest edge weight, infinite without edges.
    lightest: f64,
}

impl PatchGraph {
    /// A graph over `n` nodes with an edge for each `(a, b, weight)`; weights must be
    /// non-negative. Parallel edges are kept (the lighter one wins in searches).
    pub fn from_edges(n: usize, edges: impl Iterator<Item = (u32, u32, f64)> + Clone) -> Self {
        let mut start = vec![0usize; n + 1];
        for (a, b, _) in edges.clone() {
            start[a as usize + 1] += 1;
            start[b as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut targets = vec![0u32; start[n]];
        let mut weights = vec![0.0; start[n]];
        for (a, b, w) in edges {
            for (from, to) in [(a, b), (b, a)] {
                let k = &mut next[from as usize];
                (targets[*k], weights[*k]) = (to, w);
                *k += 1;
            }
        }
        // Each list is sorted by (weight, target) through one integer key per entry;
        // equal keys are interchangeable, so an unstable sort gives the same lists,
        // and a list already in order (as the link graph's lists come) is left as is.
        let key = |w: f64, t: u32| u128::from(order_key(w)) << 32 | u128::from(t);
        let mut keys: Vec<u128> = Vec::new();
        for i in 0..n {
            let r = start[i]..start[i + 1];
            keys.clear();
            keys.extend(
                weights[r.clone()]
                    .iter()
                    .zip(&targets[r.clone()])
                    .map(|(&w, &t)| key(w, t)),
            );
            if keys.is_sorted() {
                continue;
            }
            keys.sort_unstable();
            for (k, &key) in r.zip(&keys) {
                (weights[k], targets[k]) = (from_order_key((key >> 32) as u64), key as u32);
            }
        }
        let lightest = (0..n)
            .filter(|&i| start[i] < start[i + 1])
            .map(|i| weights[start[i]])
            .fold(f64::INFINITY, f64::min);
        Self {
            start,
            targets,
            weights,
            lightest,
        }
    }

    /// The probability graph: each pair becomes an edge of weight `−ln p(d)`; pairs
    /// with `p < p_min` are left out.
    pub fn probability(n: usize, pairs: &[PatchPair], kernel: &DispersalKernel) -> Self {
        let max = kernel.max_weight();
        Self::from_edges(
            n,
            pairs
                .iter()
                .map(|p| (p.a, p.b, kernel.weight(p.distance)))
                .filter(move |e| e.2 <= max),
        )
    }

    /// `probability(n, pairs, kernel).without_detoured_edges(witnesses)`, the graph
    /// [`crate::analyse`] searches. Up to [`DENSE_MAX_NODES`] patches it is found
    /// without building and sorting the full graph: the weights go into an `n × n`
    /// matrix and each pair counts its detours over the rows of its two ends,
    /// lightest first, stopping at `witnesses`. Pairs must come sorted by `(a, b)`
    /// without repeats (as from [`crate::patch_pairs`]); otherwise, or with more
    /// patches, the full graph is built and pruned.
    pub(crate) fn pruned_probability(
        n: usize,
        pairs: &[PatchPair],
        kernel: &DispersalKernel,
        witnesses: usize,
    ) -> Self {
        let unique = pairs
            .windows(2)
            .all(|p| (p[0].a, p[0].b) < (p[1].a, p[1].b));
        if n > DENSE_MAX_NODES || !unique {
            return Self::probability(n, pairs, kernel).without_detoured_edges(witnesses);
        }
        let matrix = WeightMatrix::new(n, pairs, kernel);
        let kept: Vec<Vec<(u32, u32, f64)>> = (0..n)
            .into_par_iter()
            .map(|i| matrix.kept_from(i, witnesses))
            .collect();
        Self::from_edges(n, kept.iter().flatten().copied())
    }

    /// The link graph for IIC: an edge of weight 1 for each pair with
    /// `distance ≤ link_distance`.
    pub fn links(n: usize, pairs: &[PatchPair], link_distance: f64) -> Self {
        Self::from_edges(
            n,
            pairs
                .iter()
                .filter(move |p| p.distance <= link_distance)
                .map(|p| (p.a, p.b, 1.0)),
        )
    }

    /// This graph without the edges that no shortest path needs: edge `(i, j)` is
    /// dropped when at least `witnesses` distinct patches `k` give a strictly lighter
    /// detour, `w_ik + w_kj < w_ij`. With one witness every shortest distance is
    /// unchanged (a shortest path using the edge could take the detour and be
    /// shorter); with two it is also unchanged after removing any single patch (a
    /// witness other than the removed one remains), which [`dpc`](crate::dpc()) needs.
    /// Stepping stones make most long edges redundant, so this turns the nearly
    /// complete graphs of a large `d50` into sparse ones. Parallel over nodes.
    pub fn without_detoured_edges(&self, witnesses: usize) -> Self {
        let n = self.len();
        let kept: Vec<Vec<(u32, u32, f64)>> = (0..n as u32)
            .into_par_iter()
            .map_init(
                || vec![f64::INFINITY; n],
                |to_j, j| {
                    for (k, w) in self.neighbours(j) {
                        to_j[k as usize] = to_j[k as usize].min(w);
                    }
                    let out = self
                        .neighbours(j)
                        .filter(|&(i, w_ij)| {
                            i < j && self.detours(i, w_ij, to_j, witnesses) < witnesses
                        })
                        .map(|(i, w)| (i, j, w))
                        .collect();
                    for (k, _) in self.neighbours(j) {
                        to_j[k as usize] = f64::INFINITY;
                    }
                    out
                },
            )
            .collect();
        Self::from_edges(n, kept.iter().flatten().copied())
    }

    /// Number of `k` with `w_ik + w_kj < w_ij`, up to `cap`, `to_j[k]` being `w_kj`.
    fn detours(&self, i: u32, w_ij: f64, to_j: &[f64], cap: usize) -> usize {
        let mut found = 0;
        for (k, w_ik) in self.neighbours(i) {
            if w_ik >= w_ij || found == cap {
                break;
            }
            found += usize::from(w_ik + to_j[k as usize] < w_ij);
        }
        found
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.start.len() - 1
    }

    /// True for a graph without nodes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of undirected edges.
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    /// Neighbours of `node` with the edge weights, lightest edge first (ties by id), so
    /// a bounded search can stop scanning at the first edge that is too heavy.
    #[inline]
    pub fn neighbours(&self, node: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        let r = self.start[node as usize]..self.start[node as usize + 1];
        self.targets[r.clone()]
            .iter()
            .copied()
            .zip(self.weights[r].iter().copied())
    }

    /// The smallest edge weight, infinite without edges.
    pub(crate) fn lightest(&self) -> f64 {
        self.lightest
    }

    /// The neighbours of `node` alone, in the order of [`Self::neighbours`].
    pub(crate) fn targets(&self, node: u32) -> &[u32] {
        &self.targets[self.start[node as usize]..self.start[node as usize + 1]]
    }

    /// `p*` from `source` to every patch (`exp` of minus the shortest distance on
    /// `−ln p` weights), 0 where `p* < p_min` (`max_weight = −ln p_min`).
    pub fn max_product_probabilities(&self, source: u32, max_weight: f64) -> Vec<f64> {
        let mut sp = ShortestPaths::new(self.len());
        sp.run(self, source, max_weight);
        let mut out = vec![0.0; self.len()];
        for &t in sp.order() {
            out[t as usize] = (-sp.dist(t)).exp();
        }
        out
    }
}

/// Most patches for which [`PatchGraph::pruned_probability`] holds every weight in
/// a dense matrix (8 MiB).
const DENSE_MAX_NODES: usize = 1024;

/// The edge weights of the probability graph as a dense symmetric matrix, infinite
/// where there is no edge (and on the diagonal).
struct WeightMatrix {
    n: usize,
    w: Vec<f64>,
    /// `WEIGHT_BUCKETS / max_weight`: the bucket of a weight is `⌊w · scale⌋`.
    scale: f64,
}

/// Buckets by which [`WeightMatrix::kept_from`] orders a row, lightest first (at
/// most 256, so a bucket fits a `u8`).
const WEIGHT_BUCKETS: usize = 256;

impl WeightMatrix {
    /// Pairs with `p < p_min` are left out, as in [`PatchGraph::probability`].
    fn new(n: usize, pairs: &[PatchPair], kernel: &DispersalKernel) -> Self {
        let max = kernel.max_weight();
        let mut w = vec![f64::INFINITY; n * n];
        for p in pairs {
            let (a, b, weight) = (p.a as usize, p.b as usize, kernel.weight(p.distance));
            if weight <= max {
                (w[a * n + b], w[b * n + a]) = (weight, weight);
            }
        }
        let scale = WEIGHT_BUCKETS as f64 / max;
        Self { n, w, scale }
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.w[i * self.n..(i + 1) * self.n]
    }

    /// The edges `(i, j, w_ij)`, `j > i`, with fewer than `witnesses` patches `k`
    /// such that `w_ik + w_kj < w_ij` (the test of
    /// [`PatchGraph::without_detoured_edges`]). The neighbours `k` of `i` are
    /// counting-sorted by weight bucket, so an edge checks the lighter ones first and
    /// stops after its own bucket: the heavier `k` cannot give a lighter detour (nor
    /// can a missing edge, which weighs `∞` and sits in the last bucket).
    fn kept_from(&self, i: usize, witnesses: usize) -> Vec<(u32, u32, f64)> {
        let row = self.row(i);
        let buckets: Vec<u8> = row.iter().map(|&w| self.bucket(w)).collect();
        let (near, ends) = by_bucket(&buckets);
        (i + 1..self.n)
            .filter(|&j| {
                let (w_ij, to_j) = (row[j], self.row(j));
                let lighter = &near[..ends[usize::from(buckets[j])] as usize];
                w_ij.is_finite() && detours(lighter, row, to_j, w_ij, witnesses) < witnesses
            })
            .map(|j| (i as u32, j as u32, row[j]))
            .collect()
    }

    /// Bucket of an edge weight, ascending with the weight (`∞` in the last).
    fn bucket(&self, w: f64) -> u8 {
        (w * self.scale).min((WEIGHT_BUCKETS - 1) as f64) as u8
    }
}

/// Number of `k` among `candidates` with `to_i[k] + to_j[k] < w`, up to `cap`.
fn detours(candidates: &[u32], to_i: &[f64], to_j: &[f64], w: f64, cap: usize) -> usize {
    let mut found = 0;
    for &k in candidates {
        if found == cap {
            break;
        }
        found += usize::from(to_i[k as usize] + to_j[k as usize] < w);
    }
    found
}

/// The patches `k` sorted by `buckets[k]` (ascending `k` within a bucket), and the
/// end of each bucket in that list.
fn by_bucket(buckets: &[u8]) -> (Vec<u32>, [u32; WEIGHT_BUCKETS]) {
    let mut ends = [0u32; WEIGHT_BUCKETS];
    for &b in buckets {
        ends[usize::from(b)] += 1;
    }
    for b in 1..WEIGHT_BUCKETS {
        ends[b] += ends[b - 1];
    }
    let mut next = ends;
    let mut near = vec![0; buckets.len()];
    for (k, &b) in buckets.iter().enumerate().rev() {
        let slot = &mut next[usize::from(b)];
        *slot -= 1;
        near[*slot as usize] = k as u32;
    }
    (near, ends)
}

/// A `u64` that orders like `w` under [`f64::total_cmp`].
fn order_key(w: f64) -> u64 {
    let b = w.to_bits();
    if b >> 63 == 0 { b | 1 << 63 } else { !b }
}

/// The inverse of [`order_key`].
fn from_order_key(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// `(d, node)` as one integer that orders like the pair, for a non-negative `d`: a
/// search heap compares one integer instead of a float and an id.
pub(crate) fn heap_key(d: f64, node: u32) -> u128 {
    u128::from(d.to_bits()) << 32 | u128::from(node)
}

/// The inverse of [`heap_key`].
pub(crate) fn split_heap_key(key: u128) -> (f64, u32) {
    (f64::from_bits((key >> 32) as u64), key as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_pruning_equals_pruning_the_full_graph() {
        let kernel = DispersalKernel::new(100.0, 1e-3).unwrap();
        let mut draw = crate::test_rng::lcg(3u64);
        let mut next = |m: u64| draw() % m;
        for n in [0usize, 1, 2, 7, 40, 90] {
            // Distances on a coarse grid tie often; some pairs exceed the cutoff, a
            // quarter are missing.
            let mut pairs = Vec::new();
            for (a, b) in (0..n as u32).flat_map(|a| (a + 1..n as u32).map(move |b| (a, b))) {
                let distance = 25.0 * (next(45) + 1) as f64;
                if next(4) > 0 {
                    pairs.push(PatchPair { a, b, distance });
                }
            }
            for witnesses in 0..4 {
                assert_eq!(
                    PatchGraph::pruned_probability(n, &pairs, &kernel, witnesses),
                    PatchGraph::probability(n, &pairs, &kernel).without_detoured_edges(witnesses),
                    "{n} patches, {witnesses} witnesses"
                );
            }
        }
    }

    #[test]
    fn order_keys_sort_like_total_cmp_and_invert() {
        let values = [
            f64::NEG_INFINITY,
            -2.5,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            3.25,
            f64::INFINITY,
        ];
        for (i, &a) in values.iter().enumerate() {
            assert_eq!(from_order_key(order_key(a)).to_bits(), a.to_bits());
            for &b in &values[i + 1..] {
                assert!(order_key(a) < order_key(b), "{a} < {b}");
            }
        }
        let (d, node) = split_heap_key(heap_key(0.75, 9));
        assert_eq!((d, node), (0.75, 9));
        assert!(heap_key(0.5, 9) < heap_key(0.75, 2));
        assert!(heap_key(0.75, 2) < heap_key(0.75, 3));
    }
}
