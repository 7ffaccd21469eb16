//! A sweep file read, checked against its base scenario and expanded into a
//! [`Manifest`] — all before anything runs. Every parameter path must point at a number
//! of the base scenario, and every point's scenario must deserialize and validate.

use crate::check::shape_problems;
use crate::design::expand;
use crate::error::SweepError;
use crate::manifest::Manifest;
use crate::path::{NumberKind, ParamPath};
use crate::schema::{Design, SweepFile};
use rayon::prelude::*;
use serde_json::Value;
use shanshui_scenarios::schema::ScenarioFile;
use shanshui_scenarios::{LoadOptions, Locator, Problem, Scenario, ScenarioError, parse_ron};
use std::path::{Path, PathBuf};

/// A checked sweep: its file, base scenario and manifest.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The sweep file as parsed.
    pub sweep: SweepFile,
    /// The sweep file's text.
    pub source: String,
    /// Where it was read from.
    pub origin: PathBuf,
    /// The base scenario.
    pub base: Scenario,
    /// Every run.
    pub manifest: Manifest,
    parameters: Vec<(ParamPath, NumberKind)>,
    base_value: Value,
}

impl Plan {
    /// Reads and checks the sweep file at `path`.
    pub fn load(path: &Path, options: LoadOptions) -> Result<Self, SweepError> {
        let bytes = std::fs::read(path).map_err(|source| ScenarioError::Read {
            file: path.to_owned(),
            source,
        })?;
        Self::from_bytes(&bytes, path, options)
    }

    /// Checks sweep text read from `origin` (the base path is relative to its folder).
    pub fn from_bytes(
        bytes: &[u8],
        origin: &Path,
        options: LoadOptions,
    ) -> Result<Self, SweepError> {
        let sweep: SweepFile = parse_ron(bytes, origin)?;
        let source = String::from_utf8_lossy(bytes).into_owned();
        let invalid = |problems: Vec<Problem>| located(&source, origin, problems);
        let problems = shape_problems(&sweep);
        if !problems.is_empty() {
            return Err(invalid(problems).into());
        }
        let folder = origin.parent().unwrap_or(Path::new(""));
        let base = Scenario::load(&folder.join(&sweep.base), options).map_err(|e| match e {
            ScenarioError::Read { file, source } => invalid(vec![Problem {
                path: "base".into(),
                at: None,
                message: format!("cannot read the base scenario {}: {source}", file.display()),
            }]),
            invalid_base => invalid_base,
        })?;
        let base_value = serde_json::to_value(&base.file).expect("scenarios serialize to JSON");
        let mut problems = Vec::new();
        let strategies = strategies(&sweep, &base, &mut problems);
        let parameters = parameters(&sweep.design, &base_value, &mut problems);
        if !problems.is_empty() {
            return Err(invalid(problems).into());
        }
        let mut plan = Self {
            manifest: Manifest {
                parameters: sweep
                    .design
                    .paths()
                    .iter()
                    .map(|p| (*p).to_owned())
                    .collect(),
                points: Vec::new(),
                strategies,
                replicates: sweep.replicates,
                seed: base.file.seed,
            },
            sweep,
            source: source.clone(),
            origin: origin.to_owned(),
            base,
            parameters,
            base_value,
        };
        plan.manifest.points = plan.points().map_err(invalid)?;
        Ok(plan)
    }

    /// The scenario of design point `point`: the base with the point's values, validated.
    pub fn scenario_at(&self, point: usize) -> Result<Scenario, String> {
        self.scenario_with(&self.manifest.points[point])
    }

    /// The base scenario with the parameters set to `values`, validated.
    fn scenario_with(&self, values: &[f64]) -> Result<Scenario, String> {
        let mut value = self.base_value.clone();
        for ((path, kind), &v) in self.parameters.iter().zip(values) {
            path.set(&mut value, v, *kind)?;
        }
        let file: ScenarioFile = serde_json::from_value(value).map_err(|e| e.to_string())?;
        let mut scenario = self.base.clone();
        scenario.file = file;
        scenario.with_overrides(None, None, None).map_err(|e| {
            let problems: Vec<String> = e
                .problems()
                .iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect();
            problems.join("; ")
        })
    }

    /// Expands the design, rounds whole-number parameters, and checks every point:
    /// single values first (located at the value), then each point.
    fn points(&self) -> Result<Vec<Vec<f64>>, Vec<Problem>> {
        let base: Vec<f64> = self
            .parameters
            .iter()
            .map(|(p, _)| p.get(&self.base_value).unwrap_or(f64::NAN))
            .collect();
        let mut problems = self.single_value_problems(&base);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut points = expand(&self.sweep.design, &base, self.sweep.seed);
        for point in &mut points {
            for (v, (_, kind)) in point.iter_mut().zip(&self.parameters) {
                if *kind == NumberKind::Integer {
                    *v = v.round();
                }
            }
        }
        // Checked in parallel; the first invalid point in design order is reported.
        let invalid = points
            .par_iter()
            .enumerate()
            .filter_map(|(p, point)| self.scenario_with(point).err().map(|m| (p, m)))
            .find_first(|_| true);
        if let Some((p, message)) = invalid {
            problems.push(Problem {
                path: format!("design.{}", self.sweep.design.kind()),
                at: None,
                message: format!(
                    "point {p} ({}) gives an invalid scenario: {message}",
                    self.describe(&points[p])
                ),
            });
            return Err(problems);
        }
        Ok(points)
    }

    /// Each listed value (or range end) alone, the other parameters at their base values.
    fn single_value_problems(&self, base: &[f64]) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (i, (path, kind)) in self.parameters.iter().enumerate() {
            let entry = self.sweep.design.entry_path(i);
            let values: Vec<(String, f64)> = match &self.sweep.design {
                Design::Grid(parameters) => parameters[i]
                    .values
                    .iter()
                    .enumerate()
                    .map(|(j, &v)| (format!("{entry}.values[{j}]"), v))
                    .collect(),
                Design::LatinHypercube { ranges, .. }
                | Design::Sobol { ranges, .. }
                | Design::Random { ranges, .. }
                | Design::OneAtATime { ranges, .. } => {
                    vec![
                        (format!("{entry}.min"), ranges[i].min),
                        (format!("{entry}.max"), ranges[i].max),
                    ]
                }
            };
            for (at, v) in values {
                let v = if *kind == NumberKind::Integer
                    && !matches!(self.sweep.design, Design::Grid(_))
                {
                    v.round()
                } else {
                    v
                };
                let mut point = base.to_vec();
                point[i] = v;
                if let Err(message) = self.scenario_with(&point) {
                    problems.push(Problem {
                        path: at,
                        at: None,
                        message: format!("`{path}` = {v}: {message}"),
                    });
                }
            }
        }
        problems
    }

    fn describe(&self, point: &[f64]) -> String {
        self.manifest
            .parameters
            .iter()
            .zip(point)
            .map(|(p, v)| format!("{p} = {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The strategies to run, checked against the base scenario.
fn strategies(sweep: &SweepFile, base: &Scenario, problems: &mut Vec<Problem>) -> Vec<String> {
    let known = base.strategy_names();
    let Some(listed) = &sweep.strategies else {
        return known;
    };
    for (i, name) in listed.iter().enumerate() {
        let path = format!("strategies[{i}]");
        if !known.contains(name) {
            let message = format!(
                "`{name}` is not a strategy of the base scenario; it has: {}",
                known.join(", ")
            );
            problems.push(Problem {
                path,
                at: None,
                message,
            });
        } else if listed[..i].contains(name) {
            problems.push(Problem {
                path,
                at: None,
                message: format!("`{name}` is listed twice"),
            });
        }
    }
    listed.clone()
}

/// The parameters' paths and number kinds, checked against the base scenario.
fn parameters(
    design: &Design,
    base: &Value,
    problems: &mut Vec<Problem>,
) -> Vec<(ParamPath, NumberKind)> {
    let (mut out, mut seen) = (Vec::new(), Vec::new());
    for (i, text) in design.paths().into_iter().enumerate() {
        let parsed = ParamPath::parse(text)
            .and_then(|p| Ok((p.kind(base)?, p.full(base)?, p)))
            .and_then(|(kind, full, p)| listed_once(&mut seen, text, full).map(|()| (p, kind)));
        match parsed {
            Ok(parameter) => out.push(parameter),
            Err(message) => problems.push(Problem {
                path: format!("{}.path", design.entry_path(i)),
                at: None,
                message,
            }),
        }
    }
    out
}

/// Notes that the parameter written `text` is `full` in the base scenario; an error if
/// an earlier entry named it differently (`landscape.width` and `landscape.Bay.width`).
/// The same text twice is a shape problem, found without the base scenario.
fn listed_once<'a>(
    seen: &mut Vec<(String, &'a str)>,
    text: &'a str,
    full: String,
) -> Result<(), String> {
    match seen.iter().find(|(f, _)| *f == full) {
        Some((_, first)) if *first != text => Err(format!(
            "`{text}` is `{first}` again (both are `{full}`); list each parameter once"
        )),
        _ => {
            seen.push((full, text));
            Ok(())
        }
    }
}

/// An error listing `problems`, each located in the sweep text by its path.
fn located(source: &str, origin: &Path, mut problems: Vec<Problem>) -> ScenarioError {
    let locator = Locator::new(source);
    for p in &mut problems {
        p.at = locator.find(&p.path);
    }
    ScenarioError::Invalid {
        file: origin.to_owned(),
        problems,
    }
}
