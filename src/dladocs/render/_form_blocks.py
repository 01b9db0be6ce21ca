"""The evaluation grid's blocks: introduction, one per question, closing; and their pages.

A block is never split across pages (:func:`_paginate`); a question's block
holds its heading and its fields: radio buttons for scale and choice
questions, a multi-line text field for text questions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dladocs.evaluation import Question, choice_export_value
from dladocs.render._form_layout import (
    BLOCK_GAP,
    CONTENT_WIDTH,
    END_LABEL_WIDTH,
    FIELD_BORDER,
    FIELD_FILL,
    HEADING_COLOUR,
    INDENT,
    MARGIN_X,
    MUTED_COLOUR,
    RADIO_SIZE,
    RADIO_STEP,
    REFLEX_BLUE,
    TEXT_FIELD_HEIGHT,
    _lines,
    _y,
)
from dladocs.render._form_tags import Element, Tagger
from dladocs.render._pdf_text import TEXT_COLOUR, Fonts, Style, text_width, wrap
from dladocs.typography import NBSP, NNBSP

INTRO = (
    "Merci de prendre 3 minutes pour donner votre avis sur le webinaire. Toutes les questions"
    " sont facultatives.",
    "Pour répondre, cliquez sur un rond ou dans un cadre. Pour les notes de 1 à 5, chaque"
    " question dit ce que veulent dire 1 et 5. Vous pouvez aussi imprimer ces pages et cocher"
    " à la main.",
)
# Said only when the channel is anonymous (an online form that does not ask for a name):
# a file sent back by e-mail carries its sender's address.
ANONYMOUS = f"Le formulaire en ligne ne demande pas votre nom{NBSP}: vos réponses sont anonymes."


@dataclass(slots=True)
class _Block:
    """A piece of the page that is never split: its height and how to draw it at a top.

    ``draw(canvas, top, tags)`` draws it and tags what it draws (see :mod:`._form_tags`).
    """

    height: float
    draw: Callable[[Any, float, Tagger], None]
    keep_with_next: bool = False


@dataclass(slots=True)
class _Page:
    blocks: list[tuple[_Block, float]] = field(default_factory=list)


def _paginate(blocks: Sequence[_Block], top: float, bottom: float) -> list[_Page]:
    pages = [_Page()]
    cursor = top
    for block in blocks:
        if pages[-1].blocks and cursor + block.height > bottom:
            pages.append(_Page())
            cursor = top
        pages[-1].blocks.append((block, cursor))
        cursor += block.height + BLOCK_GAP
    return pages


def _return_sentence(channel: tuple[str, str]) -> str:
    return_to, url = channel
    if url.strip():
        return f"Répondez en ligne, à l'adresse {url.strip()} (le lien est aussi sur le support du webinaire)."
    whom = return_to.strip() or "la personne qui vous l'a envoyé"
    return (
        f"Quand vous avez terminé{NBSP}: enregistrez le fichier rempli (menu Fichier, puis"
        f" Enregistrer) et renvoyez-le à {whom}."
    )


def _intro_block(fonts: Fonts, title: str, subtitle: str, channel: tuple[str, str]) -> _Block:
    title_lines = wrap(fonts.safe(title), fonts.bold, 16.0, CONTENT_WIDTH)
    subtitle_lines = wrap(fonts.safe(subtitle), fonts.regular, 11.0, CONTENT_WIDTH)
    anonymous = [ANONYMOUS] if channel[1].strip() else []
    paragraphs = [*INTRO, *anonymous, _return_sentence(channel)]
    body = [wrap(fonts.safe(p), fonts.regular, 10.0, CONTENT_WIDTH) for p in paragraphs]
    height = (
        19.0 * len(title_lines)
        + (14.0 * len(subtitle_lines) + 6.0 if subtitle.strip() else 0.0)
        + sum(13.0 * len(lines) + 5.0 for lines in body)
        + 4.0
    )

    def draw(canvas: Any, top: float, tags: Tagger) -> None:
        with tags.content(canvas, tags.element("H1")):
            _lines(
                canvas, title_lines, Style(fonts.bold, 16.0, 19.0, HEADING_COLOUR), MARGIN_X, top
            )
        top += 19.0 * len(title_lines) + 2.0
        if subtitle.strip():
            with tags.content(canvas, tags.element("P")):
                _lines(canvas, subtitle_lines, Style(fonts.regular, 11.0, 14.0), MARGIN_X, top)
            top += 14.0 * len(subtitle_lines) + 6.0
        for index, lines in enumerate(body):
            font = fonts.bold if index == len(body) - 1 else fonts.regular
            with tags.content(canvas, tags.element("P")):
                _lines(canvas, lines, Style(font, 10.0, 13.0), MARGIN_X, top)
            top += 13.0 * len(lines) + 5.0

    return _Block(height + 2.0, draw)


def _closing_block(fonts: Fonts, channel: tuple[str, str]) -> _Block:
    text = fonts.safe(f"Merci pour vos réponses{NNBSP}! " + _return_sentence(channel))
    lines = wrap(text, fonts.bold, 10.0, CONTENT_WIDTH)

    def draw(canvas: Any, top: float, tags: Tagger) -> None:
        with tags.content(canvas, tags.element("P")):
            _lines(canvas, lines, Style(fonts.bold, 10.0, 13.0, HEADING_COLOUR), MARGIN_X, top)

    return _Block(13.0 * len(lines), draw)


def _question_block(fonts: Fonts, number: int, question: Question) -> _Block:
    text_width = CONTENT_WIDTH - INDENT
    lines = wrap(fonts.safe(question.text), fonts.bold, 10.5, text_width)
    head = 13.5 * len(lines) + 6.0
    if question.kind == "scale":
        body_height, draw_body = _scale_body(fonts, question)
    elif question.kind == "choice":
        body_height, draw_body = _choice_body(fonts, question, text_width)
    else:
        body_height, draw_body = TEXT_FIELD_HEIGHT, _text_body(question, text_width)

    def draw(canvas: Any, top: float, tags: Tagger) -> None:
        section = tags.element("Div", title=question.label)
        heading = tags.element("H2", section)
        with tags.content(canvas, heading):
            _lines(
                canvas, [f"{number}."], Style(fonts.bold, 10.5, 13.5, HEADING_COLOUR), MARGIN_X, top
            )
            _lines(canvas, lines, Style(fonts.bold, 10.5, 13.5), MARGIN_X + INDENT, top)
        draw_body(canvas, top + head, tags, section)

    return _Block(head + body_height, draw)


def _radio(
    canvas: Any,
    name: str,
    value: str,
    *,
    tooltip: str,
    x: float,
    top: float,
    tags: Tagger,
    parent: Element,
) -> None:
    from reportlab.lib.colors import HexColor

    tags.widget(tags.element("Form", parent), name, value)
    canvas.acroForm.radio(
        name=name,
        value=value,
        tooltip=tooltip,
        selected=False,
        x=x,
        y=_y(top + RADIO_SIZE),
        size=RADIO_SIZE,
        buttonStyle="circle",
        shape="circle",
        borderColor=HexColor(FIELD_BORDER),
        fillColor=HexColor("#ffffff"),
        textColor=HexColor(REFLEX_BLUE),
        borderWidth=1,
        forceBorder=True,
        fieldFlags="noToggleToOff radio",
        annotationFlags="print",
    )


Body = Callable[[Any, float, "Tagger", "Element"], None]


def _scale_body(fonts: Fonts, question: Question) -> tuple[float, Body]:
    size, leading = 8.5, 10.0
    label_style = Style(fonts.regular, size, leading, MUTED_COLOUR)
    number_style = Style(fonts.bold, 9.0, 10.0)
    low = wrap(fonts.safe(question.low), fonts.regular, size, END_LABEL_WIDTH)
    high = wrap(fonts.safe(question.high), fonts.regular, size, END_LABEL_WIDTH)
    numbers_height = 12.0
    label_height = leading * max(len(low), len(high))
    height = numbers_height + max(RADIO_SIZE, label_height) + 4.0

    def draw(canvas: Any, top: float, tags: Tagger, section: Element) -> None:
        x0 = MARGIN_X + INDENT
        radios_x = x0 + END_LABEL_WIDTH + 14.0
        row_top = top + numbers_height
        middle = row_top + RADIO_SIZE / 2
        with tags.content(canvas, tags.element("P", section)):
            for labels, x, align in (
                (low, x0, "right"),
                (high, radios_x + 4 * RADIO_STEP + RADIO_SIZE + 14.0, "left"),
            ):
                label_top = middle - (leading * len(labels)) / 2 + (leading - size) / 2
                _lines(
                    canvas, labels, label_style, x, label_top, align=align, width=END_LABEL_WIDTH
                )
        for index in range(5):
            value = str(index + 1)
            x = radios_x + index * RADIO_STEP
            with tags.artifact(canvas, "Layout"):  # the number repeats the field's own name
                _lines(canvas, [value], number_style, x, top, align="center", width=RADIO_SIZE)
            tooltip = f"{question.label}{NBSP}: {value} sur 5"
            _radio(
                canvas, question.id, value, tooltip=tooltip, x=x, top=row_top, tags=tags,
                parent=section,
            )  # fmt: skip

    return height, draw


def _choice_body(fonts: Fonts, question: Question, width: float) -> tuple[float, Body]:
    size, line_height, gap = 10.0, RADIO_SIZE + 7.0, 22.0
    style = Style(fonts.regular, size, 12.0)
    placed: list[tuple[str, str, float, int]] = []  # label, value, x offset, line
    x, line = 0.0, 0
    for choice in question.choices:
        label = fonts.safe(choice)
        item = RADIO_SIZE + 6.0 + text_width(label, fonts.regular, size)
        if x > 0 and x + item > width:
            x, line = 0.0, line + 1
        placed.append((label, choice_export_value(choice), x, line))
        x += item + gap
    height = line_height * line + RADIO_SIZE

    def draw(canvas: Any, top: float, tags: Tagger, section: Element) -> None:
        x0 = MARGIN_X + INDENT
        for label, value, offset, row in placed:
            row_top = top + row * line_height
            tooltip = f"{question.label}{NBSP}: {label}"
            _radio(
                canvas, question.id, value, tooltip=tooltip, x=x0 + offset, top=row_top,
                tags=tags, parent=section,
            )  # fmt: skip
            label_top = row_top + (RADIO_SIZE - size) / 2
            with tags.content(canvas, tags.element("P", section)):
                _lines(canvas, [label], style, x0 + offset + RADIO_SIZE + 6.0, label_top)

    return height, draw


def _text_body(question: Question, width: float) -> Body:
    def draw(canvas: Any, top: float, tags: Tagger, section: Element) -> None:
        from reportlab.lib.colors import HexColor

        tags.widget(tags.element("Form", section), question.id, "")
        canvas.acroForm.textfield(
            name=question.id,
            tooltip=question.text,
            value="",
            x=MARGIN_X + INDENT,
            y=_y(top + TEXT_FIELD_HEIGHT),
            width=width,
            height=TEXT_FIELD_HEIGHT,
            fontName="Helvetica",
            fontSize=10,
            borderColor=HexColor(FIELD_BORDER),
            fillColor=HexColor(FIELD_FILL),
            textColor=HexColor(TEXT_COLOUR),
            borderWidth=1,
            borderStyle="solid",
            forceBorder=True,
            fieldFlags="multiline",
            annotationFlags="print",
            maxlen=0,
        )

    return draw
