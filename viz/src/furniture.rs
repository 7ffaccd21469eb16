//! Map furniture: a scale bar whose length is a round number of metres or kilometres,
//! computed from the grid's cell size, and a north arrow (maps are drawn north up: row 0
//! of a grid is its northern edge).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, PathElement, Polygon, Rectangle, Text};
use plotters::style::{BLACK, Color, WHITE};

use crate::font::text;
use crate::render::DrawError;

/// A scale bar: its length on the ground and on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScaleBar {
    /// Ground length in metres: 1, 2 or 5 times a power of ten.
    pub metres: f64,
    /// Screen length in pixels.
    pub pixels: i32,
}

impl ScaleBar {
    /// The longest round length not exceeding `max_pixels` on screen, for a map drawn at
    /// `metres_per_pixel`. `None` when even one metre does not fit or the scale is unknown.
    pub fn fit(metres_per_pixel: f64, max_pixels: u32) -> Option<Self> {
        if !(metres_per_pixel.is_finite() && metres_per_pixel > 0.0) {
            return None;
        }
        let max_metres = metres_per_pixel * f64::from(max_pixels);
        let power = 10f64.powf(max_metres.log10().floor());
        let metres = [5.0, 2.0, 1.0]
            .iter()
            .map(|m| m * power)
            .find(|&m| m <= max_metres)?;
        if metres < 1.0 {
            return None;
        }
        Some(Self {
            metres,
            pixels: (metres / metres_per_pixel).round() as i32,
        })
    }

    /// The length as a reader expects it: `500 m`, `2 km`.
    pub fn label(&self) -> String {
        if self.metres >= 1000.0 {
            format!("{} km", crate::legend::format_tick(self.metres / 1000.0))
        } else {
            format!("{} m", crate::legend::format_tick(self.metres))
        }
    }

    /// Draws the bar with its left end at `(x, y)` in `area`: four alternating black and
    /// white segments, `0` and the length written underneath.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        (x, y): (i32, i32),
    ) -> Result<(), DrawError> {
        let segment = self.pixels as f64 / 4.0;
        for i in 0..4 {
            let left = x + (segment * f64::from(i)).round() as i32;
            let right = x + (segment * f64::from(i + 1)).round() as i32;
            let fill = if i % 2 == 0 {
                BLACK.filled()
            } else {
                WHITE.filled()
            };
            area.draw(&Rectangle::new([(left, y), (right, y + 6)], fill))?;
        }
        area.draw(&Rectangle::new([(x, y), (x + self.pixels, y + 6)], BLACK))?;
        area.draw(&Text::new("0", (x - 3, y + 10), text(12.0)))?;
        area.draw(&Text::new(
            self.label(),
            (x + self.pixels - 8, y + 10),
            text(12.0),
        ))?;
        Ok(())
    }
}

/// Draws a north arrow whose tip is at `(x, y)` in `area`, 34 pixels tall with an `N`
/// above it.
pub fn draw_north_arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
) -> Result<(), DrawError> {
    area.draw(&Text::new("N", (x - 5, y - 18), text(15.0)))?;
    area.draw(&Polygon::new(
        vec![(x, y), (x - 9, y + 30), (x, y + 22)],
        BLACK.filled(),
    ))?;
    area.draw(&Polygon::new(
        vec![(x, y), (x + 9, y + 30), (x, y + 22)],
        WHITE.filled(),
    ))?;
    area.draw(&PathElement::new(
        vec![
            (x, y),
            (x + 9, y + 30),
            (x, y + 22),
            (x - 9, y + 30),
            (x, y),
        ],
        BLACK,
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_bars_are_round_lengths() {
        // 10 m per pixel, at most 120 pixels: 1 km in 100 pixels.
        assert_eq!(
            ScaleBar::fit(10.0, 120),
            Some(ScaleBar {
                metres: 1000.0,
                pixels: 100
            })
        );
        let bar = ScaleBar::fit(12.5, 150).unwrap();
        assert_eq!(
            (bar.metres, bar.pixels, bar.label()),
            (1000.0, 80, "1 km".to_string())
        );
        assert_eq!(ScaleBar::fit(3.0, 100).unwrap().label(), "200 m");
        assert_eq!(ScaleBar::fit(0.0, 100), None);
    }
}
