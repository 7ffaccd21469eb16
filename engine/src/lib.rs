//! Shanshui's simulation engine. It knows no ecology: it owns dense raster layers
//! ([`Grid`], [`DoubleBuffered`]), the georeferenced [`Landscape`], the [`SimClock`],
//! counter-based random streams ([`RunSeed`], [`StreamKey`]), bounded numbers
//! ([`Probability`], [`NonNegative`]), the ordered step phases ([`SimSet`]), the
//! [`Recorder`] of yearly metrics, the runners ([`Sim`], [`run_indexed`]) and the
//! [`InitialMemo`] that lets simulations of one site share what they derive from it.
//!
//! Models plug into a [`Sim`] through [`Plugin`]: they insert their layers as
//! resources and add systems to one [`SimSet`] phase each.

mod bounded;
mod clock;
mod grid;
mod landscape;
mod memo;
mod random;
mod recorder;
pub mod reduce;
mod runner;
mod schedule;
pub mod stats;

pub use bounded::{BoundError, NonNegative, Probability};
pub use clock::SimClock;
pub use grid::{DoubleBuffered, Grid};
pub use landscape::{Landscape, LandscapeError};
pub use memo::InitialMemo;
pub use random::{RunSeed, StreamId, StreamKey, StreamRng, mix64};
pub use recorder::{MetricSeries, Recorder, Sample};
pub use runner::{Cancelled, Fault, Plugin, Sim, SimError, run_indexed};
pub use schedule::{SimSet, SimStart, SimStep};
