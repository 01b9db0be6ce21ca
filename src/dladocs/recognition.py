"""Recognise the EU emblem, and any reference logo, in rasters dladocs did not draw.

Pictures in third-party PPTX/DOCX/PDF files carry no tag saying "this is the
EU flag": the official PNG, a flag someone redrew, a JPEG of it, a 40 px
thumbnail, a "Cofinancé par l'Union européenne" block with the flag and the
text in one image, a monochrome version...  :func:`find_emblem` looks for the
emblem's *structure* rather than for exact pixels:

1. a solid rectangle (a connected region of Reflex-blue-like pixels, or of
   dark pixels for black versions, or a dark frame for the outlined black
   version of G-03);
2. inside it, star-coloured blobs on the ring of radius ``h/3`` at the twelve
   clock positions, *and* background between them (so a yellow circle is not
   twelve stars), *and* nothing much elsewhere (so five stars in a row are not
   an emblem).

The rectangle found is measured in the image's own pixels and its aspect is
reported as found: a squashed or rotated emblem is still recognised, so that a
rule can say "distorted" (E21-10) instead of "missing".

Reference logos (Avise, DLA...) are matched by a 64-bit perceptual hash (DCT
of a 32×32 grey thumbnail), which survives resizing and recompression, plus an
aspect-ratio check, since the hash itself ignores proportions.

This module imports numpy and Pillow at the top: it is only imported by
``dladocs check`` and the build's verification step, never at CLI start-up.
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt
from PIL import Image

from dladocs.emblem import EU_BLUE, EU_YELLOW

__all__ = [
    "EMBLEM_ID",
    "EmblemMatch",
    "Palette",
    "Recogniser",
    "colour_distance",
    "find_emblem",
    "fingerprint",
    "hamming",
]

Palette = Literal["colour", "black", "blue", "other"]
StarShape = Literal["five", "disc", "other"]
RGB = tuple[int, int, int]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

EMBLEM_ID = "eu-emblem"

# --------------------------------------------------------------------------- thresholds
#
# Working resolution: images above ~300 000 pixels are box-reduced by an
# integer factor first (a 3000×2000 flag is analysed at 600×400, a 2000×300
# block at 1000×150 with its flag still 150 px tall).  Below that nothing is
# resampled.  With the canonical crop below, a typical logo takes 3-15 ms.
_WORK_PIXELS = 300_000
# Smallest rectangle analysed, in working pixels: at 8 px tall a star is under
# one pixel and nothing can be verified.
_MIN_SIDE = 8
# Rectangles with proportions beyond 0.4 – 2.6 are not considered: an emblem
# squashed or stretched that much is no longer an emblem to anyone.  Between
# these bounds the aspect is *reported*, not judged.
_MIN_ASPECT, _MAX_ASPECT = 0.4, 2.6
# A filled field is the rectangle minus its stars (2.8 % of it) and minus what
# antialiasing and JPEG take from the edges.  80 % rejects blue regions that
# merely touch other blue things (a blue title beside the flag).
_MIN_FILL = 0.80
# The outlined black version: each side of the frame at least 80 % dark.
_MIN_FRAME_EDGE = 0.80

# Every candidate rectangle is resampled to this canonical size (3:2, or its
# rotation), where the ring and stars have fixed pixel positions.
_CANON_W, _CANON_H = 180, 120
_RING = _CANON_H / 3  # 40 px
_STAR_AREA = 1.1226 * (_CANON_H / 18) ** 2  # area of a regular pentagram of radius h/18
# Ring annulus: the star points reach ±h/18 = ±1/6 of the ring radius; the
# margin absorbs redrawn emblems with slightly different radii and a centre
# misplaced by a pixel of a tiny image (4 canonical px at 27 px tall).
_ANNULUS = (0.70, 1.30)
# Background zones: the inner disk and the outer corners; 7 px band along the
# edges left out (antialiased borders, the black version's outline).
_INNER, _OUTER, _EDGE = 0.55, 1.40, 7
# Angular windows (degrees from a clock position).  A star spans ±9.6° seen
# from the centre (asin(1/6)); the "on" window takes its core, the "gap" window
# sits halfway between two stars, where the emblem shows background.
_ON, _GAP = 7.5, 11.5
# A star is present when its window holds a quarter of a star's area; a gap is
# filled when it holds 40 % of a typical star's count (antialiased points of a
# tiny image leak a little into it, a continuous ring fills it completely).
_STAR_PRESENT = 0.25
_GAP_FILLED = 0.40
# The star colour must stand out: 99th percentile of the colour distance in
# the annulus at least 60 (RGB units; yellow on Reflex Blue is 334, white on
# black 441, a JPEG-compressed plain field stays under 25).  Pixels count as
# star when further than 40 % of that peak from the field colour.
_MIN_CONTRAST = 60.0
_STAR_LEVEL = 0.40
# Decision: at least 10 of 12 stars (a JPEG or a thumbnail may lose one or
# two), at most 2 gaps filled, 75 % of the star pixels on the ring, and at most
# 2 % of the background zones covered.
_MIN_STARS = 10
_MAX_FILLED_GAPS = 2
_MIN_RING_SHARE = 0.75
_MAX_CLUTTER = 0.02

# Palette: CIE76 distance to the reference colours.  #003399 drawn as
# (0, 51, 160) or (16, 52, 166) is within 8, JPEG shifts the field by less than
# 10; the naive CMYK→RGB image of 100/80/0/0, (0, 51, 255), is 55 away and
# pure blue 70.  Stars: #FFD700 is 6.5 away, #FFE600 15, pure yellow #FFFF00
# 30; a 120 px JPEG at quality 25 measures #FFCC00 stars 21 away.
_BLUE_TOLERANCE = 25.0
_YELLOW_TOLERANCE = 25.0
# Black and white: chroma under 15 and L* ≤ 12 (RGB ≤ 30) or ≥ 88 (RGB ≥ 220).
# Reflex Blue converted to grey is L* 20 and its yellow L* 80: a greyscale
# emblem is "other", not black and white.
_NEUTRAL_CHROMA = 15.0
_DARK_L, _LIGHT_L = 12.0, 88.0
# Star colour, from the direction of the summed difference to the field (see
# _stars_are).  Measured on redrawn emblems, JPEG quality 25 to 100: within
# 7.2° of #FFCC00 from 45 px tall, within 24° below.  Yellow and white are 43°
# apart, orange #FF8000 is 12.7° from #FFCC00, pure yellow #FFFF00 7.2°.
# Hence 9° from 45 px, 22° below (where orange passes for yellow: a 30 px
# thumbnail cannot tell).  From 120 px the stars' core colour is reliable
# (ΔE ≤ 21 even at JPEG quality 25) and must also be within tolerance, which
# is what tells pure yellow from #FFCC00.
_STAR_ANGLE, _STAR_ANGLE_SMALL = 9.0, 22.0
_SMALL_HEIGHT, _CORE_HEIGHT = 45, 120
# What a naive (profile-free) CMYK→RGB conversion makes of the print colours
# 100/80/0/0 and 0/0/100/0; used for CMYK images only.
_CMYK_BLUE: RGB = (0, 51, 255)
_CMYK_YELLOW: RGB = (255, 255, 0)

# Reference logos: pHash distance ≤ 10 of 63 bits.  Measured on a made-up
# logo and on the 56 distinct pictures of the third-party corpus: the same
# picture resized ×0.3 to ×3 and recompressed (JPEG quality 30-60) stays within
# 8 (one exception: a plain five-pointed star, whose symmetry leaves many DCT
# terms near zero, moves 16); two different pictures are never closer than 16.
# Proportions must agree within 15 %, as the hash itself ignores them.
_MAX_HAMMING = 10
_ASPECT_SLACK = 1.15
# A thumbnail this flat carries no identity (blank or near-uniform image).
_MIN_HASH_CONTRAST = 4.0
# Margins: a frame within 10 levels of the corner colour is uniform; content
# starts where a pixel differs from it by more than 24 (JPEG noise stays below).
_MARGIN_NOISE, _MARGIN_CONTRAST = 10, 24


@dataclass(frozen=True)
class EmblemMatch:
    """The EU emblem found in an image.

    ``box`` is the flag rectangle (left, top, right, bottom) in the image's
    pixels, border and surrounding text excluded; ``aspect`` its width over
    height as measured (1.5 for an undistorted emblem, about 0.67 when rotated
    by 90°); ``coverage`` the rectangle's share of the image area (1.0 for a
    bare flag, less for a block with text); ``stars`` how many of the twelve
    clock positions hold a star; ``score`` how closely the whole matches, from
    0 to 1.  ``field`` and ``star_colour`` are the measured colours, for rules
    that judge colours more strictly than ``palette`` does.
    """

    box: tuple[int, int, int, int]
    palette: Palette
    aspect: float
    coverage: float
    stars: int
    score: float
    field: RGB = (0, 0, 0)
    star_colour: RGB = (0, 0, 0)
    rotated: bool = False
    # Tilted by a few degrees inside its own pixels (its edges are not level), which a
    # shape's rotation attribute does not show.
    tilted: bool = False
    # Whether the stars are upright five-pointed stars ("five"), discs or something else,
    # when the flag is large enough in the image to tell (_SHAPE_HEIGHT pixels); else None.
    star_shape: StarShape | None = None


# --------------------------------------------------------------------------- colours


def _lab(colour: tuple[float, float, float]) -> tuple[float, float, float]:
    """sRGB (0-255) to CIELAB, D65."""

    def linear(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in colour)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _delta_e(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return math.dist(_lab(a), _lab(b))


def colour_distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """CIE76 ΔE between two sRGB colours (for messages that name the colour that is off)."""
    return _delta_e(
        (float(a[0]), float(a[1]), float(a[2])), (float(b[0]), float(b[1]), float(b[2]))
    )


def _is_neutral(colour: tuple[float, float, float], *, dark: bool) -> bool:
    lightness, a, b = _lab(colour)
    if math.hypot(a, b) > _NEUTRAL_CHROMA:
        return False
    return lightness <= _DARK_L if dark else lightness >= _LIGHT_L


def _angle(a: FloatArray, b: FloatArray) -> float:
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    if norms == 0:
        return 180.0
    return math.degrees(math.acos(max(-1.0, min(1.0, float(a @ b) / norms))))


def _stars_are(ring: _Ring, target: RGB, tolerance: float | None, *, height: int) -> bool:
    """Whether the stars are ``target`` (yellow, white or black) on the measured field.

    The direction of the summed difference to the field over the ring tells
    the star colour even where no pixel shows it pure: antialiasing, resizing
    and JPEG chroma subsampling all mix the two colours linearly, which keeps
    that direction.  A 40 px JPEG's stars look bluish-white pixel by pixel,
    yet point at #FFCC00.  How far the direction may stray, and whether the
    stars' core colour is judged too (ΔE ≤ ``tolerance``, or neutral for
    white and black), depends on the emblem's ``height`` in pixels.
    """
    goal = np.asarray(target, dtype=np.float64)
    limit = _STAR_ANGLE if height >= _SMALL_HEIGHT else _STAR_ANGLE_SMALL
    if _angle(ring.direction, goal - ring.field) > limit:
        return False
    if height < _CORE_HEIGHT:
        return True
    core = (float(ring.star[0]), float(ring.star[1]), float(ring.star[2]))
    if tolerance is not None:
        return _delta_e(core, (float(target[0]), float(target[1]), float(target[2]))) <= tolerance
    return _is_neutral(core, dark=sum(target) == 0)


def _classify(ring: _Ring, *, frame: bool, cmyk: bool, height: int) -> Palette:
    """Which version of G-03 / E21-14 the colours are."""
    f = (float(ring.field[0]), float(ring.field[1]), float(ring.field[2]))
    white, black = (255, 255, 255), (0, 0, 0)
    if frame:
        # Outlined version: white field, dark frame and dark stars.
        if _is_neutral(f, dark=False) and _stars_are(ring, black, None, height=height):
            return "black"
        return "other"
    pairs = [(EU_BLUE, EU_YELLOW), (_CMYK_BLUE, _CMYK_YELLOW)] if cmyk else [(EU_BLUE, EU_YELLOW)]
    for blue, yellow in pairs:
        if _delta_e(f, blue) <= _BLUE_TOLERANCE:
            # Yellow and white are 43° apart seen from Reflex Blue: try the
            # nearer first, so the wide angle allowed to thumbnails is not
            # ambiguous.
            field = ring.field
            options = sorted(
                [(yellow, _YELLOW_TOLERANCE, "colour"), (white, None, "blue")],
                key=lambda option: _angle(
                    ring.direction, np.asarray(option[0], dtype=np.float64) - field
                ),
            )
            for colour, tolerance, name in options:
                if _stars_are(ring, colour, tolerance, height=height):
                    return "colour" if name == "colour" else "blue"
            return "other"
    if _is_neutral(f, dark=True) and _stars_are(ring, white, None, height=height):
        # Black field, white stars: only black and white, as E21-14 asks.
        return "black"
    return "other"


# --------------------------------------------------------------------------- normalising


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white, whatever the mode (transparency composited, 16-bit scaled)."""
    mode = image.mode
    if mode.startswith("I;16") or mode == "I":
        grey = image.convert("I")
        _, high = grey.getextrema()
        if mode.startswith("I;16") or (isinstance(high, int) and high > 255):
            grey = grey.point(lambda value: value * (1 / 257))
        return grey.convert("L").convert("RGB")
    if mode == "F":
        return image.convert("L").convert("RGB")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image if mode == "RGB" else image.convert("RGB")


def _working(image: Image.Image, budget: int = _WORK_PIXELS) -> tuple[Image.Image, int]:
    """The image reduced to about ``budget`` pixels (integer factor), flattened."""
    width, height = image.size
    factor = max(1, math.ceil(math.sqrt(width * height / budget)))
    if factor > 1:
        if "transparency" in image.info or image.mode in ("PA", "RGBa", "La"):
            image = image.convert("RGBA")
        elif image.mode.startswith("I") or image.mode == "F":
            image = _flatten(image)  # scale 16-bit values before averaging
        elif image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGB")
        image = image.reduce(factor)
    return _flatten(image), factor


# --------------------------------------------------------------------------- regions


@dataclass(frozen=True, slots=True)
class _Region:
    left: int
    top: int
    right: int
    bottom: int
    pixels: int
    kind: Literal["filled", "frame"]
    tilted: bool = False

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def area(self) -> int:
        return self.width * self.height


def _components(mask: BoolArray) -> list[tuple[int, int, int, int, int]]:
    """Connected regions (8-connectivity) of a mask: (left, top, right, bottom, pixels).

    Works on horizontal runs: adjacent rows' runs that overlap are joined, and
    the joins are resolved by vectorised min-label propagation, so a 300 000
    pixel mask labels in a few milliseconds without scipy.
    """
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)
    count = len(rows)
    if count == 0:
        return []
    stride = width + 2
    start_keys = rows * stride + starts
    end_keys = rows * stride + ends
    # For each run, the runs of the row above that touch it (diagonals too).
    above = (rows - 1) * stride
    low = np.searchsorted(end_keys, above + starts, side="left")
    high = np.searchsorted(start_keys, above + ends, side="right")
    links = np.clip(high - low, 0, None)
    total = int(links.sum())
    parent = np.arange(count)
    if total:
        below = np.repeat(np.arange(count), links)
        offsets = np.repeat(np.cumsum(links) - links - low, links)
        upper = np.arange(total) - offsets
        while True:
            root_a, root_b = parent[upper], parent[below]
            if np.array_equal(root_a, root_b):
                break
            np.minimum.at(parent, np.maximum(root_a, root_b), np.minimum(root_a, root_b))
            while True:
                jumped = parent[parent]
                if np.array_equal(jumped, parent):
                    break
                parent = jumped
    labels, inverse = np.unique(parent, return_inverse=True)
    groups = len(labels)
    left = np.full(groups, width, dtype=np.intp)
    right = np.zeros(groups, dtype=np.intp)
    top = np.full(groups, height, dtype=np.intp)
    bottom = np.zeros(groups, dtype=np.intp)
    np.minimum.at(left, inverse, starts)
    np.maximum.at(right, inverse, ends)
    np.minimum.at(top, inverse, rows)
    np.maximum.at(bottom, inverse, rows + 1)
    pixels = np.bincount(inverse, weights=(ends - starts).astype(np.float64), minlength=groups)
    keep = ((right - left) >= _MIN_SIDE) & ((bottom - top) >= _MIN_SIDE)
    return [
        (int(left[i]), int(top[i]), int(right[i]), int(bottom[i]), int(pixels[i]))
        for i in np.nonzero(keep)[0]
    ]


def _masks(pixels: npt.NDArray[np.uint8]) -> tuple[BoolArray, BoolArray]:
    """(blue-like, dark) pixel masks.

    Blue-like: hue 195°–255°, saturation ≥ 0.45, value ≥ 60/255; wide enough
    for JPEG artefacts, naive CMYK conversions (0, 51, 255) and redrawn flags,
    narrow enough to leave out cyan and violet.  Dark: value ≤ 90/255, for
    black versions and greyscale conversions (Reflex Blue greys to 47).
    """
    rgb = pixels.astype(np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    high = np.maximum(np.maximum(r, g), b)
    low = np.minimum(np.minimum(r, g), b)
    chroma = b - low
    blue = (
        (b == high)
        & (b >= 60)
        & (chroma * 100 >= 45 * b)
        & ((r - g) * 4 <= chroma)
        & ((g - r) * 4 <= 3 * chroma)
    )
    dark = high <= 90
    return blue, dark


def _regions(pixels: npt.NDArray[np.uint8]) -> list[_Region]:
    blue, dark = _masks(pixels)
    found: list[_Region] = []
    for mask, allow_frame in ((blue, False), (dark, True)):
        for left, top, right, bottom, count in _components(mask):
            width, height = right - left, bottom - top
            aspect = width / height
            if not _MIN_ASPECT <= aspect <= _MAX_ASPECT:
                continue
            fill = count / (width * height)
            if fill >= _MIN_FILL:
                tilted = _is_tilted(mask[top:bottom, left:right])
                found.append(_Region(left, top, right, bottom, count, "filled", tilted))
            elif allow_frame and fill < 0.5:
                edges = (
                    mask[top, left:right].mean(),
                    mask[bottom - 1, left:right].mean(),
                    mask[top:bottom, left].mean(),
                    mask[top:bottom, right - 1].mean(),
                )
                if min(edges) >= _MIN_FRAME_EDGE:
                    found.append(_Region(left, top, right, bottom, count, "frame"))
    found.sort(key=lambda region: region.area, reverse=True)
    return found


def _is_tilted(mask: BoolArray) -> bool:
    """Whether a filled rectangle stands askew in its bounding box.

    A level rectangle fills the rows and columns just inside its bounding box
    (antialiasing only touches the outermost ones); one turned by even 2°
    touches its box with its corners only, so those lines are mostly empty.
    """
    height, width = mask.shape
    if height < 12 or width < 12:
        return False
    lines = (mask[1, :], mask[-2, :], mask[:, 1], mask[:, -2])
    return min(float(line.mean()) for line in lines) < _LEVEL_EDGE


# The lines just inside a level flag's box are at least this full (JPEG at quality 25
# leaves 0.9); a flag turned by 2° leaves under 0.6 of them.
_LEVEL_EDGE = 0.70


# --------------------------------------------------------------------------- the ring


@dataclass(frozen=True, slots=True)
class _Grid:
    """Polar coordinates of the canonical canvas, computed once."""

    interior: BoolArray
    annulus: BoolArray
    background: BoolArray
    on: tuple[BoolArray, ...]
    gap: tuple[BoolArray, ...]


@lru_cache(maxsize=8)
def _grid(edge: int = _EDGE) -> _Grid:
    ys, xs = np.mgrid[0:_CANON_H, 0:_CANON_W].astype(np.float64) + 0.5
    dx, dy = xs - _CANON_W / 2, ys - _CANON_H / 2
    rho = np.hypot(dx, dy) / _RING
    # Clock angle: 0° at 12 o'clock, clockwise (y points down).
    clock = np.degrees(np.arctan2(dx, -dy)) % 360
    interior = (xs > edge) & (xs < _CANON_W - edge) & (ys > edge) & (ys < _CANON_H - edge)
    annulus = (rho >= _ANNULUS[0]) & (rho <= _ANNULUS[1]) & interior
    background = ((rho < _INNER) | (rho > _OUTER)) & interior

    def near(angle: float, width: float) -> BoolArray:
        distance = np.abs((clock - angle + 180) % 360 - 180)
        window: BoolArray = annulus & (distance <= width)
        return window

    on = tuple(near(30.0 * k, _ON) for k in range(12))
    gap = tuple(near(30.0 * k + 15.0, 15.0 - _GAP) for k in range(12))
    return _Grid(interior, annulus, background, on, gap)


@dataclass(frozen=True, slots=True)
class _Ring:
    stars: int
    filled_gaps: int
    ring_share: float
    clutter: float
    field: FloatArray
    star: FloatArray
    direction: FloatArray

    @property
    def matches(self) -> bool:
        return (
            self.stars >= _MIN_STARS
            and self.filled_gaps <= _MAX_FILLED_GAPS
            and self.ring_share >= _MIN_RING_SHARE
            and self.clutter <= _MAX_CLUTTER
        )


def _read_ring(canvas: Image.Image, edge: int = _EDGE) -> _Ring | None:
    """Count the stars of a canonical 180×120 crop; None when nothing stands out.

    ``edge`` is the band along the sides left out of every measure.
    """
    grid = _grid(edge)
    pixels = np.asarray(canvas, dtype=np.float64)
    field = np.median(pixels[grid.background], axis=0)
    distance = np.sqrt(((pixels - field) ** 2).sum(axis=2))
    peak = float(np.percentile(distance[grid.annulus], 99))
    if peak < _MIN_CONTRAST:
        return None
    star_mask = distance > max(_STAR_LEVEL * peak, 0.5 * _MIN_CONTRAST)
    on_counts = np.array([int(star_mask[window].sum()) for window in grid.on])
    present = on_counts >= _STAR_PRESENT * _STAR_AREA
    typical = float(np.median(on_counts[present])) if present.any() else _STAR_AREA
    gap_counts = np.array([int(star_mask[window].sum()) for window in grid.gap])
    filled = gap_counts >= max(3.0, _GAP_FILLED * typical * _gap_to_on_area())
    inside = int(star_mask[grid.interior].sum())
    on_ring = int(star_mask[grid.annulus].sum())
    clutter = float(star_mask[grid.background].mean())
    core = grid.annulus & (distance >= 0.85 * peak)
    star = np.median(pixels[core], axis=0) if core.any() else field
    return _Ring(
        stars=int(present.sum()),
        filled_gaps=int(filled.sum()),
        ring_share=on_ring / inside if inside else 0.0,
        clutter=clutter,
        field=field,
        star=star,
        direction=(pixels[grid.annulus] - field).sum(axis=0),
    )


@lru_cache(maxsize=1)
def _gap_to_on_area() -> float:
    """Gap windows are narrower than star windows: compare counts per unit area."""
    grid = _grid(_EDGE)
    return float(grid.gap[0].sum()) / float(grid.on[0].sum())


def _edge_band(region: _Region, pixels: npt.NDArray[np.uint8]) -> int:
    """The band to leave out along the sides: wider for a thick frame seen small.

    The outlined black version's frame, 2 px on a 30 px image, is 8 canonical
    pixels wide plus resampling halo; the stars' points come no closer to the
    side than h/18 (13 canonical px).
    """
    if region.kind != "frame":
        return _EDGE
    _, dark = _masks(pixels[region.top : region.bottom, region.left : region.right])
    height, width = dark.shape
    middle_rows, middle_cols = (
        slice(height // 3, 2 * height // 3),
        slice(width // 3, 2 * width // 3),
    )
    profiles = (
        dark[:, middle_cols].mean(axis=1),
        dark[::-1, middle_cols].mean(axis=1),
        dark[middle_rows, :].mean(axis=0),
        dark[middle_rows, ::-1].mean(axis=0),
    )
    thickness = 0
    for profile in profiles:
        run = 0
        while run < len(profile) and profile[run] >= 0.5:
            run += 1
        thickness = max(thickness, run)
    scale = max(_CANON_H / min(height, width), _CANON_W / max(height, width))
    return int(min(12, max(_EDGE, math.ceil(thickness * scale) + 3)))


# Star shape: judged from this many pixels of flag height (a star's radius is then 7 px
# or more), on a canvas where a star's radius is _SHAPE_RADIUS pixels.
_SHAPE_HEIGHT = 120
_SHAPE_CANVAS = (540, 360)
_SHAPE_RADIUS = _SHAPE_CANVAS[1] / 18  # 20 px
# An upright five-pointed star reaches twice as far towards its points (90°, 162°...) as
# towards its notches (126°, 198°...): measured 1.8 to 2.0 on clean flags and 1.45 on a
# 137 px JPEG at quality 30; discs and six-pointed stars measure 1.0 to 1.1.
_FIVE_POINTS = 1.25
# Discs: the shortest ray is nearly the longest (0.9 and more; 0.5 for a star).
_ROUND = 0.8


def _near_rays(degrees: npt.NDArray[np.int64], first: int) -> npt.NDArray[np.bool_]:
    """The rays within 6° of ``first`` and the four angles 72° apart from it (points, notches)."""
    targets = first + 72 * np.arange(5)
    gaps = np.abs((degrees[:, None] - targets[None, :] + 180) % 360 - 180)
    near: npt.NDArray[np.bool_] = (gaps <= 6).any(axis=1)
    return near


def _star_shape(flag: Image.Image, field: FloatArray, peak_star: FloatArray) -> StarShape | None:
    """Whether the emblem's stars are upright five-pointed stars, or None when unreadable.

    ``flag`` is the flag rectangle, upright; ``field`` and ``peak_star`` its
    measured colours.  From each star's centroid, rays every 2° run to the
    first pixel that is no longer star; their lengths towards the five points
    of an upright star are compared with those towards its five notches.
    """
    contrast = float(np.linalg.norm(peak_star - field))
    if contrast < _MIN_CONTRAST:
        return None
    canvas = np.asarray(
        flag.convert("RGB").resize(_SHAPE_CANVAS, Image.Resampling.BICUBIC), dtype=np.float32
    )
    threshold = (0.5 * contrast) ** 2
    reference = np.asarray(field[:3], dtype=np.float32)
    width, height = _SHAPE_CANVAS
    radius = _SHAPE_RADIUS
    degrees = np.arange(0, 360, 2)
    angles = np.radians(degrees)
    steps = np.arange(0.0, 1.6 * radius, 0.5)
    near_tips, near_notches = _near_rays(degrees, 90), _near_rays(degrees, 126)
    ratios: list[float] = []
    roundness: list[float] = []
    for k in range(12):
        theta = math.radians(90 - 30 * k)
        cx = width / 2 + (height / 3) * math.cos(theta)
        cy = height / 2 - (height / 3) * math.sin(theta)
        x0, x1 = int(cx - 1.6 * radius), int(cx + 1.6 * radius) + 1
        y0, y1 = int(cy - 1.6 * radius), int(cy + 1.6 * radius) + 1
        if x0 < 0 or y0 < 0 or x1 > width or y1 > height:
            continue
        # Star pixels only where the rays run: the twelve patches, not the whole canvas.
        patch = ((canvas[y0:y1, x0:x1] - reference) ** 2).sum(axis=2) > threshold
        ys, xs = np.nonzero(patch)
        if len(xs) < 0.2 * radius * radius:
            continue  # a missing star: counted elsewhere
        mx, my = float(xs.mean()), float(ys.mean())
        px = mx + np.outer(np.cos(angles), steps)
        py = my - np.outer(np.sin(angles), steps)
        inside = (px >= 0) & (py >= 0) & (px < patch.shape[1]) & (py < patch.shape[0])
        hit = np.zeros(px.shape, dtype=bool)
        hit[inside] = patch[py[inside].astype(int), px[inside].astype(int)]
        # Each ray's length: up to its first step outside the star (specks further out
        # from JPEG ringing do not lengthen it).
        reach = np.where((~hit).any(axis=1), np.argmax(~hit, axis=1), steps.size).astype(float)
        if reach.max() <= 0:
            continue

        ratios.append(float(reach[near_tips].mean()) / max(float(reach[near_notches].mean()), 0.5))
        roundness.append(float(reach.min() / reach.max()))
    if len(ratios) < 6:
        return None
    if float(np.median(ratios)) >= _FIVE_POINTS:
        return "five"
    return "disc" if float(np.median(roundness)) >= _ROUND else "other"


def _score(ring: _Ring, aspect: float) -> float:
    upright = max(aspect, 1 / aspect)
    shape = max(0.0, 1.0 - abs(math.log(upright / 1.5)) / math.log(2.0))
    parts = (
        0.35 * ring.stars / 12,
        0.20 * (1 - ring.filled_gaps / 12),
        0.20 * ring.ring_share,
        0.10 * max(0.0, 1 - ring.clutter / _MAX_CLUTTER),
        0.15 * shape,
    )
    return round(min(1.0, max(0.0, sum(parts))), 3)


# --------------------------------------------------------------------------- public


def find_emblem(
    image: Image.Image, *, work_pixels: int = _WORK_PIXELS, stars: bool = True
) -> EmblemMatch | None:
    """The EU emblem in ``image`` (any mode, any size), or None.

    A match needs a solid rectangle with at least 10 of the 12 stars on the
    ring of radius h/3, background between the stars and little else inside.
    Rectangles whose proportions lie between 0.4 and 2.6 are analysed as they
    are; a portrait one is taken as a rotated emblem (``rotated`` True, aspect
    about 0.67).  Judging the aspect is left to the rules: ``aspect`` is the
    measured one.  ``work_pixels`` is the size the image is reduced to first:
    a whole page, where the emblem is small, needs more than a logo.  With
    ``stars`` False the stars' shape is not judged (``star_shape`` None): a
    caller that only asks whether the flag shows saves that analysis.
    """
    width, height = image.size
    if width < _MIN_SIDE or height < _MIN_SIDE:
        return None
    work, factor = _working(image, work_pixels)
    pixels = np.asarray(work, dtype=np.uint8)
    cmyk = image.mode == "CMYK"
    best: EmblemMatch | None = None
    for region in _regions(pixels)[:8]:
        rotated = region.height > region.width
        size = (_CANON_H, _CANON_W) if rotated else (_CANON_W, _CANON_H)
        box = (region.left, region.top, region.right, region.bottom)
        canvas = work.resize(size, Image.Resampling.BICUBIC, box=box)
        if rotated:
            canvas = canvas.transpose(Image.Transpose.ROTATE_90)
        ring = _read_ring(canvas, _edge_band(region, pixels))
        if ring is None or not ring.matches:
            continue
        left, top = region.left * factor, region.top * factor
        right, bottom = min(width, region.right * factor), min(height, region.bottom * factor)
        aspect = (right - left) / (bottom - top)
        palette = _classify(
            ring, frame=region.kind == "frame", cmyk=cmyk, height=min(right - left, bottom - top)
        )
        shape = None
        if stars and min(right - left, bottom - top) >= _SHAPE_HEIGHT and not region.tilted:
            flag = _flatten(image).crop((left, top, right, bottom))
            if rotated:
                flag = flag.transpose(Image.Transpose.ROTATE_90)
            shape = _star_shape(flag, ring.field, ring.star)
        match = EmblemMatch(
            box=(left, top, right, bottom),
            palette=palette,
            aspect=round(aspect, 4),
            coverage=round((right - left) * (bottom - top) / (width * height), 4),
            stars=ring.stars,
            score=_score(ring, aspect),
            field=_rgb(ring.field),
            star_colour=_rgb(ring.star),
            rotated=rotated,
            tilted=region.tilted,
            star_shape=shape,
        )
        if best is None or match.score > best.score:
            best = match
    return best


def _rgb(values: FloatArray) -> RGB:
    r, g, b = (round(float(v)) for v in values[:3])
    return r, g, b


@lru_cache(maxsize=1)
def _dct_matrix() -> FloatArray:
    size = 32
    k = np.arange(size).reshape(-1, 1)
    n = np.arange(size).reshape(1, -1)
    matrix = np.cos(np.pi * (2 * n + 1) * k / (2 * size)) * math.sqrt(2 / size)
    matrix[0] /= math.sqrt(2)
    return matrix


@dataclass(frozen=True, slots=True)
class _Hash:
    value: int
    aspect: float


def _hash_input(image: Image.Image) -> Image.Image:
    """The image flattened on white, at most about a megapixel (the hash needs 32×32)."""
    width, height = image.size
    factor = math.ceil(math.sqrt(width * height / 1_000_000))
    if factor > 1:
        if "transparency" in image.info or image.mode in ("P", "PA", "RGBa", "La"):
            image = image.convert("RGBA")
        elif image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = _flatten(image)
        image = image.reduce(factor)
    return _flatten(image)


def _trim(flat: Image.Image) -> Image.Image | None:
    """``flat`` without a uniform margin, or None when there is no margin to trim.

    Only a truly uniform frame counts as margin: the outermost rows and columns
    must be 98 % within 10 levels of the corner colour.  A photograph whose
    corners happen to match is left alone, since trimming it would depend on
    every JPEG artefact.
    """
    pixels = np.asarray(flat.convert("RGB"), dtype=np.int16)
    if pixels.shape[0] < 3 or pixels.shape[1] < 3:
        return None
    corner = pixels[0, 0]
    frame = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    if float((np.abs(frame - corner).max(axis=1) <= _MARGIN_NOISE).mean()) < 0.98:
        return None
    content = np.abs(pixels - corner).max(axis=2) > _MARGIN_CONTRAST
    rows, cols = np.nonzero(content.any(axis=1))[0], np.nonzero(content.any(axis=0))[0]
    if len(rows) == 0:
        return None
    box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
    if box == (0, 0, flat.width, flat.height):
        return None
    return flat.crop(box)


def _hash_of(flat: Image.Image) -> _Hash | None:
    """pHash and aspect of an RGB image; None when it is too flat to identify."""
    thumbnail = flat.convert("L").resize((32, 32), Image.Resampling.LANCZOS)
    grey = np.asarray(thumbnail, dtype=np.float64)
    if float(grey.std()) < _MIN_HASH_CONTRAST:
        return None
    matrix = _dct_matrix()
    low = (matrix @ grey @ matrix.T)[:8, :8].flatten()
    median = float(np.median(low[1:]))
    value = 0
    for index, coefficient in enumerate(low[1:], start=1):
        if coefficient > median:
            value |= 1 << index
    return _Hash(value, flat.width / flat.height)


def _hashes(image: Image.Image) -> tuple[_Hash | None, _Hash | None]:
    """(whole image, image without its uniform margin) — the second None if no margin."""
    flat = _hash_input(image)
    trimmed = _trim(flat)
    return _hash_of(flat), (_hash_of(trimmed) if trimmed is not None else None)


# A plain picture: every channel within this many levels of its mean colour (JPEG noise stays
# under it); two plain logos are the same when their colours differ by at most the tolerance.
_PLAIN_SPREAD, _PLAIN_TOLERANCE = 12, 16
# A plain picture lighter than this on every channel is blank paper, never a logo.
_BLANK_LEVEL = 240


@dataclass(frozen=True, slots=True)
class _Plain:
    colour: tuple[float, float, float]
    aspect: float


def _plain_colour(image: Image.Image) -> _Plain | None:
    """The colour and proportions of a single-colour picture, or None for any other picture."""
    flat = _hash_input(image).convert("RGB")
    thumbnail = np.asarray(flat.resize((32, 32), Image.Resampling.BOX), dtype=np.float64)
    mean = thumbnail.reshape(-1, 3).mean(axis=0)
    if float(np.abs(thumbnail - mean).max()) > _PLAIN_SPREAD or not flat.height:
        return None
    if float(mean.min()) > _BLANK_LEVEL:
        return None  # white (or fully transparent, flattened on white): a blank, not a logo
    return _Plain((float(mean[0]), float(mean[1]), float(mean[2])), flat.width / flat.height)


def fingerprint(image: Image.Image, *, trim: bool = False) -> int:
    """A 64-bit perceptual hash (pHash) of the image.

    Transparency is flattened on white, then the 8×8 lowest frequencies of the
    DCT of a 32×32 grey thumbnail are compared with their median (the DC term,
    bit 0, is left at 0).  Resizing and JPEG recompression move few bits; see
    :func:`hamming`.  With ``trim``, a uniform margin is cut off first, so the
    same logo with more or less padding hashes alike.  A blank image hashes
    to 0.
    """
    whole, trimmed = _hashes(image)
    chosen = (trimmed or whole) if trim else whole
    return 0 if chosen is None else chosen.value


def hamming(a: int, b: int) -> int:
    """How many bits differ between two fingerprints."""
    return (a ^ b).bit_count()


# Images up to this many pixels are also keyed on their pixels: the same logo embedded
# in a PNG, a PDF image and a converted PDF has three file hashes but one analysis.
_PIXEL_KEY_MAX = 2_000_000


# Emblem analyses by pixels, shared by every build of the process: a worker of a national
# build meets the same emblem in every region, a tool that imports dladocs in every build.
# An analysis depends on the pixels alone, so sharing it changes no result.
_SHARED_EMBLEMS: OrderedDict[str, EmblemMatch | None] = OrderedDict()
_SHARED_MAX = 128


def _shared_emblem(image: Image.Image, pixels: str | None) -> EmblemMatch | None:
    if pixels is None:
        return find_emblem(image)
    if pixels in _SHARED_EMBLEMS:
        _SHARED_EMBLEMS.move_to_end(pixels)
        return _SHARED_EMBLEMS[pixels]
    match = find_emblem(image)
    _SHARED_EMBLEMS[pixels] = match
    if len(_SHARED_EMBLEMS) > _SHARED_MAX:
        _SHARED_EMBLEMS.popitem(last=False)
    return match


def _pixels_key(image: Image.Image) -> str | None:
    width, height = image.size
    if width * height > _PIXEL_KEY_MAX:
        return None
    digest = hashlib.sha256(image.tobytes()).hexdigest()
    return f"pixels:{image.mode}:{width}x{height}:{digest}"


class Recogniser:
    """Names the logo a picture shows: the EU emblem or one of the reference logos.

    ``references`` maps logo ids to reference images (``--logo avise=avise.png``).
    A picture matches a reference when their fingerprints are within
    ``_MAX_HAMMING`` bits and their proportions within 15 %, compared whole
    and, when either has a uniform margin, without it.  Results are cached
    under the key the caller passes (the picture's sha256), so a logo repeated
    on every page of a document is analysed once.
    """

    def __init__(self, references: Mapping[str, Image.Image] | None = None) -> None:
        self._references: list[tuple[str, _Hash | None, _Hash | None]] = []
        # Plain single-colour references have no fingerprint: they are known by colour and shape.
        self._plain: list[tuple[str, _Plain]] = []
        for logo_id, reference in (references or {}).items():
            whole, trimmed = _hashes(reference)
            if whole is not None or trimmed is not None:
                self._references.append((logo_id, whole, trimmed))
            else:
                plain = _plain_colour(reference)
                if plain is not None:
                    self._plain.append((logo_id, plain))
        self._identified: dict[str, str | None] = {}
        self._emblems: dict[str, EmblemMatch | None] = {}

    @property
    def references(self) -> tuple[str, ...]:
        """The ids of the usable references (blank images are left out)."""
        return tuple(logo_id for logo_id, _, _ in self._references)

    def emblem(self, image: Image.Image, key: str | None = None) -> EmblemMatch | None:
        """:func:`find_emblem`, cached under ``key`` and under the image's pixels."""
        if key is not None and key in self._emblems:
            return self._emblems[key]
        pixels = _pixels_key(image)
        if pixels is not None and pixels in self._emblems:
            match = self._emblems[pixels]
        else:
            match = _shared_emblem(image, pixels)
        for name in (key, pixels):
            if name is not None:
                self._emblems[name] = match
        return match

    def identify(self, image: Image.Image, key: str | None = None) -> str | None:
        """``"eu-emblem"``, the id of the closest reference logo, or None."""
        if key is not None and key in self._identified:
            return self._identified[key]
        pixels = _pixels_key(image)
        if pixels is not None and pixels in self._identified:
            result = self._identified[pixels]
        else:
            result = EMBLEM_ID if self.emblem(image, key) is not None else None
            if result is None and self._references:
                result = self._closest(image)
            if result is None and self._plain:
                result = self._same_plain(image)
        for name in (key, pixels):
            if name is not None:
                self._identified[name] = result
        return result

    def _same_plain(self, image: Image.Image) -> str | None:
        """The plain reference of the same colour and proportions as ``image``, if it is plain too.

        A one-colour logo placed by dladocs is recognised in the office files by
        its bytes; in the PDF LibreOffice re-encodes it, and its fingerprint is
        empty.  Its colour and proportions then decide, so that the verdict is
        the same with and without ``--pdf``.
        """
        mine = _plain_colour(image)
        if mine is None:
            return None
        best: tuple[float, str] | None = None
        for logo_id, theirs in self._plain:
            ratio = mine.aspect / theirs.aspect
            if not 1 / _ASPECT_SLACK <= ratio <= _ASPECT_SLACK:
                continue
            distance = max(abs(a - b) for a, b in zip(mine.colour, theirs.colour, strict=True))
            if distance <= _PLAIN_TOLERANCE and (best is None or distance < best[0]):
                best = (distance, logo_id)
        return None if best is None else best[1]

    def _closest(self, image: Image.Image) -> str | None:
        whole, trimmed = _hashes(image)
        # A picture without margin is its own trimmed version, and so is a
        # reference: compare content with content whichever had padding.
        best: tuple[int, str] | None = None
        for logo_id, ref_whole, ref_trimmed in self._references:
            pairs = (
                (whole, ref_whole),
                (trimmed or whole, ref_trimmed or ref_whole),
            )
            for mine, theirs in pairs:
                if mine is None or theirs is None:
                    continue
                ratio = mine.aspect / theirs.aspect
                if not 1 / _ASPECT_SLACK <= ratio <= _ASPECT_SLACK:
                    continue
                distance = hamming(mine.value, theirs.value)
                if distance <= _MAX_HAMMING and (best is None or distance < best[0]):
                    best = (distance, logo_id)
        return None if best is None else best[1]
