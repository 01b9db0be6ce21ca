"""Text measurement with the real fonts, so that no text overflows its box.

Office applications wrap text at word boundaries inside the box minus its
insets, and give each line about 1.2 times the font size.  Measuring with the
font's own advance widths (Pillow reads the TrueType file) tells whether a
text fits before PowerPoint or LibreOffice ever open it.  Calibri and Arial are
measured with their metric-compatible twins (Carlito, Liberation Sans) when
the originals are not installed: same widths by design.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

LINE_SPACING = 1.2
# Measure at a large size and scale: Pillow rounds advances to whole pixels.
_REFERENCE_SIZE = 200

_METRIC_TWINS = {
    "calibri": "Carlito",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "cambria": "Caladea",
}


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    bold: bool = False
    indent: float = 0.0  # points taken from the width (bullet margin)
    space_before: float = 0.0  # points
    scale: float = 1.0  # relative size (a big figure, a small source)


@functools.cache
def _font(family: str, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from dladocs.images import find_font

    path: Path | None = find_font(family, bold=bold)
    if path is None and family.lower() in _METRIC_TWINS:
        path = find_font(_METRIC_TWINS[family.lower()], bold=bold)
    if path is None and family.lower() == "ubuntu":
        from dladocs.fonts import mention_font_file  # shipped: measured exactly

        path = mention_font_file(bold)
    if path is None:
        # DejaVu Sans is wider than Arial and Calibri: measuring with it errs on the safe side.
        path = find_font("DejaVu Sans", bold=bold)
    if path is None:
        return ImageFont.load_default(size=_REFERENCE_SIZE)
    return ImageFont.truetype(str(path), _REFERENCE_SIZE)


@functools.cache
def _advance(text: str, family: str, bold: bool) -> float:
    """Advance width of ``text`` at the reference size (cached: the same words recur)."""
    return float(_font(family, bold).getlength(text))


def text_width(text: str, size: float, family: str, bold: bool = False) -> float:
    """Width in points of ``text`` set at ``size`` points."""
    return _advance(text, family, bold) * size / _REFERENCE_SIZE


def wrap(text: str, width: float, size: float, family: str, bold: bool = False) -> list[str]:
    """Split ``text`` into the lines an office application would make in ``width`` points.

    Words are measured once each and lines as the sum of their words and
    spaces: kerning across a space is nil in these fonts, so the sum is exact
    enough and keeps fitting linear in the length of the text.
    """
    scale = size / _REFERENCE_SIZE
    space = _advance(" ", family, bold) * scale
    lines: list[str] = []
    for hard_line in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in hard_line.split(" "):
            advance = _advance(word, family, bold) * scale
            if current and used + space + advance > width:
                lines.append(" ".join(current))
                current, used = [word], advance
            else:
                used += (space if current else 0.0) + advance
                current.append(word)
        lines.append(" ".join(current))
    return lines


def height(paragraphs: Sequence[Paragraph], width: float, size: float, family: str) -> float:
    """Height in points that ``paragraphs`` need at ``size`` in a box ``width`` wide."""
    total = 0.0
    for index, paragraph in enumerate(paragraphs):
        psize = size * paragraph.scale
        lines = wrap(paragraph.text, width - paragraph.indent, psize, family, paragraph.bold)
        if index:
            total += paragraph.space_before * paragraph.scale
        total += len(lines) * psize * LINE_SPACING
    return total


def longest_word_fits(
    paragraphs: Sequence[Paragraph], width: float, size: float, family: str
) -> bool:
    for paragraph in paragraphs:
        psize = size * paragraph.scale
        for word in paragraph.text.split():
            if text_width(word, psize, family, paragraph.bold) > width - paragraph.indent:
                return False
    return True


def fit(
    paragraphs: Sequence[Paragraph],
    width: float,
    box_height: float,
    family: str,
    *,
    largest: float,
    smallest: float,
    step: float = 1.0,
) -> tuple[float, bool]:
    """The largest size in [smallest, largest] (by ``step``) at which the text fits; and whether it fits.

    Text height only grows with the size, so the sizes are searched by bisection.
    """

    def fits(size: float) -> bool:
        return height(paragraphs, width, size, family) <= box_height and longest_word_fits(
            paragraphs, width, size, family
        )

    steps = round((largest - smallest) / step)
    if fits(largest):
        return largest, True
    if not fits(smallest):
        return smallest, False
    low, high = 0, steps  # fits at smallest + low*step, not at smallest + high*step
    while high - low > 1:
        middle = (low + high) // 2
        if fits(smallest + middle * step):
            low = middle
        else:
            high = middle
    return smallest + low * step, True


UNITS = frozenset({"h", "min", "mn", "s", "%", "€"})


def words(text: str) -> int:
    """Words as a reader counts them: figures and units (« 14 h », « 10 min ») do not count."""
    return sum(
        1
        for token in text.split()
        if any(ch.isalpha() for ch in token) and token.strip(".,;:!?()«»").lower() not in UNITS
    )
