//! Colours: the fixed, colour-blind-safe palette of strategies (Okabe & Ito 2008), the
//! neutral style that always marks natural recovery, colour ramps for continuous maps and
//! the parsing of class colours (`#rrggbb`).

use plotters::style::RGBColor;

/// Name of the baseline strategy every run contains.
pub const BASELINE: &str = "natural_recovery";

/// Dark grey: natural recovery, in every chart.
pub const NEUTRAL: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);

/// Okabe–Ito colours in the order strategies receive them (yellow last: it is faint on
/// white). Distinguishable with the common colour-vision deficiencies.
pub const STRATEGY_COLOURS: [RGBColor; 7] = [
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0x56, 0xb4, 0xe9),
    RGBColor(0xf0, 0xe4, 0x42),
];

/// How one strategy's series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesStyle {
    /// Line and band colour.
    pub colour: RGBColor,
    /// Dashed line (natural recovery) or solid.
    pub dashed: bool,
}

/// Styles for `strategies` in their order: the baseline gets [`NEUTRAL`] and a dashed
/// line; the others take [`STRATEGY_COLOURS`] in turn, so a strategy's colour depends only
/// on its position in the run's strategy list, the same in every chart.
pub fn strategy_styles<S: AsRef<str>>(strategies: &[S]) -> Vec<SeriesStyle> {
    let mut next = 0;
    strategies
        .iter()
        .map(|name| {
            if name.as_ref() == BASELINE {
                SeriesStyle {
                    colour: NEUTRAL,
                    dashed: true,
                }
            } else {
                let colour = STRATEGY_COLOURS[next % STRATEGY_COLOURS.len()];
                next += 1;
                SeriesStyle {
                    colour,
                    dashed: false,
                }
            }
        })
        .collect()
}

/// Parses `#rrggbb` (the `colour` column of `classes.csv`).
pub fn parse_hex_colour(text: &str) -> Option<RGBColor> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(RGBColor(channel(0)?, channel(2)?, channel(4)?))
}

/// Formats a colour as `#rrggbb`.
pub fn hex_colour(colour: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", colour.0, colour.1, colour.2)
}

/// A continuous colour ramp, evaluated on `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ramp {
    /// Viridis (perceptually uniform, colour-blind safe): probabilities, cover, KPIs.
    Viridis,
    /// Blue – near white – red (ColorBrewer RdBu reversed): differences around zero.
    Diverging,
}

impl Ramp {
    fn stops(self) -> &'static [RGBColor] {
        const VIRIDIS: [RGBColor; 9] = [
            RGBColor(0x44, 0x01, 0x54),
            RGBColor(0x47, 0x2d, 0x7b),
            RGBColor(0x3b, 0x52, 0x8b),
            RGBColor(0x2c, 0x72, 0x8e),
            RGBColor(0x21, 0x91, 0x8c),
            RGBColor(0x28, 0xae, 0x80),
            RGBColor(0x5e, 0xc9, 0x62),
            RGBColor(0xad, 0xdc, 0x30),
            RGBColor(0xfd, 0xe7, 0x25),
        ];
        const DIVERGING: [RGBColor; 7] = [
            RGBColor(0x21, 0x66, 0xac),
            RGBColor(0x67, 0xa9, 0xcf),
            RGBColor(0xd1, 0xe5, 0xf0),
            RGBColor(0xf7, 0xf7, 0xf7),
            RGBColor(0xfd, 0xdb, 0xc7),
            RGBColor(0xef, 0x8a, 0x62),
            RGBColor(0xb2, 0x18, 0x2b),
        ];
        match self {
            Self::Viridis => &VIRIDIS,
            Self::Diverging => &DIVERGING,
        }
    }

    /// The colour at `t`, clamped to `[0, 1]` (NaN gives the lowest colour).
    pub fn at(self, t: f64) -> RGBColor {
        let stops = self.stops();
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let pos = t * (stops.len() - 1) as f64;
        let i = (pos.floor() as usize).min(stops.len() - 2);
        let f = pos - i as f64;
        let (a, b) = (stops[i], stops[i + 1]);
        let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
        RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}

/// A ramp stretched over a value range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColourScale {
    /// The ramp.
    pub ramp: Ramp,
    /// Value drawn with the ramp's first colour.
    pub min: f64,
    /// Value drawn with the ramp's last colour.
    pub max: f64,
}

impl ColourScale {
    /// Probabilities and fractions: viridis over `[0, 1]`.
    pub const UNIT: Self = Self {
        ramp: Ramp::Viridis,
        min: 0.0,
        max: 1.0,
    };

    /// A diverging scale symmetric around zero that covers `±extent`.
    pub fn symmetric(extent: f64) -> Self {
        let extent = if extent.is_finite() && extent > 0.0 {
            extent
        } else {
            1.0
        };
        Self {
            ramp: Ramp::Diverging,
            min: -extent,
            max: extent,
        }
    }

    /// The colour of `value`.
    pub fn colour(&self, value: f64) -> RGBColor {
        let span = self.max - self.min;
        let t = if span > 0.0 {
            (value - self.min) / span
        } else {
            0.5
        };
        self.ramp.at(t)
    }

    /// [`Self::colour`] of each value (`None` stays `None`). Maps hold few distinct
    /// values (zeros, replicate shares `k/n`), so colours are remembered in a small
    /// cache keyed by the value's bits: the same colours for a fraction of the work.
    pub fn colours(&self, values: &[Option<f64>]) -> Vec<Option<RGBColor>> {
        let mut cache: [Option<(u64, RGBColor)>; 64] = [None; 64];
        let mut colour = |v: f64| {
            let bits = v.to_bits();
            let slot = &mut cache
                [((bits ^ bits >> 32).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize];
            match *slot {
                Some((b, c)) if b == bits => c,
                _ => {
                    let c = self.colour(v);
                    *slot = Some((bits, c));
                    c
                }
            }
        };
        values.iter().map(|v| v.map(&mut colour)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_is_neutral_and_others_follow_the_palette() {
        let styles = strategy_styles(&["natural_recovery", "removal", "planting"]);
        assert_eq!(
            styles[0],
            SeriesStyle {
                colour: NEUTRAL,
                dashed: true
            }
        );
        assert_eq!(styles[1].colour, STRATEGY_COLOURS[0]);
        assert_eq!(styles[2].colour, STRATEGY_COLOURS[1]);
        assert!(!styles[1].dashed);
    }

    #[test]
    fn hex_colours_parse_and_print() {
        assert_eq!(
            parse_hex_colour("#1f5F8b"),
            Some(RGBColor(0x1f, 0x5f, 0x8b))
        );
        assert_eq!(parse_hex_colour("1f5f8b"), None);
        assert_eq!(parse_hex_colour("#1f5f8"), None);
        assert_eq!(parse_hex_colour("#gg5f8b"), None);
        assert_eq!(hex_colour(RGBColor(1, 2, 255)), "#0102ff");
    }

    #[test]
    fn ramps_hit_their_ends_and_clamp() {
        assert_eq!(Ramp::Viridis.at(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(Ramp::Viridis.at(1.0), RGBColor(0xfd, 0xe7, 0x25));
        assert_eq!(Ramp::Viridis.at(7.0), Ramp::Viridis.at(1.0));
        assert_eq!(
            ColourScale::symmetric(2.0).colour(0.0),
            RGBColor(0xf7, 0xf7, 0xf7)
        );
    }
}
