"""Drawings in a DOCX part: DrawingML pictures, shapes, groups and canvases, VML, images.

:class:`_Drawings` is the half of the part walker (:class:`dladocs.inspect._docx_walk._Walker`)
that reads what a run draws: it adds pictures (with their box when anchored),
notes on missing, linked or vector images, and solid-filled shapes kept to find
an emblem drawn with shapes.  Text boxes are walked back through
:meth:`_Drawings.nested`, which the walker provides.
"""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

from lxml import etree

from dladocs.inspect._docx_page import _FirstPage, _Page, _place
from dladocs.inspect._docx_xml import PIC, R_EMBED, R_ID, R_LINK, VO, WP, WPC, WPG, WPS, A, V, W
from dladocs.inspect._drawingml import (
    Affine,
    blip_recoloured,
    emu,
    measure,
    on,
    src_rect_cropped,
    xfrm_rotation,
)
from dladocs.inspect._images import bytes_loader
from dladocs.inspect._opc import member_reader
from dladocs.inspect._safety import NBSP
from dladocs.inspect._shape_emblem import filled_shape
from dladocs.types import Box, Picture, Surface

if TYPE_CHECKING:
    from dladocs.inspect.docx import _Document

_VML_SHAPES = {
    f"{V}{n}" for n in ("shape", "rect", "roundrect", "oval", "image", "line", "polyline")
}


class _Drawings:
    """Reads drawings into the walker's surface (the walker sets these attributes)."""

    doc: _Document
    part: str
    surface: Surface
    origin: str
    page: _Page
    first_page: _FirstPage | None
    group: str

    if TYPE_CHECKING:  # defined by the walker that mixes this class in (``_docx_walk._Walker``)

        def nested(self, container: etree._Element, table_style: str | None) -> None:
            """Blocks inside a text box."""

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
