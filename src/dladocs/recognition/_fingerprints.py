"""Perceptual fingerprints (pHash) of reference logos, and the colour of plain single-colour ones."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image

from dladocs.recognition._regions import _flatten
from dladocs.recognition._types import FloatArray

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
