//! Map figures: one or more raster panels of the same grid side by side (one per strategy),
//! with a key (legend or colour bar), a scale bar and a north arrow. Panels hold colours
//! already decided per cell, so the same figure serves land cover, probabilities and
//! differences, whatever file format the cells came from.

use plotters::coord::Shift;
use plotters::prelude::{BitMapElement, DrawingArea, DrawingBackend, Rectangle, Text};
use plotters::style::{BLACK, Color, RGBColor};
use shanshui_engine::Grid;

use crate::error::VizError;
use crate::font::text;
use crate::furniture::{ScaleBar, draw_north_arrow};
use crate::legend::Key;
use crate::render::{DrawError, Figure};
use crate::series::{HEADING, draw_heading};

/// Colour of cells without data.
pub const NODATA_COLOUR: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// One map: a title above a grid of colours (`None` = no data).
#[derive(Debug, Clone, PartialEq)]
pub struct MapPanel {
    /// Text above the map (the strategy).
    pub title: String,
    /// Colour of each cell, row-major from the north-west corner.
    pub colours: Grid<Option<RGBColor>>,
}

/// Panels of one grid side by side with a key, a scale bar and a north arrow.
#[derive(Debug, Clone, PartialEq)]
pub struct MapFigure {
    /// Heading.
    pub title: String,
    /// Line under the heading.
    pub subtitle: String,
    /// The maps, left to right; all of one size.
    pub panels: Vec<MapPanel>,
    /// Legend of classes or colour bar.
    pub key: Key,
    /// Side of a cell in metres, for the scale bar.
    pub cell_size_m: f64,
}

/// Where a map figure puts its parts, in figure pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapLayout {
    /// Figure width and height.
    pub size: (u32, u32),
    /// Each panel's map image as `(left, top, width, height)`.
    pub panels: Vec<(i32, i32, u32, u32)>,
    /// Top-left corner of the key's drawing area.
    pub key_origin: (i32, i32),
}

/// Gap around and between panels, in pixels.
const GAP: i32 = 24;
/// Room above each map for its title.
const PANEL_TITLE: i32 = 26;
/// Room below the maps for the scale bar.
const FOOTER: i32 = 56;

impl MapFigure {
    /// Checks that there is at least one panel and that all panels have one size.
    pub fn new(
        title: String,
        subtitle: String,
        panels: Vec<MapPanel>,
        key: Key,
        cell_size_m: f64,
    ) -> Result<Self, VizError> {
        let Some(first) = panels.first() else {
            return Err(VizError::input(&title, "no map to draw"));
        };
        if first.colours.is_empty() {
            return Err(VizError::input(&title, "the map has no cells"));
        }
        if let Some(other) = panels
            .iter()
            .find(|p| !p.colours.same_shape(&first.colours))
        {
            return Err(VizError::input(
                &title,
                format!(
                    "maps of different sizes cannot be compared side by side: {:?} is {}×{} cells, {:?} is {}×{}",
                    first.title,
                    first.colours.width(),
                    first.colours.height(),
                    other.title,
                    other.colours.width(),
                    other.colours.height()
                ),
            ));
        }
        Ok(Self {
            title,
            subtitle,
            panels,
            key,
            cell_size_m,
        })
    }

    /// The pixel size of one map: the grid fitted into a square of side
    /// `min(440, 1800 / panels)`, at least one pixel per cell side where that fits.
    pub fn panel_size(&self) -> (u32, u32) {
        let grid = &self.panels[0].colours;
        let side = (1800 / self.panels.len() as u32).clamp(160, 440) as f64;
        let scale = side / grid.width().max(grid.height()) as f64;
        let w = (grid.width() as f64 * scale).round().max(1.0) as u32;
        let h = (grid.height() as f64 * scale).round().max(1.0) as u32;
        (w, h)
    }

    /// The positions of the panels and the key.
    pub fn layout(&self) -> MapLayout {
        let (w, h) = self.panel_size();
        let top = HEADING as i32 + PANEL_TITLE;
        let panels: Vec<_> = (0..self.panels.len())
            .map(|i| (GAP + i as i32 * (w as i32 + GAP), top, w, h))
            .collect();
        let maps_right = GAP + self.panels.len() as i32 * (w as i32 + GAP);
        let key_width = self.key.width().max(120) as i32;
        let key_bottom = HEADING as i32 + self.key.height() as i32 + 80;
        let height = (top + h as i32 + FOOTER).max(key_bottom);
        MapLayout {
            size: ((maps_right + key_width + GAP) as u32, height as u32),
            panels,
            key_origin: (maps_right, HEADING as i32),
        }
    }
}

/// The cells of `colours` resampled (nearest cell) to a `width` × `height` RGB image.
pub fn panel_pixels(colours: &Grid<Option<RGBColor>>, width: u32, height: u32) -> Vec<u8> {
    let mut pixels = Vec::with_capacity(width as usize * height as usize * 3);
    let xs: Vec<usize> = (0..width as usize)
        .map(|px| (px * colours.width() / width as usize).min(colours.width() - 1))
        .collect();
    for py in 0..height as usize {
        let y = (py * colours.height() / height as usize).min(colours.height() - 1);
        let row = colours.row(y);
        for &x in &xs {
            let c = row[x].unwrap_or(NODATA_COLOUR);
            pixels.extend_from_slice(&[c.0, c.1, c.2]);
        }
    }
    pixels
}

impl Figure for MapFigure {
    fn name(&self) -> String {
        format!("map {:?}", self.title)
    }

    fn size(&self) -> (u32, u32) {
        self.layout().size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        let layout = self.layout();
        draw_heading(root, &self.title, &self.subtitle)?;
        for (panel, &(left, top, w, h)) in self.panels.iter().zip(&layout.panels) {
            root.draw(&Text::new(
                panel.title.clone(),
                (left, top - PANEL_TITLE + 4),
                text(16.0),
            ))?;
            let image = BitMapElement::with_owned_buffer(
                (left, top),
                (w, h),
                panel_pixels(&panel.colours, w, h),
            )
            .expect("panel buffer has w × h RGB pixels");
            root.draw(&image)?;
            let frame = [(left - 1, top - 1), (left + w as i32, top + h as i32)];
            root.draw(&Rectangle::new(frame, BLACK.mix(0.6)))?;
        }
        let (left, top, w, h) = layout.panels[0];
        let metres_per_pixel =
            self.cell_size_m * self.panels[0].colours.width() as f64 / f64::from(w);
        if let Some(bar) = ScaleBar::fit(metres_per_pixel, (w / 3).max(40)) {
            bar.draw(root, (left + 4, top + h as i32 + 14))?;
        }
        let (kx, ky) = layout.key_origin;
        let key_area = root.clone().shrink(
            (kx, ky),
            (layout.size.0 - kx as u32, layout.size.1 - ky as u32),
        );
        self.key.draw(&key_area)?;
        let arrow_x = kx + 24;
        let arrow_y = layout.size.1 as i32 - FOOTER - 10;
        draw_north_arrow(root, (arrow_x, arrow_y))
    }
}
