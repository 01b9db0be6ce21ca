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

from pathlib import Path

from lxml import etree

from dladocs.inspect._drawingml import Theme, emu, on
from dladocs.inspect._opc import R_ID, Package, core_properties
from dladocs.inspect._pptx_model import (  # the names were defined here first; kept importable
    DGM,
    DSP,
    A,
    P,
    _clr_map,
    _Layout,
    _Master,
    _Placeholders,
    _Scope,
)
from dladocs.inspect._pptx_shapes import _Shapes
from dladocs.inspect._safety import NBSP, Limits, Refused
from dladocs.inspect._shape_emblem import FilledShape, shape_emblems
from dladocs.types import EMU_PER_POINT, Box, Inspection, Surface

__all__ = ["DGM", "DSP", "A", "P", "inspect_pptx"]


class _Deck(_Shapes):
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


def inspect_pptx(path: Path, limits: Limits) -> Inspection:
    """Inspect a PPTX file (callers go through :func:`dladocs.inspect.inspect_file`)."""
    with Package(path, limits) as package:
        return _Deck(package, path, limits).inspect()
