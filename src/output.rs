//! Output folders that appear complete or not at all: everything is written into a
//! hidden staging folder beside the target, which is renamed into place at the end.
//! An interrupted or failed run leaves no half-written output folder.

use crate::exit::{CliResult, bad_input, failure};
use anyhow::{Context, anyhow};
use std::fs;
use std::path::{Path, PathBuf};

/// A staging folder that becomes the output folder on [`Staging::commit`].
pub struct Staging {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares to write `target`. Refuses a non-empty folder unless `force`, and a
    /// target that is a symbolic link or a file.
    pub fn new(target: &Path, force: bool) -> CliResult<Self> {
        check_target(target, force)?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))
            .map_err(failure)?;
        let name = target
            .file_name()
            .ok_or_else(|| bad_input(anyhow!("{} is not a folder name", target.display())))?;
        let temp = parent.join(format!(
            ".{}.partial-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        if temp.exists() {
            fs::remove_dir_all(&temp).map_err(failure)?;
        }
        fs::create_dir(&temp)
            .with_context(|| format!("cannot create {}", temp.display()))
            .map_err(failure)?;
        Ok(Self {
            target: target.to_owned(),
            temp,
            committed: false,
        })
    }

    /// The staging path of `relative` (its folder is created).
    pub fn path(&self, relative: &str) -> CliResult<PathBuf> {
        let path = self.temp.join(relative);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))
                .map_err(failure)?;
        }
        Ok(path)
    }

    /// Writes `contents` to `relative`.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> CliResult {
        let path = self.path(relative)?;
        fs::write(&path, contents)
            .with_context(|| format!("cannot write {}", self.shown(relative)))
            .map_err(failure)
    }

    /// How `relative` will be named once committed, for messages.
    pub fn shown(&self, relative: &str) -> String {
        self.target.join(relative).display().to_string()
    }

    /// Moves the finished folder into place.
    pub fn commit(mut self) -> CliResult<PathBuf> {
        if self.target.exists() {
            fs::remove_dir_all(&self.target)
                .with_context(|| format!("cannot replace {}", self.target.display()))
                .map_err(failure)?;
        }
        fs::rename(&self.temp, &self.target)
            .with_context(|| format!("cannot move the results into {}", self.target.display()))
            .map_err(failure)?;
        self.committed = true;
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Best effort: the error that stopped the run is what the user must see.
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}

fn check_target(target: &Path, force: bool) -> CliResult {
    let Ok(meta) = fs::symlink_metadata(target) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return Err(bad_input(anyhow!(
            "{} is a symbolic link; give a real folder as --out",
            target.display()
        )));
    }
    if !meta.is_dir() {
        return Err(bad_input(anyhow!(
            "{} exists and is not a folder",
            target.display()
        )));
    }
    let empty = fs::read_dir(target)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if !empty && !force {
        return Err(bad_input(anyhow!(
            "{} is not empty; choose another --out or pass --force to replace it",
            target.display()
        )));
    }
    Ok(())
}
