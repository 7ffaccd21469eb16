//! Integration tests of shanshui-gis, one binary:
//! - `ascii`: ESRI ASCII grid round trips and header variants;
//! - `checks`: layer consistency checks and their exact messages;
//! - `geotiff`: GeoTIFF round trips and format dispatch;
//! - `gdal`: GDAL reads what we write, and we read what GDAL writes;
//! - `hostile`: every malformed file under `tests/data/bad/` gives its exact error.

mod ascii;
mod checks;
mod common;
mod gdal;
mod geotiff;
mod hostile;
