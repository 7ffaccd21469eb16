//! Numbers with a range, as types: a bad value is rejected while it is parsed, with a
//! message that names the range.

use serde::{Deserialize, Serialize};

/// A value outside its type's range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BoundError {
    /// Not a probability.
    #[error("{0} is not a probability: expected a number in [0, 1]")]
    Probability(f64),
    /// Negative or not finite.
    #[error("{0} is not allowed here: expected a finite number ≥ 0")]
    NonNegative(f64),
}

/// A probability in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Probability(f64);

impl Probability {
    /// Wraps `p`, refusing values outside `[0, 1]` (and NaN).
    pub fn new(p: f64) -> Result<Self, BoundError> {
        if (0.0..=1.0).contains(&p) {
            Ok(Self(p))
        } else {
            Err(BoundError::Probability(p))
        }
    }

    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Probability {
    type Error = BoundError;
    fn try_from(p: f64) -> Result<Self, BoundError> {
        Self::new(p)
    }
}

impl From<Probability> for f64 {
    fn from(p: Probability) -> f64 {
        p.0
    }
}

/// A finite number `≥ 0` (a rate, a length, a cost).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct NonNegative(f64);

impl NonNegative {
    /// Wraps `v`, refusing negative, infinite and NaN values.
    pub fn new(v: f64) -> Result<Self, BoundError> {
        if v.is_finite() && v >= 0.0 {
            Ok(Self(v))
        } else {
            Err(BoundError::NonNegative(v))
        }
    }

    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for NonNegative {
    type Error = BoundError;
    fn try_from(v: f64) -> Result<Self, BoundError> {
        Self::new(v)
    }
}

impl From<NonNegative> for f64 {
    fn from(v: NonNegative) -> f64 {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probability_range() {
        assert!(Probability::new(0.0).is_ok());
        assert!(Probability::new(1.0).is_ok());
        assert_eq!(Probability::new(1.3), Err(BoundError::Probability(1.3)));
        assert!(Probability::new(f64::NAN).is_err());
        assert!(Probability::new(-0.1).is_err());
    }

    #[test]
    fn non_negative_range() {
        assert!(NonNegative::new(0.0).is_ok());
        assert!(NonNegative::new(-1.0).is_err());
        assert!(NonNegative::new(f64::INFINITY).is_err());
    }
}
