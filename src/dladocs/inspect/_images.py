"""Image facts without decoding: fingerprint, pixel size from the header, lazy loading."""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

Loader = Callable[[], "Image.Image | None"]

# Formats PIL cannot turn into pixels faithfully (vector or metafile); ``load`` gives None.
_VECTOR_MAGIC = (b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_vector(data: bytes) -> bool:
    """EMF, WMF or SVG: drawn by the office suite, not decodable to pixels here."""
    head = data[:512].lstrip()
    if data[:4] in _VECTOR_MAGIC or data[40:44] == b" EMF":
        return True
    return head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096]


def pixel_size(data: bytes) -> tuple[int, int] | None:
    """Width and height in pixels, read from the header only (no decoding)."""
    if is_vector(data):
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return (int(width), int(height))


def decode(data: bytes, max_pixels: int) -> Image.Image | None:
    """Decode ``data`` into a PIL image, or None (vector, too large, or undecodable)."""
    if is_vector(data):
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > max_pixels:
                return None
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return image


def bytes_loader(read: Callable[[], bytes | None], max_pixels: int) -> Loader:
    """A ``Picture.load`` that fetches the bytes only when called."""

    def load() -> Image.Image | None:
        data = read()
        return None if data is None else decode(data, max_pixels)

    return load
