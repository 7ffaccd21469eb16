//! Poisson counts for the per-cell recruitment draws, exact in distribution and cheap
//! for every mean.
//!
//! A Poisson(λ) count is drawn as the sum of independent parts (a sum of independent
//! Poisson variables is Poisson with the summed mean):
//!
//! - the fractional part `λ − ⌊λ⌋` by inversion of its CDF from the cell's own uniform
//!   (for λ < 1 this is the whole draw, and most cells are settled by `u < 1 − λ`
//!   without an exponential);
//! - the integer part `⌊λ⌋` in chunks of at most [`TABLE_MAX`], each from a
//!   precomputed alias table (one uniform, one comparison, no search), with further
//!   uniforms of the cell's generator.
//!
//! Means above [`CHUNKED_MAX`] go to `rand_distr`'s PTRS sampler. The cost per draw is
//! O(1 + λ / [`TABLE_MAX`]) instead of the O(λ) terms and one exponential of plain
//! inversion.

use rand_distr::{Distribution, Poisson};
use shanshui_engine::StreamRng;
use std::sync::LazyLock;

/// Largest integer mean with a precomputed alias table.
const TABLE_MAX: usize = 32;

/// Means above this are drawn by PTRS (at most 8 table chunks below it).
const CHUNKED_MAX: f64 = 256.0;

/// Probability below which the upper tail of a table ends.
const TAIL: f64 = 1e-18;

/// A Poisson(λ) count. `u` is the cell's uniform in `[0, 1)`; `more` gives the
/// generator for further uniforms, created only when λ ≥ 1.
#[inline]
pub(crate) fn poisson(lambda: f64, u: f64, more: impl FnOnce() -> StreamRng) -> f64 {
    if lambda < 1.0 {
        return below_one(lambda, u);
    }
    let mut rng = more();
    if lambda > CHUNKED_MAX {
        return Poisson::new(lambda).map_or(lambda, |d| d.sample(&mut rng));
    }
    let whole = lambda.floor();
    let mut left = whole as usize;
    let mut count = fraction(lambda - whole, u);
    while left > 0 {
        let n = left.min(TABLE_MAX);
        count += TABLES.draw(n, rng.uniform()) as f64;
        left -= n;
    }
    count
}

/// A Poisson(λ) count for `λ < 1` from the uniform `u`, by inversion of the CDF
/// (0 for `λ ≤ 0`).
#[inline]
fn below_one(lambda: f64, u: f64) -> f64 {
    // Inversion gives 0 when u < e^−λ; since 1 − λ ≤ e^−λ, most cells with a small
    // λ are settled without computing the exponential (same result).
    if lambda <= 0.0 || u < 1.0 - lambda {
        return 0.0;
    }
    let mut p = (-lambda).exp();
    let (mut cdf, mut k) = (p, 0.0);
    while u >= cdf && k < 200.0 {
        k += 1.0;
        p *= lambda / k;
        cdf += p;
    }
    k
}

/// [`below_one`] for a fractional part `f` in `[0, 1)`, which is large as often as
/// small: the counts 0 and 1 are told apart without a branch on `u` (same result).
#[inline]
fn fraction(f: f64, u: f64) -> f64 {
    // The first two terms of `below_one`'s CDF, computed as it computes them (its
    // `λ / 1` is `f` exactly).
    let p0 = (-f).exp();
    let c1 = p0 + p0 * f;
    if u >= c1 {
        return below_one(f, u);
    }
    f64::from(u8::from(u >= p0))
}

/// Alias tables (Walker, Vose) of Poisson(n), n = 1..=[`TABLE_MAX`]: a draw picks a
/// column `j` and keeps it with probability `keep[j]`, else takes `alias[j]` — no
/// search and no data-dependent branch.
struct Tables {
    /// Probability of keeping each column, all tables concatenated.
    keep: Vec<f64>,
    /// The other count of each column.
    alias: Vec<u8>,
    /// Where the table of mean `n` starts (index `n − 1`); the last entry is the end
    /// of the last table.
    start: [usize; TABLE_MAX + 1],
}

static TABLES: LazyLock<Tables> = LazyLock::new(Tables::new);

impl Tables {
    fn new() -> Self {
        let (mut keep, mut alias) = (Vec::new(), Vec::new());
        let mut start = [0; TABLE_MAX + 1];
        for n in 1..=TABLE_MAX {
            start[n - 1] = keep.len();
            let (k, a) = alias_table(&probabilities(n as f64));
            keep.extend(k);
            alias.extend(a);
        }
        start[TABLE_MAX] = keep.len();
        Self { keep, alias, start }
    }

    /// A Poisson(`n`) count from the uniform `u` in `[0, 1)`.
    #[inline]
    fn draw(&self, n: usize, u: f64) -> u32 {
        let (a, b) = (self.start[n - 1], self.start[n]);
        let x = u * (b - a) as f64;
        let j = x as usize;
        let column = a + j;
        // Kept or not is a coin toss the branch predictor cannot learn.
        std::hint::select_unpredictable(
            x - (j as f64) < self.keep[column],
            j as u32,
            u32::from(self.alias[column]),
        )
    }
}

/// The probabilities of Poisson(`mean`) from 0 up to the count beyond the mean whose
/// probability falls below [`TAIL`], normalised to sum to 1 (the tail left out is
/// below 10⁻¹⁶).
fn probabilities(mean: f64) -> Vec<f64> {
    let mut p = (-mean).exp();
    let mut values = vec![p];
    let mut k = 0.0;
    while k < mean || p > TAIL {
        k += 1.0;
        p *= mean / k;
        values.push(p);
    }
    let total: f64 = values.iter().sum();
    values.iter().map(|v| v / total).collect()
}

/// Vose's alias table of `p` (probabilities summing to 1, at most 256 of them): keep
/// probabilities and aliases per column.
fn alias_table(p: &[f64]) -> (Vec<f64>, Vec<u8>) {
    let len = p.len();
    assert!(len <= 256, "alias indices are bytes");
    let mut scaled: Vec<f64> = p.iter().map(|v| v * len as f64).collect();
    let mut alias: Vec<u8> = (0..len).map(|j| j as u8).collect();
    let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..len).partition(|&j| scaled[j] < 1.0);
    while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
        small.pop();
        alias[s] = l as u8;
        scaled[l] -= 1.0 - scaled[s];
        if scaled[l] < 1.0 {
            large.pop();
            small.push(l);
        }
    }
    // Columns left over are full up to rounding.
    for j in small.into_iter().chain(large) {
        scaled[j] = 1.0;
    }
    (scaled, alias)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shanshui_engine::{RunSeed, StreamId};

    /// Poisson probability of `k` for mean `lambda`.
    fn pmf(lambda: f64, k: usize) -> f64 {
        (1..=k).fold((-lambda).exp(), |p, j| p * lambda / j as f64)
    }

    /// `n` draws of Poisson(`lambda`) from seeded streams.
    fn draws(lambda: f64, n: u64) -> Vec<f64> {
        let key = RunSeed::for_replicate(11, 0).key(StreamId(5), 0);
        let more = key.derive(1);
        (0..n)
            .map(|i| poisson(lambda, key.uniform(i), || more.rng(i)))
            .collect()
    }

    /// Each count's probability under the alias table (its own column's keep share
    /// plus what other columns pass to it) is the Poisson probability.
    #[test]
    fn alias_tables_hold_the_poisson_probabilities() {
        for n in [1, 7, TABLE_MAX] {
            let (a, b) = (TABLES.start[n - 1], TABLES.start[n]);
            let len = (b - a) as f64;
            let mut mass = vec![0.0; b - a];
            for j in 0..b - a {
                let keep = TABLES.keep[a + j];
                mass[j] += keep / len;
                mass[usize::from(TABLES.alias[a + j])] += (1.0 - keep) / len;
            }
            for (k, m) in mass.iter().enumerate() {
                let exact = pmf(n as f64, k);
                assert!((m - exact).abs() < 1e-14, "n {n}, k {k}: {m} vs {exact}");
            }
            assert!(pmf(n as f64, b - a) < 1e-16, "n {n}: tail left out");
        }
    }

    #[test]
    fn small_means_match_plain_inversion() {
        for lambda in [1e-4, 0.05, 0.7, 0.999] {
            for i in 0..1000 {
                let u = (i as f64 + 0.5) / 1000.0;
                let mut k = 0;
                while u >= (0..=k).map(|j| pmf(lambda, j)).sum::<f64>() {
                    k += 1;
                }
                let drawn = poisson(lambda, u, || unreachable!("λ < 1 uses u only"));
                assert_eq!(drawn, k as f64, "λ {lambda}, u {u}");
            }
        }
        assert_eq!(poisson(0.0, 0.99, || unreachable!()), 0.0);
    }

    /// The branch-light draw of a fractional part is the inversion draw, near the
    /// cut-offs `e^−f` and `e^−f (1 + f)` too.
    #[test]
    fn fractions_draw_as_inversion_does() {
        for k in 0..1000 {
            let f = k as f64 / 1000.0;
            let p0 = (-f).exp();
            let c1 = p0 + p0 * f;
            let cuts = [p0, c1].map(|c| [c.next_down(), c, c.next_up()]);
            let grid = (0..100).map(|i| (i as f64 + 0.5) / 100.0);
            for u in grid.chain(cuts.into_iter().flatten()).filter(|u| *u < 1.0) {
                assert_eq!(fraction(f, u), below_one(f, u), "f {f}, u {u}");
            }
        }
    }

    /// Mean and variance equal λ, within 4 standard errors, across the inversion,
    /// table-chunk and PTRS ranges.
    #[test]
    fn counts_have_the_poisson_mean_and_variance() {
        for lambda in [1.0, 2.5, 7.3, 31.9, 32.0, 64.7, 150.2, 256.0, 400.0] {
            let n = 40_000;
            let x = draws(lambda, n);
            let mean = x.iter().sum::<f64>() / n as f64;
            let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            let se_mean = (lambda / n as f64).sqrt();
            // Var of the sample variance of a Poisson: (λ + 2λ²(n/(n−1))) / n ≈ (λ + 2λ²)/n.
            let se_var = ((lambda + 2.0 * lambda * lambda) / n as f64).sqrt();
            assert!(
                (mean - lambda).abs() < 4.0 * se_mean,
                "λ {lambda}: mean {mean}"
            );
            assert!((var - lambda).abs() < 4.0 * se_var, "λ {lambda}: var {var}");
            assert!(x.iter().all(|v| v.fract() == 0.0 && *v >= 0.0));
        }
    }

    /// The frequency of each count near the mode matches the probability (a mean of
    /// 9.6 uses a table chunk and the fractional inversion together).
    #[test]
    fn count_frequencies_match_the_probabilities() {
        let (lambda, n) = (9.6, 100_000);
        let x = draws(lambda, n);
        for k in 4..16 {
            let freq = x.iter().filter(|&&v| v == k as f64).count() as f64 / n as f64;
            let p = pmf(lambda, k);
            let se = (p * (1.0 - p) / n as f64).sqrt();
            assert!((freq - p).abs() < 4.5 * se, "k {k}: {freq} vs {p}");
        }
    }
}
