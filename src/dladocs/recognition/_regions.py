"""Normalising an image and finding the solid rectangles (blue, dark, framed) that may be a flag."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from PIL import Image

from dladocs.recognition._types import BoolArray

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
