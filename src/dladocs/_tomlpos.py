"""Find the line of a key in a TOML text, so that error messages can point at it.

``tomllib`` gives values without positions.  Project files are written by hand
in a plain style (tables, arrays of tables, ``key = value``), so a line scan
that follows table headers and counts array-of-tables entries finds the line
of any key path that pydantic reports, e.g. ``("webinaire", "sequence", 2, "duree")``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)

Path = tuple[str | int, ...]


def _split_dotted(text: str) -> tuple[str, ...]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", text)
    return tuple(part.strip("\"'") for part in parts)


def key_lines(text: str) -> dict[Path, int]:
    """Map every table, array entry and key path found in ``text`` to its 1-based line."""
    lines: dict[Path, int] = {}
    counters: dict[tuple[str | int, ...], int] = {}
    current: Path = ()
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline is not None:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        header = _HEADER.match(line)
        if header:
            names = _split_dotted(header.group(2))
            array = header.group(1) == "[["
            base = _resolve(names, counters, array=array)
            if array:
                index = counters.get(base, 0)
                counters[base] = index + 1
                current = (*base, index)
                lines.setdefault(base, number)
            else:
                current = base
            lines[current] = number
            continue
        key = _KEY.match(line)
        if key:
            path = (*current, *_split_dotted(key.group(1)))
            lines.setdefault(path, number)
            rest = line[key.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_multiline = quote
    return lines


def _resolve(
    names: Sequence[str], counters: dict[tuple[str | int, ...], int], *, array: bool
) -> Path:
    """Insert the current index of enclosing arrays of tables (``[[a]]`` then ``[a.b]``).

    The last name of an ``[[a.b]]`` header is the array itself: its new index is
    added by the caller, not the index of its previous entry.
    """
    resolved: list[str | int] = []
    for position, name in enumerate(names):
        resolved.append(name)
        key = tuple(resolved)
        last = position == len(names) - 1
        if key in counters and not (array and last):
            resolved.append(counters[key] - 1)
    return tuple(resolved)


def line_of(lines: dict[Path, int], path: Sequence[str | int]) -> int | None:
    """The line of ``path``, or of its nearest ancestor that appears in the file."""
    probe = tuple(path)
    while probe:
        if probe in lines:
            return lines[probe]
        probe = probe[:-1]
    return None
