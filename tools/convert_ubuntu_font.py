"""One-off: turn the Ubuntu font's WOFF files into the TTFs shipped in src/dladocs/fonts.

The Ubuntu font (Ubuntu Font Licence 1.0) is one of the eight fonts that
Art. 4(4) of Reg. 821/2014 and Annex IX of Reg. 2021/1060 allow next to the EU
emblem, and the only one a free system can ship.  The npm registry carries it
as WOFF in ``@fontsource/ubuntu``; get it and convert it with::

    npm pack @fontsource/ubuntu && tar xzf fontsource-ubuntu-*.tgz
    python tools/convert_ubuntu_font.py package

The latin-ext files are merged into the latin ones so that the shipped TTFs
cover French, the narrow no-break space (U+202F) and the euro sign together.

A format conversion makes a Modified Version under the Ubuntu Font Licence 1.0
(« Modified Version » includes format translation), and clause 2(c) requires a
Modified Version to be renamed « Ubuntu derivative X »: the family is renamed
:data:`FAMILY` in the name table (IDs 1, 3, 4, 6, 16 and 17 where present).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import merge, ttLib

TARGET = Path(__file__).parents[1] / "src" / "dladocs" / "fonts"
FAMILY = "Ubuntu derivative dladocs"
POSTSCRIPT = FAMILY.replace(" ", "")
WEIGHTS = {
    "400": ("UbuntuDerivativeDladocs-Regular.ttf", "Regular"),
    "700": ("UbuntuDerivativeDladocs-Bold.ttf", "Bold"),
}


def rename(font: ttLib.TTFont, style: str) -> None:
    """The family renamed as clause 2(c) of the licence asks, in every record that names it."""
    names = {
        1: FAMILY,
        3: f"{POSTSCRIPT}-{style}; converted by dladocs",
        4: f"{FAMILY} {style}" if style != "Regular" else FAMILY,
        6: f"{POSTSCRIPT}-{style}",
        16: FAMILY,
        17: style,
    }
    table = font["name"]
    for record in table.names:
        if record.nameID in names:
            record.string = names[record.nameID]


def convert(package: Path) -> None:
    files = package / "files"
    for weight, (name, style) in WEIGHTS.items():
        parts = []
        for subset in ("latin", "latin-ext"):
            font = ttLib.TTFont(files / f"ubuntu-{subset}-{weight}-normal.woff")
            font.flavor = None
            path = TARGET / f".{subset}-{weight}.ttf"
            font.save(path)
            parts.append(path)
        merged = merge.Merger().merge([str(p) for p in parts])
        fs_type = merged["OS/2"].fsType
        if fs_type & 0x000E and not fs_type & 0x0008:
            raise SystemExit(f"{name}: fsType {fs_type} forbids embedding")
        rename(merged, style)
        merged.save(TARGET / name)
        for path in parts:
            path.unlink()
        cmap = merged.getBestCmap()
        print(name, "fsType", fs_type, "glyphs", len(cmap), "U+202F", 0x202F in cmap)
    (TARGET / "LICENCE.txt").write_bytes((package / "LICENSE").read_bytes())


if __name__ == "__main__":
    convert(Path(sys.argv[1]))
