"""The attendance sheet and the certificates: what they show, page by page, and what they keep private."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

import _presence_samples as samples
from dladocs import build, load_project
from dladocs.render import certificates

PEOPLE = ("Marie Dupont", "Karim Benali", "Camille Martin")


def _project(tmp_path: Path, extra: str = "[presence]\nseuil_minutes = 30\n") -> Path:
    from click.testing import CliRunner

    from dladocs.cli import main

    folder = samples.project(tmp_path / "projet", extra)
    export = samples.write(tmp_path, "rapport.csv", samples.TEAMS_2022_EN, encoding="utf-16-le")
    result = CliRunner().invoke(main, ["presence", "collect", str(export), "-p", str(folder)])
    assert result.exit_code == 0, result.output
    if "seuil_minutes = 30" in extra:  # Sophie Leroy stayed 15 minutes
        assert "pas d'attestation pour : Sophie Leroy" in result.output
    return folder


def _text(reader: PdfReader, number: int) -> str:
    return " ".join(reader.pages[number].extract_text().split())


def _eu_block_on_every_page(path: Path) -> int:
    """Every page names the Union and the fund, beside an emblem drawn on that page."""
    from dladocs.inspect import inspect_file

    reader = PdfReader(path)
    inspection = inspect_file(path)
    assert len(inspection.surfaces) == len(reader.pages)
    for number, surface in enumerate(inspection.surfaces):
        text = _text(reader, number)
        assert "UNION EUROPÉENNE" in text.upper() and "Fonds social européen" in text, (
            path,
            number,
        )
        emblem = [
            p for p in surface.pictures if p.box is not None and p.box.width / p.box.height > 1.4
        ]
        assert emblem, f"{path.name}, page {number + 1}: no emblem"
        union = next(r for r in surface.texts if "UNION" in r.text.upper())
        assert union.box is not None and emblem[0].box.gap(union.box) < emblem[0].box.height
    return len(reader.pages)


def test_sheet_and_certificates_without_libreoffice(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    out = tmp_path / "sortie"
    result = build(load_project(folder), out, only=("emargement", "attestations"))
    assert result.ok, [c.violations for c in result.checks]
    region = out / "hauts-de-france"
    sheet = Document(str(region / "feuille-emargement.docx"))
    rows = [[cell.text for cell in row.cells] for row in sheet.tables[0].rows]
    assert rows[0][:3] == ["Nom", "Structure", "Rôle"]
    marie = next(row for row in rows if row[0] == "Marie Dupont")
    assert marie[1:] == [
        "Régie de quartier de Lille",
        "Présentateur",
        "9\u00a0h\u00a058",
        "11\u00a0h\u00a030",
        "1\u00a0h\u00a029",
    ]
    body = " ".join(p.text for p in sheet.paragraphs)
    assert "certifie sincère et véritable" in body and "Sophie Leroy" in body  # under the threshold
    # Certificates: participants above 30 minutes only, no presenter nor organiser, no e-mail.
    combined = PdfReader(region / "attestations-participation.pdf")
    names = [_text(combined, n) for n in range(len(combined.pages))]
    assert len(names) == 1 and "Karim Benali" in names[0] and "1 h 28" in names[0]
    assert "@" not in names[0]
    each = sorted((region / "attestations-participation").glob("*.pdf"))
    assert [p.name for p in each] == ["attestation-karim-benali.pdf"]
    assert _eu_block_on_every_page(region / "attestations-participation.pdf") == 1
    assert _eu_block_on_every_page(each[0]) == 1
    # The build verified each file, page by page.
    checked = {c.path.relative_to(out).as_posix(): c for c in result.checks}  # absolute paths
    assert (
        checked["hauts-de-france/attestations-participation/attestation-karim-benali.pdf"].surfaces
        == 1
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "hauts-de-france/attestations-participation/attestation-karim-benali.pdf" in {
        a["path"] for a in manifest["artifacts"]
    }


def test_presence_json_never_reaches_the_output(tmp_path: Path) -> None:
    folder = _project(tmp_path, "[presence]\nemail_attestations = true\n")
    out = tmp_path / "sortie"
    assert build(load_project(folder), out, only=("emargement", "attestations", "rapport")).ok
    assert (folder / "presence.json").is_file()
    files = [p for p in out.rglob("*") if p.is_file()]
    assert not [p for p in files if p.name == "presence.json"]
    raw = json.loads((folder / "presence.json").read_text(encoding="utf-8"))
    for path in files:
        data = path.read_bytes()
        assert b'"personnes"' not in data and b"premiere_arrivee" not in data, path
    # The report aggregates: the figures, not the names.
    report = " ".join(
        p.text for p in Document(str(out / "hauts-de-france" / "rapport-final.docx")).paragraphs
    )
    assert "Selon le rapport de connexion, 2 personnes ont participé" in report
    assert "temps moyen de connexion" in report
    for person in raw["personnes"]:
        assert person["nom"] not in report
    # Asked for: the e-mail on the certificate.
    combined = PdfReader(out / "hauts-de-france" / "attestations-participation.pdf")
    assert "sophie.leroy@ateliers-solidaires.org" in " ".join(_text(combined, n) for n in range(2))


def test_proof_documents_need_the_statement_on_every_page(tmp_path: Path) -> None:
    from dladocs.plugins import get_documents, get_plugin_manager, get_regions, get_requirements

    pm = get_plugin_manager()
    documents = get_documents(pm)
    project = load_project(samples.project(tmp_path / "p2"))
    region = get_regions(pm)["32"]
    for document_id in ("emargement", "attestations"):
        requirements = get_requirements(pm, documents[document_id], project, region)
        scopes = {r.logo: r.scope for r in requirements}
        assert scopes["eu-emblem"] == "every-surface" and scopes["eu-statement"] == "every-surface"
    rapport = {r.logo: r.scope for r in get_requirements(pm, documents["rapport"], project, region)}
    assert rapport["eu-statement"] == "document"


def test_a_tampered_certificate_is_caught_on_its_page(tmp_path: Path) -> None:
    folder = _project(tmp_path, "")
    out = tmp_path / "sortie"
    assert build(load_project(folder), out, only=("attestations",)).ok
    combined = out / "hauts-de-france" / "attestations-participation.pdf"
    reader = PdfReader(combined)
    names = [
        n
        for n in ("Marie Dupont", "Karim Benali", "Sophie Leroy")
        if any(n in _text(reader, i) for i in range(len(reader.pages)))
    ]
    assert len(reader.pages) == 2 == len(names)  # presenters and organisers get none
    digest = _template_digest(reader)
    assert certificates.verify_pages(combined, names, digest) == []
    # A white box drawn over page 2 after the template: the page is named.
    tampered = _white_box(combined, 2, 760, 80, tmp_path / "modifie.pdf")
    problems = certificates.verify_pages(tampered, names, digest)
    assert len(problems) == 1 and problems[0].startswith("page\u00a02") and "re" in problems[0]
    # The wrong name on a page, or another template: said too.
    assert "ne s'y lit pas" in certificates.verify_pages(combined, list(reversed(names)), digest)[0]
    assert "gabarit" in certificates.verify_pages(combined, names, "0" * 64)[0]


def _white_box(source: Path, page_number: int, bottom: int, height: int, target: Path) -> Path:
    """``source`` with an opaque white box drawn over the top of one page, after everything."""
    from pypdf import PdfWriter
    from pypdf.generic import ContentStream, FloatObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(source))
    page = writer.pages[page_number - 1]
    stream = ContentStream(page.get_contents(), writer)
    numbers = [FloatObject(v) for v in (1, 1, 1, 0, bottom, 595, height)]
    stream.operations += [
        ([], b"q"),
        (numbers[:3], b"rg"),
        (numbers[3:], b"re"),
        ([], b"f"),
        ([], b"Q"),
    ]
    page[NameObject("/Contents")] = writer._add_object(stream)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def _template_digest(reader: PdfReader) -> str:
    return certificates._form_digest(reader.pages[0])[1]


@pytest.mark.slow  # builds PDFs with LibreOffice
def test_build_pdf_sheet_every_page_and_dossier(tmp_path: Path) -> None:
    """Sixty people: the sheet runs over pages, each with the EU block, verified per page."""
    rows = [samples.TEAMS_2022_FR.split("\n2. Participants\n")[0], "2. Participants"]
    header = "Nom\tPremière arrivée\tDernier départ\tDurée de la réunion\tE-mail\tID du participant (UPN)\tRôle"
    rows.append(header)
    for i in range(60):
        rows.append(
            f"Personne {i:02d} Test\t26/11/2020 14:{i % 30:02d}:00\t26/11/2020 15:50:00\t"
            f"1 h {50 - i % 30} min\tp{i}@exemple.fr\tp{i}@exemple.fr\tParticipant"
        )
    folder = samples.project(tmp_path / "projet")
    export = samples.write(tmp_path, "teams.csv", "\n".join(rows), encoding="utf-16-le")
    from dladocs.presence import collect

    project = load_project(folder)
    collect.write(collect.read([export], project), folder)
    out = tmp_path / "sortie"
    result = build(
        load_project(folder), out, only=("rapport", "emargement", "attestations"), pdf=True
    )
    assert result.ok, [(c.path, c.errors) for c in result.checks]
    region = out / "hauts-de-france"
    pages = _eu_block_on_every_page(region / "feuille-emargement.pdf")
    assert pages >= 2
    assert _eu_block_on_every_page(region / "attestations-participation.pdf") == 60
    sheet_check = next(c for c in result.checks if c.path.name == "feuille-emargement.pdf")
    assert sheet_check.surfaces == pages and not sheet_check.errors
    # The dossier annexes the sheet, not the certificates (they go to each person).
    dossier = PdfReader(region / "dossier-cloture.pdf")
    titles = [item.title for item in dossier.outline if not isinstance(item, list)]
    assert any("Feuille d'émargement" in t for t in titles)
    assert not any("Attestations" in t for t in titles)
    # Tampered: the band hidden on page 2 of the sheet is found on that page by check.
    import dladocs

    tampered = _white_box(region / "feuille-emargement.pdf", 2, 720, 122, tmp_path / "feuille.pdf")
    (check,) = dladocs.check([tampered])
    assert check.status == "fail"
    assert {v.surface.index for v in check.errors} == {2}


def test_without_presence_json_the_proofs_wait_unless_asked(tmp_path: Path) -> None:
    folder = samples.project(tmp_path / "projet")
    out = tmp_path / "sortie"
    result = build(load_project(folder), out, only=("fiche",))
    assert {a.document for a in result.artifacts} == {"fiche"}
    full = build(load_project(folder), tmp_path / "tout")
    assert not {"emargement", "attestations"} & {a.document for a in full.artifacts}
    # Asked by name: a sheet to print and have signed, one row per expected person.
    asked = build(load_project(folder), out, only=("emargement",))
    assert asked.ok
    sheet = Document(str(out / "hauts-de-france" / "feuille-emargement.docx"))
    rows = [[cell.text for cell in row.cells] for row in sheet.tables[0].rows]
    assert rows[0] == ["Nom", "Structure", "Arrivée", "Départ", "Signature"]
    assert [row[1] for row in rows[1:]] == [
        "Régie de quartier de Lille",
        "Chantier Nature",
        "Ateliers solidaires",
    ]
    assert "aucun rapport de connexion" in " ".join(p.text for p in sheet.paragraphs)


def test_each_person_file_is_read_back(tmp_path: Path) -> None:
    folder = _project(tmp_path, "")
    out = tmp_path / "sortie"
    assert build(load_project(folder), out, only=("attestations",)).ok
    combined = out / "hauts-de-france" / "attestations-participation.pdf"
    names = ["Karim Benali", "Sophie Leroy"]
    layout_folder = tmp_path / "un-par-personne"
    people = [certificates.Certificate(n, ("ligne",), f"{i}.pdf") for i, n in enumerate(names)]
    written = certificates.write_each(layout_folder, combined, people)
    for path, sha in written.items():
        assert certificates.verify_copy(path, sha) == []
        assert len(PdfReader(path).pages) == 1
    path, sha = next(iter(written.items()))
    data = bytearray(path.read_bytes())
    data[data.index(b"/Title") + 8] ^= 1  # one bit of the title changed on disk
    path.write_bytes(bytes(data))
    assert certificates.verify_copy(path, sha) == ["contenu différent de la page vérifiée"]
    path.write_bytes(bytes(data[: len(data) // 2]))
    assert certificates.verify_copy(path, sha) == ["fichier tronqué (pas de table des objets)"]


def test_a_certificate_no_longer_issued_leaves_the_output(tmp_path: Path) -> None:
    folder = _project(tmp_path, "")
    out = tmp_path / "sortie"
    assert build(load_project(folder), out, only=("attestations",)).ok
    each = out / "hauts-de-france" / "attestations-participation"
    assert sorted(p.name for p in each.iterdir()) == [
        "attestation-karim-benali.pdf",
        "attestation-sophie-leroy.pdf",
    ]
    toml = folder / "dladocs.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "[evaluation]", "[presence]\nseuil_minutes = 30\n\n[evaluation]", 1
        ),
        encoding="utf-8",
    )
    again = build(load_project(folder), out, only=("attestations",))
    assert again.ok
    assert [p.name for p in each.iterdir()] == ["attestation-karim-benali.pdf"]
    assert any("attestation-sophie-leroy.pdf » retiré" in w for w in again.warnings)
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    assert "sophie" not in manifest


def test_each_person_file_takes_the_verdict_of_its_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thousands of certificates: each file, proved a copy of its page, is not inspected again."""
    import dladocs.inspect

    inspected: list[str] = []
    inspect_file = dladocs.inspect.inspect_file

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        inspected.append(Path(path).name)
        return inspect_file(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dladocs.inspect, "inspect_file", counting)
    folder = _project(tmp_path, "")
    out = tmp_path / "sortie"
    result = build(load_project(folder), out, only=("attestations",))
    assert result.ok
    each = sorted((out / "hauts-de-france" / "attestations-participation").glob("*.pdf"))
    assert [p.name for p in each] == [
        "attestation-karim-benali.pdf",
        "attestation-sophie-leroy.pdf",
    ]
    # The combined PDF and the template were read; the two copies were not.
    assert "attestations-participation.pdf" in inspected
    assert not {p.name for p in each} & set(inspected)
    checked = {c.path.name: c for c in result.checks}
    for path in each:
        assert checked[path.name].status == "ok" and checked[path.name].surfaces == 1
    # index.html shows each copy with the thumbnail of its page in the combined PDF.
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "attestation-sophie-leroy.pdf" in html
    from dladocs.report import render_thumbnails

    combined = render_thumbnails(out / "hauts-de-france" / "attestations-participation.pdf")
    assert combined[1]["data"] in html and combined[0]["data"] in html


def test_a_copy_takes_the_errors_of_its_page_and_of_its_file() -> None:
    from dladocs._region_build import _page_check
    from dladocs.types import SurfaceRef, Violation
    from dladocs.verify import FileCheck

    def violation(index: int, severity: str = "error") -> Violation:
        return Violation("fse-embleme", severity, SurfaceRef("page", index), f"page {index}")  # type: ignore[arg-type]

    source = FileCheck(
        Path("tous.pdf"),
        "fail",
        [violation(2), violation(0, "warning"), violation(3)],
        surfaces=3,
    )
    second = _page_check(Path("deux.pdf"), source, 2)
    assert second.status == "fail" and second.surfaces == 1
    assert [(v.surface.index, v.message) for v in second.violations] == [
        (1, "page 2"),
        (0, "page 0"),
    ]
    first = _page_check(Path("un.pdf"), source, 1)
    assert first.status == "ok" and [v.severity for v in first.violations] == ["warning"]
