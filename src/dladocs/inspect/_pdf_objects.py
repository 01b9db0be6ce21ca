"""Defensive access to pypdf objects: a malformed file may put anything anywhere."""

from __future__ import annotations

import contextlib
import logging
import math
import warnings
from collections.abc import Iterator
from typing import Any

from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
)


def resolve(obj: Any) -> Any:
    """The object behind an indirect reference (None for missing or null objects)."""
    kind = type(obj)
    if kind is float or kind is int or kind is bytes:  # content-stream operands, most calls
        return obj
    seen = 0
    while isinstance(obj, IndirectObject) and seen < 32:
        obj = obj.get_object()
        seen += 1
    if obj is None or isinstance(obj, NullObject | IndirectObject):
        return None
    return obj


def as_dict(obj: Any) -> DictionaryObject | None:
    value = resolve(obj)
    return value if isinstance(value, DictionaryObject) else None


def as_stream(obj: Any) -> StreamObject | None:
    value = resolve(obj)
    return value if isinstance(value, StreamObject) else None


def as_array(obj: Any) -> ArrayObject | None:
    value = resolve(obj)
    return value if isinstance(value, ArrayObject) else None


def as_name(obj: Any) -> str | None:
    value = resolve(obj)
    return str(value) if isinstance(value, NameObject) else None


def as_number(obj: Any) -> float | None:
    kind = type(obj)
    if kind is float or kind is int:  # content-stream numbers come as Python numbers (bool is not)
        return float(obj) if -1e12 < obj < 1e12 else None  # NaN and infinities compare false
    value = resolve(obj)
    if isinstance(value, bool):
        return None
    if isinstance(value, NumberObject | FloatObject | int | float):
        number = float(value)
        return number if math.isfinite(number) and abs(number) < 1e12 else None
    return None


def as_text(obj: Any) -> str | None:
    value = resolve(obj)
    if value is None or isinstance(value, DictionaryObject | ArrayObject):
        return None
    text = str(value).replace("\x00", "").strip()
    return text or None


def get(obj: Any, key: str) -> Any:
    """``obj[key]`` resolved, or None when ``obj`` is not a dictionary or lacks the key."""
    mapping = as_dict(obj)
    if mapping is None:
        return None
    return resolve(mapping.get(key))


def numbers(obj: Any, count: int) -> list[float] | None:
    """An array of exactly ``count`` numbers, or None."""
    array = as_array(obj)
    if array is None or len(array) != count:
        return None
    values = [as_number(item) for item in array]
    if any(value is None for value in values):
        return None
    return [float(value) for value in values if value is not None]


def key_of(obj: Any) -> tuple[int, int] | int:
    """A stable identity: the object number of an indirect object, else ``id()``."""
    reference = getattr(obj, "indirect_reference", None)
    if isinstance(reference, IndirectObject):
        return (int(reference.idnum), int(reference.generation))
    return id(obj)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """pypdf logs every repair it makes; a user checking a file needs none of that."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
