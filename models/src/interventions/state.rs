//! The strategy's shared state: what management did this year ([`Activity`]), the
//! money ledger ([`CostLedger`]), the strategy budget, and the year each cell was last
//! cleared of *Spartina* (for planting survival "after removal").

use bevy_ecs::resource::Resource;
use shanshui_engine::Grid;

/// What management did in the current year, in cells (CNY for money).
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub struct Activity {
    /// Money spent this year, CNY.
    pub spent_cny: f64,
    /// Money available this year (see `budget_cny` in the module docs), CNY.
    pub budget_cny: f64,
    /// Cells treated against *Spartina* (every application counted).
    pub treated: u64,
    /// Cells whose *Spartina* stand was killed (resprouting ones included).
    pub removed: u64,
    /// Cells planted (paid for), whether or not the planting survived.
    pub planted: u64,
    /// Planted cells that established.
    pub established: u64,
    /// Cells converted by `Reclaim`.
    pub reclaimed: u64,
    /// Cells converted by corridors.
    pub corridor: u64,
    /// Cells restored: cleared of *Spartina* without resprouting, established
    /// plantings, reclaimed and corridor cells.
    pub restored: u64,
    /// Protected cells whose forbidden change was undone.
    pub reverted: u64,
}

/// The strategy's money.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub struct CostLedger {
    /// Money spent since the start, CNY (Σ of the yearly `spent_cny`).
    pub cumulative_cny: f64,
    /// Strategy budget per year, CNY (`f64::INFINITY` without one).
    pub annual_cny: f64,
    /// Whether unspent strategy money carries over.
    pub rollover: bool,
    /// Strategy money carried into next year, CNY.
    pub carry_cny: f64,
}

/// Year each cell was last cleared of *Spartina* by the strategy (0 = never).
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct ClearedYear(pub Grid<u32>);
