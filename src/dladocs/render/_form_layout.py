"""The evaluation grid's page: A4 geometry, colours, sizes, and drawing lines of text.

The layout counts from the top of the page (:func:`_y` turns that into
reportlab's coordinates); :func:`_lines` draws wrapped lines from a top down.
The certificates (:mod:`dladocs.render.certificates`) share this page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dladocs.render._pdf_text import FONT_FAMILIES, Style
from dladocs.types import POINTS_PER_CM

PAGE_WIDTH = 595.2756  # A4 in points
PAGE_HEIGHT = 841.8898
MARGIN_X = 2.0 * POINTS_PER_CM
MARGIN_TOP = 1.2 * POINTS_PER_CM
MARGIN_BOTTOM = 1.2 * POINTS_PER_CM
EMBLEM_HEIGHT = 1.25 * POINTS_PER_CM  # G-01 asks for 1 cm at least
OTHER_LOGO_MAX_WIDTH = 3.5 * POINTS_PER_CM
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

REFLEX_BLUE = "#003399"
MUTED_COLOUR = "#333333"
FIELD_BORDER = "#4d4d4d"
FIELD_FILL = "#f4f6fb"

INDENT = 20.0
BLOCK_GAP = 16.0
# reportlab draws round radio appearances centred only at its default 20 pt size; 7 mm is
# also a comfortable target for people who rarely use a mouse.
RADIO_SIZE = 20.0
RADIO_STEP = 44.0
END_LABEL_WIDTH = 118.0
TEXT_FIELD_HEIGHT = 78.0
# The funding statement: 9 pt stays above a quarter of the emblem height (E14-11 heuristic).
FOOTER_SIZE = 9.0
FOOTER_LEADING = 11.0

# The grid shares the documents' identity: body text in their family (Calibri, rendered
# with its clone Carlito), headings in their slate blue; only the EU wording keeps the
# fonts and the Reflex Blue its rules allow.
BODY_FAMILIES = ("Carlito", "Calibri", *FONT_FAMILIES)
HEADING_COLOUR = "#24475E"


def _y(top: float) -> float:
    """reportlab counts from the bottom of the page; the layout counts from the top."""
    return PAGE_HEIGHT - top


def _lines(
    canvas: Any,
    lines: Sequence[str],
    style: Style,
    x: float,
    top: float,
    *,
    align: str = "left",
    width: float = 0.0,
) -> None:
    """Draw ``lines`` from ``top`` down; the first baseline sits one ascent below ``top``."""
    canvas.setFont(style.font, style.size)
    canvas.setFillColor(style.colour)
    for index, line in enumerate(lines):
        baseline = _y(top + style.size * 0.93 + index * style.leading)
        if align == "right":
            canvas.drawRightString(x + width, baseline, line)
        elif align == "center":
            canvas.drawCentredString(x + width / 2, baseline, line)
        else:
            canvas.drawString(x, baseline, line)
