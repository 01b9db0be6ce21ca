"""Filling a slide's placeholders from its specification.

The title and subtitle go into the layout's placeholders; a content slide's
body is text, or text beside pictures and drawn blocks, or a table, key
figures, columns or a picture laid out in the body placeholder's area.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from dladocs.render import _blocks
from dladocs.render import _pptx_layouts as _layouts
from dladocs.render import _textfit as tf
from dladocs.render._pptx_band import _picture_in
from dladocs.render._pptx_tables import _columns, _figures, _table
from dladocs.render._pptx_text import (
    GREY,
    INSET_X,
    INSET_Y,
    Theme,
    _box,
    _emu_box,
    _no_autofit,
    _no_bullet,
    _paragraphs,
    _write,
)
from dladocs.types import EMU_PER_POINT, Box


class _Positions:
    """Where the placeholders of each layout sit, read once per layout.

    A new slide's placeholders inherit their position from the layout (and
    its master), and python-pptx walks that chain again for every read: the
    deck's slides share four layouts, so each inherited box is read once.
    """

    def __init__(self) -> None:
        self._inherited: dict[tuple[str, int], Box] = {}

    def of(self, shape: Any, layout: Any) -> Box:
        xfrm = shape._element.spPr.find(qn("a:xfrm"))
        if xfrm is not None and xfrm.find(qn("a:off")) is not None:
            return _box(shape)  # a position of its own
        key = (layout.name, shape.placeholder_format.idx)
        if key not in self._inherited:
            self._inherited[key] = _box(shape)
        return self._inherited[key]


def _placeholders(slide: Any) -> dict[int, Any]:
    """The slide's placeholders by type, the first of each type."""
    found: dict[int, Any] = {}
    for shape in slide.placeholders:
        found.setdefault(shape.placeholder_format.type, shape)
    return found


def _fill(  # noqa: C901, PLR0912  - one case per placeholder kind of the deck contract (docs/templates.md)
    slide: Any,
    spec: dict[str, Any],
    theme: Theme,
    position: Callable[[Any], Box],
    scale: float = 1.0,
) -> None:
    placeholders = _placeholders(slide)
    # A module's slide is reported when its text does not fit (its file and line are known).
    strict = (
        _layouts.Page(slide, scale, theme.body_font, spec["origin"]) if spec.get("origin") else None
    )
    title = placeholders.get(PP_PLACEHOLDER.TITLE) or placeholders.get(PP_PLACEHOLDER.CENTER_TITLE)
    if title is not None:
        cover = spec["layout"] in ("Titre", "Clôture")
        _write(
            title,
            position(title),
            [tf.Paragraph(spec["title"], bold=True)],
            theme.heading_font,
            largest=40 if cover else 32,
            smallest=20,
            page=strict,
        )
    subtitle = placeholders.get(PP_PLACEHOLDER.SUBTITLE)
    body = placeholders.get(PP_PLACEHOLDER.BODY) or placeholders.get(PP_PLACEHOLDER.OBJECT)
    lines = spec.get("subtitle") or []
    if spec["layout"] != "Contenu":
        target = subtitle or body
        if target is not None:
            if lines:
                _write(
                    target,
                    position(target),
                    [tf.Paragraph(line, space_before=6) for line in lines],
                    theme.body_font,
                    largest=24 * scale,
                    smallest=_layouts.BODY * scale,
                    bullets=False,
                    page=strict,
                )
            else:
                target._element.getparent().remove(target._element)
        if subtitle is not None and body is not None and target is subtitle:
            body._element.getparent().remove(body._element)
        return
    if body is None:
        return
    area = position(body)
    source = spec.get("source")
    if source:
        source_height = 0.0
        size, _ = tf.fit(
            [tf.Paragraph(source)],
            area.width - 2 * INSET_X,
            40,
            theme.body_font,
            largest=14 * scale,
            smallest=_layouts.SMALLEST * scale,
        )
        source_height = (
            tf.height([tf.Paragraph(source)], area.width - 2 * INSET_X, size, theme.body_font)
            + 2 * INSET_Y
        )
        area = Box(area.x, area.y, area.width, area.height - source_height - 4)
        box = slide.shapes.add_textbox(
            Emu(int(area.x * EMU_PER_POINT)),
            Emu(int((area.bottom + 4) * EMU_PER_POINT)),
            Emu(int(area.width * EMU_PER_POINT)),
            Emu(int(source_height * EMU_PER_POINT)),
        )
        box.name = "dladocs:source"
        _paragraphs(
            box.text_frame, [tf.Paragraph(source)], size, theme.body_font, color=GREY, bullets=None
        )
    blocks: Sequence[dict[str, Any]] = spec.get("body", [])
    page = _layouts.Page(
        slide, scale, theme.body_font, spec.get("origin") or f"« {spec['title']} »"
    )
    if all(block["kind"] in ("bullets", "text") for block in blocks):
        body.left, body.top = Emu(int(area.x * EMU_PER_POINT)), Emu(int(area.y * EMU_PER_POINT))
        body.width, body.height = (
            Emu(int(area.width * EMU_PER_POINT)),
            Emu(int(area.height * EMU_PER_POINT)),
        )
        _write_blocks(body, blocks, theme, page)
        return
    body._element.getparent().remove(body._element)
    images = [block for block in blocks if block["kind"] == "image"]
    texts = [block for block in blocks if block["kind"] in ("bullets", "text")]
    drawn = [block for block in blocks if block["kind"] in _blocks.KINDS]
    if images and (texts or drawn):
        text_area = Box(area.x, area.y, area.width * 0.6, area.height)
        image_area = Box(area.x + area.width * 0.62, area.y, area.width * 0.38, area.height)
        if texts:
            holder = slide.shapes.add_textbox(*_emu_box(text_area))
            holder.name = "dladocs:texte"
            _write_blocks(holder, texts, theme, page)
        for block in drawn:
            _blocks.draw(page, block, text_area)
        for block in images:
            _picture_in(slide, block["ref"], image_area)
        return
    if drawn:
        for block in drawn:
            _blocks.draw(page, block, area)
        return
    for block in blocks:
        if block["kind"] == "table":
            _table(slide, block, area, theme)
        elif block["kind"] == "figures":
            _figures(slide, block["items"], area, theme)
        elif block["kind"] == "columns":
            _columns(slide, block["columns"], area, theme)
        elif block["kind"] == "image":
            _picture_in(slide, block["ref"], area)


def _write_blocks(  # noqa: C901  - one case per block kind of the content spec
    shape: Any, blocks: Sequence[dict[str, Any]], theme: Theme, page: _layouts.Page | None = None
) -> None:
    paragraphs: list[tf.Paragraph] = []
    styles: list[str] = []
    for block in blocks:
        if block["kind"] == "bullets":
            levels = block.get("levels") or [0] * len(block["items"])
            for item, level in zip(block["items"], levels, strict=True):
                paragraphs.append(tf.Paragraph(item, indent=27 * (1 + level), space_before=10))
                styles.append("bullet" if not level else "sub")
        else:
            paragraphs.append(tf.Paragraph(block["text"], space_before=14))
            styles.append(block.get("style", "plain"))
    box = _box(shape)
    width = box.width - 2 * INSET_X
    room = box.height - 2 * INSET_Y
    # A web address cannot wrap: it gets its own size, so that it does not shrink the rest.
    links = [p for p, style in zip(paragraphs, styles, strict=True) if style == "link"]
    others = [p for p, style in zip(paragraphs, styles, strict=True) if style != "link"]
    scale = page.scale if page is not None else 1.0
    link_size = 0.0
    if links:
        link_size, _ = tf.fit(
            links,
            width,
            room,
            theme.body_font,
            largest=20 * scale,
            smallest=_layouts.SMALLEST * scale,
        )
        room -= tf.height(links, width, link_size, theme.body_font)
    size, fits = tf.fit(
        others or paragraphs,
        width,
        room,
        theme.body_font,
        largest=28 * scale,
        smallest=_layouts.BODY * scale,
    )
    if not fits:
        raise (page or _layouts.Page(None, scale, theme.body_font, "")).too_long("le texte")
    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    _no_autofit(frame)
    for index, (paragraph, style) in enumerate(zip(paragraphs, styles, strict=True)):
        p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if style == "sub":
            ppr = p._p.get_or_add_pPr()
            ppr.set("lvl", "1")
        elif style != "bullet":
            _no_bullet(p)
        if index:
            p.space_before = Pt(paragraph.space_before)
        run = p.add_run()
        run.text = paragraph.text
        run.font.size = Pt(link_size if style == "link" else size)
        run.font.language_id = MSO_LANGUAGE_ID.FRENCH
        if style == "accent":
            run.font.color.theme_color = MSO_THEME_COLOR.ACCENT_1
            run.font.bold = True
        elif style == "definition":
            run.font.color.theme_color = MSO_THEME_COLOR.TEXT_2
        elif style == "link":
            run.font.color.theme_color = MSO_THEME_COLOR.ACCENT_1
            run.hyperlink.address = paragraph.text
