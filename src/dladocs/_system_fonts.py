"""System fonts: the file of a font family and style, from fontconfig or the usual font folders.

No Pillow here: text measurement elsewhere asks for font files and must stay cheap to import.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
)
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
_STYLE_SUFFIXES: dict[tuple[bool, bool], tuple[str, ...]] = {
    (False, False): ("", "regular", "book", "roman", "normal"),
    (True, False): ("bold", "bd", "b"),
    (False, True): ("italic", "oblique", "it", "i"),
    (True, True): ("bolditalic", "boldoblique", "bi", "z"),
}


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@functools.lru_cache(maxsize=64)
def _fc_match(family: str, bold: bool, italic: bool) -> Path | None:
    executable = shutil.which("fc-match")
    if executable is None:
        return None
    pattern = family + (":bold" if bold else ":weight=regular") + (":italic" if italic else "")
    try:
        result = subprocess.run(
            [executable, "--format=%{family}\n%{style}\n%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) < 3:
        return None
    families, style, file = lines[0], lines[1].lower(), lines[2]
    # fc-match always answers with *some* font; accept only the family asked for.
    if _squash(family) not in {_squash(name) for name in families.split(",")}:
        return None
    if bold != ("bold" in style) or italic != ("italic" in style or "oblique" in style):
        return None
    found = Path(file)
    return found if found.is_file() else None


@functools.lru_cache(maxsize=1)
def _font_files() -> tuple[Path, ...]:
    roots = [Path(folder).expanduser() for folder in _FONT_DIRS]
    if sys.platform == "win32":
        roots.append(Path(os.environ.get("WINDIR", "C:\\Windows")) / "Fonts")
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(sorted(p for p in root.rglob("*") if p.suffix.lower() in _FONT_SUFFIXES))
    return tuple(files)


@functools.lru_cache(maxsize=64)
def _scan_fonts(family: str, bold: bool, italic: bool) -> Path | None:
    wanted = _squash(family)
    suffixes = _STYLE_SUFFIXES[(bold, italic)]
    # Windows names Arial's files arial.ttf, arialbd.ttf...; most others
    # "FamilyName-Style.ttf".
    names = {wanted + suffix for suffix in suffixes}
    for file in _font_files():
        if _squash(file.stem) in names:
            return file
    return None


def find_font(family: str, *, bold: bool = False, italic: bool = False) -> Path | None:
    """The font file of ``family`` in the requested style, or None if not installed.

    Asks fontconfig (``fc-match``) when it is there, and otherwise looks for a
    file named after the family in the usual font folders.  Substitutes are
    never returned: ``find_font("Arial")`` is None on a system that only has
    Liberation Sans.
    """
    return _fc_match(family, bold, italic) or _scan_fonts(family, bold, italic)
