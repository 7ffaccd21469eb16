//! Shared setup of the Shanshui benchmarks in `benches/benches/` (run them with
//! `cargo bench -p shanshui-benches`): the default bay at any size, and timing
//! simulated years on a fixed number of threads.

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup};
use shanshui_engine::Sim;
use shanshui_scenarios::schema::LandscapeSpec;
use shanshui_scenarios::{DEFAULT_SCENARIO, LoadOptions, Scenario};
use std::hint::black_box;
use std::path::Path;

/// The embedded default scenario with its bay enlarged to `side × side` cells.
pub fn default_bay(side: usize) -> Scenario {
    let mut scenario = Scenario::from_bytes(
        DEFAULT_SCENARIO.as_bytes(),
        Path::new("default"),
        Path::new("."),
        LoadOptions::default(),
    )
    .expect("the default scenario is valid");
    if let LandscapeSpec::Bay(params) = &mut scenario.file.landscape {
        params.width = side;
        params.height = side;
    }
    scenario
}

/// Times one step of the simulation `build` makes, on a pool of `threads` threads
/// (built inside the pool, so per-world setup sees the same pool).
pub fn bench_step(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    threads: usize,
    build: impl FnOnce() -> Sim + Send,
) {
    let pool = pool(threads);
    let mut sim = ready(&pool, build);
    group.bench_function(format!("{name}/{threads}-thread"), |b| {
        b.iter(|| pool.install(|| black_box(sim.run_step()).expect("a step runs")))
    });
}

/// Times the first `years` steps of a fresh simulation from `build` (built and
/// initialised outside the timed code), on a pool of `threads` threads. Every
/// iteration runs the same years from the same state, so the figure does not drift
/// as an invasion spreads over the iterations.
pub fn bench_years(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    threads: usize,
    years: u32,
    build: impl Fn() -> Sim + Sync,
) {
    let pool = pool(threads);
    group.bench_function(format!("{name}/{threads}-thread"), |b| {
        b.iter_batched_ref(
            || ready(&pool, &build),
            |sim| {
                pool.install(|| {
                    for _ in 0..years {
                        black_box(sim.run_step()).expect("a step runs");
                    }
                })
            },
            BatchSize::PerIteration,
        )
    });
}

/// A rayon pool of `threads` threads.
fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
}

/// The simulation `build` makes inside `pool` (so per-world setup sees the same
/// pool), initialised.
fn ready(pool: &rayon::ThreadPool, build: impl FnOnce() -> Sim + Send) -> Sim {
    pool.install(|| {
        let mut sim = build();
        sim.initialize().expect("the schedule builds");
        sim
    })
}
