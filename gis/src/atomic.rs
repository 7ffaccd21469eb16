//! Atomic file output: data goes to a temporary file in the target's folder, is flushed
//! to disk, then renamed over the target, so an interrupted write never leaves a file
//! that looks complete. On any error the temporary file is removed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::GisError;

/// Distinguishes temporary files of concurrent writes within one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Removes the temporary file unless the write was committed.
struct TempGuard {
    path: PathBuf,
    committed: bool,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if !self.committed {
            // Best effort: the original error is what the caller needs to see.
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Writes `path` atomically: `fill` writes the content into a buffered temporary file.
pub(crate) fn write_atomically<F>(path: &Path, fill: F) -> Result<(), GisError>
where
    F: FnOnce(&mut BufWriter<File>) -> io::Result<()>,
{
    let wrap = |source| GisError::Write {
        path: path.to_path_buf(),
        source,
    };
    let temp = temp_path(path).map_err(wrap)?;
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(wrap)?;
    let mut guard = TempGuard {
        path: temp,
        committed: false,
    };
    let mut out = BufWriter::new(file);
    fill(&mut out).map_err(wrap)?;
    out.flush().map_err(wrap)?;
    let file = out.into_inner().map_err(|e| wrap(e.into_error()))?;
    file.sync_all().map_err(wrap)?;
    drop(file);
    fs::rename(&guard.path, path).map_err(wrap)?;
    guard.committed = true;
    Ok(())
}

/// `<dir>/.<name>.<pid>-<n>.tmp`, next to `path` so the rename stays on one file system.
fn temp_path(path: &Path) -> io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "the output path has no file name",
        )
    })?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp_name = format!(".{}.{}-{n}.tmp", name.to_string_lossy(), std::process::id());
    Ok(path.with_file_name(temp_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.txt");
        write_atomically(&target, |w| w.write_all(b"complete")).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"complete");

        let failed = write_atomically(&target, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("disk full"))
        });
        assert!(matches!(failed, Err(GisError::Write { .. })));
        assert_eq!(fs::read(&target).unwrap(), b"complete");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temporary file left behind"
        );
    }

    #[test]
    fn missing_folder_is_a_write_error() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no/such/dir/a.txt");
        let err = write_atomically(&target, |w| w.write_all(b"x")).unwrap_err();
        assert!(err.to_string().contains("cannot write"), "{err}");
    }
}
