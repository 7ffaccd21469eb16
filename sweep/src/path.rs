//! Parameter paths (`coastal.spartina.clonal_spread_m_per_year`,
//! `strategies[0].interventions[0].budget_cny`) into the serialized scenario: parsing,
//! and reading or replacing the number they point at in a `serde_json::Value`.
//!
//! Working on the serialized form makes every numeric field of the scenario sweepable
//! without a list of sweepable fields: deserializing the modified value back into a
//! `ScenarioFile` type-checks it, and validating that re-checks every rule.
//! An enum variant's name may be omitted: `landscape.width` reaches
//! `landscape.Bay.width` when the base landscape is a `Bay`.

use serde_json::{Number, Value};
use std::fmt;

/// Fields that the sweep itself controls and that may not be swept.
const RESERVED: [(&str, &str); 3] = [
    (
        "seed",
        "every run uses the base scenario's `seed` (common random numbers across points); change it in the base scenario",
    ),
    ("replicates", "set `replicates` in the sweep file instead"),
    ("name", "the scenario's name is not a number"),
];

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// A named field.
    Field(String),
    /// An item of a list.
    Index(usize),
}

/// A parsed parameter path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamPath {
    text: String,
    segments: Vec<Segment>,
}

/// What a path points at in the base scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// A whole number: swept values are rounded to integers (grids must list integers).
    Integer,
    /// A real number.
    Real,
}

impl fmt::Display for ParamPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl ParamPath {
    /// Parses `text`: field names separated by `.`, list indices in `[..]`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut segments = Vec::new();
        for part in text.split('.') {
            let (name, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
            if !is_identifier(name) {
                return Err(format!(
                    "`{text}` is not a parameter path (fields joined by `.`, list items as `[0]`, e.g. `coastal.spartina.clonal_spread_m_per_year`)"
                ));
            }
            segments.push(Segment::Field(name.to_owned()));
            while let Some(inner) = rest.strip_prefix('[') {
                let close = inner
                    .find(']')
                    .ok_or_else(|| format!("`{text}`: `[` without `]`"))?;
                let index = inner[..close]
                    .parse()
                    .map_err(|_| format!("`{text}`: `{}` is not a list index", &inner[..close]))?;
                segments.push(Segment::Index(index));
                rest = &inner[close + 1..];
            }
            if !rest.is_empty() {
                return Err(format!("`{text}`: unexpected `{rest}` after `]`"));
            }
        }
        if let Some((_, why)) = RESERVED.iter().find(|(name, _)| *name == text) {
            return Err(format!("`{text}` cannot be swept: {why}"));
        }
        Ok(Self {
            text: text.to_owned(),
            segments,
        })
    }

    /// The number this path points at in `root`, and whether it is an integer.
    pub fn kind(&self, root: &Value) -> Result<NumberKind, String> {
        let mut root = root.clone();
        let (target, _) = self.locate(&mut root)?;
        match target {
            Value::Number(n) if n.is_f64() => Ok(NumberKind::Real),
            Value::Number(_) => Ok(NumberKind::Integer),
            Value::Null => Ok(NumberKind::Real),
            other => Err(format!(
                "`{self}` is {} in the base scenario, not a number",
                describe(other)
            )),
        }
    }

    /// The number at this path in `root`, if it is one.
    pub fn get(&self, root: &Value) -> Option<f64> {
        let mut root = root.clone();
        self.locate(&mut root).ok()?.0.as_f64()
    }

    /// The path in `root` written in full: with every enum variant named and list
    /// indices as plain numbers. Two paths that reach the same number (such as
    /// `landscape.width` and `landscape.Bay.width`, or `a[0]` and `a[00]`) have the
    /// same full path.
    pub fn full(&self, root: &Value) -> Result<String, String> {
        let mut root = root.clone();
        Ok(self.locate(&mut root)?.1)
    }

    /// Replaces the number at this path in `root` by `value`.
    pub fn set(&self, root: &mut Value, value: f64, kind: NumberKind) -> Result<(), String> {
        let number = match kind {
            NumberKind::Integer if value.fract() == 0.0 && value.abs() < 9.0e15 => {
                Number::from(value as i64)
            }
            NumberKind::Integer => {
                return Err(format!("`{self}` is a whole number; {value} is not"));
            }
            NumberKind::Real => Number::from_f64(value)
                .ok_or_else(|| format!("`{self}`: {value} is not a finite number"))?,
        };
        *self.locate(root)?.0 = Value::Number(number);
        Ok(())
    }

    /// The value at this path, descending through enum variants whose name is omitted,
    /// and the path written in full (see [`Self::full`]).
    fn locate<'a>(&self, root: &'a mut Value) -> Result<(&'a mut Value, String), String> {
        let mut here = root;
        let (mut walked, mut full) = (String::new(), String::new());
        for segment in &self.segments {
            here = step(here, segment, &walked, &mut full)?;
            append(&mut walked, segment);
            append(&mut full, segment);
        }
        Ok((here, full))
    }
}

/// Appends `segment` to `path`, written as in a sweep file.
fn append(path: &mut String, segment: &Segment) {
    match segment {
        Segment::Field(name) if path.is_empty() => path.clone_from(name),
        Segment::Field(name) => *path = format!("{path}.{name}"),
        Segment::Index(i) => *path = format!("{path}[{i}]"),
    }
}

/// One step down from `here` (at path `walked`); the name of an enum variant it
/// passes through is added to `full`.
fn step<'a>(
    here: &'a mut Value,
    segment: &Segment,
    walked: &str,
    full: &mut String,
) -> Result<&'a mut Value, String> {
    let at = if walked.is_empty() {
        "the scenario".to_owned()
    } else {
        format!("`{walked}`")
    };
    match (segment, here) {
        (Segment::Field(name), Value::Object(map)) => {
            if !map.contains_key(name) && is_variant(map) {
                let (variant, inner) = map.iter_mut().next().expect("one variant");
                append(full, &Segment::Field(variant.clone()));
                return step(inner, segment, walked, full);
            }
            let fields: Vec<String> = map.keys().cloned().collect();
            map.get_mut(name).ok_or_else(|| {
                format!(
                    "{at} has no field `{name}`; its fields are: {}",
                    fields.join(", ")
                )
            })
        }
        (Segment::Index(i), Value::Array(items)) => {
            let len = items.len();
            items
                .get_mut(*i)
                .ok_or_else(|| format!("{at} has {len} item{}; [{i}] is past its end", plural(len)))
        }
        (Segment::Field(name), Value::Null) => Err(format!(
            "{at} is not set in the base scenario (the model is off), so `{name}` cannot be swept; set it in the base scenario first"
        )),
        (segment, other) => Err(format!(
            "{at} is {}, so {} does not apply",
            describe(other),
            match segment {
                Segment::Field(name) => format!("field `{name}`"),
                Segment::Index(i) => format!("index [{i}]"),
            }
        )),
    }
}

/// An externally tagged enum variant as serde_json writes it: `{"Bay": {..}}`.
fn is_variant(map: &serde_json::Map<String, Value>) -> bool {
    map.len() == 1 && map.keys().all(|k| k.starts_with(char::is_uppercase))
}

fn is_identifier(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "not set",
        Value::Bool(_) => "a true/false switch",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a group of fields",
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scenario() -> Value {
        json!({"seed": 7, "years": 10,
               "landscape": {"Bay": {"width": 48, "cell_size_m": 10.0}},
               "coastal": {"spartina": {"spread": 1.5}},
               "connectivity": null,
               "strategies": [{"name": "a", "budget": 3.0}]})
    }

    #[test]
    fn sets_fields_items_and_variants() {
        let mut v = scenario();
        let p = ParamPath::parse("coastal.spartina.spread").unwrap();
        assert_eq!(p.kind(&v), Ok(NumberKind::Real));
        p.set(&mut v, 2.5, NumberKind::Real).unwrap();
        assert_eq!(v["coastal"]["spartina"]["spread"], json!(2.5));
        let p = ParamPath::parse("strategies[0].budget").unwrap();
        p.set(&mut v, 9.0, NumberKind::Real).unwrap();
        assert_eq!(v["strategies"][0]["budget"], json!(9.0));
        let p = ParamPath::parse("landscape.width").unwrap();
        assert_eq!(p.kind(&v), Ok(NumberKind::Integer));
        p.set(&mut v, 64.0, NumberKind::Integer).unwrap();
        assert_eq!(v["landscape"]["Bay"]["width"], json!(64));
        assert!(p.set(&mut v, 64.5, NumberKind::Integer).is_err());
    }

    #[test]
    fn aliases_have_one_full_path() {
        let v = scenario();
        let full = |p: &str| ParamPath::parse(p).and_then(|p| p.full(&v)).unwrap();
        assert_eq!(full("landscape.width"), "landscape.Bay.width");
        assert_eq!(full("landscape.Bay.width"), "landscape.Bay.width");
        assert_eq!(full("strategies[00].budget"), "strategies[0].budget");
        assert_eq!(full("strategies[+0].budget"), full("strategies[0].budget"));
        assert_ne!(full("landscape.width"), full("landscape.cell_size_m"));
    }

    #[test]
    fn explains_bad_paths() {
        let v = scenario();
        let kind = |p: &str| ParamPath::parse(p).and_then(|p| p.kind(&v)).unwrap_err();
        assert!(kind("seed").contains("uses the base scenario's `seed`"));
        assert!(kind("coastal.spartina.sprea").contains("its fields are: spread"));
        assert!(kind("strategies[3].budget").contains("has 1 item"));
        assert!(kind("connectivity.d50").contains("not set in the base"));
        assert!(kind("strategies[0].name").contains("text"));
        assert!(kind("coastal..x").contains("not a parameter path"));
        assert!(kind("strategies[x]").contains("not a list index"));
    }
}
