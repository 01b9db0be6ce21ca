"""The evaluation grid's header band (the EU block and the other logos) and footer.

Every page carries them; the certificates (:mod:`dladocs.render.certificates`)
draw the same band and footer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dladocs.render._form_layout import (
    CONTENT_WIDTH,
    EMBLEM_HEIGHT,
    FOOTER_LEADING,
    FOOTER_SIZE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED_COLOUR,
    OTHER_LOGO_MAX_WIDTH,
    PAGE_HEIGHT,
    REFLEX_BLUE,
    _lines,
    _y,
)
from dladocs.render._pdf_text import Fonts, Style, text_width
from dladocs.typography import NBSP


@dataclass(frozen=True, slots=True)
class FormBand:
    """What the header and footer of every page show.

    ``eu_lines`` are drawn exactly as given, one per line, beside the emblem
    (the rule set decides the wording, e.g. « UNION EUROPÉENNE » and « Fonds
    social européen »).  ``other_logos`` are (PNG path, alternative text) pairs,
    drawn at the right of the band and never taller than the emblem.
    ``statement`` is the funding statement of the footer; ``return_to`` says
    whom to send the filled form to (an e-mail address, a name…).
    """

    emblem_png: Path
    eu_lines: tuple[str, ...]
    statement: str = ""
    return_to: str = ""
    other_logos: tuple[tuple[Path, str], ...] = ()
    # The page font, the mention's ([sortie] police_mention); None: Arial or Liberation Sans.
    font: str | None = None
    # The online form, when the project has one: then it is the one way to answer.
    form_url: str = ""


def _draw_band(
    canvas: Any,
    fonts: Fonts,
    band: FormBand,
    emblem_size: tuple[float, float],
    logos: Sequence[tuple[Path, str, tuple[float, float]]],
) -> None:
    emblem_width = EMBLEM_HEIGHT * emblem_size[0] / emblem_size[1]
    canvas.drawImage(
        _image(band.emblem_png),
        MARGIN_X,
        _y(MARGIN_TOP + EMBLEM_HEIGHT),
        width=emblem_width,
        height=EMBLEM_HEIGHT,
        mask="auto",
    )
    # E14-10: a clear gap (far more than h/25) between the flag and its text; E14-11: sizes
    # between a quarter and the whole emblem height; E14-09/12: regular or bold, Reflex Blue.
    text_x = MARGIN_X + emblem_width + 0.25 * EMBLEM_HEIGHT
    sizes = [11.0 if index == 0 else 10.0 for index in range(len(band.eu_lines))]
    leading = 12.5
    block_height = leading * (len(sizes) - 1) + (sizes[-1] if sizes else 0.0)
    top = MARGIN_TOP + (EMBLEM_HEIGHT - block_height) / 2
    text_right = text_x
    for index, (line, size) in enumerate(zip(band.eu_lines, sizes, strict=True)):
        font = fonts.bold if index == 0 else fonts.regular
        text = fonts.safe(line)
        style = Style(font, size, leading, REFLEX_BLUE)
        _lines(canvas, [text], style, text_x, top + index * leading)
        text_right = max(text_right, text_x + text_width(text, font, size))

    if logos:
        available = MARGIN_X + CONTENT_WIDTH - (text_right + 18.0)
        gap = 10.0
        drawn: list[tuple[Path, float, float]] = []
        for path, _alt, (width, height) in logos:
            scale = min(EMBLEM_HEIGHT / height, OTHER_LOGO_MAX_WIDTH / width)
            drawn.append((path, width * scale, height * scale))
        total = sum(w for _, w, _ in drawn) + gap * (len(drawn) - 1)
        shrink = min(1.0, max(available, 0.0) / total) if total > 0 else 1.0
        x = MARGIN_X + CONTENT_WIDTH
        for path, width, height in reversed(drawn):
            w, h = width * shrink, height * shrink
            x -= w
            canvas.drawImage(
                _image(path),
                x,
                _y(MARGIN_TOP + (EMBLEM_HEIGHT + h) / 2),
                width=w,
                height=h,
                mask="auto",
            )
            x -= gap


def _image(path: Path) -> Any:
    """The picture for ``drawImage``, read from its bytes.

    Given a file name, reportlab names the image after the name, so the PDF
    would change with the folder the logos are cached in (the output folder):
    read through an ``ImageReader``, it is named after its pixels.
    """
    from reportlab.lib.utils import ImageReader

    return ImageReader(str(path))


def _draw_footer(canvas: Any, fonts: Fonts, lines: Sequence[str], number: int, count: int) -> None:
    height = FOOTER_LEADING * len(lines) + 14.0
    top = PAGE_HEIGHT - MARGIN_BOTTOM - height
    if any(lines):
        _lines(canvas, lines, Style(fonts.regular, FOOTER_SIZE, FOOTER_LEADING), MARGIN_X, top)
    label = f"page{NBSP}{number} sur{NBSP}{count}"  # as the DOCX footers say it
    _lines(
        canvas,
        [label],
        Style(fonts.regular, 8.0, 10.0, MUTED_COLOUR),
        MARGIN_X,
        top + FOOTER_LEADING * len(lines) + 2.0,
        align="right",
        width=CONTENT_WIDTH,
    )
