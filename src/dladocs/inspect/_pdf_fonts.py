"""PDF fonts: display name, style, embedding, text decoding and glyph widths."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pypdf.errors import PdfReadError

from dladocs.inspect._pdf_objects import as_array, as_dict, as_name, as_number, get, resolve

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_BOLD = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold", re.IGNORECASE)
_ITALIC = re.compile(
    r"italic|oblique|kursiv|(?:[-,](?:bold|semibold|light|medium)?it$)", re.IGNORECASE
)
FLAG_ITALIC = 64
_DECODED_MAX = 20_000  # distinct strings kept per font: a hostile file cannot fill memory
FLAG_FORCE_BOLD = 262_144


def display_name(raw: str | None) -> str:
    name = (raw or "").lstrip("/")
    return _SUBSET.sub("", name)


@dataclass(slots=True)
class FontInfo:
    """What text extraction needs to know about one font resource."""

    name: str
    bold: bool = False
    italic: bool = False
    embedded: bool = False
    two_byte: bool = False
    encoding: str | dict[int, str] = "latin-1"
    unicode_map: dict[Any, Any] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    default_width: float = 500.0
    width_scale: float = 1.0
    # Decoded strings: a document shows the same words again and again, each one a string
    # of glyph codes (LibreOffice writes one per run of text), decoded once per font.
    _decoded: dict[bytes, tuple[str, float, int]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def decode(self, data: bytes) -> tuple[str, float, int]:
        """Text, advance in thousandths of the font size, and single-byte spaces (for Tw)."""
        found = self._decoded.get(data)
        if found is None:
            found = self._decode(data)
            if len(self._decoded) < _DECODED_MAX:
                self._decoded[bytes(data)] = found
        return found

    def _decode(self, data: bytes) -> tuple[str, float, int]:
        if self.two_byte:
            codes = [
                (data[i] << 8) | (data[i + 1] if i + 1 < len(data) else 0)
                for i in range(0, len(data), 2)
            ]
            spaces = 0
        else:
            codes = list(data)
            spaces = data.count(32)
        width = sum(self.widths.get(code, self.default_width) for code in codes) * self.width_scale
        return self._text(data), width, spaces

    def _text(self, data: bytes) -> str:
        encoding = self.encoding
        if isinstance(encoding, str):
            try:
                chars = data.decode(encoding, "surrogatepass")
            except (UnicodeDecodeError, LookupError):
                chars = data.decode("latin-1")
        else:
            chars = "".join(encoding.get(byte, chr(byte)) for byte in data)
        mapping = self.unicode_map
        text = "".join(str(mapping.get(char, char)) for char in chars) if mapping else chars
        if text.isprintable():  # the usual case, answered at C speed (no surrogate either)
            return text
        # Lone surrogates and control characters are not text a reader sees.
        return "".join(
            char
            for char in text
            if char in "\t\n" or (char.isprintable() and not 0xD800 <= ord(char) <= 0xDFFF)
        )


def _descriptor(font: Any) -> Any:
    descriptor = get(font, "/FontDescriptor")
    if descriptor is None:
        descendants = as_array(get(font, "/DescendantFonts"))
        if descendants:
            descriptor = get(descendants[0], "/FontDescriptor")
    return as_dict(descriptor)


def _simple_widths(font: Any, info: FontInfo) -> None:
    first = as_number(get(font, "/FirstChar"))
    widths = as_array(get(font, "/Widths"))
    if first is not None and widths is not None:
        for offset, value in enumerate(widths[:256]):
            number = as_number(value)
            if number is not None:
                info.widths[int(first) + offset] = number
    missing = as_number(get(_descriptor(font), "/MissingWidth"))
    if missing:
        info.default_width = missing
    elif not info.widths:
        _core_widths(info)


def _core_widths(info: FontInfo) -> None:
    """Standard-14 fonts need no /Widths; take pypdf's metrics when it ships them."""
    try:
        from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS
    except ImportError:  # older pypdf: keep the average width
        return
    metrics = CORE_FONT_METRICS.get(info.name)
    if metrics is None or not isinstance(info.encoding, dict):
        return
    for code, char in info.encoding.items():
        width = metrics.character_widths.get(char)
        if isinstance(width, int | float):
            info.widths[code] = float(width)


def _cid_widths(font: Any, info: FontInfo) -> None:
    descendants = as_array(get(font, "/DescendantFonts"))
    if not descendants:
        return
    child = as_dict(descendants[0])
    default = as_number(get(child, "/DW"))
    info.default_width = default if default is not None else 1000.0
    array = as_array(get(child, "/W"))
    if array is None:
        return
    items = [resolve(item) for item in array[:20_000]]
    i = 0
    while i < len(items) and len(info.widths) < 70_000:
        start = as_number(items[i])
        if start is None:
            break
        following = as_array(items[i + 1]) if i + 1 < len(items) else None
        if following is not None:
            for offset, value in enumerate(following[:70_000]):
                number = as_number(value)
                if number is not None:
                    info.widths[int(start) + offset] = number
            i += 2
            continue
        end = as_number(items[i + 1]) if i + 1 < len(items) else None
        width = as_number(items[i + 2]) if i + 2 < len(items) else None
        if end is None or width is None:
            break
        for code in range(int(start), min(int(end), int(start) + 70_000) + 1):
            info.widths[code] = width
        i += 3


def font_info(font: Any, resource_name: str) -> FontInfo:
    """Read a font dictionary (anything malformed falls back to neutral values)."""
    subtype = as_name(get(font, "/Subtype")) or ""
    raw_name = as_name(get(font, "/BaseFont")) or as_name(get(font, "/Name")) or resource_name
    info = FontInfo(name=display_name(raw_name) or display_name(resource_name))
    descriptor = _descriptor(font)
    flags = int(as_number(get(descriptor, "/Flags")) or 0)
    weight = as_number(get(descriptor, "/FontWeight")) or 0.0
    angle = as_number(get(descriptor, "/ItalicAngle")) or 0.0
    info.bold = bool(_BOLD.search(info.name)) or bool(flags & FLAG_FORCE_BOLD) or weight >= 600
    info.italic = bool(_ITALIC.search(info.name)) or bool(flags & FLAG_ITALIC) or abs(angle) >= 5
    info.embedded = subtype == "/Type3" or any(
        get(descriptor, key) is not None for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )
    info.two_byte = subtype == "/Type0"
    mapping = as_dict(font)
    if mapping is not None:
        try:
            from pypdf._cmap import get_encoding

            encoding, unicode_map = get_encoding(mapping)
            info.encoding = encoding
            info.unicode_map = {k: v for k, v in unicode_map.items() if k != -1}
        except (
            PdfReadError,
            ValueError,
            KeyError,
            TypeError,
            IndexError,
            AttributeError,
            LookupError,
        ):
            # pypdf cannot read this font's encoding: keep Latin-1, text may be garbled.
            info.encoding = "latin-1"
    if info.two_byte:
        _cid_widths(font, info)
    else:
        _simple_widths(font, info)
    if subtype == "/Type3":
        matrix = as_array(get(font, "/FontMatrix"))
        scale = as_number(matrix[0]) if matrix else None
        if scale:
            info.width_scale = abs(scale) * 1000
    return info
