//! Thematic maps built from map layers: land cover by class colour (legend of every class
//! present), land-cover change against natural recovery, continuous layers on a colour
//! ramp (probability of presence, cover), and the difference of a continuous layer between
//! a strategy and natural recovery.

use plotters::style::RGBColor;
use shanshui_engine::Grid;

use crate::error::VizError;
use crate::labels::display_name;
use crate::legend::{ColourBar, Key, Legend, LegendEntry, Swatch};
use crate::maps::{MapFigure, MapPanel};
use crate::palette::{BASELINE, ColourScale};
use crate::read::{ClassEntry, MapLayer};

/// Colour of a code missing from the class table: loud, so the gap is noticed.
pub const UNKNOWN_CLASS_COLOUR: RGBColor = RGBColor(0xff, 0x00, 0xff);
/// Colour of cells that a strategy leaves as natural recovery has them.
pub const UNCHANGED_COLOUR: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);

/// The legend entry of class `code`: its table entry, or "unknown class N" in
/// [`UNKNOWN_CLASS_COLOUR`].
fn class_entry(classes: &[ClassEntry], code: u8) -> LegendEntry {
    match classes.iter().find(|c| c.code == code) {
        Some(class) => LegendEntry {
            label: display_name(&class.name),
            swatch: Swatch::Fill(class.colour),
        },
        None => LegendEntry {
            label: format!("unknown class {code}"),
            swatch: Swatch::Fill(UNKNOWN_CLASS_COLOUR),
        },
    }
}

/// A legend of every code that occurs in `grids`: class-table order first, then unknown
/// codes in increasing order.
pub fn class_legend<'a>(
    title: &str,
    classes: &[ClassEntry],
    grids: impl IntoIterator<Item = &'a Grid<Option<u8>>>,
) -> Legend {
    let mut present = [false; 256];
    for grid in grids {
        for code in grid.as_slice().iter().flatten() {
            present[usize::from(*code)] = true;
        }
    }
    let known = classes
        .iter()
        .map(|c| c.code)
        .filter(|&c| present[usize::from(c)]);
    let unknown =
        (0..=255u8).filter(|&c| present[usize::from(c)] && !classes.iter().any(|k| k.code == c));
    Legend {
        title: title.to_string(),
        entries: known
            .chain(unknown)
            .map(|code| class_entry(classes, code))
            .collect(),
    }
}

fn class_colours(classes: &[ClassEntry], grid: &Grid<Option<u8>>) -> Grid<Option<RGBColor>> {
    let mut lookup = [UNKNOWN_CLASS_COLOUR; 256];
    for class in classes {
        lookup[usize::from(class.code)] = class.colour;
    }
    grid.map(|cell| cell.map(|code| lookup[usize::from(code)]))
}

fn shared_cell_size<T>(title: &str, layers: &[(String, &MapLayer<T>)]) -> Result<f64, VizError> {
    let first = layers.first().map_or(0.0, |(_, l)| l.cell_size_m);
    match layers.iter().find(|(_, l)| l.cell_size_m != first) {
        Some((name, layer)) => Err(VizError::input(
            title,
            format!(
                "map {name:?} has {} m cells, the first has {first} m",
                layer.cell_size_m
            ),
        )),
        None => Ok(first),
    }
}

/// Land cover of each `(strategy, layer)` side by side, coloured by class, with a legend of
/// every class present in any panel.
pub fn land_cover_maps(
    title: &str,
    layers: &[(String, &MapLayer<u8>)],
    classes: &[ClassEntry],
) -> Result<MapFigure, VizError> {
    let cell_size_m = shared_cell_size(title, layers)?;
    let legend = class_legend("Land cover", classes, layers.iter().map(|(_, l)| &l.cells));
    let panels = layers
        .iter()
        .map(|(name, layer)| MapPanel {
            title: display_name(name),
            colours: class_colours(classes, &layer.cells),
        })
        .collect();
    MapFigure::new(
        title.to_string(),
        "replicate 0".to_string(),
        panels,
        Key::Legend(legend),
        cell_size_m,
    )
}

/// Where `strategy` ends with a different class than natural recovery: changed cells take
/// the strategy's class colour, unchanged cells are light grey.
pub fn land_cover_change_map(
    strategy: &str,
    layer: &MapLayer<u8>,
    baseline: &MapLayer<u8>,
    classes: &[ClassEntry],
) -> Result<MapFigure, VizError> {
    let title = format!(
        "Land cover: {} vs {}",
        display_name(strategy),
        display_name(BASELINE)
    );
    if !layer.cells.same_shape(&baseline.cells) {
        return Err(VizError::input(&title, "the two maps have different sizes"));
    }
    let changed: Vec<Option<u8>> = layer
        .cells
        .as_slice()
        .iter()
        .zip(baseline.cells.as_slice())
        .map(|(&cell, &base)| if cell == base { None } else { cell })
        .collect();
    let changed =
        Grid::from_vec(layer.cells.width(), layer.cells.height(), changed).expect("same length");
    let mut legend = class_legend("Changed to", classes, [&changed]);
    legend.entries.insert(
        0,
        LegendEntry {
            label: "unchanged".to_string(),
            swatch: Swatch::Fill(UNCHANGED_COLOUR),
        },
    );
    let base_colours = class_colours(classes, &changed);
    let colours = Grid::from_vec(
        layer.cells.width(),
        layer.cells.height(),
        base_colours
            .as_slice()
            .iter()
            .zip(layer.cells.as_slice())
            .map(|(&c, &cell)| cell.map(|_| c.unwrap_or(UNCHANGED_COLOUR)))
            .collect(),
    )
    .expect("same length");
    let panel = MapPanel {
        title: display_name(strategy),
        colours,
    };
    MapFigure::new(
        title,
        "cells whose final class differs from natural recovery (replicate 0)".to_string(),
        vec![panel],
        Key::Legend(legend),
        layer.cell_size_m,
    )
}

/// Continuous layers side by side on one colour scale with a colour bar titled
/// `quantity` (e.g. "P(Spartina present)").
pub fn continuous_maps(
    title: &str,
    quantity: &str,
    layers: &[(String, &MapLayer<f64>)],
    scale: ColourScale,
) -> Result<MapFigure, VizError> {
    let cell_size_m = shared_cell_size(title, layers)?;
    let panels = layers
        .iter()
        .map(|(name, layer)| MapPanel {
            title: display_name(name),
            colours: Grid::from_vec(
                layer.cells.width(),
                layer.cells.height(),
                scale.colours(layer.cells.as_slice()),
            )
            .expect("one colour per cell"),
        })
        .collect();
    let key = Key::ColourBar(ColourBar {
        title: quantity.to_string(),
        scale,
    });
    MapFigure::new(title.to_string(), String::new(), panels, key, cell_size_m)
}

/// `strategy − natural recovery` of a continuous layer, on a diverging scale symmetric
/// around zero; a cell without data in either map has none in the difference.
pub fn difference_map(
    quantity: &str,
    strategy: &str,
    layer: &MapLayer<f64>,
    baseline: &MapLayer<f64>,
) -> Result<MapFigure, VizError> {
    let title = format!(
        "{quantity}: {} − {}",
        display_name(strategy),
        display_name(BASELINE)
    );
    if !layer.cells.same_shape(&baseline.cells) {
        return Err(VizError::input(&title, "the two maps have different sizes"));
    }
    let diff: Vec<Option<f64>> = layer
        .cells
        .as_slice()
        .iter()
        .zip(baseline.cells.as_slice())
        .map(|(a, b)| Some((*a)? - (*b)?))
        .collect();
    let extent = diff.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    let diff = MapLayer {
        cells: Grid::from_vec(layer.cells.width(), layer.cells.height(), diff)
            .expect("same length"),
        cell_size_m: layer.cell_size_m,
    };
    let mut figure = continuous_maps(
        &title,
        "difference",
        &[(strategy.to_string(), &diff)],
        ColourScale::symmetric(extent),
    )?;
    figure.subtitle = "red: higher than natural recovery · blue: lower".to_string();
    Ok(figure)
}
