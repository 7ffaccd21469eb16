//! The report in a real browser: headless Chromium loads `report.html` from disk with
//! networking disabled, and its screenshot must show a rendered page with the charts.
//! Runs when `chromium` is on PATH; skipped otherwise, unless `CI` is set, then it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::fixture::write_run;

fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn screenshot(chromium: &Path, page: &Path, out: &Path) {
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
            "--window-size=1200,3000",
        ])
        .arg(format!("--screenshot={}", out.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    assert!(
        status.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn chromium_renders_the_report_with_its_images() {
    let Some(chromium) = find_chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but chromium is not on PATH"
        );
        eprintln!("skipped: chromium is not on PATH");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path());
    let stop = std::sync::atomic::AtomicBool::new(false);
    let summary = shanshui_viz::plot_run(dir.path(), &stop).unwrap();
    let shot = dir.path().join("shot.png");
    screenshot(&chromium, &summary.report, &shot);
    if let Some(keep) = std::env::var_os("SHANSHUI_VIZ_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
    let image = image::open(&shot).unwrap().to_rgb8();
    assert_eq!(image.dimensions(), (1200, 3000));
    // Decoded charts put their band colours on the page (the first screen holds the time
    // series); a broken image would leave only text and tables on white.
    let band = shanshui_viz::STRATEGY_COLOURS[1];
    let blend = |c: u8| 255.0 + (f64::from(c) - 255.0) * shanshui_viz::BAND_ALPHA;
    let banded = image
        .pixels()
        .filter(|p| {
            p.0.iter()
                .zip([band.0, band.1, band.2])
                .all(|(&v, c)| (f64::from(v) - blend(c)).abs() <= 4.0)
        })
        .count();
    assert!(
        banded > 5_000,
        "only {banded} band-coloured pixels: the charts did not decode"
    );
    let non_white = image.pixels().filter(|p| p.0 != [255, 255, 255]).count();
    assert!(
        non_white > 200_000,
        "page nearly blank: {non_white} non-white pixels"
    );
}
