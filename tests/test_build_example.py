"""The bundled example, built once and reopened: what a DLA consultant would open and read."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pptx import Presentation
from pptx.util import Emu

import dladocs

NNBSP = "\u202f"
NBSP = "\u00a0"
EMBLEM = "dladocs:logo:eu-emblem"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import os

    from dladocs.plugins import reset_plugin_manager

    os.environ["DLADOCS_NO_ENTRY_POINTS"] = "1"
    reset_plugin_manager()
    out = tmp_path_factory.mktemp("exemple")
    result = dladocs.build(dladocs.load_project(), out)  # the bundled example
    files = {a.document + "." + a.format: a.path for a in result.artifacts}
    return {"result": result, "out": out, "files": files, "project": dladocs.load_project()}


def _slide_texts(slide: Any) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return texts


def _pictures(shapes: Any) -> list[Any]:
    return [s for s in shapes if s.shape_type == 13]


def test_build_lists_every_artifact_in_the_manifest(built: dict[str, Any]) -> None:
    result = built["result"]
    assert result.ok
    # The example has its Zoom report's presence.json: the proofs of attendance are built too.
    assert sorted(built["files"]) == [
        "attestations.pdf",
        "deck.pptx",
        "emargement.docx",
        "fiche.docx",
        "grille.csv",
        "grille.docx",
        "grille.pdf",
        "rapport.docx",
        "resultats.docx",
    ]
    manifest = json.loads((built["out"] / "manifest.json").read_text(encoding="utf-8"))
    entries = {(a["document"], a["format"]): a for a in manifest["artifacts"]}
    assert set(entries) == {
        ("attestations", "pdf"),
        ("emargement", "docx"),
        ("deck", "pptx"),
        ("fiche", "docx"),
        ("grille", "docx"),
        ("grille", "pdf"),
        ("grille", "csv"),
        ("rapport", "docx"),
        ("resultats", "docx"),
    }
    for entry in manifest["artifacts"]:
        assert entry["region"] == "32"
        path = built["out"] / entry["path"]
        assert not Path(entry["path"]).is_absolute()
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
    checked = {a["path"] for a in manifest["artifacts"] if a["format"] != "csv"}
    assert {c["path"] for c in manifest["checks"]} == checked
    assert all(c["status"] == "ok" for c in manifest["checks"])


def test_no_template_syntax_left_in_any_office_file(built: dict[str, Any]) -> None:
    for name, path in built["files"].items():
        if not name.endswith(("docx", "pptx")):
            continue
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(".xml"):
                    text = archive.read(member).decode("utf-8")
                    plain = re.sub(r"<[^>]+>", "", text)
                    assert "{{" not in plain and "{%" not in plain, (name, member)


def test_deck_is_16_9_with_the_band_on_every_slide(built: dict[str, Any]) -> None:
    prs = Presentation(str(built["files"]["deck.pptx"]))
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))
    assert len(prs.slides) >= 14
    for number, slide in enumerate(prs.slides, start=1):
        pictures = {p.name: p for p in _pictures(slide.shapes)}
        assert EMBLEM in pictures, number
        emblem = pictures[EMBLEM]
        assert emblem._element.nvPicPr.cNvPr.get("descr").startswith(
            "Emblème de l'Union européenne"
        )
        assert abs(emblem.width / emblem.height - 1.5) < 0.01
        assert emblem.height >= Emu(360000)  # 1 cm
        for logo in ("dladocs:logo:avise", "dladocs:logo:dla"):
            assert logo in pictures, (number, logo)
            assert pictures[logo].height <= emblem.height
            assert pictures[logo]._element.nvPicPr.cNvPr.get("descr")
        mention = next(s for s in slide.shapes if s.name == "dladocs:mention-ue")
        assert mention.text_frame.text == "UNION EUROPÉENNE\nFonds social européen"
        for paragraph in mention.text_frame.paragraphs:
            for run in paragraph.runs:
                assert run.font.name == "Ubuntu derivative dladocs"  # shipped, embedded
                assert run.font.italic is False and run.font.underline is False
                assert str(run.font.color.rgb) == "003399"
        assert mention.left >= emblem.left + emblem.width  # beside the emblem, not on it
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), number


def _deck_modules(project: Any) -> list[Any]:
    from dladocs import content

    return content.sequence_modules(project)


def test_deck_shows_the_modules_of_the_sequence_in_its_order(built: dict[str, Any]) -> None:
    project = built["project"]
    prs = Presentation(str(built["files"]["deck.pptx"]))
    slides = [" ".join(_slide_texts(s)) for s in prs.slides]
    # The deck keeps compounds whole with non-breaking hyphens (U+2011): read them as hyphens.
    titles = [
        s.shapes.title.text.replace("\u2011", "-") if s.shapes.title is not None else ""
        for s in prs.slides
    ]
    layouts = [s.slide_layout.name for s in prs.slides]
    assert layouts[0] == "Titre" and layouts[-1] == "Clôture"
    assert "Le marketing digital pour les SIAE" in titles[0]
    assert f"jeudi 26{NBSP}novembre 2020" in slides[0]
    # Every slide of every module the sequence names, in the sequence's order.
    from dladocs import typography as ty

    expected = [ty.fr(slide.title) for m in _deck_modules(project) for slide in m.slides]
    shown = iter(titles)
    assert all(title in shown for title in expected), "module slides missing or out of order"
    # The notes carry each module slide's speaker notes, and its source line is at its foot.
    for module in _deck_modules(project):
        for slide in module.slides:
            if slide.sources:
                index = titles.index(ty.fr(slide.title))
                assert any(s.name == "dladocs:source" for s in prs.slides[index].shapes), (
                    slide.title
                )
    assert "Votre avis compte" in titles
    assert layouts.count("Section") >= 2  # the exchange times stand out


def test_the_question_badge_marks_the_exchange_times_only(built: dict[str, Any]) -> None:
    project = built["project"]
    prs = Presentation(str(built["files"]["deck.pptx"]))
    # The badge is no longer drawn by the layout (it would be on every « Section » slide)...
    assert not any(s.name == "Pastille" for layout in prs.slide_layouts for s in layout.shapes)
    exchange = {n for n, part in enumerate(project.webinar.sequence, 1) if part.exchange}
    badged, plain = [], []
    for slide in prs.slides:
        if slide.slide_layout.name != "Section":
            continue
        notes = slide.notes_slide.notes_text_frame.text
        found = re.match(r"(?:\(Suite de la partie |Partie )(\d+)", notes)
        assert found, notes[:60]
        badge = any(s.name == "Pastille" and s.text_frame.text == "?" for s in slide.shapes)
        (badged if badge else plain).append((int(found.group(1)), slide.shapes.title.text))
    # ...but by the slides of the exchange and question times, and by no other: not the pause.
    assert badged and all(number in exchange for number, _ in badged), badged
    assert all(number not in exchange for number, _ in plain), plain
    assert any(title.startswith("Pause") for _, title in plain)


def test_the_opening_presents_the_porteurs_from_the_region_data(built: dict[str, Any]) -> None:
    prs = Presentation(str(built["files"]["deck.pptx"]))
    slide = next(
        s
        for s in prs.slides
        if s.shapes.title is not None and s.shapes.title.text.startswith("Qui porte ce webinaire")
    )
    table = next(s for s in slide.shapes if getattr(s, "has_table", False) and s.has_table).table
    names = [row.cells[0].text for row in table.rows][1:]
    assert "Avise" in names
    project = built["project"]
    for porteur in project.porteurs:
        assert porteur.name in names


def test_agenda_is_computed_from_the_sequence(built: dict[str, Any]) -> None:
    project = built["project"]
    prs = Presentation(str(built["files"]["deck.pptx"]))
    agenda = next(
        s
        for s in prs.slides
        if s.shapes.title is not None and s.shapes.title.text == "Le programme"
    )
    table = next(s for s in agenda.shapes if getattr(s, "has_table", False) and s.has_table).table
    rows = [[cell.text for cell in row.cells] for row in table.rows][1:]
    assert [r[1] for r in rows] == [
        p.title.replace(" :", NBSP + ":").replace(" ?", NNBSP + "?")
        for p in project.webinar.sequence
    ]
    assert rows[0][0] == f"14{NBSP}h"
    # The share stated is that of the « echange » and « questions-reponses » parts only.
    sequence = project.webinar.sequence
    exchange = sum(p.minutes for p in sequence if p.kind in ("echange", "questions-reponses"))
    share = int(exchange / sum(p.minutes for p in sequence) * 100 + 0.5)  # rounded half up
    assert f"{share}{NNBSP}%" in " ".join(_slide_texts(agenda))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    assert any(f"de 14{NBSP}h à " in n for n in notes)


def _has_visual(slide: Any, band_top: int) -> bool:
    """A picture, chart or grouped diagram above the logo band (logos and QR codes aside)."""
    for shape in slide.shapes:
        if shape.top >= band_top or shape.name.startswith(("dladocs:logo:", "dladocs:qr")):
            continue
        if shape.shape_type in (3, 6) or (
            shape.shape_type == 13 and shape.name.startswith("dladocs:image")
        ):
            return True  # chart (3), group (6), module picture (13)
    return False


def test_the_example_deck_is_readable_when_shared(built: dict[str, Any]) -> None:
    """Every slide numbered, nothing under 12 pt, body text at 18 pt, 40 % of slides with a visual."""
    from dladocs.default_plugins import readability
    from dladocs.inspect._opc import Package
    from dladocs.inspect._safety import Limits

    path = built["files"]["deck.pptx"]
    prs = Presentation(str(path))
    band_top = int(prs.slide_height * 0.85)
    visuals = 0
    for number, slide in enumerate(prs.slides, start=1):
        numbers = [s for s in slide.shapes if s.name == "dladocs:numero"]
        assert numbers and numbers[0].text_frame.text == str(number), number
        assert 'type="slidenum"' in numbers[0]._element.xml
        sizes = [
            r.font.size.pt
            for s in _all_shapes(slide.shapes)
            if s.has_text_frame
            for p in s.text_frame.paragraphs
            for r in p.runs
            if r.font.size is not None and r.text.strip()
        ]
        assert min(sizes) >= 12, number
        for shape in _all_shapes(slide.shapes):  # nothing off the slide
            assert shape.left >= 0 and shape.left + shape.width <= prs.slide_width, (
                number,
                shape.name,
            )
            assert shape.top >= 0 and shape.top + shape.height <= prs.slide_height, (
                number,
                shape.name,
            )
        visuals += _has_visual(slide, band_top)
    assert visuals / len(prs.slides) >= 0.4, f"{visuals} of {len(prs.slides)} slides"
    with Package(path, Limits()) as package:
        assert readability.check(package) == []


def _all_shapes(shapes: Any) -> list[Any]:
    found = []
    for shape in shapes:
        found.append(shape)
        if shape.shape_type == 6:
            found += _all_shapes(shape.shapes)
    return found


def _docx_text(path: Path) -> tuple[Any, str]:
    document = Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    for table in document.tables:
        body += "\n" + "\n".join(cell.text for row in table.rows for cell in row.cells)
    return document, body


def _header_pictures(part: Any) -> dict[str, str]:
    pictures = {}
    for doc_pr in part._element.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    ):
        pictures[doc_pr.get("name")] = doc_pr.get("descr")
    return pictures


def test_every_docx_section_carries_the_band_and_the_statement(built: dict[str, Any]) -> None:
    for name in ("fiche.docx", "grille.docx", "rapport.docx"):
        document = Document(str(built["files"][name]))
        for section in document.sections:
            headers = [section.header]
            if section.different_first_page_header_footer:
                headers.append(section.first_page_header)
            for header in headers:
                pictures = _header_pictures(header)
                assert pictures.get(EMBLEM), name
                text = "\n".join(
                    p.text
                    for t in header.tables
                    for row in t.rows
                    for c in row.cells
                    for p in c.paragraphs
                )
                assert "UNION EUROPÉENNE" in text and "Fonds social européen" in text
                # Every document, the grid handed to participants included, carries them.
                assert {"dladocs:logo:avise", "dladocs:logo:dla"} <= set(pictures), name
            footer = "\n".join(p.text for p in section.footer.paragraphs)
            assert "cofinancé par le Fonds social européen" in footer
            assert "« Emploi et Inclusion » 2014-2020" in footer.replace(NBSP, " ")


def test_fiche_pratique_structure(built: dict[str, Any]) -> None:
    project = built["project"]
    document, text = _docx_text(built["files"]["fiche.docx"])
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == [
        "Vos questions, nos réponses",
        "Des pistes d'action selon votre niveau",
        "Retours d'expérience",
        "Ressources utiles",
        "Petit glossaire",
        f"Qui contacter{NNBSP}?",
    ]
    themes = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    for qa in project.questions:
        assert qa.theme in themes
        flat = text.replace(NBSP, " ").replace(NNBSP, " ")
        assert qa.answer.split(".")[0] in flat
    from dladocs.default_plugins import _fiche_modules as fm

    resources = fm.resources(_deck_modules(project))
    assert resources, "the modules' sources and resources are in the fiche"
    for resource in resources:
        assert resource["nom"] in text
    for department in ("Aisne (02)", "Nord (59)", "Oise (60)", "Pas-de-Calais (62)", "Somme (80)"):
        assert department in text
    assert (
        "non renseigné" in text
    )  # without the regional plugin, the porteurs are said missing, not invented
    assert "Données fictives" in text  # the example says what is fiction, once
    # Every resource's address, and the national directory of the DLA, can be clicked.
    links = {r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")}
    assert {r["lien"] for r in resources if r["lien"]} | {"https://www.info-dla.fr"} <= links
    assert "annuaire national des DLA" in text


def test_grille_docx_and_fillable_pdf(built: dict[str, Any]) -> None:
    from pypdf import PdfReader

    from dladocs.evaluation import DEFAULT_QUESTIONS

    _, text = _docx_text(built["files"]["grille.docx"])
    for question in DEFAULT_QUESTIONS:
        assert question.text in text
    fields = PdfReader(str(built["files"]["grille.pdf"])).get_fields() or {}
    assert {q.id for q in DEFAULT_QUESTIONS} <= set(fields)


def test_rapport_has_every_element_of_section_5(built: dict[str, Any]) -> None:
    document, text = _docx_text(built["files"]["rapport.docx"])
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "1. Contexte et objectifs",
        "2. Déroulement de la mission",
        "3. Méthodes",
        "4. Participants",
        "5. Résultats de l'évaluation",
        "6. Les questions des participants : temps forts".replace(" :", NBSP + ":"),
        "7. Difficultés et points de blocage",
        "8. Recommandations et suites",
        "9. Enseignements pour l'essaimage national",
        "10. Budget",
        "11. Outils remis",
        "12. Indicateurs",
    ]
    cover = document.sections[0].first_page_header
    assert {EMBLEM, "dladocs:logo:avise", "dladocs:logo:dla"} <= set(_header_pictures(cover))
    # The cofinancing sentence is in every footer: the body does not repeat it (LAY-07).
    assert "Ce projet est cofinancé par le Fonds social européen" not in text
    assert f"1{NNBSP}000{NBSP}€{NBSP}TTC" in text
    rows = [
        " | ".join(cell.text for cell in row.cells)
        for table in document.tables
        for row in table.rows
    ]
    plain = (text + "\n" + "\n".join(rows)).replace(NBSP, " ").replace(NNBSP, " ")
    # Attendance against registrations, from the participants list.
    assert "Structures inscrites | 26" in plain and "Structures présentes | 15" in plain
    assert "Structures inscrites absentes | 11 (42 %)" in plain
    # The weakest items with their share of low marks, and what changes because of them.
    assert "Les points les moins bien notés" in plain and "Notes 1 ou 2" in plain
    assert "Un exemple concret par notion" in plain
    assert "Intention d'agir :" in plain
    # Lessons for the national rollout, the debrief's conclusions, the VAT status.
    assert "Format |" in plain and "Niveaux |" in plain and "À garder" in plain
    assert "Conclusions du débriefing" in plain and "Version provisoire" not in plain
    assert "TVA non applicable, art. 293 B du CGI" in plain
    assert "Total HT |" in plain and "respecte le plafond" in plain
    # Fictitious data said once, on the cover, and in the properties.
    assert plain.count("Données fictives") == 1
    assert "Données fictives" in (document.core_properties.comments or "")
    assert "14 réponses à la grille d'évaluation pour 16 personnes présentes" in text.replace(
        NBSP, " "
    )
    assert "Réunion de préparation" in text and f"17{NBSP}novembre 2020" in text
    assert "Nord (59)" in text and "Atelier et chantier d'insertion (ACI)" in text
    chart = [n for n in _header_pictures(document.part) if n == "dladocs:graphique:evaluation"]
    assert chart


def test_online_form_header_maps_columns_to_questions(built: dict[str, Any]) -> None:
    import csv

    from dladocs.evaluation import DEFAULT_QUESTIONS

    with built["files"]["grille.csv"].open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle, delimiter=";"))
    assert [column.split(" — ")[0] for column in header] == [q.id for q in DEFAULT_QUESTIONS]


def test_the_example_passes_its_own_check(built: dict[str, Any]) -> None:
    files = [path for name, path in built["files"].items() if not name.endswith(".csv")]
    checks = dladocs.check(files, programme="fse-2014-2020")
    assert [c.status for c in checks] == ["ok"] * len(checks)
    assert not [v for c in checks for v in c.violations if v.severity == "error"]


def test_placeholder_logos_say_so_and_are_reported_on_every_piece(built: dict[str, Any]) -> None:
    """The example has no Avise or DLA logo file: the placeholders say what they are."""
    deck = Presentation(str(built["files"]["deck.pptx"]))
    for slide in deck.slides:
        alts = {
            p._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("name"): p._element.xpath(
                "./p:nvPicPr/p:cNvPr"
            )[0].get("descr")
            for p in _pictures(slide.shapes)
        }
        assert "emplacement réservé" in alts["dladocs:logo:avise"]
        assert "emplacement réservé" in alts["dladocs:logo:dla"]
        assert "emplacement réservé" not in alts[EMBLEM]
    checks = {c.path.name: c for c in built["result"].checks}
    deck_warnings = [v for v in checks["support-webinaire.pptx"].warnings if v.rule == "DLA-03"]
    assert [v.surface.index for v in deck_warnings] == list(range(1, len(deck.slides) + 1))
    assert "Avise" in deck_warnings[0].message and "[logos]" in deck_warnings[0].message
    # The evaluation grid goes to every participant: it carries the Avise and DLA logos too.
    assert [v for v in checks["grille-evaluation.docx"].violations if v.rule == "DLA-03"]


def test_real_logo_files_leave_no_placeholder(example_dir: Path, tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    for name, colour in (("avise", "#16a085"), ("dla", "#c0392b")):
        image = Image.new("RGB", (600, 200), "white")
        ImageDraw.Draw(image).rectangle((20, 20, 580, 180), fill=colour)
        image.save(example_dir / f"{name}.png")
    text = (example_dir / "dladocs.toml").read_text(encoding="utf-8")
    (example_dir / "dladocs.toml").write_text(
        text + '\n[logos]\navise = "avise.png"\ndla = "dla.png"\n', encoding="utf-8"
    )
    result = dladocs.build(dladocs.load_project(example_dir), tmp_path / "sortie", only=("deck",))
    assert result.ok
    [check] = result.checks
    # (Without the regional plugin, no regional porteur logo is asked for either.)
    assert not [v for v in check.violations if v.rule == "DLA-03"]
    assert not [w for w in result.warnings if "emplacement réservé" in w]


def test_the_results_give_every_answer(built: dict[str, Any]) -> None:
    """The annex behind section 5: each score's count, each choice, every free answer."""
    from dladocs.evaluation import collect, summarise
    from dladocs.typography import fr

    project = built["project"]
    summary = summarise(collect(project.response_files()), participants=project.attendees)
    document, text = _docx_text(built["files"]["resultats.docx"])
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Les questions notées de 1 à 5",
        "Les questions à choix",
        "Les réponses libres",
    ]
    [table] = document.tables  # (the logo band is in the header, not in the body)
    rows = [[cell.text for cell in row.cells] for row in table.rows][1:]
    scales = [q for q in summary.questions if q.kind == "scale"]
    assert len(rows) == len(scales)
    for row, question in zip(rows, scales, strict=True):
        counts = [int(value) for value in row[1:6]]
        assert counts == [question.distribution.get(str(n), 0) for n in range(1, 6)]
        assert sum(counts) == int(row[6]) == question.answered
    for question in summary.questions:
        if question.kind == "text":
            for answer in question.answers:  # all of them, not the report's first twelve
                assert fr(answer) in text, answer
    assert f"{summary.responses} réponses à la grille" in text
    assert "Réponses lues dans 1 fichier" in text
