//! Fast reductions of one raster row, in a fixed order: the result depends only on the
//! values, never on threads, so per-row results summed in row order stay
//! deterministic. Independent partial results let the CPU overlap the additions (a
//! single running f64 sum waits on each addition in turn).

/// Partial sums kept by [`sum_f64`] and [`sum2_f64`].
const LANES: usize = 8;

/// Σ `values` in f64: value `x` goes to partial sum `x mod 8`, and the partial sums
/// are added in order at the end.
pub fn sum_f64(values: &[f32]) -> f64 {
    sum2_f64(values, &[])
}

/// Σ (`a[x]` + `b[x]`) in f64 (each pair added in f64 first), lanes as in
/// [`sum_f64`]; `b` may be empty (read as zeros) or as long as `a`.
pub fn sum2_f64(a: &[f32], b: &[f32]) -> f64 {
    debug_assert!(b.is_empty() || b.len() == a.len());
    let mut lanes = [0.0f64; LANES];
    let a8 = a.chunks_exact(LANES);
    let a_rest = a8.remainder();
    if b.is_empty() {
        for v in a8 {
            for k in 0..LANES {
                lanes[k] += f64::from(v[k]);
            }
        }
        for (k, &v) in a_rest.iter().enumerate() {
            lanes[k] += f64::from(v);
        }
    } else {
        let b8 = b.chunks_exact(LANES);
        let b_rest = b8.remainder();
        for (v, w) in a8.zip(b8) {
            for k in 0..LANES {
                lanes[k] += f64::from(v[k]) + f64::from(w[k]);
            }
        }
        for (k, (&v, &w)) in a_rest.iter().zip(b_rest).enumerate() {
            lanes[k] += f64::from(v) + f64::from(w);
        }
    }
    lanes.iter().sum()
}

/// Cells per block of [`histogram`].
const RUN_BLOCK: usize = 16;

/// Number of cells of each `u8` value (in a slice shorter than 2³² values). A block
/// of 16 equal values (the usual case in a land-cover row, which runs in long
/// stretches of one class) is counted with one vectorised comparison and one
/// addition.
pub fn histogram(values: &[u8]) -> [u32; 256] {
    let mut counts = [0u32; 256];
    let (blocks, rest) = values.as_chunks::<RUN_BLOCK>();
    for block in blocks {
        let first = block[0];
        if block.iter().all(|&v| v == first) {
            counts[usize::from(first)] += RUN_BLOCK as u32;
        } else {
            block.iter().for_each(|&v| counts[usize::from(v)] += 1);
        }
    }
    rest.iter().for_each(|&v| counts[usize::from(v)] += 1);
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_match_plain_sums_of_exact_values() {
        // Small integers are exact in f64 whatever the order.
        let a: Vec<f32> = (0..37).map(|i| (i % 7) as f32).collect();
        let b: Vec<f32> = (0..37).map(|i| (i % 3) as f32).collect();
        let plain: f64 = a.iter().map(|&v| f64::from(v)).sum();
        assert_eq!(sum_f64(&a), plain);
        let both: f64 = plain + b.iter().map(|&v| f64::from(v)).sum::<f64>();
        assert_eq!(sum2_f64(&a, &b), both);
        assert_eq!(sum_f64(&[]), 0.0);
    }

    #[test]
    fn histogram_counts_every_value() {
        let v: Vec<u8> = (0..1001u32).map(|i| (i * i % 251) as u8).collect();
        let h = histogram(&v);
        for value in 0..=255u8 {
            let n = v.iter().filter(|&&x| x == value).count() as u32;
            assert_eq!(h[usize::from(value)], n);
        }
        assert_eq!(h.iter().sum::<u32>(), 1001);
    }
}
