//! The per-cell state shared by the models, held as dense layers in resources: the
//! land-cover class and its age, and the elevation. A cell is never an entity.

use bevy_ecs::resource::Resource;
use shanshui_engine::{DoubleBuffered, Grid};

/// Land-cover value of a cell outside the study area (nodata); it never changes and
/// takes no part in metrics.
pub const NODATA: u8 = u8::MAX;

/// One land-cover class of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct LandClass {
    /// Code used in raster files (input and output maps).
    pub code: u8,
    /// Identifier used in metric names (`<name>_area_ha`) and rules.
    pub name: String,
    /// Map colour as RGB.
    pub colour: [u8; 3],
    /// Whether the class counts as habitat for connectivity.
    pub habitat: bool,
}

/// The scenario's classes. A cell's land-cover value is an index into this table
/// (or [`NODATA`]); at most 255 classes.
#[derive(Resource, Debug, Clone, PartialEq, Default)]
pub struct ClassTable(pub Vec<LandClass>);

impl ClassTable {
    /// Index of the class called `name`.
    pub fn index_of(&self, name: &str) -> Option<u8> {
        self.0
            .iter()
            .position(|c| c.name == name)
            .and_then(|i| u8::try_from(i).ok())
    }

    /// Index of the class with file code `code`.
    pub fn index_of_code(&self, code: u8) -> Option<u8> {
        self.0
            .iter()
            .position(|c| c.code == code)
            .and_then(|i| u8::try_from(i).ok())
    }

    /// The class at `index`.
    pub fn get(&self, index: u8) -> Option<&LandClass> {
        self.0.get(usize::from(index))
    }

    /// Number of classes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when no class is defined.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Land cover (class index per cell, or [`NODATA`]) and the whole years each cell has
/// spent in its class. Both change together, so they are committed together.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct LandCover {
    /// Class index per cell.
    pub class: DoubleBuffered<u8>,
    /// Years in the current class per cell (saturates at `u16::MAX`).
    pub age_years: DoubleBuffered<u16>,
}

impl LandCover {
    /// Land cover `classes` with every cell's age set to `initial_age_years`.
    pub fn new(classes: Grid<u8>, initial_age_years: u16) -> Self {
        let ages = classes.map(|_| initial_age_years);
        Self {
            class: DoubleBuffered::new(classes),
            age_years: DoubleBuffered::new(ages),
        }
    }
}

/// Ground elevation per cell in metres relative to mean sea level.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Elevation(pub Grid<f32>);
