"""A merged PDF (the closing dossier) reuses the surfaces of the pages it copies, and only those."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from dladocs.inspect import _pdf_reuse, inspect_file
from dladocs.inspect import pdf as inspect_pdf
from dladocs.types import Inspection


def _part(path: Path, logo: Path, title: str, pages: int) -> Path:
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        drawing.drawImage(str(logo), 40, 760, width=90, height=60)
        drawing.setFont("Helvetica", 14)
        drawing.drawString(60, 600, f"{title}, page {number}")
        drawing.showPage()
    drawing.save()
    return path


def _merge(target: Path, parts: list[Path]) -> Path:
    writer = PdfWriter()
    for part in parts:
        writer.append(str(part), outline_item=part.stem)
    with target.open("wb") as out:
        writer.write(out)
    return target


@pytest.fixture
def parts(tmp_path: Path) -> list[Path]:
    logo = tmp_path / "logo.png"
    image = Image.new("RGB", (90, 60), (0, 51, 153))
    image.paste((255, 204, 0), (30, 20, 60, 40))
    image.save(logo)
    return [
        _part(tmp_path / "rapport.pdf", logo, "Rapport", 3),
        _part(tmp_path / "fiche.pdf", logo, "Fiche", 2),
    ]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    hits = [0]
    original = _pdf_reuse.reuse

    def counted(fingerprint: bytes | None, number: int) -> object:
        found = original(fingerprint, number)
        hits[0] += found is not None
        return found

    monkeypatch.setattr(inspect_pdf, "reuse", counted)
    return hits


def _fresh(path: Path, monkeypatch: pytest.MonkeyPatch) -> Inspection:
    monkeypatch.setattr(inspect_pdf, "reuse", lambda fingerprint, number: None)
    return inspect_file(path)


def test_the_merged_pages_are_the_inspected_pages_renumbered(
    tmp_path: Path, parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for part in parts:
        inspect_file(part)
    dossier = _merge(tmp_path / "dossier.pdf", parts)
    hits = _counting(monkeypatch)
    merged = inspect_file(dossier)
    assert hits[0] == 5
    assert [s.index for s in merged.surfaces] == [1, 2, 3, 4, 5]
    texts = [" ".join(t.text for t in s.texts) for s in merged.surfaces]
    assert texts == [
        "Rapport, page 1",
        "Rapport, page 2",
        "Rapport, page 3",
        "Fiche, page 1",
        "Fiche, page 2",
    ]
    fresh = _fresh(dossier, monkeypatch)
    assert merged.surfaces == fresh.surfaces
    assert (
        merged.metadata["fonts"]
        == fresh.metadata["fonts"]
        == [{"name": "Helvetica", "embedded": False}]
    )
    assert all(len(s.pictures) == 1 and s.pictures[0].load is not None for s in merged.surfaces)
    assert merged.surfaces[4].pictures[0].load() is not None


def test_a_page_that_draws_something_else_is_walked(
    tmp_path: Path, parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for part in parts:
        inspect_file(part)
    logo = tmp_path / "autre.png"
    Image.new("RGB", (90, 60), (200, 0, 0)).save(logo)
    other = _part(tmp_path / "autre.pdf", logo, "Rapport", 1)  # same text, another image
    hits = _counting(monkeypatch)
    inspected = inspect_file(other)
    assert hits[0] == 0
    assert inspected.surfaces == _fresh(other, monkeypatch).surfaces


def test_no_reuse_once_the_first_file_is_gone(
    tmp_path: Path, parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for part in parts:
        inspect_file(part)
    dossier = _merge(tmp_path / "dossier.pdf", parts)
    for part in parts:
        part.unlink()  # a build moves its files out of staging: their pictures cannot load
    hits = _counting(monkeypatch)
    merged = inspect_file(dossier)
    assert hits[0] == 0
    assert merged.surfaces[0].pictures[0].load() is not None


def test_a_copied_page_shows_the_pixels_of_its_original_without_drawing_them_again(
    tmp_path: Path, parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dladocs.types import Box

    band = Box(30.0, 10.0, 120.0, 90.0)  # the logo's corner, as a rule looks at it
    originals = [inspect_file(part) for part in parts]
    pictures = [s.render(band, 150) for o in originals for s in o.surfaces if s.render]
    dossier = _merge(tmp_path / "dossier.pdf", parts)
    drawn: list[int] = []
    original_page = inspect_pdf._LazyRenderer.page

    def counting_page(self: object, index: int, width: float, height: float) -> object:
        render = original_page(self, index, width, height)  # type: ignore[arg-type]

        def counted(box: Box | None, height_px: int) -> object:
            drawn.append(index)
            return render(box, height_px)

        return counted

    monkeypatch.setattr(inspect_pdf._LazyRenderer, "page", counting_page)
    merged = inspect_file(dossier)
    copies = [s.render(band, 150) for s in merged.surfaces if s.render]

    assert drawn == []  # every copy's band came from its original's rendering
    assert [c.tobytes() for c in copies] == [p.tobytes() for p in pictures]
    assert copies[0] is not copies[1]  # each caller has its own picture to change
    # Another part of the page is drawn from the dossier itself, once.
    merged.surfaces[0].render(Box(0.0, 0.0, 200.0, 200.0), 100)
    assert drawn == [0]


def test_the_fingerprints_of_an_inspected_file_hold_while_it_is_unchanged(
    tmp_path: Path, parts: list[Path]
) -> None:
    rapport = parts[0]
    inspect_file(rapport)
    found = _pdf_reuse.page_fingerprints(rapport)
    assert found is not None and len(found) == 3 and all(found)
    assert len(set(found)) == 3  # three pages, three different texts
    assert _pdf_reuse.page_fingerprints(parts[1]) is None  # never inspected
    rapport.write_bytes(rapport.read_bytes() + b"\n")  # changed since: not vouched for any more
    assert _pdf_reuse.page_fingerprints(rapport) is None


def test_a_page_with_another_transparency_group_has_another_fingerprint(
    tmp_path: Path, parts: list[Path]
) -> None:
    import pikepdf

    plain_copy, grouped = tmp_path / "copie.pdf", tmp_path / "groupe.pdf"
    with pikepdf.open(parts[1]) as pdf:
        pdf.save(plain_copy)  # written by qpdf like the other, which may re-encode streams
        pdf.pages[1].obj.Group = pikepdf.Dictionary(
            S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceCMYK
        )
        pdf.save(grouped)
    inspect_file(plain_copy)
    inspect_file(grouped)
    plain, other = _pdf_reuse.page_fingerprints(plain_copy), _pdf_reuse.page_fingerprints(grouped)
    assert plain is not None and other is not None
    assert plain[0] == other[0]  # the same page
    assert plain[1] != other[1]  # drawn through another group: not the same picture


def _form(path: Path, value: str = "Oui") -> Path:
    drawing = canvas.Canvas(str(path), pagesize=A4)
    drawing.setFont("Helvetica", 12)
    drawing.drawString(72, 700, "Grille d'évaluation")
    drawing.acroForm.checkbox(name="utile", x=72, y=640, checked=True)
    drawing.acroForm.textfield(name="avis", x=72, y=600, width=200, height=20, value=value)
    drawing.showPage()
    drawing.save()
    return path


def test_a_page_with_form_fields_is_reused_from_its_copy_in_another_file(
    tmp_path: Path, parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    form = _form(tmp_path / "grille.pdf")
    inspect_file(form)
    dossier = _merge(tmp_path / "dossier.pdf", [parts[1], form])
    hits = _counting(monkeypatch)
    merged = inspect_file(dossier)
    assert hits[0] == 1  # the grid's page; the fiche's pages were never inspected
    fresh = _fresh(dossier, monkeypatch)
    assert merged.surfaces == fresh.surfaces
    # The copy shows the page's text and the text field's appearance, as the grid did.
    assert [(t.text, t.group) for t in merged.surfaces[2].texts] == [
        ("Grille d'évaluation", "page"),
        ("Oui", "annotation:2"),
    ]


def test_a_page_whose_field_shows_another_state_or_value_is_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pikepdf

    form = _form(tmp_path / "grille.pdf")
    unchecked, other_value = tmp_path / "decochee.pdf", tmp_path / "autre-valeur.pdf"
    with pikepdf.open(form) as pdf:
        same = tmp_path / "meme.pdf"
        pdf.save(same)
        box = next(a for a in pdf.pages[0].obj.Annots if a.get("/FT") == "/Btn")
        box.AS = pikepdf.Name.Off  # the same field, shown unticked
        pdf.save(unchecked)
    with pikepdf.open(form) as pdf:
        text = next(a for a in pdf.pages[0].obj.Annots if a.get("/FT") == "/Tx")
        text.V = pikepdf.String("Non")  # what a reader shows when it draws the field itself
        pdf.save(other_value)
    prints = {}
    for path in (same, unchecked, other_value):
        inspect_file(path)
        found = _pdf_reuse.page_fingerprints(path)
        assert found is not None and found[0] is not None
        prints[path.stem] = found[0]
    assert len(set(prints.values())) == 3  # the copy, and two pages that show something else


def test_a_file_qpdf_has_to_repair_gives_no_page_a_fingerprint(
    tmp_path: Path, parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    import pikepdf

    inspect_file(parts[0])
    data = parts[0].read_bytes()
    # Every cross-reference offset off by three: both readers rebuild the table.
    start = data.rindex(b"\nxref")
    table = re.sub(
        rb"(\d{10}) (\d{5}) n",
        lambda m: b"%010d %s n" % (int(m[1]) + 3, m[2]) if int(m[1]) else m[0],
        data[start:],
    )
    broken = tmp_path / "abime.pdf"
    broken.write_bytes(data[:start] + table)
    with pikepdf.open(broken) as pdf:
        assert len(pdf.pages) == 3
        assert pdf.get_warnings()  # qpdf read it, repaired
    hits = _counting(monkeypatch)
    inspected = inspect_file(broken)
    assert hits[0] == 0  # walked page by page, not taken from the intact file
    assert _pdf_reuse.page_fingerprints(broken) == (None, None, None)
    assert [" ".join(t.text for t in s.texts) for s in inspected.surfaces] == [
        f"Rapport, page {n}" for n in (1, 2, 3)
    ]
