"""PDF colour spaces reduced to what inspection needs: a colour as "RRGGBB" or None."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dladocs.inspect._pdf_objects import (
    as_array,
    as_dict,
    as_name,
    as_number,
    as_stream,
    get,
    resolve,
)

Convert = Callable[[list[float]], "str | None"]


def _hex(r: float, g: float, b: float) -> str:
    return "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in (r, g, b))


def gray(values: list[float]) -> str | None:
    return _hex(values[0], values[0], values[0]) if values else None


def rgb(values: list[float]) -> str | None:
    return _hex(values[0], values[1], values[2]) if len(values) >= 3 else None


def cmyk(values: list[float]) -> str | None:
    if len(values) < 4:
        return None
    c, m, y, k = values[:4]
    return _hex((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


def bluish(colour: str | None) -> bool:
    """Reflex Blue (#003399) and what conversions make of it: blue well above red and green."""
    if not colour or len(colour) != 6:
        return False
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return b >= 100 and b - r >= 60 and b - g >= 40


def _none(values: list[float]) -> str | None:
    return None


class ColourSpace:
    """A colour space: how many operands ``sc``/``scn`` take and how to read them."""

    __slots__ = ("components", "convert", "initial")

    def __init__(self, components: int, convert: Convert, initial: list[float]) -> None:
        self.components = components
        self.convert = convert
        self.initial = initial

    def colour(self, values: list[float]) -> str | None:
        return self.convert(values)


DEVICE_GRAY = ColourSpace(1, gray, [0.0])
DEVICE_RGB = ColourSpace(3, rgb, [0.0, 0.0, 0.0])
DEVICE_CMYK = ColourSpace(4, cmyk, [0.0, 0.0, 0.0, 1.0])
PATTERN = ColourSpace(0, _none, [])
UNKNOWN = ColourSpace(0, _none, [])

_DEVICE = {
    "/DeviceGray": DEVICE_GRAY,
    "/G": DEVICE_GRAY,
    "/CalGray": DEVICE_GRAY,
    "/DeviceRGB": DEVICE_RGB,
    "/RGB": DEVICE_RGB,
    "/CalRGB": DEVICE_RGB,
    "/DeviceCMYK": DEVICE_CMYK,
    "/CMYK": DEVICE_CMYK,
    "/Pattern": PATTERN,
}


def colour_space(spec: Any, resources: Any, depth: int = 0) -> ColourSpace:  # noqa: PLR0911  - one return per PDF colour space family
    """Resolve a colour space operand (a name, maybe a resource) into a :class:`ColourSpace`."""
    if depth > 4:
        return UNKNOWN
    name = as_name(spec)
    if name is not None:
        if name in _DEVICE:
            return _DEVICE[name]
        named = get(get(resources, "/ColorSpace"), name)
        return colour_space(named, resources, depth + 1) if named is not None else UNKNOWN
    array = as_array(spec)
    if not array:
        return UNKNOWN
    family = as_name(array[0]) or ""
    if family in _DEVICE:
        return _DEVICE[family]
    if family == "/ICCBased" and len(array) > 1:
        stream = as_stream(array[1])
        alternate = get(stream, "/Alternate")
        if alternate is not None:
            return colour_space(alternate, resources, depth + 1)
        count = int(as_number(get(stream, "/N")) or 0)
        return {1: DEVICE_GRAY, 3: DEVICE_RGB, 4: DEVICE_CMYK}.get(count, UNKNOWN)
    if family == "/Indexed" and len(array) >= 4:
        return _indexed(array, resources, depth)
    if family in ("/Separation", "/DeviceN") and len(array) >= 4:
        return _tinted(array, family, resources, depth)
    return UNKNOWN


def _indexed(array: Any, resources: Any, depth: int) -> ColourSpace:
    base = colour_space(array[1], resources, depth + 1)
    high = int(as_number(array[2]) or 0)
    table = resolve(array[3])
    data: bytes
    stream = as_stream(table)
    if stream is not None:
        data = bytes(stream.get_data()[: 4 * 256])
    elif isinstance(table, bytes | str):
        data = table if isinstance(table, bytes) else table.encode("latin-1", "replace")
    else:
        return UNKNOWN
    n = base.components
    if n == 0:
        return UNKNOWN

    def convert(values: list[float]) -> str | None:
        if not values:
            return None
        index = min(max(int(values[0]), 0), high)
        chunk = data[index * n : index * n + n]
        if len(chunk) < n:
            return None
        return base.colour([byte / 255 for byte in chunk])

    return ColourSpace(1, convert, [0.0])


def _tinted(array: Any, family: str, resources: Any, depth: int) -> ColourSpace:
    names = as_array(array[1])
    count = len(names) if family == "/DeviceN" and names is not None else 1
    alternate = colour_space(array[2], resources, depth + 1)
    function = as_dict(array[3])
    if function is None or int(as_number(get(function, "/FunctionType")) or -1) != 2 or count != 1:
        return ColourSpace(count, _none, [1.0] * count)
    c0 = [as_number(v) or 0.0 for v in (as_array(get(function, "/C0")) or [0.0])]
    c1 = [as_number(v) or 0.0 for v in (as_array(get(function, "/C1")) or [1.0])]
    exponent = as_number(get(function, "/N")) or 1.0

    def convert(values: list[float]) -> str | None:
        if not values:
            return None
        t = min(max(values[0], 0.0), 1.0) ** exponent
        return alternate.colour([a + t * (b - a) for a, b in zip(c0, c1, strict=False)])

    return ColourSpace(1, convert, [1.0])
