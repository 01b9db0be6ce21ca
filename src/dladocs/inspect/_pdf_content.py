"""Walk a PDF page's content stream: images with their drawn boxes, text, thin rules.

The walker keeps the graphics state (``q``/``Q``, ``cm``, colours, line
width) and the text state, follows ``Do`` into form XObjects (their
``/Matrix`` and ``/Resources``, nested forms too) with cycle detection and a
depth limit, and charges every operator to the file's :class:`Budget`, so a
form drawing a form drawing a form cannot multiply the work.  Coordinates
are converted at the end to points from the top-left corner of the visible
page (crop box, page rotation applied).

This module is the interpreter: one case per operator, the graphics state,
colours and paths.  Text showing is in :mod:`dladocs.inspect._pdf_show`,
images and forms in :mod:`dladocs.inspect._pdf_xobjects`, the state and what
a walk collects in :mod:`dladocs.inspect._pdf_state`, the per-file caches in
:mod:`dladocs.inspect._pdf_file` and the matrices in
:mod:`dladocs.inspect._pdf_matrix`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from dladocs.inspect._pdf_colours import (
    DEVICE_CMYK,
    DEVICE_GRAY,
    DEVICE_RGB,
    bluish,
    cmyk,
    colour_space,
    gray,
    rgb,
)
from dladocs.inspect._pdf_file import PdfFile
from dladocs.inspect._pdf_matrix import (
    IDENTITY,
    Matrix,
    apply,
    mult,
)
from dladocs.inspect._pdf_objects import as_name, as_number, get
from dladocs.inspect._pdf_show import TextShowing
from dladocs.inspect._pdf_state import GraphicsState, PageContent, Rule
from dladocs.inspect._pdf_xobjects import Loader, XObjectDrawing

# The page reader (inspect/pdf.py) takes the walker and what it needs around it from here.
__all__ = ["PageWalker", "state_for_page"]

_MAX_RULES = 20_000
_SHOW = frozenset((b"Tj", b"TJ", b"'", b'"'))
_QUOTES = frozenset((b"'", b'"'))
_MOVES = frozenset((b"Td", b"TD"))
_STRAIGHT = frozenset((b"re", b"m", b"l"))


class PageWalker(TextShowing, XObjectDrawing):
    """Walks one page (and the forms it draws) into a :class:`PageContent`."""

    def __init__(
        self, pdf: PdfFile, base: Matrix, page_rotation: int, image_loader: Callable[[Any], Loader]
    ) -> None:
        self.pdf = pdf
        self.base = base
        self.page_rotation = page_rotation
        self.content = PageContent()
        self.image_loader = image_loader
        self.inline_count = 0
        self.group = "page"

    # ------------------------------------------------------------------ geometry

    def _to_page(self, m: Matrix) -> Matrix:
        return mult(m, self.base)

    # ------------------------------------------------------------------ walking

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
        outer_group = self.group
        if group is not None:
            self.group = group
        try:
            self._walk(operations, resources, state, origin, stack)
        finally:
            self.group = outer_group

    def _walk(  # noqa: C901, PLR0912, PLR0915  - the content-stream interpreter: one case per operator; split, the graphics state would travel between functions
        self,
        operations: list[tuple[Any, bytes]],
        resources: Any,
        state: GraphicsState,
        origin: str,
        stack: tuple[Any, ...],
    ) -> None:
        pdf = self.pdf
        budget = pdf.budget
        pdf.register_fonts(resources)
        saved: list[GraphicsState] = []
        tm: Matrix = IDENTITY
        tlm: Matrix = IDENTITY
        path: list[tuple[str, list[float]]] = []
        budget.spend(len(operations))
        for operands, operator in operations:
            if operator in _SHOW:
                if operator in _QUOTES:
                    if operator == b'"' and len(operands) == 3:
                        state.word_spacing = _num(operands[0], state.word_spacing)
                        state.char_spacing = _num(operands[1], state.char_spacing)
                        operands = operands[2:]
                    tlm = mult((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tlm)
                    tm = tlm
                tm = self._show(operands, operator == b"TJ", state, tm, origin)
            elif operator in _MOVES:
                values = _nums(operands, 2)
                if values is not None:
                    if operator == b"TD":
                        state.leading = -values[1]
                    tlm = mult((1.0, 0.0, 0.0, 1.0, values[0], values[1]), tlm)
                    tm = tlm
            elif operator == b"Tm":
                values = _nums(operands, 6)
                if values is not None:
                    tm = tlm = (values[0], values[1], values[2], values[3], values[4], values[5])
            elif operator == b"T*":
                tlm = mult((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tlm)
                tm = tlm
            elif operator == b"BT":
                tm = tlm = IDENTITY
            elif operator == b"Tf":
                if len(operands) == 2:
                    name = as_name(operands[0])
                    state.font = pdf.font(resources, name) if name else None
                    state.font_size = _num(operands[1], state.font_size)
            elif operator == b"q":
                if len(saved) < 1000:
                    saved.append(replace(state))
            elif operator == b"Q":
                if saved:
                    state = saved.pop()
            elif operator == b"cm":
                values = _nums(operands, 6)
                if values is not None:
                    state.ctm = mult(
                        (values[0], values[1], values[2], values[3], values[4], values[5]),
                        state.ctm,
                    )
            elif operator in (b"m", b"l", b"re", b"c", b"v", b"y", b"h"):
                if operator in _STRAIGHT:
                    values = _nums(operands, 4 if operator == b"re" else 2)
                    if values is not None and len(path) < 10_000:
                        path.append((operator.decode(), values))
                else:
                    path.append(("curve", []))
            elif operator in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"n"):
                if path and operator != b"n":
                    self._rules(path, state, stroke=operator in (b"S", b"s"))
                    if operator not in (b"S", b"s") and bluish(state.fill):
                        self.content.blue_fill = True
                path = []
            elif operator == b"Do":
                if operands:
                    name = as_name(operands[0])
                    if name is not None:
                        self._do(name, resources, state, origin, stack)
            elif operator == b"INLINE IMAGE":
                self._inline_image(operands, resources, state, origin)
            elif operator in (b"rg", b"RG", b"g", b"G", b"k", b"K"):
                self._device_colour(operator, operands, state)
            elif operator in (b"cs", b"CS"):
                space = colour_space(operands[0] if operands else None, resources)
                if operator == b"cs":
                    state.fill_space, state.fill = space, space.colour(space.initial)
                else:
                    state.stroke_space, state.stroke = space, space.colour(space.initial)
            elif operator in (b"sc", b"scn", b"SC", b"SCN"):
                values = [v for v in (as_number(x) for x in operands) if v is not None]
                if operator in (b"sc", b"scn"):
                    state.fill = state.fill_space.colour(values)
                else:
                    state.stroke = state.stroke_space.colour(values)
            elif operator == b"w":
                state.line_width = _num(operands[0] if operands else None, state.line_width)
            elif operator == b"Tc":
                state.char_spacing = _num(operands[0] if operands else None, state.char_spacing)
            elif operator == b"Tw":
                state.word_spacing = _num(operands[0] if operands else None, state.word_spacing)
            elif operator == b"Tz":
                state.scale = _num(operands[0] if operands else None, 100.0) / 100.0
            elif operator == b"TL":
                state.leading = _num(operands[0] if operands else None, state.leading)
            elif operator == b"Ts":
                state.rise = _num(operands[0] if operands else None, state.rise)
            elif operator == b"Tr":
                state.render = int(_num(operands[0] if operands else None, 0.0))
            elif operator == b"gs":
                self._ext_g_state(operands, resources, state)

    def _device_colour(self, operator: bytes, operands: Any, state: GraphicsState) -> None:
        values = [v for v in (as_number(x) for x in operands) if v is not None]
        upper = operator[:1].isupper()
        if operator in (b"rg", b"RG"):
            space, colour = DEVICE_RGB, rgb(values)
        elif operator in (b"g", b"G"):
            space, colour = DEVICE_GRAY, gray(values)
        else:
            space, colour = DEVICE_CMYK, cmyk(values)
        if upper:
            state.stroke_space, state.stroke = space, colour
        else:
            state.fill_space, state.fill = space, colour

    def _ext_g_state(self, operands: Any, resources: Any, state: GraphicsState) -> None:
        name = as_name(operands[0]) if operands else None
        graphics = get(get(resources, "/ExtGState"), name) if name else None
        width = as_number(get(graphics, "/LW"))
        if width is not None:
            state.line_width = width

    # ------------------------------------------------------------------ paths

    def _rules(
        self, path: list[tuple[str, list[float]]], state: GraphicsState, stroke: bool
    ) -> None:
        rules = self.content.rules
        if len(rules) >= _MAX_RULES:
            return
        full = self._to_page(state.ctm)
        if stroke:
            width = state.line_width * math.hypot(full[2], full[3]) if state.line_width else 1.0
            current: tuple[float, float] | None = None
            for kind, values in path:
                if kind == "m":
                    current = apply(full, values[0], values[1])
                elif kind == "l" and current is not None:
                    point = apply(full, values[0], values[1])
                    if abs(point[1] - current[1]) < 0.5:
                        y = (point[1] + current[1]) / 2
                        rules.append(
                            Rule(
                                min(point[0], current[0]),
                                max(point[0], current[0]),
                                y - width / 2,
                                y + width / 2,
                            )
                        )
                    current = point
                else:
                    current = None
            return
        for kind, values in path:
            if kind != "re":
                continue
            x, y, w, h = values
            corners = [apply(full, px, py) for px in (x, x + w) for py in (y, y + h)]
            xs = [c[0] for c in corners]
            ys = [c[1] for c in corners]
            height = max(ys) - min(ys)
            length = max(xs) - min(xs)
            if 0 < height < 5.0 and length > 3 * height:
                rules.append(Rule(min(xs), max(xs), min(ys), max(ys)))


def _num(value: Any, default: float) -> float:
    number = as_number(value)
    return default if number is None else number


def _nums(operands: Any, count: int) -> list[float] | None:
    if not isinstance(operands, list) or len(operands) < count:
        return None
    values = [as_number(item) for item in operands[-count:]]
    if any(value is None for value in values):
        return None
    return [float(value) for value in values if value is not None]


def state_for_page() -> GraphicsState:
    return GraphicsState()
