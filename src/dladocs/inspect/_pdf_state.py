"""What the content-stream walker keeps and what it collects.

:class:`GraphicsState` is the graphics state with the text state (``q``
saves a copy, ``Q`` restores it); a walk collects :class:`Chunk` (one
text-showing operator), :class:`Rule` (a possible underline) and pictures
into a page's :class:`PageContent`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dladocs.inspect._pdf_colours import DEVICE_GRAY, ColourSpace
from dladocs.inspect._pdf_fonts import FontInfo
from dladocs.inspect._pdf_matrix import IDENTITY, Matrix
from dladocs.types import Picture


@dataclass(slots=True)
class GraphicsState:
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
