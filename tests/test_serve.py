"""``dladocs serve``, server side: pages, forms written back with comments kept, and every refusal."""

from __future__ import annotations

import html
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from _serve import EXAMPLE, PORT, client_for, error_beside, form_of
from dladocs.serve import schema
from dladocs.serve.state import ServerState


@pytest.fixture
def served(tmp_path: Path) -> tuple[TestClient, ServerState, Path]:
    project = tmp_path / "exemple"
    shutil.copytree(EXAMPLE, project)
    client, state = client_for(tmp_path, project / "dladocs.toml")
    return client, state, project / "dladocs.toml"


def submit(
    client: TestClient,
    state: ServerState,
    slug: str,
    changes: dict[str, str],
    action: str = "enregistrer",
) -> tuple[int, str]:
    """Fill the form of /projet/SLUG as a user would, and press a button."""
    values = form_of(client.get(f"/projet/{slug}").text)
    values.update(changes)
    values["action"] = action
    response = client.post(f"/projet/{slug}", data=values)
    return response.status_code, response.text


# --------------------------------------------------------------------------- pages


def test_home_is_french_and_shows_the_project(served: tuple[TestClient, ServerState, Path]) -> None:
    client, _, _ = served
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert "Le marketing digital pour les SIAE" in page.text
    assert "Le fichier projet est valide" in page.text
    for section in schema.SECTIONS:
        assert f'href="/projet/{section.slug}"' in page.text


def test_every_section_shows_every_key_with_a_label(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _, _ = served
    for section in (*schema.SECTIONS, schema.SEQUENCE):
        page = client.get(f"/projet/{section.slug}")
        assert page.status_code == 200, section.slug
        values = form_of(page.text)
        for field in section.fields:
            name = (
                f"{section.prefix}[1].{field.key}"
                if section.array
                else f"{section.prefix}.{field.key}"
            )
            if section.array and not any(k.startswith(f"{section.prefix}[1].") for k in values):
                continue  # the example has no entry here
            assert name in values, (section.slug, name)
            field_id = "f-" + name.replace("[", "-").replace("].", "-").replace(".", "-")
            assert f'<label for="{field_id}">' in page.text, name


def test_mission_form_shows_the_file_values(served: tuple[TestClient, ServerState, Path]) -> None:
    client, _, _ = served
    values = form_of(client.get("/projet/mission").text)
    assert values["accompagnement.titre"] == "Le marketing digital pour les SIAE"
    assert values["accompagnement.region"] == "32"
    assert values["accompagnement.plafond_budget"] == "1000"
    assert values["accompagnement.programme"] == "fse-2014-2020"


def test_an_edit_is_written_and_keeps_the_comments(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, file = served
    before = file.read_text(encoding="utf-8")

    status, page = submit(
        client, state, "mission", {"accompagnement.titre": "Le numérique pour les SIAE"}
    )

    assert status == 200
    assert "Enregistré dans dladocs.toml." in page
    after = file.read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        ('titre = "Le marketing digital pour les SIAE"', 'titre = "Le numérique pour les SIAE"')
    ]
    assert after.startswith("# Projet dladocs : webinaire")
    assert tomllib.loads(after)["accompagnement"]["titre"] == "Le numérique pour les SIAE"


def test_a_bad_value_is_explained_beside_its_field_and_nothing_is_written(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, file = served
    before = file.read_bytes()

    status, page = submit(
        client,
        state,
        "mission",
        {"accompagnement.plafond_budget": "-5", "accompagnement.titre": ""},
    )

    assert status == 422
    assert (
        error_beside(page, "accompagnement.plafond_budget")
        == "nombre strictement supérieur à 0.0 attendu, reçu « -5 »"
    )
    assert error_beside(page, "accompagnement.titre") == "clé obligatoire absente"
    assert "Rien n'a été enregistré" in page
    assert 'aria-invalid="true"' in page
    # The first field to correct has the focus: keyboard and screen-reader users land on it.
    assert (
        '<input id="f-accompagnement-titre" name="accompagnement.titre" type="text" autofocus'
        in page
    )
    assert file.read_bytes() == before
    # The user's input stays in the form, to be corrected.
    assert form_of(page)["accompagnement.plafond_budget"] == "-5"


def test_a_word_where_a_number_goes_gets_the_projects_message(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, _ = served
    status, page = submit(client, state, "webinaire", {"webinaire.duree": "deux heures"})
    assert status == 422
    assert error_beside(page, "webinaire.duree") == "nombre entier attendu, reçu « deux heures »"
    status, page = submit(client, state, "webinaire", {"webinaire.duree": "60"})
    assert status == 422
    assert error_beside(page, "webinaire.duree").startswith("la séquence dure 120 minutes en tout")


def test_an_edit_made_meanwhile_in_a_text_editor_is_never_overwritten(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _, file = served
    values = form_of(client.get("/projet/mission").text)
    edited = file.read_text(encoding="utf-8").replace(
        'financeur = "Avise"', 'financeur = "Avise" # vu'
    )
    file.write_text(edited, encoding="utf-8")

    values["accompagnement.titre"] = "Autre titre"
    response = client.post("/projet/mission", data={**values, "action": "enregistrer"})

    assert response.status_code == 409
    assert "modifié en dehors de cette page" in html.unescape(response.text)
    assert 'href="/projet/mission">Recharger depuis le fichier' in response.text
    assert file.read_text(encoding="utf-8") == edited


def test_the_sequence_shows_total_and_exchange_share(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _, _ = served
    page = client.get("/projet/sequence").text
    assert "<strong>120 minutes</strong> sur 120 minutes de webinaire" in page
    # 61 minutes of « echange » and « questions-reponses » parts: the pause and the workshop
    # introductions (« accueil », « apport », « evaluation ») do not count.
    assert "61 minutes, soit 51 %" in page
    assert "De 0 à 6 min" in page
    assert "De 6 à 8 min" in page
    # Every module the example names is offered: engine slides (« objectifs ») and the pack's.
    assert "(valeur du fichier)" not in page
    assert '<option value="objectifs" selected>objectifs</option>' in page


def test_the_summary_follows_the_form_as_it_is_typed(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, _ = served
    values = form_of(client.get("/projet/sequence").text)
    values["webinaire.sequence[1].duree"] = "40"
    response = client.post(
        "/projet/sequence/resume", data=values, headers={"X-CSRF-Token": state.token}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="resume"')
    assert "<strong>154 minutes</strong> sur 120 minutes" in response.text
    assert "La séquence dépasse la durée du webinaire." in response.text


def test_parts_are_moved_added_and_removed_then_saved_in_that_order(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _state, file = served
    values = form_of(client.get("/projet/sequence").text)
    titles = [
        p["titre"] for p in tomllib.loads(file.read_text(encoding="utf-8"))["webinaire"]["sequence"]
    ]

    moved = client.post("/projet/sequence", data={**values, "action": "monter:2"})
    assert moved.status_code == 200
    assert 'value="descendre:1" autofocus' in moved.text  # the keyboard stays on the moved part
    values = form_of(moved.text)
    assert values["webinaire.sequence[1].titre"] == titles[1]
    removed = client.post("/projet/sequence", data={**values, "action": "supprimer:14"})
    values = form_of(removed.text)
    added = client.post("/projet/sequence", data={**values, "action": "ajouter"})
    values = form_of(added.text)
    assert values["webinaire.sequence[14]._origine"] == "0"
    values.update(
        {
            "webinaire.sequence[14].titre": "Évaluation à chaud",
            "webinaire.sequence[14].duree": "5",
            "webinaire.sequence[14].nature": "evaluation",
            "webinaire.sequence[14].contenu": "evaluation",
        }
    )
    saved = client.post("/projet/sequence", data={**values, "action": "enregistrer"})

    assert saved.status_code == 200, error_beside(saved.text, "webinaire.sequence[14].nature")
    text = file.read_text(encoding="utf-8")
    parts = tomllib.loads(text)["webinaire"]["sequence"]
    assert [p["titre"] for p in parts] == [
        titles[1],
        titles[0],
        *titles[2:13],
        "Évaluation à chaud",
    ]
    # Each part moved with its own keys: the welcome keeps its description, Q&A its prompts.
    assert parts[1]["description"].startswith("Consignes Zoom")
    assert "description" not in parts[0]
    assert parts[4]["questions"] == [
        "Qui a déjà répondu à un marché public en ligne ? Qu'est-ce qui a été difficile ?"
    ]
    assert (parts[13]["nature"], parts[13]["duree"]) == ("evaluation", 5)
    assert text.startswith("# Projet dladocs : webinaire")
    assert text.count("[[webinaire.sequence]]") == 14


def test_the_kinds_offered_are_those_the_model_accepts_and_old_ones_stay_readable(
    served: tuple[TestClient, ServerState, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _, file = served
    # The merged model knows the precise kinds: they are offered, and nothing else.
    assert schema.offered_kinds() == schema.NEW_KINDS
    page = client.get("/projet/sequence").text
    assert '<option value="questions-reponses">questions-réponses</option>' in page
    assert '<option value="pause" selected>pause</option>' in page
    assert "ancienne nature" not in page
    # A file written for an earlier version: « interactif » stays selected and flagged, and
    # still counts in the exchange share (the model reads it as « echange »).
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('nature = "echange"', 'nature = "interactif"', 1), "utf-8")
    monkeypatch.setattr(schema, "offered_kinds", lambda: schema.NEW_KINDS)
    page = client.get("/projet/sequence").text
    assert "61 minutes, soit 51 %" in page
    assert (
        '<option value="interactif" selected>interactif (ancienne nature : choisissez-en une plus précise)</option>'
        in page
    )


def test_exchange_share_counts_echange_and_questions_reponses_only() -> None:
    from dladocs.serve.forms import sequence_summary

    values = {
        "webinaire.sequence[1].duree": "30",
        "webinaire.sequence[1].nature": "apport",
        "webinaire.sequence[2].duree": "20",
        "webinaire.sequence[2].nature": "echange",
        "webinaire.sequence[3].duree": "25",
        "webinaire.sequence[3].nature": "questions-reponses",
        "webinaire.sequence[4].duree": "15",
        "webinaire.sequence[4].nature": "atelier",
    }
    summary = sequence_summary(values, 4, 100)
    assert (summary["total"], summary["exchange"], summary["share"], summary["over"]) == (
        90,
        45,
        45,
        False,
    )


def test_an_entry_of_an_array_is_removed(served: tuple[TestClient, ServerState, Path]) -> None:
    client, _state, file = served
    values = form_of(client.get("/projet/porteurs").text)
    page = client.post("/projet/porteurs", data={**values, "action": "supprimer:2"}).text
    status = client.post(
        "/projet/porteurs", data={**form_of(page), "action": "enregistrer"}
    ).status_code
    assert status == 200
    porteurs = tomllib.loads(file.read_text(encoding="utf-8"))["porteurs"]
    assert [p["nom"] for p in porteurs] == ["Avise"]


def test_lists_actions_and_mappings_round_trip(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, file = served
    before = tomllib.loads(file.read_text(encoding="utf-8"))
    slugs = ("actions", "retours", "bilan", "essaimage", "deroulement", "tva", "evaluation")
    for slug in (*slugs, "presence", "sortie"):
        status, _ = submit(client, state, slug, {})
        assert status == 200, slug
    after = tomllib.loads(file.read_text(encoding="utf-8"))
    # Rubrics the example does not have are not created by an unchanged form.
    keys = ("actions", "retours_experience", "bilan", "deroulement", "cout", "evaluation")
    for key in (*keys, "presence", "sortie"):
        assert after.get(key) == before.get(key), key
    status, page = submit(client, state, "logos", {"logos.autres": "porteur logos/absent.png"})
    assert status == 422
    assert error_beside(page, "logos.autres").startswith(
        "ligne « porteur logos/absent.png » : écrivez nom = chemin"
    )


# --------------------------------------------------------------------------- open and create


def test_a_project_is_created_with_its_region_and_programme(tmp_path: Path) -> None:
    client, state = client_for(tmp_path, None)
    home = client.get("/")
    assert "Créer un projet" in home.text
    form = form_of(home.text, "/creer")
    form.update({"nom": "Webinaire numérique 2025", "region": "32", "programme": "fse-2014-2020"})
    page = client.post("/creer", data=form)
    assert page.status_code == 200
    assert page.url.path == "/projet/mission"
    created = tmp_path / "webinaire-numerique-2025" / "dladocs.toml"
    assert state.project == created
    data = tomllib.loads(created.read_text(encoding="utf-8"))
    assert (data["accompagnement"]["region"], data["accompagnement"]["programme"]) == (
        "32",
        "fse-2014-2020",
    )
    assert "# Projet dladocs" in created.read_text(encoding="utf-8")  # the starter's comments
    again = client.post("/creer", data=form)
    assert again.status_code == 400
    assert "existe déjà" in html.unescape(again.text)


def test_only_folders_of_the_workspace_open(tmp_path: Path) -> None:
    workspace = tmp_path / "espace"
    shutil.copytree(EXAMPLE, workspace / "exemple")
    shutil.copytree(EXAMPLE, tmp_path / "dehors")
    client, state = client_for(workspace, None)
    token = state.token
    assert client.post("/ouvrir", data={"csrf": token, "dossier": "../dehors"}).status_code == 400
    assert (
        client.post(
            "/ouvrir", data={"csrf": token, "dossier": str(tmp_path / "dehors")}
        ).status_code
        == 400
    )
    assert client.post("/ouvrir", data={"csrf": token, "dossier": "absent"}).status_code == 404
    assert client.post("/ouvrir", data={"csrf": token, "dossier": "/tmp/\x00x"}).status_code == 400
    assert (
        client.post("/ouvrir", data={"csrf": token, "dossier": "exemple/\x00"}).status_code == 400
    )
    assert state.project is None
    opened = client.post("/ouvrir", data={"csrf": token, "dossier": "exemple"})
    assert opened.status_code == 200
    assert state.project == (workspace / "exemple" / "dladocs.toml").resolve()


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "host",
    ["evil.example:8765", f"127.0.0.1:{PORT + 1}", "127.0.0.1", "attacker.localhost:8765", ""],
)
def test_a_foreign_host_header_is_refused(
    served: tuple[TestClient, ServerState, Path], host: str
) -> None:
    client, _, _ = served
    response = client.get("/", headers={"Host": host})
    assert response.status_code == 400
    assert "DNS rebinding" in response.text


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"[::1]:{PORT}"])
def test_the_loopback_names_are_answered(
    served: tuple[TestClient, ServerState, Path], host: str
) -> None:
    client, _, _ = served
    assert client.get("/", headers={"Host": host}).status_code == 200


def test_a_post_from_another_origin_is_refused(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, file = served
    before = file.read_bytes()
    response = client.post(
        "/construire", data={"csrf": state.token}, headers={"Origin": "http://evil.example"}
    )
    assert response.status_code == 403
    assert file.read_bytes() == before
    assert not state.job.running


@pytest.mark.parametrize("token", [None, "", "faux"])
def test_every_form_needs_the_csrf_token(
    served: tuple[TestClient, ServerState, Path], token: str | None
) -> None:
    client, state, file = served
    before = file.read_bytes()
    values = form_of(client.get("/projet/mission").text)
    values["accompagnement.titre"] = "Pirate"
    values.pop("csrf")
    if token is not None:
        values["csrf"] = token
    for path in (
        "/projet/mission",
        "/projet/sequence/resume",
        "/construire",
        "/verifier",
        "/fichiers/logos",
        "/contenus/essai",
        "/contenus/apercu",
        "/contenus",
        "/ouvrir",
        "/creer",
    ):
        response = client.post(path, data=values)
        assert response.status_code == 403, path
        assert "jeton de sécurité" in html.unescape(response.text)
    assert file.read_bytes() == before
    assert not state.job.running


def test_the_htmx_header_carries_the_token(served: tuple[TestClient, ServerState, Path]) -> None:
    client, state, _ = served
    page = client.get("/").text
    assert f'hx-headers=\'{{"X-CSRF-Token": "{state.token}"}}\'' in page
    response = client.post(
        "/contenus/apercu", data={"texte": "# Titre"}, headers={"X-CSRF-Token": state.token}
    )
    assert response.status_code == 200


def test_pages_carry_a_strict_content_security_policy(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _, _ = served
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"


def test_an_oversize_body_is_refused_before_it_is_read(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _, _ = served
    response = client.post("/verifier", content=b"x", headers={"Content-Length": str(10**10)})
    assert response.status_code == 413
    assert "dépasse" in response.text


def test_unknown_pages_and_methods_answer_in_french(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _, _ = served
    missing = client.get("/nulle-part")
    assert missing.status_code == 404
    assert "Cette page n'existe pas." in html.unescape(missing.text)
    assert client.get("/projet/inconnue").status_code == 404
    assert client.delete("/").status_code == 405


def test_a_file_that_is_not_toml_is_explained(served: tuple[TestClient, ServerState, Path]) -> None:
    client, _, file = served
    file.write_text('[accompagnement]\ntitre = "ouvert\n', encoding="utf-8")
    page = client.get("/projet/mission")
    assert page.status_code == 422
    assert "ligne 2" in html.unescape(page.text)
    assert "Corrigez-le dans votre éditeur de texte" in html.unescape(page.text)


def test_a_project_file_gone_meanwhile_is_said(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _, file = served
    file.unlink()
    page = client.get("/projet/mission")
    assert page.status_code == 404
    assert "a-t-il été déplacé ?" in html.unescape(page.text)


def test_every_key_of_the_project_model_has_a_field() -> None:
    """A key added to the project model needs its field in dladocs.serve.schema (and the guide)."""
    from typing import Any, get_args

    from pydantic import BaseModel

    from dladocs.project import Project

    fields = {f"{s.prefix}.{f.key}" for s in (*schema.SECTIONS, schema.SEQUENCE) for f in s.fields}

    def models(annotation: Any) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [m for argument in get_args(annotation) for m in models(argument)]

    missing: list[str] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            path = f"{prefix}{info.alias or name}"
            inner = models(info.annotation)
            if path in fields:
                continue
            if not inner:
                missing.append(path)
            for nested in inner:
                walk(nested, f"{path}.")

    walk(Project, "")
    assert not missing, f"keys without a field in the page: {missing}"


@pytest.mark.parametrize(
    "path",
    ["/projet/mission", "/fichiers", "/contenus", "/construire", "/verifier", "/documents.zip"],
)
def test_pages_that_need_a_project_say_so_when_none_is_open(tmp_path: Path, path: str) -> None:
    client, _ = client_for(tmp_path, None)
    response = client.get(path)
    if path == "/verifier":  # checking a file needs no project
        assert response.status_code == 200
        return
    assert response.status_code == 409
    assert "Aucun projet ouvert" in response.text


def test_on_every_interface_addresses_are_answered_never_names() -> None:
    from dladocs.serve.security import host_allowed

    assert host_allowed("192.168.1.5:8765", 8765, "0.0.0.0")
    assert host_allowed("[fe80::1]:8765", 8765, "::")
    assert host_allowed("localhost:8765", 8765, "0.0.0.0")
    assert not host_allowed("rebind.example:8765", 8765, "0.0.0.0")
    assert not host_allowed("192.168.1.5:8766", 8765, "0.0.0.0")
    assert not host_allowed("192.168.1.5:8765", 8765, "127.0.0.1")
    assert host_allowed("192.168.1.5:8765", 8765, "192.168.1.5")


def test_a_file_not_in_utf8_is_explained(served: tuple[TestClient, ServerState, Path]) -> None:
    client, _, file = served
    file.write_bytes(file.read_bytes().replace("é".encode(), "é".encode("latin-1")))
    for path in ("/", "/projet/mission"):
        text = html.unescape(client.get(path).text)
        assert "n'est pas encodé en UTF-8" in text, path


def test_a_section_of_the_wrong_shape_is_never_written_over(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _, file = served
    broken = 'sortie = "pdf"\n' + file.read_text(encoding="utf-8")  # a text where a table goes
    file.write_text(broken, encoding="utf-8")
    values = form_of(client.get("/projet/sortie").text)
    response = client.post(
        "/projet/sortie", data={**values, "sortie.pdf": "on", "action": "enregistrer"}
    )
    assert response.status_code == 422
    assert "n'a pas la forme attendue" in html.unescape(response.text)
    assert file.read_text(encoding="utf-8") == broken


def test_a_ticked_box_stays_ticked_after_saving(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, file = served
    status, page = submit(client, state, "verification", {"verification.strict": "on"})
    assert status == 200
    assert form_of(page)["verification.strict"] == "on"
    assert tomllib.loads(file.read_text(encoding="utf-8"))["verification"]["strict"] is True
    status, page = submit(client, state, "verification", {"verification.strict": ""})
    assert "verification.strict" not in form_of(page) or form_of(page)["verification.strict"] == ""
    assert tomllib.loads(file.read_text(encoding="utf-8"))["verification"]["strict"] is False


def test_an_edit_that_breaks_another_rubric_is_refused(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, file = served
    before = file.read_bytes()
    # The support sent after the webinar: the project blames « webinaire.date », on another page.
    status, page = submit(client, state, "deroulement", {"deroulement.envoi_support": "2020-11-30"})
    assert status == 422
    text = html.unescape(page)
    assert "ce que la modification changerait ailleurs dans le fichier" in text
    assert "les dates ne se suivent pas" in text
    assert file.read_bytes() == before
    # The sequence made longer than the webinar is refused on the sequence page.
    status, page = submit(client, state, "sequence", {"webinaire.sequence[1].duree": "60"})
    assert status == 422
    assert "la séquence dure 174 minutes en tout" in html.unescape(page)
    assert file.read_bytes() == before


def test_a_problem_the_file_already_had_elsewhere_does_not_block_an_edit(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, file = served
    text = file.read_text(encoding="utf-8").replace(
        'email = "claire.dumont@example.org"', 'email = "claire.dumont"', 1
    )
    file.write_text(text, encoding="utf-8")
    status, page = submit(client, state, "mission", {"accompagnement.titre": "Nouveau titre"})
    assert status == 200
    assert "Autres points du fichier projet" in html.unescape(page)
    assert "adresse électronique attendue" in html.unescape(page)
    assert 'titre = "Nouveau titre"' in file.read_text(encoding="utf-8")


def test_the_home_page_links_each_problem_to_its_page(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _, file = served
    text = file.read_text(encoding="utf-8").replace("duree = 6\n", 'duree = "six"\n', 1)
    file.write_text(
        text.replace('email = "claire.dumont@example.org"', 'email = "claire"', 1), encoding="utf-8"
    )
    page = html.unescape(client.get("/").text)
    assert "Le fichier projet n'est pas encore valide" in page
    assert re.search(
        r"clé « webinaire\.sequence\[1\]\.duree » : nombre entier attendu[^<]*<a href=\"/projet/sequence\">corriger</a>",
        page,
    )
    assert re.search(
        r"clé « consultant\.email »[^<]*<a href=\"/projet/consultant\">corriger</a>", page
    )


def test_an_array_written_inline_stays_inline(served: tuple[TestClient, ServerState, Path]) -> None:
    client, _, file = served
    text = file.read_text(encoding="utf-8")
    start = text.index("[cout]")
    end = text.index("[evaluation]")
    inline = 'postes = [{ libelle = "Animation", montant = 250 }, { libelle = "Rapport", montant = 300 }]\n\n'
    file.write_text(text[:start] + "[cout]\n" + inline + text[end:], encoding="utf-8")
    values = form_of(client.get("/projet/cout").text)
    assert values["cout.postes[2].libelle"] == "Rapport"
    page = client.post("/projet/cout", data={**values, "action": "ajouter"}).text
    values = {
        **form_of(page),
        "cout.postes[3].libelle": "Déplacements",
        "cout.postes[3].montant": "40",
    }
    assert client.post("/projet/cout", data={**values, "action": "enregistrer"}).status_code == 200
    after = file.read_text(encoding="utf-8")
    assert "[[cout.postes]]" not in after
    assert [p["libelle"] for p in tomllib.loads(after)["cout"]["postes"]] == [
        "Animation",
        "Rapport",
        "Déplacements",
    ]


@settings(max_examples=25, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["titre", "secteur", "programme_libelle", "financeur", "reference"]),
        st.text(
            st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=80
        ).filter(str.strip),
        min_size=1,
    )
)
def test_any_text_typed_is_written_back_and_nothing_else_moves(changes: dict[str, str]) -> None:
    import tomlkit

    from dladocs.serve import tomledit

    source = (EXAMPLE / "dladocs.toml").read_text(encoding="utf-8")
    doc = tomlkit.parse(source)
    section = schema.section("mission")
    assert section is not None
    values, _ = tomledit.read_values(tomllib.loads(source), section)
    values.update({f"accompagnement.{key}": text for key, text in changes.items()})
    assert tomledit.apply(doc, section, values, []) == {}
    written = tomlkit.dumps(doc)
    data = tomllib.loads(written)["accompagnement"]
    for key, text in changes.items():
        assert data[key] == text.strip()

    def parts(text: str) -> tuple[str, list[str], str]:
        """Before the [accompagnement] table, its lines but the changed keys', after it."""
        start = text.index("[accompagnement]")
        end = text.index("\n[", start)
        changed = tuple(f"{key} = " for key in changes)
        inside = [line for line in text[start:end].split("\n") if not line.startswith(changed)]
        return text[:start], inside, text[end:]

    assert parts(written) == parts(source)


# --------------------------------------------------------------------------- rubrics of the merged model


def test_the_review_conclusions_and_rollout_are_edited_and_comments_kept(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, file = served
    page = client.get("/projet/bilan").text
    assert "Conclusions du débriefing" in page
    status, _ = submit(
        client,
        state,
        "bilan",
        {"bilan.conclusions": "Le format est à garder.\n\nDes ateliers de pratique en janvier."},
    )
    assert status == 200
    status, _ = submit(
        client, state, "essaimage", {"bilan.essaimage.changer": "Cibler un secteur par session."}
    )
    assert status == 200
    text = file.read_text(encoding="utf-8")
    review = tomllib.loads(text)["bilan"]
    assert review["conclusions"] == [
        "Le format est à garder.",
        "Des ateliers de pratique en janvier.",
    ]
    assert review["essaimage"]["changer"] == ["Cibler un secteur par session."]
    assert review["essaimage"]["garder"][0] == "Deux heures à distance, dont la moitié en échanges."
    assert len(review["ameliorations"]) == 2
    assert "# Ce que le débriefing avec les porteurs a conclu" in text
    assert text.count("[bilan.essaimage]") == 1


def test_the_vat_rubric_is_validated_beside_its_fields(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, file = served
    before = file.read_bytes()
    values = form_of(client.get("/projet/tva").text)
    assert (values["cout.tva"], values["cout.total"]) == ("franchise", "1000")
    status, page = submit(client, state, "tva", {"cout.tva": "exoneration"})
    assert status == 422
    assert error_beside(page, "cout.mention_tva").startswith(
        "une exonération de TVA s'accompagne de son fondement"
    )
    status, page = submit(client, state, "tva", {"cout.total": "900"})
    assert status == 422
    assert error_beside(page, "cout.total").startswith("les postes font 1000 € en tout, pas 900 €")
    status, page = submit(client, state, "tva", {"cout.taux_journalier": "450"})
    assert status == 422
    assert "1.25 jour(s) au taux journalier de 450 €" in html.unescape(page)
    # VAT added to 1000 € HT goes over the 1000 € ceiling: the cost page is blamed, nothing written.
    status, page = submit(client, state, "tva", {"cout.tva": "assujetti"})
    assert status == 422
    assert "dépasse le plafond de 1000 €" in html.unescape(page)
    assert file.read_bytes() == before
    status, _ = submit(
        client,
        state,
        "tva",
        {
            "cout.tva": "exoneration",
            "cout.mention_tva": "TVA non applicable, art. 261-4-4° a du CGI",
            "cout.taux_journalier": "400",
        },
    )
    assert status == 200
    cost = tomllib.loads(file.read_text(encoding="utf-8"))["cout"]
    assert (cost["tva"], cost["taux_journalier"], cost["total"]) == ("exoneration", 400, 1000)
    assert len(cost["postes"]) == 3


def test_the_presence_rubric_is_created_and_validated(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, file = served
    status, page = submit(client, state, "presence", {"presence.seuil_pourcentage": "150"})
    assert status == 422
    # The project's own message, as « dladocs build » prints it.
    assert error_beside(page, "presence.seuil_pourcentage").startswith(
        "nombre inférieur ou égal à 100"
    )
    status, page = submit(client, state, "presence", {"presence.structures": "Karim B."})
    assert status == 422
    assert "écrivez nom ou adresse = structure" in error_beside(page, "presence.structures")
    assert not re.search(r"(?m)^\[presence\]", file.read_text(encoding="utf-8"))
    status, _ = submit(
        client,
        state,
        "presence",
        {
            "presence.seuil_pourcentage": "75",
            "presence.email_attestations": "on",
            "presence.structures": "Karim B. = Mains Vertes Roubaix (fictif)\n"
            "contact@ressourcerie-sambre.example = Ressourcerie du Val de Sambre (fictive)",
        },
    )
    assert status == 200
    presence = tomllib.loads(file.read_text(encoding="utf-8"))["presence"]
    assert presence == {
        "seuil_pourcentage": 75,
        "email_attestations": True,
        "structures": {
            "Karim B.": "Mains Vertes Roubaix (fictif)",
            "contact@ressourcerie-sambre.example": "Ressourcerie du Val de Sambre (fictive)",
        },
    }
    values = form_of(client.get("/projet/presence").text)
    assert values["presence.structures"].splitlines()[0] == (
        "Karim B. = Mains Vertes Roubaix (fictif)"
    )


def test_the_mention_font_and_the_fictitious_data_flag_are_edited(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, file = served
    page = client.get("/projet/sortie").text
    assert '<option value="modele">celle du modèle</option>' in page
    status, _ = submit(client, state, "sortie", {"sortie.police_mention": "arial"})
    assert status == 200
    values = form_of(client.get("/projet/mission").text)
    assert values["accompagnement.donnees_fictives"] == "on"
    del values["accompagnement.donnees_fictives"]  # the box unticked
    values["action"] = "enregistrer"
    assert client.post("/projet/mission", data=values).status_code == 200
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    assert data["sortie"]["police_mention"] == "arial"
    assert data["accompagnement"]["donnees_fictives"] is False
