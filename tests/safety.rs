use crate::common::*;
use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn a_symlinked_output_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    fs::create_dir(&real).unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = shanshui(&[
        "run",
        data("tiny.ron").to_str().unwrap(),
        "--out",
        link.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is a symbolic link"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_dir(&real).unwrap().count(),
        0,
        "nothing written through the link"
    );
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    fs::write(&file, "keep").unwrap();
    let out = shanshui(&[
        "run",
        data("tiny.ron").to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep");
}

#[test]
fn ctrl_c_stops_a_run_with_exit_130_and_leaves_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let child = Command::new(env!("CARGO_BIN_EXE_shanshui"))
        .args([
            "run",
            "--replicates",
            "200",
            "--out",
            out_dir.to_str().unwrap(),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "stops promptly"
    );
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    assert!(!out_dir.exists(), "no output folder");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no staging folder left"
    );
}

/// A full disk: a 200 KiB tmpfs (needs root to mount; CI runs as root).
#[test]
fn a_full_disk_gives_exit_1_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=200k", "tmpfs"])
        .arg(dir.path())
        .status();
    if !mounted.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs as root and must be able to mount a tmpfs"
        );
        return;
    }
    let out_dir = dir.path().join("out");
    let out = shanshui(&[
        "run",
        data("tiny.ron").to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let listing = fs::read_dir(dir.path()).unwrap().count();
    let _ = Command::new("umount").arg(dir.path()).status();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("No space left on device"),
        "{}",
        stderr(&out)
    );
    assert_eq!(listing, 0, "no partial output");
}
