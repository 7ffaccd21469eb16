//! What a run leaves in the results, and `results.csv`: the records of every shard
//! checked against the manifest (every run exactly once) and joined in `run_id` order.
//!
//! A run's outcome columns come from a list of [`OutcomeFn`]s, so a new kind of outcome
//! column is one more function in [`OUTCOMES`]. Columns
//! appear in the order of first appearance in `run_id` order, so the table is the same
//! however the runs were split, ordered or resumed.

use crate::error::SweepError;
use crate::ledger::RunRecord;
use shanshui_engine::MetricSeries;
use shanshui_scenarios::kpis::replicate_kpis;
use shanshui_scenarios::{ReplicateRun, Scenario};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Named outcome values of one run of a scenario.
pub type OutcomeFn = fn(&Scenario, &ReplicateRun) -> Vec<(String, f64)>;

/// The outcome columns of every sweep run, in column order: KPIs, then metrics.
pub const OUTCOMES: &[OutcomeFn] = &[kpis, final_year_metrics];

/// The run's key performance indicators (see `shanshui_scenarios::kpis`), each column
/// named `kpi_<name>`. KPIs paired with natural recovery (the CO2e gain) are left out:
/// a sweep run is computed on its own.
pub fn kpis(scenario: &Scenario, run: &ReplicateRun) -> Vec<(String, f64)> {
    replicate_kpis(&run.series, None, scenario.file.years)
        .into_iter()
        .map(|(name, v)| (format!("kpi_{name}"), v))
        .collect()
}

/// Every metric's value in the final year of the run, in recording order.
pub fn final_year_metrics(scenario: &Scenario, run: &ReplicateRun) -> Vec<(String, f64)> {
    final_values(&run.series, scenario.file.years)
}

/// The values recorded at `year`, by metric in recording order (the last if repeated).
pub fn final_values(series: &MetricSeries, year: u32) -> Vec<(String, f64)> {
    let mut values: Vec<Option<f64>> = vec![None; series.metrics.len()];
    for s in series.samples.iter().filter(|s| s.year == year) {
        values[s.metric] = Some(s.value);
    }
    series
        .metrics
        .iter()
        .zip(values)
        .filter_map(|(name, v)| Some((name.clone(), v?)))
        .collect()
}

/// The record of run `run_id`: the values of every function of `outcomes`.
pub fn record(
    run_id: u64,
    scenario: &Scenario,
    run: &ReplicateRun,
    outcomes: &[OutcomeFn],
) -> RunRecord {
    let values = outcomes
        .iter()
        .flat_map(|f| f(scenario, run))
        .map(|(name, v)| (name, v.is_finite().then_some(v)))
        .collect();
    RunRecord { run_id, values }
}

/// A parsed `manifest.csv`, kept as text so values are copied byte for byte.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestTable {
    /// Parameter paths.
    pub parameters: Vec<String>,
    /// Per run (row `i` is `run_id` `i`): parameter values, strategy, replicate.
    pub rows: Vec<ManifestRow>,
}

/// One row of `manifest.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestRow {
    /// Parameter values as written.
    pub values: Vec<String>,
    /// Strategy name.
    pub strategy: String,
    /// Replicate index as written.
    pub replicate: String,
}

impl ManifestTable {
    /// Parses the text of a `manifest.csv`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().ok_or("empty file")?.split(',').collect();
        let k = header
            .len()
            .checked_sub(4)
            .filter(|_| header[0] == "run_id")
            .ok_or("not a sweep manifest (no run_id column)")?;
        if header[k + 1..] != ["strategy", "replicate", "seed"] {
            return Err("not a sweep manifest (no strategy,replicate,seed columns)".into());
        }
        let mut rows = Vec::new();
        for (i, line) in lines.enumerate() {
            let fields: Vec<&str> = line.split(',').collect();
            if fields.len() != header.len() || fields[0] != i.to_string() {
                return Err(format!(
                    "line {}: expected run_id {i} with {} fields",
                    i + 2,
                    header.len()
                ));
            }
            rows.push(ManifestRow {
                values: fields[1..=k].iter().map(|s| (*s).to_owned()).collect(),
                strategy: fields[k + 1].to_owned(),
                replicate: fields[k + 2].to_owned(),
            });
        }
        Ok(Self {
            parameters: header[1..=k].iter().map(|s| (*s).to_owned()).collect(),
            rows,
        })
    }
}

/// Checks that `records` hold every run of `manifest` exactly once and sorts them by
/// `run_id`; otherwise names the missing and duplicated runs.
pub fn complete(
    manifest: &ManifestTable,
    mut records: Vec<RunRecord>,
) -> Result<Vec<RunRecord>, SweepError> {
    let total = manifest.rows.len() as u64;
    records.sort_by_key(|r| r.run_id);
    let duplicated: BTreeSet<u64> = records
        .windows(2)
        .filter(|w| w[0].run_id == w[1].run_id)
        .map(|w| w[0].run_id)
        .collect();
    let present: BTreeSet<u64> = records.iter().map(|r| r.run_id).collect();
    let missing: Vec<u64> = (0..total).filter(|id| !present.contains(id)).collect();
    let unknown: Vec<u64> = present.iter().copied().filter(|&id| id >= total).collect();
    if !unknown.is_empty() {
        return Err(SweepError::Mismatch {
            path: "results".into(),
            message: format!(
                "run_id {} are not in the manifest (results of another sweep?)",
                crate::ranges(&unknown)
            ),
        });
    }
    if !missing.is_empty() || !duplicated.is_empty() {
        return Err(SweepError::Incomplete {
            total,
            missing,
            duplicated: duplicated.into_iter().collect(),
        });
    }
    Ok(records)
}

/// The outcome columns of `records`, in `run_id` order: a name first seen in a record
/// is placed right after the name that precedes it there, so an outcome that only some
/// runs have stays beside its kind (KPIs with KPIs).
pub fn outcome_columns(records: &[RunRecord]) -> Vec<&str> {
    let mut columns: Vec<&str> = Vec::new();
    let mut last: Option<&RunRecord> = None;
    for record in records {
        let same = last.is_some_and(|l| {
            l.values
                .iter()
                .map(|v| &v.0)
                .eq(record.values.iter().map(|v| &v.0))
        });
        last = Some(record);
        if same {
            continue;
        }
        let mut previous: Option<usize> = None;
        for (name, _) in &record.values {
            let at = match columns.iter().position(|c| c == name) {
                Some(i) => i,
                None => {
                    let at = previous.map_or(0, |p| p + 1);
                    columns.insert(at, name);
                    at
                }
            };
            previous = Some(at);
        }
    }
    columns
}

/// `results.csv`: `run_id`, each parameter, `strategy`, `replicate`, then the outcome
/// columns; `records` must be complete (see [`complete`]).
pub fn results_csv(manifest: &ManifestTable, records: &[RunRecord]) -> String {
    let columns = outcome_columns(records);
    let mut out = String::from("run_id");
    for name in manifest
        .parameters
        .iter()
        .map(String::as_str)
        .chain(["strategy", "replicate"])
        .chain(columns.iter().copied())
    {
        out.push(',');
        out += name;
    }
    out.push('\n');
    for (record, row) in records.iter().zip(&manifest.rows) {
        let _ = write!(out, "{}", record.run_id);
        for v in &row.values {
            let _ = write!(out, ",{v}");
        }
        let _ = write!(out, ",{},{}", row.strategy, row.replicate);
        for name in &columns {
            let value = record
                .values
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| *v);
            out.push(',');
            if let Some(v) = value {
                let _ = write!(out, "{v}");
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str =
        "run_id,a,strategy,replicate,seed\n0,1.5,nr,0,9\n1,1.5,nr,1,8\n2,2,nr,0,7\n";

    fn rec(run_id: u64, v: f64) -> RunRecord {
        RunRecord {
            run_id,
            values: vec![("m".into(), Some(v))],
        }
    }

    #[test]
    fn merges_in_run_id_order() {
        let table = ManifestTable::parse(MANIFEST).unwrap();
        let records = complete(&table, vec![rec(2, 3.0), rec(0, 1.0), rec(1, 2.5)]).unwrap();
        assert_eq!(
            results_csv(&table, &records),
            "run_id,a,strategy,replicate,m\n0,1.5,nr,0,1\n1,1.5,nr,1,2.5\n2,2,nr,0,3\n"
        );
    }

    #[test]
    fn late_columns_stay_beside_their_kind() {
        let values = |names: &[&str]| names.iter().map(|n| ((*n).to_owned(), Some(1.0))).collect();
        let records = vec![
            RunRecord {
                run_id: 0,
                values: values(&["kpi_a", "m1", "m2"]),
            },
            RunRecord {
                run_id: 1,
                values: values(&["kpi_a", "kpi_b", "m1", "m2"]),
            },
            RunRecord {
                run_id: 2,
                values: values(&["m0", "m1", "m2"]),
            },
        ];
        assert_eq!(
            outcome_columns(&records),
            ["m0", "kpi_a", "kpi_b", "m1", "m2"]
        );
    }

    #[test]
    fn gaps_and_duplicates_are_named() {
        let table = ManifestTable::parse(MANIFEST).unwrap();
        let err = complete(&table, vec![rec(2, 3.0), rec(2, 3.0)])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("2 of 3 runs have no result: run_id 0-1"),
            "{err}"
        );
        assert!(
            err.contains("1 runs have more than one result: run_id 2"),
            "{err}"
        );
        let err = complete(
            &table,
            vec![rec(0, 1.0), rec(1, 1.0), rec(2, 1.0), rec(5, 1.0)],
        )
        .unwrap_err();
        assert!(err.to_string().contains("run_id 5 are not in the manifest"));
    }

    #[test]
    fn rejects_other_files() {
        assert!(ManifestTable::parse("a,b\n1,2\n").is_err());
        assert!(ManifestTable::parse("run_id,strategy,replicate,seed\n1,x,0,1\n").is_err());
    }
}
