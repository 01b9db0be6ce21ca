"""Colours: CIELAB distances, and which version of the emblem (colour, blue, black) a ring's colours are."""

from __future__ import annotations

import math

import numpy as np

from dladocs.emblem import EU_BLUE, EU_YELLOW
from dladocs.recognition._ring import _Ring
from dladocs.recognition._types import RGB, FloatArray, Palette

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
