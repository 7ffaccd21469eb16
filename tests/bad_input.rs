use crate::common::*;

/// Each malformed scenario, with what its message must say (the problem and its place).
const CASES: &[(&str, &str)] = &[
    ("syntax-error", "5:5: Expected comma"),
    (
        "unknown-field",
        "colour_of_sky @ 5:5: Unexpected field named `colour_of_sky`",
    ),
    ("wrong-type", "years @ 5:11: Expected integer"),
    (
        "probability-out-of-range",
        "@ 41:66: 1.3 is not a probability: expected a number in [0, 1]",
    ),
    (
        "zero-grid",
        "landscape.Bay.width @ 8:9: the grid must have at least one row and one column",
    ),
    ("negative-grid", "landscape.Bay.height @ 9:18"),
    (
        "duplicate-class-code",
        "classes[3].code @ 37:10: code 3 is already used by classes[2]",
    ),
    (
        "undefined-class",
        "succession.transitions[0].to @ 41:31: `meadow` is not a defined class",
    ),
    ("grid-too-large", "exceeds the limit of 67108864 cells"),
    (
        "bad-colour",
        "classes[3].colour @ 37:33: `grey` is not a colour",
    ),
    (
        "probabilities-exceed-one",
        "the rules leaving `mudflat` sum to 1.1 per year",
    ),
    (
        "reserved-strategy",
        "strategies[0].name @ 46:19: `natural_recovery` is the baseline",
    ),
    (
        "unsorted-bands",
        "landscape.Bay.bands[1].up_to_m @ 26:14: bands must be listed from low to high",
    ),
    (
        "nan-elevation",
        "landscape.Bay.relief_m @ 19:9: NaN is not a finite number",
    ),
    (
        "zero-replicates",
        "replicates @ 6:5: 0 replicates is outside 1–100000",
    ),
    (
        "trailing-garbage",
        "47:2: Non-whitespace trailing characters",
    ),
    ("deeply-nested", "strategies[0] @ 46:18"),
    ("very-long-string", "name @ 3:5: must be 1–64 letters"),
    ("missing-field", "missing field named `years`"),
    ("empty", "the file is empty"),
    ("binary-garbage", "1:1: the file is not UTF-8 text"),
    ("truncated", "Expected end of string"),
    // Found while writing the scenario fuzz target (a panic, and two hangs):
    (
        "huge-neighbour-radius",
        "neighbours.at_least @ 44:64: must be between 1 and 6400160000 (the window's size)",
    ),
    (
        "too-many-channels",
        "landscape.Bay.channels @ 22:9: 65535 channels 2000000001 cells wide take 131070000065535 columns, more than the bay's width of 48 cells",
    ),
    (
        "too-many-patches",
        "landscape.Bay.patches[0].count @ 32:30: the patches up to this one would visit about 138934200 cells to place, more than the 16777216 allowed",
    ),
];

#[test]
fn every_bad_scenario_file_is_covered() {
    let files = std::fs::read_dir(data("bad"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "ron")
        })
        .count();
    assert_eq!(
        files,
        CASES.len(),
        "each file in tests/data/bad has an expected message"
    );
}

#[test]
fn validate_rejects_each_bad_scenario_with_a_located_message() {
    for (name, expected) in CASES {
        let path = data(&format!("bad/{name}.ron"));
        let out = shanshui(&["validate", path.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(&format!("{name}.ron")),
            "{name}: the file is named: {err}"
        );
        assert!(
            err.contains(expected),
            "{name}: expected `{expected}` in:\n{err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn run_rejects_each_bad_scenario_without_writing_output() {
    let dir = tempfile::tempdir().unwrap();
    for (name, _) in CASES {
        let out_dir = dir.path().join(name);
        let path = data(&format!("bad/{name}.ron"));
        let out = shanshui(&[
            "run",
            path.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(!out_dir.exists(), "{name}: no output folder");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no staging folder left behind"
    );
}

#[test]
fn a_missing_scenario_file_is_bad_input() {
    let out = shanshui(&["run", "no/such/scenario.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no/such/scenario.ron: cannot read"));
}
