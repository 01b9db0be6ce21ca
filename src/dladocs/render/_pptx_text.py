"""Writing text into a deck's shapes: fitted paragraphs, no bullets, no autofit.

The primitives the deck renderer (:mod:`dladocs.render.pptx`) and its slide
parts share: the theme's fonts, PowerPoint's default text-box insets, a
shape's box in points, and paragraphs written at one fitted size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Pt

from dladocs.render import _pptx_layouts as _layouts
from dladocs.render import _textfit as tf
from dladocs.types import EMU_PER_POINT, Box

GREY = RGBColor(0x59, 0x59, 0x59)  # type: ignore[no-untyped-call]
WHITE = RGBColor(0xFF, 0xFF, 0xFF)  # type: ignore[no-untyped-call]

# Insets PowerPoint applies by default inside a text box (0.1 in left/right, 0.05 in top/bottom).
INSET_X = 7.2
INSET_Y = 3.6


@dataclass(frozen=True, slots=True)
class Theme:
    body_font: str
    heading_font: str


def _box(shape: Any) -> Box:
    return Box(
        shape.left / EMU_PER_POINT,
        shape.top / EMU_PER_POINT,
        shape.width / EMU_PER_POINT,
        shape.height / EMU_PER_POINT,
    )


_emu_box = _layouts.emu


def _write(
    shape: Any,
    box: Box,
    paragraphs: list[tf.Paragraph],
    family: str,
    *,
    largest: float,
    smallest: float,
    bullets: bool | None = None,
    page: _layouts.Page | None = None,
) -> None:
    size, fits = tf.fit(
        paragraphs,
        box.width - 2 * INSET_X,
        box.height - 2 * INSET_Y,
        family,
        largest=largest,
        smallest=smallest,
    )
    if not fits and page is not None:
        raise page.too_long("le texte")
    _no_autofit(shape.text_frame)
    _paragraphs(shape.text_frame, paragraphs, size, family, bullets=bullets)


def _paragraphs(
    frame: Any,
    paragraphs: Sequence[tf.Paragraph],
    size: float,
    family: str,
    *,
    color: RGBColor | None = None,
    bullets: bool | None = None,
    align: Any = None,
    bold_first: bool = False,
) -> None:
    frame.clear()
    frame.word_wrap = True
    for index, paragraph in enumerate(paragraphs):
        p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if bullets is False or bullets is None:
            _no_bullet(p)
        if index and paragraph.space_before:
            p.space_before = Pt(paragraph.space_before * paragraph.scale)
        if align is not None:
            p.alignment = align
        run = p.add_run()
        run.text = paragraph.text
        # Written straight into the run's XML (see ``_layouts.write``).
        rpr = run._r.get_or_add_rPr()
        rpr.set("sz", str(round(round(size * paragraph.scale, 1) * 100)))
        rpr.set("lang", _layouts.FRENCH)
        if paragraph.bold or (bold_first and index == 0):
            rpr.set("b", "1")
        if color is not None:
            fill = etree.SubElement(rpr, qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr")).set("val", str(color))


def _no_bullet(paragraph: Any) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", "0")
    ppr.set("indent", "0")
    for child in ppr.findall(qn("a:buNone")):
        ppr.remove(child)
    ppr.insert(0, ppr.makeelement(qn("a:buNone"), {}))


_no_autofit = _layouts.no_autofit
