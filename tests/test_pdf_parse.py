"""Content streams parsed by qpdf give the walker what pypdf's parser gives it."""

from __future__ import annotations

from typing import Any

from pypdf import PdfWriter
from pypdf.generic import ContentStream, DecodedStreamObject

from dladocs.inspect._pdf_parse import parse_operations

STREAM = (
    b"q 0.5 0 0 0.5 10.25 -3 cm /GS1 gs 0 0.2 0.6 rg 1 w [3 1.5] 0 d\n"
    b"/Span <</ActualText (Union europ\\351enne) /Lang (fr-FR)>> BDC\n"
    b"BT /F1 12 Tf 1 0 0 1 72 700 Tm [<0012>-250<00130014> 5 (ab\\(c)] TJ (Bonjour) Tj\n"
    b"0 -14 Td (ligne) ' 1 2 (deux) \" ET EMC\n"
    b"/Im1 Do 10 10 m 20 20 l h S Q\n"
)


def pypdf_operations(data: bytes) -> list[tuple[list[Any], bytes]]:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return list(ContentStream(stream, PdfWriter()).operations)


def text_of(value: Any) -> Any:
    """What the walker reads of an operand: a string's bytes, a number's value, a name's text."""
    if isinstance(value, list):
        return [text_of(item) for item in value]
    if isinstance(value, dict):
        return {str(key): str(item) for key, item in value.items()}  # as_text reads str()
    original = getattr(value, "original_bytes", None)
    if isinstance(original, bytes):
        return original
    return bytes(value) if isinstance(value, bytes) else value


def test_every_operator_and_operand_reads_as_pypdf_reads_it() -> None:
    ours = parse_operations(STREAM)
    theirs = pypdf_operations(STREAM)

    assert ours is not None
    assert [operator for _, operator in ours] == [operator for _, operator in theirs]
    assert [[text_of(v) for v in operands] for operands, _ in ours] == [
        [text_of(v) for v in operands] for operands, _ in theirs
    ]
    properties = ours[6][0][1]  # BDC's dictionary: decoded text, as pypdf decodes it
    assert str(properties["/ActualText"]) == "Union européenne"
    shown = ours[10][0][0]  # TJ's array: the glyph codes' bytes, kerning as numbers
    assert [text_of(item) for item in shown] == [b"\x00\x12", -250, b"\x00\x13\x00\x14", 5, b"ab(c"]


def test_bare_booleans_and_nulls_are_left_to_pypdf() -> None:
    # Not valid operands of any operator; pypdf reads them as operators of their own.
    odd = b"q true false null pop Q"

    assert parse_operations(odd) is None
    assert b"true" in [operator for _, operator in pypdf_operations(odd)]


def test_an_inline_image_is_left_to_pypdf() -> None:
    inline = b"q 10 0 0 10 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q"

    assert parse_operations(inline) is None
    assert b"INLINE IMAGE" in [operator for _, operator in pypdf_operations(inline)]


def test_a_stream_qpdf_cannot_read_is_left_to_pypdf_or_read_as_far_as_it_goes() -> None:
    broken = b"BT /F1 12 Tf (unterminated Tj ET"

    parsed = parse_operations(broken)

    # qpdf either refuses (pypdf then parses) or gives the operations before the damage.
    assert parsed is None or [operator for _, operator in parsed][:1] == [b"BT"]
