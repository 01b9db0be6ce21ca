"""Incremental builds and what the command prints while it works."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

import dladocs


def _logo(path: Path, colour: str) -> Path:
    image = Image.new("RGB", (600, 240), "white")
    ImageDraw.Draw(image).rounded_rectangle((10, 10, 590, 230), radius=30, fill=colour)
    image.save(path)
    return path


# The example's files: the five documents' seven, the attendance sheet, the certificates' PDF
# and one certificate per participant (16, from its presence.json; the project sets no threshold).
EXAMPLE_FILES = 7 + 1 + 1 + 16


def _written(result: Any) -> set[tuple[str, str]]:
    return {(a.document, a.format) for a in result.written}


def _up_to_date(result: Any) -> set[tuple[str, str]]:
    return {(a.document, a.format) for a in result.up_to_date}


def test_a_changed_input_rebuilds_exactly_what_depends_on_it(
    example_dir: Path, tmp_path: Path
) -> None:
    project_file = example_dir / "dladocs.toml"
    (example_dir / "logos").mkdir()
    _logo(example_dir / "logos" / "avise.png", "#16a085")
    text = project_file.read_text(encoding="utf-8").replace(
        "[verification]", '[logos]\navise = "logos/avise.png"\n\n[verification]'
    )
    project_file.write_text(text, encoding="utf-8")
    out = tmp_path / "sortie"
    first = dladocs.build(project_file, out)
    assert first.ok and len(first.written) == EXAMPLE_FILES

    # Nothing changed: nothing written.
    again = dladocs.build(project_file, out)
    assert again.written == [] and _up_to_date(again) == _written(first)

    # The Avise logo is on every piece, the grid handed to participants included.
    _logo(example_dir / "logos" / "avise.png", "#8e44ad")
    logo_changed = dladocs.build(project_file, out)
    assert _written(logo_changed) == {
        ("deck", "pptx"),
        ("fiche", "docx"),
        ("grille", "docx"),
        ("grille", "pdf"),
        ("grille", "csv"),
        ("rapport", "docx"),
        ("resultats", "docx"),
    }

    # The evaluation answers feed the report and the results alone.
    answers = example_dir / "reponses" / "evaluation-en-ligne.csv"
    answers.write_text(answers.read_text(encoding="utf-8-sig") + "\n", encoding="utf-8-sig")
    answers_changed = dladocs.build(project_file, out)
    assert _written(answers_changed) == {("rapport", "docx"), ("resultats", "docx")}

    # A local template replaces one document's template: only that document is rebuilt.
    templates = example_dir / "modeles"
    templates.mkdir()
    from dladocs.default_plugins.templates import builtin_templates

    shutil.copyfile(builtin_templates() / "fiche.docx", templates / "fiche.docx")
    project_file.write_text(
        project_file.read_text(encoding="utf-8") + '\n[modeles]\ndossier = "modeles"\n',
        encoding="utf-8",
    )
    # Changing the project file itself rebuilds everything (every document reads it)...
    everything = dladocs.build(project_file, out)
    assert len(everything.written) == EXAMPLE_FILES
    # ...while touching the local template afterwards rebuilds the fiche alone.
    from docx import Document

    document = Document(str(templates / "fiche.docx"))
    document.add_paragraph("Modèle local de la structure.")
    document.save(str(templates / "fiche.docx"))
    template_changed = dladocs.build(project_file, out)
    assert _written(template_changed) == {("fiche", "docx")}
    fiche = Document(str(out / "hauts-de-france" / "fiche-pratique.docx"))
    assert any(p.text == "Modèle local de la structure." for p in fiche.paragraphs)


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DLADOCS_NO_ENTRY_POINTS="1")
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=300, env=env, cwd=cwd
    )


def test_an_unchanged_rebuild_answers_without_loading_the_heavy_libraries(tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    assert _run("-m", "dladocs", "build", "-o", str(out), "-q").returncode == 0
    done = _run("-X", "importtime", "-m", "dladocs", "build", "-o", str(out))
    assert done.returncode == 0
    assert "Rien à reconstruire" in done.stdout
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    for heavy in ("pydantic", "pptx", "docx", "pypdf", "PIL", "matplotlib", "reportlab"):
        assert heavy not in imported, heavy
    as_json = json.loads(_run("-m", "dladocs", "build", "-o", str(out), "--json").stdout)
    assert (
        as_json["ok"] and as_json["written"] == [] and len(as_json["up_to_date"]) == EXAMPLE_FILES
    )


@pytest.mark.slow  # two builds in subprocesses
def test_progress_lines_in_a_pipe_and_silence_with_quiet(tmp_path: Path) -> None:
    done = _run("-m", "dladocs", "build", "-o", str(tmp_path / "a"), "--region", "32,53")
    lines = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert (
        len(lines) == 28
    )  # 7 documents (with the proofs of attendance) x 2 regions, rendered then verified
    assert lines[0].startswith("[  1/28]") and lines[-1].startswith("[ 28/28]")
    assert any("53 deck" in line and "vérifié" in line for line in lines)
    quiet = _run("-m", "dladocs", "build", "-o", str(tmp_path / "b"), "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_progress_bar_on_a_terminal() -> None:
    import io

    from dladocs._console import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    with Progress(enabled=True, stream=screen) as progress:
        progress.start(4)
        for phase, document in (
            ("écrit", "deck"),
            ("écrit", "fiche"),
            ("vérifié", "deck"),
            ("vérifié", "fiche"),
        ):
            progress(phase, document, "32")
    frames = screen.getvalue().split("\r")
    assert any("[████████████░░░░░░░░░░░░] 2/4" in frame for frame in frames)
    assert any("4/4" in frame and "fiche" in frame and "vérifié" in frame for frame in frames)
    assert frames[-1].strip() == ""  # the line is cleared when the work is done


def test_a_rebuild_with_nothing_to_do_names_the_same_files_as_the_build(
    example_dir: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from dladocs.cli import main

    def recommendations() -> list[str]:
        done = CliRunner().invoke(main, ["build", str(example_dir), "-o", str(tmp_path / "out")])
        assert done.exit_code == 0, done.output
        lines = done.output.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("Recommandations"))
        block = []
        for line in lines[start + 1 :]:
            if not line.startswith(("  !", "      ")):
                break
            block.append(line)
        return block

    fresh = recommendations()
    again = recommendations()

    assert again == fresh
    # The placeholder logos are on five documents (the grid too): the first three are
    # named, in a stable order, the others counted.
    placeholders = fresh[fresh.index(next(line for line in fresh if "DLA-03" in line)) + 1]
    assert placeholders.strip().startswith("dans :")
    for name in ("fiche-pratique", "grille-evaluation", "rapport-final"):
        assert name in placeholders, placeholders
    assert "et 2 autre(s) fichier(s)" in placeholders
