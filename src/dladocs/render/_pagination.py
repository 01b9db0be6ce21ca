"""Pagination hints for rendered DOCX tables: no orphan rows, no total cut from its lines.

Word and LibreOffice keep a paragraph on the page of the next one when it says
« keep with next »; set on every paragraph of a table row, the row stays with
the row below.  Short tables are kept whole; a long one may break, but only
with at least :data:`MIN_ROWS` data rows on each side, so that a page never
starts or ends with one or two lonely rows (rule LAY-01) and the last rows
(a total) stay together (LAY-02).
"""

from __future__ import annotations

from typing import Any

# A table of at most this many data rows is kept on one page.
SHORT_TABLE = 6
# Rows kept together at each end of a long table.
MIN_ROWS = 3


def keep_tables_together(document: Any) -> None:
    """Set « keep with next » and « cannot split » on the body tables of ``document``."""
    from docx.oxml.ns import qn

    body = document.element.body
    for table in body.iterchildren(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        if len(rows) < 2:
            continue
        headers = sum(
            1 for row in rows if row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        )
        data = len(rows) - headers
        last = len(rows) - 1
        if data <= SHORT_TABLE:
            keep = set(range(last))
        else:
            keep = set(range(headers + MIN_ROWS - 1)) | set(range(last - MIN_ROWS + 1, last))
        for index, row in enumerate(rows):
            _cant_split(row)
            if index in keep:
                for paragraph in row.iter(qn("w:p")):
                    _keep_next(paragraph)
        previous = table.getprevious()
        if previous is not None and previous.tag == qn("w:p") and _introduces(previous):
            _keep_next(previous)
    _keep_short_lists(body)


# A bulleted list of at most this many items is kept on one page, like a short table.
SHORT_LIST = 8


def _keep_short_lists(body: Any) -> None:
    """Short bulleted lists stay whole: no last item alone at the top of a page."""
    from docx.oxml.ns import qn

    run: list[Any] = []
    for element in [*body.iterchildren(), None]:
        style = None
        if element is not None and element.tag == qn("w:p"):
            found = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            style = found.get(qn("w:val"), "") if found is not None else ""
        if style is not None and style.lower().startswith(("listbullet", "list bullet")):
            run.append(element)
            continue
        if 1 < len(run) <= SHORT_LIST:
            for paragraph in run[:-1]:
                _keep_next(paragraph)
        run = []


def _introduces(paragraph: Any) -> bool:
    """A heading or a sentence ending with a colon belongs with the table after it."""
    from docx.oxml.ns import qn

    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    if style is not None and style.get(qn("w:val"), "").lower().startswith(("heading", "titre")):
        return True
    text = "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).strip()
    return text.endswith(":")


def _cant_split(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row.find(qn("w:trPr"))
    if tr_pr is None:
        tr_pr = OxmlElement("w:trPr")
        row.insert(0, tr_pr)
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.append(OxmlElement("w:cantSplit"))


def _keep_next(paragraph: Any) -> None:
    from docx.oxml.ns import qn

    p_pr = paragraph.get_or_add_pPr()
    if p_pr.find(qn("w:keepNext")) is None:
        from docx.oxml import OxmlElement

        p_pr._insert_keepNext(OxmlElement("w:keepNext"))
