"""`dladocs check` on documents made by other means (python-pptx, python-docx, reportlab).

The emblem in these files is drawn here with matplotlib, never by dladocs, so
recognition is tested on a raster dladocs did not make.  Each non-compliant
file must be reported on the right slide or page with the right rule, and the
compliant ones must pass.
"""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

import dladocs

MENTION_2014 = ("UNION EUROPÉENNE", "Fonds social européen")


def plotted_emblem(path: Path, dpi: int = 150) -> Path:
    """The EU flag drawn by a plotting library: a blue rectangle and twelve star markers."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Rectangle

    figure = plt.figure(figsize=(3, 2), dpi=dpi)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 3)
    axes.set_ylim(0, 2)
    axes.axis("off")
    axes.add_patch(Rectangle((0, 0), 3, 2, color="#003399"))
    angles = [math.radians(90 - 30 * k) for k in range(12)]
    axes.scatter(
        [1.5 + (2 / 3) * math.cos(a) for a in angles],
        [1 + (2 / 3) * math.sin(a) for a in angles],
        s=16**2,
        marker=(5, 1, 0),
        color="#ffcc00",
        linewidths=0,
    )
    figure.savefig(path, dpi=dpi)
    plt.close(figure)
    return path


def partner_logo(path: Path, colour: str = "#c0392b", text: str = "DLA") -> Path:
    image = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((10, 10, 590, 290), radius=40, fill=colour)
    draw.ellipse((40, 60, 220, 240), fill="white")
    draw.rectangle((260, 120, 560, 180), fill="white")
    image.save(path)
    return path


@pytest.fixture
def emblem(tmp_path: Path) -> Path:
    return plotted_emblem(tmp_path / "drapeau.png")


# --------------------------------------------------------------------------- PPTX


def _deck(
    path: Path,
    emblem: Path | None,
    slides: int,
    *,
    skip: tuple[int, ...] = (),
    mention: tuple[str, ...] = MENTION_2014,
    italic: bool = False,
    emblem_height_in: float = 0.6,
    logo: Path | None = None,
    logo_height_in: float = 0.6,
) -> Path:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    for number in range(1, slides + 1):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = f"Diapositive {number}"
        if number in skip or emblem is None:
            continue
        top = 7.4 - max(emblem_height_in, logo_height_in if logo else 0)
        slide.shapes.add_picture(
            str(emblem), Inches(0.3), Inches(top), height=Inches(emblem_height_in)
        )
        box = slide.shapes.add_textbox(
            Inches(0.3 + emblem_height_in * 1.5 + 0.1),
            Inches(top),
            Inches(3),
            Inches(emblem_height_in),
        )
        frame = box.text_frame
        for index, line in enumerate(mention):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.name = "Arial"
            run.font.size = Pt(11)
            run.font.italic = italic
        if logo is not None:
            slide.shapes.add_picture(
                str(logo), Inches(6), Inches(top), height=Inches(logo_height_in)
            )
    prs.save(str(path))
    return path


def _check(*files: Path, **options: Any) -> list[Any]:
    return dladocs.check(list(files), **options)


def _rules(result: Any) -> set[tuple[str, str, int]]:
    return {
        (v.rule, v.surface.kind, v.surface.index)
        for v in result.violations
        if v.severity == "error"
    }


def test_compliant_deck_passes(tmp_path: Path, emblem: Path) -> None:
    [result] = _check(_deck(tmp_path / "ok.pptx", emblem, 3), programme="fse-2014-2020")
    assert result.status == "ok", result.violations
    assert result.surfaces == 3


def test_slide_missing_the_emblem_is_reported_on_that_slide(tmp_path: Path, emblem: Path) -> None:
    [result] = _check(
        _deck(tmp_path / "trou.pptx", emblem, 4, skip=(3,)), programme="fse-2014-2020"
    )
    assert result.status == "fail"
    assert _rules(result) == {("E14-04", "slide", 3)}


def test_ue_instead_of_union_europeenne(tmp_path: Path, emblem: Path) -> None:
    path = _deck(tmp_path / "ue.pptx", emblem, 2, mention=("UE", "Fonds social européen"))
    [result] = _check(path, programme="fse-2014-2020")
    assert ("E14-07", "slide", 1) in _rules(result)
    assert ("E14-07", "slide", 2) in _rules(result)
    message = next(v.message for v in result.violations if v.rule == "E14-07")
    assert "abrégée" in message and "Union européenne" in message


def test_italic_mention_is_reported(tmp_path: Path, emblem: Path) -> None:
    [result] = _check(
        _deck(tmp_path / "italique.pptx", emblem, 1, italic=True), programme="fse-2014-2020"
    )
    assert ("E14-09", "slide", 1) in _rules(result)


def test_emblem_smaller_than_the_dla_logo(tmp_path: Path, emblem: Path) -> None:
    logo = partner_logo(tmp_path / "dla.png")
    path = _deck(
        tmp_path / "petit.pptx", emblem, 2, emblem_height_in=0.4, logo=logo, logo_height_in=1.0
    )
    [result] = _check(path, programme="fse-2014-2020", logos={"dla": logo})
    assert ("E14-13", "slide", 1) in _rules(result)
    message = next(v.message for v in result.violations if v.rule == "E14-13")
    assert "plus petit" in message
    # Unnamed, the logo still counts: it stands in the emblem's row (dladocs.other_logos).
    [result] = _check(path, programme="fse-2014-2020")
    assert ("E14-13", "slide", 1) in _rules(result)
    # Same logos, emblem as large as the logo: compliant.
    path = _deck(
        tmp_path / "egal.pptx", emblem, 2, emblem_height_in=1.0, logo=logo, logo_height_in=1.0
    )
    [result] = _check(path, programme="fse-2014-2020", logos={"dla": logo})
    assert result.status == "ok", result.violations


def test_reference_logo_must_be_present(tmp_path: Path, emblem: Path) -> None:
    avise = partner_logo(tmp_path / "avise.png", colour="#16a085")
    [result] = _check(
        _deck(tmp_path / "sans-avise.pptx", emblem, 2),
        programme="fse-2014-2020",
        logos={"avise": avise},
    )
    assert ("REF-01", "slide", 1) in _rules(result)


def _add_to_master(prs: Any, draw: Any, holder: Any, image: Path | None = None) -> None:
    """python-pptx cannot draw on a master: draw on a scratch slide, move the shape, relate its image."""
    from pptx.oxml.ns import qn

    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    shape = draw(scratch.shapes)
    element = shape._element
    element.getparent().remove(element)
    holder.shapes._spTree.append(element)
    if image is not None:
        _, rid = holder.part.get_or_add_image_part(str(image))
        element.find(".//" + qn("a:blip")).set(qn("r:embed"), rid)
    ids = prs.slides._sldIdLst
    prs.part.drop_rel(ids[-1].get(qn("r:id")))
    ids.remove(ids[-1])


def test_emblem_only_on_the_slide_master(tmp_path: Path, emblem: Path) -> None:
    """Inherited from the master it counts, unless a layout hides the master's shapes."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    master = prs.slide_master
    _add_to_master(
        prs,
        lambda s: s.add_picture(str(emblem), Inches(0.3), Inches(6.6), height=Inches(0.6)),
        master,
        emblem,
    )

    def mention(shapes: Any) -> Any:
        box = shapes.add_textbox(Inches(1.3), Inches(6.6), Inches(3), Inches(0.6))
        box.text_frame.text = "UNION EUROPÉENNE\nFonds social européen"
        for paragraph in box.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.name = "Arial"
                run.font.size = Pt(11)
        return box

    _add_to_master(prs, mention, master)
    hidden = prs.slide_layouts[6]
    hidden._element.set("showMasterSp", "0")
    for layout in (prs.slide_layouts[1], prs.slide_layouts[5], hidden):
        prs.slides.add_slide(layout)
    path = tmp_path / "masque.pptx"
    prs.save(str(path))
    [result] = _check(path, programme="fse-2014-2020")
    assert _rules(result) == {("E14-04", "slide", 3)}


# --------------------------------------------------------------------------- DOCX


def _band(container: Any, emblem: Path) -> None:
    from docx.shared import Cm, Pt

    paragraph = container.paragraphs[0]
    paragraph.add_run().add_picture(str(emblem), height=Cm(1.4))
    for line in MENTION_2014:
        run = paragraph.add_run(" " + line)
        run.font.name = "Arial"
        run.font.size = Pt(9)


def test_docx_distinct_first_page_header_without_the_emblem(tmp_path: Path, emblem: Path) -> None:
    from docx import Document

    document = Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    _band(section.header, emblem)
    section.first_page_header.paragraphs[0].add_run("Rapport — première page")
    document.add_paragraph("Ce projet est cofinancé par le Fonds social européen.")
    path = tmp_path / "premiere-page.docx"
    document.save(str(path))
    [result] = _check(path, programme="fse-2014-2020")
    errors = [v for v in result.violations if v.severity == "error"]
    assert [(v.rule, v.surface.kind, v.surface.index, v.surface.variant) for v in errors] == [
        ("E14-04", "header", 1, "first")
    ]
    # With the emblem in the first-page header too, it passes.
    _band(section.first_page_header, emblem)
    document.save(str(path))
    [result] = _check(path, programme="fse-2014-2020")
    assert result.status == "ok", result.violations


# --------------------------------------------------------------------------- PDF


def _pdf_with_form_xobject(
    path: Path, emblem: Path, *, pages: int, without: tuple[int, ...] = ()
) -> Path:
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
    # The band is a form XObject holding another form XObject that holds the image.
    canvas.beginForm("drapeau")
    canvas.drawImage(str(emblem), 0, 0, width=3, height=2)
    canvas.endForm()
    canvas.beginForm("bandeau")
    canvas.saveState()
    canvas.scale(0.5 * cm, 0.5 * cm)  # the inner form is 3 x 2 units: 1.5 x 1 cm once scaled
    canvas.doForm("drapeau")
    canvas.restoreState()
    canvas.endForm()
    for number in range(1, pages + 1):
        canvas.setFont("Arial-like", 12)
        canvas.drawString(
            2 * cm, 20 * cm, f"Page {number}. Ce projet est cofinancé par le Fonds social européen."
        )
        if number not in without:
            canvas.saveState()
            canvas.translate(2 * cm, 27 * cm)
            canvas.doForm("bandeau")
            canvas.restoreState()
            canvas.setFont("Arial-like", 9)
            canvas.drawString(3.8 * cm, 27.5 * cm, MENTION_2014[0])
            canvas.drawString(3.8 * cm, 27.1 * cm, MENTION_2014[1])
        canvas.showPage()
    canvas.save()
    return path


def test_pdf_emblem_inside_nested_form_xobjects(tmp_path: Path, emblem: Path) -> None:
    path = _pdf_with_form_xobject(tmp_path / "formes.pdf", emblem, pages=3, without=(2,))
    [result] = _check(path, programme="fse-2014-2020")
    assert _rules(result) == {("E14-04", "page", 2)}
    # The drawn size comes from the content streams: 1.5 x 1 cm, so no minimum-height warning.
    assert not [v for v in result.violations if v.rule == "G-01"]
    fonts = [v for v in result.violations if v.rule == "E14-08"]
    assert fonts and all(v.severity == "warning" for v in fonts)
    assert any("remplace Arial" in v.message for v in fonts)


# --------------------------------------------------------------------------- FSE+ and the command


def test_fse_plus_wording(tmp_path: Path, emblem: Path) -> None:
    plus = _deck(tmp_path / "plus.pptx", emblem, 2, mention=("Cofinancé par", "l'Union européenne"))
    [result] = _check(plus, programme="fse-plus-2021-2027")
    assert result.status == "ok", result.violations
    old = _deck(tmp_path / "ancien.pptx", emblem, 2)
    [result] = _check(old, programme="fse-plus-2021-2027")
    assert ("E21-04", "slide", 1) in _rules(result)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dladocs", *args], capture_output=True, text=True, timeout=300
    )


def test_command_json_and_exit_codes(tmp_path: Path, emblem: Path) -> None:
    good = _deck(tmp_path / "bon.pptx", emblem, 2)
    bad = _deck(tmp_path / "mauvais.pptx", emblem, 3, skip=(2,))
    broken = tmp_path / "casse.docx"
    broken.write_bytes(b"PK\x03\x04 ce n'est pas un document")
    done = _run("check", "--programme", "fse-2014-2020", str(good))
    assert done.returncode == 0, done.stdout
    done = _run("check", "--programme", "fse-2014-2020", "--json", str(good), str(bad))
    assert done.returncode == 1
    report = json.loads(done.stdout)
    statuses = {Path(f["path"]).name: f for f in report["files"]}
    assert statuses["bon.pptx"]["status"] == "ok"
    failing = statuses["mauvais.pptx"]
    assert failing["status"] == "fail"
    assert {
        "rule": "E14-04",
        "severity": "error",
        "surface": {"kind": "slide", "index": 2},
    }.items() <= {
        k: v for k, v in failing["violations"][0].items() if k in ("rule", "severity", "surface")
    }.items()
    done = _run("check", "--programme", "fse-2014-2020", "--json", str(good), str(broken))
    assert done.returncode == 2
    report = json.loads(done.stdout)
    assert report["files"][1]["status"] == "error" and report["files"][1]["error"]
    human = _run("check", "--programme", "fse-2014-2020", str(bad))
    assert "diapositive 2" in human.stdout and "E14-04" in human.stdout and "source" in human.stdout


@pytest.mark.slow  # 60 files, about 10 s
def test_check_over_the_whole_corpus_never_crashes(corpus: Path) -> None:
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".pptx", ".docx", ".pdf"))
    assert len(files) == 60
    done = _run("check", "--json", *map(str, files))
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    assert len(report["files"]) == 60
    for entry in report["files"]:
        assert entry["status"] in ("ok", "fail", "error")
        if entry["status"] == "error":
            assert entry["error"]
    encrypted = {
        "oxsdk-encrypted_pptx.pptx",
        "poi-bug53475-password-is-pass.docx",
        "pysf-libreoffice-writer-password.pdf",
    }
    for entry in report["files"]:
        if Path(entry["path"]).name in encrypted:
            assert entry["status"] == "error"
            assert "mot de passe" in entry["error"]


def test_a_png_is_not_a_document(tmp_path: Path) -> None:
    image = Image.new("RGB", (10, 10))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path = tmp_path / "image.pptx"
    path.write_bytes(buffer.getvalue())
    [result] = _check(path)
    assert result.status == "error"


def test_a_reference_logo_is_matched_by_its_image_not_by_a_placeholder_tag(tmp_path: Path) -> None:
    """A deck dladocs built with placeholders does not pass `--logo avise=` with the real logo."""
    result = dladocs.build(dladocs.load_project(), tmp_path / "sortie", only=("deck",))
    deck = next(a.path for a in result.artifacts)
    real_avise = partner_logo(tmp_path / "avise-officiel.png", colour="#16a085")
    [checked] = _check(deck, programme="fse-2014-2020", logos={"avise": real_avise})
    assert checked.status == "fail"
    assert ("REF-01", "slide", 1) in _rules(checked)
    # Without a reference image, the placeholder's tag still says what it stands for.
    [plain] = _check(deck, programme="fse-2014-2020")
    assert plain.status == "ok"


def test_what_is_not_a_document_is_named_for_what_it_is(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    folder = tmp_path / "dossier"
    folder.mkdir()
    results = {
        r.path.name: r for r in _check(fifo, folder, Path("/dev/null"), tmp_path / "absent.pdf")
    }
    assert "pas un fichier ordinaire" in results["tube"].error
    assert "pas un fichier ordinaire" in results["null"].error
    assert "c'est un dossier" in results["dossier"].error
    assert "fichier introuvable" in results["absent.pdf"].error
    assert all(r.status == "error" for r in results.values())
