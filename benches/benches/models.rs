//! Model throughput through the real engine (World, schedule, layers, keyed streams):
//! succession on the default bay's rules, and the occupancy automaton (the
//! cross-implementation reference, see `benches/peers/`), at 2048×2048, with one and
//! two threads.
//!
//! `cargo bench --bench models` (criterion prints time per step and elements/s, where
//! an element is one cell update).
#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shanshui_engine::{Grid, Landscape, Probability, RunSeed, Sim, StreamId};
use shanshui_models::occupancy::{OccupancyParams, OccupancyPlugin};
use shanshui_scenarios::schema::LandscapeSpec;
use shanshui_scenarios::{DEFAULT_SCENARIO, LoadOptions, Scenario};
use std::hint::black_box;
use std::path::Path;

/// The default scenario with its bay enlarged to `side × side` cells.
fn bay(side: usize) -> Scenario {
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

fn succession(c: &mut Criterion) {
    let side = 2048;
    let scenario = bay(side);
    let site = scenario.site().expect("the bay builds");
    let mut group = c.benchmark_group("succession");
    group
        .sample_size(10)
        .throughput(Throughput::Elements((side * side) as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        let mut sim = scenario.sim(&site, "natural_recovery", 0);
        sim.initialize().expect("the schedule builds");
        group.bench_function(format!("{side}x{side}/{threads}-thread"), |b| {
            b.iter(|| pool.install(|| black_box(sim.run_step()).expect("a step runs")))
        });
    }
    group.finish();
}

/// The occupancy automaton with p = 0.1, q = 0.2 from a half-occupied random start.
fn occupancy(c: &mut Criterion) {
    let side = 2048;
    let landscape = Landscape {
        width: side,
        height: side,
        cell_size_m: 10.0,
        origin_x: 0.0,
        origin_y: 0.0,
        epsg: None,
    };
    let start_key = RunSeed::for_replicate(0, 0).key(StreamId(0), 0);
    let initial = Grid::from_vec(
        side,
        side,
        (0..side * side)
            .map(|i| u8::from(start_key.uniform(i as u64) < 0.5))
            .collect(),
    )
    .expect("side² cells");
    let params = OccupancyParams {
        colonisation_per_neighbour: Probability::new(0.1).expect("a probability"),
        extinction_per_year: Probability::new(0.2).expect("a probability"),
    };
    let mut group = c.benchmark_group("occupancy");
    group
        .sample_size(20)
        .throughput(Throughput::Elements((side * side) as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        let mut sim = Sim::new(landscape, RunSeed::for_replicate(1, 0));
        sim.add_plugin(&OccupancyPlugin {
            params,
            initial: initial.clone(),
        });
        sim.initialize().expect("the schedule builds");
        group.bench_function(format!("{side}x{side}/{threads}-thread"), |b| {
            b.iter(|| pool.install(|| black_box(sim.run_step()).expect("a step runs")))
        });
    }
    group.finish();
}

criterion_group!(benches, succession, occupancy);
criterion_main!(benches);
