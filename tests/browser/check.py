#!/usr/bin/env python3
"""Checks what headless Chromium made of the demo's HTML report.

Usage:
  check.py png FILE                       the screenshot is not blank
  check.py index DOM SET...               the index lists every set
  check.py charts DOM COUNT               a set page has COUNT key-result charts

A screenshot passes when a fair share of its pixels differ from its most
common colour (the background) and it has many colours (text, charts): a
page that failed to render, or rendered empty, is one colour. The DOM is
what Chromium serialised with --dump-dom, so the checks are of the page as
the browser parsed it, not of the file as written.
"""

import re
import struct
import sys
import zlib
from collections import Counter


def pixels(path):
    """The pixels of an 8-bit RGB or RGBA PNG as (width, height, rows)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    at, idat, header = 8, [], None
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        at += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise SystemExit(f"{path}: expected an 8-bit RGB(A) PNG, not interlaced")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        row = bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                row[i] = (row[i] + row[i - channels]) & 0xFF
        elif kind == 2:
            row = bytearray((a + b) & 0xFF for a, b in zip(row, previous))
        elif kind == 3:
            for i in range(stride):
                left = row[i - channels] if i >= channels else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = row[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[i] = (row[i] + predictor) & 0xFF
        rows.append(bytes(row))
        previous = row
    return width, height, channels, rows


def check_png(path):
    width, height, channels, rows = pixels(path)
    colours = Counter()
    for row in rows[::4]:
        for x in range(0, width * channels, 4 * channels):
            colours[row[x : x + 3]] += 1
    total = sum(colours.values())
    background, count = colours.most_common(1)[0]
    drawn = 1 - count / total
    print(f"{path}: {width}x{height}, {len(colours)} colours, {drawn:.0%} drawn on the background")
    if len(colours) < 50 or drawn < 0.05:
        raise SystemExit(f"{path}: looks blank")


def check_index(path, sets):
    dom = open(path, encoding="utf-8").read()
    found = re.findall(r'data-set="([^"]+)"', dom)
    print(f"{path}: sets {', '.join(found)}")
    missing = [s for s in sets if s not in found]
    if missing or len(found) != len(sets):
        raise SystemExit(f"{path}: expected the sets {sets}, found {found}")


def check_charts(path, count):
    dom = open(path, encoding="utf-8").read()
    charts = re.findall(r'<svg[^>]*class="kr-chart"', dom)
    tooltips = len(re.findall(r"<circle[^>]*class=\"hit\"[^>]*>\s*<title>", dom))
    print(f"{path}: {len(charts)} key-result charts, {tooltips} points with a tooltip")
    if len(charts) != count:
        raise SystemExit(f"{path}: expected {count} charts, found {len(charts)}")
    if tooltips < count:
        raise SystemExit(f"{path}: expected a tooltip per point, found {tooltips}")


def main(args):
    if args[:1] == ["png"] and len(args) == 2:
        check_png(args[1])
    elif args[:1] == ["index"] and len(args) >= 3:
        check_index(args[1], args[2:])
    elif args[:1] == ["charts"] and len(args) == 3:
        check_charts(args[1], int(args[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
