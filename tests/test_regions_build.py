"""Regional variants as a user sees them: the porteurs in the documents, ``--region all``, ``dladocs regions``.

The Hauts-de-France plugin (``plugins/dladocs-hauts-de-france``) is registered
the way a plugin author would in a test: its ``src`` folder on ``sys.path``,
then the ``dladocs_plugins`` fixture of :mod:`dladocs.testing`.  Every
assertion reopens the files the build wrote.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from pptx import Presentation

import dladocs
from dladocs.cli import main

REPO = Path(__file__).resolve().parents[1]
HDF_SRC = REPO / "plugins" / "dladocs-hauts-de-france" / "src"
NNBSP = "\u202f"
NBSP = "\u00a0"
IRIAE = "Inter-Réseaux de l'Insertion par l'Activité Économique (IRIAE) Hauts-de-France"
REGIONAL = "Le Mouvement associatif Hauts-de-France"
HDF_CONTACTS = {
    "Aisne (02)": IRIAE,
    "Nord (59)": "Nord Actif",
    "Oise (60)": "BGE Picardie",
    "Pas-de-Calais (62)": "Pas-de-Calais Actif",
    "Somme (80)": IRIAE,
}
PORTEUR_NAMES = (
    "Nord Actif",
    "BGE Picardie",
    "Pas-de-Calais Actif",
    "IRIAE",
    "Mouvement associatif",
)


@pytest.fixture
def hauts_de_france(dladocs_plugins: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The regional plugin, registered for one test as its own tests would register it."""
    monkeypatch.syspath_prepend(str(HDF_SRC))
    plugin = importlib.import_module("dladocs_hauts_de_france")
    dladocs_plugins.register(plugin)
    yield plugin


def _plain(text: str) -> str:
    # Spaces and hyphens that do not break look like plain ones to a reader.
    return text.replace(NBSP, " ").replace(NNBSP, " ").replace("\u2011", "-")


def _blocks(path: Path) -> list[Paragraph | Table]:
    """The body of a DOCX in reading order: paragraphs and tables."""
    return list(Document(str(path)).iter_inner_content())


def _section(path: Path, heading: str) -> list[Paragraph | Table]:
    """The paragraphs and tables under a Heading 1, up to the next one."""
    blocks = _blocks(path)
    start = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, Paragraph)
        and b.style is not None
        and b.style.name == "Heading 1"
        and _plain(b.text) == heading
    )
    section: list[Paragraph | Table] = []
    for block in blocks[start + 1 :]:
        if (
            isinstance(block, Paragraph)
            and block.style is not None
            and block.style.name == "Heading 1"
        ):
            break
        section.append(block)
    return section


def _rows(table: Table) -> list[list[str]]:
    return [[_plain(cell.text) for cell in row.cells] for row in table.rows]


def _docx_text(path: Path) -> str:
    parts = []
    for block in _blocks(path):
        if isinstance(block, Table):
            parts += [" | ".join(row) for row in _rows(block)]
        else:
            parts.append(_plain(block.text))
    return "\n".join(parts)


def _slide_texts(slide: Any) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(_plain(shape.text_frame.text))
        if getattr(shape, "has_table", False) and shape.has_table:
            texts += [_plain(cell.text) for row in shape.table.rows for cell in row.cells]
    return texts


def _slide_lines(slide: Any) -> list[str]:
    return [line for text in _slide_texts(slide) for line in text.splitlines()]


def _fiche_contacts(path: Path) -> tuple[dict[str, str], list[str]]:
    """The « Qui contacter ? » table (department → DLA) and the paragraphs around it."""
    section = _section(path, "Qui contacter ?")
    [table] = [b for b in section if isinstance(b, Table)]
    rows = _rows(table)
    assert rows[0] == ["Département", "DLA départemental"]
    paragraphs = [_plain(b.text) for b in section if isinstance(b, Paragraph) and b.text.strip()]
    return {row[0]: row[1] for row in rows[1:]}, paragraphs


def _build(project: Path | None, out: Path, **options: Any) -> Any:
    loaded = dladocs.load_project(project) if project is not None else dladocs.load_project()
    result = dladocs.build(loaded, out, **options)
    assert result.ok, [v for c in result.checks for v in c.violations]
    return result


def _file(result: Any, document: str, fmt: str, region: str = "32") -> Path:
    [path] = [
        a.path
        for a in result.artifacts
        if (a.document, a.format, a.region) == (document, fmt, region)
    ]
    return Path(path)


# --------------------------------------------------------------------------- the porteurs in the documents


def test_fiche_names_the_dla_of_each_department_and_the_regional_dla(
    hauts_de_france: ModuleType, tmp_path: Path
) -> None:
    result = _build(None, tmp_path / "sortie", only=["fiche"])
    contacts, paragraphs = _fiche_contacts(_file(result, "fiche", "docx"))
    assert contacts == HDF_CONTACTS
    assert f"DLA régional : {REGIONAL}." in paragraphs
    text = _docx_text(_file(result, "fiche", "docx"))
    assert "non renseigné" not in text
    assert "Informations non fournies" not in text
    assert not [w for w in result.warnings if "informations non fournies" in w]  # nothing missing


def test_without_the_plugin_the_fiche_says_non_renseigne_and_invents_no_name(
    tmp_path: Path,
) -> None:
    result = _build(None, tmp_path / "sortie", only=["fiche", "deck"])
    fiche = _file(result, "fiche", "docx")
    contacts, paragraphs = _fiche_contacts(fiche)
    assert contacts == dict.fromkeys(HDF_CONTACTS, "non renseigné")
    assert "DLA régional : non renseigné pour cette région." in paragraphs
    assert any(p.startswith("Informations non disponibles pour cette région") for p in paragraphs)
    deck = Presentation(str(_file(result, "deck", "pptx")))
    everything = _docx_text(fiche) + "\n".join(t for s in deck.slides for t in _slide_texts(s))
    for name in PORTEUR_NAMES:
        assert name not in everything, name
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert not any(t.startswith("Qui contacter") for t in titles)
    [warning] = [w for w in result.warnings if "informations non fournies" in w]
    assert warning.startswith(
        "Hauts-de-France : informations non fournies (porteur du DLA régional"
    )
    assert "Aisne, Nord, Oise, Pas-de-Calais, Somme" in warning


def test_report_says_who_carries_the_dla_in_its_context(
    hauts_de_france: ModuleType, tmp_path: Path
) -> None:
    result = _build(None, tmp_path / "sortie", only=["rapport"])
    section = _section(_file(result, "rapport", "docx"), "1. Contexte et objectifs")
    paragraphs = [_plain(b.text) for b in section if isinstance(b, Paragraph)]
    assert (
        # Inside a sentence, the name's article is in lower case: « porté par le Mouvement… ».
        f"Dans la région Hauts-de-France, le DLA régional est porté par l{REGIONAL[1:]} ; les DLA "
        f"départementaux sont portés par {IRIAE} (Aisne et Somme), Nord Actif (Nord), BGE Picardie "
        "(Oise) et Pas-de-Calais Actif (Pas-de-Calais)."
    ) in paragraphs
    context = " ".join(paragraphs)
    for fact in ("Place de marché de l'inclusion", "INS'pir", "Chantier école"):
        assert fact in context  # the plugin's regional context
    assert "n'est pas renseigné" not in context


def test_report_without_the_plugin_says_the_porteurs_are_missing(tmp_path: Path) -> None:
    result = _build(None, tmp_path / "sortie", only=["rapport"])
    section = _section(_file(result, "rapport", "docx"), "1. Contexte et objectifs")
    paragraphs = [_plain(b.text) for b in section if isinstance(b, Paragraph)]
    assert (
        "Dans la région Hauts-de-France, le porteur du DLA régional n'est pas renseigné ; les porteurs "
        "des DLA départementaux (Aisne, Nord, Oise, Pas-de-Calais et Somme) ne sont pas renseignés. "
        "Ces informations restent à compléter."
    ) in paragraphs


def test_deck_has_a_contacts_slide_and_names_the_regional_dla_at_the_end(
    hauts_de_france: ModuleType, tmp_path: Path
) -> None:
    result = _build(None, tmp_path / "sortie", only=["deck"])
    deck = Presentation(str(_file(result, "deck", "pptx")))
    slides = list(deck.slides)
    contacts, closing = slides[-2], slides[-1]
    assert closing.slide_layout.name == "Clôture"
    assert f"DLA régional : {REGIONAL}" in _slide_lines(closing)
    assert contacts.shapes.title.text == f"Qui contacter après le webinaire{NNBSP}?"
    table = next(s for s in contacts.shapes if getattr(s, "has_table", False) and s.has_table).table
    rows = [[_plain(cell.text) for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Département", "DLA départemental"]
    assert {row[0]: row[1] for row in rows[1:]} == HDF_CONTACTS
    assert f"DLA régional : {REGIONAL}" in _slide_lines(contacts)
    assert "DLA de son département" in contacts.notes_slide.notes_text_frame.text
    # The regional porteur's logo placeholder joins the band, no larger than the emblem.
    pictures = {s.name: s for s in contacts.shapes if s.shape_type == 13}
    emblem = pictures["dladocs:logo:eu-emblem"]
    porteur = pictures["dladocs:logo:region:porteur"]
    assert REGIONAL in porteur._element.nvPicPr.cNvPr.get("descr")
    assert porteur.height <= emblem.height


# --------------------------------------------------------------------------- --region all


def _without_presence(project: Path) -> Path:
    """The example without its presence.json: 18 times its 16 certificates would say nothing more."""
    (project.parent if project.is_file() else project).joinpath("presence.json").unlink()
    return project


@pytest.mark.slow  # the 18 regions, two workers
def test_region_all_builds_18_verified_sets_with_one_manifest(
    hauts_de_france: ModuleType, dladocs_project: Any, tmp_path: Path
) -> None:
    from dladocs.plugins import get_documents, get_plugin_manager, get_regions

    regions = get_regions(get_plugin_manager())
    assert len(regions) == 18
    # The complete set of one region: every format of every registered document (the proofs
    # of attendance wait for presence.json, which this project has not).
    expected = {
        f"{document.filename}.{fmt}"
        for document in get_documents(get_plugin_manager()).values()
        for fmt in document.formats
        if not document.proof
    }
    assert {"support-webinaire.pptx", "fiche-pratique.docx", "rapport-final.docx"} <= expected
    total = 18 * len(expected)
    out = tmp_path / "national"
    done = CliRunner().invoke(
        main,
        [
            "build",
            str(_without_presence(dladocs_project())),
            "-o",
            str(out),
            "--region",
            "all",
            "--jobs",
            "2",
        ],
    )
    assert done.exit_code == 0, done.output
    assert f"{total} fichier(s) écrit(s), 0 déjà à jour, tous vérifiés" in done.stdout

    # One folder per region, named by its slug, each with the complete set.
    folders = {p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")}
    assert folders == {r.slug for r in regions.values()}
    for region in regions.values():
        assert {p.name for p in (out / region.slug).iterdir()} == expected, region.slug

    # One manifest for the whole build: every artifact of the 18 regions, hashed and verified.
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    artifacts = manifest["artifacts"]
    assert len(artifacts) == total
    assert {a["region"] for a in artifacts} == set(regions)
    for entry in artifacts:
        region = regions[entry["region"]]
        assert entry["path"].startswith(region.slug + "/")
        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    checks = {c["path"]: c["status"] for c in manifest["checks"]}
    assert set(checks.values()) == {"ok"}
    inspected = {a["path"] for a in artifacts if a["format"] in ("docx", "pptx", "pdf")}
    assert inspected <= set(checks)  # every office file and PDF of every region was verified
    assert {a["region"] for a in artifacts if a["path"] in checks} == set(regions)

    # Regions whose porteurs nobody supplied are built, and the output says what is missing.
    warnings = [line for line in done.stderr.splitlines() if line.startswith("Attention :")]
    missing = {code for code, r in regions.items() if r.missing}
    assert missing == set(regions) - {"32"}
    for code in missing:
        name = regions[code].name
        assert any(
            line.startswith(
                f"Attention : {name} : informations non fournies (porteur du DLA régional"
            )
            for line in warnings
        ), name
    assert not any("Hauts-de-France : informations non fournies" in line for line in warnings)
    assert (
        "Attention : Normandie : informations non fournies (porteur du DLA régional ; porteurs des DLA "
        "départementaux (Calvados, Eure, Manche, Orne, Seine-Maritime))"
    ) in done.stderr

    # Normandie: its own departments, nothing invented, no Hauts-de-France structure.
    normandie = out / "normandie"
    contacts, paragraphs = _fiche_contacts(normandie / "fiche-pratique.docx")
    assert contacts == {
        "Calvados (14)": "non renseigné",
        "Eure (27)": "non renseigné",
        "Manche (50)": "non renseigné",
        "Orne (61)": "non renseigné",
        "Seine-Maritime (76)": "non renseigné",
    }
    assert "DLA régional : non renseigné pour cette région." in paragraphs
    report = _docx_text(normandie / "rapport-final.docx")
    participants = _section(normandie / "rapport-final.docx", "4. Participants")
    assert [
        _plain(b.text) for b in participants if isinstance(b, Paragraph) and b.text.strip()
    ] == ["Aucune structure participante de la région Normandie n'est enregistrée."]
    assert not [b for b in participants if isinstance(b, Table)]  # no empty breakdown tables
    for department in HDF_CONTACTS:
        assert department not in report  # no breakdown of another region's participants
    assert "Hauts-de-France" not in report
    assert "Porteurs de l'accompagnement : Avise." in report
    for name in PORTEUR_NAMES:
        assert name not in report
    deck = Presentation(str(normandie / "support-webinaire.pptx"))
    deck_text = "\n".join(t for s in deck.slides for t in _slide_texts(s))
    # The content pack may cite a real case from anywhere (with its source); the porteurs,
    # contacts and participants dladocs places are never another region's.
    assert "DLA régional" not in deck_text
    for name in PORTEUR_NAMES:
        assert name not in deck_text, name
    for participant in ("Ressourcerie du Val de Sambre", "Nettoyage Solidaire Lillois"):
        assert participant not in deck_text

    # Hauts-de-France, in the same build, keeps its participants and its porteurs.
    hdf_contacts, _ = _fiche_contacts(out / "hauts-de-france" / "fiche-pratique.docx")
    assert hdf_contacts == HDF_CONTACTS
    project = dladocs.load_project(dladocs_project())
    present = [p for p in project.participants if p.present]
    hdf_participants = _section(out / "hauts-de-france" / "rapport-final.docx", "4. Participants")
    first = next(
        _plain(b.text) for b in hdf_participants if isinstance(b, Paragraph) and b.text.strip()
    )
    people = sum(p.people for p in present)
    assert first.startswith(
        f"{len(present)} structures ({people} personnes) ont participé au webinaire"
    )
    # The attendance table comes first, then the breakdowns, by department first.
    [by_department, *_] = [
        _rows(b)
        for b in hdf_participants
        if isinstance(b, Table) and _rows(b)[0][0] == "Département"
    ]
    assert {row[0] for row in by_department[1:]} == {
        d for d in HDF_CONTACTS if d[-3:-1] in {p.department for p in present}
    }


# --------------------------------------------------------------------------- dladocs regions


def test_regions_command_shows_which_regions_have_their_porteurs(
    hauts_de_france: ModuleType,
) -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["regions", "--json"])
    assert listing.exit_code == 0, listing.output
    rows = {row["code"]: row for row in json.loads(listing.stdout)}
    assert len(rows) == 18
    assert sum(1 for row in rows.values() if row["overseas"]) == 5
    assert [code for code, row in rows.items() if row["porteurs_complete"]] == ["32"]
    hdf = rows["32"]
    assert hdf["porteur"] == REGIONAL and hdf["missing"] == []
    assert {f"{d['name']} ({d['code']})": d["porteur"] for d in hdf["departments"]} == HDF_CONTACTS
    bretagne = rows["53"]
    assert bretagne["porteur"] is None
    assert all(d["porteur"] is None for d in bretagne["departments"])
    assert bretagne["missing"][0] == "porteur du DLA régional"

    text = runner.invoke(main, ["regions"])
    assert text.exit_code == 0
    lines = {line.split()[0]: line for line in text.stdout.splitlines() if line.strip()}
    assert "5/5 DLA départementaux" in lines["32"] and lines["32"].endswith("porteurs renseignés")
    assert "0/4 DLA départementaux" in lines["53"] and lines["53"].endswith("porteurs à renseigner")


def test_regions_command_without_plugins_has_no_porteurs() -> None:
    listing = CliRunner().invoke(main, ["regions", "--json"])
    rows = json.loads(listing.stdout)
    assert len(rows) == 18
    assert not any(row["porteurs_complete"] for row in rows)
    assert all(row["porteur"] is None for row in rows)


@pytest.mark.slow  # LibreOffice, two workers
def test_several_regions_with_pdfs_on_two_workers_give_verified_pdfs_and_dossiers(
    tmp_path: Path,
) -> None:
    from pypdf import PdfReader

    from dladocs.pipeline import BuildOptions, build
    from dladocs.project import load_project

    out = tmp_path / "sortie"
    result = build(load_project(None), out, BuildOptions(regions="32,53", pdf=True, jobs=2))

    assert result.ok, [(c.path, c.violations) for c in result.checks if c.status != "ok"]
    for folder in ("hauts-de-france", "bretagne"):
        pdfs = {p.name: p for p in (out / folder).glob("*.pdf")}
        assert {
            "support-webinaire.pdf",
            "fiche-pratique.pdf",
            "rapport-final.pdf",
            "resultats-evaluation.pdf",
            "grille-evaluation.pdf",
            "dossier-cloture.pdf",
        } <= set(pdfs), folder
        deck = PdfReader(pdfs["support-webinaire.pdf"])
        assert len(deck.pages) == len(
            Presentation(str(out / folder / "support-webinaire.pptx")).slides
        )
        dossier = PdfReader(pdfs["dossier-cloture.pdf"])
        assert [item.title for item in dossier.outline if not isinstance(item, list)][:1] == [
            "Rapport final"
        ]
    verified = {c.path.relative_to(result.out_dir).as_posix() for c in result.checks}
    assert "bretagne/dossier-cloture.pdf" in verified
    assert "hauts-de-france/support-webinaire.pdf" in verified
    # LibreOffice's content streams are read line by line, each as qpdf reads it.
    import pikepdf

    from dladocs.inspect import _pdf_parse, _pdf_tokens

    compared = 0
    for path in sorted(out.glob("*/*.pdf")):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                data = page.obj.Contents.read_bytes()
                ours = _pdf_tokens.by_lines(data)
                assert ours is not None, (path.name, page.index)
                with pytest.MonkeyPatch.context() as patch:
                    patch.setattr(_pdf_parse, "by_lines", lambda data: None)
                    theirs = _pdf_parse.parse_operations(data)
                assert theirs is not None
                assert [(op, [repr(v) for v in args]) for args, op in ours] == [
                    (op, [repr(v) for v in args]) for args, op in theirs
                ]
                compared += 1
    assert compared > 100
