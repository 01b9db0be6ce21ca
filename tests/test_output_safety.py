"""dladocs deletes only what it wrote, and refuses output folders where writing could harm.

The root folder is never given to a real build here: the tests that name it
replace the functions that would first write (the lock, the clean-up) with
sentinels, so that a regression fails the test instead of touching ``/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dladocs.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"


def _build(project: Path, out: Path | str, *extra: str) -> Result:
    return CliRunner().invoke(main, ["build", str(project), "-o", str(out), "--quiet", *extra])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "projet"
    shutil.copytree(EXAMPLE, target)
    return target


def _never_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to write into the output folder fail the test loudly."""
    from dladocs import _output

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"dladocs was about to write into {args!r}")

    monkeypatch.setattr(_output, "locked", refuse)
    monkeypatch.setattr(_output, "clean_leftovers", refuse)


def test_user_temporary_file_in_output_folder_survives_a_build(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "D"
    assert _build(project, out, "--only", "deck").exit_code == 0
    notes = out / "mes-notes" / ".budget.xlsx.tmp-1"
    notes.parent.mkdir()
    notes.write_bytes(b"mon budget")
    beside = out / "hauts-de-france" / ".support.pptx.tmp-7"
    beside.write_bytes(b"a moi aussi")
    # A real leftover of a killed build: the temporary twin of the manifest.
    leftover = out / ".manifest.json.tmp-4242"
    leftover.write_bytes(b"{")

    result = _build(project, out, "--force")

    assert result.exit_code == 0, result.output
    assert notes.read_bytes() == b"mon budget"
    assert beside.read_bytes() == b"a moi aussi"
    assert not leftover.exists()


@pytest.mark.parametrize("force", [False, True])
def test_root_folder_is_refused_before_anything_is_written(
    project: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    _never_write(monkeypatch)

    result = _build(project, "/", *(["--force"] if force else []))

    assert result.exit_code == 2, result.output
    assert "dladocs refuse d'écrire dans « / »" in result.output
    assert "racine du système de fichiers" in result.output
    assert "Traceback" not in result.output


def test_home_and_system_folders_are_refused(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "maison"
    home.mkdir()
    (home / "documents.odt").write_bytes(b"mes documents")
    monkeypatch.setenv("HOME", str(home))
    _never_write(monkeypatch)

    mine = _build(project, home, "--force")
    assert mine.exit_code == 2, mine.output
    assert "c'est votre dossier personnel" in mine.output
    for system in ("/etc", "/usr/share", "/tmp"):
        result = _build(project, system, "--force")
        assert result.exit_code == 2, result.output
        assert "c'est un dossier du système" in result.output
    assert (home / "documents.odt").read_bytes() == b"mes documents"


def test_non_empty_folder_without_manifest_needs_force(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "mes-documents"
    out.mkdir()
    (out / "notes.txt").write_text("à garder", encoding="utf-8")

    refused = _build(project, out)

    assert refused.exit_code == 2, refused.output
    assert "contient déjà des fichiers (« notes.txt »)" in refused.output
    assert "aucun manifest.json de dladocs" in refused.output
    assert "--force" in refused.output
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]

    forced = _build(project, out, "--force")

    assert forced.exit_code == 0, forced.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "à garder"
    assert (out / "manifest.json").is_file()


def test_another_project_does_not_replace_the_deliverables_in_the_folder(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sortie"
    assert _build(project, out, "--only", "fiche").exit_code == 0
    fiche = out / "hauts-de-france" / "fiche-pratique.docx"
    before = fiche.read_bytes()
    other = tmp_path / "autre"
    shutil.copytree(project, other)
    toml = other / "dladocs.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('titre = "', 'titre = "Autre projet : ', 1), encoding="utf-8")

    refused = _build(other, out, "--only", "fiche")

    assert refused.exit_code == 2, refused.output
    assert "contient les livrables d'un autre projet" in refused.output
    assert "-o" in refused.output and "--force" in refused.output
    assert fiche.read_bytes() == before  # the first project's fiche is untouched
    assert _build(other, out, "--only", "fiche", "--force").exit_code == 0


def test_output_folder_left_by_a_killed_first_build_is_still_ours(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sortie"
    (out / ".dladocs-staging-abc" / "hauts-de-france").mkdir(parents=True)
    (out / ".dladocs.lock").write_bytes(b"")

    result = _build(project, out, "--only", "deck")

    assert result.exit_code == 0, result.output
    assert not (out / ".dladocs-staging-abc").exists()


def test_a_fifo_at_an_output_path_stops_the_build_without_hanging(
    project: Path, tmp_path: Path
) -> None:
    import os

    out = tmp_path / "sortie"
    assert _build(project, out, "--only", "deck").exit_code == 0
    fiche = out / "hauts-de-france" / "fiche-pratique.docx"
    os.mkfifo(fiche)

    result = _build(project, out, "--only", "fiche")

    assert result.exit_code == 2, result.output
    assert "n'est pas un fichier ordinaire" in result.output
    assert "fiche-pratique.docx" in result.output


def test_a_full_disk_names_the_output_folder(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from dladocs import _output

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_output, "commit", full)
    out = tmp_path / "sortie"

    result = _build(project, out, "--only", "deck")

    assert result.exit_code == 2, result.output
    assert f"« {out} » : plus de place sur le disque" in result.output
    assert "libérez de la place" in result.output


def test_only_one_document_still_says_a_broken_hand_edit_beside_it(
    project: Path, tmp_path: Path
) -> None:
    from docx import Document

    out = tmp_path / "sortie"
    assert _build(project, out, "--only", "fiche,rapport").exit_code == 0
    fiche = out / "hauts-de-france" / "fiche-pratique.docx"
    document = Document(str(fiche))
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            part.is_linked_to_previous = True  # the logo band goes, emblem and all
    document.save(str(fiche))
    edited = fiche.read_bytes()

    result = _build(project, out, "--only", "rapport")

    assert result.exit_code == 1, result.output
    assert "Non conforme : « hauts-de-france/fiche-pratique.docx », modifié à la main" in (
        result.output
    )
    assert "E14-04" in result.output
    assert fiche.read_bytes() == edited
