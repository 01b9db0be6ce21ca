"""The model a PPTX slide inherits from: masters, layouts, their placeholders; shapes in scope.

A slide placeholder takes its position and text formatting from the layout
placeholder of the same index (else type), and that one from the master's
placeholder of the same kind (:func:`_master_type`).  :class:`_Item` is a shape
being walked, :class:`_Scope` the part it comes from and what it inherits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from dladocs.inspect._drawingml import Affine, Theme
from dladocs.types import Surface

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
