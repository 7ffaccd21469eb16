//! Expanding a [`Design`] into points: one value per parameter per point, in run order.
//! Sampled designs draw from keyed SplitMix64 streams of the sweep seed, so the points
//! are a pure function of the sweep file.

use crate::schema::{Design, Range};
use shanshui_engine::mix64;

/// Stream of Latin hypercube permutations.
const STREAM_PERMUTE: u64 = 1;
/// Stream of positions within Latin hypercube strata and of random designs.
const STREAM_UNIFORM: u64 = 2;

/// Points of `design`: `points[p][i]` is parameter `i` at point `p`. `base` holds the
/// parameters' values in the base scenario (used by [`Design::OneAtATime`]).
pub fn expand(design: &Design, base: &[f64], seed: u64) -> Vec<Vec<f64>> {
    match design {
        Design::Grid(parameters) => {
            let values: Vec<&[f64]> = parameters.iter().map(|p| p.values.as_slice()).collect();
            factorial(&values)
        }
        Design::LatinHypercube { n, ranges } => {
            scale(&latin_hypercube(*n, ranges.len(), seed), ranges)
        }
        Design::Random { n, ranges } => {
            let k = ranges.len();
            let unit = (0..*n as usize)
                .map(|p| {
                    (0..k)
                        .map(|i| uniform(seed, STREAM_UNIFORM, (p * k + i) as u64))
                        .collect()
                })
                .collect::<Vec<_>>();
            scale(&unit, ranges)
        }
        Design::Sobol { n, ranges } => scale(&saltelli(*n, ranges.len(), seed), ranges),
        Design::OneAtATime { ranges, levels } => one_at_a_time(ranges, *levels, base),
    }
}

/// Number of points `design` expands to, without expanding it (for limits); `u128::MAX`
/// when a full factorial has more (a few hundred listed values are enough).
pub fn point_count(design: &Design) -> u128 {
    match design {
        Design::Grid(parameters) => parameters
            .iter()
            .fold(1, |n: u128, p| n.saturating_mul(p.values.len() as u128)),
        Design::LatinHypercube { n, .. } | Design::Random { n, .. } => u128::from(*n),
        Design::Sobol { n, ranges } => u128::from(*n) * (ranges.len() as u128 + 2),
        Design::OneAtATime { ranges, levels } => 1 + ranges.len() as u128 * u128::from(*levels),
    }
}

/// Every combination of `values`, the first parameter varying slowest.
fn factorial(values: &[&[f64]]) -> Vec<Vec<f64>> {
    values.iter().fold(vec![Vec::new()], |points, column| {
        points
            .iter()
            .flat_map(|point| {
                column.iter().map(move |&v| {
                    let mut next = point.clone();
                    next.push(v);
                    next
                })
            })
            .collect()
    })
}

/// `n` points of a `k`-dimensional Latin hypercube in the unit cube.
fn latin_hypercube(n: u32, k: usize, seed: u64) -> Vec<Vec<f64>> {
    let n = n as usize;
    let strata: Vec<Vec<usize>> = (0..k).map(|i| permutation(n, seed, i as u64)).collect();
    (0..n)
        .map(|p| {
            (0..k)
                .map(|i| {
                    let jitter = uniform(seed, STREAM_UNIFORM, (p * k + i) as u64);
                    (strata[i][p] as f64 + jitter) / n as f64
                })
                .collect()
        })
        .collect()
}

/// A permutation of `0..n` (Fisher–Yates) drawn from stream `column` of `seed`.
fn permutation(n: usize, seed: u64, column: u64) -> Vec<usize> {
    let mut items: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let draw = uniform(seed ^ mix64(column), STREAM_PERMUTE, i as u64);
        let j = ((draw * (i + 1) as f64) as usize).min(i);
        items.swap(i, j);
    }
    items
}

/// Saltelli's scheme: for each base sample `j`, the rows `A_j`, `B_j`, then `A_j` with
/// column `i` taken from `B_j` for each parameter `i`. A and B are the first and last
/// `k` dimensions of one Owen-scrambled Sobol sequence.
fn saltelli(n: u32, k: usize, seed: u64) -> Vec<Vec<f64>> {
    let scramble = (mix64(seed) >> 32) as u32;
    let dim = |j: u32, d: usize| f64::from(sobol_burley::sample(j, d as u32, scramble));
    let mut points = Vec::with_capacity(n as usize * (k + 2));
    for j in 0..n {
        let a: Vec<f64> = (0..k).map(|d| dim(j, d)).collect();
        let b: Vec<f64> = (0..k).map(|d| dim(j, k + d)).collect();
        points.push(a.clone());
        points.push(b.clone());
        for i in 0..k {
            let mut ab = a.clone();
            ab[i] = b[i];
            points.push(ab);
        }
    }
    points
}

/// The base point, then each parameter alone at `levels` evenly spaced values.
fn one_at_a_time(ranges: &[Range], levels: u32, base: &[f64]) -> Vec<Vec<f64>> {
    let mut points = vec![base.to_vec()];
    for (i, range) in ranges.iter().enumerate() {
        for level in 0..levels {
            let t = f64::from(level) / f64::from(levels.max(2) - 1);
            let mut point = base.to_vec();
            point[i] = lerp(range, t);
            points.push(point);
        }
    }
    points
}

/// Unit-cube points mapped onto the ranges.
fn scale(unit: &[Vec<f64>], ranges: &[Range]) -> Vec<Vec<f64>> {
    unit.iter()
        .map(|u| u.iter().zip(ranges).map(|(&t, r)| lerp(r, t)).collect())
        .collect()
}

fn lerp(range: &Range, t: f64) -> f64 {
    // Weighted sum rather than `min + t·(max − min)`: exact at both ends, and at
    // midpoints of ranges such as 0.1..0.5 it gives 0.3, not 0.30000000000000004.
    range.min * (1.0 - t) + range.max * t
}

/// A uniform number in `[0, 1)`, a pure function of `(seed, stream, index)`.
fn uniform(seed: u64, stream: u64, index: u64) -> f64 {
    let bits = mix64(mix64(seed ^ mix64(stream)) ^ mix64(index.wrapping_add(stream)));
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::GridParameter;

    fn ranges(k: usize) -> Vec<Range> {
        (0..k)
            .map(|i| Range {
                path: format!("p{i}"),
                min: 10.0,
                max: 20.0,
            })
            .collect()
    }

    #[test]
    fn grid_is_full_factorial_first_slowest() {
        let design = Design::Grid(vec![
            GridParameter {
                path: "a".into(),
                values: vec![1.0, 2.0],
            },
            GridParameter {
                path: "b".into(),
                values: vec![5.0, 6.0, 7.0],
            },
        ]);
        let points = expand(&design, &[0.0, 0.0], 1);
        assert_eq!(points.len(), 6);
        assert_eq!(points[0], vec![1.0, 5.0]);
        assert_eq!(points[1], vec![1.0, 6.0]);
        assert_eq!(points[5], vec![2.0, 7.0]);
        assert_eq!(point_count(&design), 6);
    }

    #[test]
    fn a_full_factorial_too_large_to_count_saturates() {
        let two = GridParameter {
            path: "a".into(),
            values: vec![1.0, 2.0],
        };
        let design = Design::Grid(vec![two; 130]);
        assert_eq!(point_count(&design), u128::MAX);
    }

    #[test]
    fn latin_hypercube_fills_every_stratum_once() {
        let design = Design::LatinHypercube {
            n: 10,
            ranges: ranges(3),
        };
        let points = expand(&design, &[], 42);
        for i in 0..3 {
            let mut strata: Vec<usize> = points.iter().map(|p| (p[i] - 10.0) as usize).collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..10).collect::<Vec<_>>(), "parameter {i}");
        }
        assert_eq!(points, expand(&design, &[], 42));
        assert_ne!(points, expand(&design, &[], 43));
    }

    #[test]
    fn saltelli_rows_share_columns_with_a_and_b() {
        let design = Design::Sobol {
            n: 8,
            ranges: ranges(3),
        };
        let points = expand(&design, &[], 5);
        assert_eq!(points.len(), 8 * 5);
        for block in points.chunks(5) {
            let (a, b) = (&block[0], &block[1]);
            for i in 0..3 {
                let ab = &block[2 + i];
                for d in 0..3 {
                    assert_eq!(ab[d], if d == i { b[d] } else { a[d] });
                }
            }
        }
        assert!(points.iter().flatten().all(|v| (10.0..20.0).contains(v)));
    }

    #[test]
    fn one_at_a_time_moves_one_parameter() {
        let design = Design::OneAtATime {
            ranges: ranges(2),
            levels: 3,
        };
        let points = expand(&design, &[12.0, 14.0], 0);
        assert_eq!(points.len(), 7);
        assert_eq!(points[0], vec![12.0, 14.0]);
        assert_eq!(points[1], vec![10.0, 14.0]);
        assert_eq!(points[2], vec![15.0, 14.0]);
        assert_eq!(points[3], vec![20.0, 14.0]);
        assert_eq!(points[6], vec![12.0, 20.0]);
    }

    #[test]
    fn random_points_lie_in_range() {
        let design = Design::Random {
            n: 50,
            ranges: ranges(2),
        };
        let points = expand(&design, &[], 9);
        assert_eq!(points.len(), 50);
        assert!(points.iter().flatten().all(|v| (10.0..20.0).contains(v)));
    }
}
