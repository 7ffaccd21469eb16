use crate::common::*;
use std::fs;

/// The default scenario's summary, 10 years × 2 replicates (every strategy), against
/// `tests/golden/`. An intended change of results is accepted by regenerating the file
/// with `SHANSHUI_BLESS=1 cargo test --test integration golden` and reviewing its diff.
#[test]
fn default_scenario_summary_matches_the_golden_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_into(
        &repo("scenarios/xiamen-bay.ron"),
        &dir.path().join("out"),
        &["--years", "10", "--replicates", "2", "--no-plots"],
    );
    let got = fs::read_to_string(run.join("summary.csv")).unwrap();
    let golden = repo("tests/golden/xiamen-bay-10y-2r-summary.csv");
    if std::env::var_os("SHANSHUI_BLESS").is_some() {
        fs::write(&golden, &got).unwrap();
        return;
    }
    let expected = fs::read_to_string(&golden)
        .expect("the golden file exists; create it with SHANSHUI_BLESS=1");
    if got != expected {
        let first = got
            .lines()
            .zip(expected.lines())
            .enumerate()
            .find(|(_, (g, e))| g != e);
        match first {
            Some((line, (g, e))) => panic!(
                "summary.csv differs from {} at line {}:\n  expected: {e}\n  got:      {g}\nIf the change is intended, regenerate with SHANSHUI_BLESS=1.",
                golden.display(),
                line + 1
            ),
            None => panic!(
                "summary.csv has {} lines, the golden file {}",
                got.lines().count(),
                expected.lines().count()
            ),
        }
    }
}
