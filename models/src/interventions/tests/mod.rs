//! Tests of the strategies: common random numbers, budgets, priorities, detection,
//! planting bands, protection, reclamation, corridors and the cost ledger.

mod actions;
mod budgets;
mod paired;
mod priorities;
pub(crate) mod support;
