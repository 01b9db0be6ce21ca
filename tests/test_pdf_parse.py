"""Content streams parsed by qpdf give the walker what pypdf's parser gives it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.generic import ContentStream, DecodedStreamObject

from dladocs.inspect import _pdf_parse, _pdf_tokens
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


# --------------------------------------------------------------------------- line by line

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"


def qpdf_operations(data: bytes, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(_pdf_parse, "by_lines", lambda data: None)
        return parse_operations(data)


def structure(operations: Any) -> Any:
    """Operations with every operand's type and value, nested, to compare two readings."""

    def of(value: Any) -> Any:
        if isinstance(value, list):
            return (type(value).__name__, [of(item) for item in value])
        if isinstance(value, dict):
            return (type(value).__name__, sorted((of(k), of(v)) for k, v in value.items()))
        return (type(value).__name__, value)

    return [(of(operands), operator) for operands, operator in operations]


def corpus_streams() -> list[bytes]:
    import pikepdf

    streams = []
    for path in sorted(CORPUS.rglob("*.pdf")):
        try:
            pdf = pikepdf.open(path)
        except (pikepdf.PdfError, pikepdf.PasswordError):
            continue  # damaged or encrypted: other tests read those
        with pdf:
            for page in pdf.pages:
                contents = page.obj.get("/Contents")
                parts = contents if isinstance(contents, pikepdf.Array) else [contents]
                try:
                    streams.append(b"\n".join(part.read_bytes() for part in parts if part))
                except pikepdf.PdfError:
                    continue
    return streams


def test_every_stream_of_the_corpus_reads_line_by_line_as_qpdf_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    streams = corpus_streams()
    read = 0
    for data in streams:
        ours = _pdf_tokens.by_lines(data)
        if ours is None:
            continue  # declined: qpdf reads it
        read += 1
        theirs = qpdf_operations(data, monkeypatch)
        assert theirs is not None and structure(ours) == structure(theirs)
    assert len(streams) >= 20 and read >= 0.9 * len(streams)


def test_libreoffice_s_lines_are_each_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    header = b"q 0.1 0 0 0.1 0 0 cm\nBT\n56.8 740.889 Td /F2 11 Tf[<03>1<0A>-4<22>]TJ\n"
    first = header + b"/P<</MCID 1>>BDC\n72 700 Td /F2 11 Tf<2B>Tj\nEMC\nET\nQ\n"
    second = header + b"/P<</MCID 1>>BDC\n72 700 Td /F2 11 Tf<1F>Tj\nEMC\nET\nQ\n"  # one line moved
    monkeypatch.setattr(_pdf_tokens, "_LINES", {})
    monkeypatch.setattr(_pdf_tokens, "_OLDER", {})
    parsed: list[bytes] = []
    real = _pdf_tokens.parse

    def counted(data: bytes) -> Any:
        parsed.append(data)
        return real(data)

    monkeypatch.setattr(_pdf_tokens, "parse", counted)
    for data in (first, second):
        assert structure(parse_operations(data) or []) == structure(
            qpdf_operations(data, monkeypatch)
        )
    assert parsed.count(b"56.8 740.889 Td /F2 11 Tf[<03>1<0A>-4<22>]TJ") == 1
    assert b"72 700 Td /F2 11 Tf<1F>Tj" in parsed  # the line that differs, and only it, again
    assert len(parsed) == len(set(first.split(b"\n"))) + 1


@pytest.mark.parametrize(
    "data",
    [
        b"BT /F1 12 Tf (a string\nover two lines) Tj ET",
        b"BT /F1 12 Tf [<01>\n<02>] TJ ET",
        b"/Span <</ActualText\n(x)>> BDC EMC",
        b"1 0 0\n1 0 0 cm",
        b"q % a comment\nQ",
        b"q { } Q",
        b"BT /F1 12 Tf (nested (parentheses)) Tj ET",
        b"BT /F1#20Bold 12 Tf (\\101\\102\\\nC\\) \\\\) Tj ET",
        b"q 1.5.2 w Q",
    ],
)
def test_what_is_not_whole_lines_is_read_at_once_or_by_qpdf(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = parse_operations(data)
    theirs = qpdf_operations(data, monkeypatch)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert structure(ours) == structure(theirs)


def test_a_hostile_line_is_declined_without_backtracking() -> None:
    import time

    for line in (
        b"1" * 200_000 + b"x",
        b"a" * 200_000 + b"(",
        b"(" + b"\\a" * 100_000,
        b"(" + b"\\(" * 100_000,
        b"<0 " * 100_000,
        b"<" + b"0 " * 100_000,
        b"1.1." * 100_000,
        b"q Q" + b" \n" * 100_000,
    ):
        started = time.monotonic()
        assert _pdf_tokens.parse(line) in (None, [([], b"q"), ([], b"Q")])
        assert time.monotonic() - started < 10  # quadratic backtracking would take hours
