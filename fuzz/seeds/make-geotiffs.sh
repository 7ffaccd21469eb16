#!/usr/bin/env bash
# Regenerates the GeoTIFF seeds in geotiff/ with GDAL (gdal-bin): one small raster in
# each cell type and layout the reader supports (strips, tiles, Deflate, LZW, PackBits,
# predictors, BigTIFF, big-endian, PixelIsPoint, GDAL_NODATA or none). The reader's
# refusals (rotation, RGB, bad tags, ...) are seeded from gis/tests/data/bad/.
# The outputs are committed; run this only to change them.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/src.asc" <<'GRID'
ncols 6
nrows 5
xllcorner 500000
yllcorner 2700000
cellsize 10
NODATA_value 0
1 2 3 4 5 6
0 2 3 3 5 6
1 1 3 4 0 6
1 2 2 4 5 5
7 2 3 4 5 8
GRID
out=geotiff
rm -f "$out"/*.tif
t() { gdal_translate -q -a_srs EPSG:32650 "$tmp/src.asc" "$out/$1.tif" "${@:2}"; }
t u8-strip -ot Byte
t u16-lzw -ot UInt16 -co COMPRESS=LZW
t i16-deflate-pred2 -ot Int16 -co COMPRESS=DEFLATE -co PREDICTOR=2
t i32-packbits -ot Int32 -co COMPRESS=PACKBITS
t f32-deflate-pred3 -ot Float32 -co COMPRESS=DEFLATE -co PREDICTOR=3
t f64-tiled -ot Float64 -co TILED=YES -co BLOCKXSIZE=16 -co BLOCKYSIZE=16
t f32-bigtiff -ot Float32 -co BIGTIFF=YES
t u8-big-endian -ot Byte -co ENDIANNESS=BIG
t u16-pixel-is-point -ot UInt16 -mo AREA_OR_POINT=Point
t f32-nan-nodata -ot Float32 -a_nodata nan
t u8-no-nodata -ot Byte -a_nodata none
rm -f "$out"/*.aux.xml
ls -l "$out"
