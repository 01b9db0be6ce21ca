"""Page fingerprints: what a page draws, hashed from qpdf's reading of the file.

A page's surface depends only on its content streams, its resources (fonts,
images, forms: their dictionaries and their stream bytes), its boxes and
rotation, and its annotations; what pdfium draws of it (a thumbnail) also on
its transparency group and user unit.  The fingerprint hashes exactly these,
so two pages with one fingerprint have the same surface and the same picture
(see :mod:`dladocs.inspect._pdf_reuse`, which keeps surfaces by fingerprint).

An annotation counts by its own keys (its normal appearance, rectangle,
flags, state), the keys it inherits from its form field and the field's ancestors,
and, for a form, the form's defaults (the default appearance and resources a
reader draws a field with).  Keys that only point elsewhere (the page, the
structure tree, the field's children, actions) are left out: they differ
from one copy of a page to the next, and the hash would never end.

Objects are hashed as a Merkle tree: a dictionary or array by the hashes of
what it holds, so the same page copied into another file (object numbers
renumbered) has the same fingerprint.  qpdf parses in C++: reading every
font and image dictionary of a deck through pypdf cost six times as much.
The fingerprints are trusted only when qpdf read the file without a warning
and counts the same pages as pypdf; otherwise no page has one (every page is
walked), since two readers that disagree on a damaged file could be shown two
different pages.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import ObjectType

_MAX_NODES = 20_000
_MAX_DEPTH = 32
_MAX_ANNOTATIONS = 5_000
# Keys of a dictionary that point back up or across (never part of what it draws).
_UPWARD = frozenset(("/Parent", "/P", "/StructParent", "/StructParents"))
# Keys of an annotation or form field that point elsewhere: the page (/P), the structure
# tree, the field tree (walked apart, up the /Parent chain), actions and other annotations.
_ANNOTATION_LINKS = _UPWARD | frozenset(
    ("/Kids", "/Popup", "/IRT", "/A", "/AA", "/PA", "/Dest", "/AP")
)
_CONTAINERS = (ObjectType.dictionary, ObjectType.stream, ObjectType.array)
_FAILURES = (pikepdf.PdfError, RuntimeError, ValueError, TypeError, KeyError, RecursionError)


class _TooBig(Exception):
    """The page's objects are too many or too deep to hash: the page is walked instead."""


class Fingerprints:
    """Fingerprints of the pages of one file, each object hashed once.

    Use as a context manager: the file stays open in qpdf until the block ends.
    """

    def __init__(self, path: Path, pages: int) -> None:
        self._pdf: pikepdf.Pdf | None = None
        self._pages: list[Any] = []
        self._memo: dict[tuple[int, int], bytes] = {}
        self._nodes = 0
        self._form: bytes | None = None
        try:
            pdf = pikepdf.open(path)
        except (*_FAILURES, OSError):
            return
        try:
            self._pages = [page.obj for page in pdf.pages]
        except _FAILURES:
            self._pages = []
        if len(self._pages) != pages or pdf.get_warnings():
            pdf.close()
            return
        self._pdf = pdf

    def __enter__(self) -> Fingerprints:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None

    def page(self, index: int, boxes: Any) -> bytes | None:
        """The fingerprint of page ``index`` (from 0) shown in ``boxes``, or None (walk it)."""
        pdf = self._pdf
        if pdf is None:
            return None
        try:
            page = self._pages[index]
            digest = hashlib.sha256(b"page\0")
            digest.update(repr(boxes).encode())
            digest.update(self._hash(page.get("/Contents"), 0))
            digest.update(self._hash(_inherited(page, "/Resources"), 0))
            # Not the surface's business, but a page drawn from them (a thumbnail) depends on them.
            digest.update(self._hash(page.get("/Group"), 0))
            digest.update(self._hash(page.get("/UserUnit"), 0))
            annotations = page.get("/Annots")
            if annotations is not None:
                digest.update(self._annotations(annotations))
        except (_TooBig, *_FAILURES):
            return None
        if pdf.get_warnings():  # qpdf repaired something on the way: trust none of it
            self._pdf = None
            pdf.close()
            return None
        return digest.digest()

    def _hash(self, value: Any, depth: int, skip: frozenset[str] = _UPWARD) -> bytes:
        """A dictionary's, stream's or array's digest (``H`` + 32 bytes), or a value's own bytes.

        Values (numbers, names, strings) are most of the nodes, a font's widths
        alone hundreds: they are given as their type and text, length-prefixed,
        to the digest of what holds them, rather than hashed one by one.
        """
        code = value._type_code if isinstance(value, pikepdf.Object) else None
        if code not in _CONTAINERS:
            return _value(value)
        key = value.objgen if value.is_indirect else None
        if key is not None and skip is _UPWARD:
            memo = self._memo.get(key)
            if memo is not None:
                return memo
        self._nodes += 1
        if self._nodes > _MAX_NODES or depth > _MAX_DEPTH:
            raise _TooBig
        if code == ObjectType.array:
            digest = hashlib.sha256(b"A")
            for item in value:
                digest.update(self._hash(item, depth + 1))
        else:
            digest = hashlib.sha256(b"S" if code == ObjectType.stream else b"D")
            for name in sorted(value.keys()):
                if name not in skip:
                    digest.update(_value(name))
                    digest.update(self._hash(value.get(name), depth + 1))
            if code == ObjectType.stream:
                digest.update(hashlib.sha256(value.read_raw_bytes()).digest())
        result = b"H" + digest.digest()
        if key is not None and skip is _UPWARD:
            self._memo[key] = result
        return result

    def _annotations(self, annotations: Any) -> bytes:
        if not isinstance(annotations, pikepdf.Array):
            return self._hash(annotations, 1)
        if len(annotations) > _MAX_ANNOTATIONS:
            raise _TooBig
        digest = hashlib.sha256(b"annotations\0")
        for annotation in annotations:
            # The annotation, then the field it belongs to and that field's ancestors.
            node: Any = annotation
            for depth in range(_MAX_DEPTH + 1):
                if depth == _MAX_DEPTH:
                    raise _TooBig
                digest.update(self._hash(node, 1, _ANNOTATION_LINKS))
                if depth == 0 and isinstance(node, pikepdf.Dictionary):
                    # Only the normal appearance is drawn (by the walk and on a thumbnail), not
                    # the ones a reader shows under the mouse: a form's widgets have three each.
                    digest.update(self._hash(_normal_appearance(node), 1))
                node = node.get("/Parent") if isinstance(node, pikepdf.Dictionary) else None
                if not isinstance(node, pikepdf.Dictionary):
                    break
                digest.update(b"^")
        digest.update(self._form_defaults())
        return digest.digest()

    def _form_defaults(self) -> bytes:
        if self._form is None:
            assert self._pdf is not None
            form = self._pdf.Root.get("/AcroForm")
            # Everything but the list of fields, which reaches every field of every page.
            skip = _UPWARD | frozenset(("/Fields",))
            self._form = self._hash(form, 1, skip) if form is not None else b"-"
        return self._form


def _normal_appearance(annotation: Any) -> Any:
    appearances = annotation.get("/AP")
    if isinstance(appearances, pikepdf.Dictionary):  # a stream is not one, for pikepdf
        return appearances.get("/N")
    return appearances  # not a dictionary of appearances: hashed as it is


def _inherited(page: Any, key: str) -> Any:
    """``page[key]``, or the nearest ancestor's in the page tree (resources are inheritable)."""
    node = page
    for _ in range(_MAX_DEPTH):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node.get(key)
        node = node.get("/Parent")
    raise _TooBig


def _value(value: Any) -> bytes:
    if isinstance(value, pikepdf.Object):
        text = value.unparse()
    elif isinstance(value, bool | int | Decimal | str) or value is None:
        text = f"{type(value).__name__}:{value}".encode("utf-8", "replace")
    else:
        text = repr(value).encode("utf-8", "replace")
    return b"V" + len(text).to_bytes(4, "big") + text
