#![doc = include_str!("../README.md")]

mod error;
mod font;
mod furniture;
mod labels;
mod legend;
mod maps;
mod palette;
mod read;
mod render;
mod series;
mod thematic;

pub use error::{BackendError, VizError};
pub use font::{FAMILY, ensure_font};
pub use furniture::{ScaleBar, draw_north_arrow};
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
pub use series::{
    BAND_ALPHA, BandChart, BandPoint, BandSeries, CHART_SIZE, HEADING, first_seen,
    time_series_chart,
};
pub use thematic::{
    UNCHANGED_COLOUR, UNKNOWN_CLASS_COLOUR, class_legend, continuous_maps, difference_map,
    land_cover_change_map, land_cover_maps,
};
