"""Tables, key-figure cards and columns on a deck's content slides.

Each fills an area of the slide with shapes of its own, at the largest text
size at which every cell, card or column fits.
"""

from __future__ import annotations

from typing import Any

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from dladocs.render import _pptx_layouts as _layouts
from dladocs.render import _textfit as tf
from dladocs.render._pptx_text import (
    GREY,
    INSET_X,
    INSET_Y,
    WHITE,
    Theme,
    _emu_box,
    _no_autofit,
    _paragraphs,
)
from dladocs.types import EMU_PER_POINT, Box


def _table(slide: Any, block: dict[str, Any], area: Box, theme: Theme) -> None:  # noqa: C901  - header, rows and column widths of one table
    header: list[str] = block["header"]
    rows: list[list[str]] = block["rows"]
    widths = [w * area.width for w in block.get("widths", [1 / len(header)] * len(header))]
    margin_x, margin_y = 7.2, 3.6

    def needed(size: float) -> list[float]:
        heights = []
        for row_index, row in enumerate([header, *rows]):
            tallest = 0.0
            for text, width in zip(row, widths, strict=True):
                paragraphs = [tf.Paragraph(text, bold=row_index == 0)]
                tallest = max(
                    tallest, tf.height(paragraphs, width - 2 * margin_x, size, theme.body_font)
                )
            heights.append(tallest + 2 * margin_y)
        return heights

    size = 20.0
    while size > _layouts.SMALLEST and sum(needed(size)) > area.height:
        size -= 0.5
    heights = needed(size)
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), *_emu_box(Box(area.x, area.y, area.width, sum(heights)))
    )
    shape.name = "dladocs:tableau"
    table = shape.table
    for index, width in enumerate(widths):
        table.columns[index].width = Emu(int(width * EMU_PER_POINT))
    for index, row_height in enumerate(heights):
        table.rows[index].height = Emu(int(row_height * EMU_PER_POINT))
    table.horz_banding = False
    highlight: list[bool] = block.get("highlight", [False] * len(rows))
    for row_index, row in enumerate([header, *rows]):
        for col_index, text in enumerate(row):
            cell = table.cell(row_index, col_index)
            cell.margin_left = cell.margin_right = Emu(int(margin_x * EMU_PER_POINT))
            cell.margin_top = cell.margin_bottom = Emu(int(margin_y * EMU_PER_POINT))
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            _paragraphs(
                cell.text_frame, [tf.Paragraph(text, bold=row_index == 0)], size, theme.body_font
            )
            if row_index:
                cell.fill.solid()
                if highlight[row_index - 1]:
                    # A light tint of the exchange colour: dark text stays readable on it.
                    cell.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_2
                    cell.fill.fore_color.brightness = 0.75
                    for paragraph in cell.text_frame.paragraphs:
                        for run in paragraph.runs:
                            run.font.bold = True
                else:
                    cell.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_1


def _card_paragraphs(item: dict[str, str]) -> list[tf.Paragraph]:
    return [
        tf.Paragraph(item["value"], bold=True, scale=1.9),
        tf.Paragraph(item["text"], space_before=6),
    ]


SOURCE_SIZE = 12.0
CARD_CORNER = 0.06  # corner radius of the figure cards, as a share of their shorter side


def _figures(slide: Any, items: list[dict[str, str]], area: Box, theme: Theme) -> None:
    """Key figures as cards: the figure, what it means, and its source in small print below."""
    gap = 14.0
    count = len(items)
    width = (area.width - gap * (count - 1)) / count
    # A rounded rectangle sets its text inside its corners: its text rectangle is inset
    # by 29.3 % of the corner radius, which narrows every line of the card too.
    corner = CARD_CORNER * min(width, area.height) * 0.29289
    inner = width - 2 * (INSET_X + 6 + corner)
    source_height = (
        max(
            tf.height([tf.Paragraph(item["source"])], inner, SOURCE_SIZE, theme.body_font)
            for item in items
        )
        + 2 * INSET_Y
    )
    card_height = area.height - source_height - 6
    size = 24.0
    while size > 10 and any(
        tf.height(_card_paragraphs(item), inner, size, theme.body_font)
        > card_height - 2 * (INSET_Y + 8)
        or not tf.longest_word_fits(_card_paragraphs(item), inner, size, theme.body_font)
        for item in items
    ):
        size -= 0.5
    for index, item in enumerate(items):
        box = Box(area.x + index * (width + gap), area.y, width, card_height)
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, *_emu_box(box))
        card.name = f"dladocs:chiffre:{index + 1}"
        card.adjustments[0] = CARD_CORNER
        card.fill.solid()
        card.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_2
        card.line.fill.background()
        card.shadow.inherit = False
        frame = card.text_frame
        frame.margin_left = frame.margin_right = Emu(int((INSET_X + 6) * EMU_PER_POINT))
        frame.margin_top = frame.margin_bottom = Emu(int((INSET_Y + 8) * EMU_PER_POINT))
        frame.vertical_anchor = MSO_ANCHOR.TOP
        _no_autofit(frame)
        _paragraphs(frame, _card_paragraphs(item), size, theme.body_font, align=PP_ALIGN.LEFT)
        paragraphs = frame.paragraphs
        paragraphs[0].runs[0].font.color.theme_color = MSO_THEME_COLOR.ACCENT_1
        paragraphs[1].runs[0].font.color.theme_color = MSO_THEME_COLOR.TEXT_1
        source = slide.shapes.add_textbox(
            *_emu_box(Box(box.x + 6, box.bottom + 6, width - 12, source_height))
        )
        source.name = f"dladocs:source:{index + 1}"
        _no_autofit(source.text_frame)
        _paragraphs(
            source.text_frame,
            [tf.Paragraph(item["source"])],
            SOURCE_SIZE,
            theme.body_font,
            color=GREY,
        )


def _columns(slide: Any, columns: list[dict[str, Any]], area: Box, theme: Theme) -> None:
    gap = 14.0
    count = len(columns)
    width = (area.width - gap * (count - 1)) / count
    heading_height = 44.0
    inner = width - 2 * INSET_X
    body_height = area.height - heading_height - 8

    def paragraphs_of(column: dict[str, Any]) -> list[tf.Paragraph]:
        return [tf.Paragraph(item, indent=18, space_before=8) for item in column["items"]]

    size = 24.0
    while size > 11 and any(
        tf.height(paragraphs_of(column), inner, size, theme.body_font) > body_height - 2 * INSET_Y
        for column in columns
    ):
        size -= 0.5
    heading_size, _ = tf.fit(
        [tf.Paragraph(max((c["heading"] for c in columns), key=len), bold=True)],
        inner,
        heading_height - 2 * INSET_Y,
        theme.body_font,
        largest=20,
        smallest=12,
    )
    for index, column in enumerate(columns):
        x = area.x + index * (width + gap)
        head = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, *_emu_box(Box(x, area.y, width, heading_height))
        )
        head.name = f"dladocs:niveau:{index + 1}"
        head.fill.solid()
        head.fill.fore_color.theme_color = (
            MSO_THEME_COLOR.ACCENT_2,
            MSO_THEME_COLOR.ACCENT_1,
            MSO_THEME_COLOR.TEXT_2,
        )[index % 3]
        head.line.fill.background()
        head.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        _no_autofit(head.text_frame)
        _paragraphs(
            head.text_frame,
            [tf.Paragraph(column["heading"], bold=True)],
            heading_size,
            theme.body_font,
            color=WHITE,
            align=PP_ALIGN.CENTER,
        )
        box = slide.shapes.add_textbox(
            *_emu_box(Box(x, area.y + heading_height + 8, width, body_height))
        )
        box.name = f"dladocs:actions:{index + 1}"
        _no_autofit(box.text_frame)
        frame = box.text_frame
        frame.clear()
        frame.word_wrap = True
        for item_index, paragraph in enumerate(paragraphs_of(column)):
            p = frame.paragraphs[0] if item_index == 0 else frame.add_paragraph()
            ppr = p._p.get_or_add_pPr()
            ppr.set("marL", str(int(18 * EMU_PER_POINT)))
            ppr.set("indent", str(int(-18 * EMU_PER_POINT)))
            bullet = ppr.makeelement(qn("a:buChar"), {"char": "•"})
            ppr.append(bullet)
            if item_index:
                p.space_before = Pt(8)
            run = p.add_run()
            run.text = paragraph.text
            run.font.size = Pt(size)
            run.font.language_id = MSO_LANGUAGE_ID.FRENCH
