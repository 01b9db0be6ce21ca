"""The EU emblem drawn with native shapes in PPTX and DOCX: a rectangle and star shapes.

Someone who redraws the flag in PowerPoint or Word puts a blue rectangle and
twelve five-point stars (``star5`` preset shapes, or free-form polygons) on
top of it, grouped or not.  Inspection collects every filled shape of a slide
or DOCX part (:class:`FilledShape`); :func:`shape_emblems` finds a filled
rectangle with small shapes painted inside it and draws that arrangement into
a raster, given to the rules as one more :class:`~dladocs.types.Picture`
(``origin="shapes"``).  The same recognition as for images then finds the
emblem and judges its stars, colours and proportions (E14-14 / E21-10), as it
does for a PDF emblem drawn with paths.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from dladocs.inspect._drawingml import A, Theme, color, fill_color
from dladocs.types import Box, Picture

__all__ = ["FilledShape", "filled_shape", "shape_emblems"]

# A flag needs at least this many shapes inside its rectangle (a star or two may be lost
# or missing: recognition counts them and says so).
_MIN_INNER = 6
# Inner shapes are small against the rectangle: a star is h/9 wide.
_MAX_INNER = 0.25
_RASTER_HEIGHT = 240


@dataclass(slots=True)
class FilledShape:
    """A shape painted with a solid colour: its box (points), colour and outline."""

    box: Box
    colour: str
    geometry: str
    order: int = 0
    group: str = ""
    points: list[tuple[float, float]] = field(default_factory=list)  # 0-1, custom shapes
    placed: bool = True  # the box is on the page (False: relative to an inline group)


def _geometry(properties: etree._Element) -> tuple[str, list[tuple[float, float]]]:
    preset = properties.find(f"{A}prstGeom")
    if preset is not None:
        return preset.get("prst", "rect"), []
    path = properties.find(f"{A}custGeom/{A}pathLst/{A}path")
    if path is None:
        return "rect", []
    width = float(path.get("w", "0") or 0) or 1.0
    height = float(path.get("h", "0") or 0) or 1.0
    points = []
    for step in path:
        for point in step.findall(f"{A}pt"):
            try:
                points.append(
                    (float(point.get("x", "0")) / width, float(point.get("y", "0")) / height)
                )
            except ValueError:
                continue
    return ("custom", points) if len(points) >= 3 else ("rect", [])


def filled_shape(
    properties: etree._Element | None,
    style: etree._Element | None,
    box: Box | None,
    theme: Theme,
    clr_map: dict[str, str] | None,
    *,
    order: int = 0,
    group: str = "",
) -> FilledShape | None:
    """The shape's solid fill and geometry, or None (no box, no solid fill, rotated)."""
    if properties is None or box is None or box.width <= 0 or box.height <= 0:
        return None
    xfrm = properties.find(f"{A}xfrm")
    if xfrm is not None and (xfrm.get("rot") not in (None, "0")):
        return None  # a rotated shape: its box is not where it paints
    declared, colour = fill_color(properties, theme, clr_map)
    if not declared and style is not None:
        reference = style.find(f"{A}fillRef")
        if reference is not None and reference.get("idx", "0") not in ("0", "") and len(reference):
            colour = color(reference[0], theme, clr_map)
    if colour is None:
        return None
    kind, points = _geometry(properties)
    return FilledShape(box, colour, kind, order, group, points)


def _inside(inner: Box, outer: Box) -> bool:
    slack = 0.02 * outer.height
    return (
        inner.x >= outer.x - slack
        and inner.y >= outer.y - slack
        and inner.right <= outer.right + slack
        and inner.bottom <= outer.bottom + slack
    )


def shape_emblems(shapes: list[FilledShape], *, group: str = "") -> list[Picture]:
    """A picture for each filled rectangle that has small shapes painted inside it."""
    pictures = []
    for base in shapes:
        if base.geometry not in ("rect", "custom") or (base.points and len(base.points) > 5):
            continue
        aspect = base.box.width / base.box.height
        if not 0.4 <= aspect <= 2.6:
            continue
        limit = _MAX_INNER * min(base.box.width, base.box.height)
        inner = [
            s
            for s in shapes
            if s is not base
            and s.order > base.order
            and s.box.width <= limit
            and s.box.height <= limit
            and _inside(s.box, base.box)
        ]
        if len(inner) < _MIN_INNER:
            continue
        pictures.append(_picture(base, inner, group or base.group))
    return pictures


def _picture(base: FilledShape, inner: list[FilledShape], group: str) -> Picture:
    from PIL import Image, ImageDraw

    height = _RASTER_HEIGHT
    width = max(1, round(height * base.box.width / base.box.height))
    scale = height / base.box.height
    image = Image.new("RGB", (width, height), f"#{base.colour}")
    draw = ImageDraw.Draw(image)
    digest = hashlib.sha256(f"{base.colour}{aspect_key(base)}".encode())
    for shape in inner:
        left = (shape.box.x - base.box.x) * scale
        top = (shape.box.y - base.box.y) * scale
        w, h = shape.box.width * scale, shape.box.height * scale
        digest.update(f"{shape.geometry}{left:.1f}{top:.1f}{w:.1f}{h:.1f}{shape.colour}".encode())
        _draw(draw, shape, left, top, w, h)
    picture_image = image
    return Picture(
        width=base.box.width,
        height=base.box.height,
        box=base.box if base.placed else None,
        description="",
        origin="shapes",
        group=group,
        sha256=digest.hexdigest(),
        pixel_size=(width, height),
        order=max(shape.order for shape in [base, *inner]),
        load=lambda: picture_image,
    )


def aspect_key(shape: FilledShape) -> str:
    return f"{shape.box.width / shape.box.height:.4f}"


def _draw(draw: Any, shape: FilledShape, left: float, top: float, w: float, h: float) -> None:
    fill = f"#{shape.colour}"
    if shape.geometry == "custom":
        draw.polygon([(left + x * w, top + y * h) for x, y in shape.points], fill=fill)
    elif shape.geometry.startswith("star"):
        # A preset star: points on the ellipse of its box, upright, inner radius 0.38.
        count = int(shape.geometry[4:] or 5) if shape.geometry[4:].isdigit() else 5
        points = []
        for j in range(2 * count):
            radius = 1.0 if j % 2 == 0 else 0.382
            angle = math.radians(90 + 180 / count * j)
            points.append(
                (
                    left + w / 2 + radius * w / 2 * math.cos(angle),
                    top + h / 2 - radius * h / 2 * math.sin(angle),
                )
            )
        draw.polygon(points, fill=fill)
    elif shape.geometry in ("ellipse", "flowChartConnector"):
        draw.ellipse((left, top, left + w, top + h), fill=fill)
    else:
        draw.rectangle((left, top, left + w, top + h), fill=fill)
