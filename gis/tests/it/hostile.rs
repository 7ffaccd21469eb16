//! Malformed files under `tests/data/bad/`: each gives its exact, located error and
//! never panics or allocates for cells it does not have.

use std::time::{Duration, Instant};

use shanshui_gis::{
    GisError, ReadLimits, read_ascii_grid, read_ascii_grid_from, read_geotiff, read_raster,
};

use crate::common::data;

/// (file under `tests/data/bad/`, the error after the file name).
const ASCII_CASES: &[(&str, &str)] = &[
    (
        "corner_and_center.asc",
        ":6:1: header key `xllcenter` repeats what the earlier `xllcorner` gave; give each header value once",
    ),
    (
        "duplicate_ncols.asc",
        ":2:1: header key `ncols` repeats what the earlier `NCOLS` gave; give each header value once",
    ),
    (
        "empty.asc",
        ":1:1: the file is empty; expected an ESRI ASCII grid header starting with `ncols`",
    ),
    (
        "fractional_ncols.asc",
        ":1:7: ncols: expected a whole number of at least 1, found `3.5`",
    ),
    (
        "huge_dims.asc",
        ": the raster declares 100000000×100000000 = 10000000000000000 cells, more than the limit of 268435456 cells; if the file is genuine, raise the limit with --max-cells",
    ),
    (
        "inf_cellsize.asc",
        ":5:10: CELLSIZE: expected a positive finite number, found `inf`",
    ),
    (
        "inf_value_with_nodata.asc",
        ":8:1: cell (x 0, y 1): `-inf` is not a finite number; mark missing cells with the NODATA_value",
    ),
    (
        "latin1_key.asc",
        ":5:8: byte 0xE9 is not valid UTF-8; an ASCII grid must be plain text",
    ),
    (
        "long_token.asc",
        ":7:5: a token longer than 256 bytes; expected a number or header key",
    ),
    (
        "missing_cellsize.asc",
        ":5:1: missing header key `cellsize` before the cell values",
    ),
    (
        "nan_cellsize.asc",
        ":5:10: cellsize: expected a positive finite number, found `NaN`",
    ),
    (
        "nan_value.asc",
        ":7:3: cell (x 1, y 1): `nan` is not a finite number; mark missing cells with the NODATA_value",
    ),
    (
        "negative_cellsize.asc",
        ":5:10: cellsize: expected a positive finite number, found `-10`",
    ),
    (
        "negative_ncols.asc",
        ":1:7: ncols: expected a whole number of at least 1, found `-3`",
    ),
    (
        "no_header.asc",
        ":1:1: missing header key `ncols` before the cell values",
    ),
    (
        "nodata_not_number.asc",
        ":6:14: NODATA_value: expected a number, found `none`",
    ),
    (
        "non_numeric.asc",
        ":7:3: cell (x 1, y 1): expected a number, found `abc`",
    ),
    (
        "non_square_cells.asc",
        ":5:1: header key `dx` declares non-square cells, which are not supported; resample to square cells and use `cellsize`",
    ),
    (
        "non_utf8.asc",
        ":7:3: byte 0xFF is not valid UTF-8; an ASCII grid must be plain text",
    ),
    (
        "north_edge_overflow.asc",
        ":4:11: yllcorner: expected a coordinate that keeps the raster's north edge finite, found `1.7e308`",
    ),
    (
        "nul_byte.asc",
        ":7:3: cell (x 1, y 1): expected a number, found `5\\06`",
    ),
    (
        "png_magic.asc",
        ":1:1: byte 0x89 is not valid UTF-8; an ASCII grid must be plain text",
    ),
    (
        "too_many_values.asc",
        ":8:1: unexpected value `7` after all 6 values (3 columns × 2 rows); check ncols and nrows",
    ),
    (
        "truncated.asc",
        ":7:4: the file ends after 5 of 6 values (3 columns × 2 rows); is it truncated?",
    ),
    (
        "truncated_header.asc",
        ":5:9: cellsize: expected a positive finite number, found the end of the file",
    ),
    (
        "unknown_key.asc",
        ":6:1: unknown header key `projection`; expected ncols, nrows, xllcorner or xllcenter, yllcorner or yllcenter, cellsize, NODATA_value",
    ),
    (
        "whitespace_only.asc",
        ":1:1: the file is empty; expected an ESRI ASCII grid header starting with `ncols`",
    ),
    (
        "zero_nrows.asc",
        ":2:7: nrows: expected a whole number of at least 1, found `0`",
    ),
];

/// (file under `tests/data/bad/`, made by `make_bad_tiffs.py`, the error after the file name).
const TIFF_CASES: &[(&str, &str)] = &[
    (
        "bad_version.tif",
        ": invalid or unsupported TIFF (reading the first directory): format error: TIFF signature not found",
    ),
    (
        "corrupt_deflate.tif",
        ": invalid or unsupported TIFF (decoding the image data): corrupt deflate stream",
    ),
    ("empty.tif", ": not a TIFF file: the file is empty"),
    (
        "geokeys_too_short.tif",
        ": tag GeoKeyDirectory (34735): expected a header of 4 shorts (version 1) and 4 shorts per key, found version 1, 3 keys in 8 shorts",
    ),
    (
        "header_only.tif",
        ": the file ends early while reading the first directory; is it truncated?",
    ),
    (
        "huge_dims.tif",
        ": the raster declares 100000×100000 = 10000000000 cells, more than the limit of 268435456 cells; if the file is genuine, raise the limit with --max-cells",
    ),
    (
        "huge_tag_count.tif",
        ": invalid or unsupported TIFF (reading GDAL_NODATA (42113)): decoder limits exceeded",
    ),
    (
        "i8_cells.tif",
        ": 8-bit signed integer cells are not supported; expected u8, u16, i16, i32, f32 or f64 (convert with `gdal_translate -ot Float32`)",
    ),
    (
        "ifd_past_end.tif",
        ": the file ends early while reading the first directory; is it truncated?",
    ),
    (
        "nan_cell.tif",
        ": cell (x 1, y 0) is NaN, which is not finite and not the NoData value; declare it as NoData (e.g. `gdal_edit.py -a_nodata nan`)",
    ),
    (
        "nan_pixel_scale.tif",
        ": tag ModelPixelScale (33550): expected positive finite cell sizes, found NaN × NaN",
    ),
    (
        "no_georeference.tif",
        ": no georeference: neither ModelPixelScale (33550) with ModelTiepoint (33922) nor ModelTransformation (34264) is present; assign one with `gdal_edit.py -a_ullr` or `gdal_translate -a_srs`",
    ),
    (
        "nodata_not_number.tif",
        ": tag GDAL_NODATA (42113): `abc` cannot be stored in f32 cells (expected a 32-bit floating-point number)",
    ),
    (
        "nodata_out_of_range.tif",
        ": tag GDAL_NODATA (42113): `-9999` cannot be stored in u8 cells (expected a whole number from 0 to 255)",
    ),
    (
        "non_square_cells.tif",
        ": cells are 10 × 5 map units, not square; resample with `gdalwarp -tr <size> <size>`",
    ),
    (
        "orientation_bottom_up.tif",
        ": Orientation (274) is 4; only 1 (rows top to bottom, columns left to right) is supported",
    ),
    (
        "pixel_scale_as_text.tif",
        ": tag ModelPixelScale (33550): expected numbers (DOUBLE), found Ascii(\"ten metres\")",
    ),
    (
        "png_magic.tif",
        ": not a TIFF file: it starts with bytes [89 50 4E 47], not `II*\\0` or `MM\\0*`",
    ),
    (
        "rgb.tif",
        ": holds RGB(8) pixels; only single-band rasters are supported (extract one band with `gdal_translate -b 1`)",
    ),
    (
        "rotated.tif",
        ": the raster is rotated or sheared (ModelTransformation (34264) has rotation terms); warp it north-up with `gdalwarp` first",
    ),
    (
        "short_tiepoint.tif",
        ": tag ModelTiepoint (33922): expected 6 numbers (i, j, k, x, y, z), found [0.0, 0.0, 0.0]",
    ),
    (
        "strip_past_end.tif",
        ": the file ends early while decoding the image data; is it truncated?",
    ),
    (
        "truncated.tif",
        ": the file ends early while reading the first directory; is it truncated?",
    ),
    (
        "u32_cells.tif",
        ": 32-bit unsigned integer cells are not supported; expected u8, u16, i16, i32, f32 or f64 (convert with `gdal_translate -ot Float32`)",
    ),
    (
        "unknown_compression.tif",
        ": invalid or unsupported TIFF (decoding the image data): unsupported error: compression method Unknown(9999) is unsupported",
    ),
];

#[test]
fn every_bad_tiff_gives_its_exact_error() {
    for (name, want) in TIFF_CASES {
        let path = data("bad").join(name);
        let got = read_geotiff(&path, ReadLimits::default())
            .expect_err(name)
            .to_string();
        assert_eq!(got, format!("{}{want}", path.display()), "{name}");
        // Dispatch by signature: files starting like a TIFF take the GeoTIFF reader.
        if read_raster(&path, ReadLimits::default()).is_ok() {
            panic!("{name} read as a raster");
        }
    }
}

#[test]
fn every_bad_ascii_grid_gives_its_exact_error() {
    for (name, want) in ASCII_CASES {
        let path = data("bad").join(name);
        let got = read_ascii_grid::<f64>(&path, ReadLimits::default())
            .expect_err(name)
            .to_string();
        assert_eq!(got, format!("{}{want}", path.display()), "{name}");
    }
}

#[test]
fn every_bad_file_is_in_a_table() {
    for entry in std::fs::read_dir(data("bad")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".asc") {
            assert!(
                ASCII_CASES.iter().any(|(n, _)| *n == name),
                "{name} has no expected error"
            );
        }
    }
}

#[test]
fn integer_types_name_their_range() {
    let path = data("bad").join("negative_ncols.asc");
    let text = b"ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n3 300\n";
    let err = read_ascii_grid_from::<u8>(&text[..], &path, ReadLimits::default()).unwrap_err();
    assert!(
        err.to_string()
            .ends_with(":6:3: cell (x 1, y 0): expected a whole number from 0 to 255, found `300`"),
        "{err}"
    );
}

#[test]
fn huge_declared_size_fails_fast() {
    let start = Instant::now();
    let err = read_ascii_grid::<f64>(&data("bad/huge_dims.asc"), ReadLimits::default());
    assert!(matches!(
        err,
        Err(GisError::TooLarge {
            limit: 268_435_456,
            ..
        })
    ));
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn raised_limit_still_costs_only_what_the_file_holds() {
    // With the limit lifted, a file that declares 10¹⁶ cells but holds three values
    // fails as truncated without reserving memory for the declared cells.
    let start = Instant::now();
    let path = data("bad/huge_dims.asc");
    let err = read_ascii_grid::<f64>(&path, ReadLimits::new(u64::MAX)).unwrap_err();
    assert!(
        err.to_string()
            .contains("the file ends after 3 of 10000000000000000 values"),
        "{err}"
    );
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn huge_tiff_fails_fast() {
    let start = Instant::now();
    let err = read_geotiff(&data("bad/huge_dims.tif"), ReadLimits::default());
    assert!(matches!(
        err,
        Err(GisError::TooLarge {
            cells: 10_000_000_000,
            ..
        })
    ));
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn missing_file_is_a_read_error() {
    let err =
        read_ascii_grid::<f64>(&data("bad/no-such-file.asc"), ReadLimits::default()).unwrap_err();
    assert!(matches!(err, GisError::Read { .. }));
    assert!(
        err.to_string().contains("no-such-file.asc: cannot read:"),
        "{err}"
    );
}
