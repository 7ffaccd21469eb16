//! Line charts with uncertainty bands: one line per series (a strategy's mean, a mean
//! difference, a KPI's response to a parameter) and a shaded band around it (5–95 %
//! percentiles, a 95 % confidence interval). Time series per metric are built here from
//! `summary.csv`; the comparison and sweep modules build the same chart from their rows.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::font::{note, text};
use crate::labels::{display_name, metric_title};
use crate::legend::{Legend, LegendEntry, Swatch};
use crate::palette::{SeriesStyle, strategy_styles};
use crate::read::SummaryRow;
use crate::render::{DrawError, Figure};

/// Opacity of a band over the white background.
pub const BAND_ALPHA: f64 = 0.22;

/// One point of a series: the line's value and the band's ends at `x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandPoint {
    /// Position on the horizontal axis (year, parameter value).
    pub x: f64,
    /// The line's value (mean, mean difference).
    pub mid: f64,
    /// Lower edge of the band.
    pub low: f64,
    /// Upper edge of the band.
    pub high: f64,
}

/// One line with its band.
#[derive(Debug, Clone, PartialEq)]
pub struct BandSeries {
    /// Legend label.
    pub label: String,
    /// Colour and dash.
    pub style: SeriesStyle,
    /// Points in increasing `x`.
    pub points: Vec<BandPoint>,
}

/// A chart of lines with shaded bands, a title, axis labels and a legend at the right.
#[derive(Debug, Clone, PartialEq)]
pub struct BandChart {
    /// Heading.
    pub title: String,
    /// What the band shows, printed under the heading (e.g. "shaded: 5–95 % of replicates").
    pub subtitle: String,
    /// Horizontal axis label.
    pub x_label: String,
    /// Vertical axis label.
    pub y_label: String,
    /// The series, drawn in order (later on top).
    pub series: Vec<BandSeries>,
    /// Draw a horizontal reference line at zero (differences).
    pub zero_line: bool,
    /// Image size in pixels.
    pub size: (u32, u32),
}

/// Default chart size in pixels.
pub const CHART_SIZE: (u32, u32) = (960, 540);

/// Builds the time series chart of `metric` from `summary.csv` rows: one line per
/// strategy (mean) with its 5–95 % band, strategies in the order they first appear.
pub fn time_series_chart(rows: &[SummaryRow], metric: &str) -> BandChart {
    let strategies = first_seen(
        rows.iter()
            .filter(|r| r.metric == metric)
            .map(|r| r.strategy.as_str()),
    );
    let styles = strategy_styles(&strategies);
    let series = strategies
        .iter()
        .zip(styles)
        .map(|(strategy, style)| {
            let mut points: Vec<BandPoint> = rows
                .iter()
                .filter(|r| r.metric == metric && r.strategy == *strategy)
                .map(|r| BandPoint {
                    x: r.year,
                    mid: r.mean,
                    low: r.p05,
                    high: r.p95,
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
        title: metric_title(metric),
        subtitle: "line: mean of replicates · shaded: 5–95 % of replicates".to_string(),
        x_label: "Year".to_string(),
        y_label: metric_title(metric),
        series,
        zero_line: false,
        size: CHART_SIZE,
    }
}

/// The distinct values of `names` in the order they first appear.
pub fn first_seen<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for name in names {
        if !seen.iter().any(|s| s == name) {
            seen.push(name.to_string());
        }
    }
    seen
}

impl BandChart {
    /// The legend drawn at the right: one line sample per series.
    pub fn legend(&self) -> Legend {
        Legend {
            title: String::new(),
            entries: self
                .series
                .iter()
                .map(|s| LegendEntry {
                    label: s.label.clone(),
                    swatch: Swatch::Line {
                        colour: s.style.colour,
                        dashed: s.style.dashed,
                    },
                })
                .collect(),
        }
    }

    /// Horizontal and vertical data ranges, padded so lines do not touch the frame.
    pub fn ranges(&self) -> (std::ops::Range<f64>, std::ops::Range<f64>) {
        let points = || self.series.iter().flat_map(|s| s.points.iter());
        let (x0, x1) = bounds(points().map(|p| p.x));
        let ys = points().flat_map(|p| [p.low, p.mid, p.high]);
        let (mut y0, mut y1) = bounds(ys.chain(self.zero_line.then_some(0.0)));
        let pad = (y1 - y0) * 0.06;
        y0 -= pad;
        y1 += pad;
        (x0..x1, y0..y1)
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<(), DrawError> {
        let (x_range, y_range) = self.ranges();
        let mut chart = ChartBuilder::on(area)
            .margin(10)
            .x_label_area_size(48)
            .y_label_area_size(84)
            .build_cartesian_2d(x_range.clone(), y_range)?;
        chart
            .configure_mesh()
            .x_desc(self.x_label.as_str())
            .y_desc(self.y_label.as_str())
            .label_style(text(13.0))
            .axis_desc_style(text(14.0))
            .x_label_formatter(&|v| crate::legend::format_tick(*v))
            .y_label_formatter(&|v| crate::legend::format_tick(*v))
            .light_line_style(BLACK.mix(0.05))
            .bold_line_style(BLACK.mix(0.12))
            .draw()?;
        if self.zero_line {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x_range.start, 0.0), (x_range.end, 0.0)],
                BLACK.mix(0.6).stroke_width(1),
            )))?;
        }
        for series in &self.series {
            let mut outline: Vec<(f64, f64)> =
                series.points.iter().map(|p| (p.x, p.high)).collect();
            outline.extend(series.points.iter().rev().map(|p| (p.x, p.low)));
            chart.draw_series(std::iter::once(Polygon::new(
                outline,
                series.style.colour.mix(BAND_ALPHA).filled(),
            )))?;
        }
        for series in &self.series {
            let line: Vec<(f64, f64)> = series.points.iter().map(|p| (p.x, p.mid)).collect();
            let style = series
                .style
                .colour
                .stroke_width(if series.style.dashed { 2 } else { 3 });
            if series.style.dashed {
                chart.draw_series(DashedLineSeries::new(line.clone(), 9, 6, style))?;
            } else {
                chart.draw_series(LineSeries::new(line.clone(), style))?;
            }
            if line.len() == 1 {
                chart.draw_series(line.iter().map(|&p| Circle::new(p, 4, style.filled())))?;
            }
        }
        Ok(())
    }
}

/// The smallest and largest finite value, widened to a non-empty range.
pub(crate) fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        (0.0, 1.0)
    } else if lo == hi {
        let half = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo - half, hi + half)
    } else {
        (lo, hi)
    }
}

impl Figure for BandChart {
    fn name(&self) -> String {
        format!("chart {:?}", self.title)
    }

    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        let (body, _) = draw_heading(root, &self.title, &self.subtitle)?;
        let legend = self.legend();
        let (plot, key) =
            body.split_horizontally(body.dim_in_pixel().0.saturating_sub(legend.width()));
        self.draw_plot(&plot)?;
        legend.draw(&key.margin(40, 0, 0, 0))
    }
}

/// Height of the heading band of every figure, in pixels.
pub const HEADING: u32 = 62;

/// Draws a figure's title and subtitle across the top of `root` and returns the area
/// below them, with the heading's height.
pub fn draw_heading<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<(DrawingArea<DB, Shift>, u32), DrawError> {
    let (head, body) = root.split_vertically(HEADING);
    head.draw(&Text::new(title.to_string(), (16, 10), text(21.0)))?;
    head.draw(&Text::new(subtitle.to_string(), (16, 38), note(14.0)))?;
    Ok((body, HEADING))
}
