//! Common random numbers: strategies without effect reproduce natural recovery
//! exactly; treatments act on monitored state only.

use super::support::*;
use crate::interventions::*;
use crate::succession::TransitionRule;
use shanshui_engine::MetricSeries;

const YEARS: u32 = 8;

fn with(strategy: Vec<InterventionSpec>, monitoring: MonitoringParams) -> MetricSeries {
    let mut s = Setup::bay();
    s.succession = vec![TransitionRule {
        from: "upland".into(),
        to: "degraded_land".into(),
        probability_per_year: p(0.1),
        min_age_years: 0,
        elevation_m: None,
        neighbours: None,
    }];
    s.strategy.interventions = strategy;
    s.monitoring = monitoring;
    s.run(YEARS)
}

/// Every metric except management's, by name.
fn ecology(s: &MetricSeries) -> Vec<(String, Vec<f64>)> {
    s.metrics
        .iter()
        .filter(|m| !MANAGEMENT_METRICS.contains(&m.as_str()))
        .map(|m| (m.clone(), series(s, m, YEARS)))
        .collect()
}

#[test]
fn zero_efficacy_strategy_is_identical_to_natural_recovery() {
    let natural = with(Vec::new(), MonitoringParams::default());
    let mut plant = intervention(Action::Plant(Plant {
        species: Species::Mangrove,
        class: None,
        cost_cny_per_ha: Some(n(0.0)),
        survival: Some(PlantingSurvival {
            fringe: p(0.0),
            bare_flat: p(0.0),
            after_spartina_removal: p(0.0),
            spartina_suppression: p(0.0),
        }),
        technique_survival: None,
        initial_cover: None,
        elevation_m: None,
        after_removal_years: 3,
    }));
    plant.window.every_years = 2;
    let null = with(
        vec![intervention(removal(custom(0.0, 0.0, 0.0))), plant],
        MonitoringParams::default(),
    );
    assert!(natural.value("spartina_cover_ha", YEARS).unwrap() > 0.0);
    // Effort (cells treated and planted) is the only difference: it measures what
    // was done, not its effect.
    let effort = ["spartina_treated_ha", "area_planted_ha"];
    let all_but_effort = |s: &MetricSeries| -> Vec<(String, Vec<f64>)> {
        s.metrics
            .iter()
            .filter(|m| !effort.contains(&m.as_str()))
            .map(|m| (m.clone(), series(s, m, YEARS)))
            .collect()
    };
    assert_eq!(natural.metrics, null.metrics);
    assert_eq!(
        all_but_effort(&natural),
        all_but_effort(&null),
        "bit for bit"
    );
    for m in effort {
        assert!(
            series(&null, m, YEARS).iter().sum::<f64>() > 0.0,
            "{m}: it did act"
        );
    }
}

#[test]
fn paid_but_ineffective_treatment_changes_only_the_ledger() {
    let natural = with(Vec::new(), MonitoringParams::default());
    let paid = with(
        vec![intervention(removal(custom(0.0, 0.0, 20_000.0)))],
        MonitoringParams::default(),
    );
    assert_eq!(ecology(&natural), ecology(&paid));
    assert!(paid.value("cost_cumulative_cny", YEARS).unwrap() > 0.0);
}

#[test]
fn effective_removal_reduces_spartina_and_emits_carbon() {
    let natural = with(Vec::new(), MonitoringParams::default());
    let treated = with(
        vec![intervention(removal(RemovalMethod::MowFlood))],
        MonitoringParams::default(),
    );
    let cover = |s: &MetricSeries| s.value("spartina_cover_ha", YEARS).unwrap();
    assert!(
        cover(&treated) < 0.5 * cover(&natural),
        "{} vs {}",
        cover(&treated),
        cover(&natural)
    );
    assert!(
        treated.value("carbon_loss_mgc_per_yr", 1).unwrap()
            > natural.value("carbon_loss_mgc_per_yr", 1).unwrap()
    );
    assert!(treated.value("area_restored_ha", 1).unwrap() > 0.0);
}

#[test]
fn nothing_is_removed_when_nothing_is_detected() {
    let blind = MonitoringParams {
        detection_probability: p(0.0),
        ..MonitoringParams::default()
    };
    let natural = with(Vec::new(), blind.clone());
    let treated = with(vec![intervention(removal(RemovalMethod::MowFlood))], blind);
    assert!(
        series(&treated, "spartina_detected_ha", YEARS)
            .iter()
            .all(|&v| v == 0.0)
    );
    assert!(
        series(&treated, "spartina_removed_ha", YEARS)
            .iter()
            .all(|&v| v == 0.0)
    );
    assert!(
        series(&treated, "cost_cny", YEARS)
            .iter()
            .all(|&v| v == 0.0)
    );
    assert_eq!(natural, treated);
}

#[test]
fn sparse_stands_are_detected_less_often() {
    let m = MonitoringParams::default();
    assert_eq!(m.detection(0.0), 0.0);
    assert!((m.detection(0.1) - 0.18).abs() < 1e-6);
    assert_eq!(m.detection(0.5), 0.9);
    assert_eq!(m.detection(1.0), 0.9);
}
