//! Coupling of the continuous coastal layers with the land-cover classes.
//!
//! Four classes of the scenario are *coastal*: mudflat, spartina, mangrove and native
//! marsh (names configurable). The layers are the truth for them: each year, after
//! growth and succession, every cell that stays coastal gets the class
//!
//! ```text
//! mangrove      if canopy ≥ mangrove_class_canopy
//! spartina      else if Spartina cover ≥ spartina_detection_cover
//! native_marsh  else if marsh cover ≥ marsh_class_cover
//! mudflat       otherwise
//! ```
//!
//! and keeps its age when the class is unchanged (age + 1), else starts at age 0.
//! Succession still governs the other classes and the moves across the border: a
//! cell that succession turns from a non-coastal class into a coastal one gets that
//! class's initial layer values (as at the start), and a coastal cell that succession
//! turns into a non-coastal class loses its coastal vegetation.
//!
//! **Ordering.** This runs in `SimSet::Competition`: succession (if any) has written
//! the land cover's next buffers in `SimSet::Succession`, the coastal models have
//! written their layers' next buffers in `SimSet::Growth`, and everything is
//! published together in `SimSet::Commit`. Without a succession plugin the next land
//! cover is first set to the current one (ages + 1), exactly what succession without
//! rules does, so that there is one writer of each buffer per phase either way.

use super::layers::{MangroveCanopy, MarshCover, SpartinaCover};
use crate::layers::{ClassTable, LandCover};
use crate::succession::CompiledRules;
use bevy_ecs::prelude::*;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use shanshui_engine::{Grid, Probability};

/// Names of the coastal classes, class thresholds, and initial layer values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CoastalClassParams {
    /// Class of bare intertidal flat. Default `"mudflat"`.
    pub mudflat: String,
    /// Class of *Spartina* stands. Default `"spartina"`.
    pub spartina: String,
    /// Class of mangrove stands. Default `"mangrove"`.
    pub mangrove: String,
    /// Class of native salt marsh. Default `"native_marsh"`.
    pub native_marsh: String,
    /// *Spartina* cover (fraction) from which a cell is detected and mapped as
    /// Spartina; also the threshold of `spartina_area_ha`. Default `0.25` (assumed:
    /// sparse stands below a quarter cover are missed in 10 m imagery, cf. the 10 m vs
    /// 0.9 m mappings of Zhou et al. 2025, LITERATURE.md §5 — calibrate).
    pub spartina_detection_cover: Probability,
    /// Mangrove canopy (fraction) from which a cell is mapped as mangrove. Default
    /// `0.5` (assumed: a stand that shades half its cell).
    pub mangrove_class_canopy: Probability,
    /// Native-marsh cover (fraction) from which a cell is mapped as native marsh.
    /// Default `0.5`.
    pub marsh_class_cover: Probability,
    /// Initial *Spartina* cover of cells of the spartina class. Default `0.8` (dense
    /// meadow; Xiao et al. 2010).
    pub initial_spartina_cover: Probability,
    /// Initial canopy of cells of the mangrove class. Default `1.0` (closed stands).
    pub initial_mangrove_canopy: Probability,
    /// Initial cover of cells of the native-marsh class. Default `0.8`.
    pub initial_marsh_cover: Probability,
}

impl Default for CoastalClassParams {
    fn default() -> Self {
        let p = |v| Probability::new(v).expect("a probability");
        Self {
            mudflat: "mudflat".into(),
            spartina: "spartina".into(),
            mangrove: "mangrove".into(),
            native_marsh: "native_marsh".into(),
            spartina_detection_cover: p(0.25),
            mangrove_class_canopy: p(0.5),
            marsh_class_cover: p(0.5),
            initial_spartina_cover: p(0.8),
            initial_mangrove_canopy: p(1.0),
            initial_marsh_cover: p(0.8),
        }
    }
}

/// A coastal parameter that names something the scenario does not define.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoastalError {
    /// A class name that is not in the scenario's class table.
    #[error("coastal.{field}: `{name}` is not a defined class")]
    UnknownClass {
        /// Parameter path, e.g. `classes.spartina`.
        field: String,
        /// The unknown name.
        name: String,
    },
    /// Tidal datums out of order.
    #[error(
        "coastal.intertidal: tidal datums must satisfy mean_low_water_m < mean_sea_level_m < \
         mean_high_water_m (got {mlw} < {msl} < {mhw})"
    )]
    Datums {
        /// Mean low water, m.
        mlw: f64,
        /// Mean sea level, m.
        msl: f64,
        /// Mean high water, m.
        mhw: f64,
    },
    /// An elevation window with `min > max` or a non-finite bound.
    #[error("coastal.{field}: elevation window [{min}, {max}] is empty or not finite")]
    Window {
        /// Parameter path.
        field: String,
        /// Lower bound, m.
        min: f64,
        /// Upper bound, m.
        max: f64,
    },
}

/// The coastal classes resolved to class indices, with thresholds and initial values.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct CoastalClasses {
    /// Index of the mudflat class.
    pub mudflat: u8,
    /// Index of the spartina class.
    pub spartina: u8,
    /// Index of the mangrove class.
    pub mangrove: u8,
    /// Index of the native-marsh class.
    pub native_marsh: u8,
    /// `coastal[class]`: whether the class index is one of the four.
    pub coastal: [bool; 256],
    /// The parameters they were resolved from.
    pub params: CoastalClassParams,
    /// Which of `spartina_area_ha`, `mangrove_area_ha`, `native_marsh_area_ha`,
    /// `mudflat_area_ha` the coastal recorder writes: those that no class of the
    /// scenario is named after (the land-cover plugin records those already).
    pub own_area_metrics: [bool; 4],
    /// The class thresholds (mangrove canopy, Spartina cover, marsh cover) as the
    /// smallest `f32` at or above each: comparing an `f32` with them is exactly
    /// comparing it, widened, with the `f64` parameter.
    thresholds: [f32; 3],
}

/// The four area metric stems, in [`CoastalClasses::own_area_metrics`] order.
pub const AREA_METRICS: [&str; 4] = ["spartina", "mangrove", "native_marsh", "mudflat"];

impl CoastalClasses {
    /// Resolves the class names of `params` against `table`.
    pub fn resolve(params: &CoastalClassParams, table: &ClassTable) -> Result<Self, CoastalError> {
        let find = |field: &str, name: &str| {
            table
                .index_of(name)
                .ok_or_else(|| CoastalError::UnknownClass {
                    field: format!("classes.{field}"),
                    name: name.to_owned(),
                })
        };
        let mudflat = find("mudflat", &params.mudflat)?;
        let spartina = find("spartina", &params.spartina)?;
        let mangrove = find("mangrove", &params.mangrove)?;
        let native_marsh = find("native_marsh", &params.native_marsh)?;
        let mut coastal = [false; 256];
        for c in [mudflat, spartina, mangrove, native_marsh] {
            coastal[usize::from(c)] = true;
        }
        Ok(Self {
            mudflat,
            spartina,
            mangrove,
            native_marsh,
            coastal,
            params: params.clone(),
            own_area_metrics: AREA_METRICS.map(|m| table.index_of(m).is_none()),
            thresholds: [
                params.mangrove_class_canopy,
                params.spartina_detection_cover,
                params.marsh_class_cover,
            ]
            .map(|p| f32_at_least(p.get())),
        })
    }

    /// The class of a coastal cell with Spartina cover `s`, marsh cover `m` and
    /// mangrove canopy `c`.
    #[inline]
    pub fn classify(&self, s: f32, m: f32, c: f32) -> u8 {
        let [canopy, cover, marsh] = self.thresholds;
        if c >= canopy {
            self.mangrove
        } else if s >= cover {
            self.spartina
        } else if m >= marsh {
            self.native_marsh
        } else {
            self.mudflat
        }
    }

    /// Whether `row` holds a cell of a coastal class (compared a block at a time,
    /// which vectorises, rather than looked up cell by cell).
    fn holds_coastal(&self, row: &[u8]) -> bool {
        let [a, b, c, d] = [
            self.mudflat,
            self.spartina,
            self.mangrove,
            self.native_marsh,
        ];
        let coastal = |v: u8| (v == a) | (v == b) | (v == c) | (v == d);
        row.chunks(64)
            .any(|block| block.iter().fold(false, |any, &v| any | coastal(v)))
    }

    /// Initial (Spartina cover, marsh cover, mangrove canopy) of a cell of `class`.
    #[inline]
    pub fn initial_layers(&self, class: u8) -> (f32, f32, f32) {
        let p = &self.params;
        let v = |q: Probability| q.get() as f32;
        match class {
            c if c == self.spartina => (v(p.initial_spartina_cover), 0.0, 0.0),
            c if c == self.native_marsh => (0.0, v(p.initial_marsh_cover), 0.0),
            c if c == self.mangrove => (0.0, 0.0, v(p.initial_mangrove_canopy)),
            _ => (0.0, 0.0, 0.0),
        }
    }

    /// The three layers (Spartina, marsh, mangrove) derived from a land-cover raster.
    pub fn layers_from(&self, cover: &Grid<u8>) -> [Grid<f32>; 3] {
        [0, 1, 2].map(|k| {
            cover.map(|&c| {
                let (s, m, g) = self.initial_layers(c);
                [s, m, g][k]
            })
        })
    }
}

/// The smallest `f32` at or above `p`: for every `f32` `v`, `v >= f32_at_least(p)`
/// exactly when `f64::from(v) >= p`.
fn f32_at_least(p: f64) -> f32 {
    let t = p as f32;
    if f64::from(t) < p { t.next_up() } else { t }
}

/// One row of the classification's mutable state.
struct RowOut<'a> {
    class: &'a mut [u8],
    age: &'a mut [u16],
    s: &'a mut [f32],
    m: &'a mut [f32],
    c: &'a mut [f32],
}

/// Derives each coastal cell's next class from the layers' next state (see the
/// module docs). Reads the committed land cover; writes the land cover's and the
/// layers' next buffers.
pub(crate) fn classify_coastal_cells(
    classes: Res<CoastalClasses>,
    succession: Option<Res<CompiledRules>>,
    mut land: ResMut<LandCover>,
    mut spartina: ResMut<SpartinaCover>,
    mut mangrove: ResMut<MangroveCanopy>,
    mut marsh: ResMut<MarshCover>,
) {
    let land = &mut *land;
    let succession_ran = succession.is_some();
    let (class_now, class_next) = land.class.split_mut();
    let (age_now, age_next) = land.age_years.split_mut();
    let (_, s_next) = spartina.0.split_mut();
    let (_, c_next) = mangrove.0.split_mut();
    let (_, m_next) = marsh.0.split_mut();
    let w = class_now.width().max(1);
    class_next
        .as_mut_slice()
        .par_chunks_mut(w)
        .zip(age_next.as_mut_slice().par_chunks_mut(w))
        .zip(s_next.as_mut_slice().par_chunks_mut(w))
        .zip(m_next.as_mut_slice().par_chunks_mut(w))
        .zip(c_next.as_mut_slice().par_chunks_mut(w))
        .enumerate()
        .for_each(|(y, ((((class, age), s), m), c))| {
            let out = RowOut {
                class,
                age,
                s,
                m,
                c,
            };
            classify_row(
                &classes,
                class_now.row(y),
                age_now.row(y),
                succession_ran,
                out,
            );
        });
}

fn classify_row(k: &CoastalClasses, now: &[u8], age_now: &[u16], succ: bool, o: RowOut) {
    if !succ {
        o.class.copy_from_slice(now);
        for (a, &n) in o.age.iter_mut().zip(age_now) {
            *a = n.saturating_add(1);
        }
    }
    if !k.holds_coastal(now) && !k.holds_coastal(o.class) {
        // Every cell is non-coastal before and after: nothing to derive or reset.
        return;
    }
    let layers = o.s.iter_mut().zip(o.m.iter_mut()).zip(o.c.iter_mut());
    let cells = (o.class.iter_mut().zip(o.age.iter_mut()))
        .zip(now.iter().zip(age_now))
        .zip(layers);
    for (((class, age), (&was, &age_was)), ((s, m), c)) in cells {
        let next = *class;
        match (k.coastal[usize::from(was)], k.coastal[usize::from(next)]) {
            (true, true) => {
                let derived = k.classify(*s, *m, *c);
                *class = derived;
                *age = if derived == was {
                    age_was.saturating_add(1)
                } else {
                    0
                };
            }
            (false, true) => (*s, *m, *c) = k.initial_layers(next),
            (true, false) => (*s, *m, *c) = (0.0, 0.0, 0.0),
            (false, false) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::f32_at_least;

    #[test]
    fn f32_thresholds_compare_like_the_f64_parameters() {
        for p in [0.0, 0.1, 0.25, 1.0 / 3.0, 0.5, 0.7, 0.999_999_99, 1.0] {
            let t = f32_at_least(p);
            for v in [
                t.next_down().next_down(),
                t.next_down(),
                t,
                t.next_up(),
                f32::NAN,
            ] {
                assert_eq!(v >= t, f64::from(v) >= p, "p {p}, v {v}");
            }
        }
    }
}
