"""PDF deliverables: LibreOffice conversion, pypdf post-processing, the closing dossier.

:func:`convert` turns a build's office files into PDFs in one LibreOffice
session (see :mod:`dladocs._soffice`).  :func:`finish` then rewrites each PDF
in place: title, author, subject and keywords from the document properties,
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
tags (structure tree) of the parts are merged under one element per document.
The dossier claims PDF/A-2b only when every part does.  The fillable grid,
drawn by reportlab, is tagged but not PDF/A: under ``--pdfa`` the dossier takes
the printable grid instead, converted by LibreOffice like the other parts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from dladocs import _output, _soffice
from dladocs._facts import DOSSIER_FILENAME
from dladocs._soffice import LibreOfficeMissing
from dladocs.errors import DladocsError
from dladocs.render._props import DocumentProperties
from dladocs.types import Artifact, ContextRequest, DocumentType, Region

__all__ = [
    "DOSSIER",
    "REPORT",
    "LibreOfficeMissing",
    "PdfIdentity",
    "convert",
    "dossier",
    "finish",
    "identity",
    "stamp",
]

REPORT = "rapport"
"""The document the closing dossier opens with; without its PDF there is no dossier."""

REPORT_LABEL = "R-"
ANNEX_LABEL = "A{number}-"


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
        reader = PdfReader(pdf)
        writer = PdfWriter(clone_from=reader, keep_initial_header=True)
    except Exception as exc:  # pypdf's errors on a damaged file are many and unrelated
        raise DladocsError(
            f"le PDF « {pdf.name} » produit par LibreOffice est illisible ({exc}) : "
            "relancez la construction.",
            path=pdf,
        ) from exc
    info: Mapping[str, Any] = reader.metadata or {}
    creator = str(info.get("/Creator") or "dladocs")
    producer = str(info.get("/Producer") or "")
    stamp = _Stamp(
        properties,
        creator=creator,
        producer=_producer(producer),
        pdfa=_pdfa_identification(reader),
        pdfua=_pdfua_part(reader),
    )
    _output.write_atomic(pdf, stamp.write(writer))


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
    part, conformance = _pdfa_identification(reader) or ("", "")
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


# --------------------------------------------------------------------------- the closing dossier


@dataclass(frozen=True, slots=True)
class _Part:
    document: DocumentType
    path: Path
    bookmark: str
    label: str


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
    parts = _parts(staging, region, artifacts, documents, archival or {})
    if not parts or parts[0].document.id != REPORT:
        return None
    writer = PdfWriter()
    readers: list[PdfReader] = []
    merged = _StructureMerger(writer)
    identifications = []
    for part in parts:
        try:
            reader = PdfReader(part.path)
        except Exception as exc:
            raise DladocsError(
                f"le PDF « {part.path.name} » est illisible ({exc}) : "
                "le dossier de clôture ne peut pas être assemblé.",
                path=part.path,
            ) from exc
        if not reader.pages:
            continue  # nothing to read, bookmark or label
        start = len(writer.pages)
        writer.append(reader, outline_item=part.bookmark, import_outline=True)
        count = len(writer.pages) - start
        writer.set_page_label(
            start, start + count - 1, style=PageLabelStyle.DECIMAL, prefix=part.label, start=1
        )
        merged.add(reader, part, start, count)
        identifications.append(_pdfa_identification(reader))
        readers.append(reader)
    merged.finish()
    # Open on the bookmarks: a funder reads the dossier document by document.
    writer.page_mode = "/UseOutlines"
    pdfa = identifications[0] if len(set(identifications)) == 1 else None
    if pdfa is not None:
        intents = readers[0].root_object.get("/OutputIntents")
        if intents is not None:
            writer.root_object[NameObject("/OutputIntents")] = intents.clone(writer)
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    properties = DocumentProperties.for_document(DOSSIER, project, region)
    from dladocs._version import __version__

    stamp = _Stamp(
        properties, creator="dladocs", producer=f"dladocs {__version__} (pypdf)", pdfa=pdfa
    )
    target = staging / region.slug / f"{DOSSIER.filename}.pdf"
    _output.write_atomic(target, stamp.write(writer))
    return target


def _parts(
    staging: Path,
    region: Region,
    artifacts: Sequence[Artifact],
    documents: Mapping[str, DocumentType],
    archival: Mapping[str, Path],
) -> list[_Part]:
    found: dict[str, Path] = {}
    for artifact in artifacts:
        if (
            artifact.format != "pdf"
            or artifact.region != region.code
            or artifact.document == DOSSIER.id
        ):
            continue
        if artifact.document not in documents or not documents[artifact.document].annex:
            continue
        path = artifact.path if artifact.path.is_absolute() else staging / artifact.path
        found.setdefault(artifact.document, archival.get(artifact.document, path))
    if REPORT not in found:
        return []
    report = documents[REPORT]
    parts = [_Part(report, found[REPORT], report.title, REPORT_LABEL)]
    annexes = sorted(
        (documents[d] for d in found if d != REPORT), key=lambda d: (d.annex_order, d.id)
    )
    for number, annex in enumerate(annexes, start=1):
        parts.append(
            _Part(
                annex,
                found[annex.id],
                f"Annexe {number} — {annex.title}",
                ANNEX_LABEL.format(number=number),
            )
        )
    return parts


class _StructureMerger:
    """Merge the parts' structure trees (tags) under one ``/Part`` element per document.

    pypdf copies pages and annotations but neither the structure tree nor the
    pages' ``/StructParents``: this puts them back, shifting each part's
    parent-tree keys past the previous parts' ones.
    """

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_ref = writer._add_object(self.root)
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/P"): self.root_ref,
                NameObject("/K"): ArrayObject(),
            }
        )
        self.document_ref = writer._add_object(self.document)
        self.numbers: list[tuple[int, PdfObject]] = []
        self.role_map = DictionaryObject()
        self.class_map = DictionaryObject()
        self.offset = 0
        self.all_tagged = True

    def add(self, reader: PdfReader, part: _Part, start: int, count: int) -> None:  # noqa: C901  - pages, bookmarks, fields and tags of one part appended together
        source = reader.root_object.get("/StructTreeRoot")
        mark = reader.root_object.get("/MarkInfo")
        if not isinstance(mark, DictionaryObject) or not _true(mark.get("/Marked")):
            self.all_tagged = False
        if source is None:
            self.all_tagged = False
            return
        tree = cast(DictionaryObject, source.get_object())
        element = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Part"),
                NameObject("/T"): TextStringObject(part.bookmark),
                NameObject("/P"): self.document_ref,
            }
        )
        element_ref = self.writer._add_object(element)
        kids = ArrayObject()
        for kid in _as_list(tree.get("/K")):
            # Skip the kid's /P (the part's old root); its descendants keep theirs.
            cloned = kid.clone(self.writer, False, [1, "/P"])
            target = cloned.get_object()
            if isinstance(target, DictionaryObject):
                target[NameObject("/P")] = element_ref
            kids.append(
                cloned.indirect_reference if cloned.indirect_reference is not None else cloned
            )
        element[NameObject("/K")] = kids
        cast(ArrayObject, self.document["/K"]).append(element_ref)
        entries = _number_tree(tree.get("/ParentTree"))
        for key, value in entries:
            self.numbers.append((key + self.offset, value.clone(self.writer)))
        for page_number in range(count):
            original = reader.pages[page_number]
            page = self.writer.pages[start + page_number]
            if "/StructParents" in original:
                page[NameObject("/StructParents")] = NumberObject(
                    _int(original["/StructParents"]) + self.offset
                )
            for annotation in _as_list(page.get("/Annots")):
                target = annotation.get_object()
                if isinstance(target, DictionaryObject) and "/StructParent" in target:
                    target[NameObject("/StructParent")] = NumberObject(
                        _int(target["/StructParent"]) + self.offset
                    )
        for source_map, merged in (
            (tree.get("/RoleMap"), self.role_map),
            (tree.get("/ClassMap"), self.class_map),
        ):
            if source_map is not None:
                for key, value in cast(DictionaryObject, source_map.get_object()).items():
                    if key not in merged:
                        merged[NameObject(key)] = value.clone(self.writer)
        next_key = tree.get("/ParentTreeNextKey")
        used = max((key for key, _ in entries), default=-1) + 1
        self.offset += max(int(next_key) if next_key is not None else 0, used)

    def finish(self) -> None:
        root = self.root
        root[NameObject("/K")] = self.document_ref
        nums = ArrayObject()
        for key, value in sorted(self.numbers, key=lambda entry: entry[0]):
            nums.append(NumberObject(key))
            nums.append(value)
        root[NameObject("/ParentTree")] = self.writer._add_object(
            DictionaryObject({NameObject("/Nums"): nums})
        )
        root[NameObject("/ParentTreeNextKey")] = NumberObject(self.offset)
        if self.role_map:
            root[NameObject("/RoleMap")] = self.role_map
        if self.class_map:
            root[NameObject("/ClassMap")] = self.class_map
        catalog = self.writer.root_object
        catalog[NameObject("/StructTreeRoot")] = self.root_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(self.all_tagged)}
        )


def _int(value: Any) -> int:
    return int(value)


def _true(value: PdfObject | None) -> bool:
    # BooleanObject(False) is truthy: compare its value.
    return isinstance(value, BooleanObject) and bool(value.value)


def _as_list(value: PdfObject | None) -> list[Any]:
    if value is None:
        return []
    resolved = value.get_object()
    if isinstance(resolved, ArrayObject):
        return list(resolved)
    return [value]


def _number_tree(node: PdfObject | None, depth: int = 0) -> list[tuple[int, PdfObject]]:
    """The (key, value) pairs of a number tree, leaves and intermediate nodes alike."""
    if node is None or depth > 32:
        return []
    tree = node.get_object()
    if not isinstance(tree, DictionaryObject):
        return []
    entries: list[tuple[int, PdfObject]] = []
    nums = tree.get("/Nums")
    if nums is not None:
        items = list(cast(ArrayObject, nums.get_object()))
        for index in range(0, len(items) - 1, 2):
            entries.append((int(items[index]), items[index + 1]))
    for kid in _as_list(tree.get("/Kids")):
        entries += _number_tree(kid, depth + 1)
    return entries


# --------------------------------------------------------------------------- metadata, determinism


_PDFAID_PART = re.compile(r"pdfaid:part(?:>|=[\"'])\s*(\d)")
_PDFAID_CONFORMANCE = re.compile(r"pdfaid:conformance(?:>|=[\"'])\s*([A-Za-z])")
_PDFUAID_PART = re.compile(r"pdfuaid:part(?:>|=[\"'])\s*(\d)")
# The identifier a file is first written with (see _Stamp.write): distinctive, so that
# its bytes cannot be mistaken for anything else in the file.
_PLACEHOLDER = b"dladocs:id:\x00\xff\x5a\xa5\x01"


def _hex(identifier: bytes) -> bytes:
    """How pypdf writes a byte string in the trailer: ``<hex>``."""
    return b"<" + identifier.hex().encode("ascii") + b">"


def _uuid(identifier: bytes) -> bytes:
    return f"uuid:{uuid.UUID(bytes=identifier)}".encode("ascii")


def stamp(
    writer: PdfWriter,
    properties: DocumentProperties,
    *,
    creator: str,
    producer: str,
    pdfa: tuple[str, str] | None = None,
) -> bytes:
    """``writer``'s bytes with these properties, their XMP packet and a content-derived /ID."""
    return _Stamp(properties, creator=creator, producer=producer, pdfa=pdfa).write(writer)


def _pdfa_identification(reader: PdfReader) -> tuple[str, str] | None:
    """The (part, conformance) the file's XMP claims, e.g. ("2", "B"), or None."""
    text = _xmp_text(reader)
    part = _PDFAID_PART.search(text)
    conformance = _PDFAID_CONFORMANCE.search(text)
    if part is None or conformance is None:
        return None
    return part.group(1), conformance.group(1).upper()


def _pdfua_part(reader: PdfReader) -> str | None:
    found = _PDFUAID_PART.search(_xmp_text(reader))
    return found.group(1) if found else None


def _xmp_text(reader: PdfReader) -> str:
    metadata = reader.root_object.get("/Metadata")
    if metadata is None:
        return ""
    stream = metadata.get_object()
    if not isinstance(stream, StreamObject):
        return ""
    try:
        return stream.get_data().decode("utf-8", "replace")
    except Exception:
        return ""


def _producer(libreoffice: str) -> str:
    from dladocs._version import __version__

    base = libreoffice or "LibreOffice"
    return f"{base} ; dladocs {__version__} (pypdf)"


@dataclass(frozen=True, slots=True)
class _Stamp:
    """The information dictionary, XMP packet and identity one PDF is given."""

    properties: DocumentProperties
    creator: str
    producer: str
    pdfa: tuple[str, str] | None
    pdfua: str | None = None

    def write(self, writer: PdfWriter) -> bytes:
        """Apply the stamp and serialise, with an ``/ID`` (and XMP document id) from the content.

        The file is written once with a placeholder identifier, whose digest is the
        identifier; it then replaces the placeholder in place, at the same length, so
        that every offset stays right.  Should the placeholder not be found exactly
        where it is written (twice in the trailer, twice in the XMP packet), the file
        is written a second time instead.
        """
        self._apply(writer)
        first = self._serialise(writer, _PLACEHOLDER)
        digest = hashlib.sha256(first).digest()[:16]
        swaps = (
            (_hex(_PLACEHOLDER), _hex(digest), 2),
            (_uuid(_PLACEHOLDER), _uuid(digest), 2),
        )
        if all(first.count(old) == count for old, _, count in swaps):
            for old, new, _ in swaps:
                first = first.replace(old, new)
            return first
        return self._serialise(writer, digest)

    def _apply(self, writer: PdfWriter) -> None:
        props = self.properties
        writer.metadata = {
            "/Title": props.title,
            "/Author": props.author,
            "/Subject": props.subject,
            "/Keywords": props.keywords,
            "/Creator": self.creator,
            "/Producer": self.producer,
            "/CreationDate": _pdf_date(props.when),
            "/ModDate": _pdf_date(props.when),
        }
        catalog = writer.root_object
        # The document's own language (its properties, from the template) is authoritative.
        if str(catalog.get("/Lang", "")) != props.language:
            catalog[NameObject("/Lang")] = TextStringObject(props.language)
        preferences = catalog.get("/ViewerPreferences")
        if preferences is None or not isinstance(preferences.get_object(), DictionaryObject):
            catalog[NameObject("/ViewerPreferences")] = DictionaryObject()
        cast(DictionaryObject, catalog["/ViewerPreferences"].get_object())[
            NameObject("/DisplayDocTitle")
        ] = BooleanObject(True)
        for intent in _as_list(catalog.get("/OutputIntents")):
            target = intent.get_object()
            if isinstance(target, DictionaryObject) and "/DestOutputProfile" in target:
                _normalise_icc(
                    cast(StreamObject, target["/DestOutputProfile"].get_object()), props.when
                )

    def _serialise(self, writer: PdfWriter, identifier: bytes) -> bytes:
        # pypdf has no public setter for the trailer /ID (else LibreOffice's random one stays).
        writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)])
        self._set_xmp(writer, uuid.UUID(bytes=identifier))
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    def _set_xmp(self, writer: PdfWriter, document_id: uuid.UUID) -> None:
        catalog = writer.root_object
        existing = catalog.get("/Metadata")
        if existing is not None and "/Filter" in cast(DictionaryObject, existing.get_object()):
            del catalog["/Metadata"]  # PDF/A wants the packet readable without decoding
        writer.xmp_metadata = self._xmp(document_id)
        stream = cast(DictionaryObject, catalog["/Metadata"].get_object())
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")

    def _xmp(self, document_id: uuid.UUID) -> bytes:
        props = self.properties
        when = _xmp_date(props.when)
        sections = []
        if self.pdfa is not None:
            part, conformance = self.pdfa
            sections.append(
                _description(
                    "pdfaid",
                    "http://www.aiim.org/pdfa/ns/id/",
                    f"<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>{conformance}</pdfaid:conformance>",
                )
            )
        if self.pdfua is not None:
            sections.append(
                _description(
                    "pdfuaid",
                    "http://www.aiim.org/pdfua/ns/id/",
                    f"<pdfuaid:part>{self.pdfua}</pdfuaid:part>",
                )
            )
        sections += [
            _description(
                "dc",
                "http://purl.org/dc/elements/1.1/",
                "<dc:format>application/pdf</dc:format>"
                f"<dc:title>{_alt(props.title)}</dc:title>"
                f"<dc:creator><rdf:Seq><rdf:li>{escape(props.author)}</rdf:li></rdf:Seq></dc:creator>"
                f"<dc:description>{_alt(props.subject)}</dc:description>"
                f"<dc:language><rdf:Bag><rdf:li>{escape(props.language)}</rdf:li></rdf:Bag></dc:language>",
            ),
            _description(
                "pdf",
                "http://ns.adobe.com/pdf/1.3/",
                f"<pdf:Producer>{escape(self.producer)}</pdf:Producer>"
                f"<pdf:Keywords>{escape(props.keywords)}</pdf:Keywords>",
            ),
            _description(
                "xmp",
                "http://ns.adobe.com/xap/1.0/",
                f"<xmp:CreatorTool>{escape(self.creator)}</xmp:CreatorTool>"
                f"<xmp:CreateDate>{when}</xmp:CreateDate>"
                f"<xmp:ModifyDate>{when}</xmp:ModifyDate>"
                f"<xmp:MetadataDate>{when}</xmp:MetadataDate>",
            ),
            _description(
                "xmpMM",
                "http://ns.adobe.com/xap/1.0/mm/",
                f"<xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>"
                f"<xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>",
            ),
        ]
        packet = (
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            + "".join(sections)
            + " </rdf:RDF>\n</x:xmpmeta>\n"
            # Room for a tool that edits the packet in place, as the XMP specification suggests.
            + (" " * 99 + "\n") * 20
            + '<?xpacket end="w"?>'
        )
        return packet.encode("utf-8")


def _alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'


def _description(prefix: str, namespace: str, body: str) -> str:
    return (
        f'  <rdf:Description rdf:about="" xmlns:{prefix}="{namespace}">{body}</rdf:Description>\n'
    )


def _pdf_date(when: dt.datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp_date(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _normalise_icc(stream: StreamObject, when: dt.datetime) -> None:
    """Replace the creation time LittleCMS writes into the output intent's ICC profile."""
    data = stream.get_data()
    if len(data) < 128 or data[36:40] != b"acsp":
        return
    stamp = b"".join(
        value.to_bytes(2, "big")
        for value in (when.year, when.month, when.day, when.hour, when.minute, when.second)
    )
    if data[24:36] == stamp:
        return
    profile = bytearray(data)
    profile[24:36] = stamp
    if any(profile[84:100]):
        # The profile id is the MD5 of the profile with its flags, intent and id zeroed.
        scratch = bytearray(profile)
        scratch[44:48] = bytes(4)
        scratch[64:68] = bytes(4)
        scratch[84:100] = bytes(16)
        profile[84:100] = hashlib.md5(bytes(scratch), usedforsecurity=False).digest()
    try:
        stream.set_data(bytes(profile))
    except Exception:  # a filter pypdf cannot re-encode: leave the profile as it is
        return
