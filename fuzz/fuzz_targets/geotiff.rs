//! GeoTIFF: `read_geotiff_from` on bytes (any TIFF layout the `tiff` crate decodes, with
//! our tag and georeference checks), then the `f64` conversion scenarios apply.
//!
//! Contract: no input panics and none allocates beyond the cell limit (decoder limits
//! included); every failure is a `GisError` value whose message can be printed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shanshui_gis::{ReadLimits, check_has_data, read_geotiff_from};
use std::io::Cursor;
use std::path::Path;

/// At most 2²⁰ cells (8 MiB as `f64`): the limit check is the same for any value.
const MAX_CELLS: u64 = 1 << 20;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz-input.tif");
    match read_geotiff_from(Cursor::new(data), path, ReadLimits::new(MAX_CELLS)) {
        Ok(raster) => {
            let _ = raster.georef();
            let _ = raster.nodata_f64();
            if let Ok(cells) = raster.convert::<f64>() {
                let _ = check_has_data("input", &cells).map_err(|e| e.to_string());
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
