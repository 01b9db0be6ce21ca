"""PPTX inspection: one surface per slide, with what it inherits from its layout and master.

What a slide shows, in drawing order: its background (its own ``p:bg``, else
the layout's, else the master's); the master's ordinary shapes unless the
layout or the slide sets ``showMasterSp="0"``; the layout's ordinary shapes
unless the slide sets it; then the slide's own shapes.  Placeholders of
layouts and masters are never drawn (they only lend formatting and position
to the slide's placeholders).

Groups: a picture's ``group`` is ``"<origin>:grp<id>"`` for the outermost group
shape holding it, else its origin (``"slide"``, ``"layout"``, ``"master"``,
``"background"``).  A text run's ``group`` names its text frame,
``"<origin>:sp<id>"``, prefixed with the group (``"slide:grp4/sp7"``) when the
frame sits in one, so ``run.group.startswith(picture.group)`` tells that both
are in the same group shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from lxml import etree

from dladocs.inspect._drawingml import (
    Affine,
    Theme,
    blip_recoloured,
    emu,
    on,
    src_rect_cropped,
    xfrm_rotation,
)
from dladocs.inspect._images import bytes_loader, is_vector, pixel_size, sha256
from dladocs.inspect._opc import R_EMBED, R_ID, R_LINK, Package, core_properties, member_reader, qn
from dladocs.inspect._pptx_text import TextContext, text_runs
from dladocs.inspect._safety import NBSP, Limits, Refused
from dladocs.inspect._shape_emblem import FilledShape, filled_shape, shape_emblems
from dladocs.types import EMU_PER_POINT, Box, Inspection, Picture, Surface

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
DSP = "{http://schemas.microsoft.com/office/drawing/2008/diagram}"

_FILL_TAGS = {f"{A}{name}" for name in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill")}
_OTHER_PLACEHOLDERS = {"dt", "ftr", "sldNum", "hdr"}


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _child(element: etree._Element, local: str) -> etree._Element | None:
    """The first child named ``local`` in any namespace (strict and transitional files)."""
    return next(element.iterchildren(f"{{*}}{local}"), None)


def _nv(element: etree._Element) -> tuple[etree._Element | None, etree._Element | None]:
    """The ``cNvPr`` and the ``p:ph`` of a shape, pic, group or frame."""
    for child in element:
        if _local(child).startswith("nv"):
            cnv = _child(child, "cNvPr")
            nvpr = _child(child, "nvPr")
            ph = nvpr.find(f"{P}ph") if nvpr is not None else None
            return cnv, ph
    return None, None


@dataclass(slots=True)
class _Placeholders:
    items: list[tuple[str, str, etree._Element]] = field(default_factory=list)

    @classmethod
    def of(cls, root: etree._Element) -> _Placeholders:
        found = cls()
        tree = root.find(f"{P}cSld/{P}spTree")
        if tree is None:
            return found
        for element in tree.iter(f"{P}sp", f"{P}pic", f"{P}graphicFrame"):
            _, ph = _nv(element)
            if ph is not None:
                found.items.append((ph.get("type", "obj"), ph.get("idx", "0"), element))
        return found

    def by_idx(self, idx: str) -> etree._Element | None:
        return next((el for _, i, el in self.items if i == idx), None)

    def by_type(self, kind: str) -> etree._Element | None:
        exact = next((el for t, _, el in self.items if t == kind), None)
        if exact is not None:
            return exact
        wanted = _master_type(kind)
        return next((el for t, _, el in self.items if _master_type(t) == wanted), None)


def _master_type(kind: str) -> str:
    if kind in ("title", "ctrTitle"):
        return "title"
    if kind in _OTHER_PLACEHOLDERS or kind == "sldImg":
        return kind
    return "body"


@dataclass(slots=True)
class _Master:
    part: str
    root: etree._Element
    theme: Theme
    clr_map: dict[str, str]
    styles: dict[str, etree._Element | None]
    placeholders: _Placeholders


@dataclass(slots=True)
class _Layout:
    part: str
    root: etree._Element
    master: _Master | None
    placeholders: _Placeholders
    show_master: bool


@dataclass(frozen=True, slots=True)
class _Item:
    """A shape being walked, with where it sits."""

    element: etree._Element
    cnv: etree._Element | None
    ph: etree._Element | None
    affine: Affine
    group: str
    shape_id: str

    @property
    def name(self) -> str:
        return self.cnv.get("name", "") if self.cnv is not None else ""

    @property
    def description(self) -> str:
        return self.cnv.get("descr", "") if self.cnv is not None else ""

    def frame_id(self, origin: str) -> str:
        """The text frame id: ``slide:sp7``, or ``slide:grp4/sp7`` inside a group."""
        return f"{self.group}/sp{self.shape_id}" if self.group else f"{origin}:sp{self.shape_id}"


@dataclass(slots=True)
class _Scope:
    """Where the shapes being walked come from, and what they inherit."""

    surface: Surface
    origin: str
    part: str
    theme: Theme
    clr_map: dict[str, str]
    layout: _Layout | None
    master: _Master | None
    slide_number: int


def _clr_map(element: etree._Element | None) -> dict[str, str]:
    if element is None:
        return {}
    return {key: value for key, value in element.attrib.items() if isinstance(key, str)}


class _Deck:
    def __init__(self, package: Package, path: Path, limits: Limits) -> None:
        self.package = package
        self.path = path
        self.limits = limits
        self.masters: dict[str, _Master | None] = {}
        self.layouts: dict[str, _Layout | None] = {}
        self.themes: dict[str, Theme] = {}
        self.text_cache: dict[tuple[object, ...], object] = {}
        self.media: dict[str, tuple[str, tuple[int, int] | None, bool]] = {}
        self.default_style: etree._Element | None = None
        self.painted: dict[int, int] = {}  # surface id → shapes painted so far (paint order)
        self.filled: dict[int, list[FilledShape]] = {}  # surface id → solid-filled shapes

    def _paint(self, surface: Surface, box: Box | None) -> int:
        """The paint order of the next shape on ``surface``; an opaque ``box`` covers what is under."""
        order = self.painted.get(id(surface), 0) + 1
        self.painted[id(surface)] = order
        if box is not None:
            surface.covers.append((order, box))
        return order

    # ------------------------------------------------------------------ structure

    def inspect(self) -> Inspection:
        main = self.package.main_part("ppt/presentation.xml")
        root = self.package.xml(main)
        if root.tag != f"{P}presentation":
            raise Refused(
                f"la partie principale n'est pas une présentation PowerPoint{NBSP}: le fichier "
                "est endommagé ou n'est pas un .pptx"
            )
        self.default_style = root.find(f"{P}defaultTextStyle")
        size = root.find(f"{P}sldSz")
        width = emu(size.get("cx")) if size is not None else None
        height = emu(size.get("cy")) if size is not None else None
        width = width or 9_144_000 / EMU_PER_POINT
        height = height or 6_858_000 / EMU_PER_POINT
        rels = self.package.rels(main)
        ids = root.findall(f"{P}sldIdLst/{P}sldId")
        if len(ids) > self.limits.max_surfaces:
            raise Refused(
                f"la présentation compte trop de diapositives ({len(ids)}, au plus "
                f"{self.limits.max_surfaces}){NBSP}: découpez-la puis vérifiez chaque partie"
            )
        inspection = Inspection(path=self.path, format="pptx")
        for number, slide_id in enumerate(ids, start=1):
            surface = Surface(kind="slide", index=number, width=width, height=height)
            rel = rels.get(slide_id.get(R_ID, ""))
            if rel is None or rel.external or not self.package.has(rel.target):
                surface.notes.append(
                    f"la diapositive {number} est introuvable dans le fichier (lien rompu)"
                    f"{NBSP}: elle n'a pas pu être vérifiée"
                )
            else:
                self._slide(rel.target, surface)
            inspection.surfaces.append(surface)
        inspection.metadata.update(core_properties(self.package))
        inspection.metadata["slides"] = len(ids)
        if self.package.strict:
            inspection.notes.append("fichier au format OOXML « strict » (ISO/IEC 29500)")
        return inspection

    def _theme(self, part: str | None) -> Theme:
        if part is None:
            return Theme()
        theme = self.themes.get(part)
        if theme is None:
            theme = Theme.parse(self.package.xml(part), part)
            self.themes[part] = theme
        return theme

    def _master(self, part: str | None) -> _Master | None:
        if part is None:
            return None
        if part not in self.masters:
            root = self.package.xml(part)
            styles = root.find(f"{P}txStyles")
            self.masters[part] = _Master(
                part=part,
                root=root,
                theme=self._theme(self.package.first_related(part, "theme")),
                clr_map=_clr_map(root.find(f"{P}clrMap")),
                styles={
                    name: styles.find(f"{P}{name}Style") if styles is not None else None
                    for name in ("title", "body", "other")
                },
                placeholders=_Placeholders.of(root),
            )
        return self.masters[part]

    def _layout(self, part: str | None) -> _Layout | None:
        if part is None:
            return None
        if part not in self.layouts:
            root = self.package.xml(part)
            self.layouts[part] = _Layout(
                part=part,
                root=root,
                master=self._master(self.package.first_related(part, "slideMaster")),
                placeholders=_Placeholders.of(root),
                show_master=on(root.get("showMasterSp")),
            )
        return self.layouts[part]

    def _slide(self, part: str, surface: Surface) -> None:
        root = self.package.xml(part)
        layout = self._layout(self.package.first_related(part, "slideLayout"))
        master = layout.master if layout is not None else None
        if layout is None:
            surface.notes.append(
                f"la disposition (masque) de la diapositive est introuvable{NBSP}: ce qu'elle "
                "hérite du masque n'a pas pu être vérifié"
            )
        theme = master.theme if master is not None else Theme()
        clr_map = dict(master.clr_map) if master is not None and master.clr_map else {}
        for holder in (layout.root if layout is not None else None, root):
            override = (
                holder.find(f"{P}clrMapOvr/{A}overrideClrMapping") if holder is not None else None
            )
            if override is not None:
                clr_map = _clr_map(override)
        if not on(root.get("show")):
            surface.notes.append(f"diapositive masquée{NBSP}: elle n'est pas projetée")
        slide_shows_master = on(root.get("showMasterSp"))
        show_layout = slide_shows_master
        show_master = slide_shows_master and (layout is None or layout.show_master)

        def scope(origin: str, part_name: str) -> _Scope:
            return _Scope(surface, origin, part_name, theme, clr_map, layout, master, surface.index)

        self._background(root, part, layout, master, scope("background", part))
        if master is not None and show_master:
            self._tree(master.root, scope("master", master.part))
        if layout is not None and show_layout:
            self._tree(layout.root, scope("layout", layout.part))
        self._tree(root, scope("slide", part))
        # An emblem drawn with a rectangle and star shapes, as one picture (see _shape_emblem).
        surface.pictures.extend(shape_emblems(self.filled.pop(id(surface), [])))

    def _background(
        self,
        root: etree._Element,
        part: str,
        layout: _Layout | None,
        master: _Master | None,
        scope: _Scope,
    ) -> None:
        chain: list[tuple[etree._Element, str]] = [(root, part)]
        if layout is not None:
            chain.append((layout.root, layout.part))
        if master is not None:
            chain.append((master.root, master.part))
        for holder, holder_part in chain:
            background = holder.find(f"{P}cSld/{P}bg")
            if background is None:
                continue
            blip_fill: etree._Element | None = None
            rels_part = holder_part
            properties = background.find(f"{P}bgPr")
            reference = background.find(f"{P}bgRef")
            if properties is not None:
                blip_fill = properties.find(f"{A}blipFill")
            elif reference is not None:
                try:
                    idx = int(reference.get("idx", "0"))
                except ValueError:
                    idx = 0
                styles = scope.theme.fill_styles
                if 1001 <= idx < 1001 + len(styles) and styles[idx - 1001].tag == f"{A}blipFill":
                    blip_fill = styles[idx - 1001]
                    rels_part = scope.theme.part
            if blip_fill is not None and scope.surface.width and scope.surface.height:
                box = Box(0.0, 0.0, scope.surface.width, scope.surface.height)
                self._picture(
                    blip_fill,
                    scope,
                    part=rels_part,
                    box=box,
                    origin="background",
                    name="",
                    group="background",
                    xfrm=None,
                )
            return

    # ------------------------------------------------------------------ shapes

    def _tree(self, root: etree._Element, scope: _Scope) -> None:
        tree = root.find(f"{P}cSld/{P}spTree")
        if tree is not None:
            self._walk(tree, scope, Affine(), "")

    def _walk(self, tree: etree._Element, scope: _Scope, affine: Affine, group: str) -> None:
        for child in tree:
            kind = _local(child)
            if kind not in ("sp", "pic", "grpSp", "graphicFrame"):
                continue
            cnv, ph = _nv(child)
            if cnv is not None and on(cnv.get("hidden"), False):
                continue
            if ph is not None and scope.origin in ("layout", "master"):
                continue
            # SmartArt drawing shapes all have id 0; their model id tells them apart.
            shape_id = child.get("modelId") or (cnv.get("id", "") if cnv is not None else "") or ""
            if kind == "grpSp":
                properties = _child(child, "grpSpPr")
                xfrm = properties.find(f"{A}xfrm") if properties is not None else None
                inner = group or f"{scope.origin}:grp{shape_id}"
                self._walk(child, scope, affine.group(xfrm), inner)
                continue
            item = _Item(child, cnv, ph, affine, group, shape_id)
            if kind == "sp":
                self._shape(item, scope)
            elif kind == "pic":
                self._pic(item, scope)
            else:
                self._frame(item, scope)

    def _inherited(
        self, ph: etree._Element | None, scope: _Scope
    ) -> tuple[etree._Element | None, etree._Element | None, str]:
        """The layout and master placeholders a slide placeholder inherits from, and its type."""
        if ph is None:
            return None, None, ""
        kind, idx = ph.get("type", "obj"), ph.get("idx", "0")
        layout_ph = None
        if scope.layout is not None:
            layout_ph = scope.layout.placeholders.by_idx(idx) if ph.get("idx") else None
            if layout_ph is None:
                layout_ph = scope.layout.placeholders.by_type(kind)
        if layout_ph is not None:
            _, layout_ph_ph = _nv(layout_ph)
            if layout_ph_ph is not None and ph.get("type") is None:
                kind = layout_ph_ph.get("type", kind)
        master_ph = scope.master.placeholders.by_type(kind) if scope.master is not None else None
        return layout_ph, master_ph, kind

    @staticmethod
    def _xfrm(element: etree._Element) -> etree._Element | None:
        if _local(element) == "graphicFrame":
            return _child(element, "xfrm")
        properties = _child(element, "spPr")
        return properties.find(f"{A}xfrm") if properties is not None else None

    def _box_and_xfrm(
        self, element: etree._Element, inherited: list[etree._Element | None], affine: Affine
    ) -> tuple[Box | None, etree._Element | None]:
        for candidate in [element, *inherited]:
            if candidate is None:
                continue
            xfrm = self._xfrm(candidate)
            if xfrm is not None and xfrm.find(f"{A}off") is not None:
                # inherited positions are in slide coordinates: placeholders are never grouped
                return (affine if candidate is element else Affine()).box(xfrm), xfrm
        return None, None

    def _shape(self, item: _Item, scope: _Scope) -> None:
        shape = item.element
        layout_ph, master_ph, kind = self._inherited(item.ph, scope)
        box, xfrm = self._box_and_xfrm(shape, [layout_ph, master_ph], item.affine)
        blip_fill = self._shape_fill(shape, [layout_ph, master_ph])
        if blip_fill is not None and box is not None:
            self._picture(
                blip_fill,
                scope,
                part=scope.part,
                box=box,
                origin=scope.origin,
                name=item.name,
                group=item.group or scope.origin,
                xfrm=xfrm,
                description=item.description,
            )
        if blip_fill is None and box is not None and item.ph is None and _opaque(shape):
            order = self._paint(scope.surface, box)
            filled = filled_shape(
                _child(shape, "spPr"),
                _child(shape, "style"),
                box,
                scope.theme,
                scope.clr_map,
                order=order,
                group=item.group or scope.origin,
            )
            if filled is not None:
                self.filled.setdefault(id(scope.surface), []).append(filled)
        body = _child(shape, "txBody")
        if body is None:
            return
        style = _child(shape, "style")
        context = TextContext(
            theme=scope.theme,
            clr_map=scope.clr_map,
            list_styles=[
                lst
                for holder in (shape, layout_ph, master_ph)
                if holder is not None
                for lst in [self._list_style(holder)]
                if lst is not None
            ],
            font_ref=style.find(f"{A}fontRef") if style is not None else None,
            fallback_styles=self._fallback_styles(scope, item.ph, kind),
            title=_master_type(kind) == "title" if item.ph is not None else False,
            slide_number=scope.slide_number,
            cache=self.text_cache,
        )
        text_box = box
        text_xfrm = _child(shape, "txXfrm")
        if text_xfrm is not None:
            text_box = item.affine.box(text_xfrm) or box
        frame = item.frame_id(scope.origin)
        scope.surface.texts.extend(text_runs(body, context, text_box, frame, scope.origin))

    @staticmethod
    def _list_style(holder: etree._Element) -> etree._Element | None:
        body = _child(holder, "txBody")
        return body.find(f"{A}lstStyle") if body is not None else None

    def _fallback_styles(
        self, scope: _Scope, ph: etree._Element | None, kind: str
    ) -> list[etree._Element]:
        styles = scope.master.styles if scope.master is not None else {}
        if ph is None:
            chosen = [self.default_style, styles.get("other")]
        elif kind in _OTHER_PLACEHOLDERS:
            chosen = [styles.get("other")]
        elif _master_type(kind) == "title":
            chosen = [styles.get("title")]
        else:
            chosen = [styles.get("body")]
        return [style for style in chosen if style is not None]

    @staticmethod
    def _shape_fill(
        shape: etree._Element, inherited: list[etree._Element | None]
    ) -> etree._Element | None:
        """The picture fill of an autoshape (its own, or a slide placeholder's inherited one)."""
        for candidate in [shape, *inherited]:
            if candidate is None:
                continue
            properties = _child(candidate, "spPr")
            if properties is None:
                continue
            fill = next((c for c in properties if c.tag in _FILL_TAGS), None)
            if fill is not None:
                return fill if fill.tag == f"{A}blipFill" else None
        return None

    def _pic(self, item: _Item, scope: _Scope) -> None:
        layout_ph, master_ph, _ = self._inherited(item.ph, scope)
        box, xfrm = self._box_and_xfrm(item.element, [layout_ph, master_ph], item.affine)
        self._picture(
            _child(item.element, "blipFill"),
            scope,
            part=scope.part,
            box=box,
            origin=scope.origin,
            name=item.name,
            group=item.group or scope.origin,
            xfrm=xfrm,
            description=item.description,
        )

    def _frame(self, item: _Item, scope: _Scope) -> None:
        layout_ph, master_ph, _ = self._inherited(item.ph, scope)
        box, xfrm = self._box_and_xfrm(item.element, [layout_ph, master_ph], item.affine)
        data = item.element.find(f"{A}graphic/{A}graphicData")
        if data is None:
            return
        uri = data.get("uri", "")
        frame_id = item.frame_id(scope.origin)
        if uri.endswith("/table"):
            table = data.find(f"{A}tbl")
            if table is not None and xfrm is not None:
                self._table(table, xfrm, scope, item.affine, frame_id)
        elif uri.endswith("/ole"):
            # An OLE object is seen as its preview picture, wherever the file keeps it.
            preview = next(data.iter(f"{P}pic"), None)
            if preview is not None and box is not None:
                self._picture(
                    _child(preview, "blipFill"),
                    scope,
                    part=scope.part,
                    box=box,
                    origin=scope.origin,
                    name=item.name,
                    group=item.group or scope.origin,
                    xfrm=xfrm,
                    description=item.description,
                )
        elif uri.endswith("/diagram") and xfrm is not None:
            self._diagram(data, xfrm, scope, item.affine, frame_id)

    def _table(
        self,
        table: etree._Element,
        xfrm: etree._Element,
        scope: _Scope,
        affine: Affine,
        frame_id: str,
    ) -> None:
        off = xfrm.find(f"{A}off")
        x0 = emu(off.get("x")) or 0.0 if off is not None else 0.0
        y0 = emu(off.get("y")) or 0.0 if off is not None else 0.0
        columns = [emu(col.get("w")) or 0.0 for col in table.findall(f"{A}tblGrid/{A}gridCol")]
        rows = table.findall(f"{A}tr")
        heights = [emu(row.get("h")) or 0.0 for row in rows]
        for r, row in enumerate(rows):
            for c, cell in enumerate(row.findall(f"{A}tc")):
                if on(cell.get("hMerge"), False) or on(cell.get("vMerge"), False):
                    continue
                body = cell.find(f"{A}txBody")
                if body is None:
                    continue
                span = max(int(cell.get("gridSpan", "1") or 1), 1)
                row_span = max(int(cell.get("rowSpan", "1") or 1), 1)
                box = affine.rect(
                    x0 + sum(columns[:c]),
                    y0 + sum(heights[:r]),
                    sum(columns[c : c + span]),
                    sum(heights[r : r + row_span]),
                )
                context = TextContext(
                    theme=scope.theme,
                    clr_map=scope.clr_map,
                    list_styles=[lst for lst in [body.find(f"{A}lstStyle")] if lst is not None],
                    fallback_styles=self._fallback_styles(scope, None, ""),
                    slide_number=scope.slide_number,
                    cache=self.text_cache,
                )
                scope.surface.texts.extend(
                    text_runs(body, context, box, f"{frame_id}:r{r + 1}c{c + 1}", scope.origin)
                )

    def _diagram(
        self,
        data: etree._Element,
        xfrm: etree._Element,
        scope: _Scope,
        affine: Affine,
        frame_id: str,
    ) -> None:
        """SmartArt: read the drawing PowerPoint caches beside the diagram data."""
        ids = data.find(f"{DGM}relIds")
        rels = self.package.rels(scope.part)
        model = rels.get(ids.get(qn("r:dm"), "")) if ids is not None else None
        if model is None or model.external or not self.package.has(model.target):
            return
        extension = next(self.package.xml(model.target).iter(f"{DSP}dataModelExt"), None)
        drawing = rels.get(extension.get("relId", "")) if extension is not None else None
        if drawing is None or drawing.external or not self.package.has(drawing.target):
            return
        tree = self.package.xml(drawing.target).find(f"{DSP}spTree")
        off = xfrm.find(f"{A}off")
        if tree is None or off is None:
            return
        inner = _Scope(
            scope.surface,
            scope.origin,
            drawing.target,
            scope.theme,
            scope.clr_map,
            None,
            scope.master,
            scope.slide_number,
        )
        moved = affine.moved(emu(off.get("x")) or 0.0, emu(off.get("y")) or 0.0)
        self._walk(tree, inner, moved, frame_id)

    # ------------------------------------------------------------------ pictures

    def _picture(
        self,
        blip_fill: etree._Element | None,
        scope: _Scope,
        *,
        part: str,
        box: Box | None,
        origin: str,
        name: str,
        group: str,
        xfrm: etree._Element | None,
        description: str = "",
    ) -> None:
        surface = scope.surface
        label = f"« {name} »" if name else "sans nom"
        blip = blip_fill.find(f"{A}blip") if blip_fill is not None else None
        if blip is None:
            surface.notes.append(
                f"une image ({label}) n'a pas de données{NBSP}: elle s'affiche vide ou en erreur"
            )
            return
        rotation, flipped = xfrm_rotation(xfrm)
        width = box.width if box is not None else 0.0
        height = box.height if box is not None else 0.0
        picture = partial(
            Picture,
            width=width,
            height=height,
            box=box,
            name=name,
            description=description,
            origin=origin,
            group=group,
            cropped=src_rect_cropped(blip_fill),
            rotation=rotation,
            flipped=flipped,
            recoloured=blip_recoloured(blip),
        )
        rels = self.package.rels(part)
        embed = rels.get(blip.get(R_EMBED, "") or "")
        link = rels.get(blip.get(R_LINK, "") or "")
        if embed is not None and not embed.external and self.package.has(embed.target):
            digest, pixels, vector = self._media_facts(embed.target)
            if vector:
                surface.notes.append(
                    f"l'image {label} est un dessin vectoriel (EMF, WMF ou SVG){NBSP}: ses "
                    "couleurs n'ont pas pu être analysées"
                )
            surface.pictures.append(
                picture(
                    sha256=digest,
                    pixel_size=pixels,
                    order=self._paint(surface, box),
                    load=bytes_loader(
                        member_reader(self.path, embed.target, self.limits),
                        self.limits.max_image_pixels,
                    ),
                )
            )
            return
        external = link if link is not None and link.external else embed
        if external is not None and external.external:
            surface.pictures.append(picture(linked=True))
            surface.notes.append(
                f"l'image {label} est liée à un fichier externe ({external.target}) et n'est pas "
                f"enregistrée dans le document{NBSP}: elle n'a pas pu être vérifiée\u202f; "
                "insérez-la dans le document au lieu de la lier"
            )
            return
        surface.notes.append(
            f"l'image {label} renvoie à une image absente du fichier{NBSP}: elle s'affiche en "
            "erreur\u202f; insérez-la de nouveau"
        )

    def _media_facts(self, part: str) -> tuple[str, tuple[int, int] | None, bool]:
        facts = self.media.get(part)
        if facts is None:
            data = self.package.read(part)
            facts = (sha256(data), pixel_size(data), is_vector(data))
            self.media[part] = facts
        return facts


def _opaque(shape: etree._Element) -> bool:
    """Whether an autoshape paints its area: a fill of its own, or a theme fill from its style."""
    properties = _child(shape, "spPr")
    fill = (
        next((c for c in properties if c.tag in _FILL_TAGS), None)
        if properties is not None
        else None
    )
    if fill is not None:
        if fill.tag == f"{A}noFill":
            return False
        alpha = fill.find(f".//{A}alpha")
        return alpha is None or int(alpha.get("val", "100000") or 100000) >= 50000
    style = _child(shape, "style")
    reference = style.find(f"{A}fillRef") if style is not None else None
    return reference is not None and reference.get("idx", "0") not in ("0", "")


def inspect_pptx(path: Path, limits: Limits) -> Inspection:
    """Inspect a PPTX file (callers go through :func:`dladocs.inspect.inspect_file`)."""
    with Package(path, limits) as package:
        return _Deck(package, path, limits).inspect()
