//! Fast reductions of one raster row, in a fixed order: the result depends only on the
//! values, never on threads, so per-row results summed in row order stay
//! deterministic. Independent partial results let the CPU overlap the additions (a
//! single running f64 sum waits on each addition in turn).

/// Partial results kept by [`sum_f64`], [`sum2_f64`] and [`max_and_sum_f32`].
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

/// The largest of `values` (0 at least) and Σ `values` in f32, lanes as in
/// [`sum_f64`].
pub fn max_and_sum_f32(values: &[f32]) -> (f32, f32) {
    let (mut max, mut total) = ([0.0f32; LANES], [0.0f32; LANES]);
    let (blocks, rest) = values.as_chunks::<LANES>();
    for v in blocks {
        for k in 0..LANES {
            max[k] = if v[k] > max[k] { v[k] } else { max[k] };
            total[k] += v[k];
        }
    }
    for (k, &v) in rest.iter().enumerate() {
        max[k] = if v > max[k] { v } else { max[k] };
        total[k] += v;
    }
    (max.into_iter().fold(0.0, f32::max), total.iter().sum())
}

/// Values per block of [`count_equal`]: a block's matches fit in one byte.
const COUNT_BLOCK: usize = 64;

/// Number of `values` equal to `value`, counted a vectorised block at a time.
pub fn count_equal(values: &[u8], value: u8) -> u64 {
    let (blocks, rest) = values.as_chunks::<COUNT_BLOCK>();
    let in_block = |b: &[u8; COUNT_BLOCK]| b.iter().map(|&v| u8::from(v == value)).sum::<u8>();
    let whole: u64 = blocks.iter().map(|b| u64::from(in_block(b))).sum();
    whole + rest.iter().filter(|&&v| v == value).count() as u64
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
    fn count_equal_counts_every_value() {
        let v: Vec<u8> = (0..1001u32).map(|i| (i * i % 251) as u8).collect();
        for value in 0..=255u8 {
            let n = v.iter().filter(|&&x| x == value).count() as u64;
            assert_eq!(count_equal(&v, value), n);
        }
        assert_eq!(count_equal(&[7; 200], 7), 200);
    }
}
