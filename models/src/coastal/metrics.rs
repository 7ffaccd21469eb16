//! The coastal metrics, recorded at year 0 and after every step.
//!
//! Always: `spartina_cover_ha` (Σ cover × cell area), `mangrove_canopy_ha` and
//! `native_marsh_cover_ha` (likewise). The class areas `spartina_area_ha`,
//! `mangrove_area_ha`, `native_marsh_area_ha` and `mudflat_area_ha` are recorded here
//! only when the scenario has no class of that name — otherwise the land-cover
//! plugin already records them as `<class>_area_ha`, and they mean the same thing,
//! because the coastal classes are derived from the layers (`classes.rs`). Here
//! `spartina_area_ha` counts cells with cover ≥ the detection threshold; the
//! land-cover class area differs only where a mangrove canopy above its class
//! threshold overtops Spartina in the same cell.

use super::classes::{AREA_METRICS, CoastalClasses};
use super::layers::{MangroveCanopy, MarshCover, SpartinaCover};
use crate::layers::LandCover;
use bevy_ecs::prelude::*;
use rayon::prelude::*;
use shanshui_engine::{Landscape, Recorder, SimClock};

/// Per-row totals: Σ Spartina, detected Spartina cells, Σ canopy, Σ marsh, cells of
/// the mangrove, native-marsh and mudflat classes.
type Totals = [f64; 7];

/// Records the coastal metrics of the committed state (module docs).
pub(crate) fn record_coastal_metrics(
    clock: Res<SimClock>,
    landscape: Res<Landscape>,
    classes: Res<CoastalClasses>,
    land: Res<LandCover>,
    (spartina, mangrove, marsh): (Res<SpartinaCover>, Res<MangroveCanopy>, Res<MarshCover>),
    mut recorder: ResMut<Recorder>,
) {
    let t = totals(&classes, &land, &spartina, &mangrove, &marsh);
    let (year, cell_ha) = (clock.year(), landscape.cell_area_ha());
    recorder.record(year, "spartina_cover_ha", t[0] * cell_ha);
    recorder.record(year, "mangrove_canopy_ha", t[2] * cell_ha);
    recorder.record(year, "native_marsh_cover_ha", t[3] * cell_ha);
    let areas = [t[1], t[4], t[5], t[6]];
    for ((stem, own), cells) in AREA_METRICS.iter().zip(classes.own_area_metrics).zip(areas) {
        if own {
            recorder.record(year, &format!("{stem}_area_ha"), cells * cell_ha);
        }
    }
}

/// Sums per row in parallel, then adds the rows in order (deterministic).
fn totals(
    k: &CoastalClasses,
    land: &LandCover,
    s: &SpartinaCover,
    c: &MangroveCanopy,
    m: &MarshCover,
) -> Totals {
    let class = land.class.current();
    let detect = k.params.spartina_detection_cover.get() as f32;
    let (s, c, m) = (s.0.current(), c.0.current(), m.0.current());
    let rows: Vec<Totals> = (0..class.height())
        .into_par_iter()
        .map(|y| {
            // Sums of values in f64, in column order; counts as integers (exact, and
            // equal to the f64 sums of ones they replace).
            let (mut sums, mut counts) = ([0.0f64; 3], [0u32; 4]);
            let cells = class
                .row(y)
                .iter()
                .zip(s.row(y))
                .zip(c.row(y))
                .zip(m.row(y));
            for (((&cl, &s), &c), &m) in cells {
                sums[0] += f64::from(s);
                sums[1] += f64::from(c);
                sums[2] += f64::from(m);
                counts[0] += u32::from(s >= detect);
                counts[1] += u32::from(cl == k.mangrove);
                counts[2] += u32::from(cl == k.native_marsh);
                counts[3] += u32::from(cl == k.mudflat);
            }
            let n = counts.map(f64::from);
            [sums[0], n[0], sums[1], sums[2], n[1], n[2], n[3]]
        })
        .collect();
    rows.iter().fold([0.0; 7], |mut acc, r| {
        acc.iter_mut().zip(r).for_each(|(a, b)| *a += b);
        acc
    })
}
