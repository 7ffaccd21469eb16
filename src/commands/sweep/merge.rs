//! `shanshui sweep merge`: the results of one or more sweep folders, checked to hold
//! every run exactly once, as one `results.csv` sorted by run_id.

use super::sweep_error;
use crate::exit::{CliResult, bad_input, failure};
use anyhow::anyhow;
use shanshui_sweep::ledger::{RunRecord, read_folder, write_atomic};
use shanshui_sweep::results::{ManifestTable, complete, results_csv};
use std::path::{Path, PathBuf};

/// Merges the results of `dirs` into `out`.
pub fn merge(dirs: &[PathBuf], out: &Path) -> CliResult {
    let (manifest, records) = load(dirs)?;
    let csv = results_csv(&manifest, &records);
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(bad_input(anyhow!(
            "{} is a symbolic link; give a real file as --out",
            out.display()
        )));
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| failure(anyhow!("cannot create {}: {e}", parent.display())))?;
    }
    write_atomic(out, csv.as_bytes()).map_err(sweep_error)?;
    eprintln!("{} runs → {}", records.len(), out.display());
    Ok(())
}

/// The manifest shared by `dirs` and every run's record, complete and in run_id order.
pub fn load(dirs: &[PathBuf]) -> CliResult<(ManifestTable, Vec<RunRecord>)> {
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut manifest: Option<(String, &Path)> = None;
    let mut records = Vec::new();
    for dir in dirs {
        let path = dir.join("manifest.csv");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            bad_input(anyhow!(
                "{}: {e} (is {} a sweep output folder?)",
                path.display(),
                dir.display()
            ))
        })?;
        match &manifest {
            Some((first, first_dir)) if *first != text => {
                return Err(bad_input(anyhow!(
                    "{} and {} hold different sweeps (their manifest.csv differ)",
                    first_dir.display(),
                    dir.display()
                )));
            }
            Some(_) => {}
            None => manifest = Some((text, dir)),
        }
        let canonical = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if !seen.contains(&canonical) {
            seen.push(canonical);
            records.extend(read_folder(dir).map_err(sweep_error)?);
        }
    }
    let (text, dir) =
        manifest.ok_or_else(|| bad_input(anyhow!("give at least one sweep folder")))?;
    let table = ManifestTable::parse(&text)
        .map_err(|e| bad_input(anyhow!("{}: {e}", dir.join("manifest.csv").display())))?;
    let records = complete(&table, records).map_err(sweep_error)?;
    Ok((table, records))
}
