//! The cost-effectiveness chart: each strategy as a point of (cost, outcome) with 95 %
//! confidence intervals on both axes, and the frontier of strategies that no other
//! strategy beats on both — cheaper or equally cheap and at least as good.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::font::text;
use crate::labels::{display_name, metric_title};
use crate::legend::{Legend, LegendEntry, Swatch, format_tick};
use crate::palette::{BASELINE, SeriesStyle, strategy_styles};
use crate::read::KpiRow;
use crate::render::{DrawError, Figure};
use crate::series::{CHART_SIZE, bounds, draw_heading, first_seen};

/// Whether more of an outcome is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// More is better (area restored, carbon, ECA).
    HigherIsBetter,
    /// Less is better (Spartina remaining, years to target).
    LowerIsBetter,
}

/// The direction of a KPI, from its name: Spartina (unless removed), "remaining",
/// "years_to", "loss" and "emission" are better low; everything else better high.
pub fn outcome_direction(kpi: &str) -> Direction {
    let lower = ["remaining", "years_to", "loss", "emission"]
        .iter()
        .any(|w| kpi.contains(w))
        || (kpi.contains("spartina") && !kpi.contains("removed"));
    if lower {
        Direction::LowerIsBetter
    } else {
        Direction::HigherIsBetter
    }
}

/// A mean with its 95 % confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Mean.
    pub mean: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
}

/// One strategy on the cost-effectiveness chart.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiPoint {
    /// Strategy name.
    pub strategy: String,
    /// Marker colour.
    pub style: SeriesStyle,
    /// Cost (horizontal).
    pub cost: Estimate,
    /// Outcome (vertical).
    pub outcome: Estimate,
}

/// Cost against one outcome for every strategy, with the frontier.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiChart {
    /// Cost KPI name (horizontal axis).
    pub cost_kpi: String,
    /// Outcome KPI name (vertical axis).
    pub outcome_kpi: String,
    /// Which way the outcome is better.
    pub direction: Direction,
    /// One point per strategy having both KPIs.
    pub points: Vec<KpiPoint>,
}

impl KpiChart {
    /// Builds the chart of `outcome_kpi` against `cost_kpi` from `kpis.csv` rows;
    /// strategies lacking either KPI are left out.
    pub fn new(rows: &[KpiRow], cost_kpi: &str, outcome_kpi: &str) -> Self {
        let mut order = vec![BASELINE.to_string()];
        order.extend(first_seen(
            rows.iter()
                .map(|r| r.strategy.as_str())
                .filter(|s| *s != BASELINE),
        ));
        let estimate = |strategy: &str, kpi: &str| {
            rows.iter()
                .find(|r| r.strategy == strategy && r.kpi == kpi)
                .map(|r| Estimate {
                    mean: r.mean,
                    low: r.ci95_low,
                    high: r.ci95_high,
                })
        };
        let points = order
            .iter()
            .zip(strategy_styles(&order))
            .filter_map(|(strategy, style)| {
                Some(KpiPoint {
                    strategy: strategy.clone(),
                    style,
                    cost: estimate(strategy, cost_kpi)?,
                    outcome: estimate(strategy, outcome_kpi)?,
                })
            })
            .collect();
        Self {
            cost_kpi: cost_kpi.to_string(),
            outcome_kpi: outcome_kpi.to_string(),
            direction: outcome_direction(outcome_kpi),
            points,
        }
    }

    /// The strategies on the frontier, cheapest first: each is better on the outcome (by
    /// mean) than every strategy that costs no more.
    pub fn frontier(&self) -> Vec<&KpiPoint> {
        let mut sorted: Vec<&KpiPoint> = self.points.iter().collect();
        let better = |a: f64, b: f64| match self.direction {
            Direction::HigherIsBetter => a > b,
            Direction::LowerIsBetter => a < b,
        };
        sorted.sort_by(|a, b| {
            a.cost.mean.total_cmp(&b.cost.mean).then_with(|| {
                if better(a.outcome.mean, b.outcome.mean) {
                    std::cmp::Ordering::Less
                } else if better(b.outcome.mean, a.outcome.mean) {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
        });
        let mut frontier: Vec<&KpiPoint> = Vec::new();
        for point in sorted {
            if frontier
                .last()
                .is_none_or(|best| better(point.outcome.mean, best.outcome.mean))
            {
                frontier.push(point);
            }
        }
        frontier
    }

    /// The legend: strategies, then the frontier line.
    pub fn legend(&self) -> Legend {
        let mut entries: Vec<LegendEntry> = self
            .points
            .iter()
            .map(|p| LegendEntry {
                label: display_name(&p.strategy),
                swatch: Swatch::Fill(p.style.colour),
            })
            .collect();
        entries.push(LegendEntry {
            label: "frontier".to_string(),
            swatch: Swatch::Line {
                colour: BLACK,
                dashed: false,
            },
        });
        Legend {
            title: String::new(),
            entries,
        }
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<(), DrawError> {
        let pad = |(lo, hi): (f64, f64)| {
            let p = (hi - lo) * 0.08;
            (lo - p)..(hi + p)
        };
        let xs = bounds(
            self.points
                .iter()
                .flat_map(|p| [p.cost.low, p.cost.high, p.cost.mean]),
        );
        let ys = bounds(
            self.points
                .iter()
                .flat_map(|p| [p.outcome.low, p.outcome.high, p.outcome.mean]),
        );
        let mut chart = ChartBuilder::on(area)
            .margin(10)
            .x_label_area_size(48)
            .y_label_area_size(84)
            .build_cartesian_2d(pad(xs), pad(ys))?;
        chart
            .configure_mesh()
            .x_desc(metric_title(&self.cost_kpi))
            .y_desc(metric_title(&self.outcome_kpi))
            .label_style(text(13.0))
            .axis_desc_style(text(14.0))
            .x_label_formatter(&|v| format_tick(*v))
            .y_label_formatter(&|v| format_tick(*v))
            .light_line_style(BLACK.mix(0.05))
            .bold_line_style(BLACK.mix(0.12))
            .draw()?;
        let frontier: Vec<(f64, f64)> = self
            .frontier()
            .iter()
            .map(|p| (p.cost.mean, p.outcome.mean))
            .collect();
        chart.draw_series(LineSeries::new(frontier, BLACK.mix(0.8).stroke_width(2)))?;
        for p in &self.points {
            let colour = p.style.colour.stroke_width(2);
            let (x, y) = (p.cost.mean, p.outcome.mean);
            chart.draw_series([
                PathElement::new(vec![(p.cost.low, y), (p.cost.high, y)], colour),
                PathElement::new(vec![(x, p.outcome.low), (x, p.outcome.high)], colour),
            ])?;
            chart.draw_series([Circle::new((x, y), 7, p.style.colour.filled())])?;
            chart.draw_series([Circle::new((x, y), 7, BLACK.stroke_width(1))])?;
            let label = EmptyElement::at((x, y))
                + Text::new(display_name(&p.strategy), (10, -20), text(13.0));
            chart.draw_series([label])?;
        }
        Ok(())
    }
}

impl Figure for KpiChart {
    fn name(&self) -> String {
        format!("KPI chart {} vs {}", self.outcome_kpi, self.cost_kpi)
    }

    fn size(&self) -> (u32, u32) {
        CHART_SIZE
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        let better = match self.direction {
            Direction::HigherIsBetter => "higher is better",
            Direction::LowerIsBetter => "lower is better",
        };
        let title = format!(
            "{} vs {}",
            metric_title(&self.outcome_kpi),
            metric_title(&self.cost_kpi)
        );
        let subtitle = format!(
            "bars: 95 % confidence intervals · {better} · line: cost-effectiveness frontier"
        );
        let (body, _) = draw_heading(root, &title, &subtitle)?;
        let legend = self.legend();
        let (plot, key) =
            body.split_horizontally(body.dim_in_pixel().0.saturating_sub(legend.width()));
        self.draw_plot(&plot)?;
        legend.draw(&key.margin(40, 0, 0, 0))
    }
}

/// The cost KPI of a `kpis.csv`: the first whose name has `cost` and no `per` (a total,
/// not a ratio).
pub fn cost_kpi(rows: &[KpiRow]) -> Option<String> {
    first_seen(rows.iter().map(|r| r.kpi.as_str()))
        .into_iter()
        .find(|k| k.contains("cost") && !k.contains("per"))
}

/// The cost-effectiveness charts of a `kpis.csv`: every outcome KPI (no `cost` or `cny`
/// in its name) against the cost KPI. Empty when there is no cost KPI.
pub fn kpi_charts(rows: &[KpiRow]) -> Vec<KpiChart> {
    let Some(cost) = cost_kpi(rows) else {
        return Vec::new();
    };
    first_seen(rows.iter().map(|r| r.kpi.as_str()))
        .into_iter()
        .filter(|k| !k.contains("cost") && !k.contains("cny"))
        .map(|outcome| KpiChart::new(rows, &cost, &outcome))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(strategy: &str, kpi: &str, mean: f64) -> KpiRow {
        KpiRow {
            strategy: strategy.into(),
            kpi: kpi.into(),
            mean,
            ci95_low: mean - 1.0,
            ci95_high: mean + 1.0,
        }
    }

    #[test]
    fn frontier_keeps_only_undominated_strategies() {
        let rows = [
            row("natural_recovery", "cost_total_cny", 0.0),
            row("natural_recovery", "area_restored_ha", 10.0),
            row("a", "cost_total_cny", 5.0),
            row("a", "area_restored_ha", 30.0),
            row("b", "cost_total_cny", 8.0),
            row("b", "area_restored_ha", 20.0), // dearer and worse than a
            row("c", "cost_total_cny", 9.0),
            row("c", "area_restored_ha", 50.0),
        ];
        let charts = kpi_charts(&rows);
        assert_eq!(charts.len(), 1);
        let names: Vec<&str> = charts[0]
            .frontier()
            .iter()
            .map(|p| p.strategy.as_str())
            .collect();
        assert_eq!(names, ["natural_recovery", "a", "c"]);
    }

    #[test]
    fn spartina_remaining_is_better_low() {
        assert_eq!(
            outcome_direction("spartina_remaining_pct"),
            Direction::LowerIsBetter
        );
        assert_eq!(
            outcome_direction("spartina_removed_pct"),
            Direction::HigherIsBetter
        );
        assert_eq!(
            outcome_direction("carbon_cumulative_co2e_t"),
            Direction::HigherIsBetter
        );
    }
}
