"""Make the « sobre » templates from the default templates of the installed dladocs.

    python make_theme.py

This is what a designer would do by hand in PowerPoint and Word, written down
so that it can be replayed when dladocs's default templates change:

1. ``dladocs templates export`` writes the default templates (the documented
   starting point of a theme);
2. the deck: black and grey theme colours, Arial for titles and text, white
   cover and closing slides with a black bar on the left, light grey exchange
   slides with a black « ? » square, a thin black rule under every title;
3. the Word templates: the same colours and typeface in the styles, the
   tables in grey, a rule under each level-1 heading.

What the build needs is kept untouched: the layout names (``Titre``,
``Section``, ``Contenu``, ``Clôture``), the rectangles named
``dladocs:bandeau`` that mark the logo band, the headers that hold the logo
band of the Word templates and the « Mention UE » styles of the EU wording.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as DOCX_RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn as wqn
from docx.shared import RGBColor as DocxRGB
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Inches

HERE = Path(__file__).resolve().parent
OUT = HERE / "src" / "dladocs_theme_sobre" / "templates"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"a": A}

FONT = "Arial"  # on every system, or as its metric twin Liberation Sans
PALETTE = {
    "dk1": "111111",
    "lt1": "FFFFFF",
    "dk2": "1A1A1A",
    "lt2": "F2F2F2",
    "accent1": "333333",
    "accent2": "5E5E5E",
    "accent3": "8C8C8C",
    "accent4": "A6A6A6",
    "accent5": "4D4D4D",
    "accent6": "7F7F7F",
    "hlink": "262626",
    "folHlink": "595959",
}
# Placeholder text colours of the default cover, exchange and closing slides, made
# dark for white or light grey backgrounds.
TEXT_COLOURS = {"bg1": "tx1", "bg2": "accent2"}
COVER_BAR = (0.0, 0.0, 0.3, 6.32)  # inches: the black bar on the cover and closing slides


# --------------------------------------------------------------------------- deck


def _theme_xml(blob: bytes, *, name: str) -> bytes:
    """The same theme with the palette and typeface of « sobre »."""
    root = etree.fromstring(blob)
    scheme = root.find(".//a:clrScheme", NS)
    assert scheme is not None
    scheme.set("name", name)
    for slot_name, value in PALETTE.items():
        slot = scheme.find(f"a:{slot_name}", NS)
        assert slot is not None, slot_name
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr", val=value)
    fonts = root.find(".//a:fontScheme", NS)
    assert fonts is not None
    fonts.set("name", name)
    for kind in ("majorFont", "minorFont"):
        latin = fonts.find(f"a:{kind}/a:latin", NS)
        assert latin is not None
        latin.set("typeface", FONT)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rgb(value: str) -> RGBColor:
    colour: RGBColor = RGBColor.from_string(value)  # type: ignore[no-untyped-call]
    return colour


def _shape(holder: Any, name: str) -> Any:
    for shape in holder.shapes:
        if shape.name == name:
            return shape
    raise LookupError(f"{name!r} is not in {holder.name!r}: has the default template changed?")


def _place(shape: Any, box: tuple[float, float, float, float]) -> None:
    shape.left, shape.top, shape.width, shape.height = (Inches(v) for v in box)


def _fill(shape: Any, scheme: str) -> None:
    """Fill a decoration with a theme colour (it follows the theme, as in the defaults)."""
    for colour in shape._element.spPr.iter(qn("a:schemeClr")):
        colour.set("val", scheme)


def _text_colours(layout: Any) -> None:
    for shape in layout.placeholders:
        body = shape._element.find(qn("p:txBody"))
        styles = body.find(qn("a:lstStyle")) if body is not None else None
        if styles is None:
            continue
        for colour in styles.iter(qn("a:schemeClr")):
            colour.set("val", TEXT_COLOURS.get(colour.get("val"), colour.get("val")))


def restyle_deck(source: Path, target: Path) -> None:
    prs = Presentation(str(source))
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    theme._blob = _theme_xml(theme.blob, name="dladocs sobre")
    master = prs.slide_master
    rule = _shape(master, "Filet d'accent")
    rule.name = "Filet de titre"
    _place(rule, (0.6, 1.3, 12.13, 0.03))
    _fill(rule, "tx1")
    _shape(master, "Filet du bandeau").line.color.rgb = _rgb("BFBFBF")
    layouts: dict[str, Any] = {layout.name: layout for layout in prs.slide_layouts}

    cover = layouts["Titre"]
    # The white cover would show the master's title rule: it keeps only its own shapes.
    cover._element.set("showMasterSp", "0")
    bar = _shape(cover, "Fond de couverture")
    bar.name = "Barre de couverture"
    _place(bar, COVER_BAR)
    _fill(bar, "tx1")
    accent = _shape(cover, "Filet de couverture")
    _place(accent, (0.8, 3.55, 1.6, 0.04))
    _fill(accent, "tx1")
    _text_colours(cover)

    section = layouts["Section"]
    _fill(_shape(section, "Fond des temps d'échange"), "bg2")
    square = _shape(section, "Pastille")
    _fill(square, "tx1")
    for paragraph in square.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.color.rgb = _rgb("FFFFFF")
    for shape in section.placeholders:
        body = shape._element.find(qn("p:txBody"))
        for colour in body.iter(qn("a:schemeClr")) if body is not None else ():
            colour.set("val", "tx1")

    closing = layouts["Clôture"]
    closing._element.set("showMasterSp", "0")
    bar = _shape(closing, "Fond de clôture")
    bar.name = "Barre de clôture"
    _place(bar, COVER_BAR)
    _fill(bar, "tx1")
    _text_colours(closing)

    prs.core_properties.title = "Modèle de support de webinaire dladocs — thème sobre"
    prs.save(str(target))


# --------------------------------------------------------------------------- Word templates

# Style name → (colour, bold); the size and spacing of the defaults are kept.
DOCX_STYLES = {
    "Normal": ("1A1A1A", None),
    "Title": ("111111", True),
    "Subtitle": ("5E5E5E", False),
    "Heading 1": ("111111", True),
    "Heading 2": ("4D4D4D", True),
    "Heading 3": ("111111", True),
    "Petit": ("6B6B6B", None),
    "Encadré": ("262626", None),
}
# The default tables use « Light Grid Accent 1 »: its blue becomes dark grey.
TABLE_COLOURS = {"4F81BD": "404040", "D3DFEE": "E6E6E6"}


def _font(style: Any) -> None:
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(wqn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(wqn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
        fonts.attrib.pop(wqn(attr), None)


def _rule_below(style: Any) -> None:
    """A thin black rule under the paragraph: the layout accent of « sobre »."""
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(wqn("w:pBdr")):
        ppr.remove(old)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "2"), ("w:color", "111111")):
        bottom.set(wqn(key), value)
    border.append(bottom)
    ppr.append(border)


def _shading(style: Any, fill: str) -> None:
    for shading in style.element.get_or_add_pPr().findall(wqn("w:shd")):
        shading.set(wqn("w:fill"), fill)


def _grey_tables(styles: Any) -> None:
    for style in styles:
        if not style.name or not style.name.startswith("Light Grid Accent 1"):
            continue
        for element in style.element.iter():
            for attr in ("w:color", "w:fill"):
                value = element.get(wqn(attr))
                if value in TABLE_COLOURS:
                    element.set(wqn(attr), TABLE_COLOURS[value])
            for attr in ("w:themeColor", "w:themeFill", "w:themeFillTint", "w:themeTint"):
                element.attrib.pop(wqn(attr), None)


def restyle_docx(source: Path, target: Path) -> None:
    doc = Document(str(source))
    styles = doc.styles
    for name, (colour, bold) in DOCX_STYLES.items():
        style = styles[name]
        _font(style)
        style.font.color.rgb = DocxRGB.from_string(colour)
        if bold is not None:
            style.font.bold = bold
    _rule_below(styles["Heading 1"])
    _shading(styles["Encadré"], "F2F2F2")
    _grey_tables(styles)
    theme = doc.part.part_related_by(DOCX_RT.THEME)
    theme._blob = _theme_xml(theme.blob, name="dladocs sobre")
    doc.save(str(target))


# --------------------------------------------------------------------------- files


def _normalise(path: Path) -> None:
    """Fixed timestamps in the archive, so that remaking the templates changes no byte."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 11, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(fixed, data)


def _export(folder: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "dladocs", "templates", "export", str(folder)],
        check=True,
        capture_output=True,
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        defaults = Path(scratch)
        _export(defaults)
        restyle_deck(defaults / "deck.pptx", OUT / "deck.pptx")
        for name in ("fiche.docx", "grille.docx", "rapport.docx", "resultats.docx"):
            restyle_docx(defaults / name, OUT / name)
    for template in sorted(OUT.iterdir()):
        if re.search(r"\.(docx|pptx)$", template.name):
            _normalise(template)
            print("écrit :", template.relative_to(HERE))


if __name__ == "__main__":
    main()
