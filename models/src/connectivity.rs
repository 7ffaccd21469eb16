//! Habitat connectivity monitored during a run: every `monitoring_interval_years`
//! (and at year 0) the habitat classes' patches, PC, IIC and ECA are computed from the
//! committed land cover with `shanshui_connectivity` and recorded as
//! `habitat_patches`, `habitat_area_ha`, `largest_patch_ha`, `pc`, `iic`, `eca_ha`.
//! The latest report stays in the [`HabitatNetwork`] resource for interventions.
//! Every simulation built from one plugin starts from the same map, so the year-0
//! assessment is made once and shared (it is a function of the map alone).
//!
//! Definitions (Saura & Pascual-Hortal 2007; Saura et al. 2011): `p_ij =
//! exp(−ln 2 · d_ij / d50)` with `d_ij` the edge-to-edge distance between patches,
//! `PC = ΣΣ a_i a_j p*_ij / A_L²`, `ECA = √(ΣΣ a_i a_j p*_ij)`; see the connectivity
//! crate for the exact rules.

use crate::layers::{ClassTable, LandCover};
use bevy_ecs::prelude::*;
use serde::{Deserialize, Serialize};
use shanshui_connectivity::{
    ConnectivityError, ConnectivityParams, ConnectivityReport, HabitatClasses, Neighbourhood,
    analyse,
};
use shanshui_engine::{Fault, Grid, InitialMemo, Landscape, Plugin, Recorder, Sim, SimClock};

/// Parameters of connectivity monitoring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConnectivityModelParams {
    /// Habitat class names. Default: every class flagged `habitat: true`.
    pub habitat_classes: Option<Vec<String>>,
    /// Median dispersal distance `d50`, m. Default 500 m: an illustrative value for
    /// marsh and mangrove propagules carried by tides within a bay (tidal dispersal is
    /// mostly local, with rare long events; cf. LITERATURE §1 on drift); calibrate it.
    pub d50_m: f64,
    /// IIC links patches at most this far apart, m. Default: `d50_m`.
    pub link_distance_m: Option<f64>,
    /// Patches join through 8 neighbours (default) or 4 (`four_neighbours: true`).
    pub four_neighbours: bool,
    /// Years between assessments (and year 0). Default 5.
    pub monitoring_interval_years: u32,
    /// Keep the per-patch table with dPC (costlier). Default false.
    pub patch_table: bool,
}

impl Default for ConnectivityModelParams {
    fn default() -> Self {
        Self {
            habitat_classes: None,
            d50_m: 500.0,
            link_distance_m: None,
            four_neighbours: false,
            monitoring_interval_years: 5,
            patch_table: false,
        }
    }
}

/// The latest connectivity assessment, for interventions.
#[derive(Resource, Debug, Clone, Default)]
pub struct HabitatNetwork {
    /// Year of the assessment.
    pub year: u32,
    /// The report, once assessed.
    pub report: Option<ConnectivityReport>,
}

/// Monitors habitat connectivity.
#[derive(Resource, Debug, Clone)]
pub struct ConnectivityPlugin {
    habitat: HabitatClasses,
    params: ConnectivityParams,
    interval: u32,
    /// The first year-0 assessment, keyed by the geometry and map it was made from,
    /// shared by every simulation built from this plugin (and its clones).
    initial: InitialMemo<(Landscape, Grid<u8>), ConnectivityReport>,
}

/// A habitat class name that is not a class of the scenario, or no habitat at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("connectivity: {0}")]
pub struct HabitatError(String);

impl ConnectivityPlugin {
    /// Resolves the habitat classes of `params` against `classes`.
    pub fn new(
        params: &ConnectivityModelParams,
        classes: &ClassTable,
    ) -> Result<Self, HabitatError> {
        let indices: Vec<u8> = match &params.habitat_classes {
            Some(names) => names
                .iter()
                .map(|n| {
                    classes
                        .index_of(n)
                        .ok_or_else(|| HabitatError(format!("`{n}` is not a defined class")))
                })
                .collect::<Result<_, _>>()?,
            None => (0..classes.len())
                .filter(|&i| classes.0[i].habitat)
                .map(|i| i as u8)
                .collect(),
        };
        let habitat =
            HabitatClasses::from_codes(&indices).map_err(|e| HabitatError(e.to_string()))?;
        let mut analysis = ConnectivityParams::new(params.d50_m);
        analysis.link_distance_m = params.link_distance_m;
        analysis.per_patch = params.patch_table;
        analysis.neighbourhood = if params.four_neighbours {
            Neighbourhood::Four
        } else {
            Neighbourhood::Eight
        };
        Ok(Self {
            habitat,
            params: analysis,
            interval: params.monitoring_interval_years.max(1),
            initial: InitialMemo::default(),
        })
    }

    /// The report of `map`: at year 0 the shared one when an earlier simulation
    /// analysed the same map and geometry (the analysis depends on nothing else).
    fn assess(
        &self,
        year: u32,
        map: &Grid<u8>,
        landscape: &Landscape,
    ) -> Result<ConnectivityReport, ConnectivityError> {
        let assess = || analyse(map, landscape, &self.habitat, &self.params);
        if year == 0 {
            self.initial.try_get(&(*landscape, map.clone()), assess)
        } else {
            assess()
        }
    }
}

impl Plugin for ConnectivityPlugin {
    fn build(&self, sim: &mut Sim) {
        sim.world.insert_resource(self.clone());
        sim.world.init_resource::<HabitatNetwork>();
        sim.add_recorder(assess_connectivity);
    }
}

/// Every interval: analyses the committed land cover and records the indices.
fn assess_connectivity(
    plugin: Res<ConnectivityPlugin>,
    clock: Res<SimClock>,
    landscape: Res<Landscape>,
    cover: Res<LandCover>,
    mut network: ResMut<HabitatNetwork>,
    mut recorder: ResMut<Recorder>,
    mut fault: ResMut<Fault>,
) {
    let year = clock.year();
    if !year.is_multiple_of(plugin.interval) {
        return;
    }
    match plugin.assess(year, cover.class.current(), &landscape) {
        Ok(report) => {
            let metrics = [
                ("habitat_patches", report.patches as f64),
                ("habitat_area_ha", report.habitat_area_ha),
                ("largest_patch_ha", report.largest_patch_ha),
                ("pc", report.pc),
                ("iic", report.iic),
                ("eca_ha", report.eca_ha),
            ];
            for (name, value) in metrics {
                recorder.record(year, name, value);
            }
            *network = HabitatNetwork {
                year,
                report: Some(report),
            };
        }
        Err(e) => fault.0 = Some(format!("connectivity: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landcover::LandCoverPlugin;
    use crate::layers::LandClass;
    use shanshui_engine::RunSeed;
    use std::sync::atomic::AtomicBool;

    fn classes() -> ClassTable {
        let class = |code, name: &str, habitat| LandClass {
            code,
            name: name.into(),
            colour: [0; 3],
            habitat,
        };
        ClassTable(vec![class(1, "flat", false), class(2, "marsh", true)])
    }

    #[test]
    fn records_indices_every_interval_from_year_zero() {
        // Two one-cell marsh patches 20 m apart on 10 m cells; d50 = 20 m → p = 0.5.
        let cover = Grid::from_vec(3, 1, vec![1u8, 0, 1]).unwrap();
        let landscape = Landscape {
            width: 3,
            height: 1,
            cell_size_m: 10.0,
            origin_x: 0.0,
            origin_y: 0.0,
            epsg: None,
        };
        let mut sim = Sim::new(landscape, RunSeed::for_replicate(1, 0));
        let table = classes();
        sim.add_plugin(&LandCoverPlugin {
            classes: table.clone(),
            initial: LandCover::new(cover, 0),
        });
        let params = ConnectivityModelParams {
            d50_m: 20.0,
            monitoring_interval_years: 2,
            ..Default::default()
        };
        sim.add_plugin(&ConnectivityPlugin::new(&params, &table).unwrap());
        let series = sim.run(3, &AtomicBool::new(false)).unwrap();
        let years: Vec<u32> = series
            .samples
            .iter()
            .filter(|s| series.metrics[s.metric] == "pc")
            .map(|s| s.year)
            .collect();
        assert_eq!(years, [0, 2]);
        let (a, area) = (0.01, 0.03);
        let pc = series.value("pc", 2).unwrap();
        assert!((pc * area * area - 2.0 * a * a * 1.5).abs() < 1e-15, "{pc}");
        assert_eq!(series.value("habitat_patches", 0), Some(2.0));
    }

    #[test]
    fn unknown_habitat_class_is_an_error() {
        let params = ConnectivityModelParams {
            habitat_classes: Some(vec!["reef".into()]),
            ..Default::default()
        };
        let err = ConnectivityPlugin::new(&params, &classes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "connectivity: `reef` is not a defined class"
        );
    }

    #[test]
    fn the_year_zero_assessment_is_shared_only_for_the_same_map() {
        let landscape = Landscape {
            width: 4,
            height: 1,
            cell_size_m: 10.0,
            origin_x: 0.0,
            origin_y: 0.0,
            epsg: None,
        };
        let params = ConnectivityModelParams {
            d50_m: 20.0,
            ..Default::default()
        };
        let plugin = ConnectivityPlugin::new(&params, &classes()).unwrap();
        let shared = plugin.clone();
        let two = Grid::from_vec(4, 1, vec![1u8, 0, 0, 1]).unwrap();
        let one = Grid::from_vec(4, 1, vec![1u8, 1, 0, 0]).unwrap();
        let direct = |map: &Grid<u8>| analyse(map, &landscape, &plugin.habitat, &plugin.params);
        assert_eq!(plugin.assess(0, &two, &landscape), direct(&two));
        assert!(shared.initial.is_set(), "clones share the assessment");
        assert_eq!(shared.assess(0, &one, &landscape), direct(&one));
        assert_eq!(shared.assess(0, &two, &landscape), direct(&two));
        let wider = Landscape {
            cell_size_m: 20.0,
            ..landscape
        };
        let expected = analyse(&two, &wider, &plugin.habitat, &plugin.params);
        assert_eq!(shared.assess(0, &two, &wider), expected);
        assert_ne!(expected, direct(&two), "the geometry matters");
    }
}
