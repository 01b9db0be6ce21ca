"""Hand edits are never lost.

A consultant opens the generated fiche in Word, adds a paragraph and saves.
From then on dladocs never overwrites that file silently: a rebuild that would
rewrite it stops with exit code 2 and names it, leaving every file untouched;
``--force`` replaces it and keeps the edited version in
``.dladocs-sauvegardes/<date>/``; a rebuild with nothing new to write keeps
the edited file and says so.  A file dladocs never wrote, lying where it
wants to write, is protected the same way.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document
from pypdf import PdfReader, PdfWriter

from dladocs.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"
FICHE = "hauts-de-france/fiche-pratique.docx"
FORM = "hauts-de-france/grille-evaluation.pdf"
EDIT = "Ajouté à la main dans Word : penser à relancer les structures du Pas-de-Calais."
BACKUPS = ".dladocs-sauvegardes"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _build(project: Path, out: Path, *extra: str) -> Result:
    return CliRunner().invoke(main, ["build", str(project), "-o", str(out), *extra])


def _outputs(out: Path) -> dict[str, str]:
    """Every deliverable in the output folder and its hash (dladocs' own hidden folders aside)."""
    return {
        path.relative_to(out).as_posix(): _sha(path)
        for path in sorted(out.rglob("*"))
        if path.is_file()
        and path.suffix in (".docx", ".pptx", ".pdf")
        and not path.name.startswith(".")
        and not any(part.startswith(".") for part in path.relative_to(out).parts)
    }


def _manifest_sha(out: Path, relative: str) -> str:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return str(
        next(entry["sha256"] for entry in manifest["artifacts"] if entry["path"] == relative)
    )


def _edit_in_word(path: Path) -> str:
    document = Document(str(path))
    document.add_paragraph(EDIT)
    document.save(str(path))
    return _sha(path)


def _has_edit(path: Path) -> bool:
    return any(EDIT in paragraph.text for paragraph in Document(str(path)).paragraphs)


def _change_project(project: Path) -> None:
    path = project / "dladocs.toml"
    text = path.read_text(encoding="utf-8")
    changed = text.replace("inscrits = 26", "inscrits = 27", 1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = tmp_path / "projet"
    shutil.copytree(EXAMPLE, project)
    out = tmp_path / "sortie"
    result = _build(project, out, "--quiet")
    assert result.exit_code == 0, result.output
    return project, out


def test_rebuild_stops_rather_than_overwrite_an_edited_docx(built: tuple[Path, Path]) -> None:
    project, out = built
    edited = _edit_in_word(out / FICHE)
    _change_project(project)  # every document would now be rewritten
    before = _outputs(out)
    manifest_before = (out / "manifest.json").read_bytes()

    result = _build(project, out, "--quiet")

    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Erreur : dladocs n'écrase pas vos modifications" in result.output
    assert f"{FICHE} a été modifié depuis que dladocs l'a écrit" in result.output
    assert "--force" in result.output
    assert _sha(out / FICHE) == edited
    assert _has_edit(out / FICHE)
    assert _outputs(out) == before  # the build stopped: nothing else was written either
    assert (out / "manifest.json").read_bytes() == manifest_before


def test_force_replaces_the_edited_file_and_keeps_a_backup(built: tuple[Path, Path]) -> None:
    project, out = built
    edited = _edit_in_word(out / FICHE)
    _change_project(project)

    result = _build(project, out, "--quiet", "--force")

    assert result.exit_code == 0, result.output
    assert not _has_edit(out / FICHE)
    assert _sha(out / FICHE) == _manifest_sha(out, FICHE)
    backups = list((out / BACKUPS).glob(f"*/{FICHE}"))
    assert len(backups) == 1
    assert _sha(backups[0]) == edited
    assert _has_edit(backups[0])
    assert not list((out / BACKUPS).rglob(".*.tmp-*"))


def test_unchanged_rebuild_keeps_the_edited_file_and_says_so(built: tuple[Path, Path]) -> None:
    project, out = built
    edited = _edit_in_word(out / FICHE)
    dladocs_version = _manifest_sha(out, FICHE)
    before = _outputs(out)

    result = _build(project, out)  # nothing changed in the project: nothing to write

    assert result.exit_code == 0, result.output
    assert f"« {FICHE} » a été modifié à la main" in result.output
    assert "le garde tel quel" in result.output
    assert _sha(out / FICHE) == edited
    assert _outputs(out) == before
    assert not (out / BACKUPS).exists()
    # The manifest still knows what dladocs wrote, so the edit stays protected later on.
    assert _manifest_sha(out, FICHE) == dladocs_version
    _change_project(project)
    later = _build(project, out, "--quiet")
    assert later.exit_code == 2, later.output
    assert FICHE in later.output
    assert _sha(out / FICHE) == edited


def test_a_kept_edit_that_breaks_the_rules_is_checked_and_said(built: tuple[Path, Path]) -> None:
    """A consultant deletes the logo band from the fiche in Word: the kept file is verified again."""
    project, out = built
    document = Document(str(out / FICHE))
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            part.is_linked_to_previous = True  # drops the header and footer, logos and all
    document.save(str(out / FICHE))
    edited = _sha(out / FICHE)

    result = _build(project, out)

    assert result.exit_code == 1, result.output
    assert f"Non conforme : « {FICHE} », modifié à la main et gardé tel quel" in result.output
    assert "E14-04" in result.output  # the emblem is gone from the pages
    assert _sha(out / FICHE) == edited  # still the consultant's file: never overwritten
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [check] = [c for c in manifest["checks"] if c["path"] == FICHE]
    assert check["status"] == "fail"
    assert any(v["rule"] == "E14-04" for v in check["violations"])


def test_force_on_an_unchanged_project_restores_the_generated_file(
    built: tuple[Path, Path],
) -> None:
    project, out = built
    generated = _sha(out / FICHE)
    edited = _edit_in_word(out / FICHE)

    result = _build(project, out, "--quiet", "--force")

    assert result.exit_code == 0, result.output
    assert _sha(out / FICHE) == generated  # reproducible: the very bytes of the first build
    (backup,) = (out / BACKUPS).glob(f"*/{FICHE}")
    assert _sha(backup) == edited


def test_edited_fillable_pdf_is_protected_too(built: tuple[Path, Path]) -> None:
    project, out = built
    reader = PdfReader(out / FORM)
    writer = PdfWriter(clone_from=reader)
    writer.add_metadata({"/Subject": "Grille remplie et annotée à la main"})
    writer.write(out / FORM)
    edited = _sha(out / FORM)
    _change_project(project)

    result = _build(project, out, "--quiet")

    assert result.exit_code == 2, result.output
    assert FORM in result.output
    assert _sha(out / FORM) == edited


def test_file_dladocs_never_wrote_is_not_overwritten(tmp_path: Path) -> None:
    project = tmp_path / "projet"
    shutil.copytree(EXAMPLE, project)
    out = tmp_path / "sortie"
    first = _build(project, out, "--quiet", "--only", "deck")
    assert first.exit_code == 0, first.output
    mine = Document()
    mine.add_paragraph("Ma propre fiche, écrite avant de connaître dladocs.")
    (out / FICHE).parent.mkdir(parents=True, exist_ok=True)
    mine.save(str(out / FICHE))
    theirs = _sha(out / FICHE)

    result = _build(project, out, "--quiet")

    assert result.exit_code == 2, result.output
    assert f"{FICHE} existe déjà et n'a pas été écrit par dladocs" in result.output
    assert _sha(out / FICHE) == theirs
    forced = _build(project, out, "--quiet", "--force")
    assert forced.exit_code == 0, forced.output
    (backup,) = (out / BACKUPS).glob(f"*/{FICHE}")
    assert _sha(backup) == theirs


def test_file_in_a_fresh_output_folder_is_not_overwritten(tmp_path: Path) -> None:
    project = tmp_path / "projet"
    shutil.copytree(EXAMPLE, project)
    out = tmp_path / "sortie"
    (out / "hauts-de-france").mkdir(parents=True)
    (out / FICHE).write_bytes(b"not even a docx")

    result = _build(project, out, "--quiet")

    # A folder holding files but no manifest is not a dladocs output folder: refused as a whole.
    assert result.exit_code == 2, result.output
    assert "aucun manifest.json de dladocs" in result.output
    assert (out / FICHE).read_bytes() == b"not even a docx"
    assert not (out / "manifest.json").exists()
    forced = _build(project, out, "--quiet", "--force")
    assert forced.exit_code == 0, forced.output
    (backup,) = (out / BACKUPS).glob(f"*/{FICHE}")
    assert backup.read_bytes() == b"not even a docx"


def test_a_damaged_manifest_is_said_and_protects_every_file(built: tuple[Path, Path]) -> None:
    project, out = built
    (out / "manifest.json").write_text("{abîmé", encoding="utf-8")
    before = _outputs(out)

    result = _build(project, out, "--quiet")

    assert result.exit_code == 2, result.output
    assert "Le manifeste manifest.json de ce dossier est illisible" in result.output
    assert _outputs(out) == before
