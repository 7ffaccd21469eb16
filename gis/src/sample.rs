//! The cell types a raster file can hold (`u8`, `u16`, `i16`, `i32`, `f32`, `f64`) and
//! how each is parsed from and written to text, compared with a NoData value and
//! converted exactly between types.

use std::fmt;
use std::io::{self, Seek, Write};

use tiff::encoder::colortype;

use crate::geotiff::write::{TiffImage, encode_image};

/// The storage type of a raster's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SampleType {
    /// Unsigned 8-bit integer.
    U8,
    /// Unsigned 16-bit integer.
    U16,
    /// Signed 16-bit integer.
    I16,
    /// Signed 32-bit integer.
    I32,
    /// 32-bit IEEE float.
    F32,
    /// 64-bit IEEE float.
    F64,
}

impl SampleType {
    /// The Rust name of the type (`"u8"`, …, `"f64"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::U8 => "u8",
            Self::U16 => "u16",
            Self::I16 => "i16",
            Self::I32 => "i32",
            Self::F32 => "f32",
            Self::F64 => "f64",
        }
    }

    /// What a value of this type looks like, for error messages.
    pub fn expected(self) -> &'static str {
        match self {
            Self::U8 => "a whole number from 0 to 255",
            Self::U16 => "a whole number from 0 to 65535",
            Self::I16 => "a whole number from -32768 to 32767",
            Self::I32 => "a whole number from -2147483648 to 2147483647",
            Self::F32 => "a 32-bit floating-point number",
            Self::F64 => "a number",
        }
    }

    /// Whether the type is a floating-point type.
    pub fn is_float(self) -> bool {
        matches!(self, Self::F32 | Self::F64)
    }
}

impl fmt::Display for SampleType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

pub(crate) mod sealed {
    use std::io::{Seek, Write};

    use crate::geotiff::write::TiffImage;

    /// Per-type GeoTIFF encoding; sealed so that [`super::Sample`] stays closed.
    pub trait Sealed: Sized {
        /// Writes `image` as the only image of `encoder`.
        fn encode_tiff<W: Write + Seek>(
            encoder: &mut tiff::encoder::TiffEncoder<W>,
            image: &TiffImage<'_, Self>,
        ) -> tiff::TiffResult<()>;
    }
}

/// A cell type that Shanshui reads and writes: `u8`, `u16`, `i16`, `i32`, `f32` or `f64`.
/// Sealed: the set of types matches what GeoTIFF files hold.
pub trait Sample:
    Copy + PartialEq + PartialOrd + fmt::Debug + Send + Sync + 'static + sealed::Sealed
{
    /// The storage type.
    const TYPE: SampleType;

    /// Parses one text token. Integers also accept a float spelling of a whole
    /// number in range (`"3.0"`); floats accept `nan` and `inf`.
    fn parse_token(token: &str) -> Option<Self>;

    /// Writes the value as text: integers without decimals, floats in the shortest
    /// form that reads back to the same value (`{:?}`, which switches to exponent
    /// notation for very large or small magnitudes so no token gets hundreds of digits long).
    fn write_token(self, out: &mut impl Write) -> io::Result<()>;

    /// False for NaN and ±infinity; always true for integers.
    fn is_finite(self) -> bool;

    /// True for NaN; always false for integers.
    fn is_nan(self) -> bool;

    /// The value as `f64` (exact for every supported type).
    fn to_f64(self) -> f64;

    /// The value of `v` in this type when it is exactly representable.
    fn from_f64_exact(v: f64) -> Option<Self>;

    /// Whether `self` is the NoData value `nodata`; NaN matches a NaN NoData.
    fn is_nodata(self, nodata: Self) -> bool {
        self == nodata || (self.is_nan() && nodata.is_nan())
    }
}

macro_rules! integer_sample {
    ($t:ty, $variant:ident, $color:ident) => {
        impl sealed::Sealed for $t {
            fn encode_tiff<W: Write + Seek>(
                encoder: &mut tiff::encoder::TiffEncoder<W>,
                image: &TiffImage<'_, Self>,
            ) -> tiff::TiffResult<()> {
                encode_image::<W, colortype::$color>(encoder, image)
            }
        }

        impl Sample for $t {
            const TYPE: SampleType = SampleType::$variant;

            fn parse_token(token: &str) -> Option<Self> {
                token.parse::<$t>().ok().or_else(|| {
                    let v = token.parse::<f64>().ok()?;
                    Self::from_f64_exact(v)
                })
            }

            fn write_token(self, out: &mut impl Write) -> io::Result<()> {
                out.write_all(itoa::Buffer::new().format(self).as_bytes())
            }

            fn is_finite(self) -> bool {
                true
            }

            fn is_nan(self) -> bool {
                false
            }

            fn to_f64(self) -> f64 {
                f64::from(self)
            }

            fn from_f64_exact(v: f64) -> Option<Self> {
                let in_range = v >= f64::from(<$t>::MIN) && v <= f64::from(<$t>::MAX);
                (in_range && v.fract() == 0.0).then(|| v as $t)
            }
        }
    };
}

integer_sample!(u8, U8, Gray8);
integer_sample!(u16, U16, Gray16);
integer_sample!(i16, I16, GrayI16);
integer_sample!(i32, I32, GrayI32);

impl sealed::Sealed for f32 {
    fn encode_tiff<W: Write + Seek>(
        encoder: &mut tiff::encoder::TiffEncoder<W>,
        image: &TiffImage<'_, Self>,
    ) -> tiff::TiffResult<()> {
        encode_image::<W, colortype::Gray32Float>(encoder, image)
    }
}

impl Sample for f32 {
    const TYPE: SampleType = SampleType::F32;

    fn parse_token(token: &str) -> Option<Self> {
        token.parse().ok()
    }

    fn write_token(self, out: &mut impl Write) -> io::Result<()> {
        write!(out, "{self:?}")
    }

    fn is_finite(self) -> bool {
        f32::is_finite(self)
    }

    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }

    fn to_f64(self) -> f64 {
        f64::from(self)
    }

    fn from_f64_exact(v: f64) -> Option<Self> {
        let narrowed = v as f32;
        (f64::from(narrowed) == v || v.is_nan()).then_some(narrowed)
    }
}

impl sealed::Sealed for f64 {
    fn encode_tiff<W: Write + Seek>(
        encoder: &mut tiff::encoder::TiffEncoder<W>,
        image: &TiffImage<'_, Self>,
    ) -> tiff::TiffResult<()> {
        encode_image::<W, colortype::Gray64Float>(encoder, image)
    }
}

impl Sample for f64 {
    const TYPE: SampleType = SampleType::F64;

    fn parse_token(token: &str) -> Option<Self> {
        token.parse().ok()
    }

    fn write_token(self, out: &mut impl Write) -> io::Result<()> {
        write!(out, "{self:?}")
    }

    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }

    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }

    fn to_f64(self) -> f64 {
        self
    }

    fn from_f64_exact(v: f64) -> Option<Self> {
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text<T: Sample>(v: T) -> String {
        let mut out = Vec::new();
        v.write_token(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn integers_take_whole_float_spellings_in_range() {
        assert_eq!(u8::parse_token("3.0"), Some(3));
        assert_eq!(u8::parse_token("256"), None);
        assert_eq!(u8::parse_token("2.5"), None);
        assert_eq!(i16::parse_token("-32768"), Some(i16::MIN));
        assert_eq!(i32::parse_token("nan"), None);
        assert_eq!(text(7u16), "7");
    }

    #[test]
    fn nan_nodata_matches_nan() {
        assert!(f32::NAN.is_nodata(f32::NAN));
        assert!(!1.0f32.is_nodata(f32::NAN));
        assert!((-9999.0f64).is_nodata(-9999.0));
        assert!(!f64::INFINITY.is_nodata(f64::NAN));
    }

    #[test]
    fn extreme_floats_stay_short() {
        assert!(text(1e-300f64).len() < 30);
        assert!(text(f32::MAX).len() < 30);
    }

    proptest! {
        #[test]
        fn f64_text_round_trips(v in any::<f64>().prop_filter("finite", |v| v.is_finite())) {
            prop_assert_eq!(f64::parse_token(&text(v)), Some(v));
        }

        #[test]
        fn f32_text_round_trips(v in any::<f32>().prop_filter("finite", |v| v.is_finite())) {
            prop_assert_eq!(f32::parse_token(&text(v)), Some(v));
        }

        #[test]
        fn i32_text_round_trips(v in any::<i32>()) {
            prop_assert_eq!(i32::parse_token(&text(v)), Some(v));
        }
    }
}
