//! One call from a land-cover map to every landscape figure: [`analyse`] and its
//! [`ConnectivityReport`], whose field names are the JSON keys of `shanshui metrics`.

use crate::{
    ConnectivityError, CostSurface, DispersalKernel, HabitatClasses, Neighbourhood, PatchGraph,
    PatchPair, PatchSet, ResistanceTable, dpc, euclidean_pairs, iic_numerator, least_cost_pairs,
    pc_numerator,
};
use serde::Serialize;
use shanshui_engine::{Grid, Landscape};

/// How `d_ij` is measured.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum DistanceMetric {
    /// Edge-to-edge Euclidean distance between cell centres, metres. The default.
    #[default]
    Euclidean,
    /// Least-cost distance over the resistance of each class, resistance-weighted
    /// metres. Much slower: one bounded search over the cells per patch.
    LeastCost(ResistanceTable),
}

/// Settings of [`analyse`].
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectivityParams {
    /// Median dispersal distance `d50`: metres for Euclidean distances,
    /// resistance-weighted metres for least-cost ones.
    pub d50_m: f64,
    /// Links and paths with probability below this are ignored. Default
    /// [`DispersalKernel::DEFAULT_P_MIN`] (`1e-6`).
    pub p_min: f64,
    /// IIC links patches with `d_ij ≤ link_distance_m`. Default (`None`): `d50_m`.
    pub link_distance_m: Option<f64>,
    /// Which cells touch when forming patches. Default 8 neighbours.
    pub neighbourhood: Neighbourhood,
    /// How `d_ij` is measured. Default Euclidean.
    pub distance: DistanceMetric,
    /// Whether to build the per-patch table with `dPC` (costs more than PC alone).
    pub per_patch: bool,
}

impl ConnectivityParams {
    /// Defaults for a median dispersal distance `d50_m`.
    pub fn new(d50_m: f64) -> Self {
        Self {
            d50_m,
            p_min: DispersalKernel::DEFAULT_P_MIN,
            link_distance_m: None,
            neighbourhood: Neighbourhood::Eight,
            distance: DistanceMetric::Euclidean,
            per_patch: false,
        }
    }
}

/// Landscape composition and connectivity of one land-cover map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConnectivityReport {
    /// Number of habitat patches.
    pub patches: usize,
    /// Total habitat area, hectares.
    pub habitat_area_ha: f64,
    /// Area of the largest patch, hectares (0 without habitat).
    pub largest_patch_ha: f64,
    /// Mean patch area, hectares (0 without habitat).
    pub mean_patch_ha: f64,
    /// Habitat/non-habitat edge, metres per hectare of `A_L` (see [`PatchSet::edge_density_m_per_ha`]).
    pub edge_density_m_per_ha: f64,
    /// `A_L`: area of the cells with data, hectares.
    pub landscape_area_ha: f64,
    /// Probability of connectivity, in [0, 1].
    pub pc: f64,
    /// Integral index of connectivity, in [0, 1].
    pub iic: f64,
    /// Equivalent connected area, hectares.
    pub eca_ha: f64,
    /// One row per patch, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch_table: Option<Vec<PatchRow>>,
}

/// One patch in a [`ConnectivityReport`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatchRow {
    /// Patch id.
    pub id: u32,
    /// Area, hectares.
    pub area_ha: f64,
    /// Map x of the centroid, metres.
    pub centroid_x: f64,
    /// Map y of the centroid, metres.
    pub centroid_y: f64,
    /// `dPC`: percent of PC lost when this patch is removed.
    pub dpc: f64,
}

/// Finds the patches of `cover` and computes every figure of the report.
pub fn analyse(
    cover: &Grid<u8>,
    landscape: &Landscape,
    habitat: &HabitatClasses,
    params: &ConnectivityParams,
) -> Result<ConnectivityReport, ConnectivityError> {
    let kernel = DispersalKernel::new(params.d50_m, params.p_min)?;
    let link = params.link_distance_m.unwrap_or(params.d50_m);
    if !(link.is_finite() && link >= 0.0) {
        return Err(ConnectivityError::LinkDistance(link));
    }
    let patches = PatchSet::new(cover, landscape, habitat, params.neighbourhood)?;
    let pairs = patch_pairs(&patches, cover, &params.distance, kernel.cutoff().max(link))?;
    let areas = patches.areas_ha();
    let n = patches.len();
    // Two witnesses keep the graph exact for dPC too (see `without_detoured_edges`).
    let witnesses = if params.per_patch { 2 } else { 1 };
    let graph = PatchGraph::pruned_probability(n, &pairs, &kernel, witnesses);
    let (numerator, dpc_values) = if params.per_patch {
        let (d, num) = dpc(&graph, &areas, kernel.max_weight());
        (num, Some(d))
    } else {
        (pc_numerator(&graph, &areas, kernel.max_weight()), None)
    };
    let iic_num = iic_numerator(&PatchGraph::links(n, &pairs, link), &areas);
    let al = patches.landscape_area_ha();
    let habitat_ha = patches.habitat_area_ha();
    Ok(ConnectivityReport {
        patches: n,
        habitat_area_ha: habitat_ha,
        largest_patch_ha: areas.iter().copied().fold(0.0, f64::max),
        mean_patch_ha: if n == 0 { 0.0 } else { habitat_ha / n as f64 },
        edge_density_m_per_ha: patches.edge_density_m_per_ha(),
        landscape_area_ha: al,
        pc: numerator / (al * al),
        iic: iic_num / (al * al),
        eca_ha: numerator.sqrt(),
        patch_table: dpc_values.map(|d| patch_table(&patches, &d)),
    })
}

/// Pairs of patches within `max_distance` under `metric`, sorted by `(a, b)`.
pub fn patch_pairs(
    patches: &PatchSet,
    cover: &Grid<u8>,
    metric: &DistanceMetric,
    max_distance: f64,
) -> Result<Vec<PatchPair>, ConnectivityError> {
    Ok(match metric {
        DistanceMetric::Euclidean => euclidean_pairs(patches, max_distance),
        DistanceMetric::LeastCost(table) => {
            let surface = CostSurface::new(cover, patches.landscape(), table)?;
            least_cost_pairs(patches, &surface, max_distance)?
        }
    })
}

fn patch_table(patches: &PatchSet, dpc: &[f64]) -> Vec<PatchRow> {
    patches
        .patches()
        .iter()
        .zip(dpc)
        .map(|(p, &dpc)| PatchRow {
            id: p.id,
            area_ha: p.area_ha,
            centroid_x: p.centroid_x,
            centroid_y: p.centroid_y,
            dpc,
        })
        .collect()
}
