//! Seed-dispersal kernels: radially symmetric densities of a seed's displacement, and
//! their discretisation onto the raster (cell-integrated weights).

use serde::{Deserialize, Serialize};
use shanshui_engine::NonNegative;
use std::f64::consts::PI;

/// The probability density of a seed's displacement, radially symmetric, in 1/m².
///
/// | kernel | density k(r) | mean distance | tail |
/// |---|---|---|---|
/// | `Gaussian` | exp(−r²/2σ²) / (2πσ²) | σ√(π/2) | thin (has an MGF): constant front speed |
/// | `Exponential` | exp(−r/a) / (2πa²) | 2a | thin (MGF for s < 1/a) but leptokurtic |
/// | `TwoDt` | p/(πs²) · (1 + r²/s²)^−(p+1) | finite for p > ½ | fat, ∝ r^−(2p+2): no MGF, accelerating fronts |
///
/// The 2Dt kernel is Clark et al. (1999, Ecology 80:1475); fat tails and accelerating
/// spread: Kot, Lewis & van den Driessche (1996), LITERATURE.md §6.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum SeedKernel {
    /// Gaussian with standard deviation `sigma_m` (m) per axis.
    Gaussian {
        /// Standard deviation per axis, m.
        sigma_m: NonNegative,
    },
    /// Exponential (2-D Laplace) with scale `scale_m` (m); mean distance `2 × scale_m`.
    Exponential {
        /// Scale a, m.
        scale_m: NonNegative,
    },
    /// 2Dt (Clark et al. 1999) with scale `scale_m` (m) and shape `shape` p (> 0).
    TwoDt {
        /// Scale s, m.
        scale_m: NonNegative,
        /// Shape p (dimensionless); the density's tail falls as r^−(2p+2).
        shape: NonNegative,
    },
}

impl SeedKernel {
    /// Density at distance `r_m` (m), in 1/m². A zero scale is a point mass, given
    /// here as density 0 everywhere (see [`Self::cell_weights`] for its discrete form).
    pub fn density(&self, r_m: f64) -> f64 {
        match *self {
            Self::Gaussian { sigma_m } => {
                let s = sigma_m.get();
                (-(r_m * r_m) / (2.0 * s * s)).exp() / (2.0 * PI * s * s)
            }
            Self::Exponential { scale_m } => {
                let a = scale_m.get();
                (-r_m / a).exp() / (2.0 * PI * a * a)
            }
            Self::TwoDt { scale_m, shape } => {
                let (s, p) = (scale_m.get(), shape.get());
                p / (PI * s * s) * (1.0 + r_m * r_m / (s * s)).powf(-(p + 1.0))
            }
        }
    }

    /// Whether the kernel's width is zero (all seeds stay in their cell).
    pub fn is_point(&self) -> bool {
        match *self {
            Self::Gaussian { sigma_m } => sigma_m.get() == 0.0,
            Self::Exponential { scale_m } => scale_m.get() == 0.0,
            Self::TwoDt { scale_m, shape } => scale_m.get() == 0.0 || shape.get() == 0.0,
        }
    }

    /// The distance beyond which the kernel is cut, in m: `max_m`, and for the
    /// Gaussian at most 4σ (where < 0.04 % of the mass remains).
    pub fn cutoff_m(&self, max_m: f64) -> f64 {
        match *self {
            Self::Gaussian { sigma_m } => max_m.min(4.0 * sigma_m.get()),
            _ => max_m,
        }
    }

    /// Cell-integrated weights of the kernel on a `(2r+1)²` window of cells of side
    /// `cell_m`, centred on the source cell, row-major; each weight is the fraction of
    /// a cell's seeds landing in that cell (midpoint rule on a sub-grid, finer near the
    /// source). Mass beyond the window is lost. A point kernel puts everything in the
    /// centre.
    pub fn cell_weights(&self, cell_m: f64, r: usize) -> Vec<f32> {
        let side = 2 * r + 1;
        let mut w = vec![0.0f32; side * side];
        if self.is_point() {
            w[r * side + r] = 1.0;
            return w;
        }
        for (j, row) in w.chunks_mut(side).enumerate() {
            for (i, cell) in row.iter_mut().enumerate() {
                let (dx, dy) = (i as f64 - r as f64, j as f64 - r as f64);
                *cell = self.cell_mass(dx, dy, cell_m) as f32;
            }
        }
        w
    }

    /// Mass of the kernel over the cell offset `(dx, dy)` cells from the source.
    fn cell_mass(&self, dx: f64, dy: f64, cell_m: f64) -> f64 {
        let far = dx.abs().max(dy.abs());
        let n = if far <= 2.0 {
            16
        } else if far <= 8.0 {
            4
        } else {
            1
        };
        let h = 1.0 / n as f64;
        let mut sum = 0.0;
        for a in 0..n {
            for b in 0..n {
                let x = (dx - 0.5 + (a as f64 + 0.5) * h) * cell_m;
                let y = (dy - 0.5 + (b as f64 + 0.5) * h) * cell_m;
                sum += self.density((x * x + y * y).sqrt());
            }
        }
        sum * h * h * cell_m * cell_m
    }
}

/// Cell-integrated 1-D weights of a Gaussian with standard deviation `sigma_m` on
/// `2r + 1` cells of side `cell_m` (the separable factor of [`SeedKernel::Gaussian`]).
pub(crate) fn gaussian_1d(sigma_m: f64, cell_m: f64, r: usize) -> Vec<f32> {
    let mut w = vec![0.0f32; 2 * r + 1];
    if sigma_m == 0.0 {
        w[r] = 1.0;
        return w;
    }
    let n = 32;
    let h = 1.0 / n as f64;
    for (i, cell) in w.iter_mut().enumerate() {
        let d = i as f64 - r as f64;
        let mut sum = 0.0;
        for a in 0..n {
            let x = (d - 0.5 + (a as f64 + 0.5) * h) * cell_m;
            sum += (-(x * x) / (2.0 * sigma_m * sigma_m)).exp();
        }
        *cell = (sum * h * cell_m / (sigma_m * (2.0 * PI).sqrt())) as f32;
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nn(v: f64) -> NonNegative {
        NonNegative::new(v).unwrap()
    }

    #[test]
    fn discrete_kernels_hold_their_mass() {
        let kernels = [
            SeedKernel::Gaussian { sigma_m: nn(15.0) },
            SeedKernel::Exponential { scale_m: nn(8.0) },
            SeedKernel::TwoDt {
                scale_m: nn(10.0),
                shape: nn(2.0),
            },
        ];
        for k in kernels {
            let mass: f32 = k.cell_weights(10.0, 30).iter().sum();
            assert!((0.98..=1.001).contains(&mass), "{k:?}: mass {mass}");
        }
        let g: f32 = gaussian_1d(15.0, 10.0, 6).iter().sum();
        assert!((g - 1.0).abs() < 1e-3, "1-D Gaussian mass {g}");
    }

    #[test]
    fn separable_gaussian_matches_the_2d_weights() {
        let (sigma, cell, r) = (12.0, 10.0, 5);
        let w2 = SeedKernel::Gaussian { sigma_m: nn(sigma) }.cell_weights(cell, r);
        let w1 = gaussian_1d(sigma, cell, r);
        for j in 0..=2 * r {
            for i in 0..=2 * r {
                let d = (w2[j * (2 * r + 1) + i] - w1[i] * w1[j]).abs();
                assert!(d < 2e-4, "({i},{j}) differs by {d}");
            }
        }
    }

    #[test]
    fn point_kernel_keeps_seeds_home() {
        let w = SeedKernel::Exponential { scale_m: nn(0.0) }.cell_weights(10.0, 1);
        assert_eq!(w, [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
    }
}
