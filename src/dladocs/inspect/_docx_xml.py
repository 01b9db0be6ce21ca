"""WordprocessingML names, and the view of a part's children through wrapper elements.

Content controls, custom XML and inserted-revision wrappers are seen through;
deleted and moved-away content is skipped (see :func:`_flatten`).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from dladocs.inspect._opc import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
V = "{urn:schemas-microsoft-com:vml}"
VO = "{urn:schemas-microsoft-com:office:office}"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
WPG = "{http://schemas.microsoft.com/office/word/2010/wordprocessingGroup}"
WPC = "{http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas}"
R_EMBED, R_LINK, R_ID = qn("r:embed"), qn("r:link"), qn("r:id")

_TRANSPARENT = {f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo", f"{W}smartTag"}
_SKIPPED = {f"{W}del", f"{W}moveFrom"}


def _flatten(container: etree._Element) -> Iterator[etree._Element]:
    """Children, seen through content controls, custom XML and revision wrappers."""
    for child in container:
        tag = child.tag
        if tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _flatten(content)
        elif tag in _TRANSPARENT:
            yield from _flatten(child)
        elif tag not in _SKIPPED:
            yield child
