//! The GeoTIFF georeference: ModelPixelScale (33550), ModelTiepoint (33922),
//! ModelTransformation (34264) and the GeoKeyDirectory (34735), turned into a
//! [`Landscape`] and back. Only north-up rasters with square cells are accepted.

use shanshui_engine::Landscape;

use crate::GeoTiffProblem;

/// TIFF tag numbers of the GeoTIFF and GDAL extensions.
pub(crate) mod tag {
    /// Cell size in x, y, z.
    pub const MODEL_PIXEL_SCALE: u16 = 33550;
    /// Raster point (i, j, k) ↔ model point (x, y, z).
    pub const MODEL_TIEPOINT: u16 = 33922;
    /// Full affine raster → model matrix, 4×4.
    pub const MODEL_TRANSFORMATION: u16 = 34264;
    /// The GeoKeys.
    pub const GEO_KEY_DIRECTORY: u16 = 34735;
    /// GDAL's NoData value, as ASCII.
    pub const GDAL_NODATA: u16 = 42113;
}

/// GeoKey ids and values used here (GeoTIFF 1.1, OGC 19-008r4).
mod key {
    pub const MODEL_TYPE: u16 = 1024;
    pub const RASTER_TYPE: u16 = 1025;
    pub const GEOGRAPHIC_TYPE: u16 = 2048;
    pub const GEOG_ANGULAR_UNITS: u16 = 2054;
    pub const PROJECTED_CS_TYPE: u16 = 3072;
    pub const MODEL_PROJECTED: u16 = 1;
    pub const MODEL_GEOGRAPHIC: u16 = 2;
    pub const PIXEL_IS_AREA: u16 = 1;
    pub const PIXEL_IS_POINT: u16 = 2;
    pub const ANGULAR_DEGREE: u16 = 9102;
    pub const USER_DEFINED: u16 = 32767;
}

/// The inline (short-valued) GeoKeys of a directory, as `(id, value)` pairs.
pub(crate) fn parse_key_directory(shorts: &[u16]) -> Result<Vec<(u16, u16)>, GeoTiffProblem> {
    let bad = |found: String| GeoTiffProblem::BadTag {
        tag: "GeoKeyDirectory (34735)",
        expected: "a header of 4 shorts (version 1) and 4 shorts per key",
        found,
    };
    let [version, _, _, count, ref keys @ ..] = *shorts else {
        return Err(bad(format!("{} shorts", shorts.len())));
    };
    if version != 1 || keys.len() < usize::from(count) * 4 {
        return Err(bad(format!(
            "version {version}, {count} keys in {} shorts",
            shorts.len()
        )));
    }
    let inline = keys
        .chunks_exact(4)
        .take(usize::from(count))
        .filter(|k| k[1] == 0);
    Ok(inline.map(|k| (k[0], k[3])).collect())
}

/// The EPSG code of the CRS, if the keys name one (user-defined CRSs have none).
pub(crate) fn epsg_of(keys: &[(u16, u16)]) -> Option<u32> {
    let find = |id| keys.iter().find(|k| k.0 == id).map(|k| k.1);
    [key::PROJECTED_CS_TYPE, key::GEOGRAPHIC_TYPE]
        .into_iter()
        .filter_map(find)
        .find(|&code| code != 0 && code != key::USER_DEFINED)
        .map(u32::from)
}

/// Whether the tie point refers to the centre of a cell rather than its corner.
pub(crate) fn is_pixel_is_point(keys: &[(u16, u16)]) -> bool {
    keys.contains(&(key::RASTER_TYPE, key::PIXEL_IS_POINT))
}

/// Cell size and north-west corner from pixel scale and tie point.
pub(crate) fn from_scale_and_tiepoint(
    scale: &[f64],
    tiepoint: &[f64],
) -> Result<(f64, f64, f64), GeoTiffProblem> {
    let [sx, sy, ..] = *scale else {
        return Err(GeoTiffProblem::BadTag {
            tag: "ModelPixelScale (33550)",
            expected: "3 numbers",
            found: format!("{scale:?}"),
        });
    };
    let cell = square_cell(sx, sy)?;
    let [i, j, _, x, y, ..] = *tiepoint else {
        return Err(GeoTiffProblem::BadTag {
            tag: "ModelTiepoint (33922)",
            expected: "6 numbers (i, j, k, x, y, z)",
            found: format!("{tiepoint:?}"),
        });
    };
    finite_origin(
        x - i * cell,
        y + j * cell,
        "ModelTiepoint (33922)",
        tiepoint,
    )
    .map(|(ox, oy)| (cell, ox, oy))
}

/// Cell size and north-west corner from a 4×4 transformation without rotation.
pub(crate) fn from_transformation(m: &[f64]) -> Result<(f64, f64, f64), GeoTiffProblem> {
    let tag = "ModelTransformation (34264)";
    let [a, b, _, d, e, f, _, h, ..] = *m else {
        let found = format!("{m:?}");
        return Err(GeoTiffProblem::BadTag {
            tag,
            expected: "16 numbers",
            found,
        });
    };
    if b != 0.0 || e != 0.0 || f >= 0.0 {
        return Err(GeoTiffProblem::Rotated);
    }
    let cell = square_cell(a, -f)?;
    finite_origin(d, h, tag, m).map(|(ox, oy)| (cell, ox, oy))
}

/// The cell size when `sx` and `sy` are equal positive numbers (to 1e-9, relative).
fn square_cell(sx: f64, sy: f64) -> Result<f64, GeoTiffProblem> {
    if !(sx.is_finite() && sx > 0.0 && sy.is_finite() && sy > 0.0) {
        return Err(GeoTiffProblem::BadTag {
            tag: "ModelPixelScale (33550)",
            expected: "positive finite cell sizes",
            found: format!("{sx} × {sy}"),
        });
    }
    if (sx - sy).abs() > 1e-9 * sx {
        return Err(GeoTiffProblem::NonSquareCells { x: sx, y: sy });
    }
    Ok(sx)
}

fn finite_origin(
    x: f64,
    y: f64,
    tag: &'static str,
    values: &[f64],
) -> Result<(f64, f64), GeoTiffProblem> {
    if x.is_finite() && y.is_finite() {
        return Ok((x, y));
    }
    let found = format!("{values:?}");
    Err(GeoTiffProblem::BadTag {
        tag,
        expected: "finite map coordinates",
        found,
    })
}

/// Whether an EPSG code is a geographic (latitude/longitude) CRS. EPSG puts geographic
/// 2D CRSs at 4001–4999 (4326 WGS 84, 4490 CGCS2000, 4269 NAD83); the few projected
/// codes in that range that matter are excluded.
pub(crate) fn is_geographic(epsg: u32) -> bool {
    (4001..=4999).contains(&epsg) && !matches!(epsg, 4087 | 4088 | 4328 | 4978)
}

/// The GeoKeyDirectory for `georef`: model type, PixelIsArea and the EPSG code.
pub(crate) fn key_directory(georef: &Landscape) -> Vec<u16> {
    let mut keys: Vec<[u16; 2]> = Vec::new();
    match georef.epsg.and_then(|c| u16::try_from(c).ok()) {
        Some(code) if is_geographic(u32::from(code)) => {
            keys.push([key::MODEL_TYPE, key::MODEL_GEOGRAPHIC]);
            keys.push([key::RASTER_TYPE, key::PIXEL_IS_AREA]);
            keys.push([key::GEOGRAPHIC_TYPE, code]);
            keys.push([key::GEOG_ANGULAR_UNITS, key::ANGULAR_DEGREE]);
        }
        Some(code) => {
            keys.push([key::MODEL_TYPE, key::MODEL_PROJECTED]);
            keys.push([key::RASTER_TYPE, key::PIXEL_IS_AREA]);
            keys.push([key::PROJECTED_CS_TYPE, code]);
        }
        None => keys.push([key::RASTER_TYPE, key::PIXEL_IS_AREA]),
    }
    let mut out = vec![1, 1, 0, keys.len() as u16];
    for [id, value] in keys {
        out.extend([id, 0, 1, value]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn land(epsg: Option<u32>) -> Landscape {
        Landscape {
            width: 1,
            height: 1,
            cell_size_m: 1.0,
            origin_x: 0.0,
            origin_y: 0.0,
            epsg,
        }
    }

    #[test]
    fn key_directory_round_trips_the_epsg_code() {
        for epsg in [Some(32650), Some(4326), Some(4490), None] {
            let keys = parse_key_directory(&key_directory(&land(epsg))).unwrap();
            assert_eq!(epsg_of(&keys), epsg);
            assert!(!is_pixel_is_point(&keys));
        }
    }

    #[test]
    fn user_defined_crs_has_no_code_and_short_directories_are_refused() {
        let keys = parse_key_directory(&[1, 1, 0, 1, 3072, 0, 1, 32767]).unwrap();
        assert_eq!(epsg_of(&keys), None);
        let err = parse_key_directory(&[1, 1, 0, 2, 3072, 0, 1, 32650]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "tag GeoKeyDirectory (34735): expected a header of 4 shorts (version 1) and 4 shorts \
             per key, found version 1, 2 keys in 8 shorts"
        );
    }

    #[test]
    fn origins_from_tiepoint_and_transformation() {
        let got = from_scale_and_tiepoint(&[10.0, 10.0, 0.0], &[1.0, 2.0, 0.0, 100.0, 500.0, 0.0]);
        assert_eq!(got.unwrap(), (10.0, 90.0, 520.0));
        let m = [
            10.0, 0.0, 0.0, 5.0, 0.0, -10.0, 0.0, 7.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0,
        ];
        assert_eq!(from_transformation(&m).unwrap(), (10.0, 5.0, 7.0));
        let err = from_scale_and_tiepoint(&[10.0, 5.0, 0.0], &[0.0; 6]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cells are 10 × 5 map units, not square; resample with `gdalwarp -tr <size> <size>`"
        );
    }
}
