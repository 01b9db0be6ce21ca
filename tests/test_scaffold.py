"""``dladocs new DIR --region CODE`` and ``dladocs templates export DIR``: starting points that never overwrite work."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from click.testing import CliRunner, Result
from docx import Document
from pptx import Presentation

from dladocs.cli import main
from dladocs.default_plugins.templates import builtin_templates

TEMPLATES = {
    "deck.pptx", "fiche.docx", "grille.docx", "rapport.docx", "resultats.docx", "emargement.docx",
}  # fmt: skip


def _cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _set_size() -> int:
    """How many files one region's set has: every format of every registered document."""
    from dladocs.plugins import get_documents, get_plugin_manager

    # Proofs of attendance wait for presence.json (dladocs presence collect).
    documents = get_documents(get_plugin_manager()).values()
    return sum(len(d.formats) for d in documents if not d.proof)


def test_a_new_project_for_a_region_without_porteurs_builds_right_away(tmp_path: Path) -> None:
    folder = tmp_path / "bretagne"
    made = _cli("new", str(folder), "--region", "53")
    assert made.exit_code == 0, made.output
    assert f"Projet créé : {folder / 'dladocs.toml'}" in made.stdout
    assert f"dladocs build {folder}" in made.stdout
    with (folder / "dladocs.toml").open("rb") as handle:
        data = tomllib.load(handle)
    assert data["accompagnement"]["region"] == "53"
    assert (folder / "logos").is_dir() and (folder / "reponses").is_dir()
    assert "Bretagne" in (folder / "dladocs.toml").read_text(encoding="utf-8")

    out = tmp_path / "sortie"
    built = _cli("build", str(folder), "-o", str(out))
    assert built.exit_code == 0, built.output
    assert f"{_set_size()} fichier(s) écrit(s), 0 déjà à jour, tous vérifiés" in built.stdout
    assert (
        "Attention : Bretagne : informations non fournies (porteur du DLA régional ; porteurs des DLA "
        "départementaux (Côtes-d'Armor, Finistère, Ille-et-Vilaine, Morbihan))"
    ) in built.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {a["region"] for a in manifest["artifacts"]} == {"53"}
    assert {Path(a["path"]).parent.name for a in manifest["artifacts"]} == {"bretagne"}
    assert all(c["status"] == "ok" for c in manifest["checks"])
    fiche = Document(str(out / "bretagne" / "fiche-pratique.docx"))
    rows = [[cell.text for cell in row.cells] for table in fiche.tables for row in table.rows]
    assert ["Finistère (29)", "non renseigné"] in rows
    deck = Presentation(str(out / "bretagne" / "support-webinaire.pptx"))
    assert "Le marketing digital pour les SIAE" in deck.slides[0].shapes.title.text


def test_the_starter_sequence_uses_the_kinds_and_the_modules_of_the_pack(tmp_path: Path) -> None:
    from dladocs.content import ENGINE_SLIDES
    from dladocs.default_plugins.content_pack import PACK

    folder = tmp_path / "hdf"
    assert _cli("new", str(folder), "--region", "32").exit_code == 0
    with (folder / "dladocs.toml").open("rb") as handle:
        sequence = tomllib.load(handle)["webinaire"]["sequence"]
    kinds = {"accueil", "apport", "echange", "questions-reponses", "atelier", "evaluation", "pause"}
    assert {part["nature"] for part in sequence} <= kinds
    modules = {p.stem for p in PACK.folder.glob("*.md")} | set(ENGINE_SLIDES)
    assert all(part["contenu"] in modules for part in sequence), [p["contenu"] for p in sequence]
    # Half the webinar in exchanges, as the cahier des charges asks.
    minutes = sum(part["duree"] for part in sequence)
    exchange = sum(
        part["duree"] for part in sequence if part["nature"] in ("echange", "questions-reponses")
    )
    assert minutes == 120 and exchange * 2 >= minutes

    built = _cli("build", str(folder), "-o", str(tmp_path / "sortie"))
    assert built.exit_code == 0, built.output
    assert "précisez la nature" not in built.stderr and "est lu comme" not in built.stderr
    assert "part d'échanges" not in built.stderr
    deck = Presentation(str(tmp_path / "sortie" / "hauts-de-france" / "support-webinaire.pptx"))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    # The pack's modules are on the slides, the pause among them.
    assert any(title.startswith("Pause") for title in titles), titles
    assert "Le programme" in titles


def test_new_accepts_a_region_name_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    made = _cli("new", str(tmp_path / "normandie"), "--region", "Normandie")
    assert made.exit_code == 0, made.output
    with (tmp_path / "normandie" / "dladocs.toml").open("rb") as handle:
        assert tomllib.load(handle)["accompagnement"]["region"] == "28"
    unknown = _cli("new", str(tmp_path / "ailleurs"), "--region", "Atlantide")
    assert unknown.exit_code == 2
    assert "--region « Atlantide » : région inconnue" in unknown.stderr
    assert not (tmp_path / "ailleurs").exists()


def test_new_refuses_to_overwrite_an_existing_project(tmp_path: Path) -> None:
    folder = tmp_path / "projet"
    folder.mkdir()
    mine = folder / "dladocs.toml"
    mine.write_text("# mon projet, déjà rempli\n", encoding="utf-8")
    again = _cli("new", str(folder), "--region", "32")
    assert again.exit_code == 2
    assert f"« {mine} » existe déjà : dladocs ne l'écrase pas" in again.stderr
    assert "Traceback" not in again.output
    assert mine.read_text(encoding="utf-8") == "# mon projet, déjà rempli\n"


def test_templates_export_writes_the_default_templates(tmp_path: Path) -> None:
    folder = tmp_path / "modeles"
    done = _cli("templates", "export", str(folder))
    assert done.exit_code == 0, done.output
    assert {p.name for p in folder.iterdir()} == TEMPLATES
    for name in TEMPLATES:
        assert f"écrit : {folder / name}" in done.stdout
        assert (folder / name).read_bytes() == (builtin_templates() / name).read_bytes()
    deck = Presentation(str(folder / "deck.pptx"))
    assert {"Titre", "Section", "Contenu", "Clôture"} <= {
        layout.name for layout in deck.slide_layouts
    }


def test_templates_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "modeles"
    assert _cli("templates", "export", str(folder)).exit_code == 0
    edited = folder / "fiche.docx"
    edited.write_bytes(b"mon modele retouche")
    again = _cli("templates", "export", str(folder))
    assert again.exit_code == 2
    assert "ces fichiers existent déjà et ne sont pas remplacés" in again.stderr
    assert str(edited) in again.stderr and "--force" in again.stderr
    assert edited.read_bytes() == b"mon modele retouche"
    forced = _cli("templates", "export", str(folder), "--force")
    assert forced.exit_code == 0, forced.output
    assert edited.read_bytes() == (builtin_templates() / "fiche.docx").read_bytes()
