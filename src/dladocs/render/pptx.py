"""Render a deck from slide specifications on a template's named layouts.

As pandoc does with its reference.pptx, the template decides the look (master,
layouts, theme) and this renderer only picks layouts by name and fills them:
``Titre``, ``Section``, ``Contenu`` and ``Clôture``.  The logo band goes on
every slide inside the rectangle that the template marks with a shape named
``dladocs:bandeau`` (on the layout, else on the master); the marker itself is
removed from the output.  Every text is fitted to its box with real font
metrics, and every picture carries its name tag and alt text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from dladocs.errors import TemplateError
from dladocs.render import _badge, _blocks
from dladocs.render import _pptx_layouts as _layouts
from dladocs.render import _textfit as tf
from dladocs.render._props import DocumentProperties
from dladocs.types import EMU_PER_POINT, Box, ImageRef, RenderJob

REQUIRED_LAYOUTS = ("Titre", "Section", "Contenu", "Clôture")
BAND_MARKER = "dladocs:bandeau"
EU_BLUE = RGBColor(0x00, 0x33, 0x99)  # type: ignore[no-untyped-call]
GREY = RGBColor(0x59, 0x59, 0x59)  # type: ignore[no-untyped-call]
WHITE = RGBColor(0xFF, 0xFF, 0xFF)  # type: ignore[no-untyped-call]
EU_FONT = "Arial"

# Insets PowerPoint applies by default inside a text box (0.1 in left/right, 0.05 in top/bottom).
INSET_X = 7.2
INSET_Y = 3.6


@dataclass(frozen=True, slots=True)
class Theme:
    body_font: str
    heading_font: str


def render(job: RenderJob) -> None:
    """Write ``job.output`` from ``job.template`` and ``job.context['slides']``."""
    assert job.template is not None
    prs = load_template(job.template)
    check_template(prs, job.template)
    theme = _theme(prs)
    _drop_slides(prs)
    badges = _badge.detach(prs)  # shown only on the slides that ask for it
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    band_boxes: dict[str, Box | None] = {}  # per layout: its shapes are walked once
    positions = _Positions()
    band = job.context["bandeau"]
    scale = prs.slide_width / EMU_PER_POINT / _layouts.REFERENCE_WIDTH
    for number, spec in enumerate(job.context["slides"], start=1):
        layout = layouts.get(spec["layout"])
        if layout is None:
            raise TemplateError(
                f"le modèle {job.template.name} n'a pas de disposition « {spec['layout']} » ; "
                f"dispositions présentes : {', '.join(layouts)}",
                path=job.template,
            )
        slide = prs.slides.add_slide(layout)
        _fill(slide, spec, theme, partial(positions.of, layout=layout), scale)
        if spec.get("badge"):
            _badge.place(slide, badges.get(layout.name, []))
        if layout.name not in band_boxes:
            band_boxes[layout.name] = _band_box(layout)
        band_box = band_boxes[layout.name]
        if band_box is None:
            raise TemplateError(
                f"le modèle {job.template.name} : la disposition « {layout.name} » n'a pas de "
                f"rectangle « {BAND_MARKER} » (ni son masque) pour placer le bandeau de logos",
                path=job.template,
            )
        place_band(slide, band_box, band, cover=spec["layout"] in ("Titre", "Clôture"))
        _layouts.number(
            slide,
            number,
            prs.slide_width / EMU_PER_POINT,
            prs.slide_height / EMU_PER_POINT,
            theme.body_font,
        )
        if spec.get("notes"):
            slide.notes_slide.notes_text_frame.text = spec["notes"]
    _remove_markers(prs)
    props = DocumentProperties.from_context(job.context, job.project)
    props.apply_pptx(prs)
    prs.save(str(job.output))


def load_template(path: Path) -> Any:
    """Open a deck template; a file that is not a PowerPoint file is the template's fault."""
    try:
        return Presentation(str(path))
    except Exception as exc:  # python-pptx raises assorted errors for a file that is not a PPTX
        raise TemplateError(
            f"le modèle {path.name} n'est pas un fichier PowerPoint lisible "
            f"({exc.__class__.__name__}) : réexportez-le depuis PowerPoint ou LibreOffice "
            "au format .pptx.",
            path=path,
        ) from exc


def check_template(prs: Any, path: Path) -> None:
    """Refuse a template that lacks a layout or the logo band marker, naming what is missing."""
    names = [layout.name for layout in prs.slide_layouts]
    missing = [name for name in REQUIRED_LAYOUTS if name not in names]
    if missing:
        raise TemplateError(
            f"le modèle {path.name} n'a pas les dispositions "
            + ", ".join(f"« {name} »" for name in missing)
            + f" dont dladocs a besoin (présentes : {', '.join(names) or 'aucune'}). "
            "Partez du modèle exporté par « dladocs templates export ».",
            path=path,
        )
    for layout in prs.slide_layouts:
        if layout.name in REQUIRED_LAYOUTS and _band_box(layout) is None:
            raise TemplateError(
                f"le modèle {path.name} ne marque pas l'emplacement du bandeau de logos : "
                f"ajoutez au masque (ou à la disposition « {layout.name} ») un rectangle nommé "
                f"« {BAND_MARKER} » là où les logos des financeurs doivent aller.",
                path=path,
            )


def _band_box(layout: Any) -> Box | None:
    for shapes in (layout.shapes, layout.slide_master.shapes):
        for shape in shapes:
            if shape.name == BAND_MARKER:
                return _box(shape)
    return None


def _box(shape: Any) -> Box:
    return Box(
        shape.left / EMU_PER_POINT,
        shape.top / EMU_PER_POINT,
        shape.width / EMU_PER_POINT,
        shape.height / EMU_PER_POINT,
    )


def theme_fonts(prs: Any) -> Theme:
    """The theme's heading and body typefaces (what placeholders use when runs name none)."""
    return _theme(prs)


def _theme(prs: Any) -> Theme:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    from lxml import etree

    root = etree.fromstring(theme_part.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    major = root.find(".//a:fontScheme/a:majorFont/a:latin", ns)
    minor = root.find(".//a:fontScheme/a:minorFont/a:latin", ns)
    return Theme(
        body_font=minor.get("typeface", "Calibri") if minor is not None else "Calibri",
        heading_font=major.get("typeface", "Calibri") if major is not None else "Calibri",
    )


def _drop_slides(prs: Any) -> None:
    """A template may carry example slides: the deck starts empty."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.get(qn("r:id")))
        id_list.remove(sld_id)


def _remove_markers(prs: Any) -> None:
    for master in prs.slide_masters:
        for holder in (master, *master.slide_layouts):
            for shape in list(holder.shapes):
                if shape.name == BAND_MARKER:
                    shape._element.getparent().remove(shape._element)


# --------------------------------------------------------------------------- slide content


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


_emu_box = _layouts.emu


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
        run.font.size = Pt(round(size * paragraph.scale, 1))
        run.font.language_id = MSO_LANGUAGE_ID.FRENCH
        if paragraph.bold or (bold_first and index == 0):
            run.font.bold = True
        if color is not None:
            run.font.color.rgb = color


def _no_bullet(paragraph: Any) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", "0")
    ppr.set("indent", "0")
    for child in ppr.findall(qn("a:buNone")):
        ppr.remove(child)
    ppr.insert(0, ppr.makeelement(qn("a:buNone"), {}))


_no_autofit = _layouts.no_autofit


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


def _picture_in(slide: Any, ref: ImageRef, area: Box) -> Any:
    from dladocs._facts import image_size

    width_px, height_px = image_size(ref.path)
    scale = min(area.width / width_px, area.height / height_px)
    width, height = width_px * scale, height_px * scale
    box = Box(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height)
    return add_picture(slide, ref, box)


def add_picture(slide: Any, ref: ImageRef, box: Box) -> Any:
    return _tag(slide.shapes.add_picture(str(ref.path), *_emu_box(box)), ref)


def _tag(picture: Any, ref: ImageRef) -> Any:
    picture.name = ref.name or "dladocs:image"
    picture._element.nvPicPr.cNvPr.set("descr", ref.alt)
    return picture


# --------------------------------------------------------------------------- logo band


def place_band(slide: Any, box: Box, band: dict[str, Any], *, cover: bool) -> None:
    """The EU emblem with its wording, then the other logos, none larger than the emblem.

    The emblem takes the band's height less a margin; the other logos fit the
    same height at most (E14-13 / E21-11) and share the width that remains.
    """
    from dladocs._facts import image_size

    pad = box.height * 0.12
    emblem: ImageRef = band["embleme"]
    # Whole EMU, an even height and the width from the image's own proportions: the
    # 3:2 emblem comes out exactly 3:2, where rounding each side apart would skew it.
    width_px, height_px = image_size(emblem.path)
    height_emu = 2 * int((box.height - 2 * pad) * EMU_PER_POINT / 2)
    width_emu = round(height_emu * width_px / height_px)
    picture = slide.shapes.add_picture(
        str(emblem.path),
        Emu(int(box.x * EMU_PER_POINT)),
        Emu(int((box.y + pad) * EMU_PER_POINT)),
        Emu(width_emu),
        Emu(height_emu),
    )
    _tag(picture, emblem)
    emblem_h = height_emu / EMU_PER_POINT
    emblem_box = Box(box.x, box.y + pad, width_emu / EMU_PER_POINT, emblem_h)
    lines: list[str] = band["lignes_ue"]
    eu_font = band.get("police_ue") or EU_FONT  # [sortie] police_mention (dladocs.fonts)
    # 12 pt at least on a 13.33-inch slide (readable when shared), 0.35 of a 34 pt emblem:
    # within the EU's « proportionate » wording (E14-11).
    slide_width = slide.part.package.presentation_part.presentation.slide_width / EMU_PER_POINT
    text_size = max(
        _layouts.SMALLEST * slide_width / _layouts.REFERENCE_WIDTH, round(emblem_h * 0.3, 1)
    )
    text_width = (
        max(tf.text_width(line, text_size, eu_font, bold=True) for line in lines) + 2 * INSET_X + 2
    )
    text_height = len(lines) * text_size * tf.LINE_SPACING + 2 * INSET_Y
    gap = emblem_h * 0.15
    text = slide.shapes.add_textbox(
        *_emu_box(
            Box(
                emblem_box.right + gap,
                box.y + (box.height - text_height) / 2,
                text_width,
                text_height,
            )
        )
    )
    text.name = "dladocs:mention-ue"
    frame = text.text_frame
    _no_autofit(frame)
    frame.word_wrap = False
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for index, line in enumerate(lines):
        p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = p.add_run()
        run.text = line
        font = run.font
        font.name = eu_font
        font.size = Pt(text_size)
        font.bold = True
        font.italic = False
        font.underline = False
        font.color.rgb = EU_BLUE
        font.language_id = MSO_LANGUAGE_ID.FRENCH
    others: list[ImageRef] = band["logos"]
    if not others:
        return
    start = emblem_box.right + gap + text_width + gap * 2
    available = box.right - start
    logo_gap = emblem_h * 0.35
    sizes = []
    for ref in others:
        width_px, height_px = image_size(ref.path)
        height = emblem_h * 0.9
        width = height * width_px / height_px
        if width > emblem_h * 2.6:
            width = emblem_h * 2.6
            height = width * height_px / width_px
        sizes.append((width, height))
    total = sum(width for width, _ in sizes) + logo_gap * (len(others) - 1)
    scale = min(1.0, available / total) if total else 1.0
    x = box.right - total * scale
    for ref, (width, height) in zip(others, sizes, strict=True):
        w, h = width * scale, height * scale
        add_picture(slide, ref, Box(x, box.y + (box.height - h) / 2, w, h))
        x += w + logo_gap * scale
    del cover
