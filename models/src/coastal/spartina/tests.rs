//! Tests of the Spartina model: theory in mean-field mode on strip landscapes, and the
//! establishment rules in stochastic mode.

use super::*;
use crate::coastal::kernel::SeedKernel;
use crate::coastal::layers::{MangroveCanopy, MarshCover, SpartinaCover, Stochasticity};
use crate::coastal::tests::support::*;
use shanshui_engine::{DoubleBuffered, Grid, NonNegative, Probability, Sim};

fn nn(v: f64) -> NonNegative {
    NonNegative::new(v).unwrap()
}

fn p(v: f64) -> Probability {
    Probability::new(v).unwrap()
}

/// A one-row mudflat strip at +1 m with Spartina (cover 1) in its first `seeded` cells.
fn strip(width: usize, seeded: usize, cell_m: f64, params: SpartinaParams) -> Sim {
    let mut sim = sim_with_cell(
        Grid::filled(width, 1, 0),
        Grid::filled(width, 1, 1.0),
        cell_m,
    );
    mode(&mut sim, Stochasticity::MeanField);
    sim.add_plugin(&SpartinaPlugin(params));
    let start = Grid::from_vec(
        width,
        1,
        (0..width)
            .map(|x| f32::from(u8::from(x < seeded)))
            .collect(),
    );
    sim.world.resource_mut::<SpartinaCover>().0 = DoubleBuffered::new(start.unwrap());
    sim
}

fn cover(sim: &Sim) -> Vec<f32> {
    sim.world
        .resource::<SpartinaCover>()
        .0
        .current()
        .as_slice()
        .to_vec()
}

/// Front positions (cells) after each of `years` years.
fn fronts(sim: &mut Sim, years: usize) -> Vec<f64> {
    (0..years)
        .map(|_| {
            sim.run_step().unwrap();
            front(&cover(sim), 0.5)
        })
        .collect()
}

/// Seeds off, clonal spread at `c` m/yr with growth `r`.
fn clonal_only(r: f64, c: f64) -> SpartinaParams {
    SpartinaParams {
        growth_rate_per_year: nn(r),
        clonal_spread_m_per_year: nn(c),
        ..still_spartina()
    }
}

#[test]
fn fisher_kpp_front_moves_at_two_root_rd() {
    // r = 2/yr, D = 50 m²/yr → c* = 2√(rD) = 20 m/yr; √(D/r) = 5 m ≫ Δx = 1 m.
    // The Bramson lag (3/2)√(D/r) ln t slows the slope over years 20–40 by ≈ 1.3 %.
    let mut sim = strip(900, 10, 1.0, clonal_only(2.0, 20.0));
    let x = fronts(&mut sim, 40);
    let slope = (x[39] - x[19]) / 20.0;
    assert!(
        (slope - 20.0).abs() / 20.0 < 0.05,
        "front speed {slope:.3} m/yr vs 20"
    );
}

/// Seed-driven spread only (no clonal spread), with `kernel`.
fn seeds_only(kernel: SeedKernel, max_m: f64) -> SpartinaParams {
    SpartinaParams {
        growth_rate_per_year: nn(1.0),
        seeds_per_m2_per_year: nn(2000.0),
        kernel,
        max_dispersal_m: nn(max_m),
        ..still_spartina()
    }
}

/// Linear spreading speed of the discrete yearly map on a one-row strip:
/// `min_s ln(eʳ + β Σ_dx k(dx, 0) e^{s dx Δx}) / s`.
fn linear_speed(params: &SpartinaParams, cell_m: f64, r_cells: usize) -> f64 {
    let w = params.kernel.cell_weights(cell_m, r_cells);
    let row = &w[r_cells * (2 * r_cells + 1)..(r_cells + 1) * (2 * r_cells + 1)];
    let beta = params.seeds_per_m2_per_year.get()
        * params.establishment_probability.get()
        * params.seedling_survival.get()
        * params.seedling_cover_m2.get();
    let growth = params.growth_rate_per_year.get().exp();
    (1..2000)
        .map(|i| i as f64 * 1e-4)
        .map(|s| {
            let m: f64 = row
                .iter()
                .enumerate()
                .map(|(j, &k)| f64::from(k) * (s * (j as f64 - r_cells as f64) * cell_m).exp())
                .sum();
            (growth + beta * m).ln() / s
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn thin_tailed_kernel_gives_a_constant_speed_near_theory() {
    let params = seeds_only(SeedKernel::Exponential { scale_m: nn(15.0) }, 300.0);
    let theory = linear_speed(&params, 10.0, 30);
    let mut sim = strip(400, 5, 10.0, params);
    let x = fronts(&mut sim, 40);
    let (early, late) = ((x[29] - x[19]) / 10.0, (x[39] - x[29]) / 10.0);
    assert!(
        (late - early).abs() / late < 0.05,
        "speed settles: {early:.3} → {late:.3} cells/yr"
    );
    let speed_m = late * 10.0;
    assert!(
        (speed_m - theory).abs() / theory < 0.1,
        "speed {speed_m:.1} m/yr vs linear theory {theory:.1} m/yr"
    );
}

#[test]
fn fat_tailed_kernel_accelerates() {
    // 2Dt with p = 0.5: density tail ∝ r⁻³, no moment-generating function.
    let kernel = SeedKernel::TwoDt {
        scale_m: nn(10.0),
        shape: nn(0.5),
    };
    let mut sim = strip(3000, 5, 10.0, seeds_only(kernel, 30_000.0));
    let x = fronts(&mut sim, 18);
    let advance = |a: usize, b: usize| x[b] - x[a];
    let blocks = [advance(2, 7), advance(7, 12), advance(12, 17)];
    assert!(
        blocks[0] < blocks[1] && blocks[1] < blocks[2],
        "successive 5-year advances should grow: {blocks:?} (fronts {x:?})"
    );
}

/// A 20×12 flat with an elevation gradient along x (−1 … +3 m) and Spartina
/// everywhere inside the window at the start.
fn gradient_sim(params: SpartinaParams) -> Sim {
    let z = Grid::from_vec(
        20,
        12,
        (0..240).map(|i| -1.0 + 0.2 * (i % 20) as f32).collect(),
    );
    let mut sim = bare_sim(Grid::filled(20, 12, 0), z.unwrap());
    sim.add_plugin(&SpartinaPlugin(params));
    sim
}

fn seed_block(sim: &mut Sim, cells: impl Fn(usize, usize) -> bool) {
    let g = sim.world.resource::<SpartinaCover>().0.current().clone();
    let (w, h) = (g.width(), g.height());
    let v = (0..w * h).map(|i| if cells(i % w, i / w) { 0.9 } else { 0.0 });
    let grid = Grid::from_vec(w, h, v.collect()).unwrap();
    sim.world.resource_mut::<SpartinaCover>().0 = DoubleBuffered::new(grid);
}

fn prolific() -> SpartinaParams {
    SpartinaParams {
        seeds_per_m2_per_year: nn(20_000.0),
        establishment_probability: p(0.05),
        ..SpartinaParams::default()
    }
}

#[test]
fn no_establishment_outside_the_elevation_window() {
    let mut sim = gradient_sim(prolific());
    seed_block(&mut sim, |x, _| x == 10);
    let z = sim.world.resource::<crate::layers::Elevation>().0.clone();
    for _ in 0..8 {
        sim.run_step().unwrap();
        let s = cover(&sim);
        for (i, &u) in s.iter().enumerate() {
            let zi = z.as_slice()[i];
            if !(0.0..=2.0).contains(&zi) {
                assert_eq!(u, 0.0, "cover {u} at z = {zi}");
            }
        }
    }
    let occupied = cover(&sim).iter().filter(|&&u| u > 0.0).count();
    assert!(occupied > 60, "Spartina fills its window: {occupied} cells");
}

#[test]
fn no_establishment_under_closed_mangrove_canopy() {
    let mut sim = gradient_sim(prolific());
    let canopy = Grid::from_vec(
        20,
        12,
        (0..240)
            .map(|i| if i / 20 >= 6 { 0.9 } else { 0.0 })
            .collect(),
    );
    let canopy = canopy.unwrap();
    sim.world
        .insert_resource(MangroveCanopy(DoubleBuffered::new(canopy)));
    seed_block(&mut sim, |x, y| x == 10 && y < 6);
    for _ in 0..8 {
        sim.run_step().unwrap();
        let s = cover(&sim);
        assert!(
            s[120..].iter().all(|&u| u == 0.0),
            "Spartina under closed canopy"
        );
    }
    assert!(cover(&sim)[..120].iter().filter(|&&u| u > 0.0).count() > 30);
}

#[test]
fn without_recruitment_and_growth_cover_never_increases() {
    let params = SpartinaParams {
        mortality_per_year: p(0.05),
        dieback_probability_per_year: p(0.1),
        ..still_spartina()
    };
    let mut sim = gradient_sim(params);
    seed_block(&mut sim, |x, y| (x + y) % 3 == 0);
    let mut before = cover(&sim);
    for _ in 0..10 {
        sim.run_step().unwrap();
        let after = cover(&sim);
        for (a, b) in after.iter().zip(&before) {
            assert!(a <= b, "cover rose from {b} to {a}");
        }
        before = after;
    }
}

#[test]
fn native_marsh_ahead_slows_the_front() {
    // Stochastic mode on a 200×10 strip: mean advance of detected Spartina (cover ≥
    // 0.25) over 12 years into open mudflat vs into native marsh (Xiao et al. 2010).
    let advance = |marsh: f32| {
        let params = SpartinaParams {
            long_distance: None,
            ..SpartinaParams::default()
        };
        let mut sim = bare_sim(Grid::filled(200, 10, 0), Grid::filled(200, 10, 1.0));
        sim.add_plugin(&SpartinaPlugin(params));
        seed_block(&mut sim, |x, _| x < 5);
        let m = (0..2000).map(|i| if i % 200 >= 5 { marsh } else { 0.0 });
        let m = Grid::from_vec(200, 10, m.collect()).unwrap();
        sim.world
            .insert_resource(MarshCover(DoubleBuffered::new(m)));
        for _ in 0..12 {
            sim.run_step().unwrap();
        }
        let detected = cover(&sim).iter().filter(|&&u| u >= 0.25).count();
        (detected as f64 / 10.0 - 5.0) * 10.0 / 12.0
    };
    let (open, blocked) = (advance(0.0), advance(1.0));
    assert!(open > 10.0, "open-flat front {open:.1} m/yr");
    assert!(
        blocked < 0.3 * open,
        "front into marsh {blocked:.1} vs {open:.1} m/yr"
    );
}
