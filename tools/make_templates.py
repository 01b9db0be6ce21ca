"""Regenerate the default templates shipped in src/dladocs/templates/.

The templates are committed as binary files, the way pandoc ships its
reference documents; this script is how they were made and how to remake them
after a design change:  python tools/make_templates.py

- deck.pptx: 16:9 master and the named layouts the deck renderer needs
  (Titre, Section, Contenu, Clôture, plus Titre seul and Vide for hand use),
  with the logo band marked by rectangles named ``dladocs:bandeau``;
- fiche.docx, grille.docx, rapport.docx: docxtpl templates whose headers hold
  the logo band and whose body uses only variables of the documented context.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dladocs" / "templates"
sys.path.insert(0, str(Path(__file__).resolve().parent))

A = "http://schemas.openxmlformats.org/drawingml/2006/main"

PALETTE = {
    "dk1": "1F2933",
    "lt1": "FFFFFF",
    "dk2": "24475E",
    "lt2": "EEF3F6",
    "accent1": "B5452F",
    "accent2": "2A7F73",
    "accent3": "E9A23B",
    "accent4": "4F7CAC",
    "accent5": "6A994E",
    "accent6": "8E6C8A",
    "hlink": "1F5FAD",
    "folHlink": "6B4E9B",
}
BODY_FONT = "Calibri"
HEADING_FONT = "Calibri"
BAND = (0.5, 6.72, 12.33, 0.62)  # inches: the logo band on content slides
COVER_BAND = (0.6, 6.5, 12.13, 0.86)  # bigger on the title and closing slides
COVER_FILL_HEIGHT = 6.32


def _theme(prs: Any) -> None:
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    ns = {"a": A}
    scheme = root.find(".//a:clrScheme", ns)
    scheme.set("name", "dladocs")
    for name, value in PALETTE.items():
        slot = scheme.find(f"a:{name}", ns)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr", val=value)
    # Flat shapes: the default theme gives every styled shape a blurred outer shadow, which
    # LibreOffice renders as a bitmap on each slide (half of a deck's conversion time).
    for effect in root.iterfind(".//a:effectStyleLst/a:effectStyle", ns):
        for child in list(effect):
            effect.remove(child)
        etree.SubElement(effect, f"{{{A}}}effectLst")
    fonts = root.find(".//a:fontScheme", ns)
    fonts.set("name", "dladocs")
    fonts.find("a:majorFont/a:latin", ns).set("typeface", HEADING_FONT)
    fonts.find("a:minorFont/a:latin", ns).set("typeface", BODY_FONT)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _Adopt:
    """Masters and layouts cannot add shapes in python-pptx: draw on a scratch slide, then move."""

    def __init__(self, prs: Any) -> None:
        self.prs = prs

    def __call__(self, holder: Any, draw: Any) -> Any:
        layout = self.prs.slide_layouts[6]
        slide = self.prs.slides.add_slide(layout)
        shape = draw(slide.shapes)
        element = shape._element
        element.getparent().remove(element)
        tree = holder.shapes._spTree
        ids = [int(e.get("id")) for e in tree.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()]
        element.find(".//" + qn("p:cNvPr")).set("id", str(max(ids, default=1) + 1))
        tree.append(element)
        id_list = self.prs.slides._sldIdLst
        sld_id = id_list[-1]
        self.prs.part.drop_rel(sld_id.get(qn("r:id")))
        id_list.remove(sld_id)
        return holder.shapes[-1]


ADOPT: _Adopt


def _set_box(shape: Any, box: tuple[float, float, float, float]) -> None:
    shape.left, shape.top, shape.width, shape.height = (Inches(v) for v in box)


def _marker(holder: Any, box: tuple[float, float, float, float]) -> None:
    shape = ADOPT(
        holder, lambda shapes: shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Inches(v) for v in box))
    )
    shape.name = "dladocs:bandeau"
    shape.fill.background()
    shape.line.color.rgb = RGBColor(0xB0, 0xB0, 0xB0)
    shape.line.dash_style = 4  # dash: a guide, removed from the generated decks
    tf = shape.text_frame
    tf.text = "Bandeau des logos (emblème UE, Avise, DLA) : emplacement réservé à dladocs"
    run = tf.paragraphs[0].runs[0]
    run.font.size = Pt(10)
    run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)


def _decor(
    holder: Any,
    box: tuple[float, float, float, float],
    scheme: str,
    name: str,
    *,
    back: bool = True,
) -> Any:
    shape = ADOPT(
        holder, lambda shapes: shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Inches(v) for v in box))
    )
    shape.name = name
    shape.line.fill.background()
    sp_pr = shape._element.spPr
    for child in list(sp_pr):
        if child.tag in (qn("a:solidFill"), qn("a:noFill")):
            sp_pr.remove(child)
    fill = etree.SubElement(sp_pr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:schemeClr"), val=scheme)
    # solidFill must come right after the geometry in spPr
    geometry = sp_pr.find(qn("a:prstGeom"))
    geometry.addnext(fill)
    if back:
        # Backgrounds go behind everything the layout already holds.
        tree = shape._element.getparent()
        tree.remove(shape._element)
        tree.insert(2, shape._element)
    return shape


def _drop_placeholders(holder: Any, types: tuple[int, ...]) -> None:
    for shape in list(holder.placeholders):
        if shape.placeholder_format.type in types:
            shape._element.getparent().remove(shape._element)


def _text_colour(
    shape: Any, scheme: str, size: int | None = None, bold: bool | None = None, bullets: bool = True
) -> None:
    body = shape._element.find(qn("p:txBody"))
    lst = body.find(qn("a:lstStyle"))
    if lst is None:
        lst = etree.SubElement(body, qn("a:lstStyle"))
        body.remove(lst)
        body.insert(1, lst)
    for child in list(lst):
        lst.remove(child)
    lvl = etree.SubElement(lst, qn("a:lvl1pPr"))
    if not bullets:
        lvl.set("marL", "0")
        lvl.set("indent", "0")
        etree.SubElement(lvl, qn("a:buNone"))
    rpr = etree.SubElement(lvl, qn("a:defRPr"))
    if size:
        rpr.set("sz", str(size * 100))
    if bold is not None:
        rpr.set("b", "1" if bold else "0")
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:schemeClr"), val=scheme)


def _text_styles(master: Any) -> None:
    styles = master._element.find(qn("p:txStyles"))
    for style_name, size, colour, bold in (
        ("p:titleStyle", 32, "tx2", "1"),
        ("p:bodyStyle", 24, "tx1", None),
        ("p:otherStyle", 18, "tx1", None),
    ):
        style = styles.find(qn(style_name))
        for level in style:
            rpr = level.find(qn("a:defRPr"))
            if rpr is None:
                continue
            rpr.set("lang", "fr-FR")
            if level.tag == qn("a:lvl1pPr"):
                if style_name == "p:titleStyle":
                    level.set("algn", "l")
                rpr.set("sz", str(size * 100))
                if bold:
                    rpr.set("b", bold)
                for child in list(rpr):
                    if child.tag == qn("a:solidFill"):
                        rpr.remove(child)
                fill = etree.Element(qn("a:solidFill"))
                etree.SubElement(fill, qn("a:schemeClr"), val=colour)
                rpr.insert(0, fill)
            if style_name == "p:bodyStyle" and level.tag == qn("a:lvl1pPr"):
                level.set("marL", str(int(Pt(27))))
                level.set("indent", str(int(-Pt(27))))
                spc = level.find(qn("a:spcBef"))
                if spc is not None:
                    for child in list(spc):
                        spc.remove(child)
                    etree.SubElement(spc, qn("a:spcPts"), val="1000")


def _default_language(prs: Any) -> None:
    default = prs.part._element.find(qn("p:defaultTextStyle"))
    if default is None:
        return
    for level in default:
        rpr = level.find(qn("a:defRPr"))
        if rpr is not None:
            rpr.set("lang", "fr-FR")


def _cover_rule(layout: Any) -> None:
    """The title and closing slides: their larger band would cross the master's rule.

    They hide the master's shapes and draw the rule higher, between the coloured
    fill and the band.
    """
    layout._element.set("showMasterSp", "0")
    top = (COVER_FILL_HEIGHT + COVER_BAND[1]) / 2
    line = ADOPT(
        layout,
        lambda shapes: shapes.add_connector(
            1, Inches(0.5), Inches(top), Inches(12.83), Inches(top)
        ),
    )
    line.name = "Filet du bandeau"
    line.line.color.rgb = RGBColor(0xD0, 0xD5, 0xDA)
    line.line.width = Pt(0.75)


def make_deck(path: Path) -> None:
    global ADOPT
    prs = Presentation()
    ADOPT = _Adopt(prs)
    prs.slide_width = Emu(12192000)
    prs.slide_height = Emu(6858000)
    _theme(prs)
    _default_language(prs)
    master = prs.slide_master
    _text_styles(master)
    _drop_placeholders(
        master, (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
    )
    for shape in master.placeholders:
        kind = shape.placeholder_format.type
        if kind == PP_PLACEHOLDER.TITLE:
            _set_box(shape, (0.6, 0.3, 12.13, 1.0))
        elif kind == PP_PLACEHOLDER.BODY:
            _set_box(shape, (0.6, 1.55, 12.13, 4.85))
    _decor(master, (0.6, 1.3, 1.3, 0.07), "accent1", "Filet d'accent")
    line = ADOPT(
        master,
        lambda shapes: shapes.add_connector(
            1, Inches(0.5), Inches(6.62), Inches(12.83), Inches(6.62)
        ),
    )
    line.name = "Filet du bandeau"
    line.line.color.rgb = RGBColor(0xD0, 0xD5, 0xDA)
    line.line.width = Pt(0.75)
    _marker(master, BAND)

    layouts = list(prs.slide_layouts)
    names = {
        0: "Titre",
        1: "Contenu",
        2: "Section",
        3: "Deux contenus",
        5: "Titre seul",
        6: "Vide",
        7: "Clôture",
    }
    for index, layout in enumerate(layouts):
        if index not in names:
            prs.slide_layouts.remove(layout)
            continue
        layout.name = names[index]
        _drop_placeholders(
            layout, (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
        )
        for shape in layout.placeholders:
            kind = shape.placeholder_format.type
            if kind in (PP_PLACEHOLDER.TITLE,) and names[index] in (
                "Contenu",
                "Deux contenus",
                "Titre seul",
            ):
                _set_box(shape, (0.6, 0.3, 12.13, 1.0))
        if names[index] == "Contenu":
            body = layout.placeholders[1]
            _set_box(body, (0.6, 1.55, 12.13, 4.85))
        if names[index] == "Deux contenus":
            _set_box(layout.placeholders[1], (0.6, 1.55, 5.9, 4.85))
            _set_box(layout.placeholders[2], (6.83, 1.55, 5.9, 4.85))
    by_name = {layout.name: layout for layout in prs.slide_layouts}

    cover = by_name["Titre"]
    _decor(cover, (0, 0, 13.333, COVER_FILL_HEIGHT), "tx2", "Fond de couverture")
    _decor(cover, (0.8, 3.55, 1.6, 0.08), "accent3", "Filet de couverture")
    for shape in cover.placeholders:
        if shape.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE:
            _set_box(shape, (0.8, 1.0, 11.7, 2.4))
            _text_colour(shape, "bg1", 40, True)
            shape._element.find(qn("p:txBody")).find(qn("a:bodyPr")).set("anchor", "b")
        elif shape.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE:
            _set_box(shape, (0.8, 3.8, 11.7, 2.2))
            _text_colour(shape, "bg2", 22, False, bullets=False)
            for p in shape._element.iter(qn("a:lvl1pPr")):
                p.set("algn", "l")
    _marker(cover, COVER_BAND)
    _cover_rule(cover)

    section = by_name["Section"]
    _decor(section, (0, 0, 13.333, COVER_FILL_HEIGHT), "accent2", "Fond des temps d'échange")
    _decor(section, (0.8, 1.05, 1.0, 1.0), "bg1", "Pastille", back=False)
    pastille = next(s for s in section.shapes if s.name == "Pastille")
    pastille.text_frame.text = "?"
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

    pastille.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    pastille.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    run = pastille.text_frame.paragraphs[0].runs[0]
    run.font.size = Pt(40)
    run.font.bold = True
    run.font.color.rgb = RGBColor.from_string(PALETTE["accent2"])
    for shape in section.placeholders:
        if shape.placeholder_format.type == PP_PLACEHOLDER.TITLE:
            _set_box(shape, (2.1, 0.9, 10.4, 1.3))
            _text_colour(shape, "bg1", 36, True)
            shape._element.find(qn("p:txBody")).find(qn("a:bodyPr")).set("anchor", "ctr")
        elif shape.placeholder_format.type == PP_PLACEHOLDER.BODY:
            _set_box(shape, (0.8, 2.55, 11.7, 3.45))
            _text_colour(shape, "bg1", 24, False, bullets=False)
            shape._element.find(qn("p:txBody")).find(qn("a:bodyPr")).set("anchor", "t")
    # Exchange slides come between content slides: the band keeps its place and size.
    _marker(section, BAND)

    closing = by_name["Clôture"]
    _drop_placeholders(closing, (PP_PLACEHOLDER.OBJECT,))
    _decor(closing, (0, 0, 13.333, COVER_FILL_HEIGHT), "tx2", "Fond de clôture")
    for shape in closing.placeholders:
        if shape.placeholder_format.type == PP_PLACEHOLDER.TITLE:
            _set_box(shape, (0.8, 1.2, 11.7, 1.8))
            _text_colour(shape, "bg1", 44, True)
            shape._element.find(qn("p:txBody")).find(qn("a:bodyPr")).set("anchor", "b")
        elif shape.placeholder_format.type == PP_PLACEHOLDER.BODY:
            _set_box(shape, (0.8, 3.3, 11.7, 2.6))
            _text_colour(shape, "bg2", 22, False, bullets=False)
    _marker(closing, COVER_BAND)
    _cover_rule(closing)
    prs.core_properties.title = "Modèle de support de webinaire dladocs"
    prs.core_properties.language = "fr-FR"
    prs.save(str(path))


def main() -> None:
    import datetime as dt

    from make_docx_templates import make_docx_templates

    OUT.mkdir(parents=True, exist_ok=True)
    make_deck(OUT / "deck.pptx")
    make_docx_templates(OUT)
    from make_presence_templates import make_emargement

    make_emargement(OUT / "emargement.docx")
    from dladocs._archive import normalise

    for template in OUT.iterdir():
        if template.suffix in (".docx", ".pptx"):
            normalise(template, dt.datetime(2020, 11, 1))
    print("templates written to", OUT)


if __name__ == "__main__":
    main()
