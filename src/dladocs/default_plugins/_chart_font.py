"""The font family a document's body is set in, read from the template it is rendered with.

Charts are pictures: they must be drawn in the family of the text around them
(rule LAY-08), which a theme or a project's own template may change (the
« sobre » theme sets everything in Arial).
"""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path

from dladocs.types import ContextRequest

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body_font(request: ContextRequest) -> str:
    """The family of the « Normal » style of the document's DOCX template, or ""."""
    from dladocs.plugins import get_plugin_manager, get_template

    if "docx" not in request.document.templates:
        return ""
    template = get_template(
        get_plugin_manager(), request.document, "docx", request.project, request.region
    )
    if template is None or not template.is_file():
        return ""
    return _normal_font(str(template), template.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _normal_font(path: str, _mtime: int) -> str:
    from lxml import etree

    try:
        with zipfile.ZipFile(Path(path)) as package:
            root = etree.fromstring(package.read("word/styles.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return ""  # the render reports an unreadable template; the chart keeps its default
    for style in root.iter(f"{W}style"):
        if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") == "1":
            fonts = style.find(f"{W}rPr/{W}rFonts")
            if fonts is not None and fonts.get(f"{W}ascii"):
                return str(fonts.get(f"{W}ascii"))
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    return str(defaults.get(f"{W}ascii") or "") if defaults is not None else ""
