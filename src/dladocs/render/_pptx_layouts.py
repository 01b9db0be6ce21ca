"""The layouts of content modules that dladocs draws: columns, key figures, polls, checklists,
diagrams (as one group of native shapes), and the slide number.

Sizes are given for a 13.33-inch (960 pt) slide and scaled to the template's
width, so that "nothing under 12 pt, body text at least 18 pt" holds on any
slide size.  Text that does not fit at those sizes is reported (exit 2,
naming the module's file and line), never left to overflow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import MSO_SHAPE
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
Font = str


class Page:
    """What every drawing needs: the slide, the scale, the body font, where the content comes from."""

    def __init__(self, slide: Any, scale: float, family: Font, where: str) -> None:
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
    body_pr = frame._txBody.bodyPr
    for tag in ("a:spAutoFit", "a:normAutofit", "a:noAutofit"):
        for child in body_pr.findall(qn(tag)):
            body_pr.remove(child)
    body_pr.append(body_pr.makeelement(qn("a:noAutofit"), {}))
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
        run.font.size = Pt(round(size * paragraph.scale, 1))
        run.font.bold = paragraph.bold
        run.font.language_id = MSO_LANGUAGE_ID.FRENCH
        # Shapes default to white text (their style's font reference): say the colour always.
        run.font.color.theme_color = color if color is not None else MSO_THEME_COLOR.TEXT_1


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


def new_group(page: Page, name: str, alt: str) -> Any:
    group = page.slide.shapes.add_group_shape()
    group.name = name
    group._element.nvGrpSpPr.cNvPr.set("descr", alt)
    return group


# --------------------------------------------------------------------------- slide number


def number(slide: Any, index: int, slide_width: float, slide_height: float, family: Font) -> None:
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


def sections(page: Page, block: dict[str, Any], area: Box) -> None:
    """Two or three ``## `` blocks side by side: a coloured heading, then bullets or text."""
    columns: list[dict[str, Any]] = block["sections"]
    gap = page.size(14)
    count = len(columns)
    width = (area.width - gap * (count - 1)) / count
    heading_height = page.size(44)
    body_height = area.height - heading_height - page.size(8)

    def body(column: dict[str, Any]) -> tuple[list[tf.Paragraph], list[bool]]:
        paragraphs = [tf.Paragraph(text, space_before=6) for text in column["paragraphs"]]
        marks = [False] * len(paragraphs)
        for item in column["items"]:
            indent = page.size(18) * (1 + item["level"])
            paragraphs.append(tf.Paragraph(item["text"], indent=indent, space_before=6))
            marks.append(True)
        return paragraphs, marks

    size = fit(page, [(body(c)[0], width, body_height) for c in columns], largest=24, smallest=BODY)
    heads = [[tf.Paragraph(c["heading"], bold=True)] for c in columns]
    head_size = fit(
        page, [(h, width, heading_height) for h in heads], largest=22, smallest=SMALLEST
    )
    if size is None or head_size is None:
        raise page.too_long("le texte des colonnes")
    for index, column in enumerate(columns):
        x = area.x + index * (width + gap)
        head = box_shape(
            page.slide,
            MSO_SHAPE.RECTANGLE,
            Box(x, area.y, width, heading_height),
            ACCENTS[index % 3] if block["style"] != "cas" else ACCENTS[(index + 1) % 3],
            f"dladocs:colonne:{index + 1}:titre",
        )
        write(
            head.text_frame,
            heads[index],
            head_size,
            color=MSO_THEME_COLOR.BACKGROUND_1,
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.MIDDLE,
        )
        shape = text_box(
            page.slide,
            Box(x, area.y + heading_height + page.size(8), width, body_height),
            f"dladocs:colonne:{index + 1}",
        )
        paragraphs, marks = body(column)
        write(shape.text_frame, paragraphs, size, bullets=marks)


def cards(page: Page, block: dict[str, Any], area: Box) -> None:
    """Key figures: the figure large in the accent colour, what it means below; one group."""
    items: list[dict[str, str]] = block["items"]
    gap = page.size(14)
    count = len(items)
    width = (area.width - gap * (count - 1)) / count

    def paragraphs(item: dict[str, str]) -> list[tf.Paragraph]:
        return [
            tf.Paragraph(item["value"], bold=True, scale=2.0),
            tf.Paragraph(item["text"], space_before=8),
        ]

    inner = width - 2 * page.size(10)
    size = fit(
        page, [(paragraphs(i), inner, area.height - 20) for i in items], largest=24, smallest=BODY
    )
    if size is None:
        raise page.too_long("le texte des chiffres clés")
    group = new_group(page, "dladocs:schema:chiffres-cles", block["alt"])
    for index, item in enumerate(items):
        box = Box(area.x + index * (width + gap), area.y, width, area.height)
        card = box_shape(
            group,
            MSO_SHAPE.ROUNDED_RECTANGLE,
            box,
            MSO_THEME_COLOR.BACKGROUND_2,
            f"dladocs:chiffre:{index + 1}",
        )
        card.adjustments[0] = 0.05
        write(card.text_frame, paragraphs(item), size, inset=page.size(10), align=PP_ALIGN.CENTER)
        card.text_frame.paragraphs[0].runs[0].font.color.theme_color = MSO_THEME_COLOR.ACCENT_1


def poll(page: Page, block: dict[str, Any], area: Box) -> None:
    """A poll or quiz: the question, then the answers as lettered tiles (one group)."""
    area = lead(page, block["question"], area)
    options: list[str] = block["options"]
    per_row = 1 if len(options) <= 3 else 2
    rows = -(-len(options) // per_row)
    gap = page.size(12)
    width = (area.width - gap * (per_row - 1)) / per_row
    height = min((area.height - gap * (rows - 1)) / rows, page.size(70))
    badge = min(height, page.size(48))
    texts = [([tf.Paragraph(o)], width - badge - page.size(12), height) for o in options]
    size = fit(page, texts, largest=24, smallest=BODY)
    if size is None:
        raise page.too_long("les réponses du sondage")
    group = new_group(page, "dladocs:schema:sondage", block["alt"])
    for index, option in enumerate(options):
        x = area.x + (index % per_row) * (width + gap)
        y = area.y + (index // per_row) * (height + gap)
        tile = box_shape(
            group,
            MSO_SHAPE.ROUNDED_RECTANGLE,
            Box(x, y, width, height),
            MSO_THEME_COLOR.BACKGROUND_2,
            f"dladocs:reponse:{index + 1}",
        )
        tile.adjustments[0] = 0.15
        letter = box_shape(
            group,
            MSO_SHAPE.OVAL,
            Box(
                x + page.size(6),
                y + (height - badge) / 2 + page.size(4),
                badge - page.size(8),
                badge - page.size(8),
            ),
            MSO_THEME_COLOR.ACCENT_2,
            f"dladocs:lettre:{index + 1}",
        )
        write(
            letter.text_frame,
            [tf.Paragraph(chr(ord("A") + index), bold=True)],
            size,
            color=MSO_THEME_COLOR.BACKGROUND_1,
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.MIDDLE,
            inset=0,
        )
        label = text_box(
            group,
            Box(x + badge + page.size(6), y, width - badge - page.size(6), height),
            f"dladocs:reponse-texte:{index + 1}",
        )
        write(label.text_frame, [tf.Paragraph(option)], size, anchor=MSO_ANCHOR.MIDDLE)


def checklist(page: Page, block: dict[str, Any], area: Box) -> None:
    """Items with an empty box to tick (one group)."""
    items: list[str] = block["items"]
    gap = page.size(8)
    height = min((area.height - gap * (len(items) - 1)) / len(items), page.size(60))
    box_side = page.size(22)
    texts = [([tf.Paragraph(i)], area.width - box_side - page.size(14), height) for i in items]
    size = fit(page, texts, largest=24, smallest=BODY)
    if size is None:
        raise page.too_long("la liste à cocher")
    group = new_group(page, "dladocs:schema:checklist", block["alt"])
    for index, item in enumerate(items):
        y = area.y + index * (height + gap)
        tick = box_shape(
            group,
            MSO_SHAPE.RECTANGLE,
            Box(area.x + page.size(4), y + (height - box_side) / 2, box_side, box_side),
            None,
            f"dladocs:case:{index + 1}",
        )
        tick.line.fill.solid()
        tick.line.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_2
        tick.line.width = Pt(2 * page.scale)
        label = text_box(
            group,
            Box(
                area.x + box_side + page.size(14), y, area.width - box_side - page.size(14), height
            ),
            f"dladocs:case-texte:{index + 1}",
        )
        write(label.text_frame, [tf.Paragraph(item)], size, anchor=MSO_ANCHOR.MIDDLE)


KINDS = ("sections", "cards", "poll", "checklist", "diagram")
DRAW: dict[str, Callable[[Page, dict[str, Any], Box], None]] = {
    "sections": sections,
    "cards": cards,
    "poll": poll,
    "checklist": checklist,
}


def draw(page: Page, block: dict[str, Any], area: Box) -> None:
    if block["kind"] == "diagram":
        from dladocs.render import _diagrams

        area = lead(page, block.get("lead", ""), area)
        _diagrams.draw(page, block, area)
        return
    if block.get("lead"):
        area = lead(page, block["lead"], area)
    DRAW[block["kind"]](page, block, area)
