//! Benchmarks of the Shanshui engine and models live in `benches/benches/`; run them with `cargo bench`.
