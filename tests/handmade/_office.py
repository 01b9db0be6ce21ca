"""Hand-made PPTX and DOCX files (python-pptx, python-docx, raw DrawingML), one defect each."""

from __future__ import annotations

import math
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.shared import Cm as DocxCm
from docx.shared import Pt as DocxPt
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.shapes.shapetree import GroupShapes, SlideShapes
from pptx.util import Cm, Pt

from . import _pictures as pic

MENTION = "Cofinancé par l'Union européenne"
MENTION_2014 = "UNION EUROPÉENNE – Fonds social européen"


def _deck() -> Presentation:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Cm(33.867), Cm(19.05)
    return deck


def _text(shapes: SlideShapes, text: str, x: float, y: float, w: float, size: int = 14) -> None:
    box = shapes.add_textbox(Cm(x), Cm(y), Cm(w), Cm(1.2))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    run.font.name = "Arial"
    run.font.size = Pt(size)
    run.font.color.rgb = RGBColor(0, 0, 0)


def _block(
    shapes: SlideShapes,
    flag: Path,
    x: float = 1,
    y: float = 1,
    h: float = 2,
    text: str = MENTION,
    ratio: float = 1.5,
) -> None:
    """The emblem picture (``ratio`` wide for 1 high) and the mention beside it."""
    shapes.add_picture(str(flag), Cm(x), Cm(y), Cm(h * ratio), Cm(h))
    _text(shapes, text, x + h * ratio + 0.3, y + h / 2 - 0.5, 14)


def native_emblem(
    shapes: SlideShapes | GroupShapes, x: float, y: float, h: float, stars: int = 12
) -> None:
    """The flag as PowerPoint shapes: a blue rectangle and five-point star shapes."""
    rect = shapes.add_shape(MSO_SHAPE.RECTANGLE, Cm(x), Cm(y), Cm(1.5 * h), Cm(h))
    rect.fill.solid()
    rect.fill.fore_color.rgb = RGBColor(0x00, 0x33, 0x99)
    rect.line.fill.background()
    size = h / 9
    for k in range(stars):
        angle = math.radians(90 - 30 * k)
        cx = x + 0.75 * h + h / 3 * math.cos(angle)
        cy = y + 0.5 * h - h / 3 * math.sin(angle)
        star = shapes.add_shape(
            MSO_SHAPE.STAR_5_POINT, Cm(cx - size / 2), Cm(cy - size / 2), Cm(size), Cm(size)
        )
        star.fill.solid()
        star.fill.fore_color.rgb = RGBColor(0xFF, 0xCC, 0x00)
        star.line.fill.background()


def pptx_other_logos(out: Path, tmp: Path) -> Path:
    """Slide 1: a partner logo in the emblem's row, taller and wider (E21-11).
    Slide 2: the same logo smaller (compliant).  Slide 3: a large photograph (compliant)."""
    flag, partner = pic.emblem(tmp / "flag.png"), pic.logo(tmp / "asso.png")
    photo = pic.photograph(tmp / "photo.jpg")
    deck = _deck()
    blank = deck.slide_layouts[6]
    slide = deck.slides.add_slide(blank)
    _block(slide.shapes, flag, 1, 15.5, 2)
    slide.shapes.add_picture(str(partner), Cm(26), Cm(15), Cm(7), Cm(3.5))
    _text(slide.shapes, "Atelier : trésorerie des associations", 1, 3, 30, 28)
    slide = deck.slides.add_slide(blank)
    _block(slide.shapes, flag, 1, 15.5, 2)
    slide.shapes.add_picture(str(partner), Cm(28), Cm(16), Cm(3), Cm(1.5))
    _text(slide.shapes, "Programme de la matinée", 1, 3, 30, 28)
    slide = deck.slides.add_slide(blank)
    _block(slide.shapes, flag, 1, 15.5, 2)
    slide.shapes.add_picture(str(photo), Cm(8), Cm(4), Cm(14), Cm(10.5))
    _text(slide.shapes, "Retour en images", 1, 1, 30, 28)
    deck.save(out)
    return out


def freeform_emblem(shapes: SlideShapes, x: float, y: float, h: float) -> None:
    """The flag with twelve free-form pentagrams (Insert > Shapes > Freeform)."""
    rect = shapes.add_shape(MSO_SHAPE.RECTANGLE, Cm(x), Cm(y), Cm(1.5 * h), Cm(h))
    rect.fill.solid()
    rect.fill.fore_color.rgb = RGBColor(0x00, 0x33, 0x99)
    rect.line.fill.background()
    for k in range(12):
        angle = math.radians(90 - 30 * k)
        cx = x + 0.75 * h + h / 3 * math.cos(angle)
        cy = y + 0.5 * h - h / 3 * math.sin(angle)
        points = [(Cm(px), Cm(py)) for px, py in pic.star_points(cx, cy, h / 18)]
        builder = shapes.build_freeform(*points[0])
        builder.add_line_segments(points[1:], close=True)
        star = builder.convert_to_shape()
        star.fill.solid()
        star.fill.fore_color.rgb = RGBColor(0xFF, 0xCC, 0x00)
        star.line.fill.background()


def pptx_native(out: Path) -> Path:
    """Slide 1: grouped native emblem (compliant).  Slide 2: ungrouped (compliant).
    Slide 3: eleven star shapes (E21-10, not « absent »).  Slide 4: free-form stars."""
    deck = _deck()
    blank = deck.slide_layouts[6]
    slide = deck.slides.add_slide(blank)
    native_emblem(slide.shapes.add_group_shape().shapes, 1, 1, 2.4)
    _text(slide.shapes, MENTION, 5, 1.6, 12)
    slide = deck.slides.add_slide(blank)
    native_emblem(slide.shapes, 1, 1, 2.4)
    _text(slide.shapes, MENTION, 5, 1.6, 12)
    slide = deck.slides.add_slide(blank)
    native_emblem(slide.shapes.add_group_shape().shapes, 1, 1, 2.4, stars=11)
    _text(slide.shapes, MENTION, 5, 1.6, 12)
    slide = deck.slides.add_slide(blank)
    freeform_emblem(slide.shapes, 1, 1, 2.4)
    _text(slide.shapes, MENTION, 5, 1.6, 12)
    deck.save(out)
    return out


def pptx_wrong_emblems(out: Path, tmp: Path, text: str = MENTION) -> Path:
    """Slides 1-4: eleven stars, wrong blue, white stars, stretched rectangle; slide 5 right."""
    flags = [
        pic.emblem(tmp / "eleven.png", stars=11),
        pic.emblem(tmp / "blue.png", blue="#3366FF"),
        pic.emblem(tmp / "white.png", star="#FFFFFF"),
        pic.emblem(tmp / "wide.png", ratio=2.0),
        pic.emblem(tmp / "right.png"),
    ]
    deck = _deck()
    for flag in flags:
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        # Each picture shown at its own proportions: the stretched one is 2:1 as drawn.
        ratio = 2.0 if flag.stem == "wide" else 1.5
        _block(slide.shapes, flag, 1, 1, 2.4, text, ratio)
        _text(slide.shapes, "Diagnostic partagé", 1, 6, 30, 28)
    deck.save(out)
    return out


def pptx_flattened(out: Path, tmp: Path) -> Path:
    """Slide 1 compliant; slide 2 a whole-slide picture (a flattened export): unverifiable."""
    flag = pic.emblem(tmp / "flag.png")
    scan = pic.scanned_page(tmp / "slide.png", ["Diagnostic partagé"], flag, (1600, 900))
    deck = _deck()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _block(slide.shapes, flag)
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    slide.shapes.add_picture(str(scan), 0, 0, deck.slide_width, deck.slide_height)
    deck.save(out)
    return out


# --------------------------------------------------------------------------- DOCX

_WPG = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)
CM = 360000


def _wsp(shape_id: int, geom: str, x: int, y: int, w: int, h: int, colour: str) -> str:
    return (
        f'<wps:wsp><wps:cNvPr id="{shape_id}" name="Forme {shape_id}"/><wps:cNvSpPr/>'
        f'<wps:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        f'<a:prstGeom prst="{geom}"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        "</wps:spPr><wps:bodyPr/></wps:wsp>"
    )


def docx_group_emblem(height_cm: float, stars: int = 12) -> str:
    """An anchored group (Word's « Grouper ») of a rectangle and star shapes."""
    h = round(height_cm * CM)
    w = round(1.5 * h)
    shapes = [_wsp(2, "rect", 0, 0, w, h, "003399")]
    size = h // 9
    for k in range(stars):
        angle = math.radians(90 - 30 * k)
        cx = 0.75 * h + h / 3 * math.cos(angle)
        cy = 0.5 * h - h / 3 * math.sin(angle)
        shapes.append(
            _wsp(3 + k, "star5", round(cx - size / 2), round(cy - size / 2), size, size, "FFCC00")
        )
    return (
        f'<wp:anchor {_WPG} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="2" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="page"><wp:posOffset>720000</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="page"><wp:posOffset>360000</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{w}" cy="{h}"/><wp:wrapNone/><wp:docPr id="1" name="Groupe 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingGroup"><wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm>'
        f'<a:off x="0" y="0"/><a:ext cx="{w}" cy="{h}"/><a:chOff x="0" y="0"/>'
        f'<a:chExt cx="{w}" cy="{h}"/></a:xfrm></wpg:grpSpPr>' + "".join(shapes) + "</wpg:wgp>"
        "</a:graphicData></a:graphic></wp:anchor>"
    )


def _header_with_shapes(document: Document, stars: int) -> None:
    header = document.sections[0].header
    paragraph = header.paragraphs[0]
    run = paragraph.add_run()
    drawing = parse_xml(
        '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + docx_group_emblem(1.6, stars)
        + "</w:drawing>"
    )
    run._r.append(drawing)
    mention = paragraph.add_run("\t\t" + MENTION)
    mention.font.name = "Arial"
    mention.font.size = DocxPt(11)


def docx_native(out: Path, stars: int = 12) -> Path:
    """A letter whose header holds the emblem drawn as Word shapes (grouped) and the mention."""
    document = Document()
    _header_with_shapes(document, stars)
    body = document.add_paragraph("Compte rendu de l'accompagnement collectif.")
    body.runs[0].font.name = "Arial"
    document.save(out)
    return out


def docx_form(out: Path, tmp: Path, *, footer_on_second: bool) -> Path:
    """« Feuille d'émargement » in two sections (2014-2020 wording): the header block on both,
    the statement in the footer of the first, and of the second unless planted out."""
    flag = pic.emblem(tmp / "flag.png")
    document = Document()
    statement = (
        "Ce projet est cofinancé par le Fonds social européen dans le cadre du programme "
        "opérationnel national « Emploi et Inclusion » 2014-2020"
    )
    for number in (1, 2):
        section = document.sections[0] if number == 1 else document.add_section()
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        paragraph = section.header.paragraphs[0]
        paragraph.add_run().add_picture(str(flag), width=DocxCm(2.4))
        paragraph.add_run("  UNION EUROPÉENNE – Fonds social européen").font.name = "Arial"
        if number == 1 or footer_on_second:
            section.footer.paragraphs[0].add_run(statement).font.name = "Arial"
        title = document.add_paragraph()
        title.add_run(f"Feuille d'émargement – séance {number}").font.name = "Arial"
        table = document.add_table(rows=6, cols=3)
        for row, cells in enumerate(table.rows):
            cells.cells[0].text = "Nom" if row == 0 else ""
            cells.cells[1].text = "Structure" if row == 0 else ""
            cells.cells[2].text = "Signature" if row == 0 else ""
    document.save(out)
    return out


def docx_logo_row(out: Path, tmp: Path, *, logo_cm: float) -> Path:
    """A header paragraph with the emblem (1.5 cm tall), the mention and a partner logo
    ``logo_cm`` tall; a large photograph in the body (never a logo)."""
    flag, partner = pic.emblem(tmp / "flag.png"), pic.logo(tmp / "asso.png")
    photo = pic.photograph(tmp / "photo.jpg")
    document = Document()
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.add_run().add_picture(str(flag), height=DocxCm(1.5))
    mention = paragraph.add_run("  " + MENTION + "    ")
    mention.font.name = "Arial"
    mention.font.size = DocxPt(10)
    paragraph.add_run().add_picture(str(partner), height=DocxCm(logo_cm))
    document.add_paragraph("Retour en images de l'atelier.").runs[0].font.name = "Arial"
    document.add_paragraph().add_run().add_picture(str(photo), width=DocxCm(15))
    document.save(out)
    return out


def encrypted_office(out: Path) -> Path:
    """What Office writes for a password-protected .docx: an OLE file holding EncryptedPackage."""
    magic = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    body = b"\x00" * 504 + "EncryptedInfo".encode("utf-16-le") + b"\x00" * 64
    body += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 2048
    out.write_bytes(magic + body)
    return out
