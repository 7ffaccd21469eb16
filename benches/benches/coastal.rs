//! Throughput of the full coastal stack (intertidal, Spartina, mangrove, native marsh,
//! land-cover coupling and metrics) plus succession on the default bay enlarged to
//! 1024², 2048² and 4096² cells, one replicate, one and two threads.
//!
//! Each iteration runs the first [`YEARS`] years of a fresh simulation (built outside
//! the timed code), so every sample times the same work.
//!
//! `cargo bench -p shanshui-benches --bench coastal` (criterion prints time per
//! iteration and elements/s, where an element is one cell-year of the whole stack). Set
//! `SHANSHUI_BENCH_SIDES=1024,2048` to choose the sizes, and `SHANSHUI_BENCH_KERNEL=
//! gaussian` to time the separable Gaussian seed kernel instead of the default
//! exponential one (FFT).
#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shanshui_benches::{bench_years, default_bay};
use shanshui_engine::NonNegative;
use shanshui_models::coastal::{CoastalParams, SeedKernel};

/// Simulated years per iteration.
const YEARS: u32 = 10;

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
        // Land cover, succession and the coastal stack only.
        let mut scenario = default_bay(side);
        scenario.file.coastal = Some(coastal_params());
        (scenario.file.connectivity, scenario.file.carbon) = (None, None);
        scenario.file.strategies.clear();
        let site = scenario.site().expect("the bay builds");
        group.throughput(Throughput::Elements(
            (side * side) as u64 * u64::from(YEARS),
        ));
        for threads in [1, 2] {
            bench_years(
                &mut group,
                &format!("{side}x{side}"),
                threads,
                YEARS,
                || scenario.sim(&site, "natural_recovery", 0),
            );
        }
    }
    group.finish();
}

criterion_group!(benches, coastal_stack);
criterion_main!(benches);
