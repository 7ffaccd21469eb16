//! The components of an intervention entity and the resolved form of each action.
//! One entity per scheduled intervention: [`InterventionId`] (its index in the
//! strategy: its order, and the key of its random draws), [`Target`] (its zone),
//! [`Method`] (what it does, with its working state), [`Window`](super::Window),
//! [`Budget`], optionally [`Trigger`], and [`Priority`].

use super::methods::Efficacy;
use super::spec::PriorityRule;
use super::zones::Zone;
use crate::succession::ElevationWindow;
use bevy_ecs::component::Component;
use shanshui_connectivity::{HabitatClasses, ResistanceTable};
use shanshui_engine::Grid;

/// Index of the intervention in its strategy: interventions act in this order, and
/// their random draws are keyed by it (never by query order).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct InterventionId(pub u32);

/// Where the intervention acts.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct Target(pub Zone);

/// How detected *Spartina* patches are ordered.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct Priority(pub PriorityRule);

/// A resolved per-unit condition.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub enum Trigger {
    /// Act in a unit whose detected Spartina cover fraction exceeds the value.
    SpartinaCoverAbove(f64),
    /// Act in a unit whose fraction of cells of class `class` is below `fraction`.
    ClassCoverBelow {
        /// Class index.
        class: u8,
        /// Target fraction.
        fraction: f64,
    },
}

/// An intervention's own yearly limits and what carries over.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// CNY per scheduled year (`f64::INFINITY` = no limit).
    pub annual_cny: f64,
    /// Hectares per scheduled year (`f64::INFINITY` = no limit).
    pub annual_ha: f64,
    /// Whether unspent money and area carry over.
    pub rollover: bool,
    /// Money carried over from earlier years, CNY.
    pub carry_cny: f64,
    /// Area carried over from earlier years, ha.
    pub carry_ha: f64,
}

/// What the intervention does, resolved against the scenario's classes.
#[derive(Component, Debug, Clone, PartialEq)]
pub enum Method {
    /// *Spartina* removal.
    Remove(RemovalPlan),
    /// Planting.
    Plant(PlantingPlan),
    /// Corridors.
    Corridor(Box<CorridorPlan>),
    /// Conversion of classes.
    Reclaim(ReclaimPlan),
    /// Protection (enforced by its own systems, not by the yearly dispatcher).
    Protect,
}

/// Resolved `RemoveSpartina`.
#[derive(Debug, Clone, PartialEq)]
pub struct RemovalPlan {
    /// Kill, regrowth and cost.
    pub efficacy: Efficacy,
    /// Follow-up period, years.
    pub follow_up_years: u32,
    /// Class given to cleared cells, and whether the scenario chose it (then every
    /// cleared cell gets it; otherwise only cells mapped as Spartina).
    pub cleared_to: (u8, bool),
    /// Cover left by a resprouting stand.
    pub regrowth_cover: f32,
    /// d50 of the Spartina patch network, m.
    pub spartina_d50_m: f64,
    /// Year each cell was last treated by this intervention (0 = never).
    pub last_treated: Grid<u32>,
}

/// Resolved `Plant`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlantingPlan {
    /// Mangrove (true) or native marsh (false).
    pub mangrove: bool,
    /// Class of established stands.
    pub class: u8,
    /// Cost, CNY/ha.
    pub cost_cny_per_ha: f64,
    /// Survival: fringe, bare flat, after removal, suppression by Spartina.
    pub survival: [f64; 4],
    /// Survival replacing the setting's.
    pub technique: Option<f64>,
    /// Cover of an established planting.
    pub initial_cover: f32,
    /// Band, m; `None` until the plugin is built (then the coastal model's band).
    pub band: Option<ElevationWindow>,
    /// Years after removal that count as "after removal".
    pub after_removal_years: u32,
}

/// Resolved `Corridor`.
#[derive(Debug, Clone, PartialEq)]
pub struct CorridorPlan {
    /// Automatic pairs (`pairs`, `candidates`), or cell pairs.
    pub ends: Ends,
    /// Half width added on each side of the path, cells.
    pub half_width: usize,
    /// Class of corridor cells.
    pub class: u8,
    /// Cost, CNY/ha.
    pub cost_cny_per_ha: f64,
    /// Habitat classes whose patches are joined.
    pub habitat: HabitatClasses,
    /// d50 for the ECA gain, m.
    pub d50_m: f64,
    /// Resistance per class index.
    pub resistance: ResistanceTable,
}

/// Resolved corridor ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Ends {
    /// Greedy ECA-gain pairs.
    Auto {
        /// Pairs per scheduled year.
        pairs: usize,
        /// Closest pairs considered.
        candidates: usize,
    },
    /// Cell pairs `(x, y)`.
    Cells(Vec<((usize, usize), (usize, usize))>),
}

/// Resolved `Reclaim`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReclaimPlan {
    /// Classes converted.
    pub from: Box<[bool; 256]>,
    /// Class they become.
    pub to: u8,
    /// Cost, CNY/ha.
    pub cost_cny_per_ha: f64,
}
