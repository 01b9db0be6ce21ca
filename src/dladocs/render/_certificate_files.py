"""One PDF per person, cut from the PDF of all certificates without drawing anything again.

Each file is assembled from the objects its page uses (fonts, the emblem, the
verified template), each serialised once and renumbered per file, then read
back by :func:`verify_copy`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dladocs.render.certificates import Certificate


def write_each(
    folder: Path, combined: Path, certificates: Sequence[Certificate]
) -> dict[Path, str]:
    """One PDF per person in ``folder``, cut from the PDF :func:`write_all` wrote; returns
    each file with the SHA-256 of the bytes written, for :func:`verify_copy`.

    Each file is assembled from the objects its page uses, each serialised once
    (fonts, the emblem, the template) and renumbered per file: thousands of files
    in a second or two, where rewriting every object with pypdf takes minutes.
    """
    from pypdf import PdfReader

    reader = PdfReader(combined)
    folder.mkdir(parents=True, exist_ok=True)
    cache: dict[int, tuple[bytes, bytes | None]] = {}
    info = _info(reader)
    written = {}
    for page, certificate in zip(reader.pages, certificates, strict=True):
        target = folder / certificate.file
        data = _single(reader, page, cache, info, certificate.name)
        target.write_bytes(data)
        written[target] = hashlib.sha256(data).hexdigest()
    return written


_REF = re.compile(rb"(\d+) 0 R")


def _serialise(obj: Any) -> tuple[bytes, bytes | None]:
    import io

    from pypdf.generic import DictionaryObject, StreamObject

    buffer = io.BytesIO()
    if isinstance(obj, StreamObject):
        data = obj._data  # as stored: still compressed, written back as it came
        DictionaryObject({k: v for k, v in obj.items() if k != "/Length"}).write_to_stream(buffer)
        head = buffer.getvalue().rstrip()
        return head[:-2].rstrip() + b" /Length %d >>" % len(data), data
    obj.write_to_stream(buffer)
    return buffer.getvalue(), None


def _closure(reader: Any, page: Any) -> list[int]:
    """The objects a page needs, by their number in ``reader``, the page's parent left out."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: list[int] = []

    def walk(value: Any, skip_parent: bool = False) -> None:
        if isinstance(value, IndirectObject):
            if value.idnum in seen:
                return
            seen.append(value.idnum)
            walk(value.get_object())
        elif isinstance(value, DictionaryObject):
            for key, item in value.items():
                if not (skip_parent and key == "/Parent"):
                    walk(item)
        elif isinstance(value, ArrayObject):
            for item in value:
                walk(item)

    seen.append(page.indirect_reference.idnum)
    walk(page, skip_parent=True)
    return seen


def _info(reader: Any) -> bytes:
    metadata = reader.metadata or {}
    parts = [b"<< "]
    for key in ("/Author", "/Subject", "/Keywords", "/Creator", "/CreationDate", "/ModDate"):
        if key in metadata:
            parts.append(key.encode() + b" " + _pdf_string(str(metadata[key])) + b" ")
    return b"".join(parts)


def _pdf_string(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _single(
    reader: Any, page: Any, cache: dict[int, tuple[bytes, bytes | None]], info: bytes, name: str
) -> bytes:
    ids = _closure(reader, page)
    numbers = {old: new for new, old in enumerate(ids, start=3)}  # 1 catalog, 2 pages

    def renumber(data: bytes) -> bytes:
        return _REF.sub(lambda m: b"%d 0 R" % numbers[int(m.group(1))], data)

    chunks = [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"]
    offsets = []

    def add(number: int, body: bytes) -> None:
        offsets.append(sum(len(c) for c in chunks))
        chunks.append(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    add(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    add(2, b"<< /Type /Pages /Count 1 /Kids [ 3 0 R ] >>")
    for old in ids:
        if old not in cache:
            obj = reader.get_object(old)
            if old == ids[0]:
                obj = {k: v for k, v in obj.items() if k != "/Parent"}
                from pypdf.generic import DictionaryObject

                obj = DictionaryObject(obj)
            cache[old] = _serialise(obj)
        head, data = cache[old]
        head = renumber(head)
        if old == ids[0]:
            head = head[:-2].rstrip() + b" /Parent 2 0 R >>"
            del cache[old]  # one page, one file
        body = head if data is None else head + b"\nstream\n" + data + b"\nendstream"
        add(numbers[old], body)
    title = _pdf_string(f"Attestation de participation — {name}")
    add(len(ids) + 3, info + b"/Title " + title + b" >>")
    start = sum(len(c) for c in chunks)
    count = len(ids) + 4
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % count]
    xref += [b"%010d 00000 n \n" % offset for offset in offsets]
    trailer = b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        count,
        count - 1,
        start,
    )
    return b"".join(chunks + xref + [trailer])


def verify_copy(path: Path, expected: str) -> list[str]:
    """A person's file, read back: its cross-reference table points at each of its objects,
    and its bytes are those assembled from the verified page (``expected``: their SHA-256)."""
    data = path.read_bytes()
    match = re.search(rb"startxref\n(\d+)\n%%EOF\n$", data)
    if match is None:
        return ["fichier tronqué (pas de table des objets)"]
    problems = []
    table = data[int(match.group(1)) :]
    offsets = [int(o) for o in re.findall(rb"^(\d{10}) 00000 n $", table, re.M)]
    for number, offset in enumerate(offsets, start=1):
        if not data.startswith(b"%d 0 obj\n" % number, offset):
            problems.append(f"objet {number} introuvable à sa place")
    if hashlib.sha256(data).hexdigest() != expected:
        problems.append("contenu différent de la page vérifiée")
    return problems
