//! Model throughput: succession cell-updates per second on the default bay's rules,
//! at 2048×2048, with one and two threads.
//!
//! `cargo bench --bench models` (criterion prints time per step and elements/s, where
//! an element is one cell update).
#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shanshui_scenarios::schema::LandscapeSpec;
use shanshui_scenarios::{DEFAULT_SCENARIO, LoadOptions, Scenario};
use std::hint::black_box;
use std::path::Path;

/// The default scenario with its bay enlarged to `side × side` cells.
fn bay(side: usize) -> Scenario {
    let mut scenario = Scenario::from_bytes(DEFAULT_SCENARIO.as_bytes(), Path::new("default"), Path::new("."), LoadOptions::default())
        .expect("the default scenario is valid");
    if let LandscapeSpec::Bay(params) = &mut scenario.file.landscape {
        params.width = side;
        params.height = side;
    }
    scenario
}

fn succession(c: &mut Criterion) {
    let side = 2048;
    let scenario = bay(side);
    let site = scenario.site().expect("the bay builds");
    let mut group = c.benchmark_group("succession");
    group.sample_size(10).throughput(Throughput::Elements((side * side) as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
        let mut sim = scenario.sim(&site, "natural_recovery", 0);
        sim.initialize().expect("the schedule builds");
        group.bench_function(format!("{side}x{side}/{threads}-thread"), |b| {
            b.iter(|| pool.install(|| black_box(sim.run_step()).expect("a step runs")))
        });
    }
    group.finish();
}

criterion_group!(benches, succession);
criterion_main!(benches);
