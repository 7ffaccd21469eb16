//! Integration tests of shanshui-viz, one binary:
//! - `images`: rendered charts and maps have the expected content (pixels, legends);
//! - `run`: `plot_run` on a hand-made run folder is complete and deterministic, and the
//!   report is self-contained;
//! - `browser`: headless Chromium renders the report (when `chromium` is on PATH).

mod browser;
mod fixture;
mod images;
mod run;
