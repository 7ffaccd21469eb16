//! `shanshui sweep analyse`: sensitivity tables and sweep plots of a complete sweep
//! folder, written to `DIR/analysis/`.
//!
//! - `sensitivity.csv`: `strategy,kpi,parameter,src,prcc,r2` — per strategy, every
//!   outcome's standardized regression coefficient and partial rank correlation
//!   coefficient on every parameter (replicates are separate observations), and the R²
//!   of the linear fit.
//! - `sobol.csv` (Sobol designs): `strategy,kpi,parameter,first_order,total`, from the
//!   replicate means of each point.
//! - `plots/`: a response curve per outcome and parameter; a tornado chart per strategy
//!   and outcome for one-at-a-time designs; a heat map over the first two parameters
//!   per strategy and outcome for grids.

use super::merge::load;
use super::sweep_error;
use crate::exit::{CliResult, bad_input};
use anyhow::anyhow;
use shanshui_scenarios::parse_ron;
use shanshui_sweep::ledger::{RunRecord, write_atomic};
use shanshui_sweep::results::{ManifestTable, outcome_columns};
use shanshui_sweep::schema::{Design, SweepFile};
use shanshui_sweep::sensitivity::{prcc, sobol_indices, src};
use shanshui_viz::{Figure, HeatMap, SweepSample, Tornado, TornadoBar, response_curve};
use std::fmt::Write;
use std::path::Path;

/// The numbers of a complete sweep.
struct Table {
    parameters: Vec<String>,
    strategies: Vec<String>,
    kpis: Vec<String>,
    rows: Vec<Row>,
    points: usize,
}

/// One run.
struct Row {
    point: usize,
    strategy: usize,
    x: Vec<f64>,
    y: Vec<f64>,
}

/// Writes the analysis of the sweep folder `dir`.
pub fn analyse(dir: &Path, plots: bool) -> CliResult {
    let (manifest, records) = load(&[dir.to_path_buf()])?;
    let sweep_path = dir.join("sweep.ron");
    let bytes = std::fs::read(&sweep_path)
        .map_err(|e| bad_input(anyhow!("{}: {e}", sweep_path.display())))?;
    let sweep: SweepFile = parse_ron(&bytes, &sweep_path).map_err(bad_input)?;
    let table = Table::new(&manifest, &records, sweep.replicates)?;
    let out = dir.join("analysis");
    std::fs::create_dir_all(out.join("plots"))
        .map_err(|e| bad_input(anyhow!("{}: {e}", out.display())))?;
    write(
        &out.join("sensitivity.csv"),
        sensitivity_csv(&table).as_bytes(),
    )?;
    if let Design::Sobol { .. } = sweep.design {
        write(&out.join("sobol.csv"), sobol_csv(&table).as_bytes())?;
    }
    if plots {
        draw(&table, &sweep.design, &out.join("plots"))?;
    }
    eprintln!(
        "sensitivity of {} outcomes to {} parameters → {}",
        table.kpis.len(),
        table.parameters.len(),
        out.display()
    );
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> CliResult {
    write_atomic(path, bytes).map_err(sweep_error)
}

impl Table {
    fn new(manifest: &ManifestTable, records: &[RunRecord], replicates: u32) -> CliResult<Self> {
        let mut strategies: Vec<String> = Vec::new();
        for row in &manifest.rows {
            if !strategies.contains(&row.strategy) {
                strategies.push(row.strategy.clone());
            }
        }
        let kpis: Vec<String> = outcome_columns(records)
            .into_iter()
            .map(str::to_owned)
            .collect();
        let per_point = u64::from(replicates.max(1)) * strategies.len() as u64;
        let mut rows = Vec::with_capacity(records.len());
        for (row, record) in manifest.rows.iter().zip(records) {
            let x = row
                .values
                .iter()
                .map(|v| v.parse::<f64>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| bad_input(anyhow!("manifest.csv, run_id {}: {e}", record.run_id)))?;
            let y = kpis
                .iter()
                .map(|k| {
                    record
                        .values
                        .iter()
                        .find(|(n, _)| n == k)
                        .and_then(|(_, v)| *v)
                        .unwrap_or(f64::NAN)
                })
                .collect();
            let strategy = strategies
                .iter()
                .position(|s| *s == row.strategy)
                .expect("listed");
            rows.push(Row {
                point: (record.run_id / per_point) as usize,
                strategy,
                x,
                y,
            });
        }
        let points = rows.last().map_or(0, |r| r.point + 1);
        Ok(Self {
            parameters: manifest.parameters.clone(),
            strategies,
            kpis,
            rows,
            points,
        })
    }

    /// `(x, y)` of every run of `strategy` for outcome `kpi` with a finite value.
    fn samples(&self, strategy: usize, kpi: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
        self.rows
            .iter()
            .filter(|r| r.strategy == strategy && r.y[kpi].is_finite())
            .map(|r| (r.x.clone(), r.y[kpi]))
            .unzip()
    }

    /// Mean of `kpi` over the replicates of each point, for `strategy`.
    fn point_means(&self, strategy: usize, kpi: usize) -> Vec<f64> {
        let mut sums = vec![(0.0, 0usize); self.points];
        for r in self.rows.iter().filter(|r| r.strategy == strategy) {
            sums[r.point].0 += r.y[kpi];
            sums[r.point].1 += 1;
        }
        sums.iter().map(|(s, n)| s / *n as f64).collect()
    }

    /// Whether `kpi` varies at all across runs.
    fn varies(&self, kpi: usize) -> bool {
        let mut values = self.rows.iter().map(|r| r.y[kpi]).filter(|v| v.is_finite());
        values
            .next()
            .is_some_and(|first| values.any(|v| v != first))
    }
}

fn sensitivity_csv(table: &Table) -> String {
    let mut out = String::from("strategy,kpi,parameter,src,prcc,r2\n");
    for (s, strategy) in table.strategies.iter().enumerate() {
        for (k, kpi) in table.kpis.iter().enumerate() {
            let (x, y) = table.samples(s, k);
            let (fit, ranks) = (src(&x, &y), prcc(&x, &y));
            for (i, parameter) in table.parameters.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "{strategy},{kpi},{parameter},{},{},{}",
                    cell(fit.src.get(i).copied().unwrap_or(f64::NAN)),
                    cell(ranks.get(i).copied().unwrap_or(f64::NAN)),
                    cell(fit.r2)
                );
            }
        }
    }
    out
}

fn sobol_csv(table: &Table) -> String {
    let mut out = String::from("strategy,kpi,parameter,first_order,total\n");
    let k = table.parameters.len();
    for (s, strategy) in table.strategies.iter().enumerate() {
        for (j, kpi) in table.kpis.iter().enumerate() {
            let indices = sobol_indices(&table.point_means(s, j), k);
            for (i, parameter) in table.parameters.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "{strategy},{kpi},{parameter},{},{}",
                    cell(indices.first[i]),
                    cell(indices.total[i])
                );
            }
        }
    }
    out
}

/// A number, or an empty cell when it could not be estimated.
fn cell(v: f64) -> String {
    if v.is_finite() {
        v.to_string()
    } else {
        String::new()
    }
}

fn draw(table: &Table, design: &Design, dir: &Path) -> CliResult {
    let png =
        |name: String, figure: &dyn Fn() -> Result<Vec<u8>, shanshui_viz::VizError>| -> CliResult {
            write(
                &dir.join(format!("{}.png", file_name(&name))),
                &figure().map_err(bad_input)?,
            )
        };
    for (k, kpi) in table
        .kpis
        .iter()
        .enumerate()
        .filter(|(k, _)| table.varies(*k))
    {
        for (i, parameter) in table.parameters.iter().enumerate() {
            let samples: Vec<SweepSample> = table
                .rows
                .iter()
                .filter(|r| r.y[k].is_finite())
                .map(|r| SweepSample {
                    strategy: table.strategies[r.strategy].clone(),
                    x: r.x[i],
                    value: r.y[k],
                })
                .collect();
            png(format!("response-{kpi}-{parameter}"), &|| {
                response_curve(parameter, kpi, &samples).png()
            })?;
        }
        for (s, strategy) in table.strategies.iter().enumerate() {
            match design {
                Design::OneAtATime { levels, .. } => {
                    let tornado = tornado(table, s, k, *levels as usize);
                    png(format!("tornado-{strategy}-{kpi}"), &|| tornado.png())?;
                }
                Design::Grid(_) if table.parameters.len() >= 2 => {
                    let samples: Vec<(f64, f64, f64)> = table
                        .rows
                        .iter()
                        .filter(|r| r.strategy == s)
                        .map(|r| (r.x[0], r.x[1], r.y[k]))
                        .collect();
                    let map = HeatMap::from_samples(
                        &table.parameters[0],
                        &table.parameters[1],
                        kpi,
                        &samples,
                    );
                    png(format!("heatmap-{strategy}-{kpi}"), &|| map.png())?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// One-at-a-time swings: point 0 is the base, then `levels` points per parameter.
fn tornado(table: &Table, strategy: usize, kpi: usize, levels: usize) -> Tornado {
    let means = table.point_means(strategy, kpi);
    let bars = table
        .parameters
        .iter()
        .enumerate()
        .map(|(i, _)| TornadoBar {
            parameter: short_name(&table.parameters, i),
            at_low: means[1 + i * levels],
            at_high: means[levels + i * levels],
        })
        .collect();
    Tornado {
        kpi: table.kpis[kpi].clone(),
        baseline: means[0],
        bars,
    }
}

/// Parameter `i`'s last path segment (`probability_per_year`), or its whole path when
/// another parameter ends the same way; long paths do not fit a chart's label column.
fn short_name(parameters: &[String], i: usize) -> String {
    let last = |p: &str| p.rsplit('.').next().unwrap_or(p).to_owned();
    let name = last(&parameters[i]);
    if parameters.iter().filter(|p| last(p) == name).count() == 1 {
        name
    } else {
        parameters[i].clone()
    }
}

/// A file name from a chart name: parameter paths' punctuation becomes `_`.
fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
