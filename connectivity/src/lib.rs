//! Habitat patches and landscape connectivity: PC, IIC, ECA, dPC, edge density and
//! least-cost distance. Pure algorithms over `shanshui_engine` grids, no ECS.
//!
//! # Input
//! Land cover is a [`Grid<u8>`](shanshui_engine::Grid) of class codes where [`NODATA`]
//! (255) means "no data"; [`HabitatClasses`] says which codes are habitat and
//! [`ResistanceTable`] gives each class's resistance for least-cost distances. The
//! [`Landscape`](shanshui_engine::Landscape) gives the cell size and georeference.
//!
//! # Definitions
//! - **Patches**: groups of habitat cells connected through 8 neighbours (or 4, by
//!   option: [`Neighbourhood`]). Patch ids are `0..n`, ordered by each patch's first
//!   cell in row-major order. `a_i` is the area of patch `i` in hectares.
//! - **`A_L`**: area in hectares of all cells that are not nodata.
//! - **`d_ij`**: the minimum Euclidean distance between the centre of a cell of patch
//!   `i` and the centre of a cell of patch `j`, in metres — or, by option
//!   ([`DistanceMetric::LeastCost`]), the least-cost distance over the resistance
//!   surface: 8-neighbour moves, an orthogonal step costs the mean resistance of the
//!   two cells × cell size, a diagonal step `√2` × that; barriers and nodata are never
//!   entered.
//! - **`p_ij = exp(−ln 2 · d_ij / d50)`**, `d50` the median dispersal distance.
//!   **`p*_ij`** is the maximum product of `p` over all paths between `i` and `j`;
//!   `p*_ii = 1`. It is found as the shortest path on weights `−ln p_ij`.
//! - **Pruning**: probabilities below `p_min` (default `1e-6`) count as 0: pairs
//!   farther apart than `d50 · log2(1 / p_min)` (≈ 19.93 · d50) are not linked, and
//!   `p*_ij < p_min` is taken as 0. Each ignored pair changes `Σ a_i a_j p*_ij` by less
//!   than `p_min · a_i a_j`.
//! - **PC** `= Σ_i Σ_j a_i a_j p*_ij / A_L²` (Saura & Pascual-Hortal 2007).
//!   **ECA** `= √(Σ_i Σ_j a_i a_j p*_ij)` in hectares (Saura et al. 2011).
//! - **IIC** `= Σ_i Σ_j a_i a_j / (1 + nl_ij) / A_L²` (Pascual-Hortal & Saura 2006):
//!   patches are linked when `d_ij ≤ link_distance` (default `d50`), `nl_ij` is the
//!   number of links on the shortest topological path, `nl_ii = 0`, and unconnected
//!   pairs add 0.
//! - **dPC_k** `= 100 · (PC − PC_k) / PC`, `PC_k` being PC without patch `k` (same
//!   `A_L`).
//! - **Edge density**: metres of cell sides shared by a habitat cell and a 4-neighbour
//!   that is neither habitat nor nodata, per hectare of `A_L`. Sides on the map border
//!   and against nodata do not count.
//!
//! # Use
//! ```
//! use shanshui_connectivity::{analyse, ConnectivityParams, HabitatClasses};
//! use shanshui_engine::{Grid, Landscape};
//!
//! // Two 1-cell patches of class 1, 20 m apart, on 10 m cells.
//! let cover = Grid::from_vec(3, 1, vec![1, 0, 1]).unwrap();
//! let land = Landscape { width: 3, height: 1, cell_size_m: 10.0, origin_x: 0.0, origin_y: 0.0, epsg: None };
//! let habitat = HabitatClasses::from_codes(&[1]).unwrap();
//! let report = analyse(&cover, &land, &habitat, &ConnectivityParams::new(20.0)).unwrap();
//! let (a, al) = (0.01, 0.03);
//! assert_eq!(report.patches, 2);
//! assert!((report.pc * al * al - 2.0 * a * a * (1.0 + 0.5)).abs() < 1e-15);
//! ```
//!
//! # Determinism
//! Work is split by patch or by row and every floating-point sum is taken in a fixed
//! order, so results are bit-identical for any rayon thread count.

mod classes;
mod distance;
mod dpc;
mod error;
mod graph;
mod iic;
mod kernel;
mod labels;
mod least_cost;
mod least_cost_pairs;
mod patches;
mod pc;
mod radix;
mod report;
mod shortest_paths;
#[cfg(test)]
mod test_rng;

pub use classes::{HabitatClasses, NODATA, ResistanceTable};
pub use distance::{PatchPair, euclidean_pairs};
pub use dpc::dpc;
pub use error::ConnectivityError;
pub use graph::PatchGraph;
pub use iic::iic_numerator;
pub use kernel::DispersalKernel;
pub use labels::{Neighbourhood, PatchLabels, Run, label_cells, label_patches};
pub use least_cost::{CostSurface, LeastCostPath};
pub use least_cost_pairs::least_cost_pairs;
pub use patches::{Patch, PatchSet};
pub use pc::pc_numerator;
pub use report::{
    ConnectivityParams, ConnectivityReport, DistanceMetric, PatchRow, analyse, patch_pairs,
};
