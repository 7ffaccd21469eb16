//! Key performance indicators of a strategy, per replicate (paired with the same
//! replicate of natural recovery) and summarised across replicates.
//!
//! | KPI | definition |
//! |---|---|
//! | `spartina_remaining_pct` | 100 · `spartina_area_ha` at the end / at year 0 |
//! | `spartina_removed_pct` | 100 · Σ `spartina_removed_ha` / `spartina_area_ha` at year 0 |
//! | `years_to_spartina_below_10pct` | first year with `spartina_area_ha` < 10 % of year 0; a run that never gets there counts as horizon + 1 (censored) |
//! | `area_restored_ha` | Σ `area_restored_ha` (cleared without resprouting, established plantings, reclaimed, corridors) |
//! | `cost_total_cny` | `cost_cumulative_cny` at the end |
//! | `cny_per_ha_restored` | `cost_total_cny` / `area_restored_ha` (runs that restored nothing are left out) |
//! | `co2e_gain_vs_baseline_t` | `carbon_cumulative_co2e_t` at the end, minus natural recovery's (same replicate) |
//! | `cny_per_t_co2e` | `cost_total_cny` / `co2e_gain_vs_baseline_t` (runs with no gain are left out) |
//! | `budget_compliance_pct` | 100 · share of years with `cost_cny` ≤ `budget_cny` |
//! | `<metric>_final` | final value of `spartina_area_ha`, `mangrove_area_ha`, `eca_ha`, `carbon_stock_mgc` |
//!
//! A KPI is computed only when the metrics it needs were recorded.

use shanshui_engine::MetricSeries;
use shanshui_engine::stats::{ci95_half_width, summarise};

/// The KPIs of one replicate, in a fixed order.
pub fn replicate_kpis(
    run: &MetricSeries,
    baseline: Option<&MetricSeries>,
    years: u32,
) -> Vec<(&'static str, f64)> {
    let last = |m: &str| run.value(m, years);
    let total = |m: &str| {
        run.metrics.iter().position(|n| n == m).map(|id| {
            run.samples
                .iter()
                .filter(|s| s.metric == id)
                .map(|s| s.value)
                .sum::<f64>()
        })
    };
    let s0 = run.value("spartina_area_ha", 0).filter(|&v| v > 0.0);
    let mut out = Vec::new();
    let mut push = |name: &'static str, value: Option<f64>| {
        if let Some(v) = value.filter(|v| v.is_finite()) {
            out.push((name, v));
        }
    };
    push(
        "spartina_remaining_pct",
        s0.zip(last("spartina_area_ha"))
            .map(|(s0, st)| 100.0 * st / s0),
    );
    push(
        "spartina_removed_pct",
        s0.zip(total("spartina_removed_ha"))
            .map(|(s0, r)| 100.0 * r / s0),
    );
    push(
        "years_to_spartina_below_10pct",
        s0.map(|s0| years_below(run, s0 * 0.1, years)),
    );
    let restored = total("area_restored_ha");
    let cost = last("cost_cumulative_cny");
    push("area_restored_ha", restored);
    push("cost_total_cny", cost);
    push(
        "cny_per_ha_restored",
        cost.zip(restored.filter(|&a| a > 0.0)).map(|(c, a)| c / a),
    );
    let gain = last("carbon_cumulative_co2e_t")
        .zip(baseline.and_then(|b| b.value("carbon_cumulative_co2e_t", years)))
        .map(|(s, b)| s - b);
    push("co2e_gain_vs_baseline_t", gain);
    push(
        "cny_per_t_co2e",
        cost.zip(gain.filter(|&g| g > 0.0)).map(|(c, g)| c / g),
    );
    push("budget_compliance_pct", compliance(run));
    for (name, metric) in FINAL {
        push(name, last(metric));
    }
    out
}

const FINAL: [(&str, &str); 4] = [
    ("spartina_area_ha_final", "spartina_area_ha"),
    ("mangrove_area_ha_final", "mangrove_area_ha"),
    ("eca_ha_final", "eca_ha"),
    ("carbon_stock_mgc_final", "carbon_stock_mgc"),
];

/// First year with Spartina below `threshold` ha, or `years + 1` if never.
fn years_below(run: &MetricSeries, threshold: f64, years: u32) -> f64 {
    (0..=years)
        .find(|&y| {
            run.value("spartina_area_ha", y)
                .is_some_and(|v| v < threshold)
        })
        .map_or(f64::from(years + 1), f64::from)
}

/// Share of years (in %) in which spending stayed within the money available.
fn compliance(run: &MetricSeries) -> Option<f64> {
    let cost = run.metrics.iter().position(|m| m == "cost_cny")?;
    let years: Vec<u32> = run
        .samples
        .iter()
        .filter(|s| s.metric == cost)
        .map(|s| s.year)
        .collect();
    let within = years
        .iter()
        .filter(|&&y| {
            let (c, b) = (
                run.value("cost_cny", y).unwrap_or(0.0),
                run.value("budget_cny", y).unwrap_or(f64::INFINITY),
            );
            c <= b + 1e-6 * b.abs().max(1.0)
        })
        .count();
    (!years.is_empty()).then(|| 100.0 * within as f64 / years.len() as f64)
}

/// One row of `kpis.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiSummary {
    /// KPI name.
    pub kpi: &'static str,
    /// Mean across replicates.
    pub mean: f64,
    /// Lower bound of the Student-t 95 % confidence interval of the mean.
    pub ci95_low: f64,
    /// Upper bound.
    pub ci95_high: f64,
}

/// Summarises per-replicate KPIs (each replicate's list from [`replicate_kpis`]).
pub fn summarise_kpis(replicates: &[Vec<(&'static str, f64)>]) -> Vec<KpiSummary> {
    let mut names: Vec<&'static str> = Vec::new();
    for (name, _) in replicates.iter().flatten() {
        if !names.contains(name) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .filter_map(|kpi| {
            let values: Vec<f64> = replicates
                .iter()
                .flatten()
                .filter(|(n, _)| *n == kpi)
                .map(|&(_, v)| v)
                .collect();
            let s = summarise(&values)?;
            let half = ci95_half_width(s.sd, s.n);
            Some(KpiSummary {
                kpi,
                mean: s.mean,
                ci95_low: s.mean - half,
                ci95_high: s.mean + half,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shanshui_engine::Recorder;

    fn series(rows: &[(&str, &[f64])]) -> MetricSeries {
        let mut r = Recorder::default();
        for year in 0..rows[0].1.len() {
            for (name, values) in rows {
                r.record(year as u32, name, values[year]);
            }
        }
        r.into_series()
    }

    #[test]
    fn kpis_follow_their_definitions() {
        let run = series(&[
            ("spartina_area_ha", &[100.0, 50.0, 5.0]),
            ("spartina_removed_ha", &[0.0, 40.0, 30.0]),
            ("area_restored_ha", &[0.0, 10.0, 10.0]),
            ("cost_cny", &[0.0, 1000.0, 1000.0]),
            ("budget_cny", &[0.0, 1000.0, 500.0]),
            ("cost_cumulative_cny", &[0.0, 1000.0, 2000.0]),
            ("carbon_cumulative_co2e_t", &[0.0, 5.0, 12.0]),
        ]);
        let base = series(&[("carbon_cumulative_co2e_t", &[0.0, 1.0, 2.0])]);
        let kpis = replicate_kpis(&run, Some(&base), 2);
        let get = |k: &str| kpis.iter().find(|(n, _)| *n == k).map(|&(_, v)| v);
        assert_eq!(get("spartina_remaining_pct"), Some(5.0));
        assert_eq!(get("spartina_removed_pct"), Some(70.0));
        assert_eq!(get("years_to_spartina_below_10pct"), Some(2.0));
        assert_eq!(get("area_restored_ha"), Some(20.0));
        assert_eq!(get("cny_per_ha_restored"), Some(100.0));
        assert_eq!(get("co2e_gain_vs_baseline_t"), Some(10.0));
        assert_eq!(get("cny_per_t_co2e"), Some(200.0));
        assert!((get("budget_compliance_pct").unwrap() - 200.0 / 3.0).abs() < 1e-9);
        assert_eq!(get("eca_ha_final"), None, "not recorded, not reported");
    }

    #[test]
    fn never_reaching_the_target_is_censored_at_the_horizon() {
        let run = series(&[("spartina_area_ha", &[10.0, 20.0, 30.0])]);
        let kpis = replicate_kpis(&run, None, 2);
        assert!(kpis.contains(&("years_to_spartina_below_10pct", 3.0)));
        let summary = summarise_kpis(&[kpis.clone(), kpis]);
        let years = summary
            .iter()
            .find(|s| s.kpi == "years_to_spartina_below_10pct")
            .unwrap();
        assert_eq!(
            (years.mean, years.ci95_low, years.ci95_high),
            (3.0, 3.0, 3.0)
        );
    }
}
