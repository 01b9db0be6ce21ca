"""Matching the EU emblem: :func:`find_emblem` and the :class:`EmblemMatch` it returns."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from dladocs.recognition._colours import _classify
from dladocs.recognition._regions import _MIN_SIDE, _WORK_PIXELS, _flatten, _regions, _working
from dladocs.recognition._ring import (
    _CANON_H,
    _CANON_W,
    _MAX_CLUTTER,
    _SHAPE_HEIGHT,
    _edge_band,
    _read_ring,
    _Ring,
    _star_shape,
)
from dladocs.recognition._types import RGB, FloatArray, Palette, StarShape

EMBLEM_ID = "eu-emblem"


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
