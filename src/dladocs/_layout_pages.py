"""Pages as a reader sees them: lines, paragraphs, tables, running headers and footers.

The layout rules (``default_plugins/layout.py``) work on what the inspection
read from a PDF: text runs with their boxes, pictures and the horizontal bars
of table borders (``Surface.rules``).  This module groups them:

* *lines*: runs on one baseline, side by side;
* *blocks*: lines stacked closely in one column (a paragraph, a cell);
* *furniture*: what repeats at the same place near the top or bottom of
  several pages (header band, footer) and is not the page's own content;
* *tables*: stacked horizontal borders of one width with text in each row
  just under its top border (a heading between two tables sits far below
  the border above it, so it does not count as a row).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from dladocs.types import Box, Inspection, Surface, TextRun

# Running headers and footers live in the outer 15 % of a page.
FURNITURE_ZONE = 0.15
# Text in a table cell starts within this distance under the cell's top border.
CELL_PADDING = 9.0


@dataclass(slots=True)
class Line:
    runs: list[TextRun]
    box: Box

    @property
    def text(self) -> str:
        return " ".join(run.text for run in self.runs)

    @property
    def size(self) -> float:
        return max((run.size or 0.0) for run in self.runs)

    @property
    def bold(self) -> bool:
        return all(run.bold or "bold" in (run.font or "").lower() for run in self.runs)


@dataclass(slots=True)
class Table:
    left: float
    right: float
    borders: list[float]  # y of each horizontal border, top to bottom
    rows: list[list[Line]]  # the lines of each row

    @property
    def top(self) -> float:
        return self.borders[0]

    @property
    def bottom(self) -> float:
        return self.borders[-1]

    def row_text(self, index: int) -> str:
        return " ".join(line.text for line in self.rows[index])

    def header_like(self, index: int = 0) -> bool:
        return bool(self.rows[index]) and all(line.bold for line in self.rows[index])


@dataclass(slots=True)
class Page:
    index: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)  # the page's own content
    furniture: list[Line] = field(default_factory=list)
    pictures: list[Box] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    first: bool = False
    last: bool = False

    @property
    def content_top(self) -> float | None:
        tops = [line.box.y for line in self.lines] + [box.y for box in self.pictures]
        tops += [table.top for table in self.tables]
        return min(tops) if tops else None

    @property
    def content_bottom(self) -> float | None:
        bottoms = [line.box.bottom for line in self.lines] + [b.bottom for b in self.pictures]
        bottoms += [table.bottom for table in self.tables]
        return max(bottoms) if bottoms else None

    def in_table(self, line: Line) -> bool:
        centre = line.box.y + line.box.height / 2
        return any(
            t.top <= centre <= t.bottom and t.left - 2 <= line.box.x <= t.right for t in self.tables
        )


def numbering(page: Page) -> tuple[bool, bool]:
    """Whether ``page`` is the first and the last of its document.

    A footer « page N sur M » (or « N / M ») tells; a file that joins several documents
    (a closing dossier) has several first and last pages.  Without one, the file's own
    first and last pages are.
    """
    for line in page.furniture:
        match = re.search(
            r"\bpage\s+(\d+)\s+(?:sur|de|of)\s+(\d+)|\b(\d+)\s*/\s*(\d+)\b", line.text, re.I
        )
        if match:
            number, total = (
                int(v) for v in (match.group(1, 2) if match.group(1) else match.group(3, 4))
            )
            return number == 1, number == total
    return page.first, page.last


def lines_of(runs: list[TextRun]) -> list[Line]:
    """Runs on one baseline and close together become one line, in reading order."""
    placed = sorted((run for run in runs if run.box is not None), key=_reading_key)
    lines: list[Line] = []
    for run in placed:
        box = run.box
        assert box is not None
        size = max(run.size or box.height, 1.0)
        last = lines[-1] if lines else None
        if (
            last is not None
            and abs(last.box.bottom - box.bottom) < 0.3 * size
            and -0.5 * size <= box.x - last.box.right <= 1.5 * size
        ):
            last.runs.append(run)
            last.box = _union(last.box, box)
            continue
        lines.append(Line([run], box))
    return lines


def blocks_of(lines: list[Line]) -> list[list[Line]]:
    """Lines stacked closely in one column: paragraphs, list items, table cells."""
    blocks: list[list[Line]] = []
    open_blocks: list[list[Line]] = []  # those whose last line may still continue
    for line in sorted(lines, key=lambda item: (item.box.y, item.box.x)):
        size = max(line.size, 1.0)
        open_blocks = [b for b in open_blocks if line.box.y - b[-1].box.bottom <= 0.6 * size]
        for block in open_blocks:
            last = block[-1]
            gap = line.box.y - last.box.bottom
            overlap = min(last.box.right, line.box.right) - max(last.box.x, line.box.x)
            if -0.3 * size <= gap and overlap > 0:
                block.append(line)
                break
        else:
            blocks.append([line])
            open_blocks.append(blocks[-1])
    return blocks


def pages_of(inspection: Inspection) -> list[Page]:
    """Every PDF page of ``inspection`` with its furniture set apart and its tables found."""
    surfaces = [s for s in inspection.surfaces if s.kind == "page" and s.width and s.height]
    per_page = [(surface, lines_of(surface.texts)) for surface in surfaces]
    repeated = _repeated(per_page)
    picture_spots = Counter(
        _spot(picture.box) for surface in surfaces for picture in surface.pictures if picture.box
    )
    pages = []
    for surface, lines in per_page:
        width, height = float(surface.width or 0), float(surface.height or 0)
        page = Page(surface.index, width, height)
        for line in lines:
            key = _line_key(line)
            outer = _outer(line.box, height)
            (page.furniture if outer and key in repeated else page.lines).append(line)
        for picture in surface.pictures:
            if picture.box is None:
                continue
            shared = len(surfaces) > 1 and picture_spots[_spot(picture.box)] > 1
            if not (shared and _outer(picture.box, height)):
                page.pictures.append(picture.box)
        page.tables = tables_of(surface, page.lines)
        pages.append(page)
    if pages:
        pages[0].first = pages[-1].last = True
    return pages


def tables_of(surface: Surface, lines: list[Line]) -> list[Table]:
    """Tables drawn with horizontal borders; each row holds text just under its border."""
    groups: dict[tuple[int, int], list[float]] = {}
    for rule in surface.rules:
        if rule.width < 60:
            continue
        key = (round(rule.x / 3), round(rule.right / 3))
        groups.setdefault(key, []).append(rule.y + rule.height / 2)
    merged = _merge_groups(groups)
    tables: list[Table] = []
    for (left, right), ys in merged:
        borders = _dedupe(sorted(ys))
        current: list[float] = []
        rows: list[list[Line]] = []
        for top, bottom in itertools.pairwise(borders):
            inside = [
                line
                for line in lines
                if top - 1 <= line.box.y + line.box.height / 2 <= bottom + 1
                and left - 2 <= line.box.x <= right
            ]
            is_row = bool(inside) and min(line.box.y for line in inside) - top <= CELL_PADDING
            if is_row:
                if not current:
                    current = [top]
                current.append(bottom)
                rows.append(inside)
                continue
            if len(current) >= 2:
                tables.append(Table(left, right, current, rows))
            current, rows = [], []
        if len(current) >= 2:
            tables.append(Table(left, right, current, rows))
    return sorted(tables, key=lambda table: table.top)


def body_size(pages: list[Page]) -> float:
    """The size most characters are set in: the body text."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            for run in line.runs:
                if run.size:
                    sizes[round(run.size, 1)] += len(run.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _merge_groups(
    groups: dict[tuple[int, int], list[float]],
) -> list[tuple[tuple[float, float], list[float]]]:
    # Outer and inner borders of one table differ by a point or so at each end.
    merged: list[tuple[tuple[float, float], list[float]]] = []
    for (left, right), ys in sorted(groups.items()):
        for index, ((m_left, m_right), m_ys) in enumerate(merged):
            if abs(m_left - left * 3) <= 4 and abs(m_right - right * 3) <= 4:
                merged[index] = ((m_left, m_right), m_ys + ys)
                break
        else:
            merged.append(((left * 3.0, right * 3.0), list(ys)))
    return merged


def _dedupe(ys: list[float]) -> list[float]:
    result: list[float] = []
    for y in ys:
        if not result or y - result[-1] > 3.0:
            result.append(y)
    return result


def _repeated(per_page: list[tuple[Surface, list[Line]]]) -> set[tuple[str, int]]:
    if len(per_page) < 2:
        return set()
    counts = Counter(key for _, lines in per_page for key in {_line_key(line) for line in lines})
    return {key for key, count in counts.items() if count > 1}


def _line_key(line: Line) -> tuple[str, int]:
    # Page numbers change from page to page: « page 2 sur 7 » and « page 3 sur 7 » are one footer.
    return re.sub(r"\d+", "#", line.text), round(line.box.y / 2)


def _spot(box: Box | None) -> tuple[int, int, int, int]:
    assert box is not None
    return round(box.x), round(box.y), round(box.width), round(box.height)


def _outer(box: Box, height: float) -> bool:
    return box.bottom <= height * FURNITURE_ZONE or box.y >= height * (1 - FURNITURE_ZONE)


def _reading_key(run: TextRun) -> tuple[float, float]:
    assert run.box is not None
    return round(run.box.bottom / 2), run.box.x


def _union(a: Box, b: Box) -> Box:
    x, y = min(a.x, b.x), min(a.y, b.y)
    return Box(x, y, max(a.right, b.right) - x, max(a.bottom, b.bottom) - y)
