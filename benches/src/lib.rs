//! Shared setup of the Shanshui benchmarks in `benches/benches/` (run them with
//! `cargo bench -p shanshui-benches`): the default bay at any size, and timing one
//! simulated year on a fixed number of threads.

use criterion::BenchmarkGroup;
use criterion::measurement::WallTime;
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let mut sim = pool.install(build);
    sim.initialize().expect("the schedule builds");
    group.bench_function(format!("{name}/{threads}-thread"), |b| {
        b.iter(|| pool.install(|| black_box(sim.run_step()).expect("a step runs")))
    });
}
