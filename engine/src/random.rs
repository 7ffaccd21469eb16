//! Deterministic random streams. Every draw is a pure function of
//! (scenario seed, replicate, process, step, key), where the key is a cell index or an
//! entity id. Results are therefore bit-identical for any number of threads, one cell's
//! history can be replayed, and two strategies that share a replicate share every
//! stream that their interventions do not touch (common random numbers).
//!
//! The generator is SplitMix64 (Steele, Lea & Flood 2014): a Weyl sequence passed
//! through a 64-bit finaliser. It passes BigCrush, is portable, and costs a few
//! nanoseconds per draw, so a per-cell keyed stream is cheap enough to create for
//! every cell of every step.

use bevy_ecs::resource::Resource;
use std::convert::Infallible;

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijective 64-bit mixer.
#[inline]
pub const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Identifies a random process (a model's purpose for drawing numbers). Models
/// declare their own constants; two processes never share an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StreamId(pub u64);

/// Seed of one replicate, derived from the scenario seed only — never from entropy.
/// It does not depend on the strategy, which is what makes comparisons paired.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RunSeed(u64);

impl RunSeed {
    /// The seed of replicate `replicate` of a scenario seeded with `scenario_seed`.
    pub fn for_replicate(scenario_seed: u64, replicate: u64) -> Self {
        Self(mix64(
            mix64(scenario_seed) ^ mix64(replicate.wrapping_add(GOLDEN_GAMMA)),
        ))
    }

    /// The raw 64-bit value.
    pub fn value(self) -> u64 {
        self.0
    }

    /// The key of `process`'s draws during step `step`.
    pub fn key(self, process: StreamId, step: u32) -> StreamKey {
        StreamKey(mix64(mix64(self.0 ^ mix64(process.0)) ^ u64::from(step)))
    }
}

/// The key of one process in one step; indexed by cell or entity it gives independent
/// numbers without any shared state, so parallel loops need no coordination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StreamKey(u64);

impl StreamKey {
    /// One uniform number in `[0, 1)` for item `index` (a cell or an entity id).
    #[inline]
    pub fn uniform(self, index: u64) -> f64 {
        unit_f64(mix64(
            self.0
                .wrapping_add(index.wrapping_add(1).wrapping_mul(GOLDEN_GAMMA)),
        ))
    }

    /// One uniform `f32` in `[0, 1)` for item `index`; half the cost of [`Self::uniform`]
    /// where 24 bits of resolution suffice.
    #[inline]
    pub fn uniform_f32(self, index: u64) -> f32 {
        let bits = mix64(
            self.0
                .wrapping_add(index.wrapping_add(1).wrapping_mul(GOLDEN_GAMMA)),
        );
        (bits >> 40) as f32 * (1.0 / (1u32 << 24) as f32)
    }

    /// 32 uniform random bits for item `index` (for threshold comparisons in tight
    /// kernels: `bits32 < p · 2³²` happens with probability `p`).
    #[inline]
    pub fn bits32(self, index: u64) -> u32 {
        (mix64(
            self.0
                .wrapping_add(index.wrapping_add(1).wrapping_mul(GOLDEN_GAMMA)),
        ) >> 32) as u32
    }

    /// A generator for many draws tied to item `index` (for `rand_distr` samplers).
    pub fn rng(self, index: u64) -> StreamRng {
        StreamRng {
            state: mix64(self.0 ^ mix64(index.wrapping_add(GOLDEN_GAMMA))),
        }
    }

    /// A key for a sub-purpose of this one (e.g. a second independent draw per cell).
    pub fn derive(self, salt: u64) -> StreamKey {
        StreamKey(mix64(self.0 ^ mix64(salt ^ GOLDEN_GAMMA)))
    }
}

#[inline]
fn unit_f64(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// SplitMix64 generator; implements [`rand::Rng`] so `rand_distr` samplers can use it.
#[derive(Debug, Clone)]
pub struct StreamRng {
    state: u64,
}

impl StreamRng {
    /// A uniform number in `[0, 1)`.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        unit_f64(self.step())
    }

    #[inline]
    fn step(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix64(self.state)
    }
}

impl rand::TryRng for StreamRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.step() >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.step())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.step().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_separate_processes_steps_and_replicates() {
        let a = RunSeed::for_replicate(7, 0);
        let b = RunSeed::for_replicate(7, 1);
        assert_ne!(a, b);
        let p = StreamId(1);
        assert_ne!(a.key(p, 0).uniform(0), a.key(p, 1).uniform(0));
        assert_ne!(a.key(p, 0).uniform(0), a.key(StreamId(2), 0).uniform(0));
        assert_eq!(
            a.key(p, 3).uniform(99),
            RunSeed::for_replicate(7, 0).key(p, 3).uniform(99)
        );
    }

    #[test]
    fn uniform_draws_look_uniform() {
        let key = RunSeed::for_replicate(1, 0).key(StreamId(9), 0);
        let n = 200_000;
        let (mut sum, mut low) = (0.0, 0);
        for i in 0..n {
            let u = key.uniform(i);
            assert!((0.0..1.0).contains(&u));
            sum += u;
            low += usize::from(key.uniform_f32(i) < 0.1);
        }
        assert!((sum / n as f64 - 0.5).abs() < 0.005);
        assert!((low as f64 / n as f64 - 0.1).abs() < 0.005);
    }

    #[test]
    fn rng_feeds_rand_distr_style_consumers() {
        use rand::RngExt;
        let mut rng = RunSeed::for_replicate(1, 0).key(StreamId(3), 0).rng(5);
        let mean = (0..10_000).map(|_| rng.random::<f64>()).sum::<f64>() / 10_000.0;
        assert!((mean - 0.5).abs() < 0.02);
    }
}
