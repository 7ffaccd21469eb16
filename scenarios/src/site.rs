//! The site of a scenario: landscape geometry, classes and initial maps, built once
//! and shared by every (strategy, replicate) run.

use crate::bay;
use crate::error::ScenarioError;
use crate::rasters::read_site;
use crate::scenario::Scenario;
use crate::schema::LandscapeSpec;
use crate::validate::{bay_landscape, class_table};
use shanshui_engine::{Grid, Landscape};
use shanshui_models::layers::{ClassTable, Elevation};

/// Landscape, classes and initial state of a scenario.
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
}

impl Site {
    /// Generates or reads the site of `scenario`.
    pub fn build(scenario: &Scenario) -> Result<Self, ScenarioError> {
        let classes = class_table(&scenario.file.classes);
        match &scenario.file.landscape {
            LandscapeSpec::Rasters(layers) => {
                let site = read_site(scenario, layers, &classes)
                    .map_err(|problems| scenario.invalid(problems))?;
                Ok(Self {
                    landscape: site.landscape,
                    classes,
                    cover: site.cover,
                    elevation: Elevation(site.elevation),
                })
            }
            LandscapeSpec::Bay(params) => {
                let maps = bay::generate(params, &classes, scenario.file.seed);
                Ok(Self {
                    landscape: bay_landscape(params),
                    classes,
                    cover: maps.cover,
                    elevation: Elevation(maps.elevation),
                })
            }
        }
    }
}
