"""DOCX inspection: each section's header bands and body.

A header band is what Word prints at the top and bottom of a kind of page:
the header part plus the footer part of one type (``default``, ``first`` when
the section has ``w:titlePg``, ``even`` when the settings have
``w:evenAndOddHeaders``).  A section without a reference of a type inherits
the previous section's; when no section up to it has one, the band is empty:
with ``w:titlePg`` on and no first-page header anywhere, Word prints nothing
on the first page, even if the default header holds the logos.

Groups: pictures and text runs name the part and the top-level block holding
them, ``"word/header1.xml#p2"`` for the third paragraph, or
``"word/header1.xml#t0r1"`` for the second row of the first table (cells of a
row share it, so the logos and the mention in one header table row form one
group).  Body pictures before the section's first page break have origin
``"body-first-page"``, later ones ``"body"``; header and footer pictures have
origin ``"header"`` or ``"footer"``.

Markup-compatibility blocks (``mc:AlternateContent``) are resolved when a part
is parsed (see :func:`dladocs.inspect._opc.resolve_alternate_content`): the
DrawingML choice is read, its VML fallback is not, so nothing counts twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from lxml import etree

from dladocs.inspect._docx_styles import RunFormat, Styles
from dladocs.inspect._drawingml import (
    Affine,
    Theme,
    blip_recoloured,
    emu,
    measure,
    on,
    src_rect_cropped,
    xfrm_rotation,
)
from dladocs.inspect._images import bytes_loader, is_vector, pixel_size, sha256
from dladocs.inspect._opc import Package, core_properties, member_reader, qn
from dladocs.inspect._safety import NBSP, Limits, Refused
from dladocs.inspect._shape_emblem import FilledShape, filled_shape, shape_emblems
from dladocs.types import Box, Inspection, Picture, Surface, TextRun

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
V = "{urn:schemas-microsoft-com:vml}"
VO = "{urn:schemas-microsoft-com:office:office}"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
WPG = "{http://schemas.microsoft.com/office/word/2010/wordprocessingGroup}"
WPC = "{http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas}"
R_EMBED, R_LINK, R_ID = qn("r:embed"), qn("r:link"), qn("r:id")

_TRANSPARENT = {f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo", f"{W}smartTag"}
_INLINE_CONTAINERS = {
    f"{W}hyperlink",
    f"{W}smartTag",
    f"{W}customXml",
    f"{W}ins",
    f"{W}moveTo",
    f"{W}fldSimple",
    f"{W}bdo",
    f"{W}dir",
    f"{W}sdtContent",
}
_SKIPPED = {f"{W}del", f"{W}moveFrom"}
_VML_SHAPES = {
    f"{V}{n}" for n in ("shape", "rect", "roundrect", "oval", "image", "line", "polyline")
}


@dataclass(frozen=True, slots=True)
class _Page:
    """Section page geometry in points."""

    width: float = 612.0
    height: float = 792.0
    top: float = 72.0
    bottom: float = 72.0
    left: float = 90.0
    right: float = 90.0
    columns: int = 1

    @classmethod
    def of(cls, sect: etree._Element | None) -> _Page:
        if sect is None:
            return cls()
        size = sect.find(f"{W}pgSz")
        margins = sect.find(f"{W}pgMar")
        cols = sect.find(f"{W}cols")

        def twips(element: etree._Element | None, name: str, default: float) -> float:
            value = measure(element.get(f"{W}{name}"), 1 / 20) if element is not None else None
            return default if value is None else value

        try:
            columns = int(cols.get(f"{W}num", "1")) if cols is not None else 1
        except ValueError:
            columns = 1
        return cls(
            width=twips(size, "w", 612.0),
            height=twips(size, "h", 792.0),
            top=abs(twips(margins, "top", 72.0)),
            bottom=abs(twips(margins, "bottom", 72.0)),
            left=twips(margins, "left", 90.0),
            right=twips(margins, "right", 90.0),
            columns=columns,
        )

    def area(self, relative: str | None, horizontal: bool) -> tuple[float, float] | None:
        """Start and length of the area a floating object is positioned against."""
        if horizontal:
            areas = {
                "page": (0.0, self.width),
                "margin": (self.left, self.width - self.left - self.right),
                "leftMargin": (0.0, self.left),
                "rightMargin": (self.width - self.right, self.right),
            }
            if self.columns <= 1:
                areas["column"] = areas["margin"]
        else:
            areas = {
                "page": (0.0, self.height),
                "margin": (self.top, self.height - self.top - self.bottom),
                "topMargin": (0.0, self.top),
                "bottomMargin": (self.height - self.bottom, self.bottom),
            }
        return areas.get(relative or "")


def _place(
    area: tuple[float, float] | None, offset: float | None, align: str | None, size: float
) -> float | None:
    if area is None:
        return None
    start, length = area
    if offset is not None:
        return start + offset
    if align in ("left", "top", "inside"):
        return start
    if align == "center":
        return start + (length - size) / 2
    if align in ("right", "bottom", "outside"):
        return start + length - size
    return None


class _FirstPage:
    """Tracks, within one section's body, whether the first page has ended."""

    def __init__(self) -> None:
        self.content = False
        self.ended = False

    def page_break(self) -> None:
        # A break before any content only starts the section's first page.
        if self.content:
            self.ended = True


@dataclass(slots=True)
class _Field:
    result: bool = False


class _Walker:
    """Walks the content of one part into a surface."""

    def __init__(
        self,
        document: _Document,
        part: str,
        surface: Surface,
        *,
        origin: str,
        page: _Page,
        first_page: _FirstPage | None = None,
    ) -> None:
        self.doc = document
        self.part = part
        self.surface = surface
        self.origin = origin
        self.page = page
        self.first_page = first_page
        self.group = part
        self.fields: list[_Field] = []
        self.pending: tuple[str, RunFormat] | None = None

    # ------------------------------------------------------------------ blocks

    def blocks(self, elements: list[tuple[int, etree._Element]]) -> None:
        for index, element in elements:
            if element.tag == f"{W}p":
                self.group = f"{self.part}#p{index}"
                self.paragraph(element, None)
            elif element.tag == f"{W}tbl":
                self.table(element, index, None)

    def nested(self, container: etree._Element, table_style: str | None) -> None:
        """Blocks inside a cell or a text box: they keep the enclosing group."""
        for element in _flatten(container):
            if element.tag == f"{W}p":
                self.paragraph(element, table_style)
            elif element.tag == f"{W}tbl":
                self.table(element, None, table_style)

    def table(self, table: etree._Element, index: int | None, outer_style: str | None) -> None:
        style = table.find(f"{W}tblPr/{W}tblStyle")
        table_style = self.doc.styles.table_style(
            style.get(f"{W}val") if style is not None else None
        )
        rows = [row for row in _flatten(table) if row.tag == f"{W}tr"]
        for number, row in enumerate(rows):
            if index is not None:
                self.group = f"{self.part}#t{index}r{number}"
            for cell in _flatten(row):
                if cell.tag == f"{W}tc":
                    self.nested(cell, table_style or outer_style)

    def paragraph(self, paragraph: etree._Element, table_style: str | None) -> None:
        ppr = paragraph.find(f"{W}pPr")
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        style_id = style.get(f"{W}val") if style is not None else None
        if self.first_page is not None and self.doc.styles.page_break_before(ppr, style_id):
            self.first_page.page_break()
        self.inline(paragraph, style_id, table_style)
        self.flush()

    def inline(
        self, container: etree._Element, style_id: str | None, table_style: str | None
    ) -> None:
        for child in container:
            tag = child.tag
            if tag == f"{W}r":
                self.run(child, style_id, table_style)
            elif tag in _INLINE_CONTAINERS:
                self.inline(child, style_id, table_style)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.inline(content, style_id, table_style)

    # ------------------------------------------------------------------ runs

    def run(self, run: etree._Element, style_id: str | None, table_style: str | None) -> None:
        rpr = run.find(f"{W}rPr")
        char = rpr.find(f"{W}rStyle") if rpr is not None else None
        fmt = self.doc.styles.run_format(
            rpr, char.get(f"{W}val") if char is not None else None, style_id, table_style
        )
        self.run_children(run, fmt)

    def run_children(self, run: etree._Element, fmt: RunFormat) -> None:  # noqa: C901, PLR0912  - one case per child of a run (text, tab, break, drawing, field)
        for child in run:
            tag = child.tag
            if tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    self.fields.append(_Field())
                elif kind == "separate" and self.fields:
                    self.fields[-1].result = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            # Field instructions and hidden text are not seen; their breaks still count.
            unseen = fmt.hidden or (bool(self.fields) and not self.fields[-1].result)
            if unseen and tag not in (f"{W}br", f"{W}lastRenderedPageBreak"):
                continue
            if tag == f"{W}t":
                self.text(child.text or "", fmt)
            elif tag in (f"{W}tab", f"{W}ptab"):
                self.text("\t", fmt)
            elif tag == f"{W}cr":
                self.text("\n", fmt)
            elif tag == f"{W}br":
                if child.get(f"{W}type") == "page":
                    self.page_break()
                else:
                    self.text("\n", fmt)
            elif tag == f"{W}lastRenderedPageBreak":
                self.page_break()
            elif tag == f"{W}noBreakHyphen":
                self.text("-", fmt)
            elif tag == f"{W}sym":
                self.text(_symbol(child.get(f"{W}char")), fmt)
            elif tag == f"{W}drawing":
                self.flush()
                for holder in child:
                    self.drawing(holder)
            elif tag in (f"{W}pict", f"{W}object"):
                self.flush()
                self.vml(child, Affine(), None)

    def page_break(self) -> None:
        if self.first_page is not None:
            self.first_page.page_break()

    def text(self, text: str, fmt: RunFormat) -> None:
        if not text:
            return
        if self.first_page is not None and text.strip():
            self.first_page.content = True
        if self.pending is not None and self.pending[1] == fmt:
            self.pending = (self.pending[0] + text, fmt)
            return
        self.flush()
        self.pending = (text, fmt)

    def flush(self) -> None:
        if self.pending is None:
            return
        text, fmt = self.pending
        self.pending = None
        if not text.strip():
            return
        self.surface.texts.append(
            TextRun(
                text=text,
                font=fmt.font,
                size=fmt.size,
                bold=fmt.bold,
                italic=fmt.italic,
                underline=fmt.underline,
                effects=fmt.effects,
                color=fmt.color,
                group=self.group,
                origin=self.origin,
            )
        )

    # ------------------------------------------------------------------ DrawingML

    def drawing(self, holder: etree._Element) -> None:
        if holder.tag not in (f"{WP}inline", f"{WP}anchor"):
            return
        doc_pr = holder.find(f"{WP}docPr")
        if doc_pr is not None and on(doc_pr.get("hidden"), False):
            return
        extent = holder.find(f"{WP}extent")
        width = emu(extent.get("cx")) or 0.0 if extent is not None else 0.0
        height = emu(extent.get("cy")) or 0.0 if extent is not None else 0.0
        box = self.anchor_box(holder, width, height) if holder.tag == f"{WP}anchor" else None
        name = doc_pr.get("name", "") if doc_pr is not None else ""
        descr = doc_pr.get("descr", "") if doc_pr is not None else ""
        if not descr and doc_pr is not None:
            descr = doc_pr.get("title", "")
        data = holder.find(f"{A}graphic/{A}graphicData")
        if data is None:
            return
        for element in data:
            self.graphic(
                element, name=name, descr=descr, width=width, height=height, box=box, affine=None
            )

    def anchor_box(self, anchor: etree._Element, width: float, height: float) -> Box | None:
        if on(anchor.get("simplePos"), False):
            simple = anchor.find(f"{WP}simplePos")
            if simple is not None:
                return Box(emu(simple.get("x")) or 0.0, emu(simple.get("y")) or 0.0, width, height)
        coords: list[float] = []
        for axis, size, horizontal in (("positionH", width, True), ("positionV", height, False)):
            position = anchor.find(f"{WP}{axis}")
            if position is None:
                return None
            offset_el = position.find(f"{WP}posOffset")
            align_el = position.find(f"{WP}align")
            offset = emu(offset_el.text) if offset_el is not None else None
            align = align_el.text.strip() if align_el is not None and align_el.text else None
            area = self.page.area(position.get("relativeFrom"), horizontal)
            value = _place(area, offset, align, size)
            if value is None:
                return None
            coords.append(value)
        return Box(coords[0], coords[1], width, height)

    def graphic(
        self,
        element: etree._Element,
        *,
        name: str,
        descr: str,
        width: float,
        height: float,
        box: Box | None,
        affine: Affine | None,
    ) -> None:
        """A picture, shape, group or canvas inside a drawing; ``affine`` is set inside groups."""
        tag = element.tag
        if tag in (f"{WPG}wgp", f"{WPG}grpSp", f"{WPC}wpc"):
            self.group_shape(element, width=width, height=height, box=box, affine=affine)
            return
        local_name, local_descr, xfrm = name, descr, None
        if tag == f"{PIC}pic":
            cnv = element.find(f"{PIC}nvPicPr/{PIC}cNvPr")
            properties = element.find(f"{PIC}spPr")
            blip_fill = element.find(f"{PIC}blipFill")
        elif tag == f"{WPS}wsp":
            cnv = element.find(f"{WPS}cNvPr")
            properties = element.find(f"{WPS}spPr")
            blip_fill = properties.find(f"{A}blipFill") if properties is not None else None
        else:
            return
        xfrm = properties.find(f"{A}xfrm") if properties is not None else None
        if affine is not None:
            if cnv is not None:
                local_name = cnv.get("name", "") or name
                local_descr = cnv.get("descr", "") or descr
            if cnv is not None and on(cnv.get("hidden"), False):
                return
            child_box = affine.box(xfrm)
            if child_box is None:
                return
            width, height = child_box.width, child_box.height
            box = child_box if box is not None else None
        if blip_fill is not None:
            self.picture(
                blip_fill,
                name=local_name,
                descr=local_descr,
                width=width,
                height=height,
                box=box,
                xfrm=xfrm,
            )
        elif tag == f"{WPS}wsp":
            self.filled_shape(element, properties, affine, box)
        if tag == f"{WPS}wsp":
            content = element.find(f"{WPS}txbx/{W}txbxContent")
            if content is not None:
                self.nested(content, None)

    def filled_shape(
        self,
        element: etree._Element,
        properties: etree._Element | None,
        affine: Affine | None,
        box: Box | None,
    ) -> None:
        """A solid-filled Word shape, kept to find an emblem drawn with shapes."""
        # Inside an inline group, boxes are relative to the group: enough to find a flag.
        where = (
            affine.box(properties.find(f"{A}xfrm")) if affine and properties is not None else box
        )
        filled = filled_shape(
            properties,
            element.find(f"{WPS}style"),
            where,
            self.doc.styles.theme,
            self.doc.styles.clr_map,
            order=len(self.doc.filled.setdefault(id(self.surface), [])) + 1,
            group=self.group,
        )
        if filled is not None:
            filled.placed = box is not None
            self.doc.filled[id(self.surface)].append(filled)

    def group_shape(
        self,
        group: etree._Element,
        *,
        width: float,
        height: float,
        box: Box | None,
        affine: Affine | None,
    ) -> None:
        properties = group.find(f"{WPG}grpSpPr")
        if properties is None:
            properties = group.find(f"{WPC}bg")
        xfrm = properties.find(f"{A}xfrm") if properties is not None else None
        if affine is None:
            origin_x = box.x if box is not None else 0.0
            origin_y = box.y if box is not None else 0.0
            off = xfrm.find(f"{A}off") if xfrm is not None else None
            ox = emu(off.get("x")) or 0.0 if off is not None else 0.0
            oy = emu(off.get("y")) or 0.0 if off is not None else 0.0
            base = Affine(1.0, 1.0, origin_x - ox, origin_y - oy)
            # A canvas without its own transform places its children in the extent.
            inner = base if xfrm is None else base.group(xfrm)
        else:
            inner = affine.group(xfrm)
        anchored = box if box is not None else None
        for child in group:
            self.graphic(
                child, name="", descr="", width=width, height=height, box=anchored, affine=inner
            )

    # ------------------------------------------------------------------ VML

    def vml(
        self, container: etree._Element, affine: Affine, coord: tuple[float, float] | None
    ) -> None:
        for shape in container:
            tag = shape.tag
            if tag == f"{V}group":
                self.vml_group(shape, affine, coord)
            elif tag in _VML_SHAPES:
                self.vml_shape(shape, affine, coord)

    def vml_group(
        self, group: etree._Element, affine: Affine, coord: tuple[float, float] | None
    ) -> None:
        style = _css(group.get("style", ""))
        if style.get("visibility") == "hidden":
            return
        width = _css_length(style.get("width"), coord)
        height = _css_length(style.get("height"), coord)
        size = (group.get("coordsize") or "1000,1000").split(",")
        try:
            cw, ch = float(size[0]), float(size[1] if len(size) > 1 else size[0])
        except ValueError:
            cw, ch = 1000.0, 1000.0
        sx = (width or 0.0) / cw if cw else 1.0
        sy = (height or 0.0) / ch if ch else 1.0
        self.vml(group, Affine(affine.sx * sx, affine.sy * sy, 0.0, 0.0), (1.0, 1.0))

    def vml_shape(
        self, shape: etree._Element, affine: Affine, coord: tuple[float, float] | None
    ) -> None:
        style = _css(shape.get("style", ""))
        if style.get("visibility") == "hidden":
            return
        width = (_css_length(style.get("width"), coord) or 0.0) * affine.sx
        height = (_css_length(style.get("height"), coord) or 0.0) * affine.sy
        box = self.vml_box(style, width, height) if coord is None else None
        name = shape.get("id", "") or shape.get(f"{VO}spid", "")
        imagedata = shape.find(f"{V}imagedata")
        fill = shape.find(f"{V}fill")
        rid: str | None = None
        recoloured = cropped = False
        descr = shape.get("alt", "")
        if imagedata is not None:
            rid = imagedata.get(R_ID) or imagedata.get(f"{VO}relid")
            descr = descr or imagedata.get(f"{VO}title", "")
            recoloured = (
                any(imagedata.get(attr) for attr in ("gain", "blacklevel", "chromakey"))
                or on(imagedata.get("grayscale"), False)
                or on(imagedata.get("bilevel"), False)
            )
            cropped = any(
                _vml_fraction(imagedata.get(side))
                for side in ("croptop", "cropbottom", "cropleft", "cropright")
            )
        elif fill is not None and fill.get("type") in ("frame", "tile"):
            rid = fill.get(R_ID) or fill.get(f"{VO}relid")
        if rid:
            rotation = _float(style.get("rotation"))
            self.image(
                rid=rid,
                link=None,
                width=width,
                height=height,
                box=box,
                name=name,
                descr=descr,
                cropped=cropped,
                rotation=rotation % 360,
                flipped=bool(style.get("flip")),
                recoloured=recoloured,
            )
        content = shape.find(f"{V}textbox/{W}txbxContent")
        if content is not None:
            self.nested(content, None)

    def vml_box(self, style: dict[str, str], width: float, height: float) -> Box | None:
        if style.get("position") != "absolute":
            return None
        coords: list[float] = []
        for horizontal, margin, size in (
            (True, "margin-left", width),
            (False, "margin-top", height),
        ):
            axis = "horizontal" if horizontal else "vertical"
            default_relative = "column" if horizontal else "paragraph"
            relative = style.get(f"mso-position-{axis}-relative", default_relative)
            align: str | None = style.get(f"mso-position-{axis}")
            offset: float | None = None
            if align in (None, "absolute"):
                align = None
                side = style.get(margin) or style.get("left" if horizontal else "top") or "0"
                offset = _css_length(side, None)
            value = _place(self.page.area(relative, horizontal), offset, align, size)
            if value is None:
                return None
            coords.append(value)
        return Box(coords[0], coords[1], width, height)

    # ------------------------------------------------------------------ pictures

    def picture(
        self,
        blip_fill: etree._Element,
        *,
        name: str,
        descr: str,
        width: float,
        height: float,
        box: Box | None,
        xfrm: etree._Element | None,
    ) -> None:
        blip = blip_fill.find(f"{A}blip")
        if blip is None:
            self.surface.notes.append(
                f"une image (« {name or 'sans nom'} ») n'a pas de données{NBSP}: elle s'affiche "
                "vide ou en erreur"
            )
            return
        rotation, flipped = xfrm_rotation(xfrm)
        self.image(
            rid=blip.get(R_EMBED),
            link=blip.get(R_LINK),
            width=width,
            height=height,
            box=box,
            name=name,
            descr=descr,
            cropped=src_rect_cropped(blip_fill),
            rotation=rotation,
            flipped=flipped,
            recoloured=blip_recoloured(blip),
        )

    def image(
        self,
        *,
        rid: str | None,
        link: str | None,
        width: float,
        height: float,
        box: Box | None,
        name: str,
        descr: str,
        cropped: bool,
        rotation: float,
        flipped: bool,
        recoloured: bool,
    ) -> None:
        origin = self.origin
        if self.first_page is not None:
            self.first_page.content = True
            origin = "body" if self.first_page.ended else "body-first-page"
        picture = partial(
            Picture,
            width=width,
            height=height,
            box=box,
            name=name,
            description=descr,
            origin=origin,
            group=self.group,
            cropped=cropped,
            rotation=rotation,
            flipped=flipped,
            recoloured=recoloured,
        )
        label = f"« {name} »" if name else "sans nom"
        rels = self.doc.package.rels(self.part)
        embed = rels.get(rid or "")
        linked = rels.get(link or "")
        package = self.doc.package
        if embed is not None and not embed.external and package.has(embed.target):
            digest, pixels, vector = self.doc.media_facts(embed.target)
            if vector:
                self.surface.notes.append(
                    f"l'image {label} est un dessin vectoriel (EMF, WMF ou SVG){NBSP}: ses "
                    "couleurs n'ont pas pu être analysées"
                )
            self.surface.pictures.append(
                picture(
                    sha256=digest,
                    pixel_size=pixels,
                    load=bytes_loader(
                        member_reader(self.doc.path, embed.target, self.doc.limits),
                        self.doc.limits.max_image_pixels,
                    ),
                )
            )
            return
        external = linked if linked is not None and linked.external else embed
        if external is not None and external.external:
            self.surface.pictures.append(picture(linked=True))
            self.surface.notes.append(
                f"l'image {label} est liée à un fichier externe ({external.target}) et n'est pas "
                f"enregistrée dans le document{NBSP}: elle n'a pas pu être vérifiée\u202f; "
                "insérez-la dans le document au lieu de la lier"
            )
            return
        self.surface.notes.append(
            f"l'image {label} renvoie à une image absente du fichier{NBSP}: elle s'affiche en "
            "erreur\u202f; insérez-la de nouveau"
        )


def _flatten(container: etree._Element) -> Iterator[etree._Element]:
    """Children, seen through content controls, custom XML and revision wrappers."""
    for child in container:
        tag = child.tag
        if tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _flatten(content)
        elif tag in _TRANSPARENT:
            yield from _flatten(child)
        elif tag not in _SKIPPED:
            yield child


def _symbol(code: str | None) -> str:
    try:
        value = int(code or "", 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:
        value -= 0xF000
    return chr(value) if 0 < value < 0x110000 else ""


def _css(style: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in style.split(";"):
        key, _, value = item.partition(":")
        if key.strip():
            result[key.strip().lower()] = value.strip()
    return result


def _css_length(value: str | None, coord: tuple[float, float] | None) -> float | None:
    """A VML length in points; inside groups, bare numbers are group coordinates."""
    if value is None:
        return None
    if coord is not None and re.fullmatch(r"\s*-?[0-9.]+\s*", value):
        return float(value)
    return measure(value, 0.75)


def _vml_fraction(value: str | None) -> bool:
    if not value:
        return False
    value = value.strip()
    try:
        if value.endswith("f"):
            return int(value[:-1]) != 0
        if value.endswith("%"):
            return float(value[:-1]) != 0
        return float(value) != 0
    except ValueError:
        return False


def _float(value: str | None) -> float:
    try:
        return float((value or "0").rstrip("fdeg ")) if value else 0.0
    except ValueError:
        return 0.0


class _Document:
    def __init__(self, package: Package, path: Path, limits: Limits) -> None:
        self.package = package
        self.path = path
        self.limits = limits
        self.media: dict[str, tuple[str, tuple[int, int] | None, bool]] = {}
        self.filled: dict[int, list[FilledShape]] = {}  # surface id → solid-filled shapes
        self.main = package.main_part("word/document.xml")
        root = package.xml(self.main)
        if root.tag != f"{W}document":
            raise Refused(
                f"la partie principale n'est pas un document Word{NBSP}: le fichier est "
                "endommagé ou n'est pas un .docx"
            )
        self.root = root
        theme_part = package.first_related(self.main, "theme")
        settings_part = package.first_related(self.main, "settings")
        styles_part = package.first_related(self.main, "styles")
        self.settings = package.xml(settings_part) if settings_part else None
        self.styles = Styles(
            package.xml(styles_part) if styles_part else None,
            Theme.parse(package.xml(theme_part) if theme_part else None, theme_part or ""),
            self.settings,
        )

    def media_facts(self, part: str) -> tuple[str, tuple[int, int] | None, bool]:
        facts = self.media.get(part)
        if facts is None:
            data = self.package.read(part)
            facts = (sha256(data), pixel_size(data), is_vector(data))
            self.media[part] = facts
        return facts

    def sections(self) -> list[tuple[list[tuple[int, etree._Element]], etree._Element | None]]:
        body = self.root.find(f"{W}body")
        if body is None:
            return [([], None)]
        sections: list[tuple[list[tuple[int, etree._Element]], etree._Element | None]] = []
        current: list[tuple[int, etree._Element]] = []
        final: etree._Element | None = None
        for index, element in enumerate(_flatten(body)):
            if element.tag == f"{W}sectPr":
                final = element
                continue
            current.append((index, element))
            if element.tag == f"{W}p":
                # Two child lookups: lxml's path search costs several times more, per paragraph.
                ppr = element.find(f"{W}pPr")
                sect = ppr.find(f"{W}sectPr") if ppr is not None else None
                if sect is not None:
                    sections.append((current, sect))
                    current = []
        sections.append((current, final))
        return sections

    def inspect(self) -> Inspection:  # noqa: C901, PLR0912  - the parts in reading order; splits with inspect/docx.py (CONTRIBUTING.md)
        inspection = Inspection(path=self.path, format="docx")
        sections = self.sections()
        if len(sections) > self.limits.max_surfaces:
            raise Refused(
                f"le document compte trop de sections ({len(sections)}, au plus "
                f"{self.limits.max_surfaces}){NBSP}: découpez-le puis vérifiez chaque partie"
            )
        settings = self.settings
        even_odd = False
        if settings is not None:
            flag = settings.find(f"{W}evenAndOddHeaders")
            even_odd = flag is not None and on(flag.get(f"{W}val"))
        inherited: dict[tuple[str, str], str | None] = {
            (kind, variant): None
            for kind in ("header", "footer")
            for variant in ("default", "first", "even")
        }
        rels = self.package.rels(self.main)
        for number, (blocks, sect) in enumerate(sections, start=1):
            page = _Page.of(sect)
            notes: list[str] = []
            current = dict(inherited)
            if sect is not None:
                for kind in ("header", "footer"):
                    for reference in sect.findall(f"{W}{kind}Reference"):
                        variant = reference.get(f"{W}type", "default")
                        if variant not in ("default", "first", "even"):
                            continue
                        rel = rels.get(reference.get(R_ID, ""))
                        if rel is None or rel.external or not self.package.has(rel.target):
                            current[(kind, variant)] = None
                            notes.append(
                                f"un {'en-tête' if kind == 'header' else 'pied de page'} de la "
                                f"section {number} est introuvable dans le fichier (lien rompu)"
                            )
                        else:
                            current[(kind, variant)] = rel.target
            inherited = current
            title_page = sect is not None and sect.find(f"{W}titlePg") is not None
            if title_page and sect is not None:
                flag = sect.find(f"{W}titlePg")
                title_page = flag is not None and on(flag.get(f"{W}val"))
            variants = ["default"]
            if title_page:
                variants.append("first")
            if even_odd:
                variants.append("even")
            for variant in variants:
                surface = Surface(
                    kind="header",
                    index=number,
                    variant=variant,
                    width=page.width,
                    height=page.height,
                )
                surface.notes.extend(notes)
                parts = [(kind, current[(kind, variant)]) for kind in ("header", "footer")]
                for kind, part in parts:
                    if part is not None:
                        _Walker(self, part, surface, origin=kind, page=page).blocks(
                            list(enumerate(_flatten(self.package.xml(part))))
                        )
                if all(part is None for _, part in parts) and variant != "default":
                    which = (
                        f"la première page de la section {number} n'a"
                        if variant == "first"
                        else f"les pages paires de la section {number} n'ont"
                    )
                    surface.notes.append(
                        f"{which} ni en-tête ni pied de page propres{NBSP}: Word n'y affiche rien, "
                        "même si l'en-tête par défaut contient des logos"
                    )
                inspection.surfaces.append(surface)
            body = Surface(kind="body", index=number, width=page.width, height=page.height)
            _Walker(
                self, self.main, body, origin="body", page=page, first_page=_FirstPage()
            ).blocks(blocks)
            inspection.surfaces.append(body)
        for surface in inspection.surfaces:
            # An emblem drawn with a rectangle and star shapes, as one picture.
            surface.pictures.extend(shape_emblems(self.filled.pop(id(surface), [])))
        if next(self.root.iter(f"{W}del", f"{W}moveFrom", f"{W}ins"), None) is not None:
            inspection.notes.append(
                f"le document contient des modifications suivies non acceptées{NBSP}: le texte "
                "et les images supprimés ne sont pas comptés\u202f; acceptez ou refusez les "
                "modifications avant de diffuser le document"
            )
        inspection.metadata.update(core_properties(self.package))
        inspection.metadata["sections"] = len(sections)
        inspection.metadata["even_and_odd_headers"] = even_odd
        if self.package.strict:
            inspection.notes.append("fichier au format OOXML « strict » (ISO/IEC 29500)")
        return inspection


def inspect_docx(path: Path, limits: Limits) -> Inspection:
    """Inspect a DOCX file (callers go through :func:`dladocs.inspect.inspect_file`)."""
    with Package(path, limits) as package:
        return _Document(package, path, limits).inspect()
