//! The integral index of connectivity numerator `Σ_i Σ_j a_i a_j / (1 + nl_ij)`
//! (Pascual-Hortal & Saura 2006), from which `IIC = numerator / A_L²`.
//!
//! `nl_ij` is the number of links on the shortest topological path between `i` and
//! `j` (`nl_ii = 0`); pairs without a path add nothing. One breadth-first search per
//! source, sources in parallel, partial sums added in patch order. Seen nodes are a
//! bitset; a node with at least as many links as the bitset has words is expanded a
//! word at a time from its own adjacency bitset, which finds the same new nodes in
//! the same (ascending) order as its adjacency list. A search stops as soon as it
//! has seen the whole component of its source (sizes found once beforehand): the
//! nodes left in the frontier would find nothing new. Cost: `O(Σ_s Σ_u min(deg_u,
//! n / 64))` over the component of each source, so at most `O(n · (n + E))`: IIC has
//! no pruning.

use crate::graph::PatchGraph;
use rayon::prelude::*;

/// `Σ_i Σ_j a_i a_j / (1 + nl_ij)` on the link graph, whose adjacency lists must be
/// ascending by id (as [`PatchGraph::links`] makes them). `areas[i]` is `a_i`.
pub fn iic_numerator(links: &PatchGraph, areas: &[f64]) -> f64 {
    let n = links.len();
    debug_assert_eq!(areas.len(), n);
    let dense = DenseRows::new(links);
    let reach = component_sizes(links);
    let per_source: Vec<f64> = (0..n as u32)
        .into_par_iter()
        .map_init(
            || Bfs {
                seen: vec![0; dense.words],
                frontier: Vec::new(),
                next: Vec::new(),
            },
            |bfs, s| {
                let sum = bfs.level_sum(links, &dense, (s, reach[s as usize]), areas);
                areas[s as usize] * sum
            },
        )
        .collect();
    per_source.iter().sum()
}

/// The number of nodes in the connected component of each node.
fn component_sizes(g: &PatchGraph) -> Vec<usize> {
    let mut component = vec![u32::MAX; g.len()];
    let (mut sizes, mut stack) = (Vec::new(), Vec::new());
    for s in 0..g.len() as u32 {
        if component[s as usize] != u32::MAX {
            continue;
        }
        let id = sizes.len() as u32;
        component[s as usize] = id;
        stack.push(s);
        let mut size = 0;
        while let Some(u) = stack.pop() {
            size += 1;
            for &v in g.targets(u) {
                if component[v as usize] == u32::MAX {
                    component[v as usize] = id;
                    stack.push(v);
                }
            }
        }
        sizes.push(size);
    }
    component.iter().map(|&c| sizes[c as usize]).collect()
}

/// Adjacency bitsets of the nodes with at least `words` links (`words` = bitset
/// length in `u64`s): expanding such a node a word at a time is cheaper than walking
/// its list. The bitsets take less memory than those nodes' adjacency lists.
struct DenseRows {
    words: usize,
    /// Index of each node's bitset in `bits`, `u32::MAX` for a sparse node.
    row: Vec<u32>,
    bits: Vec<u64>,
}

impl DenseRows {
    fn new(g: &PatchGraph) -> Self {
        let words = g.len().div_ceil(64);
        let mut row = vec![u32::MAX; g.len()];
        let mut bits = Vec::new();
        for u in 0..g.len() as u32 {
            if g.targets(u).len() < words.max(1) {
                continue;
            }
            row[u as usize] = (bits.len() / words) as u32;
            bits.resize(bits.len() + words, 0);
            let r = &mut bits[row[u as usize] as usize * words..];
            for &v in g.targets(u) {
                r[v as usize / 64] |= 1 << (v % 64);
            }
        }
        Self { words, row, bits }
    }

    /// The adjacency bitset of `u`, if it has one.
    fn get(&self, u: u32) -> Option<&[u64]> {
        let r = self.row[u as usize] as usize;
        (r != u32::MAX as usize).then(|| &self.bits[r * self.words..(r + 1) * self.words])
    }
}

/// A reusable breadth-first search; `seen` is a bitset over the nodes.
struct Bfs {
    seen: Vec<u64>,
    frontier: Vec<u32>,
    next: Vec<u32>,
}

impl Bfs {
    /// `Σ_t a_t / (1 + nl_st)`, level by level; each level's nodes are summed in the
    /// order they are found (frontier order, then ascending id). `reach` is the size
    /// of the component of `s`: once that many nodes are seen the search stops (the
    /// levels it skips would add `0`).
    fn level_sum(
        &mut self,
        g: &PatchGraph,
        dense: &DenseRows,
        (s, reach): (u32, usize),
        areas: &[f64],
    ) -> f64 {
        self.seen.fill(0);
        self.seen[s as usize / 64] |= 1 << (s % 64);
        self.frontier.clear();
        self.frontier.push(s);
        let mut total = areas[s as usize];
        let (mut level, mut unseen) = (0.0, reach - 1);
        while unseen > 0 && !self.frontier.is_empty() {
            level += 1.0;
            self.next.clear();
            for &u in &self.frontier {
                match dense.get(u) {
                    Some(bits) => expand_bits(bits, &mut self.seen, &mut self.next),
                    None => expand_list(g, u, &mut self.seen, &mut self.next),
                }
                if self.next.len() == unseen {
                    break;
                }
            }
            unseen -= self.next.len();
            let ring: f64 = self.next.iter().map(|&v| areas[v as usize]).sum();
            total += ring / (1.0 + level);
            std::mem::swap(&mut self.frontier, &mut self.next);
        }
        total
    }
}

/// Appends the unseen neighbours of `u` to `next` in list order, marking them seen.
fn expand_list(g: &PatchGraph, u: u32, seen: &mut [u64], next: &mut Vec<u32>) {
    for &v in g.targets(u) {
        let (word, bit) = (v as usize / 64, 1 << (v % 64));
        if seen[word] & bit == 0 {
            seen[word] |= bit;
            next.push(v);
        }
    }
}

/// Appends the unseen nodes of the bitset `bits` to `next` in ascending order,
/// marking them seen.
fn expand_bits(bits: &[u64], seen: &mut [u64], next: &mut Vec<u32>) {
    for (w, (&b, s)) in bits.iter().zip(seen.iter_mut()).enumerate() {
        let mut new = b & !*s;
        *s |= new;
        while new != 0 {
            next.push((w * 64) as u32 + new.trailing_zeros());
            new &= new - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PatchPair;

    /// `Σ_s a_s · level_sum(s)` with the given expansion rows, in source order; the
    /// searches stop at the end of the component, or (`reach_all`) run until the
    /// frontier is empty.
    fn numerator(g: &PatchGraph, dense: &DenseRows, areas: &[f64], reach_all: bool) -> f64 {
        let mut bfs = Bfs {
            seen: vec![0; dense.words],
            frontier: Vec::new(),
            next: Vec::new(),
        };
        let reach = component_sizes(g);
        (0..g.len() as u32)
            .map(|s| {
                let r = if reach_all {
                    g.len()
                } else {
                    reach[s as usize]
                };
                areas[s as usize] * bfs.level_sum(g, dense, (s, r), areas)
            })
            .sum()
    }

    #[test]
    fn bitset_expansion_and_early_stop_sum_exactly_like_the_lists() {
        let mut draw = crate::test_rng::lcg(1u64);
        let mut next = |n: u64| draw() % n;
        for n in [1usize, 5, 64, 65, 130, 300] {
            let areas: Vec<f64> = (0..n).map(|_| (1 + next(997)) as f64 * 0.01).collect();
            for density in [2, 10, 60] {
                let pairs: Vec<PatchPair> = (0..n as u32)
                    .flat_map(|a| (a + 1..n as u32).map(move |b| (a, b)))
                    .filter(|_| next(100) < density)
                    .map(|(a, b)| PatchPair {
                        a,
                        b,
                        distance: 1.0,
                    })
                    .collect();
                let g = PatchGraph::links(n, &pairs, 1.0);
                let lists = DenseRows {
                    words: n.div_ceil(64),
                    row: vec![u32::MAX; n],
                    bits: Vec::new(),
                };
                let mixed = DenseRows::new(&g);
                assert!(density < 60 || n < 64 || !mixed.bits.is_empty());
                let want = numerator(&g, &lists, &areas, true);
                assert_eq!(
                    numerator(&g, &lists, &areas, false).to_bits(),
                    want.to_bits()
                );
                assert_eq!(
                    numerator(&g, &mixed, &areas, false).to_bits(),
                    want.to_bits()
                );
                assert_eq!(iic_numerator(&g, &areas).to_bits(), want.to_bits());
            }
        }
    }
}
