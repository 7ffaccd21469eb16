//! Cross-field checks of a parsed scenario. Every problem is collected (not just the
//! first), with its field path; the caller adds line and column.

use crate::error::Problem;
use crate::schema::{BayParams, ClassSpec, LandscapeSpec, ScenarioFile, StrategySpec};
use shanshui_engine::Landscape;
use shanshui_models::coastal::{CoastalParams, CoastalPlugin};
use shanshui_models::connectivity::ConnectivityModelParams;
use shanshui_models::layers::{ClassTable, LandClass};
use shanshui_models::succession::{SuccessionParams, TransitionRule};
use std::collections::BTreeMap;

/// The baseline strategy that every run includes.
pub const NATURAL_RECOVERY: &str = "natural_recovery";

/// Limits that protect the machine from scenarios that cannot fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Most cells a landscape may have.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_cells: 1 << 26 }
    }
}

/// Collects every problem of `file`.
pub fn validate(file: &ScenarioFile, limits: Limits) -> Vec<Problem> {
    let mut v = Problems::default();
    check_run(file, &mut v);
    check_classes(&file.classes, &mut v);
    let names: Vec<&str> = file.classes.iter().map(|c| c.name.as_str()).collect();
    check_succession(&file.succession, &names, &mut v);
    check_strategies(&file.strategies, &mut v);
    for (i, class) in file.outputs.presence_classes.iter().enumerate() {
        check_class_ref(
            class,
            &names,
            format!("outputs.presence_classes[{i}]"),
            &mut v,
        );
    }
    if let Some(params) = &file.coastal {
        check_coastal(params, &file.classes, &mut v);
    }
    if let Some(params) = &file.connectivity {
        check_connectivity(params, &file.classes, &mut v);
    }
    match &file.landscape {
        LandscapeSpec::Bay(bay) => check_bay(bay, &names, limits, &mut v),
        LandscapeSpec::Rasters(layers) => {
            for (code, class) in &layers.remap {
                check_class_ref(
                    class,
                    &names,
                    format!("landscape.Rasters.remap.{code}"),
                    &mut v,
                );
            }
            if !layers.elevation_offset_m.is_finite() {
                v.push(
                    "landscape.Rasters.elevation_offset_m",
                    "must be a finite number of metres",
                );
            }
        }
    }
    v.0
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            at: None,
            message: message.into(),
        });
    }
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn check_run(file: &ScenarioFile, v: &mut Problems) {
    let ok_name = !file.name.is_empty()
        && file.name.len() <= 64
        && file
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok_name {
        v.push(
            "name",
            "must be 1–64 letters, digits, `-` or `_` (it names the output folder)",
        );
    }
    if !(1..=1000).contains(&file.years) {
        v.push("years", format!("{} years is outside 1–1000", file.years));
    }
    if !(1..=100_000).contains(&file.replicates) {
        v.push(
            "replicates",
            format!("{} replicates is outside 1–100000", file.replicates),
        );
    }
}

fn check_classes(classes: &[ClassSpec], v: &mut Problems) {
    if classes.is_empty() {
        v.push("classes", "define at least one land-cover class");
    }
    let mut codes = BTreeMap::new();
    let mut names = BTreeMap::new();
    for (i, c) in classes.iter().enumerate() {
        let at = |field: &str| format!("classes[{i}].{field}");
        if c.code == u8::MAX {
            v.push(at("code"), "255 is reserved for nodata; use 0–254");
        }
        if let Some(first) = codes.insert(c.code, i) {
            v.push(
                at("code"),
                format!("code {} is already used by classes[{first}]", c.code),
            );
        }
        if !is_identifier(&c.name) {
            v.push(
                at("name"),
                format!(
                    "`{}` is not an identifier: use lowercase letters, digits and `_`",
                    c.name
                ),
            );
        }
        if let Some(first) = names.insert(c.name.as_str(), i) {
            v.push(
                at("name"),
                format!("`{}` is already the name of classes[{first}]", c.name),
            );
        }
        if parse_colour(&c.colour).is_none() {
            v.push(
                at("colour"),
                format!("`{}` is not a colour: write `#rrggbb`", c.colour),
            );
        }
    }
}

/// Parses `#rrggbb`.
pub fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text
        .strip_prefix('#')
        .filter(|h| h.len() == 6 && h.is_ascii())?;
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn check_class_ref(name: &str, classes: &[&str], path: String, v: &mut Problems) {
    if !classes.contains(&name) {
        v.push(
            path,
            format!(
                "`{name}` is not a defined class (defined: {})",
                classes.join(", ")
            ),
        );
    }
}

fn check_succession(params: &SuccessionParams, classes: &[&str], v: &mut Problems) {
    for (i, rule) in params.transitions.iter().enumerate() {
        check_rule(rule, classes, &format!("succession.transitions[{i}]"), v);
    }
    let mut total: BTreeMap<&str, f64> = BTreeMap::new();
    for rule in &params.transitions {
        *total.entry(rule.from.as_str()).or_default() += rule.probability_per_year.get();
    }
    for (class, p) in total.into_iter().filter(|&(_, p)| p > 1.0 + 1e-12) {
        let first = params
            .transitions
            .iter()
            .position(|r| r.from == class)
            .unwrap_or(0);
        v.push(
            format!("succession.transitions[{first}].probability_per_year"),
            format!("the rules leaving `{class}` sum to {p} per year; competing probabilities must sum to at most 1"),
        );
    }
}

fn check_rule(rule: &TransitionRule, classes: &[&str], at: &str, v: &mut Problems) {
    check_class_ref(&rule.from, classes, format!("{at}.from"), v);
    check_class_ref(&rule.to, classes, format!("{at}.to"), v);
    if rule.from == rule.to {
        v.push(format!("{at}.to"), "a transition must change the class");
    }
    if let Some(w) = rule.elevation_m
        && !(w.min.is_finite() && w.max.is_finite() && w.min <= w.max)
    {
        v.push(
            format!("{at}.elevation_m"),
            format!("[{}, {}] is not an interval of finite metres", w.min, w.max),
        );
    }
    if let Some(n) = &rule.neighbours {
        check_class_ref(&n.class, classes, format!("{at}.neighbours.class"), v);
        if n.radius_cells == 0 {
            v.push(
                format!("{at}.neighbours.radius_cells"),
                "must be at least 1 cell",
            );
        }
        // u64: a radius above 32767 cells overflows a u32 window.
        let window = (2 * u64::from(n.radius_cells) + 1).pow(2) - 1;
        if n.at_least == 0 || u64::from(n.at_least) > window {
            v.push(
                format!("{at}.neighbours.at_least"),
                format!("must be between 1 and {window} (the window's size)"),
            );
        }
    }
}

fn check_connectivity(params: &ConnectivityModelParams, classes: &[ClassSpec], v: &mut Problems) {
    let names: Vec<&str> = classes.iter().map(|c| c.name.as_str()).collect();
    match &params.habitat_classes {
        Some(habitat) => {
            for (i, name) in habitat.iter().enumerate() {
                check_class_ref(
                    name,
                    &names,
                    format!("connectivity.habitat_classes[{i}]"),
                    v,
                );
            }
        }
        None if !classes.iter().any(|c| c.habitat) => {
            v.push(
                "connectivity",
                "no class is habitat: flag classes with `habitat: true` or list `habitat_classes`",
            );
        }
        None => {}
    }
    if !(params.d50_m.is_finite() && params.d50_m > 0.0) {
        v.push(
            "connectivity.d50_m",
            format!("{} is not a positive distance in metres", params.d50_m),
        );
    }
    if params
        .link_distance_m
        .is_some_and(|d| !(d.is_finite() && d >= 0.0))
    {
        v.push(
            "connectivity.link_distance_m",
            "must be a distance in metres ≥ 0",
        );
    }
    if params.monitoring_interval_years == 0 {
        v.push(
            "connectivity.monitoring_interval_years",
            "must be at least 1 year",
        );
    }
}

fn check_coastal(params: &CoastalParams, classes: &[ClassSpec], v: &mut Problems) {
    if let Err(e) = CoastalPlugin::new(params, &class_table(classes)) {
        let text = e.to_string();
        match text.split_once(": ") {
            Some((path, message)) => v.push(path, message),
            None => v.push("coastal", text),
        }
    }
}

/// The classes of a scenario as the models' table (a cell's value indexes it).
pub fn class_table(classes: &[ClassSpec]) -> ClassTable {
    ClassTable(
        classes
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

fn check_strategies(strategies: &[StrategySpec], v: &mut Problems) {
    let mut names = BTreeMap::new();
    for (i, s) in strategies.iter().enumerate() {
        let at = format!("strategies[{i}].name");
        if s.name == NATURAL_RECOVERY {
            v.push(
                at,
                "`natural_recovery` is the baseline and always runs; do not list it",
            );
        } else if !is_identifier(&s.name) {
            v.push(
                at,
                format!(
                    "`{}` is not an identifier: use lowercase letters, digits and `_`",
                    s.name
                ),
            );
        } else if let Some(first) = names.insert(s.name.as_str(), i) {
            v.push(
                at,
                format!("`{}` is already the name of strategies[{first}]", s.name),
            );
        }
    }
}

fn check_bay(bay: &BayParams, classes: &[&str], limits: Limits, v: &mut Problems) {
    if let Err(e) = bay_landscape(bay).check(limits.max_cells) {
        v.push("landscape.Bay.width", e.to_string());
    }
    let fractions = [
        ("shore_fraction", bay.shore_fraction),
        ("headland_fraction", bay.headland_fraction),
    ];
    for (field, f) in fractions {
        if !(0.0..1.0).contains(&f) {
            v.push(
                format!("landscape.Bay.{field}"),
                format!("{f} is outside [0, 1)"),
            );
        }
    }
    if bay.shore_fraction + bay.headland_fraction >= 1.0 {
        v.push(
            "landscape.Bay.headland_fraction",
            "shore_fraction + headland_fraction must be below 1 (the sea must show)",
        );
    }
    let finite = [
        ("shore_elevation_m", bay.shore_elevation_m),
        ("sea_elevation_m", bay.sea_elevation_m),
        ("land_slope_m_per_cell", bay.land_slope_m_per_cell),
        ("relief_m", bay.relief_m),
        ("channel_depth_m", bay.channel_depth_m),
        ("channel_half_width_cells", bay.channel_half_width_cells),
    ];
    for (field, x) in finite.into_iter().filter(|(_, x)| !x.is_finite()) {
        v.push(
            format!("landscape.Bay.{field}"),
            format!("{x} is not a finite number"),
        );
    }
    check_class_ref(
        &bay.channel_class,
        classes,
        "landscape.Bay.channel_class".into(),
        v,
    );
    check_class_ref(
        &bay.land_class,
        classes,
        "landscape.Bay.land_class".into(),
        v,
    );
    for (i, band) in bay.bands.iter().enumerate() {
        check_class_ref(
            &band.class,
            classes,
            format!("landscape.Bay.bands[{i}].class"),
            v,
        );
        if i > 0 && band.up_to_m <= bay.bands[i - 1].up_to_m {
            v.push(
                format!("landscape.Bay.bands[{i}].up_to_m"),
                "bands must be listed from low to high elevation",
            );
        }
    }
    for (i, patch) in bay.patches.iter().enumerate() {
        check_class_ref(
            &patch.class,
            classes,
            format!("landscape.Bay.patches[{i}].class"),
            v,
        );
        if !(patch.radius_cells.is_finite() && patch.radius_cells > 0.0) {
            v.push(
                format!("landscape.Bay.patches[{i}].radius_cells"),
                "must be a positive number of cells",
            );
        }
    }
    check_bay_work(bay, v);
}

/// Cells the bay generator may visit per cell of the landscape (at least
/// [`MIN_WORK_CELLS`] in all), so that a small file cannot keep `validate` busy for hours.
const WORK_PER_CELL: f64 = 16.0;
const MIN_WORK_CELLS: f64 = (1u64 << 20) as f64;

/// Refuses channels and patches whose carving and stamping would visit far more cells
/// than the landscape has: each channel carves up to twice its width on every row, and
/// each patch makes up to 200 placement attempts and stamps a square of up to 1.4 × its
/// radius.
fn check_bay_work(bay: &BayParams, v: &mut Problems) {
    let width = bay.width as f64;
    let cells = width * bay.height as f64;
    let channel_cells = 2.0 * bay.channel_half_width_cells.max(0.5) + 1.0;
    let channels_width = f64::from(bay.channels) * channel_cells;
    if bay.width > 0 && channels_width > width {
        v.push(
            "landscape.Bay.channels",
            format!(
                "{} channels {channel_cells} cells wide take {channels_width} columns, more than the bay's width of {} cells",
                bay.channels, bay.width
            ),
        );
    }
    let budget = WORK_PER_CELL * cells.max(MIN_WORK_CELLS);
    let mut work = 0.0;
    for (i, patch) in bay.patches.iter().enumerate() {
        let side = 2.0 * 1.4 * patch.radius_cells + 3.0;
        work += f64::from(patch.count) * (200.0 + (side * side).min(cells));
        if work > budget {
            v.push(
                format!("landscape.Bay.patches[{i}].count"),
                format!(
                    "the patches up to this one would visit about {work:.0} cells to place, more than the {budget:.0} allowed ({WORK_PER_CELL} per cell of the landscape, at least {MIN_WORK_CELLS} cells); use fewer or smaller patches"
                ),
            );
            break;
        }
    }
}

/// The raster geometry of a generated bay.
pub fn bay_landscape(bay: &BayParams) -> Landscape {
    Landscape {
        width: bay.width,
        height: bay.height,
        cell_size_m: bay.cell_size_m,
        origin_x: bay.origin_x,
        origin_y: bay.origin_y,
        epsg: bay.epsg,
    }
}
