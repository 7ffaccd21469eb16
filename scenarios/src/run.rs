//! Running one (strategy, replicate) of a scenario: its metrics and its land-cover
//! snapshots at the map years.

use crate::scenario::Scenario;
use crate::site::Site;
use shanshui_engine::{Grid, MetricSeries, SimError};
use shanshui_models::coastal::SpartinaCover;
use shanshui_models::layers::{LandCover, NODATA};
use std::sync::atomic::AtomicBool;

/// The mapped state at one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Year of the state.
    pub year: u32,
    /// Class code per cell (nodata 255).
    pub land_cover: Grid<u8>,
    /// *Spartina* cover fraction per cell, when the coastal models run.
    pub spartina_cover: Option<Grid<f32>>,
}

/// What one run leaves behind.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicateRun {
    /// Its metrics.
    pub series: MetricSeries,
    /// Land cover at each map year, in year order (the last is the final state).
    pub snapshots: Vec<Snapshot>,
}

impl Scenario {
    /// The years at which maps are taken: the listed years the run reaches, and the
    /// final year, ascending.
    pub fn map_years(&self) -> Vec<u32> {
        let years = self.file.years;
        let mut list: Vec<u32> = self
            .file
            .outputs
            .maps_years
            .iter()
            .copied()
            .filter(|&y| y <= years)
            .collect();
        list.push(years);
        list.sort_unstable();
        list.dedup();
        list
    }

    /// Runs replicate `replicate` of `strategy` on `site`.
    pub fn run_replicate(
        &self,
        site: &Site,
        strategy: &str,
        replicate: u32,
        cancel: &AtomicBool,
    ) -> Result<ReplicateRun, SimError> {
        let map_years = self.map_years();
        let mut snapshots = Vec::with_capacity(map_years.len());
        let mut sim = self.sim(site, strategy, replicate);
        let series = sim.run_observed(self.file.years, cancel, |world, year| {
            if map_years.contains(&year) {
                let cover = world.resource::<LandCover>().class.current();
                let land_cover =
                    cover.map(|&c| site.classes.get(c).map_or(NODATA, |class| class.code));
                let spartina_cover = world
                    .get_resource::<SpartinaCover>()
                    .map(|c| c.0.current().clone());
                snapshots.push(Snapshot {
                    year,
                    land_cover,
                    spartina_cover,
                });
            }
        })?;
        Ok(ReplicateRun { series, snapshots })
    }
}
