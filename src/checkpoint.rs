//! Checkpoints of `shanshui run`: every finished (strategy, replicate) run is saved as
//! soon as it finishes, so that a run stopped by Ctrl-C or a failure continues with
//! `--resume` without redoing them.
//!
//! The checkpoint of the output folder `OUT` is the hidden folder `.OUT.checkpoint`
//! beside it (the output folder itself still appears complete or not at all):
//!
//! | file | content |
//! |---|---|
//! | `identity.json` | which run the jobs belong to: SHA-256 of the resolved scenario, seed, years, replicates, strategies, SHA-256 of the site (landscape, land cover, elevation) |
//! | `job-S-R.bin` | replicate `R` of strategy number `S` (see [`codec`]) |
//! | `lock` | locked by the process that writes the checkpoint |
//!
//! Every file is written to a temporary name, synced and renamed into place, so a file
//! with a job's name is complete; each job file also carries the identity's hash and a
//! SHA-256 of its contents, and one that does not check out is run again. The folder is
//! removed once the outputs are in place.

pub mod codec;

use crate::exit::{CliResult, bad_input, failure};
use anyhow::{Context, anyhow};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shanshui_scenarios::{ReplicateRun, Scenario, Site};
use shanshui_sweep::ledger::write_atomic;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Version of the checkpoint layout; a checkpoint of another version is not resumed.
const FORMAT: u32 = 1;

/// What a checkpoint's jobs belong to. Two runs with equal identities compute the same
/// jobs bit for bit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// Layout version.
    format: u32,
    /// Version of shanshui that wrote it.
    tool_version: String,
    /// SHA-256 of the resolved scenario (`scenario.ron`).
    scenario_sha256: String,
    /// Scenario seed.
    seed: u64,
    /// Years simulated.
    years: u32,
    /// Replicates per strategy.
    replicates: u32,
    /// Strategies, in run order.
    strategies: Vec<String>,
    /// SHA-256 of the site: geometry, initial land cover and elevation (raster files
    /// may change while the scenario text does not).
    site_sha256: String,
}

impl Identity {
    /// The identity of running `scenario` on `site`.
    pub fn new(scenario: &Scenario, site: &Site) -> Self {
        let mut h = Sha256::new();
        let l = &site.landscape;
        for v in [l.width as u64, l.height as u64] {
            h.update(v.to_le_bytes());
        }
        for v in [l.cell_size_m, l.origin_x, l.origin_y] {
            h.update(v.to_bits().to_le_bytes());
        }
        h.update(l.epsg.map_or(u64::MAX, u64::from).to_le_bytes());
        h.update(site.cover.as_slice());
        for v in site.elevation.0.as_slice() {
            h.update(v.to_bits().to_le_bytes());
        }
        Self {
            format: FORMAT,
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            scenario_sha256: hex(&Sha256::digest(scenario.to_ron().as_bytes())),
            seed: scenario.file.seed,
            years: scenario.file.years,
            replicates: scenario.file.replicates,
            strategies: scenario.strategy_names(),
            site_sha256: hex(&h.finalize()),
        }
    }

    /// The key that job files carry.
    fn key(&self) -> [u8; 32] {
        Sha256::digest(serde_json::to_vec(self).expect("identities serialize")).into()
    }

    /// What differs between the checkpoint's identity `self` and this run's `now`.
    fn differences(&self, now: &Self) -> Vec<String> {
        type Field = (&'static str, fn(&Identity) -> String);
        let fields: [Field; 8] = [
            ("format", |i| i.format.to_string()),
            ("shanshui version", |i| i.tool_version.clone()),
            ("seed", |i| i.seed.to_string()),
            ("years", |i| i.years.to_string()),
            ("replicates", |i| i.replicates.to_string()),
            ("strategies", |i| i.strategies.join(", ")),
            ("resolved scenario SHA-256", |i| i.scenario_sha256.clone()),
            ("site SHA-256", |i| i.site_sha256.clone()),
        ];
        fields
            .iter()
            .filter_map(|(what, get)| {
                let (then, now) = (get(self), get(now));
                (then != now).then(|| format!("{what} {then} (now {now})"))
            })
            .collect()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The checkpoint folder of the output folder `out`: `.NAME.checkpoint` beside it.
pub fn folder_of(out: &Path) -> CliResult<PathBuf> {
    let name = out
        .file_name()
        .ok_or_else(|| bad_input(anyhow!("{} is not a folder name", out.display())))?;
    Ok(out.with_file_name(format!(".{}.checkpoint", name.to_string_lossy())))
}

/// An open checkpoint, locked by this process.
pub struct Checkpoint {
    dir: PathBuf,
    key: [u8; 32],
    strategies: Vec<String>,
    replicates: usize,
    /// Jobs on disk: loaded or saved.
    finished: AtomicUsize,
    _lock: File,
}

/// How a checkpoint was opened.
pub enum Opened {
    /// A new, empty checkpoint (there was none, or it was discarded).
    Fresh,
    /// An existing checkpoint of the same run, to continue.
    Resumed,
    /// `--resume` was asked for but there was no checkpoint: starting from the beginning.
    NothingToResume,
}

impl Checkpoint {
    /// Opens the checkpoint of the output folder `out` for the run `identity`.
    ///
    /// With `resume`, an existing checkpoint must belong to the same run (bad input
    /// otherwise) and is continued. Without it, an existing checkpoint that holds
    /// finished jobs is refused unless `force`, which discards it.
    pub fn open(
        out: &Path,
        identity: &Identity,
        resume: bool,
        force: bool,
    ) -> CliResult<(Self, Opened)> {
        let dir = folder_of(out)?;
        if fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
            return Err(bad_input(anyhow!(
                "{} is in the way of the checkpoint folder (it is not a folder)",
                dir.display()
            )));
        }
        let existed = dir.is_dir();
        fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))
            .map_err(failure)?;
        let lock_path = dir.join("lock");
        let lock = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .with_context(|| format!("cannot open {}", lock_path.display()))
            .map_err(failure)?;
        if lock.try_lock().is_err() {
            return Err(bad_input(anyhow!(
                "another `shanshui run` is writing to {} (its checkpoint {} is locked); wait for it or stop it",
                out.display(),
                dir.display()
            )));
        }
        let checkpoint = Self {
            key: identity.key(),
            strategies: identity.strategies.clone(),
            replicates: identity.replicates as usize,
            finished: AtomicUsize::new(0),
            _lock: lock,
            dir,
        };
        checkpoint.remove_temporaries();
        let identity_path = checkpoint.dir.join("identity.json");
        let previous: Option<Identity> = fs::read(&identity_path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let jobs = checkpoint.job_files()?;
        let opened = match (resume, previous) {
            (true, Some(previous)) => {
                let differences = previous.differences(identity);
                if !differences.is_empty() {
                    return Err(bad_input(anyhow!(
                        "the checkpoint {} belongs to another run: {}. Resume with the scenario and flags of the interrupted run, or run without --resume and with --force to discard its {} finished runs and start over",
                        checkpoint.dir.display(),
                        differences.join("; "),
                        jobs.len()
                    )));
                }
                Opened::Resumed
            }
            (true, None) if jobs.is_empty() => {
                if existed {
                    Opened::Fresh
                } else {
                    Opened::NothingToResume
                }
            }
            (true, None) => {
                return Err(bad_input(anyhow!(
                    "the checkpoint {} has no readable identity.json, so its {} finished runs cannot be checked; run without --resume and with --force to discard them and start over",
                    checkpoint.dir.display(),
                    jobs.len()
                )));
            }
            (false, _) if !jobs.is_empty() && !force => {
                return Err(bad_input(anyhow!(
                    "{} holds {} finished runs of an interrupted run into {}; continue it with --resume, or pass --force to discard them and start over",
                    checkpoint.dir.display(),
                    jobs.len(),
                    out.display()
                )));
            }
            (false, _) => {
                for job in &jobs {
                    fs::remove_file(job)
                        .with_context(|| format!("cannot remove {}", job.display()))
                        .map_err(failure)?;
                }
                Opened::Fresh
            }
        };
        let text = serde_json::to_string_pretty(identity).map_err(failure)? + "\n";
        write_atomic(&identity_path, text.as_bytes()).map_err(failure)?;
        Ok((checkpoint, opened))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of jobs on disk (loaded or saved).
    pub fn finished(&self) -> usize {
        self.finished.load(Ordering::SeqCst)
    }

    /// Total number of jobs of the run.
    pub fn total(&self) -> usize {
        self.strategies.len() * self.replicates
    }

    /// The (strategy, replicate) of job `job` (strategy-major).
    fn job(&self, job: usize) -> (&str, u32) {
        (
            &self.strategies[job / self.replicates],
            (job % self.replicates) as u32,
        )
    }

    /// The file of job `job`.
    fn path(&self, job: usize) -> PathBuf {
        self.dir.join(format!(
            "job-{}-{}.bin",
            job / self.replicates,
            job % self.replicates
        ))
    }

    /// Every job's run found in the checkpoint (strategy-major), `None` for jobs still
    /// to run. A job file that does not check out is reported on stderr and run again.
    pub fn load(&self) -> Vec<Option<ReplicateRun>> {
        let runs: Vec<Option<ReplicateRun>> = (0..self.total())
            .map(|job| {
                let path = self.path(job);
                let bytes = fs::read(&path).ok()?;
                let (strategy, replicate) = self.job(job);
                match codec::decode(&bytes, &self.key, strategy, replicate) {
                    Ok(run) => Some(run),
                    Err(why) => {
                        eprintln!(
                            "warning: ignoring {} ({why}); replicate {replicate} of {strategy} runs again",
                            path.display()
                        );
                        None
                    }
                }
            })
            .collect();
        self.finished
            .store(runs.iter().flatten().count(), Ordering::SeqCst);
        runs
    }

    /// Saves job `job`'s finished run: written aside, synced, renamed into place.
    pub fn save(&self, job: usize, run: &ReplicateRun) -> CliResult {
        let (strategy, replicate) = self.job(job);
        let path = self.path(job);
        write_atomic(&path, &codec::encode(&self.key, strategy, replicate, run))
            .map_err(|e| failure(anyhow!("cannot save a finished run to the checkpoint: {e}")))?;
        self.finished.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    /// Deletes the checkpoint (its runs are no longer needed).
    pub fn remove(self) {
        // Best effort: the outputs are in place; a leftover folder only takes room.
        if let Err(e) = fs::remove_dir_all(&self.dir) {
            eprintln!(
                "warning: cannot remove the checkpoint {}: {e}",
                self.dir.display()
            );
        }
    }

    /// Job files in the folder (any strategy or replicate).
    fn job_files(&self) -> CliResult<Vec<PathBuf>> {
        let entries = fs::read_dir(&self.dir)
            .with_context(|| format!("cannot read {}", self.dir.display()))
            .map_err(failure)?;
        Ok(entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("job-") && n.ends_with(".bin"))
            })
            .collect())
    }

    /// Deletes temporary files left by a process that was killed while saving (the lock
    /// is held, so no one else is writing them).
    fn remove_temporaries(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            let temporary = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.') && n.ends_with(".tmp"));
            if temporary {
                let _ = fs::remove_file(path);
            }
        }
    }
}
