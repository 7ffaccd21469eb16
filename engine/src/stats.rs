//! Summary statistics across replicates, in a fixed order so results never depend on
//! how work was scheduled.

/// Mean, sample standard deviation and percentiles of a set of values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1); 0 for one value.
    pub sd: f64,
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Number of values.
    pub n: usize,
}

/// Summarises `values` (in the given order for the sums). `None` when empty.
pub fn summarise(values: &[f64]) -> Option<Summary> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    // Shifted by the first value: exact for identical values, and less cancellation.
    let shift = values[0];
    let mean = shift + values.iter().map(|v| v - shift).sum::<f64>() / n as f64;
    let sd = if n > 1 {
        (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    Some(Summary {
        mean,
        sd,
        p05: quantile_sorted(&sorted, 0.05),
        p50: quantile_sorted(&sorted, 0.5),
        p95: quantile_sorted(&sorted, 0.95),
        n,
    })
}

/// The `q` quantile of sorted values by linear interpolation between order statistics
/// (Hyndman & Fan type 7, the default of R and numpy).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Half-width of a 95 % confidence interval of the mean, from Student's t with n − 1
/// degrees of freedom; 0 for fewer than two values.
pub fn ci95_half_width(sd: f64, n: usize) -> f64 {
    if n < 2 {
        return 0.0;
    }
    t975(n - 1) * sd / (n as f64).sqrt()
}

/// The 97.5 % quantile of Student's t distribution with `df` degrees of freedom.
fn t975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df - 1],
        // Cornish–Fisher expansion around the normal quantile; error < 1e-3 for df > 30.
        _ => {
            let (z, d) = (1.959_964_f64, df as f64);
            z + (z.powi(3) + z) / (4.0 * d)
                + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d * d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_known_values() {
        let s = summarise(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert_eq!(s.mean, 3.0);
        assert!((s.sd - 2.5f64.sqrt()).abs() < 1e-12);
        assert_eq!(s.p50, 3.0);
        assert!((s.p05 - 1.2).abs() < 1e-12);
        assert!((s.p95 - 4.8).abs() < 1e-12);
        assert!(summarise(&[]).is_none());
        let same = summarise(&[645.32; 10]).unwrap();
        assert_eq!((same.mean, same.sd), (645.32, 0.0));
    }

    #[test]
    fn t_quantiles() {
        assert!((t975(10) - 2.228).abs() < 1e-9);
        assert!((t975(60) - 2.0003).abs() < 2e-3);
        assert!((t975(1000) - 1.9623).abs() < 1e-3);
        assert_eq!(ci95_half_width(1.0, 1), 0.0);
    }
}
