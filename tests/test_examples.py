"""The two example projects, built as a user would (``python -m dladocs build``) and reopened.

The second example brings its own content modules in ``contenus/``: it proves that the
deck and the fiche are made from the project's Markdown, not from text tied to one topic.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HDF = EXAMPLES / "webinaire-hauts-de-france"
TRESORERIE = EXAMPLES / "tresorerie-associations"
SPACES = "[ \u00a0\u202f]"


def _build(project: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dladocs", "build", str(project), "-o", str(out), *extra],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _one(out: Path, pattern: str) -> Path:
    found = sorted(out.rglob(pattern))
    assert found, f"aucun fichier {pattern} dans {out}"
    return found[0]


def _walk(shapes: Any) -> list[Any]:
    """Every shape, including those inside groups (diagrams and key figures are groups)."""
    found = []
    for shape in shapes:
        found.append(shape)
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            found.extend(_walk(shape.shapes))
    return found


def _deck(path: Path) -> list[dict[str, Any]]:
    """Each slide's visible texts, notes and pictures' alt texts, in order."""
    slides = []
    for slide in Presentation(str(path)).slides:
        texts: list[str] = []
        alts: list[str] = []
        for shape in _walk(slide.shapes):
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")
            alts.extend(str(d) for d in descr)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append({"text": "\n".join(texts), "notes": notes, "alts": alts})
    return slides


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _flat(text: str) -> str:
    """Typography-proof text: the engine inserts non-breaking spaces before « : ; ? % »
    and non-breaking hyphens (U+2011) in known compounds such as « e-mail »."""
    return re.sub(SPACES + "+", " ", text).replace("\u2019", "'").replace("\u2011", "-")


@pytest.fixture(scope="module")
def tresorerie(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("tresorerie")
    done = _build(TRESORERIE, out, "--only", "deck,fiche", "-q")
    return {"done": done, "out": out}


@pytest.mark.slow  # builds an example project
def test_second_example_builds_with_exit_0(tresorerie: dict[str, Any]) -> None:
    done = tresorerie["done"]
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow  # builds an example project
def test_second_example_agenda_fits_its_cells(tresorerie: dict[str, Any]) -> None:
    # « temps d'échange » and « questions-réponses », bold on the exchange rows, fit their cell.
    manifest = (tresorerie["out"] / "manifest.json").read_text(encoding="utf-8")
    assert "PED-02" not in manifest
    deck = Presentation(str(_one(tresorerie["out"], "*.pptx")))
    agenda = next(s for s in deck.slides if s.shapes.title.text == "Le programme")
    table = next(s.table for s in agenda.shapes if s.has_table)
    natures = {row.cells[3].text.replace("\u2011", "-") for row in table.rows}
    assert {"temps d'échange", "questions-réponses"} <= natures


@pytest.mark.slow  # builds an example project
def test_second_example_modules_become_slides_notes_and_sources(
    tresorerie: dict[str, Any],
) -> None:
    slides = _deck(_one(tresorerie["out"], "*.pptx"))
    texts = [_flat(s["text"]) for s in slides]
    for title in (
        "Le plan de trésorerie en cinq étapes",
        "Les dons : un argument à écrire",
        "Atelier : votre plan d'action à trois mois",
    ):
        assert any(title in t for t in texts), title
    # The module's « Source : » line is shown on its slide.
    gifts = next(t for t in texts if "Les dons : un argument à écrire" in t)
    assert "Code général des impôts, article 200" in gifts
    assert "66 %" in gifts
    # Speaker notes carry the facilitator script of the interactive parts.
    notes = "\n".join(_flat(s["notes"]) for s in slides)
    assert "SCRIPT ANIMATION" in notes
    assert "salles de sous-groupes" in notes
    # The project's own picture is placed with its alt text.
    alts = [a for s in slides for a in s["alts"]]
    assert any("Courbe fictive du solde de trésorerie" in a for a in alts)


@pytest.mark.slow  # builds an example project
def test_second_example_fiche_says_what_the_modules_say(tresorerie: dict[str, Any]) -> None:
    fiche = _flat(_docx_text(_one(tresorerie["out"], "*fiche*.docx")))
    assert "Faut-il un logiciel ?" in fiche
    assert "Plan de trésorerie" in fiche
    assert "Noter le solde bancaire le 1er de chaque mois" in fiche
    assert "Code général des impôts, article 200" in fiche


def test_misspelt_module_is_exit_2_with_the_closest_name(tmp_path: Path) -> None:
    project = tmp_path / "projet"
    shutil.copytree(TRESORERIE, project)
    toml = project / "dladocs.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'contenu = "plan-tresorerie"', 'contenu = "plan-tresoreri"'
        ),
        encoding="utf-8",
    )
    done = _build(project, tmp_path / "sortie", "--only", "deck")
    assert done.returncode == 2, done.stdout + done.stderr
    message = done.stdout + done.stderr
    assert "plan-tresoreri" in message
    assert "plan-tresorerie" in message  # the closest name is suggested
    assert "Traceback" not in message


@pytest.fixture(scope="module")
def hdf(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("hdf")
    done = _build(HDF, out, "--only", "deck,fiche", "-q")
    return {"done": done, "out": out}


@pytest.mark.slow  # builds an example project
def test_hauts_de_france_example_builds_from_the_pack(hdf: dict[str, Any]) -> None:
    assert hdf["done"].returncode == 0, hdf["done"].stdout + hdf["done"].stderr
    slides = _deck(_one(hdf["out"], "*.pptx"))
    texts = [_flat(s["text"]) for s in slides]
    for title in (
        "Une méthode en six étapes",
        "RGPD et e-mail : la règle en une image",
        "Label Emmaüs : une boutique en ligne solidaire",
        "Les marchés publics : trois portes d'entrée",
    ):
        assert any(title in t for t in texts), title
    # No invented story is presented as experience any more.
    assert not any("retour d'expérience" in t.lower() and "fictif" in t.lower() for t in texts)
    # The share stated on the slides is the kinds' share: 61 of 120 minutes, 51 %.
    assert any(re.search(r"\b51 %", t) for t in texts)


@pytest.mark.slow  # builds an example project
def test_hauts_de_france_fiche_has_the_legal_points_and_real_cases(hdf: dict[str, Any]) -> None:
    fiche = _flat(_docx_text(_one(hdf["out"], "*fiche*.docx")))
    assert "L34-5" in fiche  # the B2B / B2C e-mail rule, with its legal source
    assert "Emmaüs Tourcoing" in fiche
    assert "Label Emmaüs" in fiche
    assert "D5132-34" in fiche  # the ACI sales cap, sourced
