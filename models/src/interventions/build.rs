//! Resolution of a [`StrategyParams`](super::spec::StrategyParams) against the
//! scenario: class names to indices, zones to cells, specs to the components of one
//! entity per intervention.

use super::InterventionError;
use super::components::{
    Budget, CorridorPlan, Ends, Method, PlantingPlan, ReclaimPlan, RemovalPlan, Trigger,
};
use super::methods::PlantingSurvival;
use super::spec::{
    Action, BudgetSpec, Corridor, CorridorEnds, InterventionSpec, Plant, PriorityRule,
    RemoveSpartina, TriggerSpec, Window,
};
use super::zones::{Zone, ZoneContext};
use shanshui_connectivity::{HabitatClasses, ResistanceTable};
use shanshui_engine::{Grid, Landscape};

/// One intervention, resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resolved {
    pub zone: Zone,
    pub method: Method,
    pub window: Window,
    pub budget: Budget,
    pub trigger: Option<Trigger>,
    pub priority: PriorityRule,
    /// Forbidden classes of a `Protect`.
    pub forbidden: Option<Box<[bool; 256]>>,
}

/// Resolves intervention `index` of a strategy.
pub(crate) fn resolve(
    index: usize,
    spec: &InterventionSpec,
    ctx: &ZoneContext,
) -> Result<Resolved, InterventionError> {
    let at = spec
        .name
        .clone()
        .unwrap_or_else(|| format!("interventions[{index}]"));
    let r = Resolver { at: &at, ctx };
    let window = r.window(spec.window)?;
    let mut forbidden = None;
    let method = match &spec.action {
        Action::RemoveSpartina(s) => Method::Remove(r.removal(s)?),
        Action::Plant(p) => Method::Plant(r.planting(p)?),
        Action::Corridor(c) => Method::Corridor(Box::new(r.corridor(c)?)),
        Action::Reclaim(c) => Method::Reclaim(ReclaimPlan {
            from: r.class_set(&c.from)?,
            to: r.class(&c.to)?,
            cost_cny_per_ha: c.cost_cny_per_ha.get(),
        }),
        Action::Protect(p) => {
            forbidden = Some(r.class_set(&p.forbidden)?);
            Method::Protect
        }
    };
    let trigger = match &spec.trigger {
        None => None,
        Some(TriggerSpec::SpartinaCoverAbove { fraction }) => {
            Some(Trigger::SpartinaCoverAbove(fraction.get()))
        }
        Some(TriggerSpec::ClassCoverBelow { class, fraction }) => Some(Trigger::ClassCoverBelow {
            class: r.class(class)?,
            fraction: fraction.get(),
        }),
    };
    Ok(Resolved {
        zone: Zone::resolve(&spec.zone, ctx, &format!("{at}.zone"))?,
        method,
        window,
        budget: budget(&spec.budget),
        trigger,
        priority: spec.priority,
        forbidden,
    })
}

fn budget(spec: &BudgetSpec) -> Budget {
    let cap = |v: Option<shanshui_engine::NonNegative>| v.map_or(f64::INFINITY, |v| v.get());
    Budget {
        annual_cny: cap(spec.annual_cny),
        annual_ha: cap(spec.annual_ha),
        rollover: spec.rollover,
        carry_cny: 0.0,
        carry_ha: 0.0,
    }
}

struct Resolver<'a> {
    at: &'a str,
    ctx: &'a ZoneContext<'a>,
}

impl Resolver<'_> {
    fn invalid(&self, message: String) -> InterventionError {
        InterventionError::Invalid {
            at: self.at.to_owned(),
            message,
        }
    }

    fn class(&self, name: &str) -> Result<u8, InterventionError> {
        self.ctx
            .classes
            .index_of(name)
            .ok_or_else(|| InterventionError::UnknownClass {
                at: self.at.to_owned(),
                name: name.to_owned(),
            })
    }

    fn class_set(&self, names: &[String]) -> Result<Box<[bool; 256]>, InterventionError> {
        let mut set = Box::new([false; 256]);
        for n in names {
            set[usize::from(self.class(n)?)] = true;
        }
        Ok(set)
    }

    fn window(&self, w: Window) -> Result<Window, InterventionError> {
        if w.start_year == 0 || w.every_years == 0 || w.end_year.is_some_and(|e| e < w.start_year) {
            return Err(self.invalid(format!(
                "window: need start_year ≥ 1, every_years ≥ 1 and end_year ≥ start_year (got {w:?})"
            )));
        }
        Ok(w)
    }

    fn removal(&self, s: &RemoveSpartina) -> Result<RemovalPlan, InterventionError> {
        let mut efficacy = s.method.efficacy();
        if let Some(c) = s.cost_cny_per_ha {
            efficacy.cost_cny_per_ha = c.get();
        }
        let cleared_to = match &s.cleared_to {
            Some(name) => (self.class(name)?, true),
            None => (self.class("mudflat")?, false),
        };
        let l = self.ctx.landscape;
        Ok(RemovalPlan {
            efficacy,
            follow_up_years: s.follow_up_years,
            cleared_to,
            regrowth_cover: s.regrowth_cover.get() as f32,
            spartina_d50_m: s.spartina_d50_m.get(),
            last_treated: Grid::filled(l.width, l.height, 0),
        })
    }

    fn planting(&self, p: &Plant) -> Result<PlantingPlan, InterventionError> {
        let class = self.class(p.class.as_deref().unwrap_or(p.species.default_class()))?;
        let s = p
            .survival
            .unwrap_or(PlantingSurvival::default_for(p.species));
        Ok(PlantingPlan {
            mangrove: p.species == super::Species::Mangrove,
            class,
            cost_cny_per_ha: p
                .cost_cny_per_ha
                .map_or(p.species.default_cost_cny_per_ha(), |c| c.get()),
            survival: [
                s.fringe,
                s.bare_flat,
                s.after_spartina_removal,
                s.spartina_suppression,
            ]
            .map(|v| v.get()),
            technique: p.technique_survival.map(|v| v.get()),
            initial_cover: p
                .initial_cover
                .map_or(p.species.default_initial_cover(), |v| v.get())
                as f32,
            band: p.elevation_m,
            after_removal_years: p.after_removal_years,
        })
    }

    fn corridor(&self, c: &Corridor) -> Result<CorridorPlan, InterventionError> {
        let codes: Vec<u8> = match &c.habitat_classes {
            Some(names) => names
                .iter()
                .map(|n| self.class(n))
                .collect::<Result<_, _>>()?,
            None => (0..self.ctx.classes.len())
                .filter(|&i| self.ctx.classes.0[i].habitat)
                .map(|i| i as u8)
                .collect(),
        };
        if codes.is_empty() {
            return Err(self.invalid("corridor: no habitat classes".into()));
        }
        let habitat =
            HabitatClasses::from_codes(&codes).map_err(|e| self.invalid(e.to_string()))?;
        let mut resistance =
            ResistanceTable::uniform(1.0).map_err(|e| self.invalid(e.to_string()))?;
        for (name, v) in &c.resistance {
            resistance = resistance
                .with_class(self.class(name)?, v.get())
                .map_err(|e| self.invalid(e.to_string()))?;
        }
        for name in &c.barriers {
            resistance = resistance.with_barrier(self.class(name)?);
        }
        let ends = match &c.between {
            CorridorEnds::Auto { pairs, candidates } => Ends::Auto {
                pairs: *pairs as usize,
                candidates: *candidates as usize,
            },
            CorridorEnds::Points(points) => Ends::Cells(
                points
                    .iter()
                    .map(|&(a, b)| Ok((self.cell(a)?, self.cell(b)?)))
                    .collect::<Result<_, InterventionError>>()?,
            ),
        };
        Ok(CorridorPlan {
            ends,
            half_width: (c.width_cells.max(1) as usize) / 2,
            class: self.class(&c.class)?,
            cost_cny_per_ha: c.cost_cny_per_ha.get(),
            habitat,
            d50_m: c.d50_m.get(),
            resistance,
        })
    }

    /// The cell holding map point `(px, py)`.
    fn cell(&self, (px, py): (f64, f64)) -> Result<(usize, usize), InterventionError> {
        let l: &Landscape = self.ctx.landscape;
        let fx = ((px - l.origin_x) / l.cell_size_m).floor();
        let fy = ((l.origin_y - py) / l.cell_size_m).floor();
        if fx >= 0.0 && fy >= 0.0 && (fx as usize) < l.width && (fy as usize) < l.height {
            Ok((fx as usize, fy as usize))
        } else {
            Err(self.invalid(format!("corridor point ({px}, {py}) lies outside the grid")))
        }
    }
}
