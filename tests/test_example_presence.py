"""The example's Zoom report: ``presence collect`` reproduces its presence.json, and the build
proves attendance with a sheet and certificates that carry the EU band on every page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from dladocs.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"
REPORT = EXAMPLE / "presences" / "participants_83145092716_fictif.csv"


def _texts(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def test_the_committed_presence_json_is_what_collect_writes_from_the_zoom_report(
    example_dir: Path,
) -> None:
    (example_dir / "presence.json").unlink()
    report = example_dir / "presences" / REPORT.name
    done = CliRunner().invoke(main, ["presence", "collect", str(report), "-p", str(example_dir)])
    assert done.exit_code == 0, done.output
    assert "17 personnes distinctes" in done.stdout
    assert "non rattaché" not in done.stdout  # every participant found their structure
    written = json.loads((example_dir / "presence.json").read_text(encoding="utf-8"))
    committed = json.loads((EXAMPLE / "presence.json").read_text(encoding="utf-8"))
    assert written == committed
    people = {p["nom"]: p for p in written["personnes"]}
    # The typed « - Textiles du Hainaut » goes to the structure, not into the name.
    assert people["Sandrine Delattre"]["structure"] == "Textiles du Hainaut (fictif)"
    # Her two connections (cut at 14 h 52, back at 14 h 54) are one person.
    assert len(people["Sandrine Delattre"]["sources"]) == 2
    assert people["Claire Dumont"]["role"] == "organisateur"
    # The two people of Mains Vertes Roubaix, and every present structure, none absent.
    structures = {p["structure"] for p in written["personnes"] if p["role"] == "participant"}
    project = (EXAMPLE / "dladocs.toml").read_text(encoding="utf-8")
    assert len(structures) == 15 and all(f'structure = "{s}"' in project for s in structures)
    assert "Baie de Somme Réemploi (fictif)" not in structures  # « present = false »


def test_the_example_build_writes_the_sheet_and_the_certificates(tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    done = CliRunner().invoke(main, ["build", str(EXAMPLE), "-o", str(out)])
    assert done.exit_code == 0, done.output
    folder = out / "hauts-de-france"
    assert not (out / "presence.json").exists() and not (folder / "presence.json").exists()

    sheet = Document(str(folder / "feuille-emargement.docx"))
    rows = [
        [cell.text.replace("\u00a0", " ") for cell in row.cells] for row in sheet.tables[0].rows
    ]
    names = [row[0] for row in rows[1:]]
    assert len(names) == 17 and names[0] == "Claire Dumont" and "Christelle Lemaire" in names
    lemaire = next(row for row in rows if row[0] == "Christelle Lemaire")
    assert lemaire[1:] == [
        "Services Plus Bassin Minier (fictif)", "Participant", "14 h 01", "15 h 04", "1 h 02",
    ]  # fmt: skip

    # One certificate per participant (the organiser has none): the project sets no threshold.
    singles = sorted(p.name for p in (folder / "attestations-participation").iterdir())
    assert len(singles) == 16 and "attestation-claire-dumont.pdf" not in singles
    assert "attestation-sandrine-delattre.pdf" in singles
    pages = _texts(folder / "attestations-participation.pdf")
    assert len(pages) == 16
    for page in pages:
        flat = " ".join(page.split())
        assert "UNION EUROPÉENNE" in flat.upper() and "Fonds social européen" in flat
        assert "@" not in flat  # no e-mail address on a certificate (RGPD)
    assert any("Sandrine Delattre" in page and "Textiles du Hainaut" in page for page in pages)


@pytest.mark.slow  # LibreOffice
def test_the_attendance_sheet_pdf_has_the_band_on_every_page(tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    done = CliRunner().invoke(
        main, ["build", str(EXAMPLE), "-o", str(out), "--only", "emargement", "--pdf"]
    )
    assert done.exit_code == 0, done.output
    pages = _texts(out / "hauts-de-france" / "feuille-emargement.pdf")
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        flat = " ".join(page.split())
        assert "UNION EUROPÉENNE" in flat.upper(), number
        assert "Fonds social européen" in flat, number
        assert f"page {number} sur {len(pages)}" in flat, number
    assert "Certification" in pages[-1] and "Pascal Girard" in " ".join(pages)
