//! Throughput of the full coastal stack (intertidal, Spartina, mangrove, native marsh,
//! land-cover coupling and metrics) plus succession on the default bay enlarged to
//! 1024², 2048² and 4096² cells, one replicate, one and two threads.
//!
//! `cargo bench -p shanshui-benches --bench coastal` (criterion prints time per step
//! and elements/s, where an element is one cell update of the whole stack). Set
//! `SHANSHUI_BENCH_SIDES=1024,2048` to choose the sizes, and `SHANSHUI_BENCH_KERNEL=
//! gaussian` to time the separable Gaussian seed kernel instead of the default
//! exponential one (FFT).
#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shanshui_engine::{NonNegative, RunSeed, Sim};
use shanshui_models::coastal::{CoastalParams, CoastalPlugin, SeedKernel};
use shanshui_models::landcover::LandCoverPlugin;
use shanshui_models::layers::LandCover;
use shanshui_models::succession::SuccessionPlugin;
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

/// Coastal parameters: defaults, with the seed kernel chosen by the environment.
fn coastal_params() -> CoastalParams {
    let mut params = CoastalParams::default();
    if std::env::var("SHANSHUI_BENCH_KERNEL").as_deref() == Ok("gaussian") {
        let spartina = params.spartina.as_mut().expect("Spartina is on by default");
        spartina.kernel = SeedKernel::Gaussian {
            sigma_m: NonNegative::new(20.0).expect("non-negative"),
        };
    }
    params
}

/// A simulation of the bay with land cover, succession and the coastal stack.
fn coastal_sim(scenario: &Scenario) -> Sim {
    let site = scenario.site().expect("the bay builds");
    let mut sim = Sim::new(
        site.landscape,
        RunSeed::for_replicate(scenario.file.seed, 0),
    );
    sim.world.insert_resource(site.elevation.clone());
    sim.add_plugin(&LandCoverPlugin {
        classes: site.classes.clone(),
        initial: LandCover::new(site.cover.clone(), 0),
    });
    let succession = SuccessionPlugin::new(&scenario.file.succession, &site.classes)
        .expect("the default rules name defined classes");
    sim.add_plugin(&succession);
    let coastal = CoastalPlugin::new(&coastal_params(), &site.classes)
        .expect("the default bay has the coastal classes");
    sim.add_plugin(&coastal);
    sim
}

fn sides() -> Vec<usize> {
    std::env::var("SHANSHUI_BENCH_SIDES")
        .ok()
        .map(|s| s.split(',').filter_map(|v| v.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1024, 2048, 4096])
}

fn coastal_stack(c: &mut Criterion) {
    let mut group = c.benchmark_group("coastal_stack");
    group.sample_size(10);
    for side in sides() {
        let scenario = bay(side);
        group.throughput(Throughput::Elements((side * side) as u64));
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool");
            let mut sim = pool.install(|| coastal_sim(&scenario));
            sim.initialize().expect("the schedule builds");
            group.bench_function(format!("{side}x{side}/{threads}-thread"), |b| {
                b.iter(|| pool.install(|| black_box(sim.run_step()).expect("a step runs")))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, coastal_stack);
criterion_main!(benches);
