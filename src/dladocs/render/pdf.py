"""PDF deliverables: LibreOffice conversion, pypdf post-processing, the closing dossier.

:func:`convert` turns a build's office files into PDFs in one LibreOffice
session (see :mod:`dladocs._soffice`).  :func:`finish` then rewrites each PDF
in place with pikepdf (:mod:`dladocs.render._pdf_stamp`): title, author, subject and keywords from the document properties,
the catalog's ``/Lang``, an XMP packet consistent with them (and with the
PDF/A identification when LibreOffice wrote one), and everything a clock or a
random generator would otherwise change between two builds: the dates come
from :func:`dladocs._facts.document_date` (which honours
``SOURCE_DATE_EPOCH``), the trailer ``/ID`` and the XMP document id from a
hash of the file's content.  Two builds of the same project give
byte-identical PDFs.

:func:`dossier` assembles the closing dossier for the funder: the final
report first, then its annexes in :attr:`~dladocs.types.DocumentType.annex_order`
(webinar deck, fiche pratique, the fillable evaluation grid, which stays
fillable).  The evaluation results are section 5 of the report, so they come
with it.  The dossier has one bookmark per document (« Rapport final »,
« Annexe 1 — Support de webinaire »...), under which each document's own
bookmarks are kept, and page labels that say where a reader is: « R-1 »,
« R-2 »... in the report, « A1-1 », « A1-2 »... in annex 1, and so on; the
tags (structure tree) of the parts are merged under one element per document
(:mod:`dladocs.render._dossier`).
The dossier claims PDF/A-2b only when every part does.  The fillable grid,
drawn by reportlab, is tagged but not PDF/A: under ``--pdfa`` the dossier takes
the printable grid instead, converted by LibreOffice like the other parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, PdfObject

from dladocs import _output, _soffice
from dladocs._facts import DOSSIER_FILENAME
from dladocs._soffice import LibreOfficeMissing
from dladocs.errors import DladocsError
from dladocs.render import _dossier
from dladocs.render._dossier import REPORT
from dladocs.render._pdf_stamp import Stamp, pdfa_identification, pdfua_part, xmp_text
from dladocs.render._props import DocumentProperties
from dladocs.types import Artifact, ContextRequest, DocumentType, Region

__all__ = [
    "DOSSIER",
    "REPORT",
    "LibreOfficeMissing",
    "PdfIdentity",
    "convert",
    "dossier",
    "dossier_sources",
    "finish",
    "identity",
    "stamp",
]


def _no_context(request: ContextRequest) -> dict[str, Any]:
    raise DladocsError(
        "le dossier de clôture n'est pas un modèle à remplir : dladocs l'assemble à partir des PDF "
        "du rapport et de ses annexes (dladocs build --pdf)."
    )


DOSSIER = DocumentType(
    id="dossier",
    title="Dossier de clôture",
    filename=DOSSIER_FILENAME,
    formats=("pdf",),
    context=_no_context,
    communication=True,
    pdf=False,
    description="Le rapport final et ses annexes réunis en un seul PDF pour le financeur, "
    "avec un signet par document.",
    annex_order=1000,
)
"""The closing dossier; as a communication piece, its cover (the report's) shows Avise and DLA."""


def convert(files: list[Path], *, pdfa: bool) -> list[Path]:
    """Convert every DOCX and PPTX of ``files`` to a PDF beside it, in one LibreOffice session.

    Raises :class:`LibreOfficeMissing` when LibreOffice is not installed and
    :class:`~dladocs.errors.DladocsError` naming the file when a PDF is not made.
    """
    return _soffice.convert(files, pdfa=pdfa)


def finish(pdf: Path, *, project: Any, document: DocumentType, region: Region) -> None:
    """Post-process one converted PDF in place: metadata, language, XMP, reproducible bytes."""
    properties = DocumentProperties.for_document(document, project, region)
    try:
        with pikepdf.open(pdf) as opened:
            info = opened.trailer.get("/Info")
            creator = _info(info, "/Creator") or "dladocs"
            text = xmp_text(opened)
            stamp = Stamp(
                properties,
                creator=creator,
                producer=_producer(_info(info, "/Producer")),
                pdfa=pdfa_identification(text),
                pdfua=pdfua_part(text),
            )
            data = stamp.write(opened)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise DladocsError(
            f"le PDF « {pdf.name} » produit par LibreOffice est illisible ({exc}) : "
            "relancez la construction.",
            path=pdf,
        ) from exc
    _output.write_atomic(pdf, data)


def stamp(
    writer: PdfWriter,
    properties: DocumentProperties,
    *,
    creator: str,
    producer: str,
    pdfa: tuple[str, str] | None = None,
) -> bytes:
    """``writer``'s bytes with these properties, their XMP packet and a content-derived /ID.

    For a plugin that writes its PDF with pypdf; dladocs' own PDFs are stamped with
    pikepdf directly (:class:`~dladocs.render._pdf_stamp.Stamp`).
    """
    import io

    buffer = io.BytesIO()
    writer.write(buffer)
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as opened:
        return Stamp(properties, creator=creator, producer=producer, pdfa=pdfa).write(opened)


@dataclass(frozen=True, slots=True)
class PdfIdentity:
    """What a PDF says about itself, as a test or a report reads it back."""

    title: str
    author: str
    subject: str
    keywords: str
    language: str
    tagged: bool
    pdfa: str  # "2B", or "" when the file does not claim PDF/A
    page_labels: tuple[str, ...]
    outline: tuple[str, ...]  # the top-level bookmarks


def identity(pdf: Path) -> PdfIdentity:
    """Read back the metadata, language, tags, PDF/A claim, labels and bookmarks of ``pdf``."""
    reader = PdfReader(pdf)
    info: Mapping[str, Any] = reader.metadata or {}
    root = reader.root_object
    mark = root.get("/MarkInfo")
    tagged = (
        "/StructTreeRoot" in root
        and isinstance(mark, DictionaryObject)
        and _true(mark.get("/Marked"))
    )
    with pikepdf.open(pdf) as opened:  # the XMP packet, read as the stamp reads it
        part, conformance = pdfa_identification(xmp_text(opened)) or ("", "")
    return PdfIdentity(
        title=str(info.get("/Title", "")),
        author=str(info.get("/Author", "")),
        subject=str(info.get("/Subject", "")),
        keywords=str(info.get("/Keywords", "")),
        language=str(root.get("/Lang", "")),
        tagged=tagged,
        pdfa=f"{part}{conformance}",
        page_labels=tuple(reader.page_labels),
        outline=tuple(str(item.title) for item in reader.outline if not isinstance(item, list)),
    )


def dossier(
    staging: Path,
    region: Region,
    project: Any,
    artifacts: list[Artifact],
    documents: Mapping[str, DocumentType],
    archival: Mapping[str, Path] | None = None,
) -> Path | None:
    """Merge the report and its annexes into ``<slug>/dossier-cloture.pdf`` under ``staging``.

    ``archival`` maps a document to the PDF that stands for it in the dossier instead of
    its own (for PDF/A: the printable grid, converted by LibreOffice, in place of the
    fillable one).  Returns the dossier's path, or ``None`` when the report has no PDF.
    """
    chosen = _dossier.parts(staging, region, artifacts, documents, archival or {}, DOSSIER.id)
    if not chosen:
        return None
    from dladocs._version import __version__

    properties = DocumentProperties.for_document(DOSSIER, project, region)

    def stamp_for(pdfa: tuple[str, str] | None) -> Stamp:
        # The dossier claims PDF/A only when every part does (the same part and level).
        return Stamp(
            properties, creator="dladocs", producer=f"dladocs {__version__} (pikepdf)", pdfa=pdfa
        )

    data = _dossier.assemble(chosen, stamp_for)
    target = staging / region.slug / f"{DOSSIER.filename}.pdf"
    _output.write_atomic(target, data)
    return target


def dossier_sources(
    staging: Path,
    region: Region,
    artifacts: list[Artifact],
    documents: Mapping[str, DocumentType],
    archival: Mapping[str, Path] | None = None,
) -> tuple[Path, ...]:
    """The PDFs :func:`dossier` puts together, in the dossier's order (none without a report)."""
    chosen = _dossier.parts(staging, region, artifacts, documents, archival or {}, DOSSIER.id)
    return tuple(part.path for part in chosen)


def _info(info: Any, key: str) -> str:
    value = info.get(key) if isinstance(info, pikepdf.Dictionary) else None
    return str(value) if value is not None else ""


def _producer(libreoffice: str) -> str:
    from dladocs._version import __version__

    base = libreoffice or "LibreOffice"
    return f"{base} ; dladocs {__version__} (pikepdf)"


def _true(value: PdfObject | None) -> bool:
    # BooleanObject(False) is truthy: compare its value.
    return isinstance(value, BooleanObject) and bool(value.value)
