//! Coastal dynamics: the intertidal environment, *Spartina alterniflora* invasion,
//! mangroves and native salt marsh, as dense `f32` layers coupled to the land cover.
//!
//! | model | layer | phase | module |
//! |---|---|---|---|
//! | intertidal | `Elevation` (moved), [`Inundation`] | Environment | [`intertidal`] |
//! | Spartina | [`SpartinaCover`] + seed rain | Dispersal, Growth | [`spartina`] |
//! | mangrove | [`MangroveCanopy`] | Growth | [`mangrove`] |
//! | native marsh | [`MarshCover`] | Growth | [`marsh`] |
//! | classes | `LandCover` (coastal cells) | Competition | [`CoastalClasses`] |
//! | metrics | — | Record (and year 0) | `metrics.rs` |
//!
//! Within a year every species reads the others' *committed* layers (last year's
//! state, plus any management edits) and writes only its own next buffer, so the
//! order of the growth systems does not change the result; they are ordered
//! (mangrove → marsh → Spartina, [`CoastalSystems`]) only because the schedule
//! refuses unordered readers and writers of one resource. All layers are published
//! in `SimSet::Commit`.
//!
//! [`Stochasticity::MeanField`] replaces every random event by its expectation, for
//! analysis and for the theory tests (Fisher–KPP speed, thin- vs fat-tailed kernels).
//!
//! [`CoastalPlugin`] composes everything from one [`CoastalParams`]; the species
//! plugins can also be used alone.

mod classes;
mod convolve;
pub mod intertidal;
mod kernel;
mod layers;
mod local;
pub mod mangrove;
pub mod marsh;
mod metrics;
mod poisson;
pub mod spartina;
#[cfg(test)]
mod tests;

pub use classes::{AREA_METRICS, CoastalClassParams, CoastalClasses, CoastalError};
pub use intertidal::{IntertidalParams, IntertidalPlugin, Tide};
pub use kernel::SeedKernel;
pub use layers::{Inundation, MangroveCanopy, MarshCover, SpartinaCover, Stochasticity};
pub(crate) use local::row_span;
pub use mangrove::{MangroveParams, MangrovePlugin};
pub use marsh::{MarshParams, MarshPlugin};
pub use spartina::{LongDistance, SpartinaParams, SpartinaPlugin};

use crate::layers::{ClassTable, LandCover};
use crate::succession::ElevationWindow;
use bevy_ecs::component::{Component, Mutable};
use bevy_ecs::prelude::*;
use serde::{Deserialize, Serialize};
use shanshui_engine::{DoubleBuffered, Grid, InitialMemo, Landscape, Plugin, Sim, SimSet};

/// Order of the coastal growth systems inside `SimSet::Growth`.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoastalSystems {
    /// Mangrove establishment and growth.
    Mangrove,
    /// Native-marsh growth.
    Marsh,
    /// Spartina growth and recruitment.
    Spartina,
}

/// A double-buffered cover layer of one coastal species.
pub(crate) trait CoverLayer: Resource + Component<Mutability = Mutable> {
    fn wrap(buffers: DoubleBuffered<f32>) -> Self;
    fn buffers(&mut self) -> &mut DoubleBuffered<f32>;
}

macro_rules! cover_layer {
    ($($t:ty),*) => {$(
        impl CoverLayer for $t {
            fn wrap(buffers: DoubleBuffered<f32>) -> Self {
                Self(buffers)
            }
            fn buffers(&mut self) -> &mut DoubleBuffered<f32> {
                &mut self.0
            }
        }
    )*};
}
cover_layer!(SpartinaCover, MangroveCanopy, MarshCover);

/// Inserts a zero layer `L` and its commit system, unless `L` is already present.
pub(crate) fn ensure_layer<L: CoverLayer>(sim: &mut Sim) {
    if sim.world.contains_resource::<L>() {
        return;
    }
    let land = *sim.world.resource::<Landscape>();
    let zero = Grid::filled(land.width, land.height, 0.0);
    sim.world
        .insert_resource(L::wrap(DoubleBuffered::new(zero)));
    sim.add_systems(commit_layer::<L>.in_set(SimSet::Commit));
}

/// Publishes a layer's next state.
fn commit_layer<L: CoverLayer>(mut layer: ResMut<L>) {
    layer.buffers().commit();
}

/// The whole coastal stack, as written in a scenario's `coastal` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CoastalParams {
    /// Stochastic or mean-field dynamics. Default `Stochastic`.
    pub mode: Stochasticity,
    /// The coastal classes, class thresholds and initial layer values.
    pub classes: CoastalClassParams,
    /// Tidal datums, sea-level rise and accretion.
    pub intertidal: IntertidalParams,
    /// *Spartina alterniflora*; `None` leaves its layer at zero. Default: on.
    pub spartina: Option<SpartinaParams>,
    /// Mangroves; `None` leaves the canopy at zero. Default: on.
    pub mangrove: Option<MangroveParams>,
    /// Native salt marsh; `None` leaves its layer at zero. Default: on.
    pub marsh: Option<MarshParams>,
}

impl Default for CoastalParams {
    fn default() -> Self {
        Self {
            mode: Stochasticity::default(),
            classes: CoastalClassParams::default(),
            intertidal: IntertidalParams::default(),
            spartina: Some(SpartinaParams::default()),
            mangrove: Some(MangroveParams::default()),
            marsh: Some(MarshParams::default()),
        }
    }
}

/// The coastal stack: intertidal environment, the three species, the coupling with
/// the land cover and the metrics. Add it after `LandCoverPlugin` (and after
/// `SuccessionPlugin`, if any) and after inserting `Elevation`.
#[derive(Debug, Clone)]
pub struct CoastalPlugin {
    params: CoastalParams,
    classes: CoastalClasses,
    intertidal: IntertidalPlugin,
    /// The layers derived from the first initial land cover built on, shared by clones.
    initial_layers: InitialMemo<Grid<u8>, [Grid<f32>; 3]>,
}

impl CoastalPlugin {
    /// Resolves class names against `table` and checks datums and windows.
    pub fn new(params: &CoastalParams, table: &ClassTable) -> Result<Self, CoastalError> {
        let windows = [
            params
                .spartina
                .as_ref()
                .map(|p| ("spartina", p.elevation_m)),
            params
                .mangrove
                .as_ref()
                .map(|p| ("mangrove", p.elevation_m)),
            params.marsh.as_ref().map(|p| ("marsh", p.elevation_m)),
        ];
        for (name, w) in windows.into_iter().flatten() {
            check_window(name, w)?;
        }
        Ok(Self {
            params: params.clone(),
            classes: CoastalClasses::resolve(&params.classes, table)?,
            intertidal: IntertidalPlugin::new(&params.intertidal, table)?,
            initial_layers: InitialMemo::default(),
        })
    }

    /// Sets the three layers from the current land cover (spartina cells start at the
    /// initial Spartina cover, mangrove cells at the initial canopy, and so on).
    fn seed_layers(&self, sim: &mut Sim) {
        let cover = sim
            .world
            .get_resource::<LandCover>()
            .expect("the coastal models need LandCover: add LandCoverPlugin first");
        let map = cover.class.current();
        let [s, m, c] = (self.initial_layers).get(map, || self.classes.layers_from(map));
        sim.world.resource_mut::<SpartinaCover>().0 = DoubleBuffered::new(s);
        sim.world.resource_mut::<MarshCover>().0 = DoubleBuffered::new(m);
        sim.world.resource_mut::<MangroveCanopy>().0 = DoubleBuffered::new(c);
    }
}

fn check_window(model: &str, w: ElevationWindow) -> Result<(), CoastalError> {
    if w.min.is_finite() && w.max.is_finite() && w.min <= w.max {
        Ok(())
    } else {
        Err(CoastalError::Window {
            field: format!("{model}.elevation_m"),
            min: w.min,
            max: w.max,
        })
    }
}

impl Plugin for CoastalPlugin {
    fn build(&self, sim: &mut Sim) {
        sim.world.insert_resource(self.params.mode);
        sim.world.insert_resource(self.classes.clone());
        sim.add_plugin(&self.intertidal);
        if let Some(p) = &self.params.mangrove {
            sim.add_plugin(&MangrovePlugin(p.clone()));
        }
        if let Some(p) = &self.params.marsh {
            sim.add_plugin(&MarshPlugin(p.clone()));
        }
        if let Some(p) = &self.params.spartina {
            sim.add_plugin(&SpartinaPlugin(p.clone()));
        }
        ensure_layer::<SpartinaCover>(sim);
        ensure_layer::<MangroveCanopy>(sim);
        ensure_layer::<MarshCover>(sim);
        self.seed_layers(sim);
        sim.add_systems(classes::classify_coastal_cells.in_set(SimSet::Competition));
        sim.add_recorder(metrics::record_coastal_metrics);
    }
}
