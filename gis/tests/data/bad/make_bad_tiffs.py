#!/usr/bin/env python3
"""Writes the malformed TIFF files of this folder (run from anywhere; stdlib only).

Each file breaks one rule of the GeoTIFF reader; tests/it/hostile.rs holds the exact
error expected for each. Regenerate after editing: python3 make_bad_tiffs.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SHORT, LONG, ASCII, DOUBLE, BYTE = 3, 4, 2, 12, 1
FMT = {SHORT: "H", LONG: "I", DOUBLE: "d", BYTE: "B"}


def tiff(entries, data, *, width=2, height=2, extra_tail=b""):
    """A little-endian classic TIFF: header, pixel data, out-of-line values, one IFD."""
    out = bytearray(b"II*\x00") + struct.pack("<I", 0)
    data_offset = len(out)
    out += data
    values = []
    for tag, typ, vals in sorted(entries, key=lambda e: e[0]):
        if typ == ASCII:
            raw = vals.encode("latin-1") + b"\x00"
            count = len(raw)
        else:
            vals = [v if v != "DATA" else data_offset for v in vals]
            raw = b"".join(struct.pack("<" + FMT[typ], v) for v in vals)
            count = len(vals)
        values.append((tag, typ, count, raw))
    inline = {}
    for tag, typ, count, raw in values:
        if len(raw) > 4:
            if len(out) % 2:
                out += b"\x00"
            inline[tag] = struct.pack("<I", len(out))
            out += raw
        else:
            inline[tag] = raw.ljust(4, b"\x00")
    if len(out) % 2:
        out += b"\x00"
    ifd = len(out)
    out[4:8] = struct.pack("<I", ifd)
    out += struct.pack("<H", len(values))
    for tag, typ, count, _ in values:
        out += struct.pack("<HHI", tag, typ, count) + inline[tag]
    out += struct.pack("<I", 0) + extra_tail
    return bytes(out)


def base(width=2, height=2, bits=8, fmt=1, samples=1, data=None, geo=True, extra=()):
    nbytes = width * height * samples * bits // 8
    data = bytes(range(nbytes)) if data is None else data
    entries = [
        (256, LONG, [width]),
        (257, LONG, [height]),
        (258, SHORT, [bits] * samples),
        (259, SHORT, [1]),
        (262, SHORT, [1 if samples == 1 else 2]),
        (273, LONG, ["DATA"]),
        (277, SHORT, [samples]),
        (278, LONG, [height]),
        (279, LONG, [len(data)]),
        (339, SHORT, [fmt] * samples),
    ]
    if geo:
        entries += [
            (33550, DOUBLE, [10.0, 10.0, 0.0]),
            (33922, DOUBLE, [0.0, 0.0, 0.0, 500000.0, 2500000.0, 0.0]),
            (34735, SHORT, [1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, 32650]),
        ]
    replaced = {e[0] for e in extra}
    entries = [e for e in entries if e[0] not in replaced] + [e for e in extra if e[2] is not None]
    return tiff(entries, data, width=width, height=height)


def write(name, content):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(content)


def main():
    good = base()
    write("empty.tif", b"")
    write("png_magic.tif", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write("header_only.tif", b"II*\x00")
    write("ifd_past_end.tif", b"II*\x00" + struct.pack("<I", 0xFFFFFF00))
    write("bad_version.tif", b"II\x2b\x00\x08\x00\x01\x00")
    write("truncated.tif", good[: len(good) // 2])
    write("huge_dims.tif", base(width=100000, height=100000, data=b"\x00" * 16))
    write("rgb.tif", base(samples=3))
    write("u32_cells.tif", base(bits=32, fmt=1))
    write("i8_cells.tif", base(bits=8, fmt=2))
    write("no_georeference.tif", base(geo=False))
    write("nan_pixel_scale.tif", base(extra=[(33550, DOUBLE, [float("nan"), float("nan"), 0.0])]))
    write("non_square_cells.tif", base(extra=[(33550, DOUBLE, [10.0, 5.0, 0.0])]))
    write("short_tiepoint.tif", base(extra=[(33922, DOUBLE, [0.0, 0.0, 0.0])]))
    write("geokeys_too_short.tif", base(extra=[(34735, SHORT, [1, 1, 0, 3, 1024, 0, 1, 1])]))
    write("pixel_scale_as_text.tif", base(extra=[(33550, ASCII, "ten metres")]))
    write("nodata_not_number.tif", base(bits=32, fmt=3, extra=[(42113, ASCII, "abc")]))
    write("nodata_out_of_range.tif", base(extra=[(42113, ASCII, "-9999")]))
    write("strip_past_end.tif", base(extra=[(273, LONG, [1 << 30])]))
    write("rotated.tif", base(extra=[
        (33550, None, None), (33922, None, None),
        (34264, DOUBLE, [7.07, -7.07, 0, 500000, 7.07, 7.07, 0, 2500000, 0, 0, 0, 0, 0, 0, 0, 1]),
    ]))
    nan_f32 = struct.pack("<ffff", 1.0, float("nan"), 2.0, 3.0)
    write("nan_cell.tif", base(bits=32, fmt=3, data=nan_f32))
    write("orientation_bottom_up.tif", base(extra=[(274, SHORT, [4])]))
    write("unknown_compression.tif", base(extra=[(259, SHORT, [9999])]))
    write("corrupt_deflate.tif", base(extra=[(259, SHORT, [8])]))
    write("huge_tag_count.tif", base(extra=[(42113, LONG, [1] * 2)]).replace(
        struct.pack("<HHI", 42113, LONG, 2), struct.pack("<HHI", 42113, LONG, 0x3FFFFFFF)))


if __name__ == "__main__":
    main()
