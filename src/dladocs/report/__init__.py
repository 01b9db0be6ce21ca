"""The visual build report: ``index.html``, every page of every PDF as a marked thumbnail.

The page is self-contained (inline CSS and script, thumbnails as ``data:``
URIs), so it can be mailed or archived with the deliverables.  It groups the
build by region, then by document; each document lists its files with their
verdict, and each page of its PDF is drawn by a real PDF renderer (pdfium)
and marked « conforme » or « non conforme » with the failing rules.

Where a violation lands:

- a PDF's ``page`` N is page N of that PDF;
- a PPTX's ``slide`` N is page N of the same document's PDF (LibreOffice
  turns each slide into one page);
- DOCX ``header`` and ``body`` surfaces, whole-file findings, and anything
  whose page has no thumbnail are shown at the document level.

A document without a PDF (a build without ``--pdf``) is listed with its
checks and a note that thumbnails need ``--pdf``.  A few lines of script add
a « non-compliant pages only » filter; without script the page shows
everything and reads the same.

Thumbnails are cached by the PDF's SHA-256 in ``.dladocs-cache/vignettes``,
so that rebuilding the report after a partial build renders only what changed.

The package's modules: the model grouped from the manifest (``_model``), the
thumbnails (``dladocs._thumbnails``) and the HTML (``_html``, with its style and
script in the data files ``report.css`` and ``report.js``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dladocs import _output
from dladocs._thumbnails import CACHE, JPEG_QUALITY, THUMBNAIL_WIDTH, render_thumbnails
from dladocs.report._html import render
from dladocs.report._model import Document, FileEntry, Finding, Page, RegionEntry, collect

__all__ = [
    "CACHE",
    "INDEX",
    "JPEG_QUALITY",
    "THUMBNAIL_WIDTH",
    "Document",
    "FileEntry",
    "Finding",
    "Page",
    "RegionEntry",
    "collect",
    "render",
    "render_thumbnails",
    "write_index",
]

INDEX = "index.html"


def write_index(
    out: Path,
    manifest: Mapping[str, Any],
    *,
    regions: Mapping[str, str] | None = None,
    documents: Mapping[str, tuple[str, int]] | None = None,
) -> Path:
    """Write ``out/index.html`` from ``manifest`` (as in ``manifest.json``) and the PDFs in ``out``.

    ``regions`` maps region codes to names and ``documents`` document ids to
    (French title, annex order); by default both come from the installed plugins.
    """
    out = Path(out)
    if regions is None or documents is None:
        known_regions, known_documents = _titles_from_plugins()
        regions = known_regions if regions is None else regions
        documents = known_documents if documents is None else documents
    model = collect(out, manifest, regions, documents)
    target = out / INDEX
    _output.write_atomic(target, render(model, manifest).encode("utf-8"))
    return target


def _titles_from_plugins() -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    from dladocs.plugins import get_documents, get_plugin_manager, get_regions
    from dladocs.render.pdf import DOSSIER

    pm = get_plugin_manager()
    regions = {code: region.name for code, region in get_regions(pm).items()}
    documents = {doc_id: (doc.title, doc.annex_order) for doc_id, doc in get_documents(pm).items()}
    documents.setdefault(DOSSIER.id, (DOSSIER.title, DOSSIER.annex_order))
    return regions, documents
