//! ESRI ASCII grids: `read_ascii_grid_from` on bytes, with `f64` cells (as scenarios read
//! them) and `u8` cells (integer parsing), then the conversions scenarios apply.
//!
//! Contract: no input panics and none allocates beyond its size and the cell limit;
//! every failure is a `GisError` value whose message can be printed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shanshui_gis::{GisError, Raster, ReadLimits, Sample, check_has_data, read_ascii_grid_from};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    read::<f64>(data);
    read::<u8>(data);
});

fn read<T: Sample>(data: &[u8]) {
    let path = Path::new("fuzz-input.asc");
    let limits = ReadLimits::new(1 << 20);
    let result: Result<Raster<T>, GisError> = read_ascii_grid_from(data, path, limits);
    match result {
        Ok(raster) => {
            let _ = raster.valid_cells();
            let _ = check_has_data("input", &raster).map_err(|e| e.to_string());
            let _ = raster.convert::<f64>().map_err(|e| e.to_string());
            let _ = raster.convert::<u8>().map_err(|e| e.to_string());
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}
