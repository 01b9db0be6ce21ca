"""The metadata, XMP packet and reproducible identity every PDF of a build is given.

A PDF is stamped with pikepdf (qpdf): LibreOffice's PDFs after conversion, the
closing dossier, the fillable grid.  qpdf rewrites a file in C++ in a few tens
of milliseconds where a pure-Python copy of every object takes ten times as
long; a national build stamps about a hundred PDFs.

Everything a clock or a random generator would change between two builds is
set here: the dates come from the document's properties (which honour
``SOURCE_DATE_EPOCH``), the trailer ``/ID`` and the XMP document id from a
hash of the file's content.  Two builds of the same project give
byte-identical PDFs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from dladocs.render._props import DocumentProperties

__all__ = ["Stamp", "pdfa_identification", "pdfua_part", "xmp_text"]

_PDFAID_PART = re.compile(r"pdfaid:part(?:>|=[\"'])\s*(\d)")
_PDFAID_CONFORMANCE = re.compile(r"pdfaid:conformance(?:>|=[\"'])\s*([A-Za-z])")
_PDFUAID_PART = re.compile(r"pdfuaid:part(?:>|=[\"'])\s*(\d)")
# The document id the XMP packet is first written with: distinctive, so that its bytes
# cannot be mistaken for anything else in the file (see Stamp.write).
_PLACEHOLDER = b"dladocs:id:\x00\xff\x5a\xa5\x01"
# What qpdf writes as both halves of the trailer /ID when asked for a static one.
_STATIC_ID = b"<31415926535897932384626433832795>"


def xmp_text(pdf: pikepdf.Pdf) -> str:
    """The file's XMP packet as text, or "" when it has none or it cannot be read."""
    metadata = pdf.Root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream):
        return ""
    try:
        return metadata.read_bytes().decode("utf-8", "replace")
    except pikepdf.PdfError:
        return ""


def pdfa_identification(text: str) -> tuple[str, str] | None:
    """The (part, conformance) an XMP packet claims, e.g. ("2", "B"), or None."""
    part = _PDFAID_PART.search(text)
    conformance = _PDFAID_CONFORMANCE.search(text)
    if part is None or conformance is None:
        return None
    return part.group(1), conformance.group(1).upper()


def pdfua_part(text: str) -> str | None:
    found = _PDFUAID_PART.search(text)
    return found.group(1) if found else None


@dataclass(frozen=True, slots=True)
class Stamp:
    """The information dictionary, XMP packet and identity one PDF is given."""

    properties: DocumentProperties
    creator: str
    producer: str
    pdfa: tuple[str, str] | None
    pdfua: str | None = None

    def write(self, pdf: pikepdf.Pdf, min_version: str = "") -> bytes:
        """Apply the stamp and serialise, with an ``/ID`` (and XMP document id) from the content.

        The file is written once with qpdf's static identifier and a placeholder
        document id; the digest of those bytes is the identifier, which then
        replaces both in place, at the same length, so that every offset stays
        right.  Should they not be found exactly where they are written (twice
        in the trailer, twice in the XMP packet), the file is written a second
        time, with the digest set before writing.
        """
        self._apply(pdf)
        # The trailer keeps only what a reader needs: qpdf would keep the first half of
        # LibreOffice's random /ID, and LibreOffice's /DocChecksum hashes its dated bytes.
        for key in list(pdf.trailer.keys()):
            if key not in ("/Root", "/Info", "/Size"):
                del pdf.trailer[key]
        self._set_xmp(pdf, _PLACEHOLDER)
        first = _save(pdf, min_version, static_id=True)
        digest = hashlib.sha256(first).digest()[:16]
        swaps = (
            (_STATIC_ID, b"<" + digest.hex().encode("ascii") + b">", 2),
            (_uuid(_PLACEHOLDER), _uuid(digest), 2),
        )
        if all(first.count(old) == count for old, _, count in swaps):
            for old, new, _ in swaps:
                first = first.replace(old, new)
            return first
        # Rare: the bytes were not where expected.  qpdf then derives the /ID from the
        # content itself: as reproducible, only without the XMP id matching it.
        self._set_xmp(pdf, digest)
        return _save(pdf, min_version, deterministic_id=True)

    def _apply(self, pdf: pikepdf.Pdf) -> None:
        props = self.properties
        info = pdf.make_indirect(
            Dictionary(
                Title=String(props.title),
                Author=String(props.author),
                Subject=String(props.subject),
                Keywords=String(props.keywords),
                Creator=String(self.creator),
                Producer=String(self.producer),
                CreationDate=String(_pdf_date(props.when)),
                ModDate=String(_pdf_date(props.when)),
            )
        )
        pdf.trailer.Info = info
        catalog = pdf.Root
        # The document's own language (its properties, from the template) is authoritative.
        if str(catalog.get("/Lang", "")) != props.language:
            catalog.Lang = String(props.language)
        preferences = catalog.get("/ViewerPreferences")
        if not isinstance(preferences, Dictionary):
            preferences = Dictionary()
            catalog.ViewerPreferences = preferences
        preferences.DisplayDocTitle = True
        intents = catalog.get("/OutputIntents")
        for intent in intents if isinstance(intents, Array) else ():
            profile = intent.get("/DestOutputProfile") if isinstance(intent, Dictionary) else None
            if isinstance(profile, pikepdf.Stream):
                _normalise_icc(profile, props.when)

    def _set_xmp(self, pdf: pikepdf.Pdf, document_id: bytes) -> None:
        # Uncompressed (qpdf leaves XMP streams as they are): PDF/A wants the packet
        # readable without decoding, and the placeholder must be found in the bytes.
        pdf.Root.Metadata = pdf.make_stream(
            self._xmp(uuid.UUID(bytes=document_id)), Type=Name.Metadata, Subtype=Name.XML
        )

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


def _save(
    pdf: pikepdf.Pdf, min_version: str, *, static_id: bool = False, deterministic_id: bool = False
) -> bytes:
    buffer = io.BytesIO()
    # fix_metadata_version would parse and rewrite the XMP packet just written.
    pdf.save(
        buffer,
        static_id=static_id,
        deterministic_id=deterministic_id,
        fix_metadata_version=False,
        min_version=min_version,
    )
    return buffer.getvalue()


def _uuid(identifier: bytes) -> bytes:
    return f"uuid:{uuid.UUID(bytes=identifier)}".encode("ascii")


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


def _normalise_icc(stream: pikepdf.Stream, when: dt.datetime) -> None:
    """Replace the creation time LittleCMS writes into the output intent's ICC profile."""
    try:
        data = stream.read_bytes()
    except pikepdf.PdfError:  # a filter qpdf cannot decode: leave the profile as it is
        return
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
    stream.write(bytes(profile))  # compressed again when the file is saved
