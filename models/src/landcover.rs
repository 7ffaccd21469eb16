//! The land-cover layer's life cycle: it commits the year's class changes and records
//! the area of every class (`<class>_area_ha`) each year.

use crate::layers::{ClassTable, LandCover};
use bevy_ecs::prelude::*;
use rayon::prelude::*;
use shanshui_engine::{Grid, Landscape, Plugin, Recorder, Sim, SimClock, SimSet, reduce};

/// Holds the scenario's classes and the initial land cover; commits and records it.
pub struct LandCoverPlugin {
    /// The scenario's classes.
    pub classes: ClassTable,
    /// Initial land cover (class indices or [`NODATA`](crate::layers::NODATA)).
    pub initial: LandCover,
}

impl Plugin for LandCoverPlugin {
    fn build(&self, sim: &mut Sim) {
        sim.world.insert_resource(self.classes.clone());
        sim.world.insert_resource(self.initial.clone());
        sim.add_systems(commit_land_cover.in_set(SimSet::Commit));
        sim.add_recorder(record_class_areas);
    }
}

/// Publishes the land cover and ages written during the step.
fn commit_land_cover(mut cover: ResMut<LandCover>) {
    cover.class.commit();
    cover.age_years.commit();
}

/// Records `<class>_area_ha` for every class, zero areas included.
fn record_class_areas(
    clock: Res<SimClock>,
    landscape: Res<Landscape>,
    classes: Res<ClassTable>,
    cover: Res<LandCover>,
    mut recorder: ResMut<Recorder>,
) {
    for (index, class) in classes.0.iter().enumerate() {
        let cells = class_cells(cover.class.current(), index as u8);
        let area = landscape.area_ha(cells);
        recorder.record(clock.year(), &format!("{}_area_ha", class.name), area);
    }
}

/// Cells per task of [`class_cells`].
const COUNT_CHUNK: usize = 1 << 16;

/// Number of cells of class value `class`, counted in parallel over chunks of cells
/// (integer counts: exact in any order).
pub fn class_cells(classes: &Grid<u8>, class: u8) -> u64 {
    (classes.as_slice().par_chunks(COUNT_CHUNK))
        .map(|cells| reduce::count_equal(cells, class))
        .sum()
}
