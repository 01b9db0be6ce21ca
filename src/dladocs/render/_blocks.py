"""The drawn blocks of module layouts: columns, key-figure cards, polls and checklists.

Each fits its text at readable sizes (``BODY`` and ``SMALLEST``, scaled to the
slide) or reports the module's file and line; cards, polls and checklists are
grouped as one shape that carries the alt text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from dladocs.render import _textfit as tf
from dladocs.render._pptx_layouts import (
    ACCENTS,
    BODY,
    SMALLEST,
    Page,
    box_shape,
    fit,
    lead,
    new_group,
    text_box,
    write,
)
from dladocs.types import Box


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
    with new_group(page, "dladocs:schema:chiffres-cles", block["alt"]) as group:
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
            write(
                card.text_frame, paragraphs(item), size, inset=page.size(10), align=PP_ALIGN.CENTER
            )
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
    with new_group(page, "dladocs:schema:sondage", block["alt"]) as group:
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
    with new_group(page, "dladocs:schema:checklist", block["alt"]) as group:
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
                    area.x + box_side + page.size(14),
                    y,
                    area.width - box_side - page.size(14),
                    height,
                ),
                f"dladocs:case-texte:{index + 1}",
            )
            write(label.text_frame, [tf.Paragraph(item)], size, anchor=MSO_ANCHOR.MIDDLE)


DRAW: dict[str, Callable[[Page, dict[str, Any], Box], None]] = {
    "sections": sections,
    "cards": cards,
    "poll": poll,
    "checklist": checklist,
}


KINDS = ("sections", "cards", "poll", "checklist", "diagram")


def draw(page: Page, block: dict[str, Any], area: Box) -> None:
    """Draw a block of a module layout (see ``KINDS``) in ``area``, below its lead paragraph."""
    from dladocs.render import _diagrams

    area = lead(page, block.get("lead", ""), area)
    if block["kind"] == "diagram":
        _diagrams.draw(page, block, area)
    else:
        DRAW[block["kind"]](page, block, area)
