"""Content streams as LibreOffice writes them, read line by line, each distinct line once.

A converted *fiche* and its copy for another region differ in few lines:
LibreOffice embeds a subset of each font, so the glyph codes of the text move
when a region's name brings in other letters, but most lines of a page stay
byte for byte the same.  :func:`by_lines` parses a stream line by line and
keeps each line's operations for the process, so a national build parses a
line once, whatever page, file or region it appears on; a national build's
content streams cost a quarter of what qpdf's tokens cost to convert
(``docs/performance.md``).

This is only done where it is exactly right.  The tokeniser knows the
common forms (numbers, names with ``#`` escapes, hexadecimal and literal
strings, arrays, dictionaries, operators) and declines anything else: a
comment, a brace, a bare ``true``, ``false`` or ``null``, an inline image, a
byte it does not expect.  A line must hold whole operations: a string, array
or dictionary running on to the next line, or operands left without their
operator, and the whole stream is read in one piece instead; if that
declines too, qpdf reads it (:mod:`dladocs.inspect._pdf_parse`).  The tests
check that both give the same operations on every stream of the third-party
corpus and of a national build.  The expression's quantifiers are possessive
and what it declines is taken in whole runs, so that no stream, however
hostile, costs more than a pass over its bytes.
"""

from __future__ import annotations

import re
from binascii import Error as HexError
from binascii import unhexlify
from typing import Any

from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    create_string_object,
)

Operations = list[tuple[list[Any], bytes]]

_WHITE_BYTES = b"\x00\t\n\x0c\r "
_WHITE = re.escape(_WHITE_BYTES)  # for the expressions
_DELIMITERS = rb"/\[\]()<>{}%"
_END = rb"(?=[" + _WHITE + _DELIMITERS + rb"]|\Z)"
_TOKENS = (
    rb"(<<|>>|\[|\])",  # 1: array and dictionary brackets
    rb"<([0-9A-Fa-f" + _WHITE + rb"]*+)>",  # 2: hexadecimal string
    rb"\(((?:[^()\\\r]|\\.)*+)\)",  # 3: literal string, no nested or unescaped parentheses
    rb"(/[^" + _WHITE + _DELIMITERS + rb"\x80-\xff]*+)",  # 4: name
    rb"([+-]?+(?:\d++(?:\.\d*+)?+|\.\d++))" + _END,  # 5: number
    rb"([A-Za-z'\"*][A-Za-z0-9'\"*]*+)" + _END,  # 6: operator
    # 7: anything else, declined.  An unterminated string, or a run of regular characters, is
    # taken whole, as far as the alternatives above read it before failing: findall, which
    # goes on past a declined token, then never reads the same bytes again from the next one.
    rb"(\((?:[^()\\\r]|\\.)*+|<[0-9A-Fa-f"
    + _WHITE
    + rb"]*+|[^"
    + _WHITE
    + _DELIMITERS
    + rb"]++|[^"
    + _WHITE
    + rb"])",
)
_TOKEN = re.compile(rb"[" + _WHITE + rb"]*+(?:" + b"|".join(_TOKENS) + rb")", re.DOTALL)
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|(\r\n|\r|\n)|(.))", re.DOTALL)
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Operators qpdf and pypdf read differently, or that introduce binary data (inline images).
_DECLINED = frozenset((b"true", b"false", b"null", b"BI", b"ID", b"EI"))
_MAX_DIGITS = 15  # beyond, qpdf's integers and Python's differ: declined

_LINES: dict[bytes, Operations] = {}
_OLDER: dict[bytes, Operations] = {}
_LINES_MAX = 20_000
_LINE_MAX_BYTES = 4_096


def by_lines(data: bytes) -> Operations | None:
    """The operations of ``data``, each line parsed once per process; None when declined.

    The lists are shared between the streams that hold the same line: the
    walker reads them and never changes them.
    """
    global _LINES, _OLDER
    operations: Operations = []
    for line in data.split(b"\n"):
        found = _LINES.get(line)
        if found is None:
            found = _OLDER.get(line)
            if found is None:
                found = parse(line) if len(line) <= _LINE_MAX_BYTES else None
                if found is None:
                    return parse(data)  # a line that is not whole operations: read at once
            if len(_LINES) >= _LINES_MAX:  # the lines least recently met are let go
                _OLDER, _LINES = _LINES, {}
            _LINES[line] = found
        operations += found
    return operations


def parse(data: bytes) -> Operations | None:  # noqa: C901, PLR0911, PLR0912 - a case per token kind
    """The operations of ``data`` as pypdf objects, or None when it holds what is declined."""
    operations: Operations = []
    operands: list[Any] = []
    current = operands
    stack: list[tuple[list[Any], bytes]] = []
    dictionaries = 0
    # Trailing white space left out: findall would read it again from each of its bytes.
    tokens = _TOKEN.findall(data.rstrip(_WHITE_BYTES))
    for bracket, hexadecimal, literal, name, number, operator, other in tokens:
        value: Any
        if hexadecimal:
            try:
                raw = unhexlify(hexadecimal)
            except HexError:  # white space inside, or an odd count (a final 0 is implied)
                digits = hexadecimal.translate(None, _WHITE_BYTES)
                raw = unhexlify(digits + b"0" * (len(digits) % 2))
            value = create_string_object(raw) if dictionaries else ByteStringObject(raw)
        elif number:
            if b"." in number:
                value = float(number)
            elif len(number) > _MAX_DIGITS:
                return None
            else:
                value = int(number)
        elif operator:
            if stack or operator in _DECLINED:
                return None
            operations.append((operands, operator))
            operands = current = []
            continue
        elif name:
            value = _name(name)
            if value is None:
                return None
        elif bracket:
            if bracket in (b"[", b"<<"):
                dictionaries += bracket == b"<<"
                stack.append((current, bracket))
                current = []
                continue
            if not stack:
                return None
            outer, opening = stack.pop()
            if bracket == b"]" and opening == b"[":
                value = ArrayObject(current)
            elif bracket == b">>" and opening == b"<<" and len(current) % 2 == 0:
                keys = current[::2]
                if any(type(key) is not NameObject for key in keys):
                    return None
                value = DictionaryObject(zip(keys, current[1::2], strict=True))
                dictionaries -= 1
            else:
                return None
            current = outer
        elif other:
            return None
        else:  # a literal string, or an empty string of either kind
            raw = literal
            if b"\\" in raw:
                raw = _ESCAPE.sub(_unescape, raw)
            value = create_string_object(raw) if dictionaries else ByteStringObject(raw)
        current.append(value)
    if stack or operands:
        return None
    return operations


def _name(token: bytes) -> NameObject | None:
    if b"#" in token:
        if token.count(b"#") != len(_NAME_ESCAPE.findall(token)):
            return None
        token = _NAME_ESCAPE.sub(lambda match: bytes((int(match[1], 16),)), token)
        if max(token) >= 0x80 or b"\x00" in token:
            return None  # qpdf and pypdf differ on names that are not ASCII
    return NameObject(token.decode("ascii"))


def _unescape(match: re.Match[bytes]) -> bytes:
    octal, end_of_line, other = match.groups()
    if octal:
        return bytes((int(octal, 8) & 0xFF,))
    if end_of_line:
        return b""  # a backslash at the end of a line continues the string
    return _ESCAPED.get(other, other)
