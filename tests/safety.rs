use crate::common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
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

/// The names in `dir`.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file under `dir` (recursively), relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// `manifest.json` without what differs between two runs of the same thing: the command
/// line and the clock.
fn manifest_without_clock(run: &Path) -> serde_json::Value {
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(run.join("manifest.json")).unwrap()).unwrap();
    for key in ["command_line", "started_utc", "finished_utc"] {
        manifest.as_object_mut().unwrap().remove(key);
    }
    manifest
}

/// Sends SIGINT to `child` and waits for it.
fn interrupt(child: std::process::Child) -> std::process::Output {
    send_sigint(&child);
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "stops promptly"
    );
    out
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
    let out = interrupt(child);
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    assert!(!out_dir.exists(), "no output folder");
    // No staging folder; at most the checkpoint of the runs that finished, named with
    // the command that continues.
    let left = names(dir.path());
    assert!(left.is_empty() || left == [".out.checkpoint"], "{left:?}");
    if !left.is_empty() {
        assert!(stderr(&out).contains("--resume"), "{}", stderr(&out));
    }
}

#[test]
fn ctrl_c_keeps_finished_runs_and_resume_gives_the_uninterrupted_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = data("tiny.ron");
    let out = dir.path().join("out");
    let checkpoint = dir.path().join(".out.checkpoint");
    // 120 jobs (tiny has natural recovery only) of 400 years each.
    let settings = [
        "--years",
        "400",
        "--replicates",
        "120",
        "--threads",
        "2",
        "--no-plots",
    ];
    let run_args = |out: &Path, extra: &[&'static str]| {
        let mut args = vec![
            "run".to_owned(),
            tiny.display().to_string(),
            "--out".to_owned(),
            out.display().to_string(),
        ];
        args.extend(settings.iter().chain(extra).map(|s| (*s).to_owned()));
        args
    };
    let jobs = || {
        names(&checkpoint)
            .into_iter()
            .filter(|n| n.starts_with("job-") && n.ends_with(".bin"))
            .collect::<Vec<_>>()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_shanshui"))
        .args(run_args(&out, &[]))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !checkpoint.is_dir() || jobs().is_empty() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before a job was seen"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no job finished"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let interrupted = interrupt(child);
    let message = stderr(&interrupted);
    assert_eq!(interrupted.status.code(), Some(130), "{message}");
    assert!(
        message.contains("runs finished and are kept in"),
        "{message}"
    );
    let command = message
        .lines()
        .skip_while(|l| !l.ends_with("Continue with:"))
        .nth(1)
        .unwrap_or_else(|| panic!("no resume command in: {message}"))
        .trim();
    let expected = format!("shanshui {} --resume", run_args(&out, &[]).join(" "));
    assert_eq!(command, expected);
    assert!(!out.exists(), "no output folder before the run is complete");
    assert_eq!(names(dir.path()), [".out.checkpoint"], "no staging folder");
    let kept = jobs();
    assert!(
        !kept.is_empty() && kept.len() < 120,
        "{} jobs kept",
        kept.len()
    );

    // Other settings are refused and leave the checkpoint alone; so is a run that
    // would start over without saying so.
    let other = run_args(&out, &["--resume", "--seed", "8"]);
    let refused = Command::new(env!("CARGO_BIN_EXE_shanshui"))
        .args(&other)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("belongs to another run: seed 7 (now 8)"),
        "{}",
        stderr(&refused)
    );
    let again = Command::new(env!("CARGO_BIN_EXE_shanshui"))
        .args(run_args(&out, &[]))
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("--resume"), "{}", stderr(&again));
    assert_eq!(jobs(), kept);

    // A damaged job file runs again; a temporary file of a killed save is ignored.
    let damaged = checkpoint.join(&kept[0]);
    let mut bytes = fs::read(&damaged).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    fs::write(&damaged, bytes).unwrap();
    fs::write(checkpoint.join(".job-0-0.bin.1.tmp"), b"half").unwrap();

    // The printed command continues the run.
    let rest = command.strip_prefix("shanshui ").unwrap();
    let resumed = Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' {rest}", env!("CARGO_BIN_EXE_shanshui")))
        .output()
        .unwrap();
    assert_ok(&resumed);
    let message = stderr(&resumed);
    assert!(
        message.contains(&format!(
            "resuming: {} of 120 runs were finished earlier",
            kept.len() - 1
        )),
        "{message}"
    );
    assert!(
        message.contains("warning: ignoring") && message.contains("runs again"),
        "{message}"
    );
    assert!(!checkpoint.exists(), "the checkpoint is removed at the end");
    assert_eq!(names(dir.path()), ["out"]);

    let full = dir.path().join("full");
    assert_ok(
        &Command::new(env!("CARGO_BIN_EXE_shanshui"))
            .args(run_args(&full, &[]))
            .output()
            .unwrap(),
    );
    let (mut resumed, mut uninterrupted) = (tree(&out), tree(&full));
    assert_eq!(manifest_without_clock(&out), manifest_without_clock(&full));
    resumed.remove("manifest.json");
    uninterrupted.remove("manifest.json");
    assert_eq!(
        resumed.keys().collect::<Vec<_>>(),
        uninterrupted.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &resumed {
        assert!(bytes == &uninterrupted[name], "{name} differs");
    }
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
    let listing = names(dir.path());
    let _ = Command::new("umount").arg(dir.path()).status();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("No space left on device"),
        "{}",
        stderr(&out)
    );
    // No partial output; at most the checkpoint of the finished runs, named with the
    // command that continues once there is room.
    assert!(
        listing.is_empty() || listing == [".out.checkpoint"],
        "{listing:?}"
    );
    if !listing.is_empty() {
        assert!(stderr(&out).contains("--resume"), "{}", stderr(&out));
    }
}
