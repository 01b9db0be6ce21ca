"""Text in the evaluation form: the embedded TrueType font, real-metric wrapping, images."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dladocs.errors import DladocsError
from dladocs.images import find_font
from dladocs.typography import NBSP, NNBSP

FONT_FAMILIES = ("Arial", "Liberation Sans")
TEXT_COLOUR = "#000000"


@dataclass(frozen=True, slots=True)
class Fonts:
    """The registered reportlab names of the page font, and the characters it can draw."""

    regular: str
    bold: str
    glyphs: frozenset[int]

    def safe(self, text: str) -> str:
        """Swap the few characters a font may lack for their nearest look-alike."""
        if all(ord(char) in self.glyphs for char in text):
            return text
        swaps = {
            NNBSP: NBSP,
            "\u2011": "-",
            "\u2019": "'",
            "\u2014": "-",
            "\u2013": "-",
            "\u2026": "...",
        }
        return "".join(char if ord(char) in self.glyphs else swaps.get(char, "?") for char in text)


@dataclass(frozen=True, slots=True)
class Style:
    """How a run of lines is set: font name, size and leading in points, colour."""

    font: str
    size: float
    leading: float
    colour: str = TEXT_COLOUR


def quoted(text: str) -> str:
    """Text between French quotation marks."""
    return f"«{NBSP}{text}{NBSP}»"


def register_fonts(family: str | None = None, families: tuple[str, ...] = FONT_FAMILIES) -> Fonts:
    """Register a page font with reportlab (once per process): ``family`` (the project's
    mention font) when installed, else Ubuntu, shipped with dladocs (an allowed font for the
    EU mention, unlike Liberation Sans); with no ``family``, the first installed of ``families``."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from dladocs.fonts import SHIPPED, mention_font_file

    def files(name: str) -> tuple[Path | None, Path | None]:
        if name == SHIPPED:
            return mention_font_file(), mention_font_file(bold=True)
        return find_font(name), find_font(name, bold=True)

    for name in families if family is None else (family, SHIPPED):
        regular, bold = files(name)
        if regular is None:
            continue
        bold = bold or regular
        names: list[str] = []
        for path in (regular, bold):
            name = f"dladocs-{path.stem}"
            if name not in pdfmetrics.getRegisteredFontNames():
                try:
                    pdfmetrics.registerFont(TTFont(name, str(path)))
                except Exception as error:  # reportlab raises bare TTFError and others
                    raise DladocsError(
                        f"la police {path} est illisible ({error}).", path=path
                    ) from error
            names.append(name)
        face: Any = pdfmetrics.getFont(names[0]).face
        return Fonts(names[0], names[1], frozenset(face.charToGlyph))
    raise DladocsError(
        "aucune police autorisée pour le bloc européen n'est installée"
        f"{NBSP}: installez Arial, ou à défaut Liberation Sans (paquet fonts-liberation)."
    )


def image_size(path: Path, what: str) -> tuple[float, float]:
    """The pixel size of an image; ``what`` names it in the French error message."""
    from reportlab.lib.utils import ImageReader

    try:
        width, height = ImageReader(str(path)).getSize()
    except Exception as error:  # PIL and reportlab raise many kinds on bad images
        raise DladocsError(f"impossible de lire l'image de {what} ({error}).", path=path) from error
    if width <= 0 or height <= 0:
        raise DladocsError(f"l'image de {what} est vide.", path=path)
    return float(width), float(height)


def text_width(text: str, font: str, size: float) -> float:
    """The advance width in points of ``text`` in a registered font."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


@functools.lru_cache(maxsize=8192)
def _word_width(word: str, font: str, size: float) -> float:
    # Thousands of certificates repeat the same words: each is measured once.
    return text_width(word, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines that fit ``width`` with the font's real metrics; only plain spaces break.

    A line's width is the sum of its words' and spaces' (reportlab measures without
    kerning), kept as the line grows rather than measured again for every word.
    """
    lines: list[str] = []
    space = _word_width(" ", font, size)
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            added = _word_width(word, font, size)
            if not line or used + space + added <= width:
                line, used = (f"{line} {word}", used + space + added) if line else (word, added)
            else:
                lines.append(line)
                line, used = word, added
            if used <= width:
                continue
            while text_width(line, font, size) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and text_width(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            used = text_width(line, font, size)
        if line or not lines:
            lines.append(line)
    return [line for line in lines if line] or [""]
