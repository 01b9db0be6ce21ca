"""Text showing in a PDF content stream: a ``Tj``/``TJ`` string decoded, measured and placed.

:class:`TextShowing` is the part of the page walker
(:class:`dladocs.inspect._pdf_content.PageWalker`) that turns one
text-showing operator into a :class:`~dladocs.inspect._pdf_state.Chunk`, or
counts it as invisible text, and moves the text matrix past it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from pypdf.generic import ArrayObject

from dladocs.inspect._pdf_matrix import Matrix, apply, mult
from dladocs.inspect._pdf_objects import as_number, resolve
from dladocs.inspect._pdf_state import Chunk, GraphicsState, PageContent

_SKEW_ITALIC = math.sin(math.radians(5))


class TextShowing:
    """Shows text into the walker's page content (the walker sets these attributes)."""

    content: PageContent
    group: str

    if TYPE_CHECKING:  # defined by the walker that mixes this class in (``PageWalker``)

        def _to_page(self, m: Matrix) -> Matrix:
            """User space → points from the top-left corner of the page as displayed."""

    def _show(
        self, operands: Any, array: bool, state: GraphicsState, tm: Matrix, origin: str
    ) -> Matrix:
        font = state.font
        if font is None or not operands:
            return tm
        items = resolve(operands[0])
        parts: list[Any] = list(items) if array and isinstance(items, ArrayObject) else [items]
        size = state.font_size
        scale = state.scale
        advance = 0.0
        text_parts: list[str] = []
        for part in parts:
            # Strings first: LibreOffice writes a TJ array of them for every run of text.
            data = bytes(part) if isinstance(part, bytes) else None
            if data is None:
                number = as_number(part)
                if number is not None:
                    shift = -number / 1000 * size * scale
                    if number < -250 and text_parts and not text_parts[-1].endswith(" "):
                        text_parts.append(" ")
                    advance += shift
                    continue
                data = _bytes(part)
                if data is None:
                    continue
            text, width, spaces = font.decode(data)
            glyphs = len(data) // 2 if font.two_byte else len(data)
            advance += (
                width / 1000 * size + state.char_spacing * glyphs + state.word_spacing * spaces
            ) * scale
            text_parts.append(text)
        text = "".join(text_parts)
        start_tm = tm
        end_tm = mult((1.0, 0.0, 0.0, 1.0, advance, 0.0), tm)
        if state.render in (3, 7):
            if text.strip():
                self.content.invisible_text += 1
            return end_tm
        if not text.strip():
            return end_tm
        m = mult(start_tm, state.ctm)
        full = self._to_page(m)
        rise = state.rise
        ys = (rise - 0.2 * size, rise + 0.8 * size)
        corners = [apply(full, x, y) for x in (0.0, advance) for y in ys]
        xs = [c[0] for c in corners]
        ys_page = [c[1] for c in corners]
        effective = abs(size) * math.hypot(m[2], m[3])
        upright = (
            full[0] > 0
            and abs(full[1]) < 1e-6 * abs(full[0]) + 1e-9
            and abs(full[2]) < 1e-6 + 1e-3 * abs(full[3])
            and full[3] < 0
        )
        start = apply(full, 0.0, rise)
        end = apply(full, advance, rise)
        x_len = math.hypot(m[0], m[1])
        y_len = math.hypot(m[2], m[3])
        skewed = (
            x_len > 0
            and y_len > 0
            and abs(m[0] * m[2] + m[1] * m[3]) / (x_len * y_len) > _SKEW_ITALIC
        )
        colour = state.stroke if state.render in (1, 5) else state.fill
        self.content.chunks.append(
            Chunk(
                text=text,
                font=font,
                size=round(effective, 2),
                colour=colour,
                bold=font.bold or state.render in (2, 6),
                italic=font.italic or skewed,
                origin=origin,
                group=self.group,
                box=(min(xs), min(ys_page), max(xs), max(ys_page)),
                start=start,
                end=end,
                upright=upright,
            )
        )
        return end_tm


def _bytes(part: Any) -> bytes | None:
    if type(part) is bytes:
        return part
    value = resolve(part)
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, str):
        original = getattr(value, "original_bytes", None)
        if isinstance(original, bytes):
            return original
        return value.encode("latin-1", "replace")
    return None
