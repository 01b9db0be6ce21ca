"""The EU emblem, drawn from the geometry of its graphic standards.

Source: eu-visibility.md §5 (the standards repeated in Reg. 821/2014 Annex II
and Reg. 2021/1060 Annex IX §1.9), G-02 (white border) and G-03 (monochrome
versions).  Lengths follow the standards' own unit, the hoist (height) ``h``:

* the rectangle is ``1.5 h`` wide (3:2);
* twelve stars sit on a circle of radius ``h/3`` centred where the diagonals
  cross, at the positions of the hours on a clock face;
* each star is a regular five-pointed star whose points lie on a circle of
  radius ``h/18``, one point straight up;
* Reflex Blue ``#003399`` and yellow ``#FFCC00``.

The inner radius of a star is not in the standards; a regular pentagram's is
derived (``Ro·cos 72°/cos 36°``), as the official artwork shows.

Pillow is imported inside the drawing functions: the geometry and the SVG are
pure arithmetic, and this module may be imported on the CLI start-up path.
"""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PIL import Image

__all__ = [
    "EU_BLUE",
    "EU_YELLOW",
    "EmblemGeometry",
    "EmblemVariant",
    "border_width",
    "draw_emblem",
    "emblem_geometry",
    "emblem_png",
    "emblem_size",
    "emblem_svg",
]

RGB = tuple[int, int, int]
Point = tuple[float, float]
EmblemVariant = Literal["colour", "black", "blue"]

EU_BLUE: RGB = (0, 51, 153)
EU_YELLOW: RGB = (255, 204, 0)
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)

ASPECT = 1.5
RING_RATIO = 1 / 3
STAR_RATIO = 1 / 18
BORDER_RATIO = 1 / 25
# Regular pentagram: the inner vertices sit where the lines joining the points
# cross, at cos 72° / cos 36° = (3 - √5) / 2 of the outer radius.
INNER_RATIO = math.cos(math.radians(72)) / math.cos(math.radians(36))
# The standards say nothing of the outline's thickness in the black version
# (G-03); 1/60 of the height reads as a clear frame without crowding the stars,
# whose points come no closer to the edge than h/9 - h/18 = h/18.
OUTLINE_RATIO = 1 / 60

# Largest supersampled canvas side: 4× up to a 1200 px hoist, then less, so a
# huge emblem never asks for gigabytes.
_MAX_SUPERSAMPLED = 4800
_MAX_HEIGHT = 20000


@dataclass(frozen=True, slots=True)
class EmblemGeometry:
    """The emblem laid out for a hoist ``height``, origin top-left, y pointing down.

    ``star_centres[k]`` is the star at ``k`` o'clock (``k = 0`` is 12 o'clock),
    clockwise; ``stars[k]`` its ten vertices, outer and inner alternately, the
    first one the upright top point.
    """

    height: float
    width: float
    centre: Point
    ring_radius: float
    star_radius: float
    star_inner_radius: float
    star_centres: tuple[Point, ...]
    stars: tuple[tuple[Point, ...], ...]


def _layout(height: float, width: float, left: float, top: float) -> EmblemGeometry:
    cx, cy = left + width / 2, top + height / 2
    ring = height * RING_RATIO
    outer = height * STAR_RATIO
    inner = outer * INNER_RATIO
    centres: list[Point] = []
    stars: list[tuple[Point, ...]] = []
    for hour in range(12):
        theta = math.radians(90 - 30 * hour)
        sx, sy = cx + ring * math.cos(theta), cy - ring * math.sin(theta)
        centres.append((sx, sy))
        vertices: list[Point] = []
        for j in range(10):
            radius = outer if j % 2 == 0 else inner
            phi = math.radians(90 + 36 * j)
            vertices.append((sx + radius * math.cos(phi), sy - radius * math.sin(phi)))
        stars.append(tuple(vertices))
    return EmblemGeometry(
        height=height,
        width=width,
        centre=(cx, cy),
        ring_radius=ring,
        star_radius=outer,
        star_inner_radius=inner,
        star_centres=tuple(centres),
        stars=tuple(stars),
    )


def emblem_geometry(height: float, *, origin: Point = (0.0, 0.0)) -> EmblemGeometry:
    """The exact geometry of §5 for a rectangle of hoist ``height`` placed at ``origin``."""
    if not height > 0:
        raise ValueError(f"emblem height must be positive, not {height!r}")
    return _layout(height, ASPECT * height, origin[0], origin[1])


def border_width(height: float) -> float:
    """The G-02 white border around the rectangle: 1/25 of its height."""
    return height * BORDER_RATIO


def emblem_size(height_px: int, *, border: bool = False) -> tuple[int, int]:
    """Pixel size of :func:`draw_emblem` output: ``round(1.5 h) × h`` plus the border."""
    extra = 2 * round(border_width(height_px)) if border else 0
    return round(ASPECT * height_px) + extra, height_px + extra


def _colours(variant: EmblemVariant) -> tuple[RGB, RGB]:
    """(field, stars) for each version allowed by E14-03 / G-03."""
    if variant == "colour":
        return EU_BLUE, EU_YELLOW
    if variant == "blue":
        return EU_BLUE, WHITE
    if variant == "black":
        return WHITE, BLACK
    raise ValueError(f"unknown emblem variant {variant!r}")


def draw_emblem(
    height_px: int, *, variant: EmblemVariant = "colour", border: bool = False
) -> Image.Image:
    """Render the emblem as an RGB image ``round(1.5 h) × h`` pixels (plus the border).

    Drawn at up to 4× and reduced by area averaging, so star edges are
    antialiased while the rectangle's edges stay on whole pixels.
    ``border`` adds the white G-02 margin of ``h/25`` on every side, for
    coloured backgrounds.
    """
    from PIL import Image, ImageDraw

    if not isinstance(height_px, int) or not 1 <= height_px <= _MAX_HEIGHT:
        raise ValueError(f"emblem height must be an int in 1..{_MAX_HEIGHT}, not {height_px!r}")
    field_colour, star_colour = _colours(variant)
    width_px = round(ASPECT * height_px)
    border_px = round(border_width(height_px)) if border else 0
    scale = max(1, min(4, _MAX_SUPERSAMPLED // height_px))

    # Every length is an exact multiple of `scale`, so the reduction maps the
    # rectangle onto whole output pixels and the border stays crisp.
    h, w, b = height_px * scale, width_px * scale, border_px * scale
    canvas = Image.new("RGB", (w + 2 * b, h + 2 * b), WHITE)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((b, b, b + w - 1, b + h - 1), fill=field_colour)
    if variant == "black":
        line = max(scale, round(height_px * OUTLINE_RATIO) * scale)
        draw.rectangle((b, b, b + w - 1, b + h - 1), outline=BLACK, width=line)
    layout = _layout(float(h), float(w), float(b), float(b))
    for star in layout.stars:
        draw.polygon(star, fill=star_colour)
    # A box reduction of the exactly aligned supersampled grid is each output
    # pixel's true area coverage.  Lanczos would ring, and bleed the blue a
    # pixel into the white border and the page around.
    return canvas if scale == 1 else canvas.reduce(scale)


@functools.lru_cache(maxsize=32)
def emblem_png(
    height_px: int = 600, *, variant: EmblemVariant = "colour", border: bool = False
) -> bytes:
    """:func:`draw_emblem` as PNG bytes: no metadata, no timestamp, same input → same bytes."""
    image = draw_emblem(height_px, variant=variant, border=border)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _hex(colour: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*colour)


def emblem_svg(
    height: float = 200.0, *, variant: EmblemVariant = "colour", border: bool = False
) -> str:
    """The emblem as a standalone SVG document of hoist ``height`` (user units).

    The stars are exact polygons; nothing is left to a renderer's idea of a
    star.  The black version's outline is drawn inside the rectangle, so the
    outer size is the same in every version.
    """
    field_colour, star_colour = _colours(variant)
    layout = emblem_geometry(height)
    pad = border_width(height) if border else 0.0
    total_w, total_h = layout.width + 2 * pad, height + 2 * pad
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1"'
        f' width="{_num(total_w)}" height="{_num(total_h)}"'
        f' viewBox="0 0 {_num(total_w)} {_num(total_h)}" role="img">',
        "<title>Emblème de l'Union européenne</title>",
    ]
    if border:
        parts.append(
            f'<rect width="{_num(total_w)}" height="{_num(total_h)}" fill="{_hex(WHITE)}"/>'
        )
    rect = f'x="{_num(pad)}" y="{_num(pad)}" width="{_num(layout.width)}" height="{_num(height)}"'
    parts.append(f'<rect {rect} fill="{_hex(field_colour)}"/>')
    if variant == "black":
        line = height * OUTLINE_RATIO
        inset = (
            f'x="{_num(pad + line / 2)}" y="{_num(pad + line / 2)}"'
            f' width="{_num(layout.width - line)}" height="{_num(height - line)}"'
        )
        parts.append(
            f'<rect {inset} fill="none" stroke="{_hex(BLACK)}" stroke-width="{_num(line)}"/>'
        )
    parts.append(f'<g fill="{_hex(star_colour)}">')
    for star in layout.stars:
        points = " ".join(f"{_num(x + pad)},{_num(y + pad)}" for x, y in star)
        parts.append(f'<polygon points="{points}"/>')
    parts.append("</g></svg>")
    return "\n".join(parts) + "\n"
