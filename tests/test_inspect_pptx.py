"""PPTX inspection: what each slide really shows, inherited pictures and effective fonts."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml import parse_xml
from pptx.util import Cm, Inches, Pt

from dladocs.inspect import detect_format, inspect_file
from dladocs.types import Inspection, Picture, Surface

NSDECL = (
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def emblem(path: Path, size: tuple[int, int] = (300, 200)) -> Path:
    """A small EU-blue PNG with a yellow square: enough to be a distinct picture."""
    image = Image.new("RGB", size, (0, 51, 153))
    image.paste((255, 204, 0), (size[0] // 3, size[1] // 3, size[0] // 2, size[1] // 2))
    image.save(path)
    return path


def pt(length: int) -> float:
    return length / 12700


def blank_slide(prs: Presentation):  # type: ignore[no-untyped-def]
    return prs.slides.add_slide(prs.slide_layouts[6])


def rewrite(path: Path, changes: dict[str, Callable[[bytes], bytes]]) -> None:
    """Rewrite members of a saved package (what a hand edit in PowerPoint could produce)."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            change = changes.get(info.filename)
            target.writestr(info.filename, change(data) if change else data)
    path.write_bytes(buffer.getvalue())


def only(items: list[Picture]) -> Picture:
    assert len(items) == 1, items
    return items[0]


def run_texts(surface: Surface) -> dict[str, object]:
    return {run.text: run for run in surface.texts}


# --------------------------------------------------------------------------- pictures


def test_a_picture_on_a_slide_is_found_with_its_box_and_fingerprint(tmp_path: Path) -> None:
    image = emblem(tmp_path / "eu.png")
    prs = Presentation()
    slide = blank_slide(prs)
    shape = slide.shapes.add_picture(str(image), Cm(2), Cm(3), width=Cm(6))
    shape.name = "dladocs:logo:eu-emblem"
    shape._element.nvPicPr.cNvPr.set("descr", "Drapeau européen")
    deck = tmp_path / "deck.pptx"
    prs.save(deck)

    assert detect_format(deck) == "pptx"
    inspection = inspect_file(deck)
    assert isinstance(inspection, Inspection)
    assert inspection.format == "pptx"
    surface = inspection.surfaces[0]
    assert (surface.kind, surface.index, surface.label) == ("slide", 1, "diapositive 1")
    assert surface.width == pytest.approx(720) and surface.height == pytest.approx(540)
    picture = only(surface.pictures)
    assert picture.tag == "eu-emblem"
    assert picture.description == "Drapeau européen"
    assert picture.origin == "slide"
    assert picture.box is not None
    assert picture.box.x == pytest.approx(pt(Cm(2)), abs=0.01)
    assert picture.box.y == pytest.approx(pt(Cm(3)), abs=0.01)
    assert picture.width == pytest.approx(pt(Cm(6)), abs=0.01)
    assert picture.height == pytest.approx(pt(Cm(6)) * 2 / 3, abs=0.05)
    assert picture.sha256 == hashlib.sha256(image.read_bytes()).hexdigest()
    assert picture.pixel_size == (300, 200)
    assert not (picture.cropped or picture.flipped or picture.recoloured or picture.linked)
    assert picture.load is not None
    loaded = picture.load()
    assert loaded is not None and loaded.size == (300, 200)


def _master_picture(prs: Presentation, image: Path) -> None:
    master = prs.slide_master
    _, rid = master.part.get_or_add_image_part(str(image))
    master.shapes._spTree.append(
        parse_xml(
            f"<p:pic {NSDECL}><p:nvPicPr><p:cNvPr id='900' name='Logo du masque'/><p:cNvPicPr/>"
            f"<p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed='{rid}'/><a:stretch><a:fillRect/>"
            f"</a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x='{Cm(1)}' y='{Cm(16)}'/>"
            f"<a:ext cx='{Cm(3)}' cy='{Cm(2)}'/></a:xfrm><a:prstGeom prst='rect'><a:avLst/>"
            "</a:prstGeom></p:spPr></p:pic>"
        )
    )


def test_master_picture_is_inherited_unless_layout_or_slide_hides_master_shapes(
    tmp_path: Path,
) -> None:
    image = emblem(tmp_path / "eu.png")
    prs = Presentation()
    _master_picture(prs, image)
    hidden_layout = prs.slide_layouts[5]
    hidden_layout._element.set("showMasterSp", "0")
    shows = prs.slides.add_slide(prs.slide_layouts[1])
    prs.slides.add_slide(hidden_layout)
    hides_itself = prs.slides.add_slide(prs.slide_layouts[1])
    hides_itself._element.set("showMasterSp", "0")
    shows.shapes.title.text = "Avec le logo du masque"
    deck = tmp_path / "deck.pptx"
    prs.save(deck)

    first, second, third = inspect_file(deck).surfaces
    inherited = only(first.pictures)
    assert inherited.origin == "master"
    assert inherited.name == "Logo du masque"
    assert inherited.box is not None
    assert inherited.box.y == pytest.approx(pt(Cm(16)), abs=0.01)
    assert inherited.height == pytest.approx(pt(Cm(2)), abs=0.01)
    assert second.pictures == []
    assert third.pictures == []


def test_layout_placeholders_are_not_drawn_but_a_filled_picture_placeholder_is(
    tmp_path: Path,
) -> None:
    image = emblem(tmp_path / "eu.png")
    prs = Presentation()
    layout = prs.slide_layouts[8]  # Picture with Caption
    empty = prs.slides.add_slide(layout)
    filled = prs.slides.add_slide(layout)
    filled.placeholders[1].insert_picture(str(image))
    deck = tmp_path / "deck.pptx"
    prs.save(deck)

    first, second = inspect_file(deck).surfaces
    assert empty.shapes  # the placeholders exist, yet show nothing
    assert first.pictures == []
    picture = only(second.pictures)
    layout_ph = layout.placeholders[1]
    assert picture.origin == "slide"
    assert picture.box is not None
    # The slide placeholder takes its position from the layout placeholder.
    assert picture.box.x == pytest.approx(pt(layout_ph.left), abs=0.01)
    assert picture.box.y == pytest.approx(pt(layout_ph.top), abs=0.01)


def test_picture_in_nested_groups_gets_the_box_through_both_group_transforms(
    tmp_path: Path,
) -> None:
    image = emblem(tmp_path / "eu.png")
    prs = Presentation()
    slide = blank_slide(prs)
    outer = slide.shapes.add_group_shape()
    inner = outer.shapes.add_group_shape()
    inner.shapes.add_picture(str(image), Inches(0.5), Inches(0.5), Inches(1), Inches(0.5))

    def set_xfrm(group, off, ext, ch_off, ch_ext):  # type: ignore[no-untyped-def]
        xfrm = group._element.grpSpPr.find(f"{A}xfrm")
        for tag, (x, y) in (("off", off), ("chOff", ch_off)):
            xfrm.find(f"{A}{tag}").set("x", str(Inches(x)))
            xfrm.find(f"{A}{tag}").set("y", str(Inches(y)))
        for tag, (cx, cy) in (("ext", ext), ("chExt", ch_ext)):
            xfrm.find(f"{A}{tag}").set("cx", str(Inches(cx)))
            xfrm.find(f"{A}{tag}").set("cy", str(Inches(cy)))

    set_xfrm(outer, (1, 1), (4, 4), (0, 0), (2, 2))  # children scaled ×2
    set_xfrm(inner, (1, 0), (1, 1), (0, 0), (2, 2))  # children scaled ×0.5
    deck = tmp_path / "deck.pptx"
    prs.save(deck)

    picture = only(inspect_file(deck).surfaces[0].pictures)
    assert picture.box is not None
    assert picture.box.x == pytest.approx(3.5 * 72)
    assert picture.box.y == pytest.approx(1.5 * 72)
    assert picture.width == pytest.approx(72)
    assert picture.height == pytest.approx(36)
    assert picture.group == f"slide:grp{outer.shape_id}"


def test_picture_fill_of_an_autoshape_is_a_picture(tmp_path: Path) -> None:
    image = emblem(tmp_path / "eu.png")
    prs = Presentation()
    slide = blank_slide(prs)
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Cm(5), Cm(5), Cm(4.5), Cm(3))
    shape.name = "Rectangle rempli"
    _, rid = slide.part.get_or_add_image_part(str(image))
    sp_pr = shape._element.spPr
    for child in list(sp_pr):
        if child.tag in (f"{A}solidFill", f"{A}noFill"):
            sp_pr.remove(child)
    geometry = sp_pr.find(f"{A}prstGeom")
    geometry.addnext(
        parse_xml(
            f"<a:blipFill {NSDECL}><a:blip r:embed='{rid}'><a:grayscl/></a:blip>"
            "<a:srcRect l='10000'/><a:stretch><a:fillRect/></a:stretch></a:blipFill>"
        )
    )
    deck = tmp_path / "deck.pptx"
    prs.save(deck)

    picture = only(inspect_file(deck).surfaces[0].pictures)
    assert picture.name == "Rectangle rempli"
    assert picture.width == pytest.approx(pt(Cm(4.5)), abs=0.01)
    assert picture.cropped and picture.recoloured
    assert picture.sha256 == hashlib.sha256(image.read_bytes()).hexdigest()


def test_background_picture_is_inherited_from_the_master_unless_the_slide_has_its_own(
    tmp_path: Path,
) -> None:
    image = emblem(tmp_path / "fond.png", (64, 48))
    prs = Presentation()
    master = prs.slide_master
    _, rid = master.part.get_or_add_image_part(str(image))
    c_sld = master._element.find(f"{P}cSld")
    for old in c_sld.findall(f"{P}bg"):
        c_sld.remove(old)
    c_sld.insert(
        0,
        parse_xml(
            f"<p:bg {NSDECL}><p:bgPr><a:blipFill><a:blip r:embed='{rid}'/><a:stretch>"
            "<a:fillRect/></a:stretch></a:blipFill><a:effectLst/></p:bgPr></p:bg>"
        ),
    )
    blank_slide(prs)
    own = blank_slide(prs)
    own.background.fill.solid()
    own.background.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    deck = tmp_path / "deck.pptx"
    prs.save(deck)

    first, second = inspect_file(deck).surfaces
    background = only(first.pictures)
    assert background.origin == "background"
    assert background.box is not None
    assert (background.box.width, background.box.height) == (720, 540)
    assert background.pixel_size == (64, 48)
    assert second.pictures == []


def test_linked_picture_has_no_fingerprint_and_a_french_note(tmp_path: Path) -> None:
    image = emblem(tmp_path / "eu.png")
    prs = Presentation()
    slide = blank_slide(prs)
    picture = slide.shapes.add_picture(str(image), Cm(1), Cm(1), width=Cm(3))
    rid = slide.part.relate_to(
        "file:///C:/logos/ue.png",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
        is_external=True,
    )
    blip = picture._element.blipFill.find(f"{A}blip")
    del blip.attrib["{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"]
    blip.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}link", rid)
    deck = tmp_path / "deck.pptx"
    prs.save(deck)

    surface = inspect_file(deck).surfaces[0]
    linked = only(surface.pictures)
    assert linked.linked and linked.sha256 == "" and linked.load is None
    assert any("liée à un fichier externe" in note for note in surface.notes)


def test_hidden_shapes_are_not_seen(tmp_path: Path) -> None:
    image = emblem(tmp_path / "eu.png")
    prs = Presentation()
    slide = blank_slide(prs)
    picture = slide.shapes.add_picture(str(image), Cm(1), Cm(1), width=Cm(3))
    picture._element.nvPicPr.cNvPr.set("hidden", "1")
    deck = tmp_path / "deck.pptx"
    prs.save(deck)
    assert inspect_file(deck).surfaces[0].pictures == []


# --------------------------------------------------------------------------- text


def _theme_fonts(major: str, minor: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        root = etree.fromstring(data)
        scheme = root.find(f"{A}themeElements/{A}fontScheme")
        scheme.find(f"{A}majorFont/{A}latin").set("typeface", major)
        scheme.find(f"{A}minorFont/{A}latin").set("typeface", minor)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return change


def test_effective_fonts_come_from_the_theme_and_the_master_text_styles(tmp_path: Path) -> None:
    prs = Presentation()
    title_style = prs.slide_master._element.find(f"{P}txStyles/{P}titleStyle")
    title_style.find(f"{A}lvl1pPr/{A}defRPr/{A}latin").set("typeface", "Trebuchet MS")
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Titre du webinaire"
    slide.placeholders[1].text_frame.text = "Cofinancé par l'Union européenne"
    box = slide.shapes.add_textbox(Cm(1), Cm(15), Cm(10), Cm(2))
    box.text_frame.text = "Zone de texte libre"
    deck = tmp_path / "deck.pptx"
    prs.save(deck)
    rewrite(deck, {"ppt/theme/theme1.xml": _theme_fonts("Garamond", "Verdana")})

    runs = run_texts(inspect_file(deck).surfaces[0])
    title = runs["Titre du webinaire"]
    body = runs["Cofinancé par l'Union européenne"]
    free = runs["Zone de texte libre"]
    assert title.font == "Trebuchet MS"  # master titleStyle
    assert title.size == 44.0
    assert body.font == "Verdana"  # bodyStyle says +mn-lt, the theme says Verdana
    assert body.size == 32.0
    assert free.font == "Verdana"  # text box: presentation default style, +mn-lt
    assert free.size == 18.0
    assert body.box is not None and body.group == f"slide:sp{slide.placeholders[1].shape_id}"
    assert not (title.italic or body.italic or body.underline)


def test_run_formatting_italic_underline_colours_and_effects(tmp_path: Path) -> None:
    prs = Presentation()
    slide = blank_slide(prs)
    frame = slide.shapes.add_textbox(Cm(1), Cm(1), Cm(15), Cm(3)).text_frame
    paragraph = frame.paragraphs[0]
    italic = paragraph.add_run()
    italic.text = "Union européenne "
    italic.font.italic = True
    italic.font.color.rgb = RGBColor(0x00, 0x33, 0x99)
    underlined = paragraph.add_run()
    underlined.text = "Fonds social européen "
    underlined.font.underline = True
    underlined.font.color.theme_color = MSO_THEME_COLOR.ACCENT_1
    shadowed = paragraph.add_run()
    shadowed.text = "ombré"
    shadowed.font.size = Pt(12)
    shadowed.font.bold = True
    shadowed.font.color.theme_color = MSO_THEME_COLOR.TEXT_1
    r_pr = shadowed._r.get_or_add_rPr()
    r_pr.append(
        parse_xml(
            f"<a:effectLst {NSDECL}><a:outerShdw blurRad='38100' dist='38100'>"
            "<a:srgbClr val='000000'/></a:outerShdw></a:effectLst>"
        )
    )
    deck = tmp_path / "deck.pptx"
    prs.save(deck)
    theme = etree.fromstring(zipfile.ZipFile(deck).read("ppt/theme/theme1.xml"))
    scheme = theme.find(f"{A}themeElements/{A}clrScheme")
    accent1 = scheme.find(f"{A}accent1")[0].get("val")
    dark1 = scheme.find(f"{A}dk1")[0]
    dark1_value = dark1.get("lastClr") or dark1.get("val")

    runs = run_texts(inspect_file(deck).surfaces[0])
    first = runs["Union européenne "]
    second = runs["Fonds social européen "]
    third = runs["ombré"]
    assert first.italic and not first.underline and first.color == "003399"
    assert second.underline and not second.italic and second.color == accent1.upper()
    assert third.bold and third.size == 12.0 and third.effects == ("shadow",)
    assert third.color == dark1_value.upper()  # tx1 → dk1 through the master's clrMap
    assert first.effects == ()


def test_table_cells_and_groups_give_text_frames_their_own_group(tmp_path: Path) -> None:
    prs = Presentation()
    slide = blank_slide(prs)
    table = slide.shapes.add_table(2, 2, Cm(1), Cm(1), Cm(10), Cm(4)).table
    table.cell(1, 1).text = "Cellule B2"
    group = slide.shapes.add_group_shape()
    group.shapes.add_textbox(Cm(1), Cm(10), Cm(5), Cm(1)).text_frame.text = "Dans le groupe"
    deck = tmp_path / "deck.pptx"
    prs.save(deck)

    runs = run_texts(inspect_file(deck).surfaces[0])
    cell = runs["Cellule B2"]
    assert cell.group.endswith(":r2c2")
    assert cell.box is not None and cell.box.x == pytest.approx(pt(Cm(1)) + pt(Cm(5)), abs=0.5)
    grouped = runs["Dans le groupe"]
    assert grouped.group.startswith(f"slide:grp{group.shape_id}/sp")


def test_twenty_slides_are_inspected(tmp_path: Path) -> None:
    image = emblem(tmp_path / "eu.png")
    prs = Presentation()
    _master_picture(prs, image)
    for number in range(20):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Diapositive {number + 1}"
        slide.shapes.add_picture(str(image), Cm(20), Cm(1), width=Cm(3))
    deck = tmp_path / "deck.pptx"
    prs.save(deck)

    surfaces = inspect_file(deck).surfaces
    assert [s.index for s in surfaces] == list(range(1, 21))
    assert all(sorted(p.origin for p in s.pictures) == ["master", "slide"] for s in surfaces)
    assert surfaces[-1].texts[0].text == "Diapositive 20"
