"""The diagrams of the ``schema`` layout, drawn as native shapes grouped as one diagram.

Each label « Titre : détail » gives a bold heading and a detail line.  The
shapes take the theme's colours (accents, text 2, background 2), so a theme
plugin recolours them; the group carries the diagram's alt text, so a screen
reader reads one description instead of a dozen boxes.
"""

from __future__ import annotations

from typing import Any

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from dladocs.render import _textfit as tf
from dladocs.render._pptx_layouts import (
    BODY,
    SMALLEST,
    Page,
    box_shape,
    fit,
    new_group,
    split,
    text_box,
    write,
)
from dladocs.types import EMU_PER_POINT, Box

LABEL = 16.0  # preferred smallest size of diagram labels, above the 12 pt floor
WHITE = MSO_THEME_COLOR.BACKGROUND_1


def draw(page: Page, block: dict[str, Any], area: Box) -> None:
    labels = [split(text) for text in block["labels"]]
    with new_group(page, f"dladocs:schema:{block['schema']}", block["alt"]) as group:
        {
            "parcours-client": _journey,
            "echelle-maturite": _scale,
            "carte-canaux": _channels,
            "methode": _method,
        }[block["schema"]](page, group, labels, area)


def _sizes(
    page: Page,
    heads: list[tuple[list[tf.Paragraph], float, float]],
    details: list[tuple[list[tf.Paragraph], float, float]],
    what: str,
) -> tuple[float, float]:
    """Sizes for headings and details: as large as fits, never under the floors."""
    head = fit(page, heads, largest=22, smallest=LABEL) or fit(
        page, heads, largest=LABEL, smallest=SMALLEST
    )
    detail = (
        fit(page, details, largest=BODY, smallest=LABEL)
        or fit(page, details, largest=LABEL, smallest=SMALLEST)
        if details
        else BODY
    )
    if head is None or detail is None:
        raise page.too_long(f"le texte du schéma « {what} »")
    return head, detail


def _journey(page: Page, group: Any, labels: list[tuple[str, str]], area: Box) -> None:
    """Customer journey: chevrons left to right, the detail of each step below it."""
    count = len(labels)
    overlap = page.size(10)
    width = (area.width + overlap * (count - 1)) / count
    arrow_height = min(area.height * 0.3, page.size(72))
    # The chevron's text rectangle stops where its points start (adjustment × height each side).
    point = 0.3 * arrow_height
    inner = width - 2 * point - page.size(4)
    detail_top = area.y + arrow_height + page.size(12)
    detail_height = area.bottom - detail_top
    head_size, detail_size = _sizes(
        page,
        [([tf.Paragraph(h, bold=True)], inner, arrow_height) for h, _ in labels],
        [([tf.Paragraph(d)], width - overlap, detail_height) for _, d in labels if d],
        "parcours-client",
    )
    for index, (head, detail) in enumerate(labels):
        x = area.x + index * (width - overlap)
        shape = box_shape(
            group,
            MSO_SHAPE.PENTAGON if index == 0 else MSO_SHAPE.CHEVRON,
            Box(x, area.y, width, arrow_height),
            (MSO_THEME_COLOR.ACCENT_2, MSO_THEME_COLOR.TEXT_2)[index % 2],
            f"dladocs:etape:{index + 1}",
        )
        shape.adjustments[0] = 0.3
        write(
            shape.text_frame,
            [tf.Paragraph(head, bold=True)],
            head_size,
            color=WHITE,
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.MIDDLE,
            inset=page.size(2),
        )
        if detail:
            text = text_box(
                group,
                Box(x, detail_top, width - overlap, detail_height),
                f"dladocs:etape-texte:{index + 1}",
            )
            write(text.text_frame, [tf.Paragraph(detail)], detail_size, align=PP_ALIGN.CENTER)


def _scale(page: Page, group: Any, labels: list[tuple[str, str]], area: Box) -> None:
    """Maturity scale: steps rising left to right, the level's name and meaning on each step."""
    count = len(labels)
    gap = page.size(8)
    width = (area.width - gap * (count - 1)) / count
    lowest = area.height * 0.45
    rise = (area.height - lowest) / max(count - 1, 1)
    # Levels without « : détail » are a sentence each: their name gets the lowest step's height.
    head_height = page.size(40) if any(d for _, d in labels) else lowest - page.size(8)
    head_size, detail_size = _sizes(
        page,
        [
            ([tf.Paragraph(f"{i + 1}. {h}", bold=True)], width, head_height)
            for i, (h, _) in enumerate(labels)
        ],
        [([tf.Paragraph(d)], width, lowest - page.size(48)) for _, d in labels if d],
        "echelle-maturite",
    )
    for index, (head, detail) in enumerate(labels):
        height = lowest + rise * index
        box = Box(area.x + index * (width + gap), area.bottom - height, width, height)
        fill = (MSO_THEME_COLOR.BACKGROUND_2, MSO_THEME_COLOR.ACCENT_2, MSO_THEME_COLOR.TEXT_2)[
            min(2, index * 3 // count)
        ]
        step = box_shape(group, MSO_SHAPE.RECTANGLE, box, fill, f"dladocs:niveau:{index + 1}")
        color = MSO_THEME_COLOR.TEXT_1 if fill == MSO_THEME_COLOR.BACKGROUND_2 else WHITE
        paragraphs = [tf.Paragraph(f"{index + 1}. {head}", bold=True)]
        if detail:
            paragraphs.append(tf.Paragraph(detail, space_before=6, scale=detail_size / head_size))
        write(step.text_frame, paragraphs, head_size, color=color)


def _channels(page: Page, group: Any, labels: list[tuple[str, str]], area: Box) -> None:
    """Channel map: the structure in the centre, each channel a card around it, linked to it."""
    count = len(labels)
    columns = 2 if count <= 4 else 3
    rows = -(-count // columns)
    centre_width = page.size(150) if columns == 2 else 0.0
    gap = page.size(12)
    if columns == 2:
        card_width = (area.width - centre_width - 4 * gap) / 2
    else:
        card_width = (area.width - gap * 2) / 3
    card_height = (area.height - gap * (rows - 1)) / rows
    # A channel's name may take two lines: the heading band grows before its text shrinks.
    heads = [[tf.Paragraph(h, bold=True)] for h, _ in labels]
    head_height = page.size(36)
    while head_height < card_height * 0.5 and (
        fit(page, [(h, card_width, head_height) for h in heads], largest=LABEL, smallest=LABEL)
        is None
    ):
        head_height += page.size(8)
    head_height = min(head_height, card_height * 0.5)
    head_size, detail_size = _sizes(
        page,
        [(h, card_width, head_height) for h in heads],
        [([tf.Paragraph(d)], card_width, card_height - head_height) for _, d in labels if d],
        "carte-canaux",
    )
    centre = None
    if columns == 2:
        centre_box = Box(
            area.x + (area.width - centre_width) / 2,
            area.y + area.height / 2 - centre_width / 3,
            centre_width,
            centre_width * 2 / 3,
        )
        centre = box_shape(
            group, MSO_SHAPE.OVAL, centre_box, MSO_THEME_COLOR.ACCENT_1, "dladocs:centre"
        )
        write(
            centre.text_frame,
            [tf.Paragraph("Votre structure", bold=True)],
            max(head_size * 0.8, page.size(SMALLEST)),
            color=WHITE,
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.MIDDLE,
            inset=2,
        )
    for index, (head, detail) in enumerate(labels):
        column, row = index % columns, index // columns
        if columns == 2:
            x = area.x if column == 0 else area.right - card_width
        else:
            x = area.x + column * (card_width + gap)
        y = area.y + row * (card_height + gap)
        card = box_shape(
            group,
            MSO_SHAPE.RECTANGLE,
            Box(x, y + head_height, card_width, card_height - head_height),
            MSO_THEME_COLOR.BACKGROUND_2,
            f"dladocs:canal:{index + 1}",
        )
        title = box_shape(
            group,
            MSO_SHAPE.RECTANGLE,
            Box(x, y, card_width, head_height),
            (MSO_THEME_COLOR.ACCENT_2, MSO_THEME_COLOR.TEXT_2)[index % 2],
            f"dladocs:canal-titre:{index + 1}",
        )
        write(
            title.text_frame,
            [tf.Paragraph(head, bold=True)],
            head_size,
            color=WHITE,
            anchor=MSO_ANCHOR.MIDDLE,
        )
        if detail:
            write(card.text_frame, [tf.Paragraph(detail)], detail_size)
        if centre is not None:
            line = group.shapes.add_connector(
                MSO_CONNECTOR.STRAIGHT,
                Emu(int((x + card_width if column == 0 else x) * EMU_PER_POINT)),
                Emu(int((y + card_height / 2) * EMU_PER_POINT)),
                Emu(int(centre.left + (0 if column == 0 else centre.width))),
                Emu(int(centre.top + centre.height / 2)),
            )
            line.name = f"dladocs:lien:{index + 1}"
            line.line.color.theme_color = MSO_THEME_COLOR.ACCENT_1
            line.line.width = Pt(1.5 * page.scale)


def _method(page: Page, group: Any, labels: list[tuple[str, str]], area: Box) -> None:
    """Method steps: numbered discs joined by arrows, the step's name and question under each."""
    count = len(labels)
    width = area.width / count
    disc = min(page.size(64), width * 0.6, area.height * 0.3)
    text_top = area.y + disc + page.size(10)
    head_height = page.size(34)
    head_size, detail_size = _sizes(
        page,
        [([tf.Paragraph(h, bold=True)], width, head_height) for h, _ in labels],
        [([tf.Paragraph(d)], width, area.bottom - text_top - head_height) for _, d in labels if d],
        "methode",
    )
    for index, (head, detail) in enumerate(labels):
        x = area.x + index * width
        circle = box_shape(
            group,
            MSO_SHAPE.OVAL,
            Box(x + (width - disc) / 2, area.y, disc, disc),
            (MSO_THEME_COLOR.ACCENT_1, MSO_THEME_COLOR.ACCENT_2)[index % 2],
            f"dladocs:etape:{index + 1}",
        )
        write(
            circle.text_frame,
            [tf.Paragraph(str(index + 1), bold=True)],
            max(head_size, page.size(20)),
            color=WHITE,
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.MIDDLE,
            inset=0,
        )
        if index + 1 < count:
            arrow = box_shape(
                group,
                MSO_SHAPE.RIGHT_ARROW,
                Box(
                    x + (width + disc) / 2 + page.size(4),
                    area.y + disc / 2 - page.size(8),
                    width - disc - page.size(8),
                    page.size(16),
                ),
                MSO_THEME_COLOR.TEXT_2,
                f"dladocs:fleche:{index + 1}",
            )
            del arrow
        name = text_box(
            group, Box(x, text_top, width, head_height), f"dladocs:etape-titre:{index + 1}"
        )
        write(
            name.text_frame,
            [tf.Paragraph(head, bold=True)],
            head_size,
            align=PP_ALIGN.CENTER,
            color=MSO_THEME_COLOR.TEXT_2,
        )
        if detail:
            text = text_box(
                group,
                Box(x, text_top + head_height, width, area.bottom - text_top - head_height),
                f"dladocs:etape-texte:{index + 1}",
            )
            write(text.text_frame, [tf.Paragraph(detail)], detail_size, align=PP_ALIGN.CENTER)
