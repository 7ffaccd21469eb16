//! The intertidal environment: tidal datums, the inundation layer derived from
//! elevation, and the yearly change of elevation by sea-level rise and accretion.
//!
//! **Inundation.** The tide is a sinusoid between mean low water (MLW) and mean high
//! water (MHW): `h(t) = M + A sin(ωt)`, `M = (MLW + MHW)/2`, `A = (MHW − MLW)/2`. The
//! fraction of time a cell at elevation `z` is under water is
//!
//! ```text
//! f(z) = 1                          for z ≤ MLW
//! f(z) = arccos((z − M) / A) / π    for MLW < z < MHW
//! f(z) = 0                          for z ≥ MHW
//! ```
//!
//! so `f = ½` at mid-tide level (= MSL for a symmetric tide), and it falls smoothly to 0
//! at MHW. Spring–neap cycles are ignored: `f` is a mean hydroperiod index.
//!
//! **Relative elevation change.** Each year, in `SimSet::Environment`, every cell's
//! elevation relative to the datums changes by `accretion(class) − sea-level rise`
//! (both mm/yr; the land cover is the committed one), and the inundation is updated.
//! The datums stay fixed, so elevation windows written in m rel. MSL (succession rules,
//! species niches) keep their meaning as the flats drown or build up.

mod params;
#[cfg(test)]
mod tests;

pub use params::IntertidalParams;

use super::classes::CoastalError;
use super::layers::Inundation;
use crate::layers::{ClassTable, Elevation, LandCover};
use bevy_ecs::prelude::*;
use rayon::prelude::*;
use shanshui_engine::{Grid, InitialMemo, Plugin, Sim, SimSet};

/// The tide and the yearly elevation change, resolved for the per-cell loop.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Tide {
    /// Mean low water, m.
    pub mlw: f32,
    /// Mean high water, m.
    pub mhw: f32,
    /// Elevation change per year by class index, m (accretion − sea-level rise).
    pub change_m_per_year: [f32; 256],
}

impl Tide {
    /// Fraction of time a cell at elevation `z` (m) is submerged (module docs).
    #[inline]
    pub fn inundation(&self, z: f32) -> f32 {
        let (mid, amplitude) = ((self.mlw + self.mhw) * 0.5, (self.mhw - self.mlw) * 0.5);
        ((z - mid) / amplitude).clamp(-1.0, 1.0).acos() * std::f32::consts::FRAC_1_PI
    }

    /// Whether elevations change at all.
    pub fn changes(&self) -> bool {
        self.change_m_per_year.iter().any(|&d| d != 0.0)
    }
}

/// The intertidal model: inserts [`Tide`] and [`Inundation`], and moves elevations
/// each year when sea level rises or sediment accretes. Needs the `Elevation`
/// resource; accretion by class also needs `LandCover`.
#[derive(Debug, Clone)]
pub struct IntertidalPlugin {
    tide: Tide,
    /// The inundation of the first elevation raster built on, shared by clones.
    inundation: InitialMemo<Grid<f32>, Grid<f32>>,
}

impl IntertidalPlugin {
    /// Checks the datums and resolves the accretion class names against `classes`.
    pub fn new(params: &IntertidalParams, classes: &ClassTable) -> Result<Self, CoastalError> {
        let (mlw, msl, mhw) = (
            params.mean_low_water_m,
            params.mean_sea_level_m,
            params.mean_high_water_m,
        );
        if !(mlw < msl && msl < mhw) {
            return Err(CoastalError::Datums { mlw, msl, mhw });
        }
        let slr = params.sea_level_rise_mm_per_year / 1000.0;
        let mut change = [-slr as f32; 256];
        for (name, mm) in &params.accretion_mm_per_year {
            let class = classes
                .index_of(name)
                .ok_or_else(|| CoastalError::UnknownClass {
                    field: format!("intertidal.accretion_mm_per_year.{name}"),
                    name: name.clone(),
                })?;
            change[usize::from(class)] = (mm / 1000.0 - slr) as f32;
        }
        Ok(Self {
            tide: Tide {
                mlw: mlw as f32,
                mhw: mhw as f32,
                change_m_per_year: change,
            },
            inundation: InitialMemo::default(),
        })
    }

    /// The resolved tide.
    pub fn tide(&self) -> &Tide {
        &self.tide
    }
}

impl Plugin for IntertidalPlugin {
    fn build(&self, sim: &mut Sim) {
        let elevation = sim
            .world
            .get_resource::<Elevation>()
            .expect("the intertidal model needs the Elevation resource; insert it first");
        let z = &elevation.0;
        let inundation = (self.inundation).get(z, || z.map(|&z| self.tide.inundation(z)));
        sim.world.insert_resource(Inundation(inundation));
        sim.world.insert_resource(self.tide.clone());
        if self.tide.changes() {
            sim.add_systems(update_intertidal.in_set(SimSet::Environment));
        }
    }
}

/// Moves each cell's elevation by its class's yearly change and updates the
/// inundation. Reads the committed land cover; writes `Elevation` and `Inundation`.
pub(crate) fn update_intertidal(
    tide: Res<Tide>,
    land: Res<LandCover>,
    mut elevation: ResMut<Elevation>,
    mut inundation: ResMut<Inundation>,
) {
    let (tide, classes) = (&*tide, land.class.current());
    let w = classes.width().max(1);
    elevation
        .0
        .as_mut_slice()
        .par_chunks_mut(w)
        .zip(inundation.0.as_mut_slice().par_chunks_mut(w))
        .enumerate()
        .for_each(|(y, (z_row, f_row))| {
            for ((z, f), &c) in z_row.iter_mut().zip(f_row).zip(classes.row(y)) {
                *z += tide.change_m_per_year[usize::from(c)];
                *f = tide.inundation(*z);
            }
        });
}
