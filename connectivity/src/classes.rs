//! What the land-cover classes mean to connectivity: which classes are habitat
//! ([`HabitatClasses`]) and how hard each class is to cross ([`ResistanceTable`]).
//! Class [`NODATA`] (255) is never habitat and is always impassable.

use crate::ConnectivityError;
use shanshui_engine::Grid;

/// The land-cover value meaning "no data": outside the landscape area `A_L`.
pub const NODATA: u8 = u8::MAX;

/// The set of land-cover classes that count as habitat: a 256-entry lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HabitatClasses {
    is_habitat: [bool; 256],
}

impl HabitatClasses {
    /// Habitat made of the given class codes; [`NODATA`] among them is an error.
    pub fn from_codes(codes: &[u8]) -> Result<Self, ConnectivityError> {
        let mut is_habitat = [false; 256];
        for &code in codes {
            if code == NODATA {
                return Err(ConnectivityError::NodataClass(code));
            }
            is_habitat[usize::from(code)] = true;
        }
        Ok(Self { is_habitat })
    }

    /// Whether `class` is habitat.
    #[inline]
    pub fn contains(&self, class: u8) -> bool {
        self.is_habitat[usize::from(class)]
    }

    /// The habitat codes, ascending.
    pub fn codes(&self) -> Vec<u8> {
        (0..=u8::MAX).filter(|&c| self.contains(c)).collect()
    }

    /// The habitat codes that occur nowhere in `cover`, ascending (for a caller that
    /// wants to warn about or refuse a misspelt habitat code).
    pub fn absent_from(&self, cover: &Grid<u8>) -> Vec<u8> {
        let mut seen = [false; 256];
        for &c in cover.as_slice() {
            seen[usize::from(c)] = true;
        }
        self.codes()
            .into_iter()
            .filter(|&c| !seen[usize::from(c)])
            .collect()
    }
}

/// Resistance to movement of each land-cover class (dimensionless, ≥ 0), or a barrier.
/// A step between two cells costs the mean of their resistances times the step length
/// in metres, so costs are "resistance-weighted metres".
#[derive(Debug, Clone, PartialEq)]
pub struct ResistanceTable {
    /// `f64::INFINITY` marks a barrier; every other entry is finite and ≥ 0.
    per_class: Box<[f64; 256]>,
}

impl ResistanceTable {
    /// Every class gets `value`, except [`NODATA`], which is a barrier.
    pub fn uniform(value: f64) -> Result<Self, ConnectivityError> {
        let mut per_class = Box::new([check_resistance(0, value)?; 256]);
        per_class[usize::from(NODATA)] = f64::INFINITY;
        Ok(Self { per_class })
    }

    /// `default` for every class, then each `(class, value)` of `overrides`.
    pub fn from_pairs(default: f64, overrides: &[(u8, f64)]) -> Result<Self, ConnectivityError> {
        overrides
            .iter()
            .try_fold(Self::uniform(default)?, |t, &(c, v)| t.with_class(c, v))
    }

    /// This table with class `class` set to `value`.
    pub fn with_class(mut self, class: u8, value: f64) -> Result<Self, ConnectivityError> {
        if class == NODATA {
            return Err(ConnectivityError::NodataClass(class));
        }
        self.per_class[usize::from(class)] = check_resistance(class, value)?;
        Ok(self)
    }

    /// This table with class `class` made impassable.
    pub fn with_barrier(mut self, class: u8) -> Self {
        self.per_class[usize::from(class)] = f64::INFINITY;
        self
    }

    /// Resistance of `class`; `None` for a barrier.
    pub fn get(&self, class: u8) -> Option<f64> {
        let r = self.per_class[usize::from(class)];
        r.is_finite().then_some(r)
    }

    /// Per-cell resistance of `cover`, `f64::INFINITY` on barriers and nodata.
    pub fn surface(&self, cover: &Grid<u8>) -> Grid<f64> {
        cover.map(|&c| self.per_class[usize::from(c)])
    }
}

fn check_resistance(class: u8, value: f64) -> Result<f64, ConnectivityError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(ConnectivityError::Resistance { class, value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn habitat_lookup_and_absent_codes() {
        let h = HabitatClasses::from_codes(&[3, 7]).unwrap();
        assert!(h.contains(3) && h.contains(7) && !h.contains(4));
        let cover = Grid::from_vec(2, 1, vec![3, 1]).unwrap();
        assert_eq!(h.absent_from(&cover), vec![7]);
        assert!(HabitatClasses::from_codes(&[255]).is_err());
    }

    #[test]
    fn resistance_is_checked() {
        assert!(ResistanceTable::uniform(-1.0).is_err());
        assert!(ResistanceTable::uniform(f64::NAN).is_err());
        let t = ResistanceTable::from_pairs(1.0, &[(2, 5.0)])
            .unwrap()
            .with_barrier(3);
        assert_eq!(
            (t.get(2), t.get(3), t.get(NODATA), t.get(0)),
            (Some(5.0), None, None, Some(1.0))
        );
        assert!(t.clone().with_class(4, f64::INFINITY).is_err());
        assert!(t.with_class(NODATA, 1.0).is_err());
    }
}
