//! Shanshui's ecological models. Each process is a [`Plugin`](shanshui_engine::Plugin)
//! with its own parameter struct, whose fields document meaning, unit, default and
//! literature source. Models share the per-cell layers defined in [`layers`] and know
//! nothing about files.

pub mod carbon;
pub mod coastal;
pub mod connectivity;
pub mod interventions;
pub mod landcover;
pub mod layers;
pub mod occupancy;
pub mod succession;

/// Random-stream identifiers of the models; each process draws from its own stream so
/// that changing one process never shifts the numbers of another.
pub mod streams {
    use shanshui_engine::StreamId;

    /// Succession transitions.
    pub const SUCCESSION: StreamId = StreamId(1);
    /// Spartina seed dispersal and establishment.
    pub const SPARTINA: StreamId = StreamId(2);
    /// Mangrove propagule establishment and survival.
    pub const MANGROVE: StreamId = StreamId(3);
    /// Native marsh establishment.
    pub const MARSH: StreamId = StreamId(4);
    /// Management interventions (treatment outcomes, planting survival), keyed per
    /// intervention and cell.
    pub const INTERVENTIONS: StreamId = StreamId(5);
    /// Monitoring surveys (detection of Spartina), keyed per cell.
    pub const MONITORING: StreamId = StreamId(6);
    /// The occupancy automaton (the performance reference model).
    pub const OCCUPANCY: StreamId = StreamId(100);
}
