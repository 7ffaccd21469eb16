//! The recorder of yearly metrics: a tidy list of (year, metric, value) samples.

use bevy_ecs::resource::Resource;

/// One recorded value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Years since the start (0 = initial state).
    pub year: u32,
    /// Index into [`MetricSeries::metrics`].
    pub metric: usize,
    /// The value, in the metric's unit (its name carries the unit, e.g. `_ha`).
    pub value: f64,
}

/// Metrics recorded by one run, in recording order.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Recorder {
    series: MetricSeries,
}

/// The records of one run: metric names and samples.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricSeries {
    /// Metric names, in the order they were first recorded.
    pub metrics: Vec<String>,
    /// Samples in recording order.
    pub samples: Vec<Sample>,
}

impl Recorder {
    /// Records `value` for `metric` at `year`. Non-finite values are recorded as they
    /// are and reported by [`Self::first_non_finite`].
    pub fn record(&mut self, year: u32, metric: &str, value: f64) {
        let metrics = &mut self.series.metrics;
        let id = match metrics.iter().position(|m| m == metric) {
            Some(id) => id,
            None => {
                metrics.push(metric.to_owned());
                metrics.len() - 1
            }
        };
        self.series.samples.push(Sample {
            year,
            metric: id,
            value,
        });
    }

    /// The first sample that is NaN or infinite, as (year, metric).
    pub fn first_non_finite(&self) -> Option<(u32, &str)> {
        self.series
            .samples
            .iter()
            .find(|s| !s.value.is_finite())
            .map(|s| (s.year, self.series.metrics[s.metric].as_str()))
    }

    /// The records so far.
    pub fn series(&self) -> &MetricSeries {
        &self.series
    }

    /// The records, consumed.
    pub fn into_series(self) -> MetricSeries {
        self.series
    }
}

impl MetricSeries {
    /// The value of `metric` at `year`, if recorded.
    pub fn value(&self, metric: &str, year: u32) -> Option<f64> {
        let id = self.metrics.iter().position(|m| m == metric)?;
        self.samples
            .iter()
            .find(|s| s.metric == id && s.year == year)
            .map(|s| s.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_by_name() {
        let mut r = Recorder::default();
        r.record(0, "a_ha", 1.0);
        r.record(0, "b_ha", 2.0);
        r.record(1, "a_ha", 3.0);
        assert_eq!(r.series().metrics, ["a_ha", "b_ha"]);
        assert_eq!(r.series().value("a_ha", 1), Some(3.0));
        assert_eq!(r.first_non_finite(), None);
        r.record(2, "b_ha", f64::NAN);
        assert_eq!(r.first_non_finite(), Some((2, "b_ha")));
    }
}
