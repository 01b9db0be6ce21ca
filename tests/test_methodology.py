"""The deck's pedagogy checks, as a consultant meets them.

PED-01 warns about a slide with more than about 40 words of body text, PED-02
about text that does not fit its box (measured with the deck's own font),
PED-03 about a webinar with less than 40 % of exchange time.  The generated
deck raises none of them; a slide edited by hand in PowerPoint is re-verified
on the next build and named.
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.util import Pt

import dladocs
from dladocs.verify import FileCheck

DECK = "hauts-de-france/support-webinaire.pptx"
LONG = (
    "Pour toucher de nouveaux clients, une structure d'insertion peut publier chaque "
    "semaine une photo de ses chantiers, répondre aux avis laissés sur sa fiche, "
    "tenir à jour ses horaires, présenter ses salariés en parcours avec leur accord, "
    "relayer les actualités de ses partenaires et mesurer ce qui fonctionne avant "
    "de se lancer dans une campagne payante."
)


def _pedagogy(checks: list[FileCheck], name: str) -> list[tuple[str, int, str]]:
    check = next(c for c in checks if c.path.name == name)
    return [
        (v.rule, v.surface.index, v.message) for v in check.warnings if v.rule.startswith("PED")
    ]


def test_the_generated_deck_raises_no_pedagogy_warning(example_dir: Path, tmp_path: Path) -> None:
    result = dladocs.build(dladocs.load_project(example_dir), tmp_path / "sortie", only=("deck",))
    assert result.ok
    assert _pedagogy(result.checks, "support-webinaire.pptx") == []


def test_a_crowded_slide_edited_by_hand_is_named(example_dir: Path, tmp_path: Path) -> None:
    project = dladocs.load_project(example_dir)
    out = tmp_path / "sortie"
    dladocs.build(project, out, only=("deck",))
    deck = Presentation(str(out / DECK))
    slide = deck.slides[2]
    box = slide.shapes.add_textbox(Pt(60), Pt(120), Pt(300), Pt(60))
    box.text_frame.word_wrap = True
    box.text_frame.text = LONG
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(18)
    deck.save(str(out / DECK))

    again = dladocs.build(project, out, only=("deck",))

    found = _pedagogy(again.kept_checks, "support-webinaire.pptx")
    rules = {(rule, slide) for rule, slide, _ in found}
    assert ("PED-01", 3) in rules and ("PED-02", 3) in rules
    assert all(slide == 3 for _, slide, _ in found), found
    overflow = next(message for rule, _, message in found if rule == "PED-02")
    assert "« Pour toucher de nouveaux clients" in overflow and "raccourcissez" in overflow
    words = next(message for rule, _, message in found if rule == "PED-01")
    assert words.split()[0].isdigit() and int(words.split()[0]) > 45


def test_a_box_large_enough_for_its_text_is_not_reported(example_dir: Path, tmp_path: Path) -> None:
    project = dladocs.load_project(example_dir)
    out = tmp_path / "sortie"
    dladocs.build(project, out, only=("deck",))
    deck = Presentation(str(out / DECK))
    box = deck.slides[2].shapes.add_textbox(Pt(60), Pt(120), Pt(560), Pt(200))
    box.text_frame.word_wrap = True
    box.text_frame.text = "Une photo par semaine."
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(18)
    deck.save(str(out / DECK))

    again = dladocs.build(project, out, only=("deck",))

    assert _pedagogy(again.kept_checks, "support-webinaire.pptx") == []


def test_too_little_exchange_time_is_reported_on_the_first_slide(
    example_dir: Path, tmp_path: Path
) -> None:
    from dladocs import typography as ty

    path = example_dir / "dladocs.toml"
    text = path.read_text(encoding="utf-8")
    # The questions-answers become talks: only the « echange » parts still count.
    text = text.replace('nature = "questions-reponses"', 'nature = "apport"')
    path.write_text(text, encoding="utf-8")
    project = dladocs.load_project(example_dir)
    share = project.webinar.interactive_share
    exchange = sum(p.minutes for p in project.webinar.sequence if p.kind == "echange")
    assert share == exchange / sum(p.minutes for p in project.webinar.sequence) < 0.5

    result = dladocs.build(project, tmp_path / "sortie", only=("deck",))

    found = _pedagogy(result.checks, "support-webinaire.pptx")
    assert [(rule, slide) for rule, slide, _ in found] == [("PED-03", 1)]
    assert ty.percent(share) in found[0][2] and "webinaire.sequence" in found[0][2]


def test_welcome_and_evaluation_do_not_count_as_exchange(example_dir: Path) -> None:
    """The share the cahier asks for counts « echange » and « questions-reponses » only."""
    path = example_dir / "dladocs.toml"
    text = path.read_text(encoding="utf-8")
    before = dladocs.load_project(example_dir).webinar.interactive_minutes
    path.write_text(
        text.replace('nature = "accueil"', 'nature = "interactif"', 1), encoding="utf-8"
    )
    legacy = dladocs.load_project(example_dir)
    first = legacy.webinar.sequence[0]
    assert (first.nature, first.kind, first.exchange) == ("interactif", "echange", True)
    assert legacy.webinar.interactive_minutes == before + first.minutes
    project = dladocs.load_project(example_dir)
    kinds = {p.kind for p in project.webinar.sequence if p.exchange}
    assert kinds <= {"echange", "questions-reponses"}
