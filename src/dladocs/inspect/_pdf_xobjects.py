"""Images and forms in a PDF content stream: ``Do`` and inline images.

:class:`XObjectDrawing` is the part of the page walker
(:class:`dladocs.inspect._pdf_content.PageWalker`) that places an image
XObject or an inline image as a picture, with its drawn box, and walks into a
form XObject (its matrix and resources) with cycle detection and a depth limit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from pypdf.generic import ArrayObject, EncodedStreamObject, NameObject

from dladocs.inspect._images import sha256
from dladocs.inspect._pdf_file import PdfFile
from dladocs.inspect._pdf_images import decode_plain
from dladocs.inspect._pdf_matrix import Matrix, apply, mult
from dladocs.inspect._pdf_objects import as_name, as_number, get, key_of, quiet
from dladocs.inspect._pdf_state import GraphicsState, PageContent
from dladocs.types import Box, Picture

# Drawing a form costs more than one operator: state copy, resources, parsing lookup.
_FORM_COST = 20

# A picture's pixels, decoded only when a check asks for them.
Loader = Callable[[], Any]

# Inline images abbreviate their keys and names: expanded, the image decodes as an XObject does.
_INLINE_KEYS = {
    "/W": "/Width",
    "/H": "/Height",
    "/BPC": "/BitsPerComponent",
    "/CS": "/ColorSpace",
    "/D": "/Decode",
    "/DP": "/DecodeParms",
    "/F": "/Filter",
    "/I": "/Interpolate",
    "/IM": "/ImageMask",
}
_INLINE_VALUES = {
    "/G": "/DeviceGray",
    "/RGB": "/DeviceRGB",
    "/CMYK": "/DeviceCMYK",
    "/I": "/Indexed",
    "/AHx": "/ASCIIHexDecode",
    "/A85": "/ASCII85Decode",
    "/LZW": "/LZWDecode",
    "/Fl": "/FlateDecode",
    "/RL": "/RunLengthDecode",
    "/CCF": "/CCITTFaxDecode",
    "/DCT": "/DCTDecode",
}


class XObjectDrawing:
    """Draws images and forms into the walker's page content (the walker sets these attributes)."""

    pdf: PdfFile
    content: PageContent
    group: str
    page_rotation: int
    image_loader: Callable[[Any], Loader]
    inline_count: int

    if TYPE_CHECKING:  # defined by the walker that mixes this class in (``PageWalker``)

        def _to_page(self, m: Matrix) -> Matrix:
            """User space → points from the top-left corner of the page as displayed."""

        def walk(
            self,
            operations: list[tuple[Any, bytes]],
            resources: Any,
            state: GraphicsState,
            origin: str,
            stack: tuple[Any, ...],
            *,
            group: str | None = None,
        ) -> None:
            """Walk a content stream (a form's) into the page content."""

    def _unit_box(self, m: Matrix) -> tuple[float, float, float, float]:
        full = self._to_page(m)
        xs, ys = [], []
        for x, y in ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)):
            px, py = apply(full, x, y)
            xs.append(px)
            ys.append(py)
        return min(xs), min(ys), max(xs), max(ys)

    def _do(
        self, name: str, resources: Any, state: GraphicsState, origin: str, stack: tuple[Any, ...]
    ) -> None:
        pdf = self.pdf
        xobject = pdf.xobject(resources, name)
        if xobject is None:
            return
        if xobject.form is None:
            self._image(xobject.stream, name.lstrip("/"), state, origin)
            return
        key, matrix, form_resources = xobject.form
        if key in stack:
            self.content.notes.append(
                f"le formulaire graphique « {name.lstrip('/')} » se dessine lui-même (boucle)"
                "\u00a0: la boucle a été ignorée"
            )
            return
        if len(stack) >= pdf.max_depth:
            self.content.notes.append(
                f"formulaires graphiques imbriqués sur plus de {pdf.max_depth} niveaux\u00a0: "
                "les niveaux suivants ont été ignorés"
            )
            return
        pdf.budget.spend(_FORM_COST)
        operations = pdf.parse(xobject.stream)
        inner = replace(state)
        if matrix is not None:
            inner.ctm = mult(matrix, state.ctm)
        self.walk(
            operations,
            form_resources if form_resources is not None else resources,
            inner,
            "form-xobject" if origin == "page" else origin,
            (*stack, key),
            # A form drawn by the page groups everything it draws, however deep.
            group=f"form:{name.lstrip('/')}" if origin == "page" else None,
        )

    def _picture(
        self,
        m: Matrix,
        *,
        name: str,
        origin: str,
        digest: str,
        pixels: tuple[int, int] | None,
        load: Loader | None,
    ) -> None:
        x0, y0, x1, y1 = self._unit_box(m)
        width = math.hypot(m[0], m[1])
        height = math.hypot(m[2], m[3])
        determinant = m[0] * m[3] - m[1] * m[2]
        angle = -math.degrees(math.atan2(m[1], m[0])) + self.page_rotation
        self.content.pictures.append(
            Picture(
                width=width,
                height=height,
                box=Box(x0, y0, x1 - x0, y1 - y0),
                name=name,
                origin=origin,
                group=self.group,
                sha256=digest,
                pixel_size=pixels,
                rotation=round(angle % 360, 3) % 360,
                flipped=determinant < 0,
                load=load,
            )
        )

    def _image(self, stream: Any, name: str, state: GraphicsState, origin: str) -> None:
        key = key_of(stream)
        facts = self.pdf.image_facts.get(key)
        if facts is None:
            raw = getattr(stream, "_data", b"") or b""
            w = as_number(get(stream, "/Width"))
            h = as_number(get(stream, "/Height"))
            pixels = (int(w), int(h)) if w and h else None
            facts = (sha256(bytes(raw)), pixels)
            self.pdf.image_facts[key] = facts
        self._picture(
            state.ctm,
            name=name,
            origin=origin,
            digest=facts[0],
            pixels=facts[1],
            load=self.image_loader(stream),
        )

    def _inline_image(
        self, operands: Any, resources: Any, state: GraphicsState, origin: str
    ) -> None:
        if not isinstance(operands, dict):
            return
        settings = operands.get("settings")
        data = operands.get("data")
        if not isinstance(settings, dict) or not isinstance(data, bytes):
            return
        self.inline_count += 1
        init: dict[Any, Any] = {
            "__streamdata__": data,
            "/Length": len(data),
            NameObject("/Subtype"): NameObject("/Image"),
        }
        for raw_key, value in settings.items():
            key = _INLINE_KEYS.get(str(raw_key), str(raw_key))
            if key == "/Length":
                continue
            init[NameObject(key)] = _inline_value(value, resources)
        w = as_number(init.get("/Width"))
        h = as_number(init.get("/Height"))
        pixels = (int(w), int(h)) if w and h else None
        max_pixels = self.pdf.max_pixels

        def load() -> Any:
            if pixels is None or pixels[0] * pixels[1] > max_pixels:
                return None
            stream = EncodedStreamObject.initialize_from_dictionary(init)
            return decode_image(stream)

        self._picture(
            state.ctm,
            name=f"inline-image-{self.inline_count}",
            origin=origin,
            digest=sha256(data),
            pixels=pixels,
            load=load,
        )


def _inline_value(value: Any, resources: Any) -> Any:
    if isinstance(value, ArrayObject | list):
        return ArrayObject(_inline_value(item, resources) for item in value)
    name = as_name(value)
    if name is None:
        return value
    if name in _INLINE_VALUES:
        return NameObject(_INLINE_VALUES[name])
    named = get(get(resources, "/ColorSpace"), name)
    return named if named is not None else value


def decode_image(stream: Any) -> Any:
    """Decode an image stream into a PIL image (pypdf's, or ours for plain ones), or None."""
    from PIL import Image
    from pypdf.errors import PyPdfError

    try:
        with quiet():
            image = decode_plain(stream) or stream.decode_as_image()
    # pypdf raises NotImplementedError for filters and colour spaces it does not decode: the
    # image is then reported as unreadable, like a damaged one.
    except (
        PyPdfError,
        ValueError,
        OSError,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
        NotImplementedError,
    ):
        return None
    return image if isinstance(image, Image.Image) else None
