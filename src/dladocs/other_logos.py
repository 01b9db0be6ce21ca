"""Other logos on a page, found without being named (E14-13 / E21-11).

The emblem must be at least as large as the largest *other logo* on the same
page (Art. 4(5) Reg. 821/2014; Annex IX point 1.7 Reg. 2021/1060).  Logos
given with ``--logo`` are recognised by their pictures; every other picture is
judged by where it stands and what it looks like.  The heuristic:

* a picture counts as a logo when it stands **in the emblem's band** (both in
  the top or bottom fifth of the page), **row** (their heights overlap by half
  the smaller one) or **column** (their widths overlap by half the smaller one,
  at most one emblem height apart); without positions (DOCX inline pictures),
  when it sits in the emblem's paragraph or table row;
* or when it is **small relative to the page** (at most 5 % of its area);
* and in every case only when it is **not a photograph or illustration**: a
  picture larger than 15 % of the page, a full-page background, a picture
  whose name or alternative text declares it a photo or an illustration, and a
  picture whose pixels look like a photograph (many colours, no flat areas:
  more than 40 colour bins needed for 90 % of a 48×48 thumbnail) never count.

So a photograph larger than the emblem raises no alarm, and a partner's logo
beside the flag does, named or not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dladocs.types import Box, Picture, Surface

__all__ = ["is_photograph", "unnamed_logos"]

_BAND = 0.2  # top or bottom fifth of the page
_SMALL = 0.05  # share of the page area
_LARGE = 0.15  # beyond this share, a picture is an illustration, wherever it stands
_THUMB = 48
_PHOTO_BINS = 40
_DECLARED = re.compile(
    r"photo|illustration|portrait|capture d|image d'ambiance|diagramme|graphique"
)


def is_photograph(image: Any) -> bool:
    """Whether a picture's pixels look like a photograph rather than a flat logo."""
    import numpy as np

    thumb = image.convert("RGB").resize((_THUMB, _THUMB))
    pixels = np.asarray(thumb, dtype=np.int32).reshape(-1, 3)
    chroma = np.abs(pixels - pixels.mean(axis=1, keepdims=True)).mean()
    if chroma < 8:  # grey picture: finer grey levels
        keys = pixels.mean(axis=1).astype(np.int32) >> 2
    else:
        quantised = pixels >> 4
        keys = (quantised[:, 0] << 8) | (quantised[:, 1] << 4) | quantised[:, 2]
    counts = np.sort(np.unique(keys, return_counts=True)[1])[::-1]
    needed = int(np.searchsorted(np.cumsum(counts), 0.9 * len(keys))) + 1
    return needed > _PHOTO_BINS


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _beside(flag: Box, box: Box, surface: Surface) -> bool:
    """Same band, row or column as the emblem's flag."""
    row = _overlap(flag.y, flag.bottom, box.y, box.bottom) >= 0.5 * min(flag.height, box.height)
    column = (
        _overlap(flag.x, flag.right, box.x, box.right) >= 0.5 * min(flag.width, box.width)
        and flag.gap(box) <= flag.height
    )
    band = False
    if surface.height:
        top, bottom = _BAND * surface.height, (1 - _BAND) * surface.height
        band = (flag.bottom <= top and box.bottom <= top) or (flag.y >= bottom and box.y >= bottom)
    return row or column or band


def unnamed_logos(
    surface: Surface,
    emblem: Picture,
    flag: Box | None,
    known: set[int],
    memo: dict[Any, Any],
) -> list[Picture]:
    """The pictures of ``surface`` that are other logos by the heuristic above.

    ``known``: ids of pictures already recognised (the emblem, logos given with --logo);
    ``memo``: per-check cache of the photograph test, by image hash.
    """
    page = (surface.width or 0.0) * (surface.height or 0.0)
    anchor = flag or emblem.box
    logos = []
    for picture in surface.pictures:
        if id(picture) in known or picture is emblem or picture.origin in ("background", "shapes"):
            continue
        if picture.name.startswith("dladocs:"):
            continue  # charts and QR codes dladocs placed (its logos carry tags)
        if _DECLARED.search(f"{picture.name} {picture.description}".lower()):
            continue
        area = picture.width * picture.height
        if page and area > _LARGE * page:
            continue
        if anchor is not None and picture.box is not None:
            placed = _beside(anchor, picture.box, surface)
        else:
            placed = bool(picture.group) and picture.group == emblem.group
        small = bool(page) and area <= _SMALL * page
        if not (placed or small) or _photograph(picture, memo):
            continue
        logos.append(picture)
    return logos


def _photograph(picture: Picture, memo: dict[Any, Any]) -> bool:
    key = ("photograph", picture.sha256 or id(picture))
    if key not in memo:
        load: Callable[[], Any] | None = picture.load
        image = load() if load is not None else None
        # A picture that cannot be decoded is not judged a logo: no false alarm.
        memo[key] = True if image is None else is_photograph(image)
    return bool(memo[key])
