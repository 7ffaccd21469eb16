//! Convolution of a seed-production raster with a dispersal kernel, giving the expected
//! seed rain per cell. Two methods, chosen by kernel:
//!
//! - **Gaussian → separable direct convolution**: a row pass then a column pass with
//!   the 1-D cell-integrated weights, `2(2R+1)` multiply-adds per cell for a cut-off
//!   of R cells (R = ⌈4σ/Δx⌉), vectorised along rows. The row passes a task needs
//!   live in a ring of `2R + 1` rows, not in a scratch raster. (The mangrove and marsh
//!   models use it with unit weights for their window sums of sources.)
//! - **any kernel → FFT convolution** (`realfft`/`rustfft`, f32): only the band of
//!   rows holding sources is transformed. Rows are zero-padded to `P_x`, the smallest
//!   5-smooth size with `P_x ≥ n + min(R, n − 1)`, and the band to `P_y`, the smallest
//!   5-smooth size that keeps every output row within `R` of the band free of
//!   wrap-around (`FftConvolver::apply`), so the circular convolution equals the
//!   linear one inside the grid (seeds leaving the grid are lost). Real-to-complex
//!   FFTs of the band's rows, complex FFTs of the `P_x/2 + 1` spectrum columns, a
//!   product with the kernel's spectrum (computed once per band length and kept for
//!   the last few lengths), and the inverse. Cost per step O(P_x P_y log(P_x P_y))
//!   whatever the kernel's reach; memory ≈ 3 complex f32 buffers of
//!   `(P_x/2+1) × P_y` plus the kept spectra. Stochastic runs transform in f32;
//!   mean-field runs in f64, because the f32 rounding floor (≈ 10⁻⁶ of the largest
//!   value) would cut the low-density leading edge that drives pulled and
//!   accelerating fronts. Output below the rounding level of the transform (a
//!   fraction of the largest source value) is rounding noise and is written as zero.
//!
//! Rows and columns are transformed in parallel with rayon; every output value is
//! computed by the same operations whatever the thread count, so results are
//! identical for any number of threads.

use super::local::{Span, union};
use rayon::prelude::*;
use realfft::num_complex::Complex;
use realfft::num_traits::{AsPrimitive, Zero};
use realfft::{ComplexToReal, FftNum, RealFftPlanner, RealToComplex};
use rustfft::{Fft, FftPlanner};
use shanshui_engine::Grid;
use std::sync::Arc;

/// FFT rounding levels: output below this fraction of the largest source value is
/// noise and set to zero (f32 and f64 transforms; ≈ 10 × machine epsilon × log₂ N).
const FFT32_NOISE_FLOOR: f32 = 1e-6;
const FFT64_NOISE_FLOOR: f32 = 1e-13;

/// A prepared convolution for one grid shape and one kernel.
pub(crate) enum Disperser {
    /// All seeds stay in their cell.
    Identity,
    /// Separable 1-D weights, applied along rows then columns.
    Separable(Separable),
    /// FFT convolution in f32 with a precomputed kernel spectrum.
    Fft32(Box<FftConvolver<f32>>),
    /// FFT convolution in f64 (mean-field runs, where the f32 rounding floor would
    /// cut the leading edge of fronts).
    Fft64(Box<FftConvolver<f64>>),
}

impl Disperser {
    /// Writes `scale × src` convolved with the kernel into `dst` (same shape); each
    /// value is scaled as it is read, exactly as if `src` had been scaled first.
    /// `spans` holds the [`Span`] of each row of `src`.
    /// `peak` is the largest value of `scale × src`: FFT output below its rounding
    /// level relative to `peak` is written as zero (the exact methods keep all).
    pub(crate) fn apply(
        &mut self,
        (src, spans): (&Grid<f32>, &[Span]),
        scale: f32,
        peak: f32,
        dst: &mut Grid<f32>,
    ) {
        match self {
            Self::Identity => (dst.as_mut_slice().iter_mut().zip(src.as_slice()))
                .for_each(|(d, &s)| *d = s * scale),
            Self::Separable(s) => s.apply((src, spans), |v| v * scale, dst),
            Self::Fft32(f) => f.apply((src, spans), scale, peak * FFT32_NOISE_FLOOR, dst),
            Self::Fft64(f) => f.apply((src, spans), scale, peak * FFT64_NOISE_FLOOR, dst),
        }
    }
}

/// Separable convolution with symmetric 1-D weights.
///
/// Output rows go in bands of [`SEPARABLE_BAND`], one task each. A task keeps the
/// row-pass results of the `2R + 1` rows its current output row needs in a ring of
/// rows (small enough for the core's cache) and computes each of them once (the `2R`
/// rows around a band edge are computed by both tasks), so no scratch raster goes
/// through memory between the two passes.
pub(crate) struct Separable {
    weights: Vec<f32>,
}

/// Output rows per task of [`Separable::apply`].
const SEPARABLE_BAND: usize = 32;

impl Separable {
    /// Prepares the convolution with `weights` (odd length).
    pub(crate) fn new(weights: Vec<f32>) -> Self {
        Self { weights }
    }

    /// Writes into `dst` the convolution of `value(v)` for the values `v` of `src`
    /// (`value` must give 0 for 0); `spans` holds the [`Span`] of each row of `src`.
    /// Only the bounding columns of each row's sources (plus the kernel radius) are
    /// computed; every other output is exactly zero and is filled as such. Each output
    /// sums the same terms in the same order whatever the bands, so results do not
    /// depend on the thread count.
    pub(crate) fn apply(
        &self,
        (src, spans): (&Grid<f32>, &[Span]),
        value: impl Fn(f32) -> f32 + Sync,
        dst: &mut Grid<f32>,
    ) {
        let r = self.weights.len() / 2;
        let n = src.width();
        // Columns of row y's row pass that can be non-zero: its sources' span widened
        // by r.
        let spans: Vec<Span> = spans
            .iter()
            .map(|&(lo, hi)| {
                if lo == hi {
                    (0, 0)
                } else {
                    (lo.saturating_sub(r), (hi + r).min(n))
                }
            })
            .collect();
        dst.as_mut_slice()
            .par_chunks_mut(SEPARABLE_BAND * n.max(1))
            .enumerate()
            .for_each_init(
                || RowRing::new(2 * r + 1, n),
                |ring, (band, out)| {
                    for (k, out) in out.chunks_mut(n).enumerate() {
                        let y = band * SEPARABLE_BAND + k;
                        self.column_pass(src, &value, &spans, ring, y, out);
                    }
                },
            );
    }

    /// Output row `y`: the weighted sum of the row passes of rows `y − R ..= y + R`.
    fn column_pass(
        &self,
        src: &Grid<f32>,
        value: &impl Fn(f32) -> f32,
        spans: &[Span],
        ring: &mut RowRing,
        y: usize,
        out: &mut [f32],
    ) {
        let (r, h) = (self.weights.len() / 2, src.height());
        let window = y.saturating_sub(r)..(y + r + 1).min(h);
        let (a, b) = window.clone().fold((0, 0), |acc, sy| union(acc, spans[sy]));
        out.fill(0.0);
        if a == b {
            return;
        }
        for sy in window {
            if ring.holds(sy).is_none() {
                let slot = ring.take(sy, spans[sy]);
                self.row_pass(src.row(sy), value, spans[sy], slot);
            }
        }
        let out = &mut out[a..b];
        for (k, &wk) in self.weights.iter().enumerate() {
            let sy = y as isize + k as isize - r as isize;
            if let Some(row) = usize::try_from(sy).ok().and_then(|sy| ring.holds(sy)) {
                for (o, s) in out.iter_mut().zip(&row[a..b]) {
                    *o += wk * s;
                }
            }
        }
    }

    /// The row pass of one source row into `out` (zero outside `span`, which `out`
    /// already is).
    fn row_pass(&self, row: &[f32], value: &impl Fn(f32) -> f32, span: Span, out: &mut [f32]) {
        let (a, b) = span;
        if a == b {
            return;
        }
        let (r, n) = (self.weights.len() / 2, row.len() as isize);
        for (k, &wk) in self.weights.iter().enumerate() {
            // out[x] += wk · value(row[x + k − r]) for the x in a..b where the source
            // exists.
            let shift = k as isize - r as isize;
            let lo = (-shift).max(a as isize) as usize;
            let hi = (n - shift).min(b as isize).max(0) as usize;
            if lo < hi {
                let src_lo = (lo as isize + shift) as usize;
                let src_row = &row[src_lo..src_lo + (hi - lo)];
                for (o, &s) in out[lo..hi].iter_mut().zip(src_row) {
                    *o += wk * value(s);
                }
            }
        }
    }
}

/// The row passes of the last few source rows, each zero outside its span.
struct RowRing {
    width: usize,
    /// `slots` rows of `width` values.
    values: Vec<f32>,
    /// The source row and span each slot holds.
    held: Vec<Option<(usize, Span)>>,
}

impl RowRing {
    fn new(slots: usize, width: usize) -> Self {
        Self {
            width,
            values: vec![0.0; slots * width],
            held: vec![None; slots],
        }
    }

    /// The row pass of source row `y`, if a slot holds it.
    fn holds(&self, y: usize) -> Option<&[f32]> {
        let slot = y % self.held.len();
        let held = self.held[slot].is_some_and(|(row, _)| row == y);
        held.then(|| &self.values[slot * self.width..][..self.width])
    }

    /// The slot for source row `y` with row-pass span `span`, zeroed there (and
    /// wherever its previous row had values), for the row pass to add into.
    fn take(&mut self, y: usize, span: Span) -> &mut [f32] {
        let slot = y % self.held.len();
        let values = &mut self.values[slot * self.width..][..self.width];
        if let Some((_, (a, b))) = self.held[slot] {
            values[a..b].fill(0.0);
        }
        values[span.0..span.1].fill(0.0);
        self.held[slot] = Some((y, span));
        values
    }
}

/// Columns (or rows) per task in the transposes.
const BLOCK: usize = 16;

/// The smallest 2ᵃ3ᵇ5ᶜ ≥ `n` (sizes rustfft transforms fastest).
pub(crate) fn fast_len(n: usize) -> usize {
    let mut best = usize::MAX;
    let mut p2 = 1;
    while p2 < 2 * n.max(1) {
        let mut p3 = p2;
        while p3 < 2 * n.max(1) {
            let mut p5 = p3;
            while p5 < n {
                p5 *= 5;
            }
            best = best.min(p5);
            p3 *= 3;
        }
        p2 *= 2;
    }
    best
}

/// FFT convolution of `width × height` rasters with a fixed kernel, computed in `T`,
/// over the band of rows that holds the sources (see [`FftConvolver::apply`]).
pub(crate) struct FftConvolver<T: FftNum> {
    width: usize,
    height: usize,
    /// Kernel reach in columns and rows (at most the grid's size − 1).
    reach: (usize, usize),
    px: usize,
    r2c: Arc<dyn RealToComplex<T>>,
    c2r: Arc<dyn ComplexToReal<T>>,
    /// The kernel image, wrapped so that offset (0, 0) sits at column 0: `2·reach.1 + 1`
    /// rows of `px` values, for offsets `−reach.1..=reach.1`.
    kernel: Vec<T>,
    /// Column plans and kernel spectra of the band lengths in use, newest first.
    bands: Vec<Band<T>>,
    /// Row spectra of the input band, up to `height` rows of `px/2+1`.
    rows: Vec<Complex<T>>,
    /// Column-major working buffer, `(px/2+1)` columns of the band length.
    cols: Vec<Complex<T>>,
}

/// The column transforms and the kernel spectrum for one band length `py`.
struct Band<T: FftNum> {
    py: usize,
    fwd: Arc<dyn Fft<T>>,
    inv: Arc<dyn Fft<T>>,
    /// Kernel spectrum, column-major: `(px/2+1)` columns of `py` values.
    spectrum: Vec<Complex<T>>,
}

/// Band lengths whose spectra are kept (a band changes slowly from year to year).
const BANDS_KEPT: usize = 4;

impl<T: FftNum + AsPrimitive<f64>> FftConvolver<T>
where
    f32: AsPrimitive<T>,
{
    /// Prepares the convolution with `weights`, a `(2r+1)²` row-major window.
    pub(crate) fn new(weights: &[f32], r: usize, width: usize, height: usize) -> Self {
        let (rx, ry) = (r.min(width - 1), r.min(height - 1));
        let px = fast_len(width + rx);
        let mut real = RealFftPlanner::<T>::new();
        let side = 2 * r + 1;
        let mut kernel = vec![T::zero(); (2 * ry + 1) * px];
        for (j, row) in weights
            .chunks(side)
            .enumerate()
            .skip(r - ry)
            .take(2 * ry + 1)
        {
            let out = &mut kernel[(j + ry - r) * px..][..px];
            for (i, &w) in row.iter().enumerate() {
                let dx = i as isize - r as isize;
                if dx.unsigned_abs() <= rx {
                    out[dx.rem_euclid(px as isize) as usize] = w.as_();
                }
            }
        }
        Self {
            width,
            height,
            reach: (rx, ry),
            px,
            r2c: real.plan_fft_forward(px),
            c2r: real.plan_fft_inverse(px),
            kernel,
            bands: Vec::new(),
            rows: vec![Complex::zero(); height * (px / 2 + 1)],
            cols: Vec::new(),
        }
    }

    /// Writes `scale × src` convolved with the kernel into `dst`.
    ///
    /// Only the band of rows `y0..y1` holding sources is transformed. The output rows
    /// that can be non-zero are `y0 − R .. y1 + R` clipped to the grid; the linear
    /// convolution reaches `y0 − R .. y1 + R` unclipped. The band length `py` is the
    /// smallest fast length ≥ the largest distance between an output row and a row
    /// the convolution reaches (and ≥ `2R + 1`, so the kernel's rows do not overlap),
    /// so nothing wraps onto an output row and the circular convolution equals the
    /// linear one there. Every other row is zero, and so is every value below `floor`.
    fn apply(
        &mut self,
        (src, spans): (&Grid<f32>, &[Span]),
        scale: f32,
        floor: f32,
        dst: &mut Grid<f32>,
    ) {
        let (w, h, nc) = (self.width, self.height, self.px / 2 + 1);
        debug_assert!(src.width() == w && src.height() == h);
        let occupied = |s: &Span| s.1 > 0;
        let (Some(y0), Some(last)) = (
            spans.iter().position(occupied),
            spans.iter().rposition(occupied),
        ) else {
            dst.as_mut_slice().fill(0.0);
            return;
        };
        let ry = self.reach.1;
        let (lo, hi) = (y0.saturating_sub(ry), (last + 1 + ry).min(h));
        let extent = (hi + ry - y0).max(last + 1 + ry - lo).max(2 * ry + 1);
        let band = self.band(fast_len(extent));
        let py = self.bands[band].py;
        let n = last + 1 - y0;
        let rows = &mut self.rows[..n * nc];
        row_transforms(&self.r2c, rows, |k, input| {
            for (i, &v) in input[..w].iter_mut().zip(src.row(y0 + k)) {
                *i = (v * scale).as_();
            }
            input[w..].fill(T::zero());
        });
        self.cols.resize(nc * py, Complex::zero());
        let Band {
            fwd, inv, spectrum, ..
        } = &self.bands[band];
        column_transforms(fwd, &self.rows[..n * nc], &mut self.cols, py);
        self.cols
            .par_chunks_mut(py)
            .zip(spectrum.par_chunks(py))
            .for_each_init(
                || vec![Complex::zero(); inv.get_inplace_scratch_len()],
                |scratch, (col, k)| {
                    col.iter_mut().zip(k).for_each(|(v, &k)| *v = *v * k);
                    inv.process_with_scratch(col, scratch);
                },
            );
        // Output row y sits at band row (y − y0) mod py.
        let at = |y: usize| (y as isize - y0 as isize).rem_euclid(py as isize) as usize;
        let out_rows = &mut self.rows[..(hi - lo) * nc];
        transpose_back(&self.cols, out_rows, py, |k| at(lo + k));
        let scale = 1.0 / (self.px * py) as f64;
        let (rows, c2r, px) = (&self.rows, &self.c2r, self.px);
        dst.par_rows_mut().for_each_init(
            || {
                let spec = vec![Complex::zero(); nc];
                (spec, vec![T::zero(); px], c2r.make_scratch_vec())
            },
            |(spec, out, scratch), (y, dst_row)| {
                if !(lo..hi).contains(&y) {
                    dst_row.fill(0.0);
                    return;
                }
                spec.copy_from_slice(&rows[(y - lo) * nc..][..nc]);
                // A real signal's spectrum has real DC (and Nyquist) terms; drop the
                // rounding residue so the inverse transform accepts it.
                spec[0].im = T::zero();
                if px % 2 == 0 {
                    spec[nc - 1].im = T::zero();
                }
                c2r.process_with_scratch(spec, out, scratch)
                    .expect("buffer lengths match the plan");
                for (d, v) in dst_row.iter_mut().zip(&out[..w]) {
                    // FFT rounding leaves tiny values, negative too, where no seed can
                    // arrive.
                    let v: f64 = v.as_();
                    let v = (v * scale).max(0.0) as f32;
                    *d = if v < floor { 0.0 } else { v };
                }
            },
        );
    }

    /// Index in `self.bands` of the band of length `py`, planned and with its kernel
    /// spectrum computed if new (the oldest of [`BANDS_KEPT`] is dropped).
    fn band(&mut self, py: usize) -> usize {
        if let Some(k) = self.bands.iter().position(|b| b.py == py) {
            return k;
        }
        let mut planner = FftPlanner::<T>::new();
        let (fwd, inv) = (planner.plan_fft_forward(py), planner.plan_fft_inverse(py));
        let (px, ry, nc) = (self.px, self.reach.1, self.px / 2 + 1);
        // Kernel row for offset dy sits at band row dy mod py.
        let mut rows = vec![Complex::zero(); py * nc];
        let kernel = &self.kernel;
        row_transforms(&self.r2c, &mut rows, |y, input| {
            // Offsets 0..=ry at the top, −ry..0 wrapped to the bottom, zero between.
            let row = if y <= ry {
                Some(ry + y)
            } else {
                (py - y <= ry).then(|| ry - (py - y))
            };
            match row {
                Some(row) => input.copy_from_slice(&kernel[row * px..][..px]),
                None => input.fill(T::zero()),
            }
        });
        let mut spectrum = vec![Complex::zero(); nc * py];
        column_transforms(&fwd, &rows, &mut spectrum, py);
        self.bands.truncate(BANDS_KEPT - 1);
        self.bands.insert(
            0,
            Band {
                py,
                fwd,
                inv,
                spectrum,
            },
        );
        0
    }
}

/// Real-to-complex transforms of the rows of `out` (rows of `px/2+1`), in parallel;
/// `fill(k, input)` writes input row `k` (length `px`). All-zero rows (most rows of a
/// sparse invasion) transform to zero without calling the plan.
fn row_transforms<T: FftNum>(
    r2c: &Arc<dyn RealToComplex<T>>,
    out: &mut [Complex<T>],
    fill: impl Fn(usize, &mut [T]) + Sync,
) {
    let nc = r2c.complex_len();
    out.par_chunks_mut(nc).enumerate().for_each_init(
        || (r2c.make_input_vec(), r2c.make_scratch_vec()),
        |(input, scratch), (k, spectrum)| {
            fill(k, input);
            if input.iter().all(|v| v.is_zero()) {
                spectrum.fill(Complex::zero());
            } else {
                r2c.process_with_scratch(input, spectrum, scratch)
                    .expect("buffer lengths match the plan");
            }
        },
    );
}

/// Transposes `rows` (row spectra, `px/2+1` wide; rows beyond them are zero) into the
/// columns of `cols` (length `py` each) and transforms each column with `fwd`.
/// Columns go in blocks of [`BLOCK`]: each task reads short contiguous runs of every
/// row (a cache-friendly transpose), then transforms its columns.
fn column_transforms<T: FftNum>(
    fwd: &Arc<dyn Fft<T>>,
    rows: &[Complex<T>],
    cols: &mut [Complex<T>],
    py: usize,
) {
    let nc = cols.len() / py;
    let n_rows = rows.len() / nc;
    cols.par_chunks_mut(BLOCK * py).enumerate().for_each_init(
        || vec![Complex::zero(); fwd.get_inplace_scratch_len()],
        |scratch, (b, block)| {
            let (c0, filled) = (b * BLOCK, n_rows.min(py));
            let n = block.len() / py;
            for y in 0..filled {
                let row = &rows[y * nc + c0..][..n];
                for (j, &v) in row.iter().enumerate() {
                    block[j * py + y] = v;
                }
            }
            for col in block.chunks_mut(py) {
                col[filled..].fill(Complex::zero());
                fwd.process_with_scratch(col, scratch);
            }
        },
    );
}

/// Copies band row `source(k)` of the columns `cols` (length `py` each) into row `k`
/// of `rows`, in blocks of [`BLOCK`] rows.
fn transpose_back<T: FftNum>(
    cols: &[Complex<T>],
    rows: &mut [Complex<T>],
    py: usize,
    source: impl Fn(usize) -> usize + Sync,
) {
    let nc = cols.len() / py;
    rows.par_chunks_mut(BLOCK * nc)
        .enumerate()
        .for_each(|(b, band)| {
            let k0 = b * BLOCK;
            let n = band.len() / nc;
            let from: [usize; BLOCK] = std::array::from_fn(|j| source(k0 + j.min(n - 1)));
            for c in 0..nc {
                for (j, &f) in from[..n].iter().enumerate() {
                    band[j * nc + c] = cols[c * py + f];
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coastal::local::row_spans;

    fn direct(src: &Grid<f32>, weights: &[f32], r: usize) -> Grid<f32> {
        let (w, h) = (src.width() as isize, src.height() as isize);
        let side = 2 * r + 1;
        let mut out = Grid::filled(src.width(), src.height(), 0.0f32);
        for y in 0..h {
            for x in 0..w {
                let s = *src.get(x as usize, y as usize);
                for (j, row) in weights.chunks(side).enumerate() {
                    for (i, &k) in row.iter().enumerate() {
                        let (tx, ty) = (x + i as isize - r as isize, y + j as isize - r as isize);
                        if (0..w).contains(&tx) && (0..h).contains(&ty) {
                            *out.get_mut(tx as usize, ty as usize) += s * k;
                        }
                    }
                }
            }
        }
        out
    }

    /// The row spans of `g`.
    fn spans(g: &Grid<f32>) -> Vec<Span> {
        row_spans(g.as_slice(), g.width())
    }

    fn sources(w: usize, h: usize) -> Grid<f32> {
        Grid::from_vec(w, h, (0..w * h).map(|i| ((i * 7919) % 13) as f32).collect()).unwrap()
    }

    #[test]
    fn fast_lengths_are_5_smooth() {
        assert_eq!(fast_len(1), 1);
        assert_eq!(fast_len(7), 8);
        assert_eq!(fast_len(4126), 4320);
        assert_eq!(fast_len(1000), 1000);
    }

    #[test]
    fn fft_matches_direct_convolution() {
        let r = 4;
        let weights: Vec<f32> = (0..81).map(|i| ((i * 31) % 17) as f32 / 500.0).collect();
        for (w, h) in [(13, 9), (1, 20), (20, 1), (6, 6)] {
            let src = sources(w, h);
            let want = direct(&src, &weights, r);
            let mut got = Grid::filled(w, h, 0.0);
            FftConvolver::<f32>::new(&weights, r, w, h).apply(
                (&src, &spans(&src)),
                1.0,
                0.0,
                &mut got,
            );
            let mut got64 = Grid::filled(w, h, 0.0);
            FftConvolver::<f64>::new(&weights, r, w, h).apply(
                (&src, &spans(&src)),
                1.0,
                0.0,
                &mut got64,
            );
            for ((g, g64), e) in got
                .as_slice()
                .iter()
                .zip(got64.as_slice())
                .zip(want.as_slice())
            {
                assert!((g - e).abs() < 1e-4, "{w}×{h}: {g} vs {e}");
                assert!((g64 - e).abs() < 1e-5, "{w}×{h}: {g64} vs {e}");
            }
        }
    }

    /// Sources in a few rows (mid-grid, at either edge, and with a kernel taller
    /// than the grid) give the direct result through the band transform, in both
    /// precisions, and the same convolver stays right as the band changes.
    #[test]
    fn fft_band_matches_direct_convolution() {
        let r = 4;
        let weights: Vec<f32> = (0..81).map(|i| ((i * 31) % 17) as f32 / 500.0).collect();
        for (w, h) in [(9, 40), (7, 5)] {
            let mut c32 = FftConvolver::<f32>::new(&weights, r, w, h);
            let mut c64 = FftConvolver::<f64>::new(&weights, r, w, h);
            for rows in [
                vec![h / 2 - 1, h / 2 + 1],
                vec![0],
                vec![h - 1],
                vec![1, h - 2],
                vec![],
            ] {
                let mut src = Grid::filled(w, h, 0.0f32);
                for &y in &rows {
                    for x in (y % 3..w).step_by(2) {
                        *src.get_mut(x, y) = (1 + x + y) as f32;
                    }
                }
                let want = direct(&src, &weights, r);
                let (mut got, mut got64) = (Grid::filled(w, h, 9.0), Grid::filled(w, h, 9.0));
                c32.apply((&src, &spans(&src)), 1.0, 0.0, &mut got);
                c64.apply((&src, &spans(&src)), 1.0, 0.0, &mut got64);
                let cells = got
                    .as_slice()
                    .iter()
                    .zip(got64.as_slice())
                    .zip(want.as_slice());
                for ((g, g64), e) in cells {
                    assert!((g - e).abs() < 1e-4, "{w}×{h} rows {rows:?}: {g} vs {e}");
                    assert!(
                        (g64 - e).abs() < 1e-5,
                        "{w}×{h} rows {rows:?}: {g64} vs {e}"
                    );
                }
            }
        }
    }

    /// Sparse sources at the grid's edges and around the edges of the row bands, in a
    /// grid of several bands (each band's ring of rows starts anew).
    #[test]
    fn separable_handles_sparse_sources_near_edges() {
        let w1 = [0.1f32, 0.2, 0.4, 0.2, 0.1];
        let w2: Vec<f32> = (0..25).map(|i| w1[i % 5] * w1[i / 5]).collect();
        let (w, h) = (23, 2 * SEPARABLE_BAND + 7);
        let mut src = Grid::filled(w, h, 0.0f32);
        let band = SEPARABLE_BAND;
        for (x, y, v) in [
            (0, 0, 3.0),
            (11, 8, 1.5),
            (22, h - 1, 2.0),
            (21, 3, 0.5),
            (5, band - 1, 1.0),
            (6, band, 0.25),
            (17, 2 * band + 1, 0.75),
        ] {
            *src.get_mut(x, y) = v;
        }
        let mut got = Grid::filled(w, h, 9.0);
        let separable = Separable::new(w1.to_vec());
        separable.apply((&src, &spans(&src)), |v| v, &mut got);
        let want = direct(&src, &w2, 2);
        for (g, e) in got.as_slice().iter().zip(want.as_slice()) {
            assert!((g - e).abs() < 1e-6, "{g} vs {e}");
        }
        // Values mapped as they are read: the same as mapping the sources first.
        let strong = |v: f32| if v >= 1.0 { v } else { 0.0 };
        separable.apply((&src, &spans(&src)), strong, &mut got);
        let mapped = src.map(|&v| strong(v));
        let mut fresh = Grid::filled(w, h, 9.0);
        separable.apply((&mapped, &spans(&mapped)), |v| v, &mut fresh);
        assert_eq!(got, fresh);
    }

    #[test]
    fn separable_matches_direct_convolution() {
        let w1 = [0.1f32, 0.2, 0.4, 0.2, 0.1];
        let w2: Vec<f32> = (0..25).map(|i| w1[i % 5] * w1[i / 5]).collect();
        let src = sources(11, 7);
        let mut got = Grid::filled(11, 7, 0.0);
        Separable::new(w1.to_vec()).apply((&src, &spans(&src)), |v| v, &mut got);
        let want = direct(&src, &w2, 2);
        for (g, e) in got.as_slice().iter().zip(want.as_slice()) {
            assert!((g - e).abs() < 1e-5, "{g} vs {e}");
        }
    }
}
