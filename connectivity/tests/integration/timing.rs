//! Rough wall-clock figures for the benchmark workloads, without criterion. Ignored by
//! default; run `cargo test --release -p shanshui-connectivity --test integration
//! timing -- --ignored --nocapture`.

use crate::brute::Rng;
use shanshui_connectivity::*;
use shanshui_engine::{Grid, Landscape};
use std::time::Instant;

/// `count` discs of class 1, radii `r_min..=r_max` cells (as in the criterion bench).
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

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    println!("{what}: {:.3} s", t.elapsed().as_secs_f64());
    out
}

fn graph_figures(size: usize, count: usize, r: (u64, u64), seed: u64, d50: f64, per_patch: bool) {
    let h = HabitatClasses::from_codes(&[1]).unwrap();
    let cover = discs(size, count, r.0, r.1, seed);
    let patches = timed("  patches", || {
        PatchSet::new(&cover, &land(size), &h, Neighbourhood::Eight).unwrap()
    });
    let kernel = DispersalKernel::with_d50(d50).unwrap();
    let pairs = timed("  pairs", || euclidean_pairs(&patches, kernel.cutoff()));
    let full = PatchGraph::probability(patches.len(), &pairs, &kernel);
    let witnesses = if per_patch { 2 } else { 1 };
    let g = timed("  drop detoured edges", || {
        full.without_detoured_edges(witnesses)
    });
    println!(
        "  {} patches, {} edges, {} kept",
        patches.len(),
        full.edge_count(),
        g.edge_count()
    );
    let areas = patches.areas_ha();
    timed("  PC numerator", || {
        pc_numerator(&g, &areas, kernel.max_weight())
    });
    if per_patch {
        timed("  dPC", || dpc(&g, &areas, kernel.max_weight()));
    }
}

#[test]
#[ignore = "timing figures; run in release"]
fn timing() {
    let h = HabitatClasses::from_codes(&[1]).unwrap();
    let cover = discs(4096, 60_000, 2, 12, 1);
    timed("label 4096² (8 neighbours)", || {
        label_patches(&cover, &h, Neighbourhood::Eight)
    });
    println!("~500 patches, d50 500 m:");
    graph_figures(2048, 620, (5, 25), 2, 500.0, true);
    println!("~10,000 patches, d50 100 m:");
    graph_figures(4096, 11_300, (2, 8), 3, 100.0, false);
    let cover = discs(2048, 2_000, 5, 30, 4);
    let table = ResistanceTable::from_pairs(10.0, &[(1, 1.0)]).unwrap();
    let surface = CostSurface::new(&cover, &land(2048), &table).unwrap();
    timed("least-cost 2048², one source", || {
        surface.cost_distance(&[(1024, 1024)]).unwrap()
    });
}
