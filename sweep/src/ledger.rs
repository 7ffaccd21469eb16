//! Durable per-run results. Each shard appends one JSON line per finished run to
//! `runs/shard-I-of-N.jsonl` in the output folder and syncs it to disk before the run
//! counts as done, so a kill at any moment loses at most the runs in flight. A torn
//! last line (a kill in the middle of a write) is not a result: readers ignore it and
//! reopening the file cuts it off before appending. Values are read back bit for bit
//! (serde_json's `float_roundtrip`), so `results.csv` holds exactly the values the runs
//! computed.

use crate::error::SweepError;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Folder of the results files inside a sweep's output folder.
pub const RUNS_DIR: &str = "runs";

/// The outcome of one finished run: named values in recording order (`None` for a
/// value that was not a finite number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The run.
    pub run_id: u64,
    /// Outcome values by name.
    pub values: Vec<(String, Option<f64>)>,
}

/// An open results file that records are appended to.
#[derive(Debug)]
pub struct Ledger {
    path: PathBuf,
    file: Mutex<File>,
}

impl Ledger {
    /// Opens (creating) the results file at `path` for appending, after cutting off a
    /// torn last line. Refuses a file that another process is writing.
    pub fn open(path: &Path) -> Result<Self, SweepError> {
        let io = SweepError::io(path);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(SweepError::io(path))?;
        if file.try_lock().is_err() {
            return Err(SweepError::Mismatch {
                path: path.to_owned(),
                message: "another `shanshui sweep run` is writing this shard's results; wait for it or stop it".into(),
            });
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(SweepError::io(path))?;
        let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        file.set_len(complete as u64)
            .map_err(SweepError::io(path))?;
        file.seek(SeekFrom::End(0)).map_err(io)?;
        file.sync_all().map_err(SweepError::io(path))?;
        if let Some(dir) = path.parent() {
            sync_dir(dir)?;
        }
        Ok(Self {
            path: path.to_owned(),
            file: Mutex::new(file),
        })
    }

    /// Appends `record` and syncs it to disk.
    pub fn commit(&self, record: &RunRecord) -> Result<(), SweepError> {
        let mut line = serde_json::to_string(record).expect("records serialize");
        line.push('\n');
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(SweepError::io(&self.path))
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, synced,
/// then renamed over `path`. Readers see the old file or the new one, never a part.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SweepError> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = File::create(&temp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written.map_err(SweepError::io(path))
}

/// Syncs a folder, so that files created in it survive a crash.
pub fn sync_dir(dir: &Path) -> Result<(), SweepError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(SweepError::io(dir))
}

/// The records of one results file; a torn last line is ignored.
pub fn read_records(path: &Path) -> Result<Vec<RunRecord>, SweepError> {
    let bytes = std::fs::read(path).map_err(SweepError::io(path))?;
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let corrupt = |line: usize, message: String| SweepError::Corrupt {
        path: path.to_owned(),
        line,
        message,
    };
    let text = std::str::from_utf8(&bytes[..complete]).map_err(|e| corrupt(1, e.to_string()))?;
    text.lines()
        .enumerate()
        .map(|(i, line)| serde_json::from_str(line).map_err(|e| corrupt(i + 1, e.to_string())))
        .collect()
}

/// The results files of the sweep output folder `dir` (`runs/*.jsonl`), sorted by name.
pub fn results_files(dir: &Path) -> Result<Vec<PathBuf>, SweepError> {
    let runs = dir.join(RUNS_DIR);
    if !runs.exists() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&runs)
        .map_err(SweepError::io(&runs))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    Ok(files)
}

/// Every record of every results file in the sweep output folder `dir`.
pub fn read_folder(dir: &Path) -> Result<Vec<RunRecord>, SweepError> {
    let mut records = Vec::new();
    for file in results_files(dir)? {
        records.extend(read_records(&file)?);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(run_id: u64) -> RunRecord {
        RunRecord {
            run_id,
            values: vec![
                ("area_ha".into(), Some(0.1 + run_id as f64)),
                ("x".into(), None),
            ],
        }
    }

    #[test]
    fn torn_lines_are_dropped_and_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        {
            let ledger = Ledger::open(&path).unwrap();
            ledger.commit(&record(0)).unwrap();
            ledger.commit(&record(1)).unwrap();
        }
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"{\"run_id\":2,\"val").unwrap();
        assert_eq!(read_records(&path).unwrap(), vec![record(0), record(1)]);
        let ledger = Ledger::open(&path).unwrap();
        ledger.commit(&record(2)).unwrap();
        assert_eq!(
            read_records(&path).unwrap(),
            vec![record(0), record(1), record(2)]
        );
    }

    #[test]
    fn values_survive_the_file_bit_for_bit() {
        // 4622951558027705057 came back one ulp off before serde_json's float_roundtrip.
        let values = [
            f64::from_bits(4_622_951_558_027_705_057),
            0.1 + 0.2,
            1.0 / 3.0,
            -2.5e-310,
            f64::MAX,
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        let record = RunRecord {
            run_id: 0,
            values: values.iter().map(|&v| ("v".to_owned(), Some(v))).collect(),
        };
        Ledger::open(&path).unwrap().commit(&record).unwrap();
        let read = read_records(&path).unwrap();
        let bits = |r: &RunRecord| -> Vec<u64> {
            r.values.iter().map(|(_, v)| v.unwrap().to_bits()).collect()
        };
        assert_eq!(bits(&read[0]), bits(&record));
    }

    #[test]
    fn a_second_writer_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        let _first = Ledger::open(&path).unwrap();
        assert!(matches!(
            Ledger::open(&path),
            Err(SweepError::Mismatch { .. })
        ));
    }

    #[test]
    fn corrupt_lines_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, "{\"run_id\":0,\"values\":[]}\nnonsense\n").unwrap();
        let err = read_records(&path).unwrap_err();
        assert!(matches!(err, SweepError::Corrupt { line: 2, .. }), "{err}");
    }
}
