"""Walk a PDF page's content stream: images with their drawn boxes, text, thin rules.

The walker keeps the graphics state (``q``/``Q``, ``cm``, colours, line
width) and the text state, follows ``Do`` into form XObjects (their
``/Matrix`` and ``/Resources``, nested forms too) with cycle detection and a
depth limit, and charges every operator to the file's :class:`Budget`, so a
form drawing a form drawing a form cannot multiply the work.  Coordinates
are converted at the end to points from the top-left corner of the visible
page (crop box, page rotation applied).
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pypdf.generic import ArrayObject, ContentStream, EncodedStreamObject, NameObject

from dladocs.inspect._images import sha256
from dladocs.inspect._pdf_colours import (
    DEVICE_CMYK,
    DEVICE_GRAY,
    DEVICE_RGB,
    ColourSpace,
    cmyk,
    colour_space,
    gray,
    rgb,
)
from dladocs.inspect._pdf_fonts import FontInfo, font_info
from dladocs.inspect._pdf_objects import (
    as_dict,
    as_name,
    as_number,
    as_stream,
    get,
    key_of,
    numbers,
    quiet,
    resolve,
)
from dladocs.inspect._safety import Budget
from dladocs.types import Box, Picture

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_RULES = 20_000
# Drawing a form costs more than one operator: state copy, resources, parsing lookup.
_FORM_COST = 20
_SKEW_ITALIC = math.sin(math.radians(5))
_SHOW = frozenset((b"Tj", b"TJ", b"'", b'"'))
_QUOTES = frozenset((b"'", b'"'))
_MOVES = frozenset((b"Td", b"TD"))
_STRAIGHT = frozenset((b"re", b"m", b"l"))

Loader = Callable[[], Any]


def mult(m: Matrix, n: Matrix) -> Matrix:
    """``m × n`` in PDF's row-vector convention (apply ``m`` first, then ``n``)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def page_matrix(crop: tuple[float, float, float, float], rotation: int) -> Matrix:
    """User space → points from the top-left corner of the page as displayed.

    ``/Rotate`` turns the page clockwise for display, so for 90° the crop box's
    top-left corner ends at the top right.
    """
    left, bottom, right, top = crop
    if rotation == 90:
        return (0.0, 1.0, 1.0, 0.0, -bottom, -left)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, 1.0, right, -bottom)
    if rotation == 270:
        return (0.0, -1.0, -1.0, 0.0, top, right)
    return (1.0, 0.0, 0.0, -1.0, -left, top)


@dataclass(slots=True)
class _State:
    ctm: Matrix = IDENTITY
    fill: str | None = "000000"
    fill_space: ColourSpace = DEVICE_GRAY
    stroke: str | None = "000000"
    stroke_space: ColourSpace = DEVICE_GRAY
    line_width: float = 1.0
    font: FontInfo | None = None
    font_size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    render: int = 0


@dataclass(slots=True)
class Chunk:
    """One text-showing operator, in page coordinates."""

    text: str
    font: FontInfo
    size: float
    colour: str | None
    bold: bool
    italic: bool
    origin: str
    group: str
    box: tuple[float, float, float, float]
    start: tuple[float, float]
    end: tuple[float, float]
    upright: bool


@dataclass(slots=True)
class Rule:
    """A thin horizontal filled bar or stroked line, a possible underline."""

    x0: float
    x1: float
    y0: float
    y1: float


@dataclass(slots=True)
class PageContent:
    pictures: list[Picture] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    invisible_text: int = 0
    # A path was filled in a Reflex-blue-like colour: the page may draw the emblem as vectors.
    blue_fill: bool = False


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


@dataclass(frozen=True, slots=True)
class _XObject:
    """An image (``form`` None) or a form with its identity, matrix and resources."""

    stream: Any
    form: tuple[Any, Matrix | None, Any] | None


class PdfFile:
    """Per-file caches and facts shared by the pages."""

    def __init__(self, reader: Any, budget: Budget, max_depth: int, max_pixels: int) -> None:
        self.reader = reader
        self.budget = budget
        self.max_depth = max_depth
        self.max_pixels = max_pixels
        self.fonts: dict[Any, tuple[Any, FontInfo]] = {}
        self.font_list: dict[tuple[str, bool], None] = {}
        # The fonts the page being walked uses: kept with a surface another file may reuse.
        self.page_fonts: dict[tuple[str, bool], None] = {}
        self.operations: dict[Any, list[tuple[Any, bytes]]] = {}
        self.image_facts: dict[Any, tuple[str, tuple[int, int] | None]] = {}
        self.xobjects: dict[tuple[int, str], tuple[Any, _XObject | None]] = {}
        self.registered: dict[int, Any] = {}

    def font(self, resources: Any, name: str) -> FontInfo | None:
        font = get(get(resources, "/Font"), name)
        if as_dict(font) is None:
            return None
        key = key_of(font)
        cached = self.fonts.get(key)
        if cached is None:
            info = font_info(font, name)
            # The font object is kept so that a direct dictionary's id() is never reused.
            cached = (font, info)
            self.fonts[key] = cached
            self.font_list[(info.name, info.embedded)] = None
        self.page_fonts[(cached[1].name, cached[1].embedded)] = None
        return cached[1]

    def xobject(self, resources: Any, name: str) -> _XObject | None:
        """The XObject ``name`` of ``resources``, looked up once per resource dictionary."""
        key = (id(resources), name)
        hit = self.xobjects.get(key)
        if hit is None:
            stream = as_stream(get(get(resources, "/XObject"), name))
            subtype = as_name(get(stream, "/Subtype")) if stream is not None else None
            found: _XObject | None = None
            if stream is not None and subtype == "/Image":
                found = _XObject(stream, None)
            elif stream is not None and subtype == "/Form":
                values = numbers(get(stream, "/Matrix"), 6)
                matrix: Matrix | None = None
                if values is not None:
                    matrix = (values[0], values[1], values[2], values[3], values[4], values[5])
                form_resources = get(stream, "/Resources")
                if as_dict(form_resources) is None:
                    form_resources = None
                found = _XObject(stream, (key_of(stream), matrix, form_resources))
            # The resources object is kept so that its id() cannot be reused.
            hit = (resources, found)
            self.xobjects[key] = hit
        return hit[1]

    def register_fonts(self, resources: Any) -> None:
        """Record every font a resource dictionary offers (for the file's font list)."""
        key = id(resources)
        if key in self.registered:
            return
        self.registered[key] = resources
        fonts = as_dict(get(resources, "/Font"))
        if fonts is None:
            return
        for name in list(fonts.keys())[:1000]:
            self.font(resources, str(name))

    def parse(self, stream: Any) -> list[tuple[Any, bytes]]:
        key = key_of(stream)
        cached = self.operations.get(key)
        if cached is None:
            cached = _parsed(stream, self.reader)
            self.operations[key] = cached
        return cached


# Parsed content streams by the hash of their bytes, across files: a closing dossier
# repeats the pages of the PDFs it merges, and pypdf's parser is the costly part.
_PARSED: OrderedDict[bytes, list[tuple[Any, bytes]]] = OrderedDict()
_PARSED_MAX = 256


def page_operations(contents: Any) -> list[tuple[Any, bytes]]:
    """The operations of a page's content stream (as pypdf's ``page.get_contents()`` gives it)."""
    data = contents.get_data()
    digest = hashlib.sha256(data).digest()
    hit = _PARSED.get(digest)
    if hit is not None:
        _PARSED.move_to_end(digest)
        return hit
    operations = list(contents.operations)
    _remember(digest, operations)
    return operations


def _remember(digest: bytes, operations: list[tuple[Any, bytes]]) -> None:
    _PARSED[digest] = operations
    if len(_PARSED) > _PARSED_MAX:
        _PARSED.popitem(last=False)


def _parsed(stream: Any, reader: Any) -> list[tuple[Any, bytes]]:
    get_data = getattr(stream, "get_data", None)
    if get_data is None:
        return list(ContentStream(stream, reader).operations)
    data = get_data()
    digest = hashlib.sha256(data).digest()
    hit = _PARSED.get(digest)
    if hit is not None:
        _PARSED.move_to_end(digest)
        return hit
    operations = list(ContentStream(stream, reader).operations)
    _remember(digest, operations)
    return operations


class PageWalker:
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

    def _unit_box(self, m: Matrix) -> tuple[float, float, float, float]:
        full = self._to_page(m)
        xs, ys = [], []
        for x, y in ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)):
            px, py = apply(full, x, y)
            xs.append(px)
            ys.append(py)
        return min(xs), min(ys), max(xs), max(ys)

    # ------------------------------------------------------------------ walking

    def walk(
        self,
        operations: list[tuple[Any, bytes]],
        resources: Any,
        state: _State,
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
        state: _State,
        origin: str,
        stack: tuple[Any, ...],
    ) -> None:
        pdf = self.pdf
        budget = pdf.budget
        pdf.register_fonts(resources)
        saved: list[_State] = []
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
                    if operator not in (b"S", b"s") and _bluish(state.fill):
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

    def _device_colour(self, operator: bytes, operands: Any, state: _State) -> None:
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

    def _ext_g_state(self, operands: Any, resources: Any, state: _State) -> None:
        name = as_name(operands[0]) if operands else None
        graphics = get(get(resources, "/ExtGState"), name) if name else None
        width = as_number(get(graphics, "/LW"))
        if width is not None:
            state.line_width = width

    # ------------------------------------------------------------------ text

    def _show(self, operands: Any, array: bool, state: _State, tm: Matrix, origin: str) -> Matrix:
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

    # ------------------------------------------------------------------ paths

    def _rules(self, path: list[tuple[str, list[float]]], state: _State, stroke: bool) -> None:
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

    # ------------------------------------------------------------------ images and forms

    def _do(
        self, name: str, resources: Any, state: _State, origin: str, stack: tuple[Any, ...]
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

    def _image(self, stream: Any, name: str, state: _State, origin: str) -> None:
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

    def _inline_image(self, operands: Any, resources: Any, state: _State, origin: str) -> None:
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


def _bluish(colour: str | None) -> bool:
    """Reflex Blue (#003399) and what conversions make of it: blue well above red and green."""
    if not colour or len(colour) != 6:
        return False
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return b >= 100 and b - r >= 60 and b - g >= 40


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
    """Decode an image stream with pypdf into a PIL image, or None when it cannot."""
    from PIL import Image
    from pypdf.errors import PyPdfError

    try:
        with quiet():
            image = stream.decode_as_image()
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


def _bytes(part: Any) -> bytes | None:
    value = resolve(part)
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, str):
        original = getattr(value, "original_bytes", None)
        if isinstance(original, bytes):
            return original
        return value.encode("latin-1", "replace")
    return None


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


def state_for_page() -> _State:
    return _State()


def form_appearance_matrix(stream: Any, rect: list[float]) -> Matrix | None:
    """The matrix that maps an annotation's appearance stream onto its /Rect."""
    bbox = numbers(get(stream, "/BBox"), 4)
    if bbox is None:
        return None
    matrix_values = numbers(get(stream, "/Matrix"), 6)
    matrix: Matrix = IDENTITY
    if matrix_values is not None:
        matrix = (
            matrix_values[0],
            matrix_values[1],
            matrix_values[2],
            matrix_values[3],
            matrix_values[4],
            matrix_values[5],
        )
    corners = [apply(matrix, x, y) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    x0, x1 = min(c[0] for c in corners), max(c[0] for c in corners)
    y0, y1 = min(c[1] for c in corners), max(c[1] for c in corners)
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        return None
    rx0, ry0, rx1, ry1 = (
        min(rect[0], rect[2]),
        min(rect[1], rect[3]),
        max(rect[0], rect[2]),
        max(rect[1], rect[3]),
    )
    sx = (rx1 - rx0) / (x1 - x0)
    sy = (ry1 - ry0) / (y1 - y0)
    return (sx, 0.0, 0.0, sy, rx0 - x0 * sx, ry0 - y0 * sy)
