"""`dladocs check` on emblems that are there but wrong, hidden, or drawn otherwise.

Every emblem here is drawn by the tests with Pillow or reportlab, never by
dladocs: a flag with eleven stars, with discs or six-pointed stars, turned a
few degrees inside its own pixels, recoloured; a flag covered by a shape,
clipped, or drawn as vector paths; a letterhead picture that holds the flag
in a corner.  Each must be reported on the right slide or page with the
right rule, and the faithful versions must pass.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

import dladocs

BLUE, YELLOW = "#003399", "#FFCC00"
MENTION_2021 = ("Cofinancé par", "l'Union européenne")


def star_points(cx: float, cy: float, outer: float, points: int = 5) -> list[tuple[float, float]]:
    inner = outer * (0.382 if points == 5 else 0.577)
    vertices = []
    for j in range(2 * points):
        radius = outer if j % 2 == 0 else inner
        angle = math.radians(90 + 180 / points * j)
        vertices.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    return vertices


def flag(
    height: int = 240,
    *,
    stars: int = 12,
    shape: str = "star",
    blue: str = BLUE,
    yellow: str = YELLOW,
    tilt: float = 0.0,
) -> Image.Image:
    """A flag drawn from the published geometry, with one thing changed on request."""
    width = round(1.5 * height)
    image = Image.new("RGB", (width, height), blue)
    draw = ImageDraw.Draw(image)
    ring, outer = height / 3, height / 18
    for k in range(stars):
        theta = math.radians(90 - 30 * k)
        cx, cy = width / 2 + ring * math.cos(theta), height / 2 - ring * math.sin(theta)
        if shape == "disc":
            draw.ellipse(
                (cx - outer * 0.8, cy - outer * 0.8, cx + outer * 0.8, cy + outer * 0.8),
                fill=yellow,
            )
        else:
            draw.polygon(star_points(cx, cy, outer, 6 if shape == "six" else 5), fill=yellow)
    if tilt:
        image = image.rotate(
            tilt, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC
        )
    return image


def saved(image: Image.Image, path: Path) -> Path:
    image.save(path)
    return path


def deck(
    path: Path, picture: Path, *, cover: bool = False, mention: tuple[str, ...] = MENTION_2021
) -> Path:
    """One slide: the flag, the wording beside it, and on request a rectangle drawn over the flag."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches, Pt

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.shapes.add_picture(str(picture), Inches(0.5), Inches(6.4), height=Inches(0.8))
    box = slide.shapes.add_textbox(Inches(1.8), Inches(6.4), Inches(3), Inches(0.8))
    for index, line in enumerate(mention):
        paragraph = box.text_frame.paragraphs[0] if index == 0 else box.text_frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.name = "Arial"
        run.font.size = Pt(12)
    if cover:
        rectangle = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, Inches(0.6), Inches(6.5), Inches(0.9), Inches(0.6)
        )
        rectangle.fill.solid()
        rectangle.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    prs.save(str(path))
    return path


def errors(
    path: Path, programme: str = "fse-plus-2021-2027", **options: Any
) -> set[tuple[str, str, int]]:
    [result] = dladocs.check([path], programme=programme, **options)
    assert result.status in ("ok", "fail"), result.error
    return {(v.rule, v.surface.kind, v.surface.index) for v in result.errors}


def messages(path: Path, rule: str, programme: str = "fse-plus-2021-2027") -> list[str]:
    [result] = dladocs.check([path], programme=programme)
    return [v.message for v in result.violations if v.rule == rule]


# --------------------------------------------------------------------------- the emblem itself


def test_a_faithful_flag_passes(tmp_path: Path) -> None:
    path = deck(tmp_path / "bon.pptx", saved(flag(), tmp_path / "drapeau.png"))
    assert errors(path) == set()


@pytest.mark.parametrize("count", [11, 10])
def test_a_flag_with_missing_stars_is_a_modified_emblem(tmp_path: Path, count: int) -> None:
    path = deck(tmp_path / "etoiles.pptx", saved(flag(stars=count), tmp_path / "d.png"))
    assert errors(path) == {("E21-10", "slide", 1)}
    assert f"l'emblème compte {count} étoiles au lieu de 12" in messages(path, "E21-10")[0]
    assert errors(path, "fse-2014-2020") >= {("E14-14", "slide", 1)}


@pytest.mark.parametrize(("shape", "said"), [("disc", "des disques"), ("six", "d'une autre forme")])
def test_stars_that_are_not_five_pointed_are_a_modified_emblem(
    tmp_path: Path, shape: str, said: str
) -> None:
    path = deck(tmp_path / "forme.pptx", saved(flag(shape=shape), tmp_path / "d.png"))
    assert errors(path) == {("E21-10", "slide", 1)}
    assert any(said in message for message in messages(path, "E21-10"))


def test_the_star_shape_survives_jpeg_compression(tmp_path: Path) -> None:
    source = tmp_path / "drapeau.jpg"
    flag(150).save(source, "JPEG", quality=25)
    assert errors(deck(tmp_path / "jpeg.pptx", source)) == set()


def test_a_flag_turned_inside_its_pixels_is_reported(tmp_path: Path) -> None:
    path = deck(tmp_path / "penche.pptx", saved(flag(tilt=3), tmp_path / "d.png"))
    assert ("E21-10", "slide", 1) in errors(path)
    assert any("pivoté" in message for message in messages(path, "E21-10"))


def test_recoloured_stars_are_an_error_under_both_programmes(tmp_path: Path) -> None:
    path = deck(tmp_path / "orange.pptx", saved(flag(yellow="#FF8000"), tmp_path / "d.png"))
    assert ("E21-10", "slide", 1) in errors(path)
    assert ("E14-03", "slide", 1) in errors(path, "fse-2014-2020", strict=False)


# --------------------------------------------------------------------------- hidden emblems


def test_a_shape_drawn_over_the_flag_on_a_slide_hides_it(tmp_path: Path) -> None:
    picture = saved(flag(), tmp_path / "d.png")
    assert errors(deck(tmp_path / "visible.pptx", picture)) == set()
    path = deck(tmp_path / "cache.pptx", picture, cover=True)
    assert errors(path) == {("E21-03", "slide", 1)}
    assert "masqué" in messages(path, "E21-03")[0]


def _pdf(path: Path, picture: Path, *, draw: str = "image", trouble: str = "") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from dladocs.images import find_font

    font = find_font("Liberation Sans") or find_font("DejaVu Sans")
    assert font is not None
    pdfmetrics.registerFont(TTFont("Arial-like", str(font)))
    canvas = Canvas(str(path), pagesize=A4)
    x, y, w, h = 2 * cm, 26 * cm, 3 * cm, 2 * cm
    canvas.saveState()
    if trouble == "clip":
        clip = canvas.beginPath()
        clip.rect(x, y, w / 2, h)
        canvas.clipPath(clip, stroke=0, fill=0)
    if draw == "image":
        canvas.drawImage(str(picture), x, y, width=w, height=h)
    else:  # the flag as vector paths: a rectangle and twelve star polygons
        canvas.setFillColor(BLUE)
        canvas.rect(x, y, w, h, stroke=0, fill=1)
        canvas.setFillColor(YELLOW)
        for k in range(12):
            theta = math.radians(90 - 30 * k)
            cx, cy = x + w / 2 + h / 3 * math.cos(theta), y + h / 2 + h / 3 * math.sin(theta)
            points = [(px, 2 * cy - py) for px, py in star_points(cx, cy, h / 18)]
            star = canvas.beginPath()
            star.moveTo(*points[0])
            for point in points[1:]:
                star.lineTo(*point)
            star.close()
            canvas.drawPath(star, stroke=0, fill=1)
    canvas.restoreState()
    if trouble == "cover":
        canvas.setFillColor("#FFFFFF")
        canvas.rect(x + 0.5 * cm, y + 0.3 * cm, 2 * cm, 1.4 * cm, stroke=0, fill=1)
    canvas.setFillColor("#003399")
    canvas.setFont("Arial-like", 11)
    canvas.drawString(x + w + 0.3 * cm, y + 1.1 * cm, MENTION_2021[0])
    canvas.drawString(x + w + 0.3 * cm, y + 0.5 * cm, MENTION_2021[1])
    canvas.showPage()
    canvas.save()
    return path


@pytest.mark.parametrize("trouble", ["clip", "cover"])
def test_a_pdf_emblem_clipped_or_covered_is_not_visible(tmp_path: Path, trouble: str) -> None:
    picture = saved(flag(), tmp_path / "d.png")
    assert errors(_pdf(tmp_path / "bon.pdf", picture)) == set()
    path = _pdf(tmp_path / f"{trouble}.pdf", picture, trouble=trouble)
    assert errors(path) == {("E21-03", "page", 1)}
    assert "n'est pas entièrement visible" in messages(path, "E21-03")[0]


def test_a_pdf_emblem_drawn_as_vector_paths_is_recognised(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "vectoriel.pdf", tmp_path / "inutile.png", draw="paths")
    [result] = dladocs.check([path], programme="fse-plus-2021-2027")
    assert result.status == "ok", result.violations
    # The size rules measure it: about 2 cm high, so no minimum-height warning.
    assert not [v for v in result.violations if v.rule == "G-01"]


# --------------------------------------------------------------------------- where the wording and the logos are


def test_text_beside_a_letterhead_is_judged_against_the_flag_it_holds(tmp_path: Path) -> None:
    """The flag sits in the bottom-left corner of a wide picture; the wording at the top right is far."""
    letterhead = Image.new("RGB", (1500, 400), "white")
    letterhead.paste(flag(120), (10, 270))
    picture = saved(letterhead, tmp_path / "entete.png")
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.shapes.add_picture(str(picture), Inches(0.5), Inches(1), width=Inches(7.5))
    box = slide.shapes.add_textbox(Inches(5.5), Inches(1), Inches(2.5), Inches(0.5))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Cofinancé par l'Union européenne"
    run.font.name = "Arial"
    run.font.size = Pt(12)
    path = tmp_path / "entete.pptx"
    prs.save(str(path))
    [result] = dladocs.check([path], programme="fse-plus-2021-2027")
    rules = {v.rule for v in result.violations}
    assert "E21-07" not in rules  # the text does not overlap the flag, only the picture
    assert "E21-04" in rules  # and it is not next to the flag


def test_a_larger_logo_anywhere_on_the_slide_counts(tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    logo = Image.new("RGB", (600, 600), "#c0392b")
    ImageDraw.Draw(logo).ellipse((100, 100, 500, 500), fill="white")
    logo_path = saved(logo, tmp_path / "dla.png")
    picture = saved(flag(), tmp_path / "d.png")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.shapes.add_picture(str(picture), Inches(0.5), Inches(6.6), height=Inches(0.6))
    box = slide.shapes.add_textbox(Inches(1.5), Inches(6.6), Inches(3), Inches(0.6))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Cofinancé par l'Union européenne"
    run.font.name = "Arial"
    run.font.size = Pt(11)
    # Not in the emblem's row or column: in the middle of the slide.
    slide.shapes.add_picture(str(logo_path), Inches(4), Inches(2), height=Inches(2.5))
    path = tmp_path / "grand-logo.pptx"
    prs.save(str(path))
    assert errors(path, logos={"dla": logo_path}) == {("E21-11", "slide", 1)}


def _docx(path: Path, picture: Path, *, wording_in: str, gap: int = 0) -> Path:
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    header = section.header
    header.paragraphs[0].add_run().add_picture(str(picture), height=Cm(1.5))
    target = header if wording_in == "header" else section.footer
    for _ in range(gap):
        target.add_paragraph("Rapport final")
    paragraph = target.add_paragraph() if wording_in == "header" else target.paragraphs[0]
    run = paragraph.add_run("Cofinancé par l'Union européenne")
    run.font.name = "Arial"
    run.font.size = Pt(10)
    document.add_paragraph("Le texte du rapport.")
    document.save(str(path))
    return path


def test_docx_wording_must_be_in_the_paragraph_next_to_the_emblem(tmp_path: Path) -> None:
    picture = saved(flag(), tmp_path / "d.png")
    assert errors(_docx(tmp_path / "dessous.docx", picture, wording_in="header")) == set()
    assert errors(_docx(tmp_path / "pied.docx", picture, wording_in="footer")) == {
        ("E21-04", "header", 1)
    }
    assert errors(_docx(tmp_path / "loin.docx", picture, wording_in="header", gap=4)) == {
        ("E21-04", "header", 1)
    }


def test_the_cover_of_a_docx_with_a_distinct_first_page_is_its_first_page_header(
    tmp_path: Path,
) -> None:
    from docx import Document
    from docx.shared import Cm

    picture = saved(flag(), tmp_path / "d.png")
    for lacking in ("first", "default"):
        document = Document()
        section = document.sections[0]
        section.different_first_page_header_footer = True
        holder = section.header if lacking == "first" else section.first_page_header
        holder.paragraphs[0].add_run().add_picture(str(picture), height=Cm(1.5))
        holder.add_paragraph().add_run("Cofinancé par l'Union européenne").font.name = "Arial"
        document.add_paragraph("Texte.")
        path = tmp_path / f"sans-{lacking}.docx"
        document.save(str(path))
        [result] = dladocs.check([path], programme="fse-plus-2021-2027", cover_only=True)
        assert (result.status == "fail") == (lacking == "first"), (lacking, result.violations)
        if lacking == "first":
            [violation] = result.errors
            assert (violation.rule, violation.surface.variant) == ("E21-03", "first")


# --------------------------------------------------------------------------- files as a whole


def test_english_wording_is_accepted(tmp_path: Path) -> None:
    picture = saved(flag(), tmp_path / "d.png")
    path = deck(tmp_path / "en.pptx", picture, mention=("Co-funded by", "the European Union"))
    assert errors(path) == set()
    path = deck(tmp_path / "en14.pptx", picture, mention=("European Union", "European Social Fund"))
    assert errors(path, "fse-2014-2020") == set()


def test_a_deck_without_slides_is_not_compliant(tmp_path: Path) -> None:
    from pptx import Presentation

    path = tmp_path / "vide.pptx"
    Presentation().save(str(path))
    [result] = dladocs.check([path], programme="fse-plus-2021-2027")
    assert result.status == "fail"
    assert any("aucune page ni diapositive" in v.message for v in result.errors)


def test_without_a_programme_each_file_is_judged_by_the_one_it_declares(tmp_path: Path) -> None:
    from pptx import Presentation

    picture = saved(flag(), tmp_path / "d.png")
    old = deck(
        tmp_path / "ancien.pptx", picture, mention=("UNION EUROPÉENNE", "Fonds social européen")
    )
    [result] = dladocs.check([old])
    assert (result.programme, result.programme_from_file) == ("fse-plus-2021-2027", False)
    assert result.status == "fail"  # 2014-2020 wording, judged by the current programme
    prs = Presentation(str(old))
    prs.core_properties.keywords = "DLA, FSE, fse-2014-2020"
    prs.save(str(old))
    [result] = dladocs.check([old])
    assert (result.programme, result.programme_from_file) == ("fse-2014-2020", True)
    assert result.status == "ok", result.violations


def test_an_unknown_programme_is_refused_even_when_no_file_can_be_read(tmp_path: Path) -> None:
    with pytest.raises(dladocs.DladocsError, match="programme « fse-2030 » inconnu"):
        dladocs.check([tmp_path / "absent.pptx"], programme="fse-2030")
