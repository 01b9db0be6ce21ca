"""The final report analyses: attendance, weak items, lessons, budget with its VAT status.

Projects are the bundled example with one key changed; the report is rebuilt
and read back with python-docx, as a reader of the DOCX would see it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

import dladocs
from dladocs.default_plugins import _rapport_analyse as analyse
from dladocs.errors import ProjectError
from dladocs.project import load_project

NBSP, NNBSP = "\u00a0", "\u202f"


def _project_file(example_dir: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = (example_dir / "dladocs.toml").read_text(encoding="utf-8")
    assert old in text
    (example_dir / "dladocs.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return example_dir / "dladocs.toml"


def _errors(path: Path) -> list[str]:
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    return caught.value.problems


def _report_text(project: Path, out: Path) -> str:
    built = dladocs.build(project, out, only=("rapport",))
    assert built.ok
    path = next(a.path for a in built.artifacts if a.format == "docx")
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [" | ".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return "\n".join(parts).replace(NBSP, " ").replace(NNBSP, " ")


def test_attendance_comes_from_the_participants_and_a_source_can_plug_in(
    example_dir: Path,
) -> None:
    project = load_project(example_dir)
    participants = list(project.participants)
    presence = analyse.attendance(project, participants)
    assert (presence.registered, presence.structures, presence.people) == (26, 15, 16)
    assert presence.no_shows == 11 and round(presence.no_show_rate or 0, 2) == 0.42

    # A second source (a video-conference export) goes in front and wins when it knows.
    def export(_project: object, _participants: object) -> analyse.Attendance:
        return analyse.Attendance(26, 17, 19, "l'export des connexions")

    analyse.ATTENDANCE_SOURCES.insert(0, export)
    try:
        assert analyse.attendance(project, participants).people == 19
    finally:
        analyse.ATTENDANCE_SOURCES.remove(export)
    assert analyse.attendance(project, participants).people == 16


def test_lines_that_do_not_make_the_declared_total_name_the_key(
    example_dir: Path, tmp_path: Path
) -> None:
    path = _project_file(example_dir, tmp_path, "total = 1000", "total = 1200")
    problems = _errors(path)
    assert any("cout.total" in p and "1000 €" in p and "1200 €" in p for p in problems)


def test_a_day_rate_the_lines_do_not_follow_names_the_line(
    example_dir: Path, tmp_path: Path
) -> None:
    path = _project_file(
        example_dir, tmp_path, 'tva = "franchise"', 'tva = "franchise"\ntaux_journalier = 450'
    )
    problems = _errors(path)
    assert any("cout.postes" in p and "montant" in p and "taux_journalier" in p for p in problems)


def test_a_cost_above_the_ceiling_is_an_error_naming_the_keys(
    example_dir: Path, tmp_path: Path
) -> None:
    # With VAT on top, the 1 000 € HT of the example cost 1 200 € TTC: over the ceiling.
    path = _project_file(
        example_dir, tmp_path, 'tva = "franchise"\ntotal = 1000', 'tva = "assujetti"'
    )
    problems = _errors(path)
    assert any("cout.postes" in p and "plafond_budget" in p and "1200 €" in p for p in problems)


def test_an_exemption_needs_its_legal_ground(example_dir: Path, tmp_path: Path) -> None:
    path = _project_file(example_dir, tmp_path, 'tva = "franchise"', 'tva = "exoneration"')
    assert any("cout.mention_tva" in p for p in _errors(path))


@pytest.mark.slow  # builds the example
def test_without_the_debrief_conclusions_the_report_is_provisional(
    example_dir: Path, tmp_path: Path
) -> None:
    text = (example_dir / "dladocs.toml").read_text(encoding="utf-8")
    start = text.index("conclusions = [")
    end = text.index("]\n", start) + 2
    (example_dir / "dladocs.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    built = dladocs.build(example_dir / "dladocs.toml", tmp_path / "sortie", only=("rapport",))
    assert built.ok  # a recommendation, not an error
    warnings = [v for c in built.checks for v in c.violations if v.rule == "RAP-01"]
    assert warnings and "[bilan] conclusions" in warnings[0].message
    document = Document(str(next(a.path for a in built.artifacts if a.format == "docx")))
    first_page = "\n".join(p.text for p in document.paragraphs[:20])
    assert "Version provisoire" in first_page


@pytest.mark.slow  # builds the example
def test_vat_liable_consultant_shows_ht_vat_and_ttc(example_dir: Path, tmp_path: Path) -> None:
    text = (example_dir / "dladocs.toml").read_text(encoding="utf-8")
    text = text.replace('tva = "franchise"\ntotal = 1000', 'tva = "assujetti"\ntaux_tva = 20')
    text = text.replace("montant = 500", "montant = 417").replace("montant = 200", "montant = 166")
    text = text.replace("montant = 300", "montant = 250")
    (example_dir / "dladocs.toml").write_text(text, encoding="utf-8")
    report = _report_text(example_dir / "dladocs.toml", tmp_path / "sortie")
    assert "Poste | Jours | Taux journalier | Montant HT" in report
    assert "Total HT |  |  | 833 €" in report
    assert "TVA (20 %) |  |  | 166,60 €" in report
    assert "Total TTC |  |  | 999,60 €" in report
    assert "TVA au taux de 20 % ajoutée aux montants HT" in report
    assert "respecte le plafond de 1 000 € TTC" in report
