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
use crate::landcover::class_cells;
use crate::layers::LandCover;
use bevy_ecs::prelude::*;
use rayon::prelude::*;
use shanshui_engine::{Grid, Landscape, Recorder, SimClock, reduce};

/// The totals: Σ Spartina, detected Spartina cells, Σ canopy, Σ marsh, cells of
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

/// Sums per row in parallel, then adds the rows in order (deterministic); counts are
/// integers (exact).
fn totals(
    k: &CoastalClasses,
    land: &LandCover,
    s: &SpartinaCover,
    c: &MangroveCanopy,
    m: &MarshCover,
) -> Totals {
    let detect = k.params.spartina_detection_cover.get() as f32;
    let (s, c, m) = (s.0.current(), c.0.current(), m.0.current());
    let rows: Vec<[f64; 4]> = (0..s.height())
        .into_par_iter()
        .map(|y| {
            let detected = s.row(y).iter().filter(|&&v| v >= detect).count();
            let sum = |g: &Grid<f32>| reduce::sum_f64(g.row(y));
            [sum(s), detected as f64, sum(c), sum(m)]
        })
        .collect();
    let t = rows.iter().fold([0.0; 4], |mut acc, r| {
        acc.iter_mut().zip(r).for_each(|(a, b)| *a += b);
        acc
    });
    let cells = |class: u8| class_cells(land.class.current(), class) as f64;
    [
        t[0],
        t[1],
        t[2],
        t[3],
        cells(k.mangrove),
        cells(k.native_marsh),
        cells(k.mudflat),
    ]
}
