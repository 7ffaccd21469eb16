//! The site of a scenario: landscape geometry, classes, initial maps, the resolved
//! strategies and the model plugins, built once and shared by every (strategy,
//! replicate) run.

use crate::bay;
use crate::error::{Problem, ScenarioError};
use crate::rasters::{read_aligned, read_site};
use crate::scenario::Scenario;
use crate::schema::LandscapeSpec;
use crate::validate::{NATURAL_RECOVERY, bay_landscape, class_table};
use shanshui_engine::{Grid, Landscape};
use shanshui_models::carbon::CarbonPlugin;
use shanshui_models::coastal::CoastalPlugin;
use shanshui_models::connectivity::ConnectivityPlugin;
use shanshui_models::interventions::{
    StrategyParams, StrategyPlugin, ZoneContext, ZoneInputs, ZoneSpec,
};
use shanshui_models::layers::{ClassTable, Elevation};
use std::collections::BTreeMap;

/// Landscape, classes, initial state and strategies of a scenario.
#[derive(Debug, Clone)]
pub struct Site {
    /// Geometry and georeference.
    pub landscape: Landscape,
    /// The classes, in file order (a cell's value is an index into it).
    pub classes: ClassTable,
    /// Initial land cover (class indices, or nodata).
    pub cover: Grid<u8>,
    /// Elevation, m rel. mean sea level.
    pub elevation: Elevation,
    /// Each strategy's plugin by name, natural recovery included; empty when the
    /// scenario has no strategies (no management is modelled at all).
    pub strategies: BTreeMap<String, StrategyPlugin>,
    /// The coastal models, when the scenario has them. This and the next plugins are
    /// built once for every run, so that the runs share what they derive from their
    /// common initial maps (inundation, initial layers, the year-0 assessment).
    pub coastal: Option<CoastalPlugin>,
    /// The carbon ledger, when the scenario asks for it.
    pub carbon: Option<CarbonPlugin>,
    /// Connectivity monitoring, when the scenario asks for it.
    pub connectivity: Option<ConnectivityPlugin>,
}

impl Site {
    /// Generates or reads the site of `scenario` and builds its models on it.
    pub fn build(scenario: &Scenario) -> Result<Self, ScenarioError> {
        Self::maps_of(scenario)?.with_models(scenario)
    }

    /// Generates or reads the maps of `scenario`, without models (no strategies,
    /// coastal models, carbon or connectivity): the base on which a sweep builds each
    /// point's models with [`Self::with_models_of`].
    pub fn maps_of(scenario: &Scenario) -> Result<Self, ScenarioError> {
        let classes = class_table(&scenario.file.classes);
        let (landscape, cover, elevation) = match &scenario.file.landscape {
            LandscapeSpec::Rasters(layers) => {
                let site = read_site(scenario, layers, &classes)
                    .map_err(|problems| scenario.invalid(problems))?;
                (site.landscape, site.cover, site.elevation)
            }
            LandscapeSpec::Bay(params) => {
                let maps = bay::generate(params, &classes, scenario.file.seed);
                (bay_landscape(params), maps.cover, maps.elevation)
            }
        };
        Ok(Self::maps(landscape, classes, cover, Elevation(elevation)))
    }

    /// This site's maps with the models of `scenario` (strategies, coastal models,
    /// carbon, connectivity), which must describe the same landscape and classes: a
    /// sweep reads or generates the maps once and builds each point's models on them.
    pub fn with_models_of(&self, scenario: &Scenario) -> Result<Self, ScenarioError> {
        let (classes, cover) = (self.classes.clone(), self.cover.clone());
        Self::maps(self.landscape, classes, cover, self.elevation.clone()).with_models(scenario)
    }

    /// A site of these maps without models.
    fn maps(
        landscape: Landscape,
        classes: ClassTable,
        cover: Grid<u8>,
        elevation: Elevation,
    ) -> Self {
        Self {
            landscape,
            classes,
            cover,
            elevation,
            strategies: BTreeMap::new(),
            coastal: None,
            carbon: None,
            connectivity: None,
        }
    }

    /// These maps with the models of `scenario` built on them.
    fn with_models(mut self, scenario: &Scenario) -> Result<Self, ScenarioError> {
        let file = &scenario.file;
        self.coastal = file.coastal.as_ref().map(|params| {
            CoastalPlugin::new(params, &self.classes)
                .expect("validation checked the coastal parameters")
        });
        self.carbon = (file.carbon.as_ref()).map(|params| CarbonPlugin::new(params, &self.classes));
        self.connectivity = file.connectivity.as_ref().map(|params| {
            ConnectivityPlugin::new(params, &self.classes)
                .expect("validation checked the habitat classes")
        });
        self.strategies = self
            .resolve_strategies(scenario)
            .map_err(|problems| scenario.invalid(problems))?;
        Ok(self)
    }

    /// Resolves every strategy's zones and interventions on this site.
    fn resolve_strategies(
        &self,
        scenario: &Scenario,
    ) -> Result<BTreeMap<String, StrategyPlugin>, Vec<Problem>> {
        let file = &scenario.file;
        if file.strategies.is_empty() {
            return Ok(BTreeMap::new());
        }
        let inputs = self.zone_inputs(scenario)?;
        let ctx = ZoneContext {
            landscape: &self.landscape,
            classes: &self.classes,
            cover: &self.cover,
            elevation: Some(&self.elevation.0),
            inputs: &inputs,
        };
        let mut plugins = BTreeMap::new();
        let problem = |at: String, e: &dyn std::fmt::Display| {
            let text = e.to_string();
            let (path, message) =
                text.split_once(": ")
                    .map_or((at.clone(), text.clone()), |(p, m)| {
                        (
                            if p.starts_with("monitoring") {
                                p.to_owned()
                            } else {
                                format!("{at}.{p}")
                            },
                            m.to_owned(),
                        )
                    });
            vec![Problem {
                path,
                at: None,
                message,
            }]
        };
        let baseline = StrategyPlugin::new(&StrategyParams::default(), &file.monitoring, &ctx)
            .map_err(|e| problem("monitoring".into(), &e))?;
        plugins.insert(NATURAL_RECOVERY.to_owned(), baseline);
        for (i, spec) in file.strategies.iter().enumerate() {
            let plugin = StrategyPlugin::new(&spec.params(), &file.monitoring, &ctx)
                .map_err(|e| problem(format!("strategies[{i}]"), &e))?;
            plugins.insert(spec.name.clone(), plugin);
        }
        Ok(plugins)
    }

    /// Reads the mask rasters named by `Mask` zones and the management units.
    fn zone_inputs(&self, scenario: &Scenario) -> Result<ZoneInputs, Vec<Problem>> {
        let mut inputs = ZoneInputs::default();
        for (i, strategy) in scenario.file.strategies.iter().enumerate() {
            for (j, intervention) in strategy.interventions.iter().enumerate() {
                if let ZoneSpec::Mask(path) = &intervention.zone {
                    let at = format!("strategies[{i}].interventions[{j}].zone");
                    let mask = read_aligned(scenario, path, &self.landscape, &at)?;
                    inputs
                        .masks
                        .insert(path.clone(), mask.map(|v| v.is_some_and(|v| v != 0.0)));
                }
            }
        }
        if let Some(path) = &scenario.file.management_units {
            let units = read_aligned(scenario, path, &self.landscape, "management_units")?;
            inputs.units = Some(units.map(|v| v.map_or(0, |v| v.max(0.0) as u32)));
        }
        Ok(inputs)
    }
}
