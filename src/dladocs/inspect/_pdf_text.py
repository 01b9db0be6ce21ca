"""Text runs from the show operators of a PDF page: lines, spaces, underlines."""

from __future__ import annotations

import math
from dataclasses import dataclass

from dladocs.inspect._pdf_state import Chunk, Rule
from dladocs.types import Box, TextRun


@dataclass(slots=True)
class _Run:
    chunk: Chunk
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    end: tuple[float, float]
    underline: bool


def _underlined(chunk: Chunk, rules: list[Rule]) -> bool:
    """A thin bar just under the baseline across most of the chunk is an underline.

    The window (2 % to 18 % of the font size under the baseline) holds the
    underline position of common fonts but not a table border under a line of
    text, which sits below the descenders.
    """
    if not chunk.upright or not rules:
        return False
    size = chunk.size
    baseline = chunk.start[1]
    left, right = chunk.start[0], chunk.end[0]
    width = right - left
    if width <= 0 or size <= 0:
        return False
    for rule in rules:
        thickness = rule.y1 - rule.y0
        centre = (rule.y0 + rule.y1) / 2
        if (
            thickness > 0.15 * size
            or not baseline + 0.02 * size <= centre <= baseline + 0.18 * size
        ):
            continue
        overlap = min(rule.x1, right) - max(rule.x0, left)
        if overlap >= 0.6 * width:
            return True
    return False


def _joins(run: _Run, chunk: Chunk, underline: bool) -> bool:
    first = run.chunk
    if (
        chunk.font.name != first.font.name
        or chunk.bold != first.bold
        or chunk.italic != first.italic
        or chunk.colour != first.colour
        or chunk.origin != first.origin
        or chunk.group != first.group
        or underline != run.underline
        or abs(chunk.size - first.size) > 0.05 * max(first.size, 0.1)
    ):
        return False
    size = max(first.size, 0.1)
    if first.upright and chunk.upright:
        if abs(chunk.start[1] - run.end[1]) > 0.2 * size:
            return False
        gap = chunk.start[0] - run.end[0]
        return -0.5 * size <= gap <= 1.5 * size
    dx = chunk.start[0] - run.end[0]
    dy = chunk.start[1] - run.end[1]
    return math.hypot(dx, dy) <= 0.3 * size


def text_runs(chunks: list[Chunk], rules: list[Rule]) -> list[TextRun]:
    """Consecutive chunks on one line with the same look become one run."""
    runs: list[_Run] = []
    for chunk in chunks:
        underline = _underlined(chunk, rules)
        last = runs[-1] if runs else None
        if last is not None and _joins(last, chunk, underline):
            gap = chunk.start[0] - last.end[0] if chunk.upright else 0.0
            text = chunk.text
            if gap > 0.2 * chunk.size and not last.text.endswith(" ") and not text.startswith(" "):
                text = " " + text
            last.text += text
            last.x0 = min(last.x0, chunk.box[0])
            last.y0 = min(last.y0, chunk.box[1])
            last.x1 = max(last.x1, chunk.box[2])
            last.y1 = max(last.y1, chunk.box[3])
            last.end = chunk.end
            continue
        x0, y0, x1, y1 = chunk.box
        runs.append(_Run(chunk, chunk.text, x0, y0, x1, y1, chunk.end, underline))
    result: list[TextRun] = []
    for run in runs:
        text = " ".join(run.text.split()) if "\n" not in run.text else run.text.strip()
        if not text:
            continue
        chunk = run.chunk
        result.append(
            TextRun(
                text=text,
                font=chunk.font.name or None,
                size=chunk.size,
                bold=chunk.bold,
                italic=chunk.italic,
                underline=run.underline,
                color=chunk.colour,
                box=Box(run.x0, run.y0, run.x1 - run.x0, run.y1 - run.y0),
                group=chunk.group,
                origin=chunk.origin,
            )
        )
    return result
