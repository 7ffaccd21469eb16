//! Global sensitivity of an outcome to the swept parameters.
//!
//! - Standardized regression coefficients (SRC): the least-squares coefficients of
//!   `(y − ȳ)/s_y` on `(x_i − x̄_i)/s_i`; with the fit's R² they tell how much of the
//!   variance a linear model explains (Saltelli et al. 2008, *Global Sensitivity
//!   Analysis: The Primer*, §1.2).
//! - Partial rank correlation coefficients (PRCC): the correlation of the ranks of `x_i`
//!   and `y` after removing the linear effect of the other parameters' ranks; robust to
//!   monotone nonlinearity (Marino et al. 2008, J. Theor. Biol. 254:178).
//! - Sobol first-order and total indices from a Saltelli design, with the Saltelli (2010)
//!   first-order and Jansen (1999) total estimators (Saltelli et al. 2010, Comput. Phys.
//!   Commun. 181:259, table 2 (b) and (f)).
//!
//! A coefficient that cannot be estimated (a constant column, too few runs) is NaN.

use nalgebra::{DMatrix, DVector};

/// A linear fit on standardized values.
#[derive(Debug, Clone, PartialEq)]
pub struct Regression {
    /// Standardized regression coefficient per parameter.
    pub src: Vec<f64>,
    /// Fraction of the outcome's variance the fit explains.
    pub r2: f64,
}

/// SRC of `y` on the columns of `x` (`x[run][parameter]`).
pub fn src(x: &[Vec<f64>], y: &[f64]) -> Regression {
    let k = x.first().map_or(0, Vec::len);
    let nan = Regression {
        src: vec![f64::NAN; k],
        r2: f64::NAN,
    };
    let Some(zy) = standardize(y) else { return nan };
    let columns: Vec<Option<Vec<f64>>> = (0..k).map(|i| standardize(&column(x, i))).collect();
    let used: Vec<usize> = (0..k).filter(|&i| columns[i].is_some()).collect();
    if y.len() <= used.len() {
        return nan;
    }
    let design = DMatrix::from_fn(y.len(), used.len(), |r, c| {
        columns[used[c]].as_ref().expect("used")[r]
    });
    let Some(beta) = least_squares(&design, &DVector::from_vec(zy.clone())) else {
        return nan;
    };
    let fitted = &design * &beta;
    let residual: f64 = zy
        .iter()
        .zip(fitted.iter())
        .map(|(a, b)| (a - b).powi(2))
        .sum();
    let total: f64 = zy.iter().map(|v| v * v).sum();
    let mut src = vec![f64::NAN; k];
    for (c, &i) in used.iter().enumerate() {
        src[i] = beta[c];
    }
    Regression {
        src,
        r2: 1.0 - residual / total,
    }
}

/// PRCC of `y` with each column of `x` (`x[run][parameter]`).
pub fn prcc(x: &[Vec<f64>], y: &[f64]) -> Vec<f64> {
    let k = x.first().map_or(0, Vec::len);
    if is_constant(y) {
        return vec![f64::NAN; k];
    }
    let ry = ranks(y);
    let rx: Vec<Vec<f64>> = (0..k).map(|i| ranks(&column(x, i))).collect();
    (0..k)
        .map(|i| {
            let others: Vec<usize> = (0..k).filter(|&j| j != i && !is_constant(&rx[j])).collect();
            if y.len() <= others.len() + 2 || is_constant(&rx[i]) {
                return f64::NAN;
            }
            let design = DMatrix::from_fn(y.len(), others.len() + 1, |r, c| {
                if c == 0 { 1.0 } else { rx[others[c - 1]][r] }
            });
            match (residuals(&design, &rx[i]), residuals(&design, &ry)) {
                (Some(a), Some(b)) => correlation(&a, &b),
                _ => f64::NAN,
            }
        })
        .collect()
}

/// Sobol indices of `k` parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndices {
    /// First-order index per parameter.
    pub first: Vec<f64>,
    /// Total index per parameter.
    pub total: Vec<f64>,
}

/// Sobol indices from outcomes in Saltelli block order: for each base sample, `f(A)`,
/// `f(B)`, then `f(AB_i)` for each of the `k` parameters (see [`crate::schema::Design::Sobol`]).
pub fn sobol_indices(f: &[f64], k: usize) -> SobolIndices {
    let blocks: Vec<&[f64]> = f.chunks_exact(k + 2).collect();
    let ab: Vec<f64> = blocks.iter().flat_map(|b| [b[0], b[1]]).collect();
    let v = variance(&ab);
    let n = blocks.len() as f64;
    let (mut first, mut total) = (vec![f64::NAN; k], vec![f64::NAN; k]);
    if blocks.len() < 2 || is_constant(&ab) {
        return SobolIndices { first, total };
    }
    for i in 0..k {
        first[i] = blocks.iter().map(|b| b[1] * (b[2 + i] - b[0])).sum::<f64>() / n / v;
        total[i] = blocks
            .iter()
            .map(|b| (b[0] - b[2 + i]).powi(2))
            .sum::<f64>()
            / (2.0 * n)
            / v;
    }
    SobolIndices { first, total }
}

/// Ranks from 1, ties sharing their average rank.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &o in &order[i..=j] {
            out[o] = rank;
        }
        i = j + 1;
    }
    out
}

fn column(x: &[Vec<f64>], i: usize) -> Vec<f64> {
    x.iter().map(|row| row[i]).collect()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Sample variance (n − 1); 0 for fewer than two values.
fn variance(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = mean(v);
    v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64
}

/// `(v − mean)/sd`, or `None` for a constant or non-finite column.
fn standardize(v: &[f64]) -> Option<Vec<f64>> {
    let (m, sd) = (mean(v), variance(v).sqrt());
    (sd.is_finite() && !is_constant(v)).then(|| v.iter().map(|x| (x - m) / sd).collect())
}

/// Whether every value is the same (summing identical values can leave a variance of
/// rounding noise, so this compares the values themselves).
fn is_constant(v: &[f64]) -> bool {
    v.windows(2).all(|w| w[0] == w[1])
}

fn least_squares(a: &DMatrix<f64>, b: &DVector<f64>) -> Option<DVector<f64>> {
    a.clone().svd(true, true).solve(b, 1e-12).ok()
}

fn residuals(a: &DMatrix<f64>, b: &[f64]) -> Option<Vec<f64>> {
    let b = DVector::from_vec(b.to_vec());
    let beta = least_squares(a, &b)?;
    Some((b - a * beta).iter().copied().collect())
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let (ma, mb) = (mean(a), mean(b));
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let (va, vb): (f64, f64) = (
        a.iter().map(|x| (x - ma).powi(2)).sum(),
        b.iter().map(|y| (y - mb).powi(2)).sum(),
    );
    if va <= 0.0 || vb <= 0.0 {
        return f64::NAN;
    }
    cov / (va * vb).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::expand;
    use crate::schema::{Design, Range};

    fn unit_ranges(k: usize) -> Vec<Range> {
        (0..k)
            .map(|i| Range {
                path: format!("p{i}"),
                min: 0.0,
                max: 1.0,
            })
            .collect()
    }

    #[test]
    fn src_of_a_linear_model() {
        let x = expand(
            &Design::Random {
                n: 400,
                ranges: unit_ranges(3),
            },
            &[],
            3,
        );
        let y: Vec<f64> = x.iter().map(|p| 3.0 * p[0] + p[1]).collect();
        let fit = src(&x, &y);
        // Var(3a + b) = 10 Var(a): SRC = 3/√10 and 1/√10; the third is noise-free zero.
        assert!((fit.src[0] - 3.0 / 10f64.sqrt()).abs() < 0.05, "{fit:?}");
        assert!((fit.src[1] - 1.0 / 10f64.sqrt()).abs() < 0.05, "{fit:?}");
        assert!(fit.src[2].abs() < 1e-9, "{fit:?}");
        assert!((fit.r2 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn prcc_sees_monotone_effects() {
        let x = expand(
            &Design::LatinHypercube {
                n: 200,
                ranges: unit_ranges(2),
            },
            &[],
            8,
        );
        let y: Vec<f64> = x
            .iter()
            .map(|p| (5.0 * p[0]).exp() - p[1].powi(3))
            .collect();
        let r = prcc(&x, &y);
        assert!(r[0] > 0.95 && r[1] < -0.5, "{r:?}");
    }

    #[test]
    fn sobol_indices_of_an_additive_model() {
        let x = expand(
            &Design::Sobol {
                n: 4096,
                ranges: unit_ranges(3),
            },
            &[],
            1,
        );
        let f: Vec<f64> = x.iter().map(|p| p[0] + 2.0 * p[1]).collect();
        let s = sobol_indices(&f, 3);
        // Var = (1 + 4)/12: first-order = total = 1/5, 4/5, 0.
        for (i, want) in [0.2, 0.8, 0.0].into_iter().enumerate() {
            assert!((s.first[i] - want).abs() < 0.03, "{s:?}");
            assert!((s.total[i] - want).abs() < 0.03, "{s:?}");
        }
    }

    #[test]
    fn ranks_share_ties() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
    }

    #[test]
    fn constant_outcomes_give_nan() {
        let x = vec![vec![1.0], vec![2.0], vec![3.0]];
        assert!(src(&x, &[1.0, 1.0, 1.0]).src[0].is_nan());
        assert!(sobol_indices(&[1.0; 9], 1).first[0].is_nan());
        assert!(prcc(&x, &[2.0, 2.0, 2.0])[0].is_nan());
    }
}
