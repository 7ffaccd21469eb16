//! Connectivity benchmarks (issue 9): labelling 4096², PC/ECA for ~500 and ~10,000
//! patches, dPC for every patch of ~500, and a least-cost surface on 2048² from one
//! source. Landscapes are random discs from a fixed seed, built outside the timed code.
//!
//! Run: `cargo bench -p shanshui-benches --bench connectivity`.
#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use criterion::{Criterion, criterion_main};
use shanshui_connectivity::{
    CostSurface, DispersalKernel, HabitatClasses, Neighbourhood, PatchGraph, PatchSet,
    ResistanceTable, dpc, euclidean_pairs, label_patches, pc_numerator,
};
use shanshui_engine::{Grid, Landscape};
use std::hint::black_box;

/// SplitMix64, so the landscapes are the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `count` discs of habitat (class 1) with radii in `r_min..=r_max` cells on class 0.
fn discs(size: usize, count: usize, r_min: u64, r_max: u64, seed: u64) -> Grid<u8> {
    let mut g = Grid::filled(size, size, 0u8);
    let mut rng = Rng(seed);
    for _ in 0..count {
        let (cx, cy) = (rng.below(size as u64) as i64, rng.below(size as u64) as i64);
        let r = (r_min + rng.below(r_max - r_min + 1)) as i64;
        for y in (cy - r).max(0)..=(cy + r).min(size as i64 - 1) {
            for x in (cx - r).max(0)..=(cx + r).min(size as i64 - 1) {
                if (x - cx).pow(2) + (y - cy).pow(2) <= r * r {
                    *g.get_mut(x as usize, y as usize) = 1;
                }
            }
        }
    }
    g
}

fn land(size: usize) -> Landscape {
    Landscape {
        width: size,
        height: size,
        cell_size_m: 10.0,
        origin_x: 0.0,
        origin_y: 0.0,
        epsg: None,
    }
}

fn habitat() -> HabitatClasses {
    HabitatClasses::from_codes(&[1]).expect("class 1 is a valid habitat code")
}

/// Pair search + patch graph (detoured edges dropped) + PC numerator: the work of
/// PC/ECA after labelling, as in `analyse`.
fn pc_of(patches: &PatchSet, kernel: &DispersalKernel) -> f64 {
    let pairs = euclidean_pairs(patches, kernel.cutoff());
    let graph = PatchGraph::probability(patches.len(), &pairs, kernel).without_detoured_edges(1);
    pc_numerator(&graph, &patches.areas_ha(), kernel.max_weight())
}

fn labelling(c: &mut Criterion) {
    let cover = discs(4096, 60_000, 2, 12, 1);
    let h = habitat();
    let patches = label_patches(&cover, &h, Neighbourhood::Eight).count();
    // benches/peers/compare.sh checks scipy finds as many patches.
    println!("label_4096x4096_8n: {patches} patches");
    c.bench_function("label_4096x4096_8n", |b| {
        b.iter(|| label_patches(black_box(&cover), &h, Neighbourhood::Eight))
    });
}

fn pc_500(c: &mut Criterion) {
    let cover = discs(2048, 620, 5, 25, 2);
    let patches = PatchSet::new(&cover, &land(2048), &habitat(), Neighbourhood::Eight)
        .expect("valid landscape");
    let kernel = DispersalKernel::with_d50(500.0).expect("valid d50");
    c.bench_function(&format!("pc_eca_{}_patches_d50_500m", patches.len()), |b| {
        b.iter(|| pc_of(black_box(&patches), &kernel))
    });
    let pairs = euclidean_pairs(&patches, kernel.cutoff());
    let graph = PatchGraph::probability(patches.len(), &pairs, &kernel);
    let areas = patches.areas_ha();
    c.bench_function(
        &format!("dpc_all_{}_patches_d50_500m", patches.len()),
        |b| {
            b.iter(|| {
                let pruned = black_box(&graph).without_detoured_edges(2);
                dpc(&pruned, &areas, kernel.max_weight())
            })
        },
    );
}

fn pc_10000(c: &mut Criterion) {
    let cover = discs(4096, 11_300, 2, 8, 3);
    let patches = PatchSet::new(&cover, &land(4096), &habitat(), Neighbourhood::Eight)
        .expect("valid landscape");
    let kernel = DispersalKernel::with_d50(100.0).expect("valid d50");
    c.bench_function(&format!("pc_eca_{}_patches_d50_100m", patches.len()), |b| {
        b.iter(|| pc_of(black_box(&patches), &kernel))
    });
}

fn least_cost(c: &mut Criterion) {
    let cover = discs(2048, 2_000, 5, 30, 4);
    let table = ResistanceTable::from_pairs(10.0, &[(1, 1.0)]).expect("valid resistance");
    let surface = CostSurface::new(&cover, &land(2048), &table).expect("valid surface");
    c.bench_function("least_cost_2048x2048_one_source", |b| {
        b.iter(|| {
            surface
                .cost_distance(black_box(&[(1024, 1024)]))
                .expect("open source cell")
        })
    });
}

/// Every connectivity benchmark, ten samples each (a workload takes up to a second).
fn benches() {
    let mut c = Criterion::default().sample_size(10).configure_from_args();
    labelling(&mut c);
    pc_500(&mut c);
    pc_10000(&mut c);
    least_cost(&mut c);
}

criterion_main!(benches);
