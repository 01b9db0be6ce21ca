"""Shapes on a PPTX slide: the shape tree, groups, placeholders, tables and SmartArt.

:class:`_Shapes` walks a part's shape tree for the deck reader
(:class:`dladocs.inspect.pptx._Deck`): text runs with what their placeholder
inherits, pictures (through :class:`dladocs.inspect._pptx_pictures._Pictures`),
and solid-filled shapes kept to find an emblem drawn with shapes.
"""

from __future__ import annotations

from lxml import etree

from dladocs.inspect._drawingml import Affine, emu, on
from dladocs.inspect._opc import qn
from dladocs.inspect._pptx_model import (
    _FILL_TAGS,
    _OTHER_PLACEHOLDERS,
    DGM,
    DSP,
    A,
    P,
    _child,
    _Item,
    _local,
    _master_type,
    _nv,
    _Scope,
)
from dladocs.inspect._pptx_pictures import _Pictures
from dladocs.inspect._pptx_text import TextContext, text_runs
from dladocs.inspect._shape_emblem import FilledShape, filled_shape
from dladocs.types import Box


class _Shapes(_Pictures):
    """Walks shape trees into surfaces (the deck sets these attributes)."""

    text_cache: dict[tuple[object, ...], object]
    default_style: etree._Element | None
    filled: dict[int, list[FilledShape]]

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
