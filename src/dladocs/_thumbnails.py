"""Page thumbnails: every page of a PDF as a small JPEG ``data:`` URI, cached by the PDF's hash.

index.html shows them; a build makes them in its workers, region by region, as
soon as a region's PDFs are verified (:func:`warm`), so that drawing some 2,500
pages of a national build is spread over every core instead of following the
build in one process.  The closing dossier's pages are its parts' pages: their
thumbnails are taken from the parts', not drawn again.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dladocs import _output

THUMBNAIL_WIDTH = 160
JPEG_QUALITY = 70
CACHE = "vignettes"
_CACHE_VERSION = 1

PageKeys = Sequence[bytes | None]
"""One key a page: pages of one key draw the same picture (the inspection's page fingerprints)."""

# Pages drawn in this process, by key and width: the regions of a national build share most
# pages of their deck, each drawn once per worker instead of once per region.
_DRAWN: OrderedDict[tuple[bytes, int], dict[str, Any]] = OrderedDict()
_DRAWN_MAX = 2048  # about 5 KB each


def render_thumbnails(
    pdf: Path, width: int = THUMBNAIL_WIDTH, keys: PageKeys | None = None
) -> list[dict[str, Any]]:
    """Every page of ``pdf`` as a small JPEG ``data:`` URI, with its size and page label.

    ``keys``, one per page, say which pages draw what a page drawn before drew:
    those take its thumbnail rather than being drawn again.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        count = len(document)
        if keys is None or len(keys) != count:
            keys = [None] * count
        if any(key is None or (key, width) not in _DRAWN for key in keys):
            document.init_forms()  # draw form fields too: the evaluation grid is a form
        thumbnails = []
        for index, key in enumerate(keys):
            drawn = _DRAWN.get((key, width)) if key is not None else None
            if drawn is None:
                drawn = _draw(document, index, width)
                if key is not None:
                    _DRAWN[(key, width)] = drawn
                    if len(_DRAWN) > _DRAWN_MAX:
                        _DRAWN.popitem(last=False)
            elif key is not None:
                _DRAWN.move_to_end((key, width))
            thumbnails.append({**drawn, "label": document.get_page_label(index) or ""})
        return thumbnails
    finally:
        document.close()


def _draw(document: Any, index: int, width: int) -> dict[str, Any]:
    page = document[index]
    try:
        scale = width / max(page.get_width(), 1.0)
        image = page.render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
    finally:
        page.close()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return {
        "data": "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"),
        "width": image.width,
        "height": image.height,
    }


class ThumbnailCache:
    """Thumbnails by PDF hash, kept in the output folder's cache between builds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def _path(self, digest: str) -> Path:
        return self.folder / f"{digest}.json"

    def get(self, digest: str) -> list[dict[str, Any]] | None:
        self.used.add(digest)
        try:
            data = json.loads(self._path(digest).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("version") != _CACHE_VERSION or data.get("width") != THUMBNAIL_WIDTH:
            return None
        pages = data.get("pages")
        return pages if isinstance(pages, list) else None

    def put(self, digest: str, pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.used.add(digest)
        payload = {"version": _CACHE_VERSION, "width": THUMBNAIL_WIDTH, "pages": pages}
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            _output.write_atomic(self._path(digest), json.dumps(payload).encode("utf-8"))
        return pages

    def prune(self) -> None:
        if not self.folder.is_dir():
            return
        for entry in self.folder.glob("*.json"):
            if entry.stem not in self.used:
                entry.unlink(missing_ok=True)


def warm(
    folder: Path,
    pdfs: Sequence[tuple[Path, str]],
    dossier: Dossier | None = None,
    copies: Sequence[PageCopy] = (),
    keys: Mapping[Path, PageKeys] | None = None,
) -> None:
    """Put the thumbnails of ``pdfs`` ((path, sha256) pairs) in the cache at ``folder``.

    ``dossier`` is the closing dossier with the PDFs it is made of, in order: its
    thumbnails are its parts' (with the dossier's page labels) when the page
    counts agree, else drawn like any PDF's.  ``copies`` are one-page PDFs proved
    to be a page of one of ``pdfs``: their thumbnail is that page's.  ``keys``
    are the page keys of some of ``pdfs`` (see :func:`render_thumbnails`).  A PDF
    pdfium cannot draw is left out: the report tries again and says why.
    """
    cache = ThumbnailCache(folder)
    keys = keys or {}
    for path, digest in pdfs:
        _cached(cache, path, digest, keys.get(path))
    sources: dict[str, list[dict[str, Any]] | None] = {}
    for copy in copies:
        if copy.source not in sources:  # read once: thousands of certificates share one source
            sources[copy.source] = cache.get(copy.source)
        drawn = sources[copy.source]
        if drawn is not None and 0 < copy.page <= len(drawn) and cache.get(copy.sha256) is None:
            cache.put(copy.sha256, [{**drawn[copy.page - 1], "label": ""}])
    if dossier is None or cache.get(dossier.sha256) is not None:
        return
    pages: list[dict[str, Any]] = []
    for part in dossier.parts:
        pages += _cached(cache, part, _output.sha256(part)) or []
    labels = _labels(dossier.path)
    if labels is None or len(labels) != len(pages):
        _cached(cache, dossier.path, dossier.sha256)
        return
    relabelled = [{**page, "label": label} for page, label in zip(pages, labels, strict=True)]
    cache.put(dossier.sha256, relabelled)


def _cached(
    cache: ThumbnailCache, pdf: Path, digest: str, keys: PageKeys | None = None
) -> list[dict[str, Any]] | None:
    found = cache.get(digest)
    if found is not None:
        return found
    try:
        return cache.put(digest, render_thumbnails(pdf, keys=keys))
    except Exception:  # pdfium refuses the file: the report draws it again and says why
        return None


@dataclass(frozen=True, slots=True)
class PageCopy:
    """A one-page PDF (its sha256) proved to be page ``page`` of the PDF hashed ``source``."""

    sha256: str
    source: str
    page: int


@dataclass(frozen=True, slots=True)
class Dossier:
    """A closing dossier and the PDFs it is made of, in their order."""

    path: Path
    sha256: str
    parts: tuple[Path, ...]


def _labels(pdf: Path) -> list[str] | None:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError:
        return None
    try:
        return [document.get_page_label(index) or "" for index in range(len(document))]
    finally:
        document.close()
