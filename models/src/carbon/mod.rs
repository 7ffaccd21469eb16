//! The blue-carbon ledger: vegetation and soil carbon per cell, by land-cover class.
//!
//! Each cell holds a vegetation carbon density `V` and a soil carbon density `S`
//! (Mg C/ha). Every year, in `SimSet::Accounting` (after management has acted on the
//! committed land cover), for each cell of class `c` that had class `b` a year ago:
//!
//! ```text
//! if c ≠ b:   loss = f_V(b)·V + f_S(b)·(S + (1 − f_V(b))·V);  S ← (S + (1 − f_V(b))·V)(1 − f_S(b));  V ← 0
//! growth:     V ← min(V_max(c), V + g_V(c));   S ← min(S_max(c), S + b_S(c))   (no change if already above)
//! ```
//!
//! so vegetation sequestration is age-dependent (young stands gain `g_V + b_S`, mature
//! ones `b_S`), and conversions such as *Spartina* removal emit the lost fractions. The
//! ledger balances by construction:
//! `stock(t) = stock(t − 1) + flux(t) − loss(t)`, where `flux` is the year's
//! vegetation growth plus soil burial and `loss` the year's conversion emissions.
//!
//! Recorded every year (year 0 included): `carbon_stock_mgc` (Mg C, the whole map),
//! `carbon_flux_mgc_per_yr` (Mg C/yr sequestered), `carbon_loss_mgc_per_yr` (Mg C/yr
//! emitted on conversion) and `carbon_cumulative_co2e_t` (t CO₂e, `Σ (flux − loss) ×
//! 44/12` since year 0; positive = net removal from the atmosphere).
//!
//! Parameters are keyed by class name ([`CarbonParams`]); defaults come from
//! LITERATURE.md §4 (China mangrove ≈ 191 Mg C/ha and ≈ 6.87 Mg C/ha/yr, salt-marsh
//! burial ≈ 2.45 Mg C/ha/yr, *Spartina* vs mudflat SOC, mudflat ≈ 0 sink).

mod ledger;
mod params;
#[cfg(test)]
mod tests;

pub use ledger::{CO2_PER_C, CarbonLayers, CarbonLedger, CarbonTable};
pub use params::{CarbonParams, ClassCarbon};

use crate::layers::{ClassTable, LandCover};
use bevy_ecs::prelude::*;
use shanshui_engine::{Grid, InitialMemo, Landscape, Plugin, Sim, SimSet};

/// The carbon ledger. Add it after `LandCoverPlugin`: the initial stock is taken from
/// the land cover present when the plugin is built.
#[derive(Debug, Clone)]
pub struct CarbonPlugin {
    table: CarbonTable,
    ignored: Vec<String>,
    /// The layers of the first initial land cover built on, shared by clones.
    initial_layers: InitialMemo<Grid<u8>, CarbonLayers>,
}

impl CarbonPlugin {
    /// Resolves the class names of `params` against `classes`.
    pub fn new(params: &CarbonParams, classes: &ClassTable) -> Self {
        let (table, ignored) = CarbonTable::resolve(params, classes);
        Self {
            table,
            ignored,
            initial_layers: InitialMemo::default(),
        }
    }

    /// Class names of the parameters that are not classes of the scenario (ignored;
    /// a scenario validator may warn about or refuse them).
    pub fn ignored_classes(&self) -> &[String] {
        &self.ignored
    }
}

impl Plugin for CarbonPlugin {
    fn build(&self, sim: &mut Sim) {
        let land = sim
            .world
            .get_resource::<LandCover>()
            .expect("the carbon ledger needs LandCover: add LandCoverPlugin first");
        let map = land.class.current();
        let layers = (self.initial_layers).get(map, || CarbonLayers::new(&self.table, map));
        let ledger = CarbonLedger::new(&layers, sim.world.resource::<Landscape>());
        sim.world.insert_resource(self.table.clone());
        sim.world.insert_resource(layers);
        sim.world.insert_resource(ledger);
        sim.add_systems(ledger::account_carbon.in_set(SimSet::Accounting));
        sim.add_recorder(ledger::record_carbon);
    }
}
