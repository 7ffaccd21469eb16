//! The dispersal kernel `p(d) = exp(−ln 2 · d / d50)` and the pruning of negligible
//! probabilities: a link or path whose probability is below `p_min` counts as absent,
//! which is the same as ignoring distances beyond `d50 · log2(1 / p_min)`.

use crate::ConnectivityError;
use serde::{Deserialize, Serialize};
use std::f64::consts::LN_2;

/// Negative-exponential dispersal with median distance `d50`, pruned below `p_min`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DispersalKernel {
    d50: f64,
    p_min: f64,
}

impl DispersalKernel {
    /// Default pruning probability: links and paths with `p < 1e-6` are ignored, so
    /// the cutoff distance is `d50 · log2(10⁶) ≈ 19.93 · d50`.
    pub const DEFAULT_P_MIN: f64 = 1e-6;

    /// A kernel with median dispersal distance `d50` (metres, or cost units for
    /// least-cost distances) and pruning probability `p_min` in (0, 1).
    pub fn new(d50: f64, p_min: f64) -> Result<Self, ConnectivityError> {
        if !(d50.is_finite() && d50 > 0.0) {
            return Err(ConnectivityError::D50(d50));
        }
        if !(p_min > 0.0 && p_min < 1.0) {
            return Err(ConnectivityError::PMin(p_min));
        }
        Ok(Self { d50, p_min })
    }

    /// A kernel with the default `p_min`.
    pub fn with_d50(d50: f64) -> Result<Self, ConnectivityError> {
        Self::new(d50, Self::DEFAULT_P_MIN)
    }

    /// Median dispersal distance.
    pub fn d50(&self) -> f64 {
        self.d50
    }

    /// Pruning probability.
    pub fn p_min(&self) -> f64 {
        self.p_min
    }

    /// `p(d) = exp(−ln 2 · d / d50)`.
    pub fn probability(&self, distance: f64) -> f64 {
        (-self.weight(distance)).exp()
    }

    /// `−ln p(d) = ln 2 · d / d50`, the additive weight of a link.
    pub fn weight(&self, distance: f64) -> f64 {
        LN_2 * distance / self.d50
    }

    /// `−ln p_min`: paths heavier than this are pruned.
    pub fn max_weight(&self) -> f64 {
        -self.p_min.ln()
    }

    /// Distance at which `p` falls to `p_min`: `d50 · log2(1 / p_min)`.
    pub fn cutoff(&self) -> f64 {
        self.d50 * self.max_weight() / LN_2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_at_d50_and_pmin_at_cutoff() {
        let k = DispersalKernel::with_d50(250.0).unwrap();
        assert!((k.probability(250.0) - 0.5).abs() < 1e-15);
        assert!((k.probability(k.cutoff()) / 1e-6 - 1.0).abs() < 1e-9);
        assert!(DispersalKernel::with_d50(0.0).is_err());
        assert!(DispersalKernel::with_d50(f64::INFINITY).is_err());
        assert!(DispersalKernel::new(1.0, 1.0).is_err());
        assert!(DispersalKernel::new(1.0, f64::NAN).is_err());
    }
}
