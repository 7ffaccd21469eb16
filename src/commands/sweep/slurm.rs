//! `shanshui sweep slurm`: prints a submission script for Slurm — a job array with one
//! shard per task, and a merge job that depends on the whole array (`afterok`).

use super::{LoadArgs, load_plan, prepare_out};
use crate::exit::{CliResult, bad_input, failure};
use anyhow::anyhow;
use std::path::{Path, PathBuf};

/// What the submission script needs.
struct Job {
    shanshui: String,
    sweep: String,
    out: String,
    shards: u64,
    cpus: u32,
    time: Option<String>,
}

/// Checks the sweep and prints its submission script.
pub fn slurm(
    sweep: &Path,
    shards: u64,
    out: Option<&Path>,
    cpus: u32,
    time: Option<&str>,
) -> CliResult {
    if shards == 0 || cpus == 0 {
        return Err(bad_input(anyhow!(
            "--shards and --cpus-per-task must be at least 1"
        )));
    }
    let plan = load_plan(
        sweep,
        &LoadArgs {
            allow_outside: false,
            max_cells: 1 << 26,
        },
    )?;
    if shards > plan.manifest.len() {
        return Err(bad_input(anyhow!(
            "{shards} shards for {} runs: some tasks would have nothing to do",
            plan.manifest.len()
        )));
    }
    let default_out = || PathBuf::from("runs").join(sweep.file_stem().unwrap_or_default());
    let out = absolute(&out.map_or_else(default_out, Path::to_path_buf))?;
    // The manifest is written now, so a bad output folder fails here, not in every task.
    prepare_out(&out, &plan)?;
    let exe = std::env::current_exe().map_err(failure)?;
    let job = Job {
        shanshui: exe.display().to_string(),
        sweep: absolute(sweep)?.display().to_string(),
        out: out.display().to_string(),
        shards,
        cpus,
        time: time.map(str::to_owned),
    };
    print!("{}", script(&job));
    Ok(())
}

fn absolute(path: &Path) -> CliResult<PathBuf> {
    std::path::absolute(path).map_err(|e| failure(anyhow!("{}: {e}", path.display())))
}

/// The submission script.
fn script(job: &Job) -> String {
    let (shanshui, sweep, out) = (quote(&job.shanshui), quote(&job.sweep), quote(&job.out));
    let last = job.shards - 1;
    let time = job
        .time
        .as_ref()
        .map_or_else(String::new, |t| format!("#SBATCH --time={t}\n"));
    format!(
        r#"#!/usr/bin/env bash
# Runs the sweep {sweep} on Slurm: a job array of {n} tasks (task I runs shard I/{n}),
# then a merge job that starts when every task succeeded and writes results.csv.
# Save this script and run it:  bash submit.sh [more sbatch options for the array, e.g. --wait]
# A failed or cancelled task can be resubmitted: its shard resumes where it stopped.
set -euo pipefail
out={out}
mkdir -p "$out/slurm"
cat > "$out/slurm/array.sbatch" <<'SBATCH'
#!/usr/bin/env bash
#SBATCH --job-name=shanshui-sweep
#SBATCH --array=0-{last}
#SBATCH --ntasks=1
#SBATCH --cpus-per-task={cpus}
#SBATCH --output={log}/task-%a.log
{time}set -euo pipefail
exec {shanshui} sweep run {sweep} --out {out} --shard "$SLURM_ARRAY_TASK_ID/{n}" --resume --quiet --threads "${{SLURM_CPUS_PER_TASK:-1}}"
SBATCH
status=0
array=$(sbatch --parsable "$@" "$out/slurm/array.sbatch") || status=$?
array=${{array%%;*}}
if [ "$status" -ne 0 ]; then
    echo "array job ${{array:-?}} failed (sbatch exit $status): see $out/slurm/task-*.log; run this script again to resume the failed shards" >&2
    exit "$status"
fi
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
    --job-name=shanshui-merge --output="$out/slurm/merge.log" \
    --wrap="exec {shanshui} sweep merge {out} --out {out}/results.csv")
echo "array job $array ({n} tasks), merge job $merge -> $out/results.csv"
"#,
        n = job.shards,
        cpus = job.cpus,
        log = quote(&format!("{}/slurm", job.out)),
    )
}

/// Quotes `text` for a POSIX shell.
pub(crate) fn quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%".contains(c))
    {
        return text.to_owned();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_has_the_array_and_the_dependent_merge() {
        let job = Job {
            shanshui: "/opt/bin/shanshui".into(),
            sweep: "/data/my sweep.ron".into(),
            out: "/scratch/out".into(),
            shards: 4,
            cpus: 2,
            time: Some("01:00:00".into()),
        };
        let text = script(&job);
        assert!(text.contains("#SBATCH --array=0-3\n"));
        assert!(text.contains("#SBATCH --time=01:00:00\n"));
        assert!(text.contains("--shard \"$SLURM_ARRAY_TASK_ID/4\""));
        assert!(text.contains("sweep run '/data/my sweep.ron' --out /scratch/out"));
        assert!(text.contains("--dependency=afterok:\"$array\""));
        assert!(text.contains("${SLURM_CPUS_PER_TASK:-1}"));
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("/a/b.ron"), "/a/b.ron");
        assert_eq!(quote("it's"), r"'it'\''s'");
    }
}
