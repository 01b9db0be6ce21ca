"""Content modules: parsing, French errors with file and line, lookup, packs, and their slides."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation

import dladocs
from dladocs import hookimpl
from dladocs.content import ContentError, ContentPack
from dladocs.content._parse import parse_text

DECK = Path("hauts-de-france") / "support-webinaire.pptx"
FICHE = Path("hauts-de-france") / "fiche-pratique.docx"

MODULE = """\
# Une méthode en trois étapes

<!-- disposition: schema -->
<!-- schema: methode -->

- Objectif : que voulez-vous obtenir ?
- Cible : qui doit agir ?
- Indicateur : comment savoir si ça marche ?

<!--
Outil : sondage.
Minutage : 5 min dont 1 de marge.
-->

Source : Organisme d'essai, « Guide d'essai », mars 2020, https://example.org/guide

---

# Vos réflexes

- Un point
  - Un sous-point

![Un schéma d'essai, trois carrés](images/essai.png)

---

# Quiz

<!-- disposition: sondage -->

Quelle réponse est juste ?

- [ ] La première
- [x] La seconde

---

<!-- fiche: glossaire -->

- **Terme d'essai** : chiffre suivi dans le temps.
"""


def _plain(text: str | None) -> str:
    """Text without the French typography's non-breaking spaces."""
    return (text or "").replace("\u00a0", " ").replace("\u202f", " ")


def _module(folder: Path, name: str, text: str, *, picture: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if picture:
        (folder / "images").mkdir(exist_ok=True)
        Image.new("RGB", (300, 200), (40, 120, 110)).save(folder / "images" / "essai.png")
    if picture:
        (folder / "images" / "faux.png").write_text("pas une image", encoding="utf-8")
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_module_parses_into_slides_notes_sources_and_fiche_parts(tmp_path: Path) -> None:
    path = _module(tmp_path, "essai", MODULE)
    module = dladocs.content.load(path)

    assert [s.title for s in module.slides] == [
        "Une méthode en trois étapes",
        "Vos réflexes",
        "Quiz",
    ]
    method, points, quiz = module.slides
    assert (method.layout, method.schema) == ("schema", "methode")
    assert method.items[0].text == "Objectif : que voulez-vous obtenir ?"
    assert method.notes == ["Outil : sondage.\nMinutage : 5 min dont 1 de marge."]
    assert method.sources == [
        "Source : Organisme d'essai, « Guide d'essai », mars 2020, https://example.org/guide"
    ]
    assert [(i.text, i.level) for i in points.items] == [("Un point", 0), ("Un sous-point", 1)]
    assert points.pictures[0].alt == "Un schéma d'essai, trois carrés"
    assert [(i.text, i.checked) for i in quiz.items] == [
        ("La première", False),
        ("La seconde", True),
    ]
    assert quiz.paragraphs == ["Quelle réponse est juste ?"]
    (glossary,) = module.fiche
    assert glossary.kind == "glossaire"
    assert (glossary.items[0].strong, glossary.items[0].rest) == (
        "Terme d'essai",
        "chiffre suivi dans le temps.",
    )
    assert module.sources()[0].startswith("Source : Organisme d'essai")


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("# Titre\n\n![](images/essai.png)\n", 3, "n'a pas de texte alternatif"),
        ("# Titre\n\n![Un dessin](images/absent.png)\n", 3, "introuvable"),
        ("# Titre\n\n![Un dessin](essai.md)\n", 3, "n'est pas au format PNG ou JPEG"),
        ("# Titre\n\n![Un dessin](images/faux.png)\n", 3, "pas une image PNG ou JPEG lisible"),
        ("# Titre\n\n<!-- dispositon: liste -->\n", 3, "vouliez-vous dire « disposition »"),
        ("# Titre\n\n<!-- disposition: deux-colones -->\n", 3, "« deux-colonnes »"),
        (
            "# Titre\n<!-- disposition: schema -->\n<!-- schema: parcour -->\n- a\n- b\n",
            3,
            "« parcours-client »",
        ),
        ("# Un\n\n- a\n\n---\n\n- sans titre\n", 6, "diapositive sans titre"),
        (
            "# Cas\n<!-- disposition: cas -->\n## Contexte\nx\n## Action\ny\n## Résultats\nz\n",
            2,
            "cite sa source",
        ),
    ],
)
def test_a_broken_module_is_named_with_its_file_and_line(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    path = _module(tmp_path, "casse", text)
    with pytest.raises(ContentError) as caught:
        dladocs.content.load(path)
    message = str(caught.value)
    assert f"{path}, ligne {line} :" in message
    assert expected in message


def test_dashes_split_slides_even_under_a_paragraph(tmp_path: Path) -> None:
    """In CommonMark « --- » under a paragraph makes a heading; here it always starts a slide."""
    module = parse_text("# Un\n\nTexte\n---\n# Deux\n\nSuite\n", tmp_path / "m.md", "m")
    assert [s.title for s in module.slides] == ["Un", "Deux"]
    assert module.slides[1].line == 5  # the line after « --- »


@pytest.mark.slow  # builds the example deck
def test_a_project_module_shadows_the_pack_and_becomes_slides(
    example_dir: Path, tmp_path: Path
) -> None:
    text = MODULE.replace("# Vos réflexes", "# Nos réflexes, version du projet")
    _module(example_dir / "contenus", "actions", text)

    result = dladocs.build(
        dladocs.load_project(example_dir), tmp_path / "sortie", only=("deck", "fiche")
    )

    assert result.ok
    deck = Presentation(str(tmp_path / "sortie" / DECK))
    slides = {s.shapes.title.text: s for s in deck.slides if s.shapes.title is not None}
    assert "Nos réflexes, version du projet" in slides  # the project's module, not the pack's
    method = slides["Une méthode en trois étapes"]
    groups = [s for s in method.shapes if s.shape_type == 6]  # MSO_SHAPE_TYPE.GROUP
    assert [g.name for g in groups] == ["dladocs:schema:methode"]
    assert "Objectif : que voulez-vous obtenir ?" in _plain(
        groups[0]._element.nvGrpSpPr.cNvPr.get("descr")
    )
    texts = [_plain(sh.text_frame.text) for sh in groups[0].shapes if sh.has_text_frame]
    assert {"Objectif", "Cible", "Indicateur"} <= set(texts)
    notes = _plain(method.notes_slide.notes_text_frame.text)
    assert "Outil : sondage." in notes and "Minutage" in notes
    source = next(s for s in method.shapes if s.name == "dladocs:source")
    assert "Guide d'essai" in _plain(source.text_frame.text)
    picture = next(
        s
        for s in slides["Nos réflexes, version du projet"].shapes
        if s.name.startswith("dladocs:image:")
    )
    assert _plain(picture._element.nvPicPr.cNvPr.get("descr")) == "Un schéma d'essai, trois carrés"
    quiz = slides["Quiz"]
    assert "Bonne réponse : B. La seconde" in _plain(quiz.notes_slide.notes_text_frame.text)
    # The right answer is in the notes only: the screen shows the two options alike.
    from docx import Document

    fiche = Document(str(tmp_path / "sortie" / FICHE))
    cells = [_plain(c.text) for t in fiche.tables for row in t.rows for c in row.cells]
    assert "Terme d'essai" in cells and "chiffre suivi dans le temps." in cells
    body = _plain("\n".join(p.text for p in fiche.paragraphs))
    assert "Organisme d'essai" in body  # the module's source line is in the resources


def test_a_misspelt_module_stops_the_build_with_the_closest_names(
    example_dir: Path, tmp_path: Path
) -> None:
    path = example_dir / "dladocs.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('contenu = "marketing-digital"', 'contenu = "marketing-digitale"'),
        encoding="utf-8",
    )
    line = text.splitlines().index('contenu = "marketing-digital"') + 1

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "dladocs",
            "build",
            str(example_dir),
            "-o",
            str(tmp_path / "s"),
            "--no-pdf",
        ],
        capture_output=True,
        text=True,
    )

    assert run.returncode == 2
    assert f"ligne {line}" in run.stderr
    assert "« marketing-digitale » introuvable" in run.stderr
    assert "« marketing-digital »" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "s" / DECK).exists()


def test_text_too_long_to_read_stops_the_build_naming_the_module_line(
    example_dir: Path, tmp_path: Path
) -> None:
    long = " ".join(["Une phrase beaucoup trop longue pour une diapositive lisible."] * 30)
    _module(example_dir / "contenus", "pause", f"# Pause\n\n{long}\n", picture=False)
    with pytest.raises(ContentError) as caught:
        dladocs.build(dladocs.load_project(example_dir), tmp_path / "sortie", only=("deck",))
    assert f"{example_dir / 'contenus' / 'pause.md'}, ligne 1" in str(caught.value)
    assert "18 pt" in str(caught.value)


class _Pack:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @hookimpl
    def dladocs_content_packs(self) -> list[ContentPack]:
        return [ContentPack(name="essai", title="Pack d'essai", folder=self.folder)]


def test_a_plugin_ships_a_pack_that_a_sequence_names(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    _module(tmp_path / "pack", "methode-essai", MODULE)
    dladocs_plugins.register(_Pack(tmp_path / "pack"))
    project = dladocs_project(replace={'contenu = "suites"': 'contenu = "methode-essai"'})

    result = dladocs.build(dladocs.load_project(project), tmp_path / "sortie", only=("deck",))

    assert result.ok
    deck = Presentation(str(tmp_path / "sortie" / DECK))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert "Une méthode en trois étapes" in titles
    from dladocs.plugins import plugin_listing

    rows = plugin_listing(dladocs_plugins.manager, include_builtins=True)
    packs = {p["nom"]: p for row in rows for p in row.get("packs", [])}
    assert packs["essai"]["modules"] == ["methode-essai"]
    assert (
        "questions" in packs["marketing-digital-siae"]["modules"]
    )  # the built-in pack, listed alike


def test_old_kinds_are_read_with_a_warning_naming_the_line(
    dladocs_project: Any, tmp_path: Path
) -> None:
    project = dladocs_project(replace={'nature = "pause"': 'nature = "informatif"'})
    line = project.read_text(encoding="utf-8").splitlines().index('nature = "informatif"') + 1
    result = dladocs.build(dladocs.load_project(project), tmp_path / "sortie", only=("deck",))
    assert any(f"ligne {line}" in w and "« apport »" in w for w in result.warnings)


def test_an_interactive_part_without_a_facilitator_script_is_reported(
    example_dir: Path, tmp_path: Path
) -> None:
    _module(
        example_dir / "contenus", "questions", "# Vos questions\n\n- Posez-les\n", picture=False
    )
    result = dladocs.build(dladocs.load_project(example_dir), tmp_path / "sortie", only=("deck",))
    assert any(
        "n'a pas de script d'animation" in w and "questions.md" in w for w in result.warnings
    )


def test_the_readability_rule_names_the_slide(dladocs_project: Any, tmp_path: Path) -> None:
    """A slide without its number and a source shrunk to 10 pt are reported with their slide."""
    from pptx.util import Pt

    from dladocs.default_plugins import readability
    from dladocs.inspect._opc import Package
    from dladocs.inspect._safety import Limits

    project = dladocs_project()
    dladocs.build(dladocs.load_project(project), tmp_path / "sortie", only=("deck",))
    path = tmp_path / "sortie" / DECK
    deck = Presentation(str(path))
    third = deck.slides[2]
    number = next(s for s in third.shapes if s.name == "dladocs:numero")
    number._element.getparent().remove(number._element)
    # The first slide after the third with text of dladocs' own (not the EU mention).
    index, run = next(
        (index, r)
        for index, slide in enumerate(deck.slides, start=1)
        if index > 3
        for s in slide.shapes
        if s.has_text_frame and s.name.startswith("dladocs:")
        for p in s.text_frame.paragraphs
        for r in p.runs
        if r.text.strip() and not s.name.startswith("dladocs:mention")
    )
    run.font.size = Pt(10)
    deck.save(str(path))

    with Package(path, Limits()) as package:
        found = [(v.rule, v.surface.label, v.message) for v in readability.check(package)]

    assert [(rule, label) for rule, label, _ in found] == [
        ("PED-04", "diapositive 3"),
        ("PED-05", f"diapositive {index}"),
    ]
    assert "est en 10 pt" in found[1][2]


def test_editing_a_module_makes_the_deck_again(example_dir: Path, tmp_path: Path) -> None:
    _module(example_dir / "contenus", "pause", "# Pause\n\nOn reprend à 15 h 10.\n", picture=False)
    out = tmp_path / "sortie"
    dladocs.build(dladocs.load_project(example_dir), out, only=("deck",))
    again = dladocs.build(dladocs.load_project(example_dir), out, only=("deck",))
    assert not again.written  # nothing changed: nothing made again

    _module(example_dir / "contenus", "pause", "# Pause\n\nOn reprend à 15 h 15.\n", picture=False)
    edited = dladocs.build(dladocs.load_project(example_dir), out, only=("deck",))

    assert edited.written
    deck = Presentation(str(out / DECK))
    texts = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
    assert any("On reprend à 15 h 15." in _plain(t) for t in texts)
