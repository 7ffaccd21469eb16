//! Animated land cover: one frame per recorded year of a strategy, each drawn as a map
//! figure (same legend, scale bar and north arrow in every frame) and encoded as a looping
//! GIF with a fixed palette: the class colours plus greys for text and lines.

use std::collections::HashMap;

use plotters::style::RGBColor;

use crate::error::VizError;
use crate::labels::display_name;
use crate::legend::Key;
use crate::maps::MapFigure;
use crate::read::{ClassEntry, MapLayer};
use crate::render::Figure;
use crate::thematic::{UNCHANGED_COLOUR, UNKNOWN_CLASS_COLOUR, class_legend, land_cover_maps};

/// One year of a strategy's land cover.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Simulated year shown in the frame's heading.
    pub year: f64,
    /// Land-cover codes.
    pub layer: MapLayer<u8>,
}

/// Time each frame is shown, in hundredths of a second; the last frame stays three times
/// as long so the final state can be read.
pub const FRAME_DELAY_CS: u16 = 70;

/// The map figures of the animation, one per frame in year order, all with the legend of
/// every class present in any frame, so every frame has the same size.
pub fn animation_figures(
    strategy: &str,
    frames: &[Frame],
    classes: &[ClassEntry],
) -> Result<Vec<MapFigure>, VizError> {
    let legend = class_legend("Land cover", classes, frames.iter().map(|f| &f.layer.cells));
    let mut ordered: Vec<&Frame> = frames.iter().collect();
    ordered.sort_by(|a, b| a.year.total_cmp(&b.year));
    ordered
        .into_iter()
        .map(|frame| {
            let title = format!(
                "Land cover — {}, year {}",
                display_name(strategy),
                crate::legend::format_tick(frame.year)
            );
            let mut figure =
                land_cover_maps(&title, &[(strategy.to_string(), &frame.layer)], classes)?;
            figure.key = Key::Legend(legend.clone());
            Ok(figure)
        })
        .collect()
}

/// The GIF palette: white, black, 32 greys, every class colour, the unknown-class and
/// unchanged colours; duplicates removed, at most 256 entries.
pub fn gif_palette(classes: &[ClassEntry]) -> Vec<RGBColor> {
    let greys = (1..=32u8).map(|i| {
        let v = i * 7 + 8;
        RGBColor(v, v, v)
    });
    let fixed = [RGBColor(255, 255, 255), RGBColor(0, 0, 0)]
        .into_iter()
        .chain(greys);
    let mut palette: Vec<RGBColor> = Vec::with_capacity(256);
    let extra = [UNKNOWN_CLASS_COLOUR, UNCHANGED_COLOUR];
    for colour in fixed.chain(classes.iter().map(|c| c.colour)).chain(extra) {
        if palette.len() < 256 && !palette.contains(&colour) {
            palette.push(colour);
        }
    }
    palette
}

/// Index of the palette colour nearest to `pixel` (squared RGB distance; ties go to the
/// earlier entry).
fn nearest(palette: &[RGBColor], pixel: [u8; 3]) -> u8 {
    let distance = |c: &RGBColor| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(c.0, pixel[0]) + d(c.1, pixel[1]) + d(c.2, pixel[2])
    };
    let (index, _) = palette
        .iter()
        .enumerate()
        .min_by_key(|(i, c)| (distance(c), *i))
        .expect("palette is not empty");
    index as u8
}

/// Renders the land cover `frames` of `strategy` as a looping animated GIF.
pub fn land_cover_gif(
    strategy: &str,
    frames: &[Frame],
    classes: &[ClassEntry],
) -> Result<Vec<u8>, VizError> {
    let name = format!("animation of {strategy}");
    if frames.is_empty() {
        return Err(VizError::input(&name, "no frames"));
    }
    let figures = animation_figures(strategy, frames, classes)?;
    let palette = gif_palette(classes);
    let flat: Vec<u8> = palette.iter().flat_map(|c| [c.0, c.1, c.2]).collect();
    let (width, height) = figures[0].size();
    let (w16, h16) = match (u16::try_from(width), u16::try_from(height)) {
        (Ok(w), Ok(h)) => (w, h),
        _ => {
            return Err(VizError::input(
                &name,
                format!("{width}×{height} pixels is too large for a GIF"),
            ));
        }
    };
    let encode_error = |e: gif::EncodingError| VizError::Encode {
        figure: name.clone(),
        source: Box::new(e),
    };
    let mut bytes = Vec::new();
    {
        let mut encoder = gif::Encoder::new(&mut bytes, w16, h16, &flat).map_err(encode_error)?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(encode_error)?;
        let mut memo: HashMap<[u8; 3], u8> = HashMap::new();
        let last = figures.len() - 1;
        for (i, figure) in figures.iter().enumerate() {
            let image = figure.rgb()?;
            // Pixels come in runs of one colour: only a new colour is looked up.
            let mut run: Option<([u8; 3], u8)> = None;
            let indices: Vec<u8> = image
                .pixels()
                .map(|p| match run {
                    Some((colour, index)) if colour == p.0 => index,
                    _ => {
                        let index = *memo.entry(p.0).or_insert_with(|| nearest(&palette, p.0));
                        run = Some((p.0, index));
                        index
                    }
                })
                .collect();
            let frame = gif::Frame {
                width: w16,
                height: h16,
                delay: if i == last {
                    FRAME_DELAY_CS * 3
                } else {
                    FRAME_DELAY_CS
                },
                buffer: std::borrow::Cow::Owned(indices),
                ..gif::Frame::default()
            };
            encoder.write_frame(&frame).map_err(encode_error)?;
        }
    }
    Ok(bytes)
}
