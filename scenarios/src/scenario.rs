//! A validated scenario, and the site (landscape, classes, initial maps) it describes,
//! from which one simulation per (strategy, replicate) is built.

use crate::error::{Problem, ScenarioError};
use crate::locate::Locator;
use crate::parse::{parse_scenario, ron_options};
use crate::schema::{LandscapeSpec, ScenarioFile};
use crate::site::Site;
use crate::validate::{Limits, NATURAL_RECOVERY, validate};
use ron::ser::PrettyConfig;
use shanshui_engine::{RunSeed, Sim};
use shanshui_models::landcover::LandCoverPlugin;
use shanshui_models::layers::LandCover;
use shanshui_models::succession::SuccessionPlugin;
use std::path::{Path, PathBuf};

/// How scenario files are loaded.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LoadOptions {
    /// Limits on sizes.
    pub limits: Limits,
    /// Allow raster paths outside the scenario file's folder.
    pub allow_outside: bool,
}

/// A scenario that parsed and validated.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The parsed file, defaults filled in.
    pub file: ScenarioFile,
    /// Where the file was read from (for messages and relative paths).
    pub origin: PathBuf,
    /// The folder that relative raster paths start from.
    pub base_dir: PathBuf,
    /// The options it was loaded with.
    pub options: LoadOptions,
    /// The text it was parsed from, to locate problems found later.
    source: String,
}

impl Scenario {
    /// Reads and validates the scenario at `path`.
    pub fn load(path: &Path, options: LoadOptions) -> Result<Self, ScenarioError> {
        let bytes = read_limited(path)?;
        let base_dir = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Self::from_bytes(&bytes, path, &base_dir, options)
    }

    /// Parses and validates `bytes`; `origin` names it in messages and raster paths
    /// are relative to `base_dir`.
    pub fn from_bytes(
        bytes: &[u8],
        origin: &Path,
        base_dir: &Path,
        options: LoadOptions,
    ) -> Result<Self, ScenarioError> {
        let file = parse_scenario(bytes, origin)?;
        let scenario = Self {
            file,
            origin: origin.to_owned(),
            base_dir: base_dir.to_owned(),
            options,
            source: String::from_utf8_lossy(bytes).into_owned(),
        };
        scenario.checked()
    }

    /// Applies command-line overrides and validates again.
    pub fn with_overrides(
        mut self,
        seed: Option<u64>,
        years: Option<u32>,
        replicates: Option<u32>,
    ) -> Result<Self, ScenarioError> {
        self.file.seed = seed.unwrap_or(self.file.seed);
        self.file.years = years.unwrap_or(self.file.years);
        self.file.replicates = replicates.unwrap_or(self.file.replicates);
        self.checked()
    }

    /// Validates, locating each problem in the source text.
    fn checked(self) -> Result<Self, ScenarioError> {
        let problems = validate(&self.file, self.options.limits);
        if problems.is_empty() {
            return Ok(self);
        }
        Err(self.invalid(problems))
    }

    /// An error listing `problems`, each located in the source text by its path.
    pub fn invalid(&self, mut problems: Vec<Problem>) -> ScenarioError {
        let locator = Locator::new(&self.source);
        for p in problems.iter_mut().filter(|p| p.at.is_none()) {
            p.at = locator.find(&p.path);
        }
        ScenarioError::Invalid {
            file: self.origin.clone(),
            problems,
        }
    }

    /// Strategy names in run order: `natural_recovery` first.
    pub fn strategy_names(&self) -> Vec<String> {
        std::iter::once(NATURAL_RECOVERY.to_owned())
            .chain(self.file.strategies.iter().map(|s| s.name.clone()))
            .collect()
    }

    /// The resolved scenario as pretty RON (defaults filled in). Loading it again gives
    /// the same scenario.
    pub fn to_ron(&self) -> String {
        let config = PrettyConfig::new().extensions(ron::extensions::Extensions::IMPLICIT_SOME);
        ron_options()
            .to_string_pretty(&self.file, config)
            .expect("scenario types always serialize")
    }

    /// Builds the site: reads rasters or generates the bay.
    pub fn site(&self) -> Result<Site, ScenarioError> {
        Site::build(self)
    }

    /// The simulation of replicate `replicate` of `strategy` on `site`. Replicate k of
    /// every strategy gets the same seed (common random numbers).
    pub fn sim(&self, site: &Site, strategy: &str, replicate: u32) -> Sim {
        let seed = RunSeed::for_replicate(self.file.seed, u64::from(replicate));
        let mut sim = Sim::new(site.landscape, seed);
        sim.world.insert_resource(site.elevation.clone());
        sim.add_plugin(&LandCoverPlugin {
            classes: site.classes.clone(),
            initial: LandCover::new(site.cover.clone(), 0),
        });
        let succession = SuccessionPlugin::new(&self.file.succession, &site.classes)
            .expect("validation checked every class name");
        sim.add_plugin(&succession);
        if let Some(coastal) = &site.coastal {
            sim.add_plugin(coastal);
        }
        if let Some(connectivity) = &site.connectivity {
            sim.add_plugin(connectivity);
        }
        if let Some(carbon) = &site.carbon {
            sim.add_plugin(carbon);
        }
        if let Some(strategy) = site.strategies.get(strategy) {
            sim.add_plugin(strategy);
        }
        sim
    }

    /// Whether the landscape is generated (no files involved).
    pub fn is_generated(&self) -> bool {
        matches!(self.file.landscape, LandscapeSpec::Bay(_))
    }
}

/// Reads a file, refusing one larger than a scenario may be.
fn read_limited(path: &Path) -> Result<Vec<u8>, ScenarioError> {
    use std::io::Read;
    let read_error = |source| ScenarioError::Read {
        file: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(crate::parse::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    Ok(bytes)
}
