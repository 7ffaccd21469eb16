//! The comparison panel's time charts: for one metric, each strategy's paired difference
//! to natural recovery (mean of per-replicate differences) with its 95 % confidence
//! interval over time, from `comparison.csv`. Zero — "no better than natural recovery" —
//! is drawn as a reference line.

use crate::labels::{display_name, metric_title};
use crate::palette::{BASELINE, strategy_styles};
use crate::read::ComparisonRow;
use crate::series::{BandChart, BandPoint, BandSeries, CHART_SIZE, first_seen};

/// The difference chart of `metric`: one line per strategy, coloured as in the time series
/// (natural recovery takes the first place in the palette order, other strategies follow
/// in the order they first appear in `rows`).
pub fn comparison_chart(rows: &[ComparisonRow], metric: &str) -> BandChart {
    let rows: Vec<&ComparisonRow> = rows
        .iter()
        .filter(|r| r.metric == metric && r.strategy != BASELINE)
        .collect();
    let mut order = vec![BASELINE.to_string()];
    order.extend(first_seen(rows.iter().map(|r| r.strategy.as_str())));
    let styles = strategy_styles(&order);
    let series = order
        .iter()
        .zip(styles)
        .skip(1)
        .map(|(strategy, style)| {
            let mut points: Vec<BandPoint> = rows
                .iter()
                .filter(|r| r.strategy == *strategy)
                .map(|r| BandPoint {
                    x: r.year,
                    mid: r.mean_diff,
                    low: r.ci95_low,
                    high: r.ci95_high,
                })
                .collect();
            points.sort_by(|a, b| a.x.total_cmp(&b.x));
            BandSeries {
                label: display_name(strategy),
                style,
                points,
            }
        })
        .collect();
    BandChart {
        title: format!("{} — difference to natural recovery", metric_title(metric)),
        subtitle: "line: mean paired difference (strategy − natural recovery) · shaded: 95 % confidence interval"
            .to_string(),
        x_label: "Year".to_string(),
        y_label: format!("Δ {}", metric_title(metric)),
        series,
        zero_line: true,
        size: CHART_SIZE,
    }
}
