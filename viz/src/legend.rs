//! Keys that explain colours: a legend of labelled swatches (strategies, land-cover
//! classes) and a colour bar for continuous maps. Each key knows where it draws every
//! swatch, so tests can check the pixels of what a reader sees.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, PathElement, Rectangle, Text};
use plotters::style::{BLACK, Color, RGBColor, ShapeStyle};

use crate::font::{note, text};
use crate::palette::ColourScale;
use crate::render::DrawError;

/// What a legend entry shows next to its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    /// A line sample, solid or dashed (chart series).
    Line {
        /// Line colour.
        colour: RGBColor,
        /// Dashed or solid.
        dashed: bool,
    },
    /// A filled square (map classes).
    Fill(RGBColor),
}

/// One labelled swatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegendEntry {
    /// The text beside the swatch.
    pub label: String,
    /// The swatch.
    pub swatch: Swatch,
}

/// A titled list of swatches, drawn top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Legend {
    /// Heading above the entries (may be empty).
    pub title: String,
    /// The entries in drawing order.
    pub entries: Vec<LegendEntry>,
}

/// Height of one legend row in pixels.
const ROW: i32 = 22;
/// Side of a fill swatch in pixels.
const SWATCH: i32 = 16;

impl Legend {
    /// Width in pixels that the legend needs for its longest label.
    pub fn width(&self) -> u32 {
        let longest = self
            .entries
            .iter()
            .map(|e| e.label.chars().count())
            .chain(std::iter::once(self.title.chars().count()))
            .max()
            .unwrap_or(0);
        40 + 8 * longest as u32
    }

    /// Height in pixels of the title and all entries.
    pub fn height(&self) -> u32 {
        30 + ROW as u32 * self.entries.len() as u32
    }

    /// The swatch of entry `index`, as `(left, top, right, bottom)` pixels relative to the
    /// legend's drawing area.
    pub fn swatch_rect(&self, index: usize) -> (i32, i32, i32, i32) {
        let top = 30 + ROW * index as i32;
        (4, top, 4 + SWATCH + 6, top + SWATCH)
    }

    /// Draws the legend in `area`, from its top-left corner.
    pub fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        area.draw(&Text::new(self.title.clone(), (4, 6), text(15.0)))?;
        for (index, entry) in self.entries.iter().enumerate() {
            let (left, top, right, bottom) = self.swatch_rect(index);
            match entry.swatch {
                Swatch::Fill(colour) => {
                    area.draw(&Rectangle::new(
                        [(left, top), (right, bottom)],
                        colour.filled(),
                    ))?;
                    area.draw(&Rectangle::new(
                        [(left, top), (right, bottom)],
                        BLACK.mix(0.4),
                    ))?;
                }
                Swatch::Line { colour, dashed } => {
                    let style = ShapeStyle::from(colour).stroke_width(3);
                    let y = (top + bottom) / 2;
                    if dashed {
                        for x in (left..right).step_by(8) {
                            area.draw(&PathElement::new(
                                vec![(x, y), ((x + 4).min(right), y)],
                                style,
                            ))?;
                        }
                    } else {
                        area.draw(&PathElement::new(vec![(left, y), (right, y)], style))?;
                    }
                }
            }
            area.draw(&Text::new(
                entry.label.clone(),
                (right + 8, top + 1),
                text(14.0),
            ))?;
        }
        Ok(())
    }
}

/// A vertical colour bar with tick labels, for a continuous [`ColourScale`].
#[derive(Debug, Clone, PartialEq)]
pub struct ColourBar {
    /// Heading above the bar (the quantity and its unit).
    pub title: String,
    /// The colours and the value range they span.
    pub scale: ColourScale,
}

impl ColourBar {
    /// Width in pixels the bar and its labels need.
    pub fn width(&self) -> u32 {
        (90 + 8 * self.title.chars().count() as u32).min(220)
    }

    /// The bar's `(left, top, right, bottom)` pixels relative to its drawing area.
    pub fn bar_rect(&self) -> (i32, i32, i32, i32) {
        (6, 32, 26, 272)
    }

    /// Draws the bar in `area`: maximum at the top, five evenly spaced tick labels.
    pub fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        area.draw(&Text::new(self.title.clone(), (4, 6), text(15.0)))?;
        let (left, top, right, bottom) = self.bar_rect();
        let span = f64::from(bottom - top);
        for y in top..bottom {
            let t = 1.0 - f64::from(y - top) / span;
            let colour = self
                .scale
                .colour(self.scale.min + t * (self.scale.max - self.scale.min));
            area.draw(&Rectangle::new(
                [(left, y), (right, y + 1)],
                colour.filled(),
            ))?;
        }
        area.draw(&Rectangle::new(
            [(left, top), (right, bottom)],
            BLACK.mix(0.5),
        ))?;
        for tick in 0..=4 {
            let t = f64::from(tick) / 4.0;
            let value = self.scale.min + t * (self.scale.max - self.scale.min);
            let y = bottom - (t * span).round() as i32;
            area.draw(&PathElement::new(vec![(right, y), (right + 4, y)], BLACK))?;
            area.draw(&Text::new(
                format_tick(value),
                (right + 7, y - 7),
                note(13.0),
            ))?;
        }
        Ok(())
    }
}

/// A key: a legend of classes or a colour bar.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// Categorical.
    Legend(Legend),
    /// Continuous.
    ColourBar(ColourBar),
}

impl Key {
    /// Width in pixels the key needs.
    pub fn width(&self) -> u32 {
        match self {
            Self::Legend(legend) => legend.width(),
            Self::ColourBar(bar) => bar.width(),
        }
    }

    /// Height in pixels the key needs.
    pub fn height(&self) -> u32 {
        match self {
            Self::Legend(legend) => legend.height(),
            Self::ColourBar(_) => 300,
        }
    }

    /// Draws the key in `area`.
    pub fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        match self {
            Self::Legend(legend) => legend.draw(area),
            Self::ColourBar(bar) => bar.draw(area),
        }
    }
}

/// A tick label with as few digits as make it readable: millions as `2.5 M`, very large
/// or very small magnitudes in scientific notation.
pub fn format_tick(value: f64) -> String {
    let trimmed = |text: String| {
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            text
        }
    };
    let magnitude = value.abs();
    if magnitude == 0.0 {
        "0".to_string()
    } else if !(1e-3..1e12).contains(&magnitude) {
        format!("{value:.2e}")
    } else if magnitude >= 1e9 {
        format!("{} G", trimmed(format!("{:.2}", value / 1e9)))
    } else if magnitude >= 1e6 {
        format!("{} M", trimmed(format!("{:.2}", value / 1e6)))
    } else if magnitude >= 100.0 {
        format!("{value:.0}")
    } else if magnitude >= 1.0 {
        trimmed(format!("{value:.2}"))
    } else {
        trimmed(format!("{value:.3}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_short() {
        assert_eq!(format_tick(0.0), "0");
        assert_eq!(format_tick(0.25), "0.25");
        assert_eq!(format_tick(1.5), "1.5");
        assert_eq!(format_tick(1234.4), "1234");
        assert_eq!(format_tick(-2.0), "-2");
        assert_eq!(format_tick(2.5e7), "25 M");
        assert_eq!(format_tick(4.6e9), "4.6 G");
        assert_eq!(format_tick(3e13), "3.00e13");
        assert_eq!(format_tick(0.0001), "1.00e-4");
    }
}
