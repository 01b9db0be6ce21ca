"""Where a DOCX section's pages are and where a floating object lands on them.

:class:`_Page` is a section's page size, margins and columns in points;
:func:`_place` turns a position (offset or alignment against an area) into a
coordinate; :class:`_FirstPage` follows, within one section's body, whether
its first page has ended (body pictures are ``body-first-page`` until then).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from dladocs.inspect._docx_xml import W
from dladocs.inspect._drawingml import measure


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
