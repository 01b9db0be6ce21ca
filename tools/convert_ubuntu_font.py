"""One-off: turn the Ubuntu font's WOFF files into the TTFs shipped in src/dladocs/fonts.

The Ubuntu font (Ubuntu Font Licence 1.0) is one of the eight fonts that
Art. 4(4) of Reg. 821/2014 and Annex IX of Reg. 2021/1060 allow next to the EU
emblem, and the only one a free system can ship.  The npm registry carries it
as WOFF in ``@fontsource/ubuntu``; get it and convert it with::

    npm pack @fontsource/ubuntu && tar xzf fontsource-ubuntu-*.tgz
    python tools/convert_ubuntu_font.py package

The latin-ext files are merged into the latin ones so that the shipped TTFs
cover French, the narrow no-break space (U+202F) and the euro sign together.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import merge, ttLib

TARGET = Path(__file__).parents[1] / "src" / "dladocs" / "fonts"
WEIGHTS = {"400": "Ubuntu-Regular.ttf", "700": "Ubuntu-Bold.ttf"}


def convert(package: Path) -> None:
    files = package / "files"
    for weight, name in WEIGHTS.items():
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
        merged.save(TARGET / name)
        for path in parts:
            path.unlink()
        cmap = merged.getBestCmap()
        print(name, "fsType", fs_type, "glyphs", len(cmap), "U+202F", 0x202F in cmap)
    (TARGET / "LICENCE.txt").write_bytes((package / "LICENSE").read_bytes())


if __name__ == "__main__":
    convert(Path(sys.argv[1]))
