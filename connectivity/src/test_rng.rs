//! A small deterministic generator for test data (Knuth's MMIX linear congruential
//! generator, upper bits).

/// Draws in `0..2³¹` from `seed`: the same sequence for the same seed.
pub(crate) fn lcg(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        state >> 33
    }
}
