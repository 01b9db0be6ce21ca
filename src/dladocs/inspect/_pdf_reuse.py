"""Pages already inspected, recognised by what they draw, so that a copy is not walked again.

A closing dossier repeats, page for page, the PDFs it merges; those PDFs were
inspected moments before; and the regions of a national build share most of
their pages.  Two pages with one fingerprint (see
:mod:`dladocs.inspect._pdf_fingerprint`) draw the same thing and have the
same surface, so the second one is not walked.  The walk's
by-products that belong to the file (the fonts it lists) are kept with the
surface and given back to the file that reuses it.  The surface's pictures
load their pixels from the file first inspected: it is reused only while that
file is still there, unchanged (a build moves its files out of staging; a
later build in the same process then walks its pages afresh).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dladocs.types import Box, Surface

Render = Callable[[Box | None, int], Any]

# Renderings of parts of pages (the rules look at a band, a logo, a flag) by the page's
# fingerprint: a dossier's copy of a page shows the same pixels as the page itself.
_RENDERINGS_MAX = 1024
_RENDERING_MAX_PIXELS = 400_000  # crops only: a whole page rendering is not kept
_CACHE_MAX = 512


@dataclass(frozen=True, slots=True)
class _Entry:
    surface: Surface
    fonts: tuple[tuple[str, bool], ...]
    source: Path
    stamp: tuple[int, int] | None


_SURFACES: OrderedDict[bytes, _Entry] = OrderedDict()
# Each inspected file's page fingerprints, by path, with the file's stamp at the time.
_FILES: OrderedDict[Path, tuple[tuple[int, int] | None, tuple[bytes | None, ...]]] = OrderedDict()
_FILES_MAX = 256
_RENDERINGS: OrderedDict[tuple[bytes, tuple[float, float, float, float], int], Any] = OrderedDict()


def reuse(
    fingerprint: bytes | None, number: int
) -> tuple[Surface, tuple[tuple[str, bool], ...]] | None:
    """A copy of the surface inspected for ``fingerprint``, numbered ``number``, and its fonts."""
    if fingerprint is None:
        return None
    entry = _SURFACES.get(fingerprint)
    if entry is None or _stamp(entry.source) != entry.stamp or entry.stamp is None:
        return None
    _SURFACES.move_to_end(fingerprint)
    source = entry.surface
    surface = replace(
        source,
        index=number,
        pictures=list(source.pictures),
        texts=list(source.texts),
        notes=[note.replace(f"page {source.index} ", f"page {number} ") for note in source.notes],
        covers=list(source.covers),
        rules=list(source.rules),
    )
    return surface, entry.fonts


def remember(
    fingerprint: bytes | None,
    surface: Surface,
    fonts: tuple[tuple[str, bool], ...],
    source: Path,
) -> None:
    """Keep ``surface`` of ``source`` (with the fonts its walk listed) for pages drawing the same."""
    if fingerprint is None:
        return
    _SURFACES[fingerprint] = _Entry(surface, fonts, source, _stamp(source))
    if len(_SURFACES) > _CACHE_MAX:
        _SURFACES.popitem(last=False)


def record_pages(source: Path, fingerprints: tuple[bytes | None, ...]) -> None:
    """Keep the fingerprints of every page of ``source``, just inspected."""
    _FILES[source] = (_stamp(source), fingerprints)
    _FILES.move_to_end(source)
    if len(_FILES) > _FILES_MAX:
        _FILES.popitem(last=False)


def page_fingerprints(source: Path) -> tuple[bytes | None, ...] | None:
    """The fingerprints of the pages of ``source`` if it was inspected in this process, unchanged since.

    None for a page that has none (annotations, resources too large to hash).
    """
    entry = _FILES.get(source)
    if entry is None or entry[0] is None or entry[0] != _stamp(source):
        return None
    return entry[1]


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def shared_renderings(fingerprint: bytes | None, render: Render) -> Render:
    """``render``, with what it draws of a part of the page shared by pages of one fingerprint.

    Pages of one fingerprint draw the same (see the module's docstring), so
    the same part of them, at the same height, is the same picture: the
    rules' look at a dossier's page costs no second rendering.  Each caller
    gets its own copy, free to change it.
    """
    if fingerprint is None:
        return render

    def shared(box: Box | None, height_px: int) -> Any:
        if box is None:
            return render(box, height_px)
        key = (fingerprint, (box.x, box.y, box.width, box.height), height_px)
        if key in _RENDERINGS:
            _RENDERINGS.move_to_end(key)
            kept = _RENDERINGS[key]
            return kept.copy() if kept is not None else None
        image = render(box, height_px)
        if image is None or image.width * image.height <= _RENDERING_MAX_PIXELS:
            _RENDERINGS[key] = image.copy() if image is not None else None
            if len(_RENDERINGS) > _RENDERINGS_MAX:
                _RENDERINGS.popitem(last=False)
        return image

    return shared
