//! [`plot_run`]: every chart, map and animation a run folder's files allow, written to
//! `plots/` as PNG and SVG (GIF for animations), and `report.html` beside them. Only the
//! files decide the output, so re-plotting an old run gives byte-identical files.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::animation::{Frame, land_cover_gif};
use crate::atomic::write_atomic;
use crate::comparison::comparison_chart;
use crate::discover::{LayerFile, RunMaps, find_maps};
use crate::error::VizError;
use crate::kpi::kpi_charts;
use crate::labels::{display_name, file_stem, metric_title};
use crate::maps::MapFigure;
use crate::palette::{BASELINE, ColourScale, Ramp};
use crate::read::{
    ClassEntry, MapLayer, read_classes, read_comparison, read_continuous, read_kpis,
    read_land_cover, read_manifest, read_summary,
};
use crate::render::Figure;
use crate::report::{Report, ReportImage, ReportSection};
use crate::series::{first_seen, time_series_chart};
use crate::thematic::{continuous_maps, difference_map, land_cover_change_map, land_cover_maps};

/// What [`plot_run`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlotSummary {
    /// Every image written under `plots/`, in the order written.
    pub images: Vec<PathBuf>,
    /// The report.
    pub report: PathBuf,
}

/// Collects images into files and report sections.
struct Plotter {
    plots_dir: PathBuf,
    summary: PlotSummary,
    sections: Vec<ReportSection>,
}

impl Plotter {
    fn section(&mut self, title: &str, intro: &str) {
        self.sections.push(ReportSection {
            title: title.to_string(),
            intro: intro.to_string(),
            images: Vec::new(),
        });
    }

    fn add_image(&mut self, caption: &str, mime: &'static str, bytes: Vec<u8>, size: (u32, u32)) {
        let section = self.sections.last_mut().expect("a section is open");
        section.images.push(ReportImage {
            caption: caption.to_string(),
            mime,
            bytes,
            size,
        });
    }

    /// Lists each drawn image's files (already [`written`]) and shows the images, in
    /// order, in the current section.
    fn emit(&mut self, drawn: Vec<Drawn>) {
        for d in drawn {
            let files = d
                .files()
                .into_iter()
                .map(|(name, _)| self.plots_dir.join(name));
            self.summary.images.extend(files);
            match d {
                Drawn::Figure(_, caption, r) => {
                    self.add_image(&caption, "image/png", r.png, r.size)
                }
                Drawn::Animation(_, caption, a) => {
                    self.add_image(&caption, "image/gif", a.gif, a.size)
                }
            }
        }
    }
}

/// `drawn` after writing its files under `dir`. Each drawing branch writes its own, so
/// the writes (each waits on the disk) overlap the drawing still going on.
fn written(dir: &Path, drawn: Result<Vec<Drawn>, VizError>) -> Result<Vec<Drawn>, VizError> {
    let drawn = drawn?;
    for (name, bytes) in drawn.iter().flat_map(Drawn::files) {
        write_atomic(&dir.join(name), bytes)?;
    }
    Ok(drawn)
}

/// An image drawn: a figure (`stem`, caption) or an animation (file name, caption).
enum Drawn {
    Figure(String, String, Rendered),
    Animation(String, String, Animation),
}

impl Drawn {
    /// Its files: (name under `plots/`, bytes).
    fn files(&self) -> Vec<(String, &[u8])> {
        match self {
            Self::Figure(stem, _, r) => vec![
                (format!("{stem}.png"), r.png.as_slice()),
                (format!("{stem}.svg"), r.svg.as_bytes()),
            ],
            Self::Animation(file, _, a) => vec![(file.clone(), a.gif.as_slice())],
        }
    }
}

/// Draws each `(stem, caption, figure)` in parallel, in the given order.
fn render<F: Figure + Sync + Send>(
    items: Vec<(String, String, F)>,
    cancel: Cancel,
) -> Result<Vec<Drawn>, VizError> {
    (items.into_par_iter())
        .map(|(stem, caption, figure)| {
            cancel.check()?;
            Ok(Drawn::Figure(stem, caption, Rendered::of(&figure)?))
        })
        .collect()
}

/// The caller's stop flag, looked at before each image is drawn.
#[derive(Clone, Copy)]
struct Cancel<'a>(&'a AtomicBool);

impl Cancel<'_> {
    /// [`VizError::Cancelled`] once the flag is set.
    fn check(self) -> Result<(), VizError> {
        if self.0.load(Ordering::Relaxed) {
            Err(VizError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// A figure drawn as PNG and SVG.
struct Rendered {
    png: Vec<u8>,
    svg: String,
    size: (u32, u32),
}

impl Rendered {
    fn of(figure: &(impl Figure + Sync)) -> Result<Self, VizError> {
        let (png, svg) = rayon::join(|| figure.png(), || figure.svg());
        Ok(Self {
            png: png?,
            svg: svg?,
            size: figure.size(),
        })
    }
}

fn optional<T>(
    path: PathBuf,
    read: impl FnOnce(&Path) -> Result<T, VizError>,
) -> Result<Option<T>, VizError> {
    if path.is_file() {
        read(&path).map(Some)
    } else {
        Ok(None)
    }
}

/// Strategies in run order: those of `summary.csv` as they first appear, then any other
/// found in maps (sorted), natural recovery always first.
fn strategy_order(
    from_summary: Vec<String>,
    from_maps: impl Iterator<Item = String>,
) -> Vec<String> {
    let mut order = from_summary;
    let mut extra: Vec<String> = from_maps.filter(|s| !order.contains(s)).collect();
    extra.sort();
    extra.dedup();
    order.extend(extra);
    if let Some(i) = order.iter().position(|s| s == BASELINE) {
        let baseline = order.remove(i);
        order.insert(0, baseline);
    }
    order
}

/// The colour scale of a continuous layer: viridis over `[0, 1]` when every value lies
/// there (probabilities, cover fractions), else over the values' range.
fn layer_scale(layers: &[(String, MapLayer<f64>)]) -> ColourScale {
    let values = || {
        layers
            .iter()
            .flat_map(|(_, l)| l.cells.as_slice().iter().flatten().copied())
    };
    if values().all(|v| (0.0..=1.0).contains(&v)) {
        return ColourScale::UNIT;
    }
    let (min, max) = crate::series::bounds(values());
    ColourScale {
        ramp: Ramp::Viridis,
        min,
        max,
    }
}

/// Manifest fields shown in the report's scenario summary, with their labels.
const SUMMARY_FIELDS: [(&str, &str); 6] = [
    ("scenario.name", "scenario"),
    ("scenario.source", "scenario file"),
    ("years", "years simulated"),
    ("replicates", "replicates per strategy"),
    ("seed", "seed"),
    ("strategies", "strategies"),
];

/// Renders everything `run_dir`'s files allow into `run_dir/plots/` and writes
/// `run_dir/report.html`. Absent files are skipped; malformed ones are errors. Once
/// `cancel` is set (by a Ctrl-C handler, say), no further image is started and the
/// call returns [`VizError::Cancelled`] without writing the report; the images
/// already written stay (each file is written whole or not at all).
pub fn plot_run(run_dir: &Path, cancel: &AtomicBool) -> Result<PlotSummary, VizError> {
    let cancel = Cancel(cancel);
    let summary = optional(run_dir.join("summary.csv"), read_summary)?.unwrap_or_default();
    let comparison = optional(run_dir.join("comparison.csv"), read_comparison)?.unwrap_or_default();
    let kpis = optional(run_dir.join("kpis.csv"), read_kpis)?.unwrap_or_default();
    let classes = optional(run_dir.join("classes.csv"), read_classes)?.unwrap_or_default();
    let manifest = optional(run_dir.join("manifest.json"), read_manifest)?.unwrap_or_default();
    let scenario_ron = optional(run_dir.join("scenario.ron"), |p| {
        std::fs::read_to_string(p).map_err(VizError::io(p))
    })?;
    let maps = find_maps(run_dir)?;
    let strategies = strategy_order(
        first_seen(summary.iter().map(|r| r.strategy.as_str())),
        maps.final_land_cover
            .iter()
            .map(|(s, _)| s.clone())
            .chain(maps.layers.iter().map(|l| l.strategy.clone())),
    );
    let mut plotter = Plotter {
        plots_dir: run_dir.join("plots"),
        summary: PlotSummary::default(),
        sections: Vec::new(),
    };

    let comparisons: Vec<_> = first_seen(comparison.iter().map(|r| r.metric.as_str()))
        .into_iter()
        .map(|metric| {
            let chart = comparison_chart(&comparison, &metric);
            (
                format!("comparison-{}", file_stem(&metric)),
                chart.title.clone(),
                chart,
            )
        })
        .collect();
    let kpi_figures: Vec<_> = kpi_charts(&kpis)
        .into_iter()
        .map(|chart| {
            let stem = format!("kpi-{}", file_stem(&chart.outcome_kpi));
            let caption = format!(
                "{} against {}",
                metric_title(&chart.outcome_kpi),
                metric_title(&chart.cost_kpi)
            );
            (stem, caption, chart)
        })
        .collect();
    let series: Vec<_> = first_seen(summary.iter().map(|r| r.metric.as_str()))
        .into_iter()
        .map(|metric| {
            let chart = time_series_chart(&summary, &metric);
            (
                format!("timeseries-{}", file_stem(&metric)),
                metric_title(&metric),
                chart,
            )
        })
        .collect();
    // Every part is drawn and written at once (each in parallel inside), then shown in
    // the report in order.
    let dir = &plotter.plots_dir;
    let ((comparisons, kpi_figures), (maps_drawn, series)) = rayon::join(
        || {
            rayon::join(
                || written(dir, render(comparisons, cancel)),
                || written(dir, render(kpi_figures, cancel)),
            )
        },
        || {
            rayon::join(
                || written(dir, draw_maps(&maps, &strategies, &classes, cancel)),
                || written(dir, render(series, cancel)),
            )
        },
    );
    plotter.section(
        "Comparison with natural recovery",
        "Paired differences (strategy − natural recovery, same random streams per replicate) with 95 % confidence intervals; an interval that excludes zero is an effect of the strategy.",
    );
    plotter.emit(comparisons?);
    plotter.emit(kpi_figures?);
    plotter.section(
        "Maps",
        "Final land cover of replicate 0 for each strategy, side by side; change maps show where a strategy ends with a different class than natural recovery.",
    );
    plotter.emit(maps_drawn?);
    plotter.section(
        "Time series",
        "Each line is a strategy's mean across replicates; the shaded band holds 90 % of replicates (5th–95th percentile).",
    );
    plotter.emit(series?);

    let report = Report {
        title: manifest
            .iter()
            .find(|(k, _)| k == "scenario.name")
            .map_or_else(
                || display_name(&run_dir.display().to_string()),
                |(_, v)| v.clone(),
            ),
        summary: SUMMARY_FIELDS
            .iter()
            .filter_map(|(key, label)| {
                let (_, value) = manifest.iter().find(|(k, _)| k == key)?;
                Some((label.to_string(), value.clone()))
            })
            .collect(),
        classes,
        provenance: manifest,
        kpis,
        sections: plotter
            .sections
            .into_iter()
            .filter(|s| !s.images.is_empty())
            .collect(),
        scenario_ron,
    };
    let report_path = run_dir.join("report.html");
    cancel.check()?;
    write_atomic(&report_path, report.to_html().as_bytes())?;
    plotter.summary.report = report_path;
    Ok(plotter.summary)
}

/// The maps section: final land cover and its change maps, then each layer's maps
/// (the layers drawn in parallel), in that order.
fn draw_maps(
    maps: &RunMaps,
    strategies: &[String],
    classes: &[ClassEntry],
    cancel: Cancel,
) -> Result<Vec<Drawn>, VizError> {
    let finals = (maps.final_land_cover.par_iter())
        .map(|(s, p)| Ok((s.clone(), read_land_cover(p)?)))
        .collect::<Result<Vec<_>, VizError>>()?;
    let finals = in_order(strategies, finals);
    let (stem, title) = ("map-land-cover", "Final land cover");
    let mut drawn = draw_land_cover(&finals, classes, stem, title, cancel)?;
    let layer_names = first_seen(maps.layers.iter().map(|l| l.layer.as_str()));
    let layers = (layer_names.par_iter())
        .map(|layer| {
            let files: Vec<&LayerFile> = maps.layers.iter().filter(|l| l.layer == *layer).collect();
            draw_layer(layer, &files, strategies, classes, cancel)
        })
        .collect::<Result<Vec<_>, VizError>>()?;
    drawn.extend(layers.into_iter().flatten());
    Ok(drawn)
}

/// Sorts `(strategy, item)` pairs into the run's strategy order.
fn in_order<T>(strategies: &[String], mut items: Vec<(String, T)>) -> Vec<(String, T)> {
    items.sort_by_key(|(s, _)| strategies.iter().position(|x| x == s).unwrap_or(usize::MAX));
    items
}

/// Land cover side by side, then a change map per strategy against natural recovery
/// (built and drawn in parallel, in that order).
fn draw_land_cover(
    layers: &[(String, MapLayer<u8>)],
    classes: &[ClassEntry],
    stem: &str,
    title: &str,
    cancel: Cancel,
) -> Result<Vec<Drawn>, VizError> {
    if layers.is_empty() {
        return Ok(Vec::new());
    }
    let refs: Vec<(String, &MapLayer<u8>)> = layers.iter().map(|(s, l)| (s.clone(), l)).collect();
    let mut figures = vec![(
        stem.to_owned(),
        title.to_owned(),
        land_cover_maps(title, &refs, classes)?,
    )];
    if let Some((_, baseline)) = layers.iter().find(|(s, _)| s == BASELINE) {
        let changes = (layers.par_iter().filter(|(s, _)| s != BASELINE))
            .map(|(strategy, layer)| {
                let figure = land_cover_change_map(strategy, layer, baseline, classes)?;
                let stem = format!("{stem}-change-{}", file_stem(strategy));
                Ok((stem, figure.title.clone(), figure))
            })
            .collect::<Result<Vec<_>, VizError>>()?;
        figures.extend(changes);
    }
    render(figures, cancel)
}

/// An animated GIF and its frame size in pixels.
struct Animation {
    gif: Vec<u8>,
    size: (u32, u32),
}

/// The animation of `strategy`'s land-cover `files`; `None` with fewer than two years.
fn animation(
    strategy: &str,
    files: &[&LayerFile],
    classes: &[ClassEntry],
    cancel: Cancel,
) -> Result<Option<Animation>, VizError> {
    cancel.check()?;
    let frames = files
        .iter()
        .filter(|f| f.strategy == strategy)
        .map(|f| {
            Ok(Frame {
                year: f.year,
                layer: read_land_cover(&f.path)?,
            })
        })
        .collect::<Result<Vec<_>, VizError>>()?;
    if frames.len() < 2 {
        return Ok(None);
    }
    let gif = land_cover_gif(strategy, &frames, classes)?;
    let size = crate::animation::animation_figures(strategy, &frames[..1], classes)?[0].size();
    Ok(Some(Animation { gif, size }))
}

/// One layer's maps: a land-cover layer becomes an animated GIF per strategy (two or more
/// years); a continuous layer is drawn side by side per year, with difference maps against
/// natural recovery for its last year.
fn draw_layer(
    layer: &str,
    files: &[&LayerFile],
    strategies: &[String],
    classes: &[ClassEntry],
    cancel: Cancel,
) -> Result<Vec<Drawn>, VizError> {
    let layer_stem = file_stem(layer);
    if crate::discover::is_land_cover_layer(layer) {
        // Animations are drawn in parallel, in strategy order.
        let animations = (strategies.par_iter())
            .map(|strategy| animation(strategy, files, classes, cancel))
            .collect::<Result<Vec<_>, VizError>>()?;
        let drawn = (strategies.iter().zip(animations))
            .filter_map(|(strategy, a)| {
                let file = format!("animation-{layer_stem}-{}.gif", file_stem(strategy));
                let caption = format!(
                    "Land cover of {} over the years (animated)",
                    display_name(strategy)
                );
                Some(Drawn::Animation(file, caption, a?))
            })
            .collect();
        return Ok(drawn);
    }
    let mut years: Vec<f64> = files.iter().map(|f| f.year).collect();
    years.sort_by(f64::total_cmp);
    years.dedup();
    let last = years.len().saturating_sub(1);
    // Each year's figures (the differences only for the last year) are built in
    // parallel, then drawn in parallel and written in year order.
    let per_year = (years.par_iter().enumerate())
        .map(|(i, &year)| year_figures(layer, files, strategies, year, i == last))
        .collect::<Result<Vec<_>, VizError>>()?;
    let figures: Vec<(String, String, MapFigure)> = per_year.into_iter().flatten().collect();
    render(figures, cancel)
}

/// The maps of one continuous layer in one year, side by side, then (when `with_diffs`)
/// each strategy's difference from natural recovery.
fn year_figures(
    layer: &str,
    files: &[&LayerFile],
    strategies: &[String],
    year: f64,
    with_diffs: bool,
) -> Result<Vec<(String, String, MapFigure)>, VizError> {
    let loaded = files
        .iter()
        .filter(|f| f.year == year)
        .map(|f| Ok((f.strategy.clone(), read_continuous(&f.path)?)))
        .collect::<Result<Vec<_>, VizError>>()?;
    let loaded = in_order(strategies, loaded);
    let year_label = crate::legend::format_tick(year);
    let quantity = metric_title(layer);
    let title = format!("{quantity}, year {year_label}");
    let refs: Vec<(String, &MapLayer<f64>)> = loaded.iter().map(|(s, l)| (s.clone(), l)).collect();
    let mut figure = continuous_maps(&title, &quantity, &refs, layer_scale(&loaded))?;
    if quantity.starts_with("Probability") {
        figure.subtitle = "share of replicates in which the cell holds the class".to_string();
    }
    let stem = format!("map-{}-{year_label}", file_stem(layer));
    let mut out = vec![(stem.clone(), title, figure)];
    let baseline = loaded.iter().find(|(s, _)| s == BASELINE);
    if let (true, Some((_, baseline))) = (with_diffs, baseline) {
        for (strategy, map) in loaded.iter().filter(|(s, _)| s != BASELINE) {
            let figure = difference_map(&quantity, strategy, map, baseline)?;
            let stem = format!("{stem}-diff-{}", file_stem(strategy));
            out.push((stem, figure.title.clone(), figure));
        }
    }
    Ok(out)
}
