//! Tests of the carbon ledger: age-dependent sequestration, conversion losses, and the
//! balance `stock(t) = stock(t − 1) + flux(t) − loss(t)` over a run with succession.

use super::*;
use crate::landcover::LandCoverPlugin;
use crate::layers::{LandClass, LandCover};
use crate::succession::{SuccessionParams, SuccessionPlugin, TransitionRule};
use shanshui_engine::{Grid, Landscape, MetricSeries, Probability, RunSeed};
use std::sync::atomic::AtomicBool;

fn classes() -> ClassTable {
    let names = ["mudflat", "spartina", "mangrove", "native_marsh", "upland"];
    ClassTable(
        names
            .iter()
            .enumerate()
            .map(|(i, n)| LandClass {
                code: i as u8 + 1,
                name: (*n).into(),
                colour: [0; 3],
                habitat: false,
            })
            .collect(),
    )
}

fn table() -> CarbonTable {
    CarbonTable::resolve(&CarbonParams::default(), &classes()).0
}

#[test]
fn young_mangrove_sequesters_the_literature_rate_then_only_burial() {
    let t = table();
    let (mut v, mut s) = t.initial(0);
    let (lost, gained) = t.advance(0, 2, &mut v, &mut s);
    assert_eq!(lost, 0.0);
    assert!((gained - 6.87).abs() < 1e-5, "first-year gain {gained}");
    for _ in 0..30 {
        t.advance(2, 2, &mut v, &mut s);
    }
    assert!((v - 80.2).abs() < 1e-4, "mature vegetation {v}");
    let (_, mature) = t.advance(2, 2, &mut v, &mut s);
    assert!((mature - 2.01).abs() < 1e-5, "mature gain {mature}");
}

#[test]
fn spartina_removal_emits_vegetation_and_a_tenth_of_the_soil() {
    let t = table();
    let (mut v, mut s) = t.initial(1);
    let (lost, _) = t.advance(1, 0, &mut v, &mut s);
    let expected = 10.0 + 0.1 * 22.4;
    assert!((lost - expected).abs() < 1e-5, "lost {lost} vs {expected}");
    assert_eq!(v, 0.0);
    assert!((s - 22.4 * 0.9).abs() < 1e-5);
}

#[test]
fn spartina_soil_plateaus_at_its_cap() {
    let t = table();
    let (mut v, mut s) = t.initial(0);
    for _ in 0..20 {
        t.advance(1, 1, &mut v, &mut s);
    }
    assert!((s - 24.8).abs() < 1e-5, "soil {s}");
}

#[test]
fn unknown_class_names_are_reported() {
    let mut params = CarbonParams::default();
    params
        .classes
        .insert("seagrass".into(), ClassCarbon::native_marsh());
    let plugin = CarbonPlugin::new(&params, &classes());
    assert_eq!(plugin.ignored_classes(), ["seagrass"]);
}

fn rule(from: &str, to: &str, p: f64) -> TransitionRule {
    TransitionRule {
        from: from.into(),
        to: to.into(),
        probability_per_year: Probability::new(p).unwrap(),
        min_age_years: 0,
        elevation_m: None,
        neighbours: None,
    }
}

fn run_with_turnover(years: u32) -> MetricSeries {
    let cover = Grid::from_vec(8, 8, (0..64).map(|i| (i % 5) as u8).collect()).unwrap();
    run_turnover(cover, 3, [0.3, 0.2, 0.1, 0.05, 0.1], years)
}

/// Land cover, random turnover between the classes with probabilities `p`, and carbon.
fn run_turnover(cover: Grid<u8>, seed: u64, p: [f64; 5], years: u32) -> MetricSeries {
    let landscape = Landscape {
        width: cover.width(),
        height: cover.height(),
        cell_size_m: 10.0,
        origin_x: 0.0,
        origin_y: 0.0,
        epsg: None,
    };
    let mut sim = Sim::new(landscape, RunSeed::for_replicate(seed, 0));
    let table = classes();
    sim.add_plugin(&LandCoverPlugin {
        classes: table.clone(),
        initial: LandCover::new(cover, 0),
    });
    let rules = SuccessionParams {
        transitions: vec![
            rule("mudflat", "spartina", p[0]),
            rule("spartina", "mudflat", p[1]),
            rule("spartina", "mangrove", p[2]),
            rule("mangrove", "mudflat", p[3]),
            rule("native_marsh", "upland", p[4]),
        ],
    };
    sim.add_plugin(&SuccessionPlugin::new(&rules, &table).unwrap());
    sim.add_plugin(&CarbonPlugin::new(&CarbonParams::default(), &table));
    sim.run(years, &AtomicBool::new(false)).unwrap()
}

#[test]
fn ledger_balances_every_year() {
    let years = 15;
    let s = run_with_turnover(years);
    let v = |m: &str, y| s.value(m, y).unwrap();
    assert_eq!(v("carbon_flux_mgc_per_yr", 0), 0.0);
    assert_eq!(v("carbon_cumulative_co2e_t", 0), 0.0);
    let mut losses = 0.0;
    for y in 1..=years {
        let (before, after) = (v("carbon_stock_mgc", y - 1), v("carbon_stock_mgc", y));
        let (flux, loss) = (
            v("carbon_flux_mgc_per_yr", y),
            v("carbon_loss_mgc_per_yr", y),
        );
        losses += loss;
        let err = (before + flux - loss - after).abs();
        assert!(err <= 1e-9 * after.max(1.0), "year {y}: imbalance {err}");
    }
    assert!(losses > 0.0, "the turnover must emit carbon");
    let net = v("carbon_stock_mgc", years) - v("carbon_stock_mgc", 0);
    let co2e = v("carbon_cumulative_co2e_t", years);
    assert!((co2e - net * CO2_PER_C).abs() <= 1e-9 * co2e.abs().max(1.0));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

    /// For any map, seed and turnover rates: the class areas sum to the landscape's
    /// area, and the carbon ledger balances (stock change = flux − loss), every year.
    #[test]
    fn areas_sum_and_the_ledger_balances(
        codes in proptest::collection::vec(0u8..5, 1..=60),
        width in 1usize..=12,
        seed in proptest::prelude::any::<u64>(),
        p in proptest::array::uniform5(0.0..=0.5f64),
        years in 1u32..=12,
    ) {
        let height = codes.len().div_ceil(width);
        let cells = (0..width * height).map(|i| codes[i % codes.len()]).collect();
        let cover = Grid::from_vec(width, height, cells).unwrap();
        let area_ha = (width * height) as f64 * 0.01;
        let s = run_turnover(cover, seed, p, years);
        let names = ["mudflat", "spartina", "mangrove", "native_marsh", "upland"];
        for y in 0..=years {
            let areas: f64 = names
                .iter()
                .map(|n| s.value(&format!("{n}_area_ha"), y).unwrap_or(0.0))
                .sum();
            proptest::prop_assert!((areas - area_ha).abs() <= 1e-9 * area_ha, "year {y}: {areas} ha of {area_ha}");
            if y > 0 {
                let v = |m: &str, y| s.value(m, y).unwrap();
                let change = v("carbon_stock_mgc", y) - v("carbon_stock_mgc", y - 1);
                let net = v("carbon_flux_mgc_per_yr", y) - v("carbon_loss_mgc_per_yr", y);
                let scale = v("carbon_stock_mgc", y).abs().max(1.0);
                proptest::prop_assert!((change - net).abs() <= 1e-9 * scale, "year {y}: {change} vs {net}");
            }
        }
    }
}
