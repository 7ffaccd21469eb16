#![doc = include_str!("../README.md")]

mod animation;
mod atomic;
mod comparison;
mod discover;
mod error;
mod font;
mod furniture;
mod kpi;
mod labels;
mod legend;
mod maps;
mod palette;
mod read;
mod render;
mod report;
mod run;
mod series;
mod sweep;
mod thematic;

pub use animation::{FRAME_DELAY_CS, Frame, animation_figures, gif_palette, land_cover_gif};
pub use atomic::write_atomic;
pub use comparison::comparison_chart;
pub use discover::{LayerFile, RunMaps, find_maps, is_land_cover_layer};
pub use error::{BackendError, VizError};
pub use font::{FAMILY, ensure_font};
pub use furniture::{ScaleBar, draw_north_arrow};
pub use kpi::{Direction, Estimate, KpiChart, KpiPoint, cost_kpi, kpi_charts, outcome_direction};
pub use labels::{display_name, file_stem, metric_label, metric_title};
pub use legend::{ColourBar, Key, Legend, LegendEntry, Swatch, format_tick};
pub use maps::{MapFigure, MapLayout, MapPanel, NODATA_COLOUR, panel_pixels};
pub use palette::{
    BASELINE, ColourScale, NEUTRAL, Ramp, STRATEGY_COLOURS, SeriesStyle, hex_colour,
    parse_hex_colour, strategy_styles,
};
pub use read::{
    ClassEntry, ComparisonRow, KpiRow, MapLayer, SummaryRow, read_classes, read_comparison,
    read_continuous, read_csv, read_kpis, read_land_cover, read_manifest, read_summary,
};
pub use render::{DrawError, Figure, encode_png};
pub use report::{Report, ReportImage, ReportSection, escape_html, format_number};
pub use run::{PlotSummary, plot_run};
pub use series::{
    BAND_ALPHA, BandChart, BandPoint, BandSeries, CHART_SIZE, HEADING, first_seen,
    time_series_chart,
};
pub use sweep::{HeatMap, SweepSample, Tornado, TornadoBar, response_curve};
pub use thematic::{
    UNCHANGED_COLOUR, UNKNOWN_CLASS_COLOUR, class_legend, continuous_maps, difference_map,
    land_cover_change_map, land_cover_maps,
};
