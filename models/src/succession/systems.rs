//! The succession kernel: rules resolved to class indices, neighbour counts from
//! summed-area tables, and the per-cell transition.

use super::params::SuccessionParams;
use crate::landcover::class_cells;
use crate::layers::{ClassTable, Elevation, LandCover};
use crate::streams;
use bevy_ecs::prelude::*;
use rayon::prelude::*;
use shanshui_engine::{Grid, RunSeed, SimClock, StreamKey};

/// A name in the succession rules that is not a class of the scenario.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("succession rule {rule}: `{name}` is not a defined class")]
pub struct CompileError {
    /// Index of the rule in `transitions`.
    pub rule: usize,
    /// The unknown class name.
    pub name: String,
}

/// One rule with class names resolved to indices.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rule {
    to: u8,
    probability: f64,
    min_age_years: u16,
    z_min: f32,
    z_max: f32,
    /// (slot in [`NeighbourCounts`], radius, at least).
    neighbours: Option<(usize, usize, u32)>,
}

/// The rules, grouped by source class, and the classes whose neighbour counts are needed.
#[derive(Resource, Debug, Clone, PartialEq, Default)]
pub struct CompiledRules {
    by_class: Vec<Vec<Rule>>,
    /// The class indices that have rules, ascending ([`NODATA`](crate::layers::NODATA) never has).
    from_classes: Vec<u8>,
    counted_classes: Vec<u8>,
    needs_elevation: bool,
    /// Classes with at least one neighbourhood rule, by class index.
    counts_neighbours: Vec<bool>,
    /// Largest neighbourhood radius of any rule, cells.
    max_radius: usize,
}

impl CompiledRules {
    /// Resolves the class names of `params` against `classes`.
    pub fn compile(params: &SuccessionParams, classes: &ClassTable) -> Result<Self, CompileError> {
        let mut rules = Self {
            by_class: vec![Vec::new(); classes.len()],
            counts_neighbours: vec![false; classes.len()],
            ..Self::default()
        };
        for (i, t) in params.transitions.iter().enumerate() {
            let find = |name: &str| {
                classes.index_of(name).ok_or_else(|| CompileError {
                    rule: i,
                    name: name.to_owned(),
                })
            };
            let (from, to) = (find(&t.from)?, find(&t.to)?);
            let neighbours = match &t.neighbours {
                Some(n) => Some((
                    rules.count_slot(find(&n.class)?),
                    usize::from(n.radius_cells),
                    u32::from(n.at_least),
                )),
                None => None,
            };
            let (z_min, z_max) = t
                .elevation_m
                .map_or((f32::NEG_INFINITY, f32::INFINITY), |w| {
                    (w.min as f32, w.max as f32)
                });
            rules.needs_elevation |= t.elevation_m.is_some();
            if let Some((_, r, _)) = neighbours {
                rules.counts_neighbours[usize::from(from)] = true;
                rules.max_radius = rules.max_radius.max(r);
            }
            rules.by_class[usize::from(from)].push(Rule {
                to,
                probability: t.probability_per_year.get(),
                min_age_years: t.min_age_years,
                z_min,
                z_max,
                neighbours,
            });
        }
        rules.from_classes = (0..rules.by_class.len())
            .filter(|&c| !rules.by_class[c].is_empty())
            .map(|c| c as u8)
            .collect();
        Ok(rules)
    }

    fn count_slot(&mut self, class: u8) -> usize {
        match self.counted_classes.iter().position(|&c| c == class) {
            Some(slot) => slot,
            None => {
                self.counted_classes.push(class);
                self.counted_classes.len() - 1
            }
        }
    }
}

/// Neighbour counts of the counted classes: summed-area tables (one per counted class,
/// reused across steps), or — when few cells ask — direct counts over their windows.
/// Both give the same integers.
#[derive(Resource, Debug, Default)]
pub(crate) struct NeighbourCounts {
    tables: Vec<Vec<u32>>,
    /// Count windows directly in the land cover instead of using the tables.
    direct: bool,
}

impl NeighbourCounts {
    /// Prepares this step's counts: direct counting when the cells with a
    /// neighbourhood rule would read fewer cells than building the tables writes.
    fn prepare(&mut self, cover: &Grid<u8>, rules: &CompiledRules) {
        let asking: u64 = (rules.counts_neighbours.iter().enumerate())
            .filter(|&(_, &asks)| asks)
            .map(|(class, _)| class_cells(cover, class as u8))
            .sum();
        let asking = usize::try_from(asking).unwrap_or(usize::MAX);
        let side = 2 * rules.max_radius + 1;
        let table_writes = 2 * cover.len() * rules.counted_classes.len();
        self.direct = asking.saturating_mul(side).saturating_mul(side) < table_writes;
        if !self.direct {
            self.rebuild(cover, &rules.counted_classes);
        }
    }

    /// Rebuilds the tables for `classes` from `cover`.
    fn rebuild(&mut self, cover: &Grid<u8>, classes: &[u8]) {
        self.tables.resize_with(classes.len(), Vec::new);
        for (table, &class) in self.tables.iter_mut().zip(classes) {
            summed_area(cover, class, table);
        }
    }

    /// Cells of `class` (counted in `slot`) within the Moore window of radius `r`
    /// around `(x, y)` of `cover`.
    #[inline]
    fn window(
        &self,
        (slot, class): (usize, u8),
        cover: &Grid<u8>,
        (x, y): (usize, usize),
        r: usize,
    ) -> u32 {
        let (w, h) = (cover.width(), cover.height());
        let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        if self.direct {
            let in_row = |y: usize| cover.row(y)[x0..x1].iter().filter(|&&c| c == class).count();
            return (y0..y1).map(|y| in_row(y) as u32).sum();
        }
        let t = &self.tables[slot];
        let stride = w + 1;
        t[y1 * stride + x1] + t[y0 * stride + x0] - t[y0 * stride + x1] - t[y1 * stride + x0]
    }
}

/// Fills `table` ((w+1)×(h+1), zero first row and column) with the summed-area table
/// of `cover == class`.
fn summed_area(cover: &Grid<u8>, class: u8, table: &mut Vec<u32>) {
    let (w, h) = (cover.width(), cover.height());
    let stride = w + 1;
    table.clear();
    table.resize(stride * (h + 1), 0);
    table[stride..]
        .par_chunks_mut(stride)
        .enumerate()
        .for_each(|(y, row)| {
            let mut run = 0;
            for (x, &c) in cover.row(y).iter().enumerate() {
                run += u32::from(c == class);
                row[x + 1] = run;
            }
        });
    for y in 1..=h {
        let (above, rest) = table.split_at_mut(y * stride);
        let above = &above[(y - 1) * stride..];
        rest[..stride]
            .iter_mut()
            .zip(above)
            .for_each(|(cell, up)| *cell += up);
    }
}

/// Applies one year of transitions. Reads the committed land cover, ages and elevation;
/// writes the next land cover and ages. Each cell draws from its own keyed stream, so
/// the result is identical for any thread count and any visiting order.
pub(crate) fn advance_succession(
    rules: Res<CompiledRules>,
    clock: Res<SimClock>,
    seed: Res<RunSeed>,
    elevation: Option<Res<Elevation>>,
    mut counts: ResMut<NeighbourCounts>,
    mut cover: ResMut<LandCover>,
) {
    let cover = &mut *cover;
    counts.prepare(cover.class.current(), &rules);
    let key = seed.key(streams::SUCCESSION, clock.step());
    let (classes, next_classes) = cover.class.split_mut();
    let (ages, next_ages) = cover.age_years.split_mut();
    let elevation = elevation.as_deref().map(|e| &e.0);
    let ctx = Context {
        rules: &rules,
        counts: &counts,
        classes,
        ages,
        elevation,
        key,
    };
    next_classes
        .par_rows_mut()
        .zip(next_ages.par_rows_mut())
        .for_each(|((y, class_row), (_, age_row))| ctx.row(y, class_row, age_row));
}

/// Cells per block of the scan for cells of classes with rules: a block is tested
/// with one vectorised comparison per such class.
const SCAN_BLOCK: usize = 32;

/// Read-only inputs of the per-cell rule.
struct Context<'a> {
    rules: &'a CompiledRules,
    counts: &'a NeighbourCounts,
    classes: &'a Grid<u8>,
    ages: &'a Grid<u16>,
    elevation: Option<&'a Grid<f32>>,
    key: StreamKey,
}

impl Context<'_> {
    /// Row `y` after this year: every cell ages by a year, and cells of classes with
    /// rules may change class (age 0).
    fn row(&self, y: usize, class_out: &mut [u8], age_out: &mut [u16]) {
        let (classes, ages) = (self.classes.row(y), self.ages.row(y));
        class_out.copy_from_slice(classes);
        for (out, &age) in age_out.iter_mut().zip(ages) {
            *out = age.saturating_add(1);
        }
        let (blocks, _) = classes.as_chunks::<SCAN_BLOCK>();
        let changing = |b: &[u8; SCAN_BLOCK]| {
            let hits = |from: u8| b.iter().fold(0u8, |acc, &c| acc | u8::from(c == from));
            self.rules
                .from_classes
                .iter()
                .fold(0, |acc, &from| acc | hits(from))
                != 0
        };
        let tail = blocks.len() * SCAN_BLOCK;
        let candidates = (blocks.iter().enumerate())
            .filter(|(_, b)| changing(b))
            .flat_map(|(k, _)| k * SCAN_BLOCK..(k + 1) * SCAN_BLOCK)
            .chain(tail..classes.len());
        for x in candidates {
            let class = classes[x];
            if !self.rules.from_classes.contains(&class) {
                continue;
            }
            let to = self.transition(x, y, class, ages[x]);
            if to != class {
                class_out[x] = to;
                age_out[x] = 0;
            }
        }
    }

    /// The class of cell `(x, y)` after this year.
    #[inline]
    fn transition(&self, x: usize, y: usize, class: u8, age: u16) -> u8 {
        let rules = &self.rules.by_class[usize::from(class)];
        let index = self.classes.index(x, y);
        let u = self.key.uniform(index as u64);
        let z = self.elevation.map_or(0.0, |e| *e.get(x, y));
        let mut cumulative = 0.0;
        for rule in rules {
            let eligible = age >= rule.min_age_years
                && (!self.rules.needs_elevation || (z >= rule.z_min && z <= rule.z_max))
                && rule.neighbours.is_none_or(|(slot, r, at_least)| {
                    let counted = self.rules.counted_classes[slot];
                    let own = u32::from(counted == class);
                    let n = self.counts.window((slot, counted), self.classes, (x, y), r);
                    n - own >= at_least
                });
            if eligible {
                cumulative += rule.probability;
                if u < cumulative {
                    return rule.to;
                }
            }
        }
        class
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Direct window counts equal the summed-area-table counts, edges included.
    #[test]
    fn direct_counts_match_the_tables() {
        let (w, h) = (23, 17);
        let cells = (0..w * h).map(|i| ((i * 7919) % 13 % 3) as u8).collect();
        let cover = Grid::from_vec(w, h, cells).expect("shape");
        let mut tables = NeighbourCounts::default();
        tables.rebuild(&cover, &[1, 2]);
        let direct = NeighbourCounts {
            direct: true,
            ..NeighbourCounts::default()
        };
        for (slot, class) in [(0, 1), (1, 2)] {
            for r in [0, 1, 3, 30] {
                for (x, y) in (0..h).flat_map(|y| (0..w).map(move |x| (x, y))) {
                    assert_eq!(
                        direct.window((slot, class), &cover, (x, y), r),
                        tables.window((slot, class), &cover, (x, y), r),
                        "class {class}, radius {r}, cell ({x}, {y})"
                    );
                }
            }
        }
    }
}
