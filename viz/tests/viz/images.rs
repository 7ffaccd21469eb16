//! Rendered figures carry the expected content: sizes, band and swatch colours, legend
//! entries, colour bars, animation frames.

use image::{Rgb, RgbImage};
use plotters::style::RGBColor;
use shanshui_engine::Grid;
use shanshui_viz::*;

use crate::fixture::{CELL_M, CLASSES_CSV, land_cover};

fn close(pixel: Rgb<u8>, colour: RGBColor, tolerance: u8) -> bool {
    let c = [colour.0, colour.1, colour.2];
    pixel
        .0
        .iter()
        .zip(c)
        .all(|(&p, c)| p.abs_diff(c) <= tolerance)
}

/// The colour of `colour` at `alpha` over white, as the bitmap backend blends it.
fn over_white(colour: RGBColor, alpha: f64) -> RGBColor {
    let blend = |c: u8| (255.0 + (f64::from(c) - 255.0) * alpha).round() as u8;
    RGBColor(blend(colour.0), blend(colour.1), blend(colour.2))
}

fn decode(png: &[u8]) -> RgbImage {
    image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .unwrap()
        .to_rgb8()
}

fn classes() -> Vec<ClassEntry> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("classes.csv");
    std::fs::write(&path, CLASSES_CSV).unwrap();
    read_classes(&path).unwrap()
}

fn layer(strategy: usize, year: u32) -> MapLayer<u8> {
    MapLayer {
        cells: land_cover(strategy, year).map(|&c| (c != 255).then_some(c)),
        cell_size_m: CELL_M,
    }
}

#[test]
fn time_series_png_has_its_size_content_and_band_colour() {
    let rows: Vec<SummaryRow> = (0..=10)
        .map(|year| SummaryRow {
            strategy: "removal".into(),
            year: f64::from(year),
            metric: "spartina_area_ha".into(),
            mean: 50.0,
            sd: 1.0,
            p05: 0.0,
            p50: 50.0,
            p95: 100.0,
            n: 4,
        })
        .collect();
    let chart = time_series_chart(&rows, "spartina_area_ha");
    assert_eq!(chart.title, "Spartina area (ha)");
    let image = decode(&chart.png().unwrap());
    assert_eq!(image.dimensions(), CHART_SIZE);
    let non_white = image.pixels().filter(|p| p.0 != [255, 255, 255]).count();
    assert!(
        non_white > image.pixels().len() / 5,
        "mostly blank: {non_white} non-white pixels"
    );

    // The band spans 0–100 around a line at 50: a window in the upper half of the plot,
    // clear of the line, is band-coloured except where faint grid lines cross it.
    let band = over_white(STRATEGY_COLOURS[0], BAND_ALPHA);
    let window: Vec<Rgb<u8>> = (440..460)
        .flat_map(|x| (170..190).map(move |y| (x, y)))
        .map(|(x, y)| *image.get_pixel(x, y))
        .collect();
    let in_band = window.iter().filter(|&&p| close(p, band, 3)).count();
    assert!(
        in_band * 10 >= window.len() * 6,
        "only {in_band} of {} pixels have the band colour {band:?}",
        window.len()
    );
    // And the line itself is drawn in the strategy's colour somewhere in the middle column.
    let line = (60..480).any(|y| close(*image.get_pixel(450, y), STRATEGY_COLOURS[0], 2));
    assert!(line, "no line pixel in the strategy colour");
}

#[test]
fn natural_recovery_is_dashed_grey_in_every_chart() {
    let style = strategy_styles(&["natural_recovery", "removal"]);
    assert_eq!(
        style[0],
        SeriesStyle {
            colour: NEUTRAL,
            dashed: true
        }
    );
    let rows = vec![ComparisonRow {
        strategy: "removal".into(),
        year: 1.0,
        metric: "m".into(),
        mean_diff: -1.0,
        ci95_low: -2.0,
        ci95_high: 0.0,
        n: 4,
    }];
    let chart = comparison_chart(&rows, "m");
    assert_eq!(chart.series.len(), 1);
    assert_eq!(
        chart.series[0].style.colour, STRATEGY_COLOURS[0],
        "same colour as in the time series"
    );
    assert!(chart.zero_line);
}

#[test]
fn land_cover_legend_lists_every_class_present_and_its_swatches_show_their_colours() {
    let classes = classes();
    let maps = [layer(0, 10), layer(1, 10), layer(2, 10)];
    let named: Vec<(String, &MapLayer<u8>)> = ["natural_recovery", "removal", "removal_planting"]
        .iter()
        .map(|s| s.to_string())
        .zip(&maps)
        .collect();
    let figure = land_cover_maps("Final land cover", &named, &classes).unwrap();
    let Key::Legend(legend) = &figure.key else {
        panic!("land cover has a legend")
    };
    let labels: Vec<&str> = legend.entries.iter().map(|e| e.label.as_str()).collect();
    // Mangrove occurs only in the third map; upland occurs in none.
    assert_eq!(labels, ["water", "mudflat", "spartina", "mangrove"]);

    let image = decode(&figure.png().unwrap());
    assert_eq!(image.dimensions(), figure.size());
    let layout = figure.layout();
    for (index, entry) in legend.entries.iter().enumerate() {
        let (l, t, r, b) = legend.swatch_rect(index);
        let (x, y) = (
            layout.key_origin.0 + (l + r) / 2,
            layout.key_origin.1 + (t + b) / 2,
        );
        let class = classes.iter().find(|c| c.name == entry.label).unwrap();
        assert!(
            close(*image.get_pixel(x as u32, y as u32), class.colour, 0),
            "swatch of {} at ({x}, {y})",
            entry.label
        );
    }
    // A water cell (south edge) of the first panel shows the water colour.
    let (left, top, w, h) = layout.panels[0];
    let water = image.get_pixel((left + w as i32 / 2) as u32, (top + h as i32 - 3) as u32);
    assert!(close(*water, classes[0].colour, 0));
    // The scale bar: 40 cells of 25 m drawn on the panel width.
    let bar = ScaleBar::fit(CELL_M * 40.0 / f64::from(w), (w / 3).max(40)).unwrap();
    assert_eq!(bar.label(), "200 m");
}

#[test]
fn unknown_codes_are_listed_and_change_maps_show_only_changes() {
    let classes = classes();
    let mut odd = layer(0, 10);
    *odd.cells.get_mut(3, 3) = Some(9);
    let legend = class_legend("Land cover", &classes, [&odd.cells]);
    assert_eq!(legend.entries.last().unwrap().label, "unknown class 9");

    let figure =
        land_cover_change_map("removal_planting", &layer(2, 10), &layer(0, 10), &classes).unwrap();
    let Key::Legend(legend) = &figure.key else {
        panic!()
    };
    let labels: Vec<&str> = legend.entries.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["unchanged", "mudflat", "mangrove"]);
}

#[test]
fn probability_maps_use_the_ramp_and_show_a_colour_bar() {
    let p = MapLayer {
        cells: Grid::from_vec(
            4,
            2,
            vec![
                Some(0.0),
                Some(0.25),
                Some(0.5),
                Some(1.0),
                None,
                Some(0.0),
                Some(0.0),
                Some(0.0),
            ],
        )
        .unwrap(),
        cell_size_m: 10.0,
    };
    let figure = continuous_maps(
        "P(Spartina)",
        "probability",
        &[("natural_recovery".into(), &p)],
        ColourScale::UNIT,
    )
    .unwrap();
    let image = figure.rgb().unwrap();
    let layout = figure.layout();
    let (left, top, w, h) = layout.panels[0];
    let at = |fx: f64, fy: f64| {
        *image.get_pixel(
            (left as f64 + fx * f64::from(w)) as u32,
            (top as f64 + fy * f64::from(h)) as u32,
        )
    };
    assert!(close(at(0.875, 0.25), Ramp::Viridis.at(1.0), 0));
    assert!(close(at(0.125, 0.25), Ramp::Viridis.at(0.0), 0));
    assert!(close(at(0.125, 0.75), NODATA_COLOUR, 0));
    let Key::ColourBar(bar) = &figure.key else {
        panic!()
    };
    let (l, t, r, b) = bar.bar_rect();
    let x = (layout.key_origin.0 + (l + r) / 2) as u32;
    assert!(close(
        *image.get_pixel(x, (layout.key_origin.1 + t + 1) as u32),
        Ramp::Viridis.at(1.0),
        8
    ));
    assert!(close(
        *image.get_pixel(x, (layout.key_origin.1 + b - 2) as u32),
        Ramp::Viridis.at(0.0),
        8
    ));

    let more = MapLayer {
        cells: p.cells.map(|v| v.map(|v| v + 0.5)),
        cell_size_m: 10.0,
    };
    let diff = difference_map("P(Spartina)", "removal", &more, &p).unwrap();
    assert_eq!(
        diff.key,
        Key::ColourBar(ColourBar {
            title: "difference".into(),
            scale: ColourScale::symmetric(0.5)
        })
    );
}

#[test]
fn maps_of_different_sizes_are_refused() {
    let small = MapLayer {
        cells: Grid::filled(2, 2, Some(1u8)),
        cell_size_m: CELL_M,
    };
    let big = layer(0, 0);
    let error =
        land_cover_maps("x", &[("a".into(), &small), ("b".into(), &big)], &classes()).unwrap_err();
    assert!(error.to_string().contains("different sizes"), "{error}");
}

#[test]
fn land_cover_gif_has_one_frame_per_year() {
    let frames: Vec<Frame> = [10, 0, 5]
        .iter()
        .map(|&y| Frame {
            year: f64::from(y),
            layer: layer(2, y),
        })
        .collect();
    let classes = classes();
    let bytes = land_cover_gif("removal_planting", &frames, &classes).unwrap();
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(bytes.as_slice()).unwrap();
    let (width, height) = (u32::from(decoder.width()), u32::from(decoder.height()));
    let figures = animation_figures("removal_planting", &frames, &classes).unwrap();
    assert_eq!((width, height), figures[0].size());
    assert_eq!(
        figures[0].title, "Land cover — removal planting, year 0",
        "frames in year order"
    );
    let mut count = 0;
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        // The mangrove class colour is in the palette exactly, so frames show it unchanged.
        let mangrove = [0x1b, 0x5e, 0x20, 0xff];
        assert!(
            frame.buffer.chunks(4).any(|p| p == mangrove),
            "frame {count} lacks mangrove"
        );
        count += 1;
    }
    assert_eq!(count, 3);
}

#[test]
fn sweep_figures_aggregate_and_render() {
    let samples: Vec<SweepSample> = [(0.1, 5.0), (0.1, 7.0), (0.5, 10.0), (0.5, 12.0)]
        .iter()
        .flat_map(|&(x, v)| {
            ["natural_recovery", "removal"]
                .iter()
                .map(move |s| SweepSample {
                    strategy: s.to_string(),
                    x,
                    value: v,
                })
        })
        .collect();
    let curve = response_curve("efficacy", "area_restored_ha", &samples);
    assert_eq!(curve.series[0].style.colour, NEUTRAL);
    assert_eq!(curve.series[1].points[1].mid, 11.0);
    assert!(curve.png().is_ok());

    let heat = HeatMap::from_samples(
        "a",
        "b",
        "eca",
        &[
            (1.0, 1.0, 2.0),
            (1.0, 1.0, 4.0),
            (2.0, 1.0, 5.0),
            (2.0, 3.0, 6.0),
        ],
    );
    assert_eq!(
        heat.means.as_slice(),
        &[Some(3.0), Some(5.0), None, Some(6.0)]
    );
    let image = heat.rgb().unwrap();
    assert!(
        image.pixels().any(|p| close(*p, Ramp::Viridis.at(1.0), 0)),
        "the highest cell is drawn"
    );

    let tornado = Tornado {
        kpi: "eca".into(),
        baseline: 10.0,
        bars: vec![
            TornadoBar {
                parameter: "small".into(),
                at_low: 9.0,
                at_high: 11.0,
            },
            TornadoBar {
                parameter: "big".into(),
                at_low: 2.0,
                at_high: 30.0,
            },
        ],
    };
    let order: Vec<&str> = tornado
        .sorted_bars()
        .iter()
        .map(|b| b.parameter.as_str())
        .collect();
    assert_eq!(order, ["big", "small"]);
    let image = tornado.rgb().unwrap();
    assert!(
        image.pixels().any(|p| close(*p, STRATEGY_COLOURS[0], 0))
            && image.pixels().any(|p| close(*p, STRATEGY_COLOURS[1], 0))
    );
}

#[test]
fn svg_output_is_a_document_with_the_chart_text() {
    let rows = vec![KpiRow {
        strategy: "removal".into(),
        kpi: "cost_total_cny".into(),
        mean: 1.0,
        ci95_low: 0.5,
        ci95_high: 1.5,
    }];
    let mut rows = rows;
    rows.push(KpiRow {
        strategy: "removal".into(),
        kpi: "eca_ha".into(),
        mean: 3.0,
        ci95_low: 2.0,
        ci95_high: 4.0,
    });
    let charts = kpi_charts(&rows);
    assert_eq!(charts.len(), 1);
    let svg = charts[0].svg().unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("ECA (ha)") && svg.trim_end().ends_with("</svg>")
    );
}
