//! The tidy tables of a run: `timeseries.csv` (one row per value) and `summary.csv`
//! (statistics across replicates).

use shanshui_engine::MetricSeries;
use shanshui_engine::stats::{ci95_half_width, summarise};
use shanshui_scenarios::kpis::{replicate_kpis, summarise_kpis};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The records of one (strategy, replicate) run.
pub struct RunRecords<'a> {
    /// Strategy name.
    pub strategy: &'a str,
    /// Replicate index.
    pub replicate: u32,
    /// Its metrics.
    pub series: &'a MetricSeries,
}

/// `timeseries.csv`: `strategy,replicate,year,metric,value`, runs in the given order.
pub fn timeseries_csv(runs: &[RunRecords<'_>]) -> String {
    let mut out = String::from("strategy,replicate,year,metric,value\n");
    for run in runs {
        for s in &run.series.samples {
            let metric = &run.series.metrics[s.metric];
            let _ = writeln!(
                out,
                "{},{},{},{metric},{}",
                run.strategy, run.replicate, s.year, s.value
            );
        }
    }
    out
}

/// `summary.csv`: `strategy,year,metric,mean,sd,p05,p50,p95,n` over replicates, in
/// strategy order, then year, then metric in recording order.
pub fn summary_csv(runs: &[RunRecords<'_>]) -> String {
    let mut out = String::from("strategy,year,metric,mean,sd,p05,p50,p95,n\n");
    let mut strategies: Vec<&str> = Vec::new();
    for run in runs {
        if !strategies.contains(&run.strategy) {
            strategies.push(run.strategy);
        }
    }
    for strategy in strategies {
        for ((year, _, metric), values) in collect_values(runs, strategy) {
            if let Some(s) = summarise(&values) {
                let _ = writeln!(
                    out,
                    "{strategy},{year},{metric},{},{},{},{},{},{}",
                    s.mean, s.sd, s.p05, s.p50, s.p95, s.n
                );
            }
        }
    }
    out
}

/// `comparison.csv`: `strategy,year,metric,mean_diff,ci95_low,ci95_high,n`. For each
/// strategy other than `baseline`, the per-replicate difference strategy − baseline
/// (replicate k against replicate k: they share random streams), summarised with a
/// Student-t 95 % confidence interval.
pub fn comparison_csv(runs: &[RunRecords<'_>], baseline: &str) -> String {
    let mut out = String::from("strategy,year,metric,mean_diff,ci95_low,ci95_high,n\n");
    let base: BTreeMap<u32, &RunRecords<'_>> = runs
        .iter()
        .filter(|r| r.strategy == baseline)
        .map(|r| (r.replicate, r))
        .collect();
    let mut strategies: Vec<&str> = Vec::new();
    for run in runs.iter().filter(|r| r.strategy != baseline) {
        if !strategies.contains(&run.strategy) {
            strategies.push(run.strategy);
        }
    }
    for strategy in strategies {
        let mut diffs: BTreeMap<(u32, usize, &str), Vec<f64>> = BTreeMap::new();
        for run in runs.iter().filter(|r| r.strategy == strategy) {
            let Some(base) = base.get(&run.replicate) else {
                continue;
            };
            for s in &run.series.samples {
                let name = run.series.metrics[s.metric].as_str();
                if let Some(b) = base.series.value(name, s.year) {
                    diffs
                        .entry((s.year, s.metric, name))
                        .or_default()
                        .push(s.value - b);
                }
            }
        }
        for ((year, _, metric), d) in diffs {
            if let Some(s) = summarise(&d) {
                let half = ci95_half_width(s.sd, s.n);
                let _ = writeln!(
                    out,
                    "{strategy},{year},{metric},{},{},{},{}",
                    s.mean,
                    s.mean - half,
                    s.mean + half,
                    s.n
                );
            }
        }
    }
    out
}

/// `kpis.csv`: `strategy,kpi,mean,ci95_low,ci95_high`, each strategy's KPIs (see
/// `shanshui_scenarios::kpis`) over its replicates, paired with `baseline`'s.
pub fn kpis_csv(runs: &[RunRecords<'_>], baseline: &str, years: u32) -> String {
    let mut out = String::from("strategy,kpi,mean,ci95_low,ci95_high\n");
    let mut strategies: Vec<&str> = Vec::new();
    for run in runs {
        if !strategies.contains(&run.strategy) {
            strategies.push(run.strategy);
        }
    }
    for strategy in strategies {
        let per_replicate: Vec<_> = runs
            .iter()
            .filter(|r| r.strategy == strategy)
            .map(|r| {
                let base = runs
                    .iter()
                    .find(|b| b.strategy == baseline && b.replicate == r.replicate);
                replicate_kpis(r.series, base.map(|b| b.series), years)
            })
            .collect();
        for k in summarise_kpis(&per_replicate) {
            let _ = writeln!(
                out,
                "{strategy},{},{},{},{}",
                k.kpi, k.mean, k.ci95_low, k.ci95_high
            );
        }
    }
    out
}

/// Values of each (year, metric order, metric) across the strategy's replicates, in
/// replicate order.
fn collect_values<'a>(
    runs: &[RunRecords<'a>],
    strategy: &str,
) -> BTreeMap<(u32, usize, &'a str), Vec<f64>> {
    let mut values: BTreeMap<(u32, usize, &str), Vec<f64>> = BTreeMap::new();
    for run in runs.iter().filter(|r| r.strategy == strategy) {
        for s in &run.series.samples {
            let name = run.series.metrics[s.metric].as_str();
            values
                .entry((s.year, s.metric, name))
                .or_default()
                .push(s.value);
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use shanshui_engine::Recorder;

    fn series(values: &[f64]) -> MetricSeries {
        let mut r = Recorder::default();
        for (year, v) in values.iter().enumerate() {
            r.record(year as u32, "a_ha", *v);
        }
        r.into_series()
    }

    #[test]
    fn tables_have_the_contract_columns() {
        let (a, b) = (series(&[1.0, 2.0]), series(&[3.0, 4.0]));
        let runs = [
            RunRecords {
                strategy: "natural_recovery",
                replicate: 0,
                series: &a,
            },
            RunRecords {
                strategy: "natural_recovery",
                replicate: 1,
                series: &b,
            },
        ];
        let ts = timeseries_csv(&runs);
        assert!(
            ts.starts_with("strategy,replicate,year,metric,value\nnatural_recovery,0,0,a_ha,1\n")
        );
        assert_eq!(ts.lines().count(), 5);
        let summary = summary_csv(&runs);
        let mut lines = summary.lines();
        assert_eq!(
            lines.next(),
            Some("strategy,year,metric,mean,sd,p05,p50,p95,n")
        );
        assert_eq!(
            lines.next(),
            Some(format!("natural_recovery,0,a_ha,2,{},1.1,2,2.9,2", 2f64.sqrt()).as_str())
        );
    }
}

#[cfg(test)]
mod comparison_tests {
    use super::*;
    use shanshui_engine::Recorder;

    fn series(values: &[f64]) -> MetricSeries {
        let mut r = Recorder::default();
        for (year, v) in values.iter().enumerate() {
            r.record(year as u32, "x", *v);
        }
        r.into_series()
    }

    #[test]
    fn differences_are_paired_by_replicate() {
        let (b0, b1, s0, s1) = (
            series(&[1.0, 10.0]),
            series(&[5.0, 20.0]),
            series(&[2.0, 12.0]),
            series(&[6.0, 24.0]),
        );
        let runs = [
            RunRecords {
                strategy: "natural_recovery",
                replicate: 0,
                series: &b0,
            },
            RunRecords {
                strategy: "natural_recovery",
                replicate: 1,
                series: &b1,
            },
            RunRecords {
                strategy: "plant",
                replicate: 0,
                series: &s0,
            },
            RunRecords {
                strategy: "plant",
                replicate: 1,
                series: &s1,
            },
        ];
        let csv = comparison_csv(&runs, "natural_recovery");
        let rows: Vec<&str> = csv.lines().collect();
        // Year 0: differences 1 and 1 → mean 1, sd 0, CI [1, 1] despite very different baselines.
        assert_eq!(rows[1], "plant,0,x,1,1,1,2");
        // Year 1: differences 2 and 4 → mean 3, sd √2, half-width 12.706·√2/√2.
        let half = 12.706;
        assert_eq!(
            rows[2],
            format!("plant,1,x,3,{},{},2", 3.0 - half, 3.0 + half)
        );
    }
}
