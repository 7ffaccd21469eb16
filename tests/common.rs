use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

/// Runs `shanshui` with `args`.
pub fn shanshui(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shanshui"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A path under `tests/data`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A path under the repository root.
pub fn repo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts success, showing stderr otherwise.
pub fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\n{}",
        out.status.code(),
        stderr(out)
    );
}

/// Runs `scenario` into `out` with extra `args`; returns the output folder.
pub fn run_into(scenario: &Path, out: &Path, args: &[&str]) -> PathBuf {
    let mut all = vec![
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    all.extend_from_slice(args);
    assert_ok(&shanshui(&all));
    out.to_owned()
}

/// `gdalinfo`, or `None` outside CI when GDAL is not installed (CI must have it).
pub fn gdalinfo(path: &Path) -> Option<serde_json::Value> {
    let out = match std::process::Command::new("gdalinfo")
        .arg("-json")
        .arg(path)
        .output()
    {
        Ok(out) => out,
        Err(_) if std::env::var_os("CI").is_none() => return None,
        Err(e) => panic!("CI must install gdal-bin (apt-get install gdal-bin): {e}"),
    };
    assert!(
        out.status.success(),
        "gdalinfo {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// Sends SIGINT (Ctrl-C) to `child`.
pub fn send_sigint(child: &Child) {
    let pid = child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
}
