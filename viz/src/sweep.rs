//! Sweep plots over in-memory results: a response curve of a KPI over one swept parameter
//! (mean and 5–95 % band across replicates, one line per strategy), a heat map of a KPI
//! over two parameters, and a tornado chart of one-at-a-time sensitivities.

use plotters::coord::Shift;
use plotters::prelude::*;
use shanshui_engine::Grid;
use shanshui_engine::stats::summarise;

use crate::font::{note, text};
use crate::labels::{display_name, metric_title};
use crate::legend::{ColourBar, Legend, LegendEntry, Swatch, format_tick};
use crate::palette::{BASELINE, ColourScale, STRATEGY_COLOURS, strategy_styles};
use crate::render::{DrawError, Figure};
use crate::series::{BandChart, BandPoint, BandSeries, CHART_SIZE, draw_heading, first_seen};

/// One run of a one-parameter sweep: a strategy, the parameter's value, the KPI's value.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSample {
    /// Strategy name.
    pub strategy: String,
    /// Value of the swept parameter.
    pub x: f64,
    /// Value of the KPI in this run (one replicate).
    pub value: f64,
}

/// The response of `kpi` to `parameter`: per strategy and parameter value, the mean of the
/// replicates with their 5–95 % band.
pub fn response_curve(parameter: &str, kpi: &str, samples: &[SweepSample]) -> BandChart {
    let mut strategies = first_seen(samples.iter().map(|s| s.strategy.as_str()));
    if let Some(i) = strategies.iter().position(|s| s == BASELINE) {
        let baseline = strategies.remove(i);
        strategies.insert(0, baseline);
    }
    let series = strategies
        .iter()
        .zip(strategy_styles(&strategies))
        .map(|(strategy, style)| {
            let mut xs: Vec<f64> = samples
                .iter()
                .filter(|s| s.strategy == *strategy)
                .map(|s| s.x)
                .collect();
            xs.sort_by(f64::total_cmp);
            xs.dedup();
            let points = xs
                .iter()
                .filter_map(|&x| {
                    let values: Vec<f64> = samples
                        .iter()
                        .filter(|s| s.strategy == *strategy && s.x == x)
                        .map(|s| s.value)
                        .collect();
                    let summary = summarise(&values)?;
                    Some(BandPoint {
                        x,
                        mid: summary.mean,
                        low: summary.p05,
                        high: summary.p95,
                    })
                })
                .collect();
            BandSeries {
                label: display_name(strategy),
                style,
                points,
            }
        })
        .collect();
    BandChart {
        title: format!("{} over {}", metric_title(kpi), display_name(parameter)),
        subtitle: "line: mean of replicates · shaded: 5–95 % of replicates".to_string(),
        x_label: display_name(parameter),
        y_label: metric_title(kpi),
        series,
        zero_line: false,
        size: CHART_SIZE,
    }
}

/// A KPI over a grid of two parameters' values.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    /// Horizontal parameter.
    pub x_parameter: String,
    /// Vertical parameter.
    pub y_parameter: String,
    /// The KPI shown by colour.
    pub kpi: String,
    /// Distinct horizontal values, increasing.
    pub x_values: Vec<f64>,
    /// Distinct vertical values, increasing.
    pub y_values: Vec<f64>,
    /// Mean KPI per `(x, y)` cell (`y` row 0 = smallest value); `None` where no run.
    pub means: Grid<Option<f64>>,
}

impl HeatMap {
    /// Averages `(x, y, value)` samples (replicates) per combination of parameter values.
    pub fn from_samples(
        x_parameter: &str,
        y_parameter: &str,
        kpi: &str,
        samples: &[(f64, f64, f64)],
    ) -> Self {
        let distinct = |f: fn(&(f64, f64, f64)) -> f64| {
            let mut v: Vec<f64> = samples.iter().map(f).filter(|v| v.is_finite()).collect();
            v.sort_by(f64::total_cmp);
            v.dedup();
            v
        };
        let (x_values, y_values) = (distinct(|s| s.0), distinct(|s| s.1));
        let mut means = Grid::filled(x_values.len(), y_values.len(), None);
        for (yi, &y) in y_values.iter().enumerate() {
            for (xi, &x) in x_values.iter().enumerate() {
                let values: Vec<f64> = samples
                    .iter()
                    .filter(|s| s.0 == x && s.1 == y)
                    .map(|s| s.2)
                    .collect();
                *means.get_mut(xi, yi) = summarise(&values).map(|s| s.mean);
            }
        }
        Self {
            x_parameter: x_parameter.to_string(),
            y_parameter: y_parameter.to_string(),
            kpi: kpi.to_string(),
            x_values,
            y_values,
            means,
        }
    }

    /// The colour scale: viridis over the range of the means.
    pub fn scale(&self) -> ColourScale {
        let (min, max) = crate::series::bounds(self.means.as_slice().iter().flatten().copied());
        ColourScale {
            ramp: crate::palette::Ramp::Viridis,
            min,
            max,
        }
    }
}

/// Draws up to ten evenly spread category labels along an axis.
fn label_every(count: usize) -> usize {
    count.div_ceil(10).max(1)
}

impl Figure for HeatMap {
    fn name(&self) -> String {
        format!("heat map of {}", self.kpi)
    }

    fn size(&self) -> (u32, u32) {
        (900, 640)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        let title = format!(
            "{} over {} and {}",
            metric_title(&self.kpi),
            display_name(&self.x_parameter),
            display_name(&self.y_parameter)
        );
        let (body, _) = draw_heading(root, &title, "colour: mean of replicates · blank: not run")?;
        let scale = self.scale();
        let bar = ColourBar {
            title: metric_title(&self.kpi),
            scale,
        };
        let (plot, key) = body.split_horizontally(body.dim_in_pixel().0 - bar.width());
        let (pw, ph) = plot.dim_in_pixel();
        let (left, top, right, bottom) = (110i32, 10i32, pw as i32 - 20, ph as i32 - 70);
        let (nx, ny) = (self.x_values.len().max(1), self.y_values.len().max(1));
        let cw = f64::from(right - left) / nx as f64;
        let chh = f64::from(bottom - top) / ny as f64;
        let annotate = nx * ny <= 64;
        for yi in 0..self.y_values.len() {
            for xi in 0..self.x_values.len() {
                let x0 = left + (cw * xi as f64).round() as i32;
                let x1 = left + (cw * (xi + 1) as f64).round() as i32;
                let y1 = bottom - (chh * yi as f64).round() as i32;
                let y0 = bottom - (chh * (yi + 1) as f64).round() as i32;
                let Some(mean) = *self.means.get(xi, yi) else {
                    continue;
                };
                plot.draw(&Rectangle::new(
                    [(x0, y0), (x1, y1)],
                    scale.colour(mean).filled(),
                ))?;
                if annotate {
                    let label = format_tick(mean);
                    let at = ((x0 + x1) / 2 - 4 * label.len() as i32, (y0 + y1) / 2 - 7);
                    let ink = if scale.colour(mean).1 > 150 {
                        BLACK
                    } else {
                        WHITE
                    };
                    plot.draw(&Text::new(label, at, text(13.0).color(&ink)))?;
                }
            }
        }
        plot.draw(&Rectangle::new(
            [(left, top), (right, bottom)],
            BLACK.mix(0.6),
        ))?;
        for (xi, x) in self.x_values.iter().enumerate().step_by(label_every(nx)) {
            let cx = left + (cw * (xi as f64 + 0.5)).round() as i32;
            plot.draw(&Text::new(
                format_tick(*x),
                (cx - 12, bottom + 8),
                note(13.0),
            ))?;
        }
        for (yi, y) in self.y_values.iter().enumerate().step_by(label_every(ny)) {
            let cy = bottom - (chh * (yi as f64 + 0.5)).round() as i32;
            plot.draw(&Text::new(format_tick(*y), (left - 56, cy - 7), note(13.0)))?;
        }
        plot.draw(&Text::new(
            display_name(&self.x_parameter),
            ((left + right) / 2 - 40, bottom + 36),
            text(14.0),
        ))?;
        plot.draw(&Text::new(
            display_name(&self.y_parameter),
            (8, top - 2),
            text(14.0),
        ))?;
        bar.draw(&key.margin(30, 0, 0, 0))
    }
}

/// One parameter of a tornado chart: the KPI with the parameter at its low and high value,
/// all others at baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    /// Parameter name.
    pub parameter: String,
    /// The KPI with the parameter at its low value.
    pub at_low: f64,
    /// The KPI with the parameter at its high value.
    pub at_high: f64,
}

/// One-at-a-time sensitivities of a KPI, widest swing at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    /// The KPI.
    pub kpi: String,
    /// The KPI with every parameter at baseline.
    pub baseline: f64,
    /// The bars, in any order: drawing sorts them by swing.
    pub bars: Vec<TornadoBar>,
}

impl Tornado {
    /// The bars by decreasing swing `|at_high − at_low|`; ties keep their given order.
    pub fn sorted_bars(&self) -> Vec<&TornadoBar> {
        let mut bars: Vec<&TornadoBar> = self.bars.iter().collect();
        bars.sort_by(|a, b| {
            (b.at_high - b.at_low)
                .abs()
                .total_cmp(&(a.at_high - a.at_low).abs())
        });
        bars
    }
}

impl Figure for Tornado {
    fn name(&self) -> String {
        format!("tornado chart of {}", self.kpi)
    }

    fn size(&self) -> (u32, u32) {
        (900, (150 + 40 * self.bars.len() as u32).max(320))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        let title = format!("Sensitivity of {}", metric_title(&self.kpi));
        let subtitle = format!(
            "each parameter at its low and high value, others at baseline ({})",
            format_tick(self.baseline)
        );
        let (body, _) = draw_heading(root, &title, &subtitle)?;
        let (low_colour, high_colour) = (STRATEGY_COLOURS[1], STRATEGY_COLOURS[0]);
        let legend = Legend {
            title: String::new(),
            entries: vec![
                LegendEntry {
                    label: "parameter low".to_string(),
                    swatch: Swatch::Fill(low_colour),
                },
                LegendEntry {
                    label: "parameter high".to_string(),
                    swatch: Swatch::Fill(high_colour),
                },
            ],
        };
        let (plot, key) = body.split_horizontally(body.dim_in_pixel().0 - legend.width());
        let bars = self.sorted_bars();
        let (x0, x1) = crate::series::bounds(
            bars.iter()
                .flat_map(|b| [b.at_low, b.at_high])
                .chain([self.baseline]),
        );
        let pad = (x1 - x0) * 0.05;
        let n = bars.len().max(1);
        let mut chart = ChartBuilder::on(&plot)
            .margin(10)
            .x_label_area_size(48)
            .y_label_area_size(160)
            .build_cartesian_2d((x0 - pad)..(x1 + pad), 0.0..n as f64)?;
        let names: Vec<String> = bars.iter().map(|b| display_name(&b.parameter)).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n * 2 + 1)
            .y_label_formatter(&|v| {
                let slot = n as f64 - v - 0.5;
                if (slot - slot.round()).abs() < 1e-6 && slot >= 0.0 {
                    names
                        .get(slot.round() as usize)
                        .cloned()
                        .unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_desc(metric_title(&self.kpi))
            .x_label_formatter(&|v| format_tick(*v))
            .label_style(text(13.0))
            .axis_desc_style(text(14.0))
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        for (i, bar) in bars.iter().enumerate() {
            let y = n as f64 - i as f64 - 0.5;
            for (value, colour) in [(bar.at_low, low_colour), (bar.at_high, high_colour)] {
                let rect = [
                    (self.baseline.min(value), y - 0.3),
                    (self.baseline.max(value), y + 0.3),
                ];
                chart.draw_series([Rectangle::new(rect, colour.filled())])?;
            }
        }
        chart.draw_series([PathElement::new(
            vec![(self.baseline, 0.0), (self.baseline, n as f64)],
            BLACK.stroke_width(2),
        )])?;
        legend.draw(&key.margin(40, 0, 0, 0))
    }
}
