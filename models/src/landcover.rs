//! The land-cover layer's life cycle: it commits the year's class changes and records
//! the area of every class (`<class>_area_ha`) each year.

use crate::layers::{ClassTable, LandCover, NODATA};
use bevy_ecs::prelude::*;
use rayon::prelude::*;
use shanshui_engine::{Grid, Landscape, Plugin, Recorder, Sim, SimClock, SimSet, reduce};

/// Holds the scenario's classes and the initial land cover; commits and records it.
pub struct LandCoverPlugin {
    /// The scenario's classes.
    pub classes: ClassTable,
    /// Initial land cover (class indices or [`NODATA`]).
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
    let counts = class_counts(cover.class.current());
    for (index, class) in classes.0.iter().enumerate() {
        let area = landscape.area_ha(counts[index]);
        recorder.record(clock.year(), &format!("{}_area_ha", class.name), area);
    }
}

/// Cells per task of [`class_counts`]: enough that clearing and merging a task's
/// tables costs little beside counting.
const COUNT_CHUNK: usize = 1 << 16;

/// Number of cells of each class value (index 255 counts [`NODATA`]), counted in
/// parallel over chunks of cells (integer counts: exact in any order).
pub fn class_counts(classes: &Grid<u8>) -> [u64; 256] {
    classes
        .as_slice()
        .par_chunks(COUNT_CHUNK)
        .map(reduce::histogram)
        .collect::<Vec<_>>()
        .iter()
        .fold([0u64; 256], |mut total, chunk| {
            total
                .iter_mut()
                .zip(chunk)
                .for_each(|(t, &n)| *t += u64::from(n));
            total
        })
}

/// Number of cells that are not [`NODATA`].
pub fn data_cells(classes: &Grid<u8>) -> u64 {
    let counts = class_counts(classes);
    counts.iter().sum::<u64>() - counts[usize::from(NODATA)]
}
