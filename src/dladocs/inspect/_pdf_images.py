"""The PDF images LibreOffice and reportlab write, decoded without pypdf's detour.

pypdf's ``decode_as_image`` encodes every image as a PNG file on the way to a
PIL image: about 60 ms for a slide's picture, most of verifying a converted
PDF the first time a worker meets its pictures.  The images of the PDFs
dladocs makes are all Flate-compressed, 8 bits per component, in DeviceRGB or
DeviceGray, some with a soft mask of the same kind (LibreOffice stores its
masks inverted, with ``/Decode [1 0]``): those are read here, straight into
the image pypdf would give (RGB, L, or RGBA with the mask as alpha, a
/Decode array applied as pypdf applies it).  Anything else — other filters,
colour spaces, depths, a /Mask — goes to pypdf, as before.
"""

from __future__ import annotations

from typing import Any

from PIL import Image

from dladocs.inspect._pdf_objects import as_array, as_name, as_number, get

_MODES = {"/DeviceRGB": ("RGB", 3), "/DeviceGray": ("L", 1)}


def decode_plain(stream: Any) -> Image.Image | None:
    """The image of a plain Flate RGB or grey stream (and its soft mask), or None."""
    image = _plain(stream)
    if image is None:
        return None
    mask_stream = get(stream, "/SMask")
    if mask_stream is None:
        return image
    mask = _plain(mask_stream)
    if mask is None or mask.mode != "L" or image.mode != "RGB":
        return None
    if mask.size != image.size:
        mask = mask.resize(image.size)
    image.putalpha(mask)
    return image


def _plain(stream: Any) -> Image.Image | None:
    if (
        as_name(get(stream, "/Filter")) != "/FlateDecode"
        or as_number(get(stream, "/BitsPerComponent")) != 8
        or get(stream, "/Mask") is not None
        or get(stream, "/ImageMask") is not None
    ):
        return None
    mode = _MODES.get(as_name(get(stream, "/ColorSpace")) or "")
    width, height = as_number(get(stream, "/Width")), as_number(get(stream, "/Height"))
    if mode is None or not width or not height or width != int(width) or height != int(height):
        return None
    readable, table = _decode(get(stream, "/Decode"), mode[1])
    if not readable:
        return None
    data = stream.get_data()  # Flate and its predictor undone by pypdf
    size = (int(width), int(height))
    if len(data) != size[0] * size[1] * mode[1]:
        return None  # short or padded data: pypdf knows how to read it
    image = Image.frombytes(mode[0], size, data)
    return image.point(table) if table is not None else image


def _decode(value: Any, bands: int) -> tuple[bool, list[int] | None]:
    """Whether a /Decode array is one read here, and its lookup table as pypdf applies it
    (None when there is none to apply: no array, or the identity)."""
    if value is None:
        return True, None
    items = as_array(value)
    pairs = [as_number(item) for item in items] if items is not None else []
    if len(pairs) != 2 * bands or any(number is None for number in pairs):
        return False, None
    if all(number == index % 2 for index, number in enumerate(pairs)):
        return True, None
    table: list[int] = []
    for band in range(bands):
        low, high = pairs[2 * band], pairs[2 * band + 1]
        assert low is not None and high is not None
        table += [round(255.0 * (j / 255.0 * (high - low) + low)) for j in range(256)]
    return True, table
