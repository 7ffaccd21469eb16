//! The manifest: every run of a sweep with its stable `run_id`, and shards of it.
//!
//! Runs are laid out point-major, then replicate, then strategy:
//! `run_id = (point × replicates + replicate) × strategies + strategy`.
//!
//! Every run uses the base scenario's seed, and replicates are told apart by their
//! index, which the engine's random streams are keyed by: run (point *p*, replicate *r*,
//! strategy *s*) is exactly replicate *r* of strategy *s* of point *p*'s scenario, as
//! `shanshui run` would compute it. So a point with the base scenario's own values
//! reproduces `shanshui run` bit for bit, and every point and strategy shares its random
//! numbers with the others at the same replicate (common random numbers): differences
//! between points are due to the parameters, not to different draws, which makes
//! comparisons and sensitivity estimates less noisy.

use std::fmt::Write;
use std::str::FromStr;

/// One run: a point of the design, a strategy and a replicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Stable identifier, `0..manifest.len()`.
    pub run_id: u64,
    /// Index of the design point.
    pub point: usize,
    /// Index into [`Manifest::strategies`].
    pub strategy: usize,
    /// Replicate index at this point.
    pub replicate: u32,
    /// Scenario seed of the run, the base scenario's ([`Manifest::seed`]): the run is
    /// replicate `replicate` of the point's scenario with this seed.
    pub seed: u64,
}

/// Every run of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Parameter paths, the columns of the points.
    pub parameters: Vec<String>,
    /// Parameter values per design point.
    pub points: Vec<Vec<f64>>,
    /// Strategy names, in run order.
    pub strategies: Vec<String>,
    /// Replicates per point and strategy.
    pub replicates: u32,
    /// The base scenario's seed, which every run uses (common random numbers).
    pub seed: u64,
}

impl Manifest {
    /// Number of runs.
    pub fn len(&self) -> u64 {
        self.points.len() as u64 * u64::from(self.replicates) * self.strategies.len() as u64
    }

    /// Whether there is no run.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The run with id `run_id` (which must be below [`Self::len`]).
    pub fn run(&self, run_id: u64) -> Run {
        let strategies = self.strategies.len() as u64;
        let twin = run_id / strategies;
        let replicates = u64::from(self.replicates);
        Run {
            run_id,
            point: (twin / replicates) as usize,
            strategy: (run_id % strategies) as usize,
            replicate: (twin % replicates) as u32,
            seed: self.seed,
        }
    }

    /// Every run in `run_id` order.
    pub fn runs(&self) -> impl Iterator<Item = Run> + '_ {
        (0..self.len()).map(|id| self.run(id))
    }

    /// `manifest.csv`: `run_id`, each parameter, `strategy`, `replicate`, `seed`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("run_id,");
        for p in &self.parameters {
            out += p;
            out.push(',');
        }
        out += "strategy,replicate,seed\n";
        for run in self.runs() {
            let _ = write!(out, "{},", run.run_id);
            for v in &self.points[run.point] {
                let _ = write!(out, "{v},");
            }
            let strategy = &self.strategies[run.strategy];
            let _ = writeln!(out, "{strategy},{},{}", run.replicate, run.seed);
        }
        out
    }
}

/// Shard `index` of `count`: the runs with `run_id % count == index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, `0..count`.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl Shard {
    /// The whole sweep as one shard.
    pub const ALL: Self = Self { index: 0, count: 1 };

    /// Whether run `run_id` belongs to this shard.
    pub fn contains(self, run_id: u64) -> bool {
        run_id % self.count == self.index
    }

    /// File stem of this shard's results, e.g. `shard-3-of-8`.
    pub fn stem(self) -> String {
        format!("shard-{}-of-{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// Parses `I/N` with `0 ≤ I < N`.
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("`{text}` is not a shard: write I/N with 0 ≤ I < N, e.g. 0/4");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (u64, u64) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Self { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn manifest(points: usize, strategies: usize, replicates: u32) -> Manifest {
        Manifest {
            parameters: vec!["a".into()],
            points: (0..points).map(|p| vec![p as f64 / 2.0]).collect(),
            strategies: (0..strategies).map(|s| format!("s{s}")).collect(),
            replicates,
            seed: 11,
        }
    }

    #[test]
    fn layout_and_csv() {
        let m = manifest(2, 2, 3);
        assert_eq!(m.len(), 12);
        let run = m.run(7);
        assert_eq!((run.point, run.replicate, run.strategy), (1, 0, 1));
        assert!(
            m.runs().all(|r| r.seed == 11),
            "every run uses the scenario seed"
        );
        let csv = m.to_csv();
        assert!(csv.starts_with("run_id,a,strategy,replicate,seed\n0,0,s0,0,11\n"));
        assert!(csv.ends_with("\n11,0.5,s1,2,11\n"));
        assert_eq!(csv.lines().count(), 13);
    }

    #[test]
    fn shards_parse() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["4/4", "1/0", "x/2", "3", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn shards_partition_the_manifest(points in 1usize..20, strategies in 1usize..4,
                                         replicates in 1u32..5, count in 1u64..12) {
            let m = manifest(points, strategies, replicates);
            let mut seen = vec![0u32; m.len() as usize];
            for index in 0..count {
                let shard = Shard { index, count };
                for run in m.runs().filter(|r| shard.contains(r.run_id)) {
                    seen[run.run_id as usize] += 1;
                }
            }
            prop_assert!(seen.iter().all(|&n| n == 1));
        }
    }
}
