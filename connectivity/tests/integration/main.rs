//! Integration tests of `shanshui-connectivity`, one binary:
//! - `brute`: an independent, straightforward reference implementation (flood fill,
//!   all cell pairs, Floyd–Warshall, Bellman–Ford) and a seeded generator;
//! - `closed_forms`: results known by hand (one patch, two patches, three collinear
//!   patches, diagonal contact, nodata, IIC on a small graph, errors);
//! - `random`: random small landscapes against `brute`, to 1e-9 relative;
//! - `least_cost`: cost distances and paths against Bellman–Ford;
//! - `determinism`: identical results with 1 and 2 rayon threads;
//! - `timing`: ignored wall-clock figures for the benchmark workloads.

mod brute;
mod closed_forms;
mod determinism;
mod least_cost;
mod random;
mod timing;
