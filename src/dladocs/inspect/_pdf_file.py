"""What the pages of one PDF share: fonts, XObjects and parsed content streams, each read once.

:class:`PdfFile` caches per file; parsed content streams are cached across
files too, by the hash of their bytes.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pypdf.generic import ContentStream

from dladocs.inspect._pdf_fonts import FontInfo, font_info
from dladocs.inspect._pdf_matrix import Matrix
from dladocs.inspect._pdf_objects import as_dict, as_name, as_stream, get, key_of, numbers
from dladocs.inspect._pdf_parse import parse_operations
from dladocs.inspect._safety import Budget


@dataclass(frozen=True, slots=True)
class _XObject:
    """An image (``form`` None) or a form with its identity, matrix and resources."""

    stream: Any
    form: tuple[Any, Matrix | None, Any] | None


class PdfFile:
    """Per-file caches and facts shared by the pages."""

    def __init__(self, reader: Any, budget: Budget, max_depth: int, max_pixels: int) -> None:
        self.reader = reader
        self.budget = budget
        self.max_depth = max_depth
        self.max_pixels = max_pixels
        self.fonts: dict[Any, tuple[Any, FontInfo]] = {}
        self.font_list: dict[tuple[str, bool], None] = {}
        # The fonts the page being walked uses: kept with a surface another file may reuse.
        self.page_fonts: dict[tuple[str, bool], None] = {}
        self.operations: dict[Any, list[tuple[Any, bytes]]] = {}
        self.image_facts: dict[Any, tuple[str, tuple[int, int] | None]] = {}
        self.xobjects: dict[tuple[int, str], tuple[Any, _XObject | None]] = {}
        self.registered: dict[int, Any] = {}

    def font(self, resources: Any, name: str) -> FontInfo | None:
        font = get(get(resources, "/Font"), name)
        if as_dict(font) is None:
            return None
        key = key_of(font)
        cached = self.fonts.get(key)
        if cached is None:
            info = font_info(font, name)
            # The font object is kept so that a direct dictionary's id() is never reused.
            cached = (font, info)
            self.fonts[key] = cached
            self.font_list[(info.name, info.embedded)] = None
        self.page_fonts[(cached[1].name, cached[1].embedded)] = None
        return cached[1]

    def xobject(self, resources: Any, name: str) -> _XObject | None:
        """The XObject ``name`` of ``resources``, looked up once per resource dictionary."""
        key = (id(resources), name)
        hit = self.xobjects.get(key)
        if hit is None:
            stream = as_stream(get(get(resources, "/XObject"), name))
            subtype = as_name(get(stream, "/Subtype")) if stream is not None else None
            found: _XObject | None = None
            if stream is not None and subtype == "/Image":
                found = _XObject(stream, None)
            elif stream is not None and subtype == "/Form":
                values = numbers(get(stream, "/Matrix"), 6)
                matrix: Matrix | None = None
                if values is not None:
                    matrix = (values[0], values[1], values[2], values[3], values[4], values[5])
                form_resources = get(stream, "/Resources")
                if as_dict(form_resources) is None:
                    form_resources = None
                found = _XObject(stream, (key_of(stream), matrix, form_resources))
            # The resources object is kept so that its id() cannot be reused.
            hit = (resources, found)
            self.xobjects[key] = hit
        return hit[1]

    def register_fonts(self, resources: Any) -> None:
        """Record every font a resource dictionary offers (for the file's font list)."""
        key = id(resources)
        if key in self.registered:
            return
        self.registered[key] = resources
        fonts = as_dict(get(resources, "/Font"))
        if fonts is None:
            return
        for name in list(fonts.keys())[:1000]:
            self.font(resources, str(name))

    def parse(self, stream: Any) -> list[tuple[Any, bytes]]:
        key = key_of(stream)
        cached = self.operations.get(key)
        if cached is None:
            cached = _parsed(stream, self.reader)
            self.operations[key] = cached
        return cached


# Parsed content streams by the hash of their bytes, across files: a closing dossier
# repeats the pages of the PDFs it merges, and parsing is the costly part.
_PARSED: OrderedDict[bytes, list[tuple[Any, bytes]]] = OrderedDict()
_PARSED_MAX = 256


def page_operations(contents: Any) -> list[tuple[Any, bytes]]:
    """The operations of a page's content stream (as pypdf's ``page.get_contents()`` gives it)."""
    return _cached(contents.get_data(), lambda: list(contents.operations))


def _parsed(stream: Any, reader: Any) -> list[tuple[Any, bytes]]:
    get_data = getattr(stream, "get_data", None)
    if get_data is None:
        return list(ContentStream(stream, reader).operations)
    return _cached(get_data(), lambda: list(ContentStream(stream, reader).operations))


def _cached(
    data: bytes, by_pypdf: Callable[[], list[tuple[Any, bytes]]]
) -> list[tuple[Any, bytes]]:
    """The operations of ``data``, parsed by qpdf (``by_pypdf`` when qpdf declines), once
    per process for the same bytes: the regions of a build draw many identical streams."""
    digest = hashlib.sha256(data).digest()
    hit = _PARSED.get(digest)
    if hit is not None:
        _PARSED.move_to_end(digest)
        return hit
    operations = parse_operations(data)
    if operations is None:
        operations = by_pypdf()
    _PARSED[digest] = operations
    if len(_PARSED) > _PARSED_MAX:
        _PARSED.popitem(last=False)
    return operations
