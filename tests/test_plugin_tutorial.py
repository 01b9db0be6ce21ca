"""The plugin of docs/plugins.md, made only from the documentation, installed with pip and used.

The code blocks marked ``file=...`` in the tutorial are written to a fresh
folder (blocks naming the same file are joined in order), its template is
made by the tutorial's own ``make_template.py`` (the Word steps, scripted),
and the package is installed with ``pip install --target`` from its own
``pyproject.toml``: dladocs then finds it through its entry point only, in
separate processes, as it would after ``pip install -e .``.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from dladocs.plugins import iter_hook_names

REPO = Path(__file__).resolve().parents[1]
TUTORIAL = REPO / "docs" / "plugins.md"
EXAMPLE = REPO / "examples" / "webinaire-hauts-de-france"
FENCE = re.compile(r"^```(\w+) file=(\S+)\n(.*?)^```$", flags=re.M | re.S)
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def tutorial_files() -> dict[str, str]:
    """The files the tutorial shows, by path; blocks naming the same file are joined in order."""
    parts: dict[str, list[str]] = {}
    for _language, name, body in FENCE.findall(TUTORIAL.read_text(encoding="utf-8")):
        parts.setdefault(name, []).append(body.rstrip("\n") + "\n")
    return {name: "\n\n".join(chunks) for name, chunks in parts.items()}


def _env(site: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DLADOCS_NO_ENTRY_POINTS"}
    if site is not None:
        env["PYTHONPATH"] = str(site)
    return env


def _run(
    *args: str, site: Path | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=_env(site),
        cwd=cwd,
        timeout=600,
    )


@pytest.fixture(scope="module")
def plugin(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tutoriel")
    package = root / "dladocs-emargement"
    for name, text in tutorial_files().items():
        target = package / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    made = _run("make_template.py", cwd=package)
    assert made.returncode == 0, made.stderr
    site = root / "site-packages"
    installed = _run(
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--target",
        str(site),
        str(package),
    )
    assert installed.returncode == 0, installed.stderr
    return {"package": package, "site": site, "root": root}


def _project(folder: Path, extra: str = "") -> Path:
    """A copy of the bundled example, as a user's own project."""
    import shutil

    shutil.copytree(EXAMPLE, folder)
    # Without the example's attendance export: the tutorial's own sheet is what is counted.
    (folder / "presence.json").unlink(missing_ok=True)
    project = folder / "dladocs.toml"
    if extra:
        project.write_text(project.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return project


def _registered(project: Path) -> list[str]:
    import dladocs

    return [p.organisation for p in dladocs.load_project(project).participants]


# --------------------------------------------------------------------------- the documentation itself


def test_the_tutorial_shows_a_whole_plugin_and_names_every_hook() -> None:
    files = tutorial_files()
    assert set(files) == {
        "pyproject.toml",
        "make_template.py",
        "dladocs_emargement/__init__.py",
        "tests/conftest.py",
        "tests/test_emargement.py",
    }
    assert (
        '[project.entry-points.dladocs]\nemargement = "dladocs_emargement"'
        in files["pyproject.toml"]
    )
    text = TUTORIAL.read_text(encoding="utf-8")
    assert "](hooks.md)" in text
    for command in (
        "dladocs templates export",
        "pip install -e .",
        "dladocs plugins",
        "dladocs build",
    ):
        assert command in text, command
    for hook in iter_hook_names():
        assert f"`{hook}`" in text, f"the tutorial does not mention {hook}"


def test_the_template_is_made_from_the_exported_one_and_keeps_its_band(
    plugin: dict[str, Path],
) -> None:
    template = Document(str(plugin["package"] / "dladocs_emargement" / "emargement-papier.docx"))
    header = "\n".join(
        p.text
        for table in template.sections[0].header.tables
        for row in table.rows
        for c in row.cells
        for p in c.paragraphs
    )
    assert (
        "{{ bandeau.embleme }}" in header and "{{ ligne }}" in header
    )  # the logo band of grille.docx
    footer = "\n".join(p.text for p in template.sections[0].footer.paragraphs)
    assert "{{ mention_fse }}" in footer
    assert template.paragraphs[0].text == "Feuille d'émargement"
    assert "Grille d'évaluation du webinaire" not in "\n".join(p.text for p in template.paragraphs)
    [table] = template.tables
    assert [c.text for c in table.rows[0].cells] == [
        "Structure",
        "Département",
        "Nom et prénom",
        "Signature",
    ]
    assert table.rows[1].cells[0].text == "{%tr for ligne in lignes %}"


# --------------------------------------------------------------------------- installed, listed, built


def test_dladocs_plugins_and_regions_list_it(plugin: dict[str, Path]) -> None:
    listing = _run("-m", "dladocs", "plugins", site=plugin["site"])
    assert listing.returncode == 0, listing.stderr
    # Other plugins may be installed beside it (the example plugins are, in CI).
    lines = listing.stdout.splitlines()
    index = lines.index("dladocs-emargement 0.1.0")
    assert lines[index + 1] == "  hooks : dladocs_checks, dladocs_document_types, dladocs_regions"
    regions = {
        r["code"]: r
        for r in json.loads(_run("-m", "dladocs", "regions", "--json", site=plugin["site"]).stdout)
    }
    assert len(regions) == 19
    added = regions["975"]
    assert (added["name"], added["slug"], added["overseas"]) == (
        "Saint-Pierre-et-Miquelon",
        "saint-pierre-et-miquelon",
        True,
    )
    assert added["porteur"] is None and added["porteurs_complete"] is False


@pytest.mark.slow  # a pytest run and a three-region build
def test_the_build_makes_and_verifies_the_sheet_for_each_region(
    plugin: dict[str, Path], tmp_path: Path
) -> None:
    project = _project(tmp_path / "projet")
    out = tmp_path / "sortie"
    built = _run(
        "-m",
        "dladocs",
        "build",
        str(project),
        "-o",
        str(out),
        "--region",
        "32,975",
        site=plugin["site"],
    )
    assert built.returncode == 0, built.stderr
    from dladocs.plugins import get_documents, get_plugin_manager

    # Proofs of attendance wait for presence.json (dladocs presence collect): not built here.
    builtin = sum(
        len(d.formats) for d in get_documents(get_plugin_manager()).values() if not d.proof
    )
    files = 2 * (builtin + 1)  # two regions: the built-in set and the sheet
    assert f"{files} fichier(s) écrit(s), 0 déjà à jour, tous vérifiés" in built.stdout
    assert "  hauts-de-france/feuille-emargement-papier.docx" in built.stdout
    assert "  saint-pierre-et-miquelon/feuille-emargement-papier.docx" in built.stdout
    assert (
        "Attention : Saint-Pierre-et-Miquelon : informations non fournies (porteur du DLA régional ; "
        "porteurs des DLA départementaux (Saint-Pierre-et-Miquelon))"
    ) in built.stderr

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    sheets = {a["region"]: a for a in manifest["artifacts"] if a["document"] == "emargement-papier"}
    assert {code: a["path"] for code, a in sheets.items()} == {
        "32": "hauts-de-france/feuille-emargement-papier.docx",
        "975": "saint-pierre-et-miquelon/feuille-emargement-papier.docx",
    }
    checks = {c["path"]: c for c in manifest["checks"]}
    for entry in sheets.values():
        assert checks[entry["path"]]["status"] == "ok"
        assert checks[entry["path"]]["surfaces"] >= 2  # its header band and its body were inspected

    # The home region's sheet: every registered structure, the band and the FSE statement.
    sheet = Document(str(out / "hauts-de-france" / "feuille-emargement-papier.docx"))
    rows = [[cell.text for cell in row.cells] for row in sheet.tables[0].rows]
    assert rows[0] == ["Structure", "Département", "Nom et prénom", "Signature"]
    assert [r[0] for r in rows[1:] if r[0]] == _registered(project)
    assert rows[1][1] == "Nord (59)" and rows[1][2:] == ["", ""]
    assert rows[-5:] == [["", "", "", ""]] * 5  # blank rows for who did not register
    pictures = {e.get("name") for e in sheet.sections[0].header._element.iter(f"{WP}docPr")}
    assert pictures == {"dladocs:logo:eu-emblem"}  # a form, not a communication piece: FSE only
    footer = "\n".join(p.text for p in sheet.sections[0].footer.paragraphs)
    assert "Ce projet est cofinancé par le Fonds social européen" in footer

    # The new variant: a complete set, a sheet of blank rows, nothing invented.
    variant = out / "saint-pierre-et-miquelon"
    assert {p.name for p in variant.iterdir()} >= {
        "feuille-emargement-papier.docx",
        "fiche-pratique.docx",
        "rapport-final.docx",
        "support-webinaire.pptx",
    }
    blank = Document(str(variant / "feuille-emargement-papier.docx"))
    assert [[c.text for c in row.cells] for row in blank.tables[0].rows][1:] == [
        ["", "", "", ""]
    ] * 5
    assert "Saint-Pierre-et-Miquelon" in "\n".join(p.text for p in blank.paragraphs)
    fiche = Document(str(variant / "fiche-pratique.docx"))
    contacts = [[c.text for c in row.cells] for table in fiche.tables for row in table.rows]
    assert ["Saint-Pierre-et-Miquelon (975)", "non renseigné"] in contacts

    # Listed like the built-ins: among the tools of the final report, and in the build report.
    report = "\n".join(
        p.text for p in Document(str(out / "hauts-de-france" / "rapport-final.docx")).paragraphs
    )
    assert (
        "Feuille d'émargement à signer (DOCX) — La feuille que signe chaque structure participante"
        in report
    )
    assert "Feuille d'émargement" in html.unescape((out / "index.html").read_text(encoding="utf-8"))


def test_the_plugin_check_fails_a_sheet_that_lost_its_rows(
    plugin: dict[str, Path], tmp_path: Path
) -> None:
    project = _project(tmp_path / "projet", '[modeles]\ndossier = "modeles"\n')
    # A project-local copy of the sheet's template whose table lost its row loop.
    local = Document(str(plugin["package"] / "dladocs_emargement" / "emargement-papier.docx"))
    table = local.tables[0]
    for row in list(table.rows)[1:]:
        table._tbl.remove(row._tr)
    (project.parent / "modeles").mkdir()
    local.save(str(project.parent / "modeles" / "emargement-papier.docx"))

    out = tmp_path / "sortie"
    built = _run(
        "-m",
        "dladocs",
        "build",
        str(project),
        "-o",
        str(out),
        "--only",
        "emargement-papier",
        site=plugin["site"],
    )
    assert built.returncode == 1, built.stderr
    registered = _registered(project)
    assert (
        f"EMG-01 : {len(registered)} structure(s) inscrite(s) sans ligne sur la feuille : {registered[0]}"
        in built.stderr
    )
    assert "source : Justification des dépenses FSE" in built.stderr
    assert not (out / "manifest.json").exists()
    assert (
        out / ".dladocs-rejets" / "hauts-de-france" / "feuille-emargement-papier.docx"
    ).is_file()


@pytest.mark.slow  # a pytest run and a three-region build
def test_the_plugin_own_tests_pass_with_the_testing_kit(plugin: dict[str, Path]) -> None:
    done = _run(
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests",
        site=plugin["site"],
        cwd=plugin["package"],
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
