//! Monitoring of *Spartina* with detection error: the survey that treatments act on.
//!
//! Every `every_years` years (and at year 0, the baseline), in `SimSet::Monitoring`
//! (after the year's management), each cell with true *Spartina* cover `u > 0` is
//! detected with probability
//!
//! ```text
//! p(u) = detection_probability · min(1, u / full_detection_cover)
//! ```
//!
//! so sparse stands and small patches (low cover) are often missed. A detected cell's
//! cover is observed exactly. The draw of cell `i` in year `t` is
//! `key(streams::MONITORING, t).uniform(i)`, the same in every strategy, so surveys
//! are paired across strategies. Treatments use the latest survey only; a treated cell
//! is struck off it until the next survey. Recorded each year: `spartina_detected_ha`,
//! the area of cells detected by the latest survey (at the time of that survey).

use super::field::{SpartinaClass, SpartinaView};
use crate::streams;
use bevy_ecs::prelude::*;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use shanshui_engine::{Grid, Landscape, Probability, Recorder, RunSeed, SimClock};

/// The survey programme, shared by every strategy of a scenario (natural recovery
/// included) so that surveys and their metrics are paired.
#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MonitoringParams {
    /// Years between surveys (a baseline survey is made at year 0). Default `1`
    /// (yearly patrol of the long-term-control phase, China News Service 2025).
    pub every_years: u32,
    /// Probability of detecting a stand at or above `full_detection_cover`. Default
    /// `0.9` (*assumed*: field patrols plus imagery miss some stands).
    pub detection_probability: Probability,
    /// Cover from which detection is easiest, fraction; below it the probability falls
    /// linearly to 0. Default `0.5` (*assumed*: sparse stands below half cover are
    /// often missed in 10 m imagery, cf. Zhou et al. 2025's 10 m vs 0.9 m mappings).
    pub full_detection_cover: Probability,
    /// Class marking *Spartina* when no cover layer exists (succession-only runs).
    /// Default `"spartina"`.
    pub spartina_class: String,
}

impl Default for MonitoringParams {
    fn default() -> Self {
        Self {
            every_years: 1,
            detection_probability: Probability::new(0.9).expect("a probability"),
            full_detection_cover: Probability::new(0.5).expect("a probability"),
            spartina_class: "spartina".into(),
        }
    }
}

impl MonitoringParams {
    /// Detection probability of a cell with cover `u`.
    #[inline]
    pub fn detection(&self, u: f32) -> f64 {
        if u <= 0.0 {
            return 0.0;
        }
        // At or above full cover the ratio is at least 1 (rounding is monotonic), so
        // dense stands skip the division.
        let (u, full) = (f64::from(u), self.full_detection_cover.get());
        let scale = if u >= full { 1.0 } else { u / full };
        self.detection_probability.get() * scale
    }
}

/// The latest survey: detected *Spartina* cover per cell (0 = not detected).
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct SpartinaSurvey {
    /// Year of the survey, `None` before the baseline.
    pub year: Option<u32>,
    /// Observed cover of detected cells; 0 elsewhere (and on treated cells).
    pub detected: Grid<f32>,
    /// The cells detected at the time of the survey, row-major indices, ascending
    /// (treated cells stay listed; `detected` is 0 there).
    pub cells: Vec<u32>,
}

impl SpartinaSurvey {
    /// An empty survey of a `width × height` grid.
    pub fn new(width: usize, height: usize) -> Self {
        Self {
            year: None,
            detected: Grid::filled(width, height, 0.0),
            cells: Vec::new(),
        }
    }
}

/// Surveys the committed state of `year`.
fn survey(
    params: &MonitoringParams,
    seed: RunSeed,
    year: u32,
    view: &SpartinaView,
    out: &mut SpartinaSurvey,
) {
    let key = seed.key(streams::MONITORING, year);
    let w = out.detected.width().max(1);
    // Only the cells of the last survey can hold a detection: clear those.
    for &i in &out.cells {
        out.detected.as_mut_slice()[i as usize] = 0.0;
    }
    let per_row: Vec<Vec<u32>> = (out.detected.as_mut_slice().par_chunks_mut(w).enumerate())
        .map(|(y, detected)| {
            let mut seen = Vec::new();
            // Written only where seen: empty cells never draw.
            view.for_each_present(y * w..(y + 1) * w, |i, u| {
                if key.uniform(i as u64) < params.detection(u) {
                    detected[i - y * w] = u;
                    seen.push(i as u32);
                }
            });
            seen
        })
        .collect();
    out.year = Some(year);
    out.cells.clear();
    out.cells.extend(per_row.into_iter().flatten());
}

/// Surveys every `every_years` years, in `SimSet::Monitoring`.
pub(crate) fn survey_spartina(
    params: Res<MonitoringParams>,
    seed: Res<RunSeed>,
    clock: Res<SimClock>,
    view: SpartinaView,
    mut out: ResMut<SpartinaSurvey>,
) {
    let year = clock.year();
    if year.is_multiple_of(params.every_years.max(1)) {
        survey(&params, *seed, year, &view, &mut out);
    }
}

/// Records `spartina_detected_ha`; at year 0 it first makes the baseline survey.
pub(crate) fn record_monitoring(
    params: Res<MonitoringParams>,
    seed: Res<RunSeed>,
    clock: Res<SimClock>,
    landscape: Res<Landscape>,
    view: SpartinaView,
    mut out: ResMut<SpartinaSurvey>,
    mut recorder: ResMut<Recorder>,
) {
    let year = clock.year();
    if year == 0 && out.year.is_none() {
        survey(&params, *seed, 0, &view, &mut out);
    }
    let area = landscape.area_ha(out.cells.len() as u64);
    recorder.record(year, "spartina_detected_ha", area);
}

/// The class marking Spartina, resolved from `params`.
pub(crate) fn spartina_class(
    params: &MonitoringParams,
    classes: &crate::layers::ClassTable,
) -> Option<SpartinaClass> {
    classes.index_of(&params.spartina_class).map(SpartinaClass)
}
