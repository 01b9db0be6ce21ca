"""The layouts of content modules that dladocs draws: columns, key figures, polls, checklists,
diagrams (as one group of native shapes), and the slide number.

Sizes are given for a 13.33-inch (960 pt) slide and scaled to the template's
width, so that "nothing under 12 pt, body text at least 18 pt" holds on any
slide size.  Text that does not fit at those sizes is reported (exit 2,
naming the module's file and line), never left to overflow.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from lxml import etree
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from dladocs.errors import DladocsError
from dladocs.render import _textfit as tf
from dladocs.types import EMU_PER_POINT, Box

REFERENCE_WIDTH = 960.0  # points: a 13.33-inch slide
SMALLEST = 12.0  # any text, on the reference slide
BODY = 18.0  # body text, on the reference slide
INSET = 7.2
ACCENTS = (MSO_THEME_COLOR.ACCENT_1, MSO_THEME_COLOR.ACCENT_2, MSO_THEME_COLOR.TEXT_2)


class Page:
    """What every drawing needs: the slide, the scale, the body font, where the content comes from."""

    def __init__(self, slide: Any, scale: float, family: str, where: str) -> None:
        self.slide = slide
        self.scale = scale
        self.family = family
        self.where = where

    def size(self, points: float) -> float:
        return points * self.scale

    def too_long(self, what: str) -> DladocsError:
        from dladocs.content import ContentError

        return ContentError(
            f"{self.where} : {what} ne tient pas sur la diapositive sans descendre sous "
            f"{BODY:g} pt (texte courant) ou {SMALLEST:g} pt (étiquettes) : raccourcissez le texte "
            "ou partagez-le sur deux diapositives (ligne « --- »)"
        )


def emu(box: Box) -> tuple[Emu, Emu, Emu, Emu]:
    return (
        Emu(int(box.x * EMU_PER_POINT)),
        Emu(int(box.y * EMU_PER_POINT)),
        Emu(int(box.width * EMU_PER_POINT)),
        Emu(int(box.height * EMU_PER_POINT)),
    )


def no_autofit(frame: Any) -> None:
    """Switch autofit off: PowerPoint and LibreOffice show the sizes dladocs measured."""
    body_pr = frame._txBody.bodyPr
    for tag in ("a:spAutoFit", "a:normAutofit", "a:noAutofit"):
        for child in body_pr.findall(qn(tag)):
            body_pr.remove(child)
    body_pr.append(body_pr.makeelement(qn("a:noAutofit"), {}))


def split(text: str) -> tuple[str, str]:
    """« Canal : usage » → (« Canal », « usage »)."""
    head, sep, detail = text.partition(" : ")
    if not sep:
        head, sep, detail = text.partition(": ")
    return (head.strip(), detail.strip()) if sep else (text.strip(), "")


def write(
    frame: Any,
    paragraphs: Sequence[tf.Paragraph],
    size: float,
    *,
    color: Any = None,
    align: Any = None,
    bullets: Sequence[bool] = (),
    anchor: Any = MSO_ANCHOR.TOP,
    inset: float = INSET,
) -> None:
    """Write ``paragraphs`` in ``frame`` at ``size`` (each scaled), with no autofit."""
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Emu(int(inset * EMU_PER_POINT))
    frame.margin_top = frame.margin_bottom = Emu(int(3.6 * EMU_PER_POINT))
    no_autofit(frame)
    for index, paragraph in enumerate(paragraphs):
        p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        ppr = p._p.get_or_add_pPr()
        bullet = index < len(bullets) and bullets[index]
        ppr.set("marL", str(int(paragraph.indent * EMU_PER_POINT)))
        ppr.set("indent", str(int(-min(paragraph.indent, 18 * size / BODY) * EMU_PER_POINT)))
        ppr.insert(
            0,
            ppr.makeelement(qn("a:buChar"), {"char": "•"})
            if bullet
            else ppr.makeelement(qn("a:buNone"), {}),
        )
        if align is not None:
            p.alignment = align
        if index and paragraph.space_before:
            p.space_before = Pt(paragraph.space_before)
        run = p.add_run()
        run.text = paragraph.text
        # The run's properties written straight into its XML, as python-pptx would write
        # them: its font proxies cost an XPath query each, thousands in a deck.
        rpr = run._r.get_or_add_rPr()
        rpr.set("sz", str(round(round(size * paragraph.scale, 1) * 100)))
        rpr.set("b", "1" if paragraph.bold else "0")
        rpr.set("lang", FRENCH)
        # Shapes default to white text (their style's font reference): say the colour always.
        fill = etree.SubElement(rpr, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:schemeClr")).set(
            "val", MSO_THEME_COLOR.to_xml(color if color is not None else MSO_THEME_COLOR.TEXT_1)
        )


FRENCH = MSO_LANGUAGE_ID.to_xml(MSO_LANGUAGE_ID.FRENCH)


def fit(
    page: Page,
    texts: Sequence[tuple[Sequence[tf.Paragraph], float, float]],
    *,
    largest: float,
    smallest: float,
) -> float | None:
    """The largest size at which every (paragraphs, width, height) fits, or None."""
    size = page.size(largest)
    floor = page.size(smallest)
    while size >= floor - 1e-6:
        if all(
            tf.height(paragraphs, width - 2 * INSET, size, page.family) <= height - 7.2
            and tf.longest_word_fits(paragraphs, width - 2 * INSET, size, page.family)
            for paragraphs, width, height in texts
        ):
            return size
        size -= 0.5
    return None


def box_shape(group: Any, kind: Any, box: Box, fill: Any, name: str) -> Any:
    shape = group.shapes.add_shape(kind, *emu(box))
    shape.name = name
    if fill is None:
        shape.fill.background()
    else:
        shape.fill.solid()
        shape.fill.fore_color.theme_color = fill
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def text_box(group: Any, box: Box, name: str) -> Any:
    shape = group.shapes.add_textbox(*emu(box))
    shape.name = name
    return shape


@contextlib.contextmanager
def new_group(page: Page, name: str, alt: str) -> Iterator[Any]:
    """A group shape to draw into; its extents are fitted to its shapes once, when done.

    python-pptx fits a group to all its shapes after each shape added (quadratic
    in a diagram's shapes): the fitting waits until the last one is in.
    """
    group = page.slide.shapes.add_group_shape()
    group.name = name
    group._element.nvGrpSpPr.cNvPr.set("descr", alt)
    shapes = group.shapes
    shapes._recalculate_extents = lambda: None
    try:
        yield group
    finally:
        del shapes._recalculate_extents
        shapes._recalculate_extents()


# --------------------------------------------------------------------------- slide number


def number(slide: Any, index: int, slide_width: float, slide_height: float, family: str) -> None:
    """The slide's number in the bottom-right corner, right of the logo band, as a number field."""
    scale = slide_width / REFERENCE_WIDTH
    size = 14 * scale
    width, height = 34 * scale, 24 * scale
    shape = slide.shapes.add_textbox(
        *emu(
            Box(slide_width - width - 2 * scale, slide_height - height - 12 * scale, width, height)
        )
    )
    shape.name = "dladocs:numero"
    frame = shape.text_frame
    write(frame, [tf.Paragraph(str(index))], size, align=PP_ALIGN.RIGHT, inset=0)
    run = frame.paragraphs[0].runs[0]
    run.font.color.theme_color = MSO_THEME_COLOR.TEXT_2
    # A slide-number field: PowerPoint keeps it right if slides are moved.
    r = run._r
    field = r.makeelement(
        qn("a:fld"), {"id": "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", "type": "slidenum"}
    )
    for child in list(r):
        field.append(child)
    r.getparent().replace(r, field)
    del family


# --------------------------------------------------------------------------- blocks


def lead(page: Page, text: str, area: Box) -> Box:
    """A paragraph above a drawn block; returns the area left below it."""
    if not text:
        return area
    paragraphs = [tf.Paragraph(text)]
    size = fit(page, [(paragraphs, area.width, area.height * 0.3)], largest=22, smallest=BODY)
    if size is None:
        raise page.too_long("le paragraphe d'introduction")
    height = tf.height(paragraphs, area.width - 2 * INSET, size, page.family) + 7.2 + 2
    shape = page.slide.shapes.add_textbox(*emu(Box(area.x, area.y, area.width, height)))
    shape.name = "dladocs:texte"
    write(shape.text_frame, paragraphs, size)
    gap = page.size(10)
    return Box(area.x, area.y + height + gap, area.width, area.height - height - gap)
