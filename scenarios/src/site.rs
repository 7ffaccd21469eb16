//! The site of a scenario: landscape geometry, classes and initial maps, built once
//! and shared by every (strategy, replicate) run.

use crate::bay;
use crate::error::ScenarioError;
use crate::rasters::read_site;
use crate::scenario::Scenario;
use crate::schema::LandscapeSpec;
use crate::validate::{bay_landscape, parse_colour};
use shanshui_engine::{Grid, Landscape};
use shanshui_models::layers::{ClassTable, Elevation, LandClass};

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
        let classes = class_table(scenario);
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

fn class_table(scenario: &Scenario) -> ClassTable {
    ClassTable(
        scenario
            .file
            .classes
            .iter()
            .map(|c| LandClass {
                code: c.code,
                name: c.name.clone(),
                colour: parse_colour(&c.colour).unwrap_or_default(),
                habitat: c.habitat,
            })
            .collect(),
    )
}
