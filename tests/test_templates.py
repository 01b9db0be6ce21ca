"""Template overrides: a project's template folder, theme plugins, and the templates they may break.

A template that lacks something the build needs (a slide layout, the logo
band marker, a variable) stops the build with exit code 2 and a message that
names the template and what is missing; a template that keeps what the build
needs but hides the logo band is caught by the build's own verification
(exit code 1, nothing written to the output folder).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from docx import Document
from pptx import Presentation
from pptx.util import Emu

from dladocs import hookimpl
from dladocs.cli import main
from dladocs.types import DocumentType, Region

NNBSP = "\u202f"


def _cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _export(folder: Path) -> dict[str, Path]:
    done = _cli("templates", "export", str(folder))
    assert done.exit_code == 0, done.output
    return {path.name: path for path in folder.iterdir()}


def _nothing_written(out: Path) -> None:
    """No deliverable and no manifest in the output folder (refused files wait in .dladocs-rejets)."""
    if out.exists():
        visible = [p for p in out.iterdir() if not p.name.startswith(".")]
        assert visible == [], visible


class _Theme:
    """A throw-away theme plugin that answers with one template for one document."""

    def __init__(self, document: str, template: Path) -> None:
        self.document = document
        self.template = template

    @hookimpl
    def dladocs_template(
        self, document: DocumentType, fmt: str, project: Any, region: Region
    ) -> Path | None:
        return self.template if document.id == self.document else None


def _no_traceback(done: Result) -> None:
    assert "Traceback" not in done.output and "Traceback" not in done.stderr
    assert isinstance(done.exception, SystemExit)


# --------------------------------------------------------------------------- a project's own templates


def test_a_project_template_folder_is_used_by_the_build(
    dladocs_project: Any, tmp_path: Path
) -> None:
    project = dladocs_project(append='[modeles]\ndossier = "modeles"\n')
    templates = _export(project.parent / "modeles")
    assert set(templates) == {
        "deck.pptx",
        "fiche.docx",
        "grille.docx",
        "rapport.docx",
        "resultats.docx",
        "emargement.docx",
    }
    fiche = Document(str(templates["fiche.docx"]))
    [heading] = [p for p in fiche.paragraphs if p.text == "Vos questions, nos réponses"]
    heading.text = "Les questions des participants, et nos réponses"
    fiche.save(str(templates["fiche.docx"]))

    out = tmp_path / "sortie"
    done = _cli("build", str(project), "-o", str(out), "--only", "fiche,rapport")
    assert done.exit_code == 0, done.output
    built = Document(str(out / "hauts-de-france" / "fiche-pratique.docx"))
    headings = [
        p.text for p in built.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings[0] == "Les questions des participants, et nos réponses"
    assert "Vos questions, nos réponses" not in headings
    assert headings[-1] == f"Qui contacter{NNBSP}?"  # the rest of the template is still filled
    report = Document(str(out / "hauts-de-france" / "rapport-final.docx"))
    assert report.paragraphs[1].text == "Rapport final"  # an untouched copy renders as before


def test_a_template_variable_that_dladocs_does_not_provide_fails_with_exit_2(
    dladocs_project: Any, tmp_path: Path
) -> None:
    project = dladocs_project(append='[modeles]\ndossier = "modeles"\n')
    templates = _export(project.parent / "modeles")
    fiche = Document(str(templates["fiche.docx"]))
    fiche.add_paragraph("Budget régional : {{ budget_regional }}")
    fiche.save(str(templates["fiche.docx"]))

    out = tmp_path / "sortie"
    done = _cli("build", str(project), "-o", str(out))
    assert done.exit_code == 2
    _no_traceback(done)
    message = done.stderr
    assert "Erreur :" in message
    assert str(templates["fiche.docx"]) in message  # the template, by its path
    assert "le modèle fiche.docx utilise une variable que dladocs ne fournit pas" in message
    assert "« budget_regional »" in message
    _nothing_written(out)


# --------------------------------------------------------------------------- a theme that lacks what the build needs


def _without_marker(source: Path, target: Path) -> None:
    prs = Presentation(str(source))
    for master in prs.slide_masters:
        for holder in (master, *master.slide_layouts):
            for shape in list(holder.shapes):
                if shape.name == "dladocs:bandeau":
                    shape._element.getparent().remove(shape._element)
    prs.save(str(target))


def _renamed_layout(source: Path, target: Path) -> None:
    prs = Presentation(str(source))
    for layout in prs.slide_layouts:
        if layout.name == "Section":
            layout.name = "Intercalaire"
    prs.save(str(target))


def _not_a_deck(source: Path, target: Path) -> None:
    target.write_bytes(b"PK\x03\x04 truncated")


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (
            _without_marker,
            "ne marque pas l'emplacement du bandeau de logos : ajoutez au masque (ou à la "
            "disposition « Titre ») un rectangle nommé « dladocs:bandeau »",
        ),
        (_renamed_layout, "n'a pas les dispositions « Section » dont dladocs a besoin"),
        (_not_a_deck, "n'est pas un fichier PowerPoint lisible"),
    ],
    ids=["no-band-marker", "no-section-layout", "not-a-pptx"],
)
def test_a_theme_template_lacking_what_the_build_needs_fails_with_exit_2(
    spoil: Callable[[Path, Path], None],
    expected: str,
    dladocs_plugins: Any,
    dladocs_project: Any,
    tmp_path: Path,
) -> None:
    defaults = _export(tmp_path / "defauts")
    theme = tmp_path / "theme" / "deck.pptx"
    theme.parent.mkdir()
    spoil(defaults["deck.pptx"], theme)
    dladocs_plugins.register(_Theme("deck", theme))

    out = tmp_path / "sortie"
    done = _cli("build", str(dladocs_project()), "-o", str(out))
    assert done.exit_code == 2, done.output
    _no_traceback(done)
    assert f"Erreur : {theme} : le modèle deck.pptx " in done.stderr
    assert expected in done.stderr
    _nothing_written(out)


# --------------------------------------------------------------------------- a theme that hides the logo band


def test_a_theme_that_moves_the_band_off_the_slides_is_caught_by_verification(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    defaults = _export(tmp_path / "defauts")
    prs = Presentation(str(defaults["deck.pptx"]))
    # The marker is still there (the template passes its check), but below the slide's
    # bottom edge on the exchange layout: the band of those slides cannot be seen.
    [section] = [layout for layout in prs.slide_layouts if layout.name == "Section"]
    [marker] = [shape for shape in section.shapes if shape.name == "dladocs:bandeau"]
    assert prs.slide_height is not None
    marker.top = Emu(prs.slide_height + 120000)
    theme = tmp_path / "theme" / "deck.pptx"
    theme.parent.mkdir()
    prs.save(str(theme))
    dladocs_plugins.register(_Theme("deck", theme))

    out = tmp_path / "sortie"
    done = _cli("build", str(dladocs_project()), "-o", str(out), "--only", "deck", "--json")
    assert done.exit_code == 1, done.output
    _no_traceback(done)
    result = json.loads(done.stdout)
    assert result["ok"] is False and result["written"] == []
    _nothing_written(out)
    rejected = out / ".dladocs-rejets" / "hauts-de-france" / "support-webinaire.pptx"
    layouts = [slide.slide_layout.name for slide in Presentation(str(rejected)).slides]
    exchange = [number for number, name in enumerate(layouts, start=1) if name == "Section"]
    assert len(exchange) >= 2
    [check] = result["checks"]
    assert check["status"] == "fail"
    errors = [v for v in check["violations"] if v["severity"] == "error"]
    assert {v["rule"] for v in errors} == {"E14-04"}
    assert sorted(v["surface"]["index"] for v in errors) == exchange  # the slides of that layout
    assert all(v["surface"]["kind"] == "slide" for v in errors)
    assert all("l'emblème dépasse du bord de la page" in v["message"] for v in errors)


def test_a_theme_whose_word_header_drops_the_band_is_caught_by_verification(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    defaults = _export(tmp_path / "defauts")
    fiche = Document(str(defaults["fiche.docx"]))
    header = fiche.sections[0].header
    for table in list(header.tables):  # the band is a borderless table in the header
        table._tbl.getparent().remove(table._tbl)
    header.paragraphs[0].text = "Fiche pratique — thème sans bandeau"
    theme = tmp_path / "theme" / "fiche.docx"
    theme.parent.mkdir()
    fiche.save(str(theme))
    dladocs_plugins.register(_Theme("fiche", theme))

    out = tmp_path / "sortie"
    done = _cli("build", str(dladocs_project()), "-o", str(out), "--json")
    assert done.exit_code == 1, done.output
    _no_traceback(done)
    result = json.loads(done.stdout)
    assert result["ok"] is False
    assert result["written"] == []
    failing = [c for c in result["checks"] if c["status"] == "fail"]
    assert [c["path"] for c in failing] == ["hauts-de-france/fiche-pratique.docx"]
    violations = {
        (v["rule"], v["surface"]["kind"], v["surface"]["index"]) for v in failing[0]["violations"]
    }
    assert ("E14-04", "header", 1) in violations  # the emblem, missing from section 1's header
    assert ("DLA-01", "header", 1) in violations  # and the Avise logo of a communication piece
    assert all(c["status"] == "ok" for c in result["checks"] if c not in failing)
    _nothing_written(out)
