//! Model throughput through the real engine (World, schedule, layers, keyed streams):
//! succession on the default bay's rules, the occupancy automaton (the
//! cross-implementation reference, see `benches/peers/`), and one year of the whole
//! default scenario (every model, natural recovery), at 2048×2048 (512×512 for the
//! whole scenario), with one and two threads.
//!
//! `cargo bench -p shanshui-benches --bench models` (criterion prints time per step and
//! elements/s, where an element is one cell update).
#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shanshui_benches::{bench_step, default_bay};
use shanshui_engine::{Grid, Landscape, Probability, RunSeed, Sim, StreamId};
use shanshui_models::occupancy::{OccupancyParams, OccupancyPlugin};

/// Succession alone (the default bay's rules, without the coastal and management models).
fn succession(c: &mut Criterion) {
    let side = 2048;
    let mut scenario = default_bay(side);
    (
        scenario.file.coastal,
        scenario.file.connectivity,
        scenario.file.carbon,
    ) = (None, None, None);
    scenario.file.strategies.clear();
    let site = scenario.site().expect("the bay builds");
    let mut group = c.benchmark_group("succession");
    group
        .sample_size(10)
        .throughput(Throughput::Elements((side * side) as u64));
    for threads in [1, 2] {
        bench_step(&mut group, &format!("{side}x{side}"), threads, || {
            scenario.sim(&site, "natural_recovery", 0)
        });
    }
    group.finish();
}

/// One year of the default scenario with every model (natural recovery).
fn default_scenario(c: &mut Criterion) {
    let side = 512;
    let scenario = default_bay(side);
    let site = scenario.site().expect("the bay builds");
    let mut group = c.benchmark_group("default_scenario_year");
    group
        .sample_size(10)
        .throughput(Throughput::Elements((side * side) as u64));
    for threads in [1, 2] {
        bench_step(&mut group, &format!("{side}x{side}"), threads, || {
            scenario.sim(&site, "natural_recovery", 0)
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
        bench_step(&mut group, &format!("{side}x{side}"), threads, || {
            let mut sim = Sim::new(landscape, RunSeed::for_replicate(1, 0));
            sim.add_plugin(&OccupancyPlugin {
                params,
                initial: initial.clone(),
            });
            sim
        });
    }
    group.finish();
}

criterion_group!(benches, succession, default_scenario, occupancy);
criterion_main!(benches);
