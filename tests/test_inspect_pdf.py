"""PDF inspection: drawn picture boxes through forms, text runs with their fonts, metadata."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from dladocs.errors import UnreadableFileError
from dladocs.inspect import detect_format, inspect_file
from dladocs.types import Picture, Surface, TextRun

A4_HEIGHT = A4[1]


def png(path: Path, size: tuple[int, int] = (60, 40)) -> Path:
    image = Image.new("RGB", size, (0, 51, 153))
    image.paste((255, 204, 0), (size[0] // 3, size[1] // 3, size[0] // 2, size[1] // 2))
    image.save(path)
    return path


def stream(entries: str, data: bytes) -> bytes:
    return f"<< {entries} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def build_pdf(objects: list[bytes], trailer: str = "/Root 1 0 R") -> bytes:
    """A PDF from numbered object bodies (object 1 first), with a correct xref table."""
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} {trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def rgb_image(width: int = 4, height: int = 2) -> bytes:
    raw = bytes([0, 51, 153] * (width * height))
    return stream(
        f"/Type /XObject /Subtype /Image /Width {width} /Height {height} "
        "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode",
        zlib.compress(raw),
    )


def only(items: list[Picture]) -> Picture:
    assert len(items) == 1, items
    return items[0]


def run(surface: Surface, text: str) -> TextRun:
    return next(r for r in surface.texts if r.text == text)


# --------------------------------------------------------------------------- pictures


def test_image_drawn_on_the_page_has_its_drawn_box_in_points(tmp_path: Path) -> None:
    logo = png(tmp_path / "ue.png")
    path = tmp_path / "emargement.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        pdf.drawImage(str(logo), 100, 500, width=150, height=100)
        pdf.showPage()
    pdf.save()

    assert detect_format(path) == "pdf"
    inspection = inspect_file(path)
    first, second = inspection.surfaces
    assert (first.kind, first.index, first.label) == ("page", 1, "page 1")
    assert first.width == pytest.approx(A4[0]) and first.height == pytest.approx(A4_HEIGHT)
    picture = only(first.pictures)
    assert picture.origin == "page"
    assert picture.box is not None
    assert picture.box.x == pytest.approx(100)
    assert picture.box.y == pytest.approx(A4_HEIGHT - 600)
    assert (picture.width, picture.height) == (pytest.approx(150), pytest.approx(100))
    assert picture.pixel_size == (60, 40)
    assert len(picture.sha256) == 64
    assert only(second.pictures).sha256 == picture.sha256
    assert picture.load is not None
    image = picture.load()
    assert image is not None and image.size == (60, 40)


def test_image_in_a_form_inside_a_form_with_scaling_matrices(tmp_path: Path) -> None:
    path = tmp_path / "formes.pdf"
    path.write_bytes(
        build_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 400] /Contents 4 0 R "
                b"/Resources << /XObject << /FOuter 5 0 R >> >> >>",
                stream("", b"q 1 0 0 1 50 60 cm /FOuter Do Q"),
                stream(
                    "/Type /XObject /Subtype /Form /BBox [0 0 400 400] /Matrix [2 0 0 2 0 0] "
                    "/Resources << /XObject << /FInner 6 0 R >> >>",
                    b"/FInner Do",
                ),
                stream(
                    "/Type /XObject /Subtype /Form /BBox [0 0 400 400] "
                    "/Matrix [0.5 0 0 0.25 10 20] /Resources << /XObject << /Im0 7 0 R >> >>",
                    b"q 40 0 0 40 0 0 cm /Im0 Do Q",
                ),
                rgb_image(),
            ]
        )
    )

    picture = only(inspect_file(path).surfaces[0].pictures)
    # 40×40 unit square → inner (0.5, 0.25, +10, +20) → outer ×2 → page +50, +60
    assert picture.origin == "form-xobject"
    assert picture.group == "form:FOuter"  # the form the page drew
    assert picture.name == "Im0"
    assert picture.box is not None
    assert picture.box.x == pytest.approx(70)
    assert picture.box.y == pytest.approx(400 - 120)
    assert (picture.width, picture.height) == (pytest.approx(40), pytest.approx(20))
    assert picture.pixel_size == (4, 2)
    loaded = picture.load() if picture.load else None
    assert loaded is not None and loaded.size == (4, 2)


def test_reportlab_nested_forms_draw_the_logo_at_the_scaled_size(tmp_path: Path) -> None:
    logo = png(tmp_path / "ue.png")
    path = tmp_path / "formes.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.beginForm("logo")
    pdf.drawImage(str(logo), 0, 0, width=60, height=40)
    pdf.endForm()
    pdf.beginForm("bandeau")
    pdf.scale(0.5, 0.5)
    pdf.doForm("logo")
    pdf.endForm()
    pdf.translate(200, 300)
    pdf.doForm("bandeau")
    pdf.showPage()
    pdf.save()

    picture = only(inspect_file(path).surfaces[0].pictures)
    assert picture.origin == "form-xobject"
    assert picture.box is not None
    assert (picture.box.width, picture.box.height) == (pytest.approx(30), pytest.approx(20))
    assert picture.box.x == pytest.approx(200)
    assert picture.box.y == pytest.approx(A4_HEIGHT - 320)


def test_inline_image_is_a_picture(tmp_path: Path) -> None:
    logo = png(tmp_path / "ue.png", (16, 16))
    path = tmp_path / "inline.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawInlineImage(str(logo), 100, 500, width=50, height=40)
    pdf.save()

    picture = only(inspect_file(path).surfaces[0].pictures)
    assert picture.name == "inline-image-1"
    assert picture.pixel_size == (16, 16)
    assert picture.box is not None and picture.box.y == pytest.approx(A4_HEIGHT - 540)
    assert picture.load is not None
    image = picture.load()
    assert image is not None and image.size == (16, 16)


def test_rotated_and_cropped_page_gives_boxes_as_displayed(tmp_path: Path) -> None:
    path = tmp_path / "rotation.pdf"
    path.write_bytes(
        build_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Rotate 90 "
                b"/Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>",
                stream("", b"q 30 0 0 40 10 20 cm /Im0 Do Q"),
                rgb_image(),
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] "
                b"/CropBox [10 10 110 90] /Contents 4 0 R "
                b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
            ]
        )
    )

    rotated, cropped = inspect_file(path).surfaces
    assert (rotated.width, rotated.height) == (100, 200)
    box = only(rotated.pictures).box
    assert box is not None
    # Turned clockwise: user (x, y) is seen at (y, x) from the top-left corner.
    assert (box.x, box.y, box.width, box.height) == pytest.approx((20, 10, 40, 30))
    assert only(rotated.pictures).rotation == pytest.approx(90)
    assert (cropped.width, cropped.height) == (100, 80)
    box = only(cropped.pictures).box
    assert box is not None
    assert (box.x, box.y) == pytest.approx((0, 90 - 60))


# --------------------------------------------------------------------------- text


def test_text_runs_have_font_style_colour_and_effective_size(tmp_path: Path) -> None:
    path = tmp_path / "texte.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica-Oblique", 12)
    pdf.drawString(72, 700, "Union européenne")
    pdf.setFont("Helvetica-Bold", 10)
    pdf.setFillColorRGB(0, 0.2, 0.6)
    pdf.drawString(72, 680, "Fonds social européen")
    pdf.saveState()
    pdf.scale(2, 2)
    pdf.setFont("Helvetica", 8)
    pdf.setFillColorCMYK(0, 0, 0, 1)
    pdf.drawString(36, 300, "Agrandi")
    pdf.restoreState()
    pdf.save()

    surface = inspect_file(path).surfaces[0]
    oblique = run(surface, "Union européenne")
    assert oblique.font == "Helvetica-Oblique"
    assert oblique.italic and not oblique.bold
    assert oblique.size == pytest.approx(12)
    assert oblique.color == "000000"
    assert oblique.box is not None
    assert oblique.box.x == pytest.approx(72)
    assert oblique.box.bottom == pytest.approx(A4_HEIGHT - 700 + 0.2 * 12)
    assert oblique.box.width == pytest.approx(
        stringWidth("Union européenne", "Helvetica", 12), rel=0.02
    )
    bold = run(surface, "Fonds social européen")
    assert bold.bold and not bold.italic and bold.color == "003399"
    scaled = run(surface, "Agrandi")
    assert scaled.size == pytest.approx(16)
    assert scaled.color == "000000"
    assert scaled.origin == "page"


def test_subset_prefix_is_stripped_and_descriptor_flags_give_italic(tmp_path: Path) -> None:
    path = tmp_path / "polices.pdf"
    path.write_bytes(
        build_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
                stream(
                    "",
                    b"BT /F1 10 Tf 20 150 Td (Cofinanc\xe9) Tj ET "
                    b"BT /F2 10 Tf 20 100 Td 0 0 0.6 rg (Union) Tj ET",
                ),
                b"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Calibri "
                b"/Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /FontDescriptor 7 0 R >>",
                b"<< /Type /Font /Subtype /TrueType /BaseFont /QWERTY+Garamond "
                b"/Encoding /WinAnsiEncoding /FontDescriptor 8 0 R >>",
                b"<< /Type /FontDescriptor /FontName /ABCDEF+Calibri /Flags 32 /ItalicAngle 0 "
                b"/FontFile2 9 0 R >>",
                b"<< /Type /FontDescriptor /FontName /QWERTY+Garamond /Flags 96 "
                b"/ItalicAngle -12 >>",
                stream("", b"\x00\x01\x00\x00"),
            ]
        )
    )

    inspection = inspect_file(path)
    surface = inspection.surfaces[0]
    calibri = run(surface, "Cofinancé")
    assert calibri.font == "Calibri" and not calibri.italic
    garamond = run(surface, "Union")
    assert garamond.font == "Garamond" and garamond.italic and garamond.color == "000099"
    fonts = {font["name"]: font["embedded"] for font in inspection.metadata["fonts"]}
    assert fonts == {"Calibri": True, "Garamond": False}


def test_thin_rule_under_a_run_marks_it_underlined(tmp_path: Path) -> None:
    path = tmp_path / "souligne.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 12)
    width = stringWidth("souligné", "Helvetica", 12)
    pdf.drawString(72, 600, "souligné")
    pdf.setLineWidth(0.8)
    pdf.line(72, 598.5, 72 + width, 598.5)
    pdf.drawString(72, 560, "bordure de tableau")
    pdf.line(72, 555, 72 + 150, 555)
    pdf.drawString(72, 520, "simple")
    pdf.save()

    surface = inspect_file(path).surfaces[0]
    assert run(surface, "souligné").underline
    assert not run(surface, "bordure de tableau").underline
    assert not run(surface, "simple").underline


# --------------------------------------------------------------------------- encryption, metadata


def _encrypted(tmp_path: Path, user_password: str) -> Path:
    source = tmp_path / "source.pdf"
    pdf = canvas.Canvas(str(source), pagesize=A4)
    pdf.drawString(72, 700, "Feuille d'émargement")
    pdf.save()
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="proprietaire", algorithm="RC4-128")
    path = tmp_path / "chiffre.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_pdf_needing_a_password_is_refused_in_french(tmp_path: Path) -> None:
    path = _encrypted(tmp_path, "secret")
    with pytest.raises(UnreadableFileError) as caught:
        inspect_file(path)
    assert "mot de passe" in str(caught.value)
    assert caught.value.path == path


def test_pdf_with_an_empty_user_password_is_inspected(tmp_path: Path) -> None:
    inspection = inspect_file(_encrypted(tmp_path, ""))
    assert inspection.metadata["encrypted"] is True
    assert inspection.surfaces[0].text == "Feuille d'émargement"


def test_metadata_from_info_catalog_outline_labels_and_form(tmp_path: Path) -> None:
    path = tmp_path / "grille.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle("Grille d'évaluation")
    pdf.setAuthor("DLA Hauts-de-France")
    pdf.setSubject("Webinaire")
    pdf.setKeywords("FSE, DLA")
    pdf.bookmarkPage("p1")
    pdf.addOutlineEntry("Introduction", "p1", level=0)
    pdf.acroForm.textfield(name="nom", x=72, y=600, width=200, height=20)
    pdf.acroForm.checkbox(name="accord", x=72, y=560)
    pdf.showPage()
    pdf.bookmarkPage("p2")
    pdf.addOutlineEntry("Questions", "p2", level=0)
    pdf.drawString(72, 700, "Questions")
    pdf.showPage()
    pdf.save()
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.set_page_label(0, 1, style="/r")
    from pypdf.generic import NameObject, TextStringObject

    writer._root_object[NameObject("/Lang")] = TextStringObject("fr-FR")
    with path.open("wb") as handle:
        writer.write(handle)

    metadata = inspect_file(path).metadata
    assert metadata["title"] == "Grille d'évaluation"
    assert metadata["author"] == "DLA Hauts-de-France"
    assert metadata["subject"] == "Webinaire"
    assert metadata["keywords"] == "FSE, DLA"
    assert metadata["lang"] == "fr-FR"
    assert metadata["tagged"] is False
    assert metadata["outline"] == ["Introduction", "Questions"]
    assert metadata["page_labels"] == ["i", "ii"]
    assert metadata["form_fields"] == 2
    assert metadata["encrypted"] is False
    assert metadata["pdf_version"]
    assert {"name": "Helvetica", "embedded": False} in metadata["fonts"]


def test_tagged_pdf_is_reported_as_tagged(tmp_path: Path) -> None:
    path = tmp_path / "balise.pdf"
    path.write_bytes(
        build_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R /MarkInfo << /Marked true >> "
                b"/StructTreeRoot 5 0 R /Lang (fr-FR) >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>",
                stream("", b""),
                b"<< /Type /StructTreeRoot >>",
            ]
        )
    )
    metadata = inspect_file(path).metadata
    assert metadata["tagged"] is True
    assert metadata["lang"] == "fr-FR"


def test_no_pdf_is_left_open_when_the_process_ends(tmp_path: Path) -> None:
    """A check draws pages with pdfium (the emblem's visibility); at exit no document is
    still open (pdfium would print a warning for each on the user's terminal)."""
    import subprocess
    import sys

    script = (
        "import sys, tempfile, pathlib, dladocs\n"
        "from dladocs.emblem import emblem_png\n"
        "from dladocs.evaluation import DEFAULT_QUESTIONS\n"
        "from dladocs.render.form import FormBand, PdfMetadata, render_form\n"
        "keep = tempfile.TemporaryDirectory()\n"  # an exit hook registered before pdfium's
        "folder = pathlib.Path(sys.argv[1])\n"
        "(folder / 'embleme.png').write_bytes(emblem_png(300))\n"
        "band = FormBand(emblem_png=folder / 'embleme.png',\n"
        "                eu_lines=('UNION EUROPÉENNE', 'Fonds social européen'))\n"
        "render_form(folder / 'grille.pdf', questions=DEFAULT_QUESTIONS, title='Grille',\n"
        "            subtitle='', band=band, metadata=PdfMetadata('Grille', 'A', 'B'))\n"
        "from dladocs.inspect import inspect_file\n"
        "kept = inspect_file(folder / 'grille.pdf')\n"  # alive at exit, as a cache keeps it
        "assert kept.surfaces[0].render(None, 100) is not None\n"  # pdfium opens the file
        "checks = dladocs.check([folder / 'grille.pdf'], programme='fse-2014-2020')\n"
        "assert checks[0].surfaces == 2, checks[0]\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    assert "still open" not in done.stderr, done.stderr
