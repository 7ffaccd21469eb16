//! Checks of a sweep file that need no base scenario: counts, ranges, finite values,
//! repeated parameters and the size of the expanded sweep. Every problem is collected.

use crate::design::point_count;
use crate::schema::{Design, Range, SweepFile};
use shanshui_scenarios::Problem;

/// Most runs one sweep may have (its manifest is held in memory and written as CSV).
pub const MAX_RUNS: u128 = 1 << 24;

/// Most base samples of a Sobol design (the sequence's length).
const MAX_SOBOL_SAMPLES: u32 = 1 << 16;

/// Most parameters of a Sobol design (twice as many dimensions are drawn).
const MAX_SOBOL_PARAMETERS: usize = (sobol_burley::NUM_DIMENSIONS / 2) as usize;

/// Problems of `sweep` found without its base scenario.
pub fn shape_problems(sweep: &SweepFile) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut add = |path: String, message: String| {
        problems.push(Problem {
            path,
            at: None,
            message,
        })
    };
    if sweep.replicates == 0 {
        add("replicates".into(), "must be at least 1".into());
    }
    if sweep.strategies.as_ref().is_some_and(Vec::is_empty) {
        add(
            "strategies".into(),
            "lists no strategy; leave it out to run every strategy of the base scenario".into(),
        );
    }
    let design = &sweep.design;
    let paths = design.paths();
    if paths.is_empty() {
        add(
            format!("design.{}", design.kind()),
            "lists no parameter".into(),
        );
    }
    for (i, path) in paths.iter().enumerate() {
        if paths[..i].contains(path) {
            add(design.entry_path(i), format!("`{path}` is listed twice"));
        }
    }
    design_problems(design, &mut add);
    let runs = point_count(design)
        .saturating_mul(u128::from(sweep.replicates))
        .saturating_mul(sweep.strategies.as_ref().map_or(1, |s| s.len().max(1)) as u128);
    if runs > MAX_RUNS {
        let runs = if runs == u128::MAX {
            "more than 10^38 runs".to_owned()
        } else {
            format!("{runs} runs")
        };
        add(
            format!("design.{}", design.kind()),
            format!(
                "expands to {runs}; at most {MAX_RUNS} are accepted (split it into several sweeps)"
            ),
        );
    }
    problems
}

fn design_problems(design: &Design, add: &mut impl FnMut(String, String)) {
    let kind = design.kind();
    match design {
        Design::Grid(parameters) => {
            for (i, p) in parameters.iter().enumerate() {
                if p.values.is_empty() {
                    add(format!("design.Grid[{i}].values"), "lists no value".into());
                }
                for (j, v) in p.values.iter().enumerate() {
                    if !v.is_finite() {
                        add(
                            format!("design.Grid[{i}].values[{j}]"),
                            format!("{v} is not a finite number"),
                        );
                    }
                }
            }
        }
        Design::LatinHypercube { n, ranges } | Design::Random { n, ranges } => {
            count_problem(*n, u32::MAX, &format!("design.{kind}.n"), add);
            ranges_problems(kind, ranges, add);
        }
        Design::Sobol { n, ranges } => {
            count_problem(*n, MAX_SOBOL_SAMPLES, "design.Sobol.n", add);
            if ranges.len() > MAX_SOBOL_PARAMETERS {
                add(
                    "design.Sobol.ranges".into(),
                    format!(
                        "has {} parameters; a Sobol design takes at most {MAX_SOBOL_PARAMETERS}",
                        ranges.len()
                    ),
                );
            }
            ranges_problems(kind, ranges, add);
        }
        Design::OneAtATime { ranges, levels } => {
            if *levels < 2 {
                add(
                    "design.OneAtATime.levels".into(),
                    format!("{levels} is too few: at least 2 (min and max)"),
                );
            }
            ranges_problems(kind, ranges, add);
        }
    }
}

fn count_problem(n: u32, max: u32, path: &str, add: &mut impl FnMut(String, String)) {
    if n == 0 || n > max {
        add(path.into(), format!("{n} points: give between 1 and {max}"));
    }
}

fn ranges_problems(kind: &str, ranges: &[Range], add: &mut impl FnMut(String, String)) {
    for (i, r) in ranges.iter().enumerate() {
        let at = format!("design.{kind}.ranges[{i}]");
        for (name, v) in [("min", r.min), ("max", r.max)] {
            if !v.is_finite() {
                add(
                    format!("{at}.{name}"),
                    format!("{v} is not a finite number"),
                );
            }
        }
        if r.min.is_finite() && r.max.is_finite() && r.min >= r.max {
            add(
                format!("{at}.max"),
                format!(
                    "max {} is not above min {}; swap them, or use a Grid for a fixed value",
                    r.max, r.min
                ),
            );
        }
    }
}
