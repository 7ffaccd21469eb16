//! Where interventions act. A [`ZoneSpec`] from the scenario is resolved once, when
//! the strategy is built, into a [`Zone`]: the list of candidate cells (row-major), a
//! management-unit id per cell, a constant-time membership index (so treatments can
//! walk the survey's few detected cells instead of the whole zone), and for class
//! selectors a class filter checked against the land cover of the year (so
//! `Classes(["degraded_land"])` follows the class as it changes). Models know no
//! files: masks and the unit raster are read by the scenario loader and handed over
//! in [`ZoneInputs`].

use super::InterventionError;
use crate::layers::{ClassTable, NODATA};
use crate::succession::ElevationWindow;
use serde::{Deserialize, Serialize};
use shanshui_engine::{Grid, Landscape};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A zone as written in a scenario. A cell belongs to a geometric zone when its
/// centre lies inside it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ZoneSpec {
    /// Every cell with data. The default.
    #[default]
    Everywhere,
    /// A rectangle in map coordinates, m (`min ≤ centre ≤ max` on both axes).
    Rect {
        /// West edge, m.
        min_x: f64,
        /// South edge, m.
        min_y: f64,
        /// East edge, m.
        max_x: f64,
        /// North edge, m.
        max_y: f64,
    },
    /// A polygon of map-coordinate vertices `(x, y)`, m (even–odd rule; closed
    /// implicitly; at least 3 vertices).
    Polygon(Vec<(f64, f64)>),
    /// A raster mask file (non-zero = inside), resolved by the scenario loader into
    /// [`ZoneInputs::masks`].
    Mask(PathBuf),
    /// Cells of the given classes (checked each year against the land cover), within
    /// an optional elevation window (m rel. mean sea level).
    Classes {
        /// Class names.
        classes: Vec<String>,
        /// Elevation window. Default: none.
        #[serde(default)]
        elevation_m: Option<ElevationWindow>,
    },
    /// Cells of the given management units of [`ZoneInputs::units`].
    Units(Vec<u32>),
}

/// Rasters resolved by the scenario loader, on the simulation grid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ZoneInputs {
    /// Each `Mask` path of the strategy and its raster (`true` = inside).
    pub masks: BTreeMap<PathBuf, Grid<bool>>,
    /// Management-unit id per cell, if the scenario has a unit raster. Triggers are
    /// evaluated per unit when it is given, per zone otherwise.
    pub units: Option<Grid<u32>>,
}

/// What a zone is resolved against.
#[derive(Debug, Clone, Copy)]
pub struct ZoneContext<'a> {
    /// The raster geometry.
    pub landscape: &'a Landscape,
    /// The scenario's classes.
    pub classes: &'a ClassTable,
    /// Initial land cover (class indices), to leave out nodata cells.
    pub cover: &'a Grid<u8>,
    /// Elevation, m rel. mean sea level, if the scenario has one.
    pub elevation: Option<&'a Grid<f32>>,
    /// Resolved masks and units.
    pub inputs: &'a ZoneInputs,
}

/// A resolved zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// Candidate cells, row-major indices, ascending.
    cells: Vec<u32>,
    /// Management unit of each candidate cell (0 without a unit raster).
    units: Vec<u32>,
    /// Where each cell of the grid sits in `cells`.
    members: Members,
    /// Number of candidate cells of each unit.
    sizes: BTreeMap<u32, f64>,
    /// `Some(t)`: a cell is in the zone only while `t[class]`.
    class_filter: Option<Box<[bool; 256]>>,
}

/// Constant-time membership of the candidate cells: one bit per grid cell, and the
/// number of members before each 64-cell word (so a member's bit rank is its position
/// in the ascending candidate list).
#[derive(Debug, Clone, PartialEq)]
struct Members {
    bits: Vec<u64>,
    rank: Vec<u32>,
}

impl Members {
    /// The membership of `cells` (ascending row-major indices).
    fn new(cells: &[u32]) -> Self {
        let words = cells.last().map_or(0, |&i| i as usize / 64 + 1);
        let mut bits = vec![0u64; words];
        for &i in cells {
            bits[i as usize / 64] |= 1 << (i % 64);
        }
        let rank = bits
            .iter()
            .scan(0u32, |before, w| {
                let r = *before;
                *before += w.count_ones();
                Some(r)
            })
            .collect();
        Self { bits, rank }
    }

    /// Position of cell `i` among the candidates, if it is one.
    #[inline]
    fn position(&self, i: u32) -> Option<usize> {
        let (word, bit) = (i as usize / 64, i % 64);
        let w = *self.bits.get(word)?;
        let below = w & ((1u64 << bit) - 1);
        (w >> bit & 1 == 1).then(|| (self.rank[word] + below.count_ones()) as usize)
    }
}

impl Zone {
    /// Resolves `spec` (named `at` in errors).
    pub fn resolve(
        spec: &ZoneSpec,
        ctx: &ZoneContext,
        at: &str,
    ) -> Result<Self, InterventionError> {
        let (w, h) = (ctx.landscape.width, ctx.landscape.height);
        let err = |message: String| InterventionError::Zone {
            at: at.to_owned(),
            message,
        };
        let mut class_filter = None;
        let inside: Box<dyn Fn(usize, usize) -> bool + '_> = match spec {
            ZoneSpec::Everywhere => Box::new(|_, _| true),
            ZoneSpec::Rect {
                min_x,
                min_y,
                max_x,
                max_y,
            } => Box::new(move |x, y| {
                let (cx, cy) = ctx.landscape.cell_centre(x, y);
                (*min_x..=*max_x).contains(&cx) && (*min_y..=*max_y).contains(&cy)
            }),
            ZoneSpec::Polygon(vertices) => {
                if vertices.len() < 3 {
                    return Err(err(format!(
                        "a polygon needs at least 3 vertices, got {}",
                        vertices.len()
                    )));
                }
                Box::new(move |x, y| point_in_polygon(ctx.landscape.cell_centre(x, y), vertices))
            }
            ZoneSpec::Mask(path) => {
                let mask = ctx.inputs.masks.get(path).ok_or_else(|| {
                    err(format!(
                        "mask `{}` was not resolved by the scenario loader",
                        path.display()
                    ))
                })?;
                check_shape(mask.width(), mask.height(), w, h).map_err(err)?;
                Box::new(move |x, y| *mask.get(x, y))
            }
            ZoneSpec::Classes {
                classes,
                elevation_m,
            } => {
                let mut table = Box::new([false; 256]);
                for name in classes {
                    let i = ctx
                        .classes
                        .index_of(name)
                        .ok_or_else(|| err(format!("`{name}` is not a defined class")))?;
                    table[usize::from(i)] = true;
                }
                class_filter = Some(table);
                match (elevation_m, ctx.elevation) {
                    (None, _) => Box::new(|_, _| true),
                    (Some(_), None) => {
                        return Err(err("an elevation window needs an elevation layer".into()));
                    }
                    (Some(win), Some(z)) => Box::new(move |x, y| {
                        let v = f64::from(*z.get(x, y));
                        v >= win.min && v <= win.max
                    }),
                }
            }
            ZoneSpec::Units(ids) => {
                let units = ctx
                    .inputs
                    .units
                    .as_ref()
                    .ok_or_else(|| err("`Units` needs a management-unit raster".into()))?;
                check_shape(units.width(), units.height(), w, h).map_err(err)?;
                Box::new(move |x, y| ids.contains(units.get(x, y)))
            }
        };
        let mut cells = Vec::new();
        for y in 0..h {
            for x in 0..w {
                if *ctx.cover.get(x, y) != NODATA && inside(x, y) {
                    cells.push((y * w + x) as u32);
                }
            }
        }
        let units = match &ctx.inputs.units {
            Some(u) => cells.iter().map(|&i| u.as_slice()[i as usize]).collect(),
            None => vec![0; cells.len()],
        };
        Ok(Self::new(cells, units, class_filter))
    }

    /// A zone of the given cells (ascending row-major indices) in one unit.
    pub fn from_cells(cells: Vec<u32>) -> Self {
        let units = vec![0; cells.len()];
        Self::new(cells, units, None)
    }

    fn new(cells: Vec<u32>, units: Vec<u32>, class_filter: Option<Box<[bool; 256]>>) -> Self {
        Self {
            members: Members::new(&cells),
            sizes: unit_sums(cells.iter().copied().zip(units.iter().copied()), |_| 1.0),
            cells,
            units,
            class_filter,
        }
    }

    /// Candidate cells (row-major indices, ascending) with their unit ids.
    pub fn candidates(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.cells.iter().copied().zip(self.units.iter().copied())
    }

    /// Whether a candidate cell of class `class` is in the zone now.
    #[inline]
    pub fn admits(&self, class: u8) -> bool {
        class != NODATA
            && self
                .class_filter
                .as_ref()
                .is_none_or(|t| t[usize::from(class)])
    }

    /// Cells in the zone now, given the current land cover, with their units.
    pub fn cells_now<'a>(&'a self, cover: &'a Grid<u8>) -> impl Iterator<Item = (u32, u32)> + 'a {
        self.candidates()
            .filter(move |&(i, _)| self.admits(cover.as_slice()[i as usize]))
    }

    /// The cells of `cells` (ascending row-major indices) in the zone now, given the
    /// current land cover, with their units: [`Self::cells_now`] restricted to
    /// `cells`, at a cost that follows `cells` rather than the zone.
    pub fn select<'a>(
        &'a self,
        cells: &'a [u32],
        cover: &'a Grid<u8>,
    ) -> impl Iterator<Item = (u32, u32)> + 'a {
        cells.iter().filter_map(move |&i| {
            let k = self.members.position(i)?;
            self.admits(cover.as_slice()[i as usize])
                .then(|| (i, self.units[k]))
        })
    }

    /// Number of cells of each unit in the zone now (units without one left out).
    /// Candidate cells have data and keep it, so only a class filter changes this.
    pub fn unit_sizes(&self, cover: &Grid<u8>) -> BTreeMap<u32, f64> {
        if self.is_dynamic() {
            unit_sums(self.cells_now(cover), |_| 1.0)
        } else {
            self.sizes.clone()
        }
    }

    /// Whether cell `i` is a candidate of the zone (whatever its class now).
    pub fn contains(&self, i: u32) -> bool {
        self.members.position(i).is_some()
    }

    /// Whether the zone's membership depends on the class of the year.
    pub fn is_dynamic(&self) -> bool {
        self.class_filter.is_some()
    }
}

/// `Σ value(i)` per unit over `cells` (with their units), each unit's values added in
/// the order given.
pub(crate) fn unit_sums(
    cells: impl Iterator<Item = (u32, u32)>,
    value: impl Fn(u32) -> f64,
) -> BTreeMap<u32, f64> {
    let mut sums: BTreeMap<u32, f64> = BTreeMap::new();
    // Cells come in runs of one unit: sum a run, then store it, adding each value to
    // the running total in the same order as cell by cell.
    let mut run: Option<(u32, f64)> = None;
    for (i, unit) in cells {
        if let Some((u, sum)) = run.filter(|&(u, _)| u != unit) {
            sums.insert(u, sum);
            run = None;
        }
        let (_, sum) = run.get_or_insert_with(|| (unit, sums.get(&unit).copied().unwrap_or(0.0)));
        *sum += value(i);
    }
    if let Some((u, sum)) = run {
        sums.insert(u, sum);
    }
    sums
}

fn check_shape(gw: usize, gh: usize, w: usize, h: usize) -> Result<(), String> {
    if (gw, gh) == (w, h) {
        Ok(())
    } else {
        Err(format!("raster is {gw}×{gh} cells but the grid is {w}×{h}"))
    }
}

/// Even–odd test of `p` against the polygon `v`.
fn point_in_polygon((px, py): (f64, f64), v: &[(f64, f64)]) -> bool {
    let mut inside = false;
    let mut j = v.len() - 1;
    for i in 0..v.len() {
        let ((xi, yi), (xj, yj)) = (v[i], v[j]);
        if (yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::LandClass;

    fn ctx_parts() -> (Landscape, ClassTable, Grid<u8>) {
        let land = Landscape {
            width: 4,
            height: 3,
            cell_size_m: 10.0,
            origin_x: 100.0,
            origin_y: 30.0,
            epsg: None,
        };
        let class = |name: &str| LandClass {
            code: 1,
            name: name.into(),
            colour: [0; 3],
            habitat: false,
        };
        let mut cover = Grid::filled(4, 3, 0u8);
        *cover.get_mut(3, 2) = NODATA;
        *cover.get_mut(1, 1) = 1;
        (
            land,
            ClassTable(vec![class("mudflat"), class("pond")]),
            cover,
        )
    }

    fn cells(spec: &ZoneSpec, inputs: &ZoneInputs) -> Result<Vec<u32>, InterventionError> {
        let (land, classes, cover) = ctx_parts();
        let ctx = ZoneContext {
            landscape: &land,
            classes: &classes,
            cover: &cover,
            elevation: None,
            inputs,
        };
        let zone = Zone::resolve(spec, &ctx, "z")?;
        Ok(zone.cells_now(&cover).map(|(i, _)| i).collect())
    }

    #[test]
    fn geometric_zones_select_cells_by_centre() {
        let none = ZoneInputs::default();
        assert_eq!(
            cells(&ZoneSpec::Everywhere, &none).unwrap().len(),
            11,
            "nodata left out"
        );
        let rect = ZoneSpec::Rect {
            min_x: 100.0,
            min_y: 10.0,
            max_x: 120.0,
            max_y: 30.0,
        };
        assert_eq!(cells(&rect, &none).unwrap(), [0, 1, 4, 5]);
        let triangle = ZoneSpec::Polygon(vec![(100.0, 30.0), (140.0, 30.0), (100.0, -10.0)]);
        assert_eq!(cells(&triangle, &none).unwrap(), [0, 1, 2, 4, 5, 8]);
        assert_eq!(
            cells(
                &ZoneSpec::Classes {
                    classes: vec!["pond".into()],
                    elevation_m: None
                },
                &none
            )
            .unwrap(),
            [5]
        );
    }

    #[test]
    fn masks_and_units_come_from_the_loader() {
        let mut inputs = ZoneInputs::default();
        let spec = ZoneSpec::Mask("a.tif".into());
        let e = cells(&spec, &inputs).unwrap_err();
        assert_eq!(
            e.to_string(),
            "z: mask `a.tif` was not resolved by the scenario loader"
        );
        inputs.masks.insert(
            "a.tif".into(),
            Grid::from_vec(4, 3, (0..12).map(|i| i % 5 == 0).collect()).unwrap(),
        );
        assert_eq!(cells(&spec, &inputs).unwrap(), [0, 5, 10]);
        inputs.units = Some(Grid::from_vec(4, 3, (0..12).map(|i| i / 4).collect()).unwrap());
        assert_eq!(
            cells(&ZoneSpec::Units(vec![2]), &inputs).unwrap(),
            [8, 9, 10]
        );
        inputs.units = Some(Grid::filled(2, 2, 0));
        assert!(
            cells(&ZoneSpec::Units(vec![0]), &inputs)
                .unwrap_err()
                .to_string()
                .contains("2×2")
        );
    }

    #[test]
    fn select_and_unit_sizes_agree_with_a_scan_of_the_zone() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let len = 700u32;
        for density in [1, 3, 60] {
            let cells: Vec<u32> = (0..len).filter(|_| next() % 64 < density).collect();
            let units: Vec<u32> = cells.iter().map(|&i| i / 100).collect();
            let mut filter = Box::new([true; 256]);
            filter[2] = false;
            let zone = Zone::new(cells.clone(), units, Some(filter));
            let cover =
                Grid::from_vec(len as usize, 1, (0..len).map(|i| (i % 3) as u8).collect()).unwrap();
            let query: Vec<u32> = (0..len + 70).filter(|_| next() % 4 == 0).collect();
            let expected: Vec<(u32, u32)> = zone
                .cells_now(&cover)
                .filter(|(i, _)| query.contains(i))
                .collect();
            assert_eq!(zone.select(&query, &cover).collect::<Vec<_>>(), expected);
            for i in 0..len + 70 {
                assert_eq!(zone.contains(i), cells.contains(&i), "cell {i}");
            }
            let mut sizes = BTreeMap::new();
            for (_, unit) in zone.cells_now(&cover) {
                *sizes.entry(unit).or_insert(0.0) += 1.0;
            }
            assert_eq!(zone.unit_sizes(&cover), sizes);
        }
    }
}
