//! Budgets are never exceeded, and the cost ledger balances, over random strategies.

use super::support::*;
use crate::interventions::*;

const YEARS: u32 = 6;

/// A random strategy from a small generator (deterministic per `seed`).
fn random_strategy(seed: u64) -> StrategyParams {
    let mut state = seed;
    let mut next = move || {
        state = shanshui_engine::mix64(state.wrapping_add(0x9E37_79B9_7F4A_7C15));
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let maybe = |u: f64, v: f64| (u < 0.6).then(|| n(v));
    let mut interventions = Vec::new();
    for _ in 0..1 + (next() * 3.0) as usize {
        let method = match (next() * 4.0) as u32 {
            0 => RemovalMethod::MowFlood,
            1 => RemovalMethod::MowTill,
            2 => RemovalMethod::Herbicide,
            _ => custom(next(), next(), 1_000.0 + 50_000.0 * next()),
        };
        let mut i = intervention(if next() < 0.75 {
            removal(method)
        } else {
            Action::Plant(Plant {
                species: Species::Mangrove,
                class: None,
                cost_cny_per_ha: None,
                survival: None,
                technique_survival: None,
                initial_cover: None,
                elevation_m: None,
                after_removal_years: 3,
            })
        });
        i.budget = BudgetSpec {
            annual_cny: maybe(next(), 20_000.0 * next()),
            annual_ha: maybe(next(), 0.3 * next()),
            rollover: next() < 0.5,
        };
        i.window.every_years = 1 + (next() * 2.0) as u32;
        i.priority = [
            PriorityRule::SmallestPatchesFirst,
            PriorityRule::DensestFirst,
            PriorityRule::HighestDpcFirst,
        ][(next() * 3.0) as usize];
        interventions.push(i);
    }
    StrategyParams {
        interventions,
        annual_budget_cny: maybe(next(), 30_000.0 * next()),
        budget_rollover: next() < 0.5,
    }
}

#[test]
fn budgets_are_never_exceeded_and_costs_add_up() {
    for seed in 0..10 {
        let mut setup = Setup::bay();
        setup.strategy = random_strategy(seed);
        setup.seed = seed;
        let s = setup.run(YEARS);
        let cost = series(&s, "cost_cny", YEARS);
        let budget = series(&s, "budget_cny", YEARS);
        let mut total = 0.0;
        for y in 0..=YEARS as usize {
            assert!(
                cost[y] <= budget[y],
                "seed {seed} year {y}: {} > {}",
                cost[y],
                budget[y]
            );
            total += cost[y];
            assert_eq!(
                total,
                s.value("cost_cumulative_cny", y as u32).unwrap(),
                "seed {seed} year {y}"
            );
        }
        if let Some(annual) = setup.strategy.annual_budget_cny.map(|b| b.get()) {
            let allowed = annual * YEARS as f64;
            assert!(
                total <= allowed * (1.0 + 1e-12),
                "seed {seed}: {total} > {allowed}"
            );
            if !setup.strategy.budget_rollover {
                assert!(cost.iter().all(|&c| c <= annual), "seed {seed}");
            }
        }
        let treated = series(&s, "spartina_treated_ha", YEARS);
        for i in &setup.strategy.interventions {
            if let (Some(ha), false, 1) = (
                i.budget.annual_ha,
                i.budget.rollover,
                setup.strategy.interventions.len(),
            ) {
                assert!(
                    treated.iter().all(|&t| t <= ha.get() + 1e-12),
                    "seed {seed}: area cap"
                );
            }
        }
    }
}

#[test]
fn unspent_strategy_money_rolls_over() {
    let mut setup = Setup::bay();
    let mut i = intervention(removal(custom(1.0, 0.0, 100_000.0)));
    i.window = Window {
        start_year: 3,
        end_year: Some(3),
        every_years: 1,
    };
    setup.strategy = StrategyParams {
        interventions: vec![i],
        annual_budget_cny: Some(n(1_000.0)),
        budget_rollover: true,
    };
    let s = setup.run(3);
    assert_eq!(
        series(&s, "budget_cny", 3),
        [0.0, 1_000.0, 2_000.0, 3_000.0]
    );
    let cost = s.value("cost_cny", 3).unwrap();
    assert!(
        cost <= 3_000.0 && cost > 2_999.999,
        "three cells of 1,000 CNY: {cost}"
    );
    assert_eq!(s.value("spartina_treated_ha", 3), Some(0.03));
}
