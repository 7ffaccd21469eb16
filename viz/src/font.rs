//! The bundled font. Text is drawn with DejaVu Sans, compiled into the crate
//! (`assets/fonts/DejaVuSans.ttf`, Bitstream Vera licence beside it), so a chart looks the
//! same on every machine and no system font is looked up at run time.

use std::sync::OnceLock;

use plotters::style::{BLACK, FontFamily, FontStyle, RGBColor, TextStyle, register_font};

/// Colour of secondary text.
const GREY: RGBColor = RGBColor(0x59, 0x59, 0x59);

/// DejaVu Sans 2.37, as shipped by Debian's `fonts-dejavu-core`.
static DEJAVU_SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// The family every text element of the crate uses: plotters' generic sans-serif name,
/// bound to the bundled font by [`ensure_font`].
pub const FAMILY: FontFamily<'static> = FontFamily::SansSerif;

/// Registers the bundled font with plotters once per process. Every renderer calls it
/// before drawing, so callers never need to.
pub fn ensure_font() {
    static REGISTERED: OnceLock<()> = OnceLock::new();
    REGISTERED.get_or_init(|| {
        // The font is a fixed, valid TrueType file compiled in; failing to parse it is a
        // build defect, caught by this crate's tests.
        register_font(FAMILY.as_str(), FontStyle::Normal, DEJAVU_SANS)
            .unwrap_or_else(|_| panic!("the bundled DejaVu Sans font does not parse"));
    });
}

/// Black text of `size` pixels in the bundled font.
pub fn text(size: f64) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size)).color(&BLACK)
}

/// Grey text of `size` pixels, for secondary labels (units, notes).
pub fn note(size: f64) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size)).color(&GREY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_registers_and_measures_text() {
        ensure_font();
        let (w, h) = text(20.0).font.box_size("Shanshui").expect("text measures");
        assert!(w > 50 && h > 10, "text box {w}×{h}");
    }
}
