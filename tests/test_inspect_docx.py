"""DOCX inspection: header bands as Word prints them, body pictures, effective run formatting."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.shared import Cm, Pt, RGBColor

from dladocs.inspect import detect_format, inspect_file
from dladocs.types import Inspection, Picture, Surface, TextRun

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)


def png(
    path: Path, size: tuple[int, int] = (300, 200), colour: tuple[int, int, int] = (0, 51, 153)
) -> Path:
    from PIL import Image

    Image.new("RGB", size, colour).save(path)
    return path


def band(inspection: Inspection, index: int, variant: str) -> Surface:
    return next(
        s
        for s in inspection.surfaces
        if s.kind == "header" and s.index == index and s.variant == variant
    )


def body(inspection: Inspection, index: int) -> Surface:
    return next(s for s in inspection.surfaces if s.kind == "body" and s.index == index)


def run(surface: Surface, text: str) -> TextRun:
    return next(r for r in surface.texts if r.text == text)


def only(items: list[Picture]) -> Picture:
    assert len(items) == 1, items
    return items[0]


# --------------------------------------------------------------------------- header bands


def test_first_page_header_without_the_logo_is_a_band_without_picture(tmp_path: Path) -> None:
    logo = png(tmp_path / "ue.png")
    document = Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].add_run().add_picture(str(logo), width=Cm(3))
    section.first_page_header.paragraphs[0].text = "Rapport final"
    document.add_paragraph("Corps du rapport")
    path = tmp_path / "rapport.docx"
    document.save(path)

    assert detect_format(path) == "docx"
    inspection = inspect_file(path)
    default = band(inspection, 1, "default")
    first = band(inspection, 1, "first")
    picture = only(default.pictures)
    assert picture.origin == "header"
    assert picture.width == pytest.approx(Cm(3).pt, abs=0.01)
    assert picture.box is None  # inline: only the size is known
    assert picture.sha256 == hashlib.sha256(logo.read_bytes()).hexdigest()
    assert picture.pixel_size == (300, 200)
    assert first.pictures == []
    assert first.text == "Rapport final"
    assert first.label == "section 1 (en-tête et pied de première page)"
    assert [s.kind for s in inspection.surfaces] == ["header", "header", "body"]


def test_title_page_without_any_first_page_header_shows_an_empty_band(tmp_path: Path) -> None:
    logo = png(tmp_path / "ue.png")
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].add_run().add_picture(str(logo), width=Cm(3))
    title_pg = parse_xml(f"<w:titlePg {NSDECL}/>")
    section._sectPr.append(title_pg)
    path = tmp_path / "rapport.docx"
    document.save(path)

    inspection = inspect_file(path)
    assert len(band(inspection, 1, "default").pictures) == 1
    first = band(inspection, 1, "first")
    assert first.pictures == [] and first.texts == []
    assert any("Word n'y affiche rien" in note for note in first.notes)


def test_even_page_headers_are_their_own_band(tmp_path: Path) -> None:
    odd_logo = png(tmp_path / "odd.png", colour=(0, 51, 153))
    even_logo = png(tmp_path / "even.png", colour=(255, 204, 0))
    document = Document()
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.header.paragraphs[0].add_run().add_picture(str(odd_logo), width=Cm(3))
    section.even_page_footer.paragraphs[0].add_run().add_picture(str(even_logo), width=Cm(2))
    path = tmp_path / "fiche.docx"
    document.save(path)

    inspection = inspect_file(path)
    assert inspection.metadata["even_and_odd_headers"] is True
    default = only(band(inspection, 1, "default").pictures)
    even = only(band(inspection, 1, "even").pictures)
    assert default.sha256 == hashlib.sha256(odd_logo.read_bytes()).hexdigest()
    assert even.sha256 == hashlib.sha256(even_logo.read_bytes()).hexdigest()
    assert even.origin == "footer"


def test_second_section_linked_to_previous_shows_the_same_header(tmp_path: Path) -> None:
    logo = png(tmp_path / "ue.png")
    other = png(tmp_path / "autre.png", colour=(200, 0, 0))
    document = Document()
    document.sections[0].header.paragraphs[0].add_run().add_picture(str(logo), width=Cm(3))
    document.add_paragraph("Section 1")
    second = document.add_section()
    assert second.header.is_linked_to_previous
    document.add_paragraph("Section 2")
    third = document.add_section()
    third.header.is_linked_to_previous = False
    third.header.paragraphs[0].add_run().add_picture(str(other), width=Cm(2))
    path = tmp_path / "rapport.docx"
    document.save(path)

    inspection = inspect_file(path)
    assert inspection.metadata["sections"] == 3
    one = only(band(inspection, 1, "default").pictures)
    two = only(band(inspection, 2, "default").pictures)
    three = only(band(inspection, 3, "default").pictures)
    assert two.sha256 == one.sha256 and two.group == one.group
    assert three.sha256 == hashlib.sha256(other.read_bytes()).hexdigest()
    assert body(inspection, 2).text == "Section 2"


def test_vml_watermark_in_the_header_is_a_recoloured_picture(tmp_path: Path) -> None:
    logo = png(tmp_path / "filigrane.png")
    document = Document()
    section = document.sections[0]
    header = section.header
    rid, _ = header.part.get_or_add_image(str(logo))
    paragraph = header.paragraphs[0]
    paragraph._p.append(
        parse_xml(
            f"<w:r {NSDECL}><w:pict><v:shape id='WordPictureWatermark1' o:spid='_x0000_s2049' "
            "type='#_x0000_t75' style='position:absolute;margin-left:0;margin-top:0;width:400pt;"
            "height:200pt;z-index:-251657216;mso-position-horizontal:center;"
            "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
            "mso-position-vertical-relative:margin'>"
            f"<v:imagedata r:id='{rid}' o:title='filigrane' gain='19661f' blacklevel='22938f'/>"
            "</v:shape></w:pict></w:r>"
        )
    )
    path = tmp_path / "filigrane.docx"
    document.save(path)

    picture = only(band(inspect_file(path), 1, "default").pictures)
    assert (picture.width, picture.height) == (400.0, 200.0)
    assert picture.recoloured
    assert picture.description == "filigrane"
    assert picture.box is not None
    usable_width = section.page_width.pt - section.left_margin.pt - section.right_margin.pt
    usable_height = section.page_height.pt - section.top_margin.pt - section.bottom_margin.pt
    assert picture.box.x == pytest.approx(section.left_margin.pt + (usable_width - 400) / 2)
    assert picture.box.y == pytest.approx(section.top_margin.pt + (usable_height - 200) / 2)


def test_anchored_picture_positioned_on_the_page_has_a_box(tmp_path: Path) -> None:
    logo = png(tmp_path / "ue.png")
    document = Document()
    header = document.sections[0].header
    header.paragraphs[0].add_run().add_picture(str(logo), width=Cm(3), height=Cm(2))
    drawing = header.paragraphs[0].runs[0]._r.find(f"{{{W_NS}}}drawing")
    inline = drawing[0]
    graphic = inline.find("{http://schemas.openxmlformats.org/drawingml/2006/main}graphic")
    anchor = parse_xml(
        f"<wp:anchor {NSDECL} distT='0' distB='0' distL='0' distR='0' simplePos='0' "
        "relativeHeight='1' behindDoc='0' locked='0' layoutInCell='1' allowOverlap='1'>"
        "<wp:simplePos x='0' y='0'/>"
        f"<wp:positionH relativeFrom='page'><wp:posOffset>{Cm(1)}</wp:posOffset></wp:positionH>"
        f"<wp:positionV relativeFrom='page'><wp:posOffset>{Cm(0.5)}</wp:posOffset></wp:positionV>"
        f"<wp:extent cx='{Cm(3)}' cy='{Cm(2)}'/><wp:wrapNone/>"
        "<wp:docPr id='77' name='dladocs:logo:eu-emblem' descr='Drapeau européen'/>"
        "</wp:anchor>"
    )
    anchor.append(graphic)
    drawing.replace(inline, anchor)
    path = tmp_path / "ancre.docx"
    document.save(path)

    picture = only(band(inspect_file(path), 1, "default").pictures)
    assert picture.tag == "eu-emblem"
    assert picture.description == "Drapeau européen"
    assert picture.box is not None
    assert picture.box.x == pytest.approx(Cm(1).pt, abs=0.01)
    assert picture.box.y == pytest.approx(Cm(0.5).pt, abs=0.01)
    assert picture.box.height == pytest.approx(Cm(2).pt, abs=0.01)


def test_pictures_and_text_in_one_header_table_row_share_a_group(tmp_path: Path) -> None:
    logo = png(tmp_path / "ue.png")
    partner = png(tmp_path / "partenaire.png", colour=(20, 120, 20))
    document = Document()
    header = document.sections[0].header
    table = header.add_table(2, 3, width=Cm(16))
    table.cell(0, 0).paragraphs[0].add_run().add_picture(str(logo), width=Cm(3))
    table.cell(0, 1).paragraphs[0].text = "Cofinancé par l'Union européenne"
    table.cell(1, 2).paragraphs[0].add_run().add_picture(str(partner), width=Cm(2))
    path = tmp_path / "bandeau.docx"
    document.save(path)

    surface = band(inspect_file(path), 1, "default")
    emblem, other = surface.pictures
    mention = run(surface, "Cofinancé par l'Union européenne")
    assert emblem.group == mention.group
    assert other.group != emblem.group
    assert emblem.group.startswith("word/header")


# --------------------------------------------------------------------------- body


def test_body_pictures_before_and_after_the_first_page_break(tmp_path: Path) -> None:
    logo = png(tmp_path / "ue.png")
    document = Document()
    document.add_paragraph().add_run().add_picture(str(logo), width=Cm(4))
    document.add_paragraph("Couverture")
    document.add_page_break()
    document.add_paragraph().add_run().add_picture(str(logo), width=Cm(2))
    path = tmp_path / "rapport.docx"
    document.save(path)

    cover, later = body(inspect_file(path), 1).pictures
    assert cover.origin == "body-first-page"
    assert later.origin == "body"
    assert cover.width == pytest.approx(Cm(4).pt, abs=0.01)


def test_a_break_before_any_content_does_not_end_the_first_page(tmp_path: Path) -> None:
    logo = png(tmp_path / "ue.png")
    document = Document()
    document.add_paragraph("Section 1")
    document.add_section()
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.page_break_before = True
    paragraph.add_run().add_picture(str(logo), width=Cm(4))
    path = tmp_path / "rapport.docx"
    document.save(path)

    assert only(body(inspect_file(path), 2).pictures).origin == "body-first-page"


# --------------------------------------------------------------------------- text


def test_effective_fonts_from_docdefaults_theme_styles_and_direct_formatting(
    tmp_path: Path,
) -> None:
    document = Document()
    document.add_paragraph("Texte ordinaire")
    document.add_heading("Titre de niveau 1", level=1)
    styles = document.styles
    mention = styles.add_style("Mention UE", WD_STYLE_TYPE.CHARACTER)
    mention.font.name = "Arial"
    mention.font.size = Pt(9)
    paragraph = document.add_paragraph()
    paragraph.add_run("Cofinancé par l'Union européenne", style="Mention UE")
    direct = document.add_paragraph().add_run("Garamond direct")
    direct.font.name = "Garamond"
    path = tmp_path / "styles.docx"
    document.save(path)

    surface = body(inspect_file(path), 1)
    plain = run(surface, "Texte ordinaire")
    heading = run(surface, "Titre de niveau 1")
    styled = run(surface, "Cofinancé par l'Union européenne")
    assert plain.font == "Cambria"  # docDefaults → minorHAnsi → theme minor font
    assert plain.size == 11.0  # docDefaults w:sz 22 half-points
    assert heading.font == "Calibri"  # Heading 1 → majorHAnsi → theme major font
    assert heading.bold
    assert heading.color is not None and heading.color != "000000"
    assert styled.font == "Arial" and styled.size == 9.0
    assert run(surface, "Garamond direct").font == "Garamond"
    assert plain.group == "word/document.xml#p0"


def test_italic_underline_colour_effects_and_toggle_styles(tmp_path: Path) -> None:
    document = Document()
    italic_para = document.styles.add_style("Paragraphe italique", WD_STYLE_TYPE.PARAGRAPH)
    italic_para.font.italic = True
    italic_char = document.styles.add_style("Caractère italique", WD_STYLE_TYPE.CHARACTER)
    italic_char.font.italic = True
    paragraph = document.add_paragraph(style="Paragraphe italique")
    paragraph.add_run("penché ")
    paragraph.add_run("droit", style="Caractère italique")  # italic twice cancels out
    formatted = document.add_paragraph()
    underlined = formatted.add_run("souligné ")
    underlined.font.underline = True
    underlined.font.color.rgb = RGBColor(0x00, 0x33, 0x99)
    shadow = formatted.add_run("ombré ")
    shadow.font.shadow = True
    glowing = formatted.add_run("lumineux")
    glowing._r.get_or_add_rPr().append(
        parse_xml(f"<w14:glow {NSDECL} w14:rad='63500'><w14:srgbClr w14:val='FFCC00'/></w14:glow>")
    )
    auto = document.add_paragraph().add_run("couleur automatique")
    auto._r.get_or_add_rPr().append(parse_xml(f"<w:color {NSDECL} w:val='auto'/>"))
    path = tmp_path / "format.docx"
    document.save(path)

    surface = body(inspect_file(path), 1)
    assert run(surface, "penché ").italic
    assert not run(surface, "droit").italic
    styled = run(surface, "souligné ")
    assert styled.underline and styled.color == "003399" and not styled.italic
    assert run(surface, "ombré ").effects == ("shadow",)
    assert run(surface, "lumineux").effects == ("glow",)
    assert run(surface, "couleur automatique").color is None


def test_hidden_text_is_skipped_and_field_results_are_kept(tmp_path: Path) -> None:
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("visible ")
    hidden = paragraph.add_run("caché")
    hidden.font.hidden = True
    field = document.add_paragraph()
    field._p.append(parse_xml(f"<w:r {NSDECL}><w:fldChar w:fldCharType='begin'/></w:r>"))
    field._p.append(parse_xml(f"<w:r {NSDECL}><w:instrText> PAGE </w:instrText></w:r>"))
    field._p.append(parse_xml(f"<w:r {NSDECL}><w:fldChar w:fldCharType='separate'/></w:r>"))
    field._p.append(parse_xml(f"<w:r {NSDECL}><w:t>7</w:t></w:r>"))
    field._p.append(parse_xml(f"<w:r {NSDECL}><w:fldChar w:fldCharType='end'/></w:r>"))
    path = tmp_path / "champs.docx"
    document.save(path)

    surface = body(inspect_file(path), 1)
    assert "caché" not in surface.text
    assert "visible" in surface.text
    assert "7" in [r.text for r in surface.texts]
    assert "PAGE" not in surface.text


def test_text_box_alternate_content_is_read_once_from_the_drawingml_choice(
    tmp_path: Path,
) -> None:
    logo = png(tmp_path / "ue.png")
    document = Document()
    holder = document.add_paragraph()
    holder.add_run().add_picture(str(logo), width=Cm(2))
    picture_run = holder.runs[0]._r
    drawing = picture_run.find(f"{{{W_NS}}}drawing")
    rid = drawing.xpath(".//a:blip/@r:embed")[0]
    holder._p.remove(picture_run)
    inline_picture = drawing.xml
    mention = "<w:p><w:r><w:t>Cofinancé par l'Union européenne</w:t></w:r></w:p>"
    box = (
        f"<w:r {NSDECL} xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006' "
        "xmlns:wps='http://schemas.microsoft.com/office/word/2010/wordprocessingShape'>"
        "<mc:AlternateContent><mc:Choice Requires='wps'><w:drawing>"
        f"<wp:inline><wp:extent cx='{Cm(8)}' cy='{Cm(3)}'/><wp:docPr id='50' name='Zone'/>"
        "<a:graphic><a:graphicData "
        "uri='http://schemas.microsoft.com/office/word/2010/wordprocessingShape'><wps:wsp>"
        "<wps:cNvSpPr txBox='1'/><wps:spPr><a:xfrm><a:off x='0' y='0'/>"
        f"<a:ext cx='{Cm(8)}' cy='{Cm(3)}'/></a:xfrm><a:prstGeom prst='rect'/></wps:spPr>"
        f"<wps:txbx><w:txbxContent>{mention}<w:p><w:r>{inline_picture}</w:r></w:p>"
        "</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
        "</wp:inline></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        "<v:shape style='width:226pt;height:85pt'><v:textbox><w:txbxContent>"
        f"{mention}<w:p><w:r><w:pict><v:shape style='width:56pt;height:37pt'>"
        f"<v:imagedata r:id='{rid}'/></v:shape></w:pict></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    holder._p.append(parse_xml(box))
    path = tmp_path / "zone.docx"
    document.save(path)

    surface = body(inspect_file(path), 1)
    picture = only(surface.pictures)
    assert picture.width == pytest.approx(Cm(2).pt, abs=0.01)  # the DrawingML one
    assert [r.text for r in surface.texts] == ["Cofinancé par l'Union européenne"]
    assert surface.texts[0].group == picture.group == "word/document.xml#p0"
