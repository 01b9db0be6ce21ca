"""Geometry of the emblem: the ring of twelve stars on a canonical crop, and the stars' shape from rays."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from PIL import Image

from dladocs.recognition._regions import _masks, _Region
from dladocs.recognition._types import BoolArray, FloatArray, StarShape

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
