"""Content streams parsed by qpdf (through pikepdf), handed over as pypdf's parser gives them.

pypdf's content-stream parser is pure Python and was the largest single cost
of inspecting a PDF: LibreOffice writes every run of text as a hexadecimal
string inside a ``TJ`` array, some 20,000 strings for an eight-page *fiche*.
qpdf tokenises the same stream in C++; the operands are then turned into the
pypdf objects the walker reads (numbers stay Python numbers), which is most of
what remains.  Strings that
text operators show become :class:`~pypdf.generic.ByteStringObject` (the
walker wants their bytes, decoded through the font); strings inside a
dictionary (marked-content properties such as ``/ActualText``) are decoded as
pypdf does.  A stream qpdf will not parse, or one with an inline image, is
left to pypdf: the result is the same, only slower.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import ObjectType
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NullObject,
    create_string_object,
)

from dladocs.inspect._pdf_objects import quiet
from dladocs.inspect._pdf_tokens import by_lines

Operations = list[tuple[list[Any], bytes]]


def parse_operations(data: bytes) -> Operations | None:
    """The (operands, operator) pairs of a content stream's bytes, or None to let pypdf parse it.

    Most streams LibreOffice writes are read line by line, each distinct line
    once per process (:mod:`dladocs.inspect._pdf_tokens`); qpdf reads the rest.
    """
    found = by_lines(data)
    if found is not None:
        return found
    try:
        with quiet(), pikepdf.new() as scratch:
            parsed = pikepdf.parse_content_stream(pikepdf.Stream(scratch, data))
            operations: Operations = []
            for item in parsed:
                if isinstance(item, pikepdf.ContentStreamInlineImage):
                    return None  # pypdf's own form of an inline image ("INLINE IMAGE")
                operands: list[Any] = []
                # Numbers, most operands, are taken here without a call per operand.
                values: list[Any] = list(item.operands)  # pikepdf types them all as Object
                for value in values:
                    kind = type(value)
                    if kind is int:
                        operands.append(value)
                    elif kind is Decimal:
                        operands.append(float(value))
                    elif value is None or kind is bool:
                        return None  # pypdf reads a bare true, false or null as an operator
                    else:
                        operands.append(_operand(value, in_dictionary=False))
                operations.append((operands, item.operator.unparse()))
            return operations
    except (pikepdf.PdfError, ValueError, TypeError):
        return None


def _operand(value: Any, *, in_dictionary: bool) -> Any:  # noqa: PLR0911  - one case per PDF type
    kind = type(value)
    # qpdf gives numbers and booleans as Python values, the rest as pikepdf objects.  Numbers
    # stay Python numbers: the walker reads every number through as_number, which takes them,
    # and they are most operands (a million in a national build).
    if kind is int:
        return value
    if kind is Decimal:
        return float(value)
    if kind is bool:
        return BooleanObject(value)
    if value is None:
        return NullObject()
    code = value._type_code
    if code == ObjectType.string:
        raw = bytes(value)
        return create_string_object(raw) if in_dictionary else ByteStringObject(raw)
    if code == ObjectType.name_:
        return NameObject(str(value))
    if code == ObjectType.array:
        return ArrayObject([_operand(item, in_dictionary=in_dictionary) for item in value])
    if code == ObjectType.dictionary:
        return DictionaryObject(
            {NameObject(key): _operand(item, in_dictionary=True) for key, item in value.items()}
        )
    if code == ObjectType.operator:
        return NameObject(str(value))  # a stray keyword among operands: kept as a name
    return NullObject()
