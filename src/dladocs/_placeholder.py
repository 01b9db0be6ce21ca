"""Honest placeholders: a grey PNG with a dashed frame that names the logo it stands for.

Pillow is imported inside the functions, as everywhere on the CLI's start-up path.
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING

from dladocs._system_fonts import find_font

if TYPE_CHECKING:
    from typing import TypeAlias

    from PIL import ImageDraw, ImageFont

    AnyFont: TypeAlias = ImageFont.FreeTypeFont | ImageFont.ImageFont


_PLACEHOLDER_FAMILIES = ("Liberation Sans", "Carlito", "DejaVu Sans", "Arial")


def _font(size: int, bold: bool) -> AnyFont:
    from PIL import ImageFont

    for family in _PLACEHOLDER_FAMILIES:
        file = find_font(family, bold=bold)
        if file is not None:
            try:
                return ImageFont.truetype(str(file), size)
            except OSError:
                continue
    return ImageFont.load_default(size=size)


def _metrics(font: AnyFont) -> tuple[int, int]:
    """(ascent, descent) of a font; the bitmap fallback font has no such thing."""
    getmetrics = getattr(font, "getmetrics", None)
    if getmetrics is None:
        return 11, 3
    ascent, descent = getmetrics()
    return int(ascent), int(descent)


def _fit(text: str, width: float, size: int, bold: bool) -> tuple[str, AnyFont]:
    """The largest font (≤ size) whose rendering of ``text`` fits ``width``."""
    floor = max(6, size // 4)
    for candidate in range(size, floor - 1, -1):
        font = _font(candidate, bold)
        if font.getlength(text) <= width:
            return text, font
    font = _font(floor, bold)
    while len(text) > 1 and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…", font


def _font_size(font: AnyFont, default: int) -> int:
    size = getattr(font, "size", default)
    return int(size) if isinstance(size, int | float) else default


def _title_lines(title: str, width: float, size: int) -> list[tuple[str, AnyFont, int]]:
    """The title on one line, or on two balanced lines rather than in a tiny font."""
    text, font = _fit(title, width, size, True)
    words = title.split()
    if _font_size(font, size) >= size * 0.7 or len(words) < 2:
        return [(text, font, 64)]
    probe = _font(size, True)
    cut = min(
        range(1, len(words)),
        key=lambda i: max(
            probe.getlength(" ".join(words[:i])), probe.getlength(" ".join(words[i:]))
        ),
    )
    smaller = round(size * 0.8)
    halves = [_fit(" ".join(part), width, smaller, True) for part in (words[:cut], words[cut:])]
    if any(text.endswith("…") for text, _ in halves):
        return [(text, font, 64) for text, font in halves]
    common = _font(min(_font_size(font, smaller) for _, font in halves), True)
    return [(text, common, 64) for text, _ in halves]


@functools.lru_cache(maxsize=64)
def placeholder_logo(label: str, *, width_px: int = 900, height_px: int = 300) -> bytes:
    """A grey PNG that says plainly which logo it stands for and that it must be replaced.

    Grey on light grey, dashed frame: it cannot pass for a real logo, and it
    has none of the EU emblem's blue and yellow, so recognition never takes it
    for one.
    """
    from PIL import Image, ImageDraw

    if width_px < 40 or height_px < 20:
        raise ValueError(f"placeholder too small: {width_px}×{height_px}")
    scale = 2
    w, h = width_px * scale, height_px * scale
    canvas = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    line = max(2, round(min(w, h) / 100))
    radius = round(min(w, h) / 8)
    inset = line
    box = (inset, inset, w - 1 - inset, h - 1 - inset)
    draw.rounded_rectangle(box, radius=radius, fill=(238, 238, 238))
    _dashed_frame(draw, box, radius, line, (128, 128, 128))

    title = " ".join(label.split()) or "sans nom"
    if not title.lower().startswith("logo"):
        title = f"Logo {title}"
    usable = w - 2 * (radius + line)
    lines = _title_lines(title, usable, round(h * 0.22))
    lines.append((*_fit("à remplacer par le logo officiel", usable, round(h * 0.12), False), 96))
    # Line boxes from the fonts' ascent and descent, not from the glyphs, so
    # that "Logo Avise" and "Logo AVISE" sit on the same baselines.
    metrics = [_metrics(font) for _, font, _ in lines]
    gap = round(h * 0.06)
    block = sum(a + d for a, d in metrics) + gap * (len(lines) - 1)
    y = (h - block) / 2
    for (text, font, grey), (ascent, descent) in zip(lines, metrics, strict=True):
        draw.text((w / 2, y + ascent), text, font=font, fill=(grey, grey, grey), anchor="ms")
        y += ascent + descent + gap
    image = canvas.resize((width_px, height_px), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


def _dashed_frame(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    radius: int,
    line: int,
    colour: tuple[int, int, int],
) -> None:
    """Dashes along the straight sides, solid rounded corners: reads as a frame to fill."""
    left, top, right, bottom = box
    dash, space = line * 6, line * 4
    half = line // 2
    for start, stop, fixed, horizontal in (
        (left + radius, right - radius, top + half, True),
        (left + radius, right - radius, bottom - half, True),
        (top + radius, bottom - radius, left + half, False),
        (top + radius, bottom - radius, right - half, False),
    ):
        position = start
        while position < stop:
            end = min(position + dash, stop)
            if horizontal:
                draw.line((position, fixed, end, fixed), fill=colour, width=line)
            else:
                draw.line((fixed, position, fixed, end), fill=colour, width=line)
            position = end + space
    diameter = 2 * radius
    for corner, angles in (
        ((left, top), (180, 270)),
        ((right - diameter, top), (270, 360)),
        ((right - diameter, bottom - diameter), (0, 90)),
        ((left, bottom - diameter), (90, 180)),
    ):
        x, y = corner
        draw.arc((x, y, x + diameter, y + diameter), *angles, fill=colour, width=line)
