"""Walking a DOCX part: blocks, table rows, runs, fields and their text.

:class:`_Walker` turns the content of one part (the body, a header, a footer)
into a surface's text runs, grouped by top-level block, and hands what runs
draw to :class:`dladocs.inspect._docx_drawing._Drawings`.  Field instructions
and hidden text are not seen; page breaks end the section's first page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from dladocs.inspect._docx_drawing import _Drawings
from dladocs.inspect._docx_page import _FirstPage, _Page
from dladocs.inspect._docx_styles import RunFormat
from dladocs.inspect._docx_xml import W, _flatten
from dladocs.inspect._drawingml import Affine
from dladocs.types import Surface, TextRun

if TYPE_CHECKING:
    from dladocs.inspect.docx import _Document

_INLINE_CONTAINERS = {
    f"{W}hyperlink",
    f"{W}smartTag",
    f"{W}customXml",
    f"{W}ins",
    f"{W}moveTo",
    f"{W}fldSimple",
    f"{W}bdo",
    f"{W}dir",
    f"{W}sdtContent",
}


@dataclass(slots=True)
class _Field:
    result: bool = False


class _Walker(_Drawings):
    """Walks the content of one part into a surface."""

    def __init__(
        self,
        document: _Document,
        part: str,
        surface: Surface,
        *,
        origin: str,
        page: _Page,
        first_page: _FirstPage | None = None,
    ) -> None:
        self.doc = document
        self.part = part
        self.surface = surface
        self.origin = origin
        self.page = page
        self.first_page = first_page
        self.group = part
        self.fields: list[_Field] = []
        self.pending: tuple[str, RunFormat] | None = None

    # ------------------------------------------------------------------ blocks

    def blocks(self, elements: list[tuple[int, etree._Element]]) -> None:
        for index, element in elements:
            if element.tag == f"{W}p":
                self.group = f"{self.part}#p{index}"
                self.paragraph(element, None)
            elif element.tag == f"{W}tbl":
                self.table(element, index, None)

    def nested(self, container: etree._Element, table_style: str | None) -> None:
        """Blocks inside a cell or a text box: they keep the enclosing group."""
        for element in _flatten(container):
            if element.tag == f"{W}p":
                self.paragraph(element, table_style)
            elif element.tag == f"{W}tbl":
                self.table(element, None, table_style)

    def table(self, table: etree._Element, index: int | None, outer_style: str | None) -> None:
        style = table.find(f"{W}tblPr/{W}tblStyle")
        table_style = self.doc.styles.table_style(
            style.get(f"{W}val") if style is not None else None
        )
        rows = [row for row in _flatten(table) if row.tag == f"{W}tr"]
        for number, row in enumerate(rows):
            if index is not None:
                self.group = f"{self.part}#t{index}r{number}"
            for cell in _flatten(row):
                if cell.tag == f"{W}tc":
                    self.nested(cell, table_style or outer_style)

    def paragraph(self, paragraph: etree._Element, table_style: str | None) -> None:
        ppr = paragraph.find(f"{W}pPr")
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        style_id = style.get(f"{W}val") if style is not None else None
        if self.first_page is not None and self.doc.styles.page_break_before(ppr, style_id):
            self.first_page.page_break()
        self.inline(paragraph, style_id, table_style)
        self.flush()

    def inline(
        self, container: etree._Element, style_id: str | None, table_style: str | None
    ) -> None:
        for child in container:
            tag = child.tag
            if tag == f"{W}r":
                self.run(child, style_id, table_style)
            elif tag in _INLINE_CONTAINERS:
                self.inline(child, style_id, table_style)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.inline(content, style_id, table_style)

    # ------------------------------------------------------------------ runs

    def run(self, run: etree._Element, style_id: str | None, table_style: str | None) -> None:
        rpr = run.find(f"{W}rPr")
        char = rpr.find(f"{W}rStyle") if rpr is not None else None
        fmt = self.doc.styles.run_format(
            rpr, char.get(f"{W}val") if char is not None else None, style_id, table_style
        )
        self.run_children(run, fmt)

    def run_children(self, run: etree._Element, fmt: RunFormat) -> None:  # noqa: C901, PLR0912  - one case per child of a run (text, tab, break, drawing, field)
        for child in run:
            tag = child.tag
            if tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    self.fields.append(_Field())
                elif kind == "separate" and self.fields:
                    self.fields[-1].result = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            # Field instructions and hidden text are not seen; their breaks still count.
            unseen = fmt.hidden or (bool(self.fields) and not self.fields[-1].result)
            if unseen and tag not in (f"{W}br", f"{W}lastRenderedPageBreak"):
                continue
            if tag == f"{W}t":
                self.text(child.text or "", fmt)
            elif tag in (f"{W}tab", f"{W}ptab"):
                self.text("\t", fmt)
            elif tag == f"{W}cr":
                self.text("\n", fmt)
            elif tag == f"{W}br":
                if child.get(f"{W}type") == "page":
                    self.page_break()
                else:
                    self.text("\n", fmt)
            elif tag == f"{W}lastRenderedPageBreak":
                self.page_break()
            elif tag == f"{W}noBreakHyphen":
                self.text("-", fmt)
            elif tag == f"{W}sym":
                self.text(_symbol(child.get(f"{W}char")), fmt)
            elif tag == f"{W}drawing":
                self.flush()
                for holder in child:
                    self.drawing(holder)
            elif tag in (f"{W}pict", f"{W}object"):
                self.flush()
                self.vml(child, Affine(), None)

    def page_break(self) -> None:
        if self.first_page is not None:
            self.first_page.page_break()

    def text(self, text: str, fmt: RunFormat) -> None:
        if not text:
            return
        if self.first_page is not None and text.strip():
            self.first_page.content = True
        if self.pending is not None and self.pending[1] == fmt:
            self.pending = (self.pending[0] + text, fmt)
            return
        self.flush()
        self.pending = (text, fmt)

    def flush(self) -> None:
        if self.pending is None:
            return
        text, fmt = self.pending
        self.pending = None
        if not text.strip():
            return
        self.surface.texts.append(
            TextRun(
                text=text,
                font=fmt.font,
                size=fmt.size,
                bold=fmt.bold,
                italic=fmt.italic,
                underline=fmt.underline,
                effects=fmt.effects,
                color=fmt.color,
                group=self.group,
                origin=self.origin,
            )
        )


def _symbol(code: str | None) -> str:
    try:
        value = int(code or "", 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:
        value -= 0xF000
    return chr(value) if 0 < value < 0x110000 else ""
