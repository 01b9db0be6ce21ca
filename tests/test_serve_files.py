"""``dladocs serve``, server side: uploads, content modules, builds, downloads and checks."""

from __future__ import annotations

import html
import io
import shutil
import time
import tomllib
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from starlette.testclient import TestClient

from _serve import EXAMPLE, client_for, form_of
from dladocs.serve.state import ServerState
from dladocs.serve.tomledit import fingerprint

# The example's fictitious Zoom export (examples/webinaire-hauts-de-france/presences/).
EXAMPLE_EXPORT = "participants_83145092716_fictif.csv"


@pytest.fixture
def served(tmp_path: Path) -> tuple[TestClient, ServerState, Path]:
    project = tmp_path / "exemple"
    shutil.copytree(EXAMPLE, project)
    client, state = client_for(tmp_path, project / "dladocs.toml")
    return client, state, project


def png(width: int = 600, height: int = 200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 60, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf(pages: int = 2) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595.28, 841.89), invariant=True)
    for number in range(1, pages + 1):
        canvas.drawString(72, 420, f"Page {number} sans emblème")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def upload(
    client: TestClient, state: ServerState, kind: str, name: str, data: bytes, **fields: str
) -> tuple[int, str]:
    response = client.post(
        f"/fichiers/{kind}", data={"csrf": state.token, **fields}, files={"fichier": (name, data)}
    )
    return response.status_code, html.unescape(response.text)


# --------------------------------------------------------------------------- uploads


def test_a_logo_lands_in_logos_under_a_clean_name_and_can_be_declared(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, project = served
    comments = (project / "dladocs.toml").read_text(encoding="utf-8").count("#")

    status, page = upload(client, state, "logos", "../../Logo Avise été.png", png(), role="avise")

    assert status == 200
    saved = project / "logos" / "logo-avise-ete.png"
    assert saved.read_bytes() == png()
    assert "enregistré dans le projet : logos/logo-avise-ete.png" in page
    text = (project / "dladocs.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["logos"]["avise"] == "logos/logo-avise-ete.png"
    assert text.count("#") == comments
    assert "Le fichier projet est valide" in client.get("/").text
    # A second file of the same name never replaces the first.
    upload(client, state, "logos", "Logo Avise été.png", png(300, 100))
    assert (project / "logos" / "logo-avise-ete-2.png").is_file()
    assert saved.read_bytes() == png()


@pytest.mark.parametrize(
    ("kind", "name", "data", "status", "message"),
    [
        (
            "logos",
            "logo.png",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            415,
            "n'est pas une image PNG",
        ),
        ("logos", "logo.png", b"%PDF-1.7 ...", 415, "n'est pas une image PNG"),
        (
            "logos",
            "logo.png",
            b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024),
            413,
            "dépasse 10 Mo",
        ),
        ("reponses", "grille.pdf", b"\x89PNG\r\n\x1a\n", 415, "ni une grille PDF remplie"),
        ("presences", "zoom.xlsx", b"PK\x03\x04 not really a workbook", 415, "ni un export CSV"),
        ("presences", "zoom.csv", b"Nom\x00;Dur\xe9e", 415, "ni un export CSV"),
    ],
)
def test_uploads_of_the_wrong_type_or_size_are_refused(
    served: tuple[TestClient, ServerState, Path],
    kind: str,
    name: str,
    data: bytes,
    status: int,
    message: str,
) -> None:
    client, state, project = served
    got, page = upload(client, state, kind, name, data)
    assert got == status
    assert message in page
    folder = project / kind
    # Nothing stored: the folder holds only what the example brings.
    brought = {"reponses": ["evaluation-en-ligne.csv"], "presences": [EXAMPLE_EXPORT]}
    assert not folder.exists() or sorted(p.name for p in folder.iterdir()) in (
        [],
        brought.get(kind),
    )


def test_answers_and_attendance_exports_are_stored_in_their_folders(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, project = served
    assert upload(client, state, "reponses", "Grille Dupont.PDF", pdf(1))[0] == 200
    assert (project / "reponses" / "grille-dupont.pdf").read_bytes().startswith(b"%PDF-")
    assert upload(client, state, "reponses", "export.txt", b"Nom;Note\nA;4\n")[0] == 200
    assert (project / "reponses" / "export.csv").is_file()  # the extension follows the content
    assert (
        upload(client, state, "presences", "zoom participants.csv", "Nom;Durée\nA;90\n".encode())[0]
        == 200
    )
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert upload(client, state, "presences", "Teams.xlsx", workbook.getvalue())[0] == 200
    assert sorted(p.name for p in (project / "presences").iterdir()) == [
        EXAMPLE_EXPORT,
        "teams.xlsx",
        "zoom-participants.csv",
    ]
    page = client.get("/fichiers").text
    assert "presences/teams.xlsx" in page


def test_an_upload_without_file_or_of_an_unknown_kind_is_refused(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, project = served
    assert client.post("/fichiers/logos", data={"csrf": state.token}).status_code == 400
    assert (
        client.post(
            "/fichiers/%2e%2e", data={"csrf": state.token}, files={"fichier": ("a.png", png())}
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/fichiers/modeles", data={"csrf": state.token}, files={"fichier": ("a.png", png())}
        ).status_code
        == 404
    )
    assert not (project / "modeles").exists()


# --------------------------------------------------------------------------- content modules


MODULE = """# Le référencement local

- Une fiche d'établissement à jour
- Des avis auxquels on répond

<!-- Demander qui a déjà une fiche. -->
<!-- disposition: liste -->

---

# Deuxième

Un <script>alert(1)</script> paragraphe.

![Carte des canaux](images/carte.png)
"""


def test_a_module_is_previewed_slide_by_slide_with_its_notes_apart(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, _ = served
    response = client.post("/contenus/apercu", data={"csrf": state.token, "texte": MODULE})
    assert response.status_code == 200
    assert "<script>" not in response.text  # raw HTML is text, never markup
    assert "&lt;script&gt;" in response.text
    text = html.unescape(response.text)
    assert "Aperçu : 2 diapositives" in text
    assert "<h1>Le référencement local</h1>" in text
    assert "<li>Une fiche d'établissement à jour</li>" in text
    assert (
        '<div class="notes"><p class="notes-titre">Notes de l\'animateur</p><p>Demander qui a déjà une fiche.</p></div>'
        in text
    )
    assert "disposition : liste" in text
    assert 'src="/projet-fichier/contenus/images/carte.png"' in text


def test_a_module_is_saved_and_never_overwrites_an_edit_made_meanwhile(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _state, project = served
    page = client.get("/contenus/referencement")
    assert "il sera créé à l'enregistrement" in html.unescape(page.text)
    form = form_of(page.text, "/contenus/referencement")
    saved = client.post("/contenus/referencement", data={**form, "texte": MODULE})
    assert saved.status_code == 200
    target = project / "contenus" / "referencement.md"
    assert target.read_text(encoding="utf-8") == MODULE
    assert "referencement" in client.get("/contenus").text
    assert "referencement (module du projet)" in client.get("/projet/sequence").text

    stale = form_of(saved.text, "/contenus/referencement")
    target.write_text(MODULE + "\n---\n\n# Ajout au bloc-notes\n", encoding="utf-8")
    conflict = client.post("/contenus/referencement", data={**stale, "texte": "# Écrasé ?"})
    assert conflict.status_code == 409
    assert "Ajout au bloc-notes" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["%2e%2e", "-tiret", "avec espace", "a" * 61, "é"])
def test_module_names_are_checked(served: tuple[TestClient, ServerState, Path], name: str) -> None:
    client, state, project = served
    assert client.post("/contenus", data={"csrf": state.token, "nom": name}).status_code == 400
    assert client.post(
        f"/contenus/{name}", data={"csrf": state.token, "texte": "x", "empreinte": ""}
    ).status_code in (400, 404)
    assert not (project / "contenus").exists()


def test_a_module_name_typed_in_capitals_is_lowered_but_never_written_so(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, project = served
    page = client.post("/contenus", data={"csrf": state.token, "nom": "Mon-Module"})
    assert page.url.path == "/contenus/mon-module"
    assert (
        client.post(
            "/contenus/Mon-Module", data={"csrf": state.token, "texte": "x", "empreinte": ""}
        ).status_code
        == 400
    )
    assert not (project / "contenus").exists()


def test_module_pictures_are_served_from_contenus_only(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, _, project = served
    (project / "contenus" / "images").mkdir(parents=True)
    (project / "contenus" / "images" / "carte.png").write_bytes(png())
    (project / "contenus" / "notes.txt").write_text("secret", encoding="utf-8")
    assert client.get("/projet-fichier/contenus/images/carte.png").content == png()
    assert client.get("/projet-fichier/contenus/notes.txt").status_code == 404
    assert client.get("/projet-fichier/contenus/../dladocs.toml").status_code == 404
    assert client.get("/projet-fichier/contenus/%2e%2e/dladocs.toml").status_code == 404


# --------------------------------------------------------------------------- outputs and builds


def test_nothing_outside_the_built_documents_is_served(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, _project = served
    state.out.mkdir()
    (state.out / "secret.txt").write_text("x", encoding="utf-8")
    for path in (
        "secret.txt",
        "../dladocs.toml",
        "%2e%2e/dladocs.toml",
        "manifest.json",
        ".dladocs.lock",
        "/etc/passwd",
    ):
        assert client.get(f"/sortie/{path}").status_code == 404, path
    assert client.get("/documents.zip").status_code == 404


def test_one_build_at_a_time(served: tuple[TestClient, ServerState, Path]) -> None:
    client, state, _ = served
    assert state.job.lock.acquire(blocking=False)
    try:
        response = client.post("/construire", data={"csrf": state.token})
        assert response.status_code == 409
        assert "Une construction est déjà en cours" in html.unescape(response.text)
    finally:
        state.job.lock.release()


@pytest.mark.slow  # builds or converts with LibreOffice
def test_a_build_from_the_page_reports_progress_and_serves_every_document(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, _ = served
    started = client.post("/construire", data={"csrf": state.token})
    assert started.status_code == 200
    deadline = time.monotonic() + 240
    seen_running = False
    while state.job.running and time.monotonic() < deadline:
        fragment = client.get("/construire/etat").text
        seen_running = seen_running or 'hx-trigger="every 1s"' in fragment
        time.sleep(0.5)
    assert state.job.outcome == "ok", state.job.message
    assert seen_running or state.job.steps
    page = html.unescape(client.get("/construire").text)
    assert "Construction terminée" in page
    assert "rendu" in page and "vérifié" in page
    report = client.get("/sortie/index.html")
    assert report.status_code == 200
    assert "script-src 'unsafe-inline'" in report.headers["content-security-policy"]
    from dladocs.serve.files import manifest_files

    documents = manifest_files(state.out)
    assert {Path(d).name for d in documents} >= {
        "support-webinaire.pptx",
        "fiche-pratique.docx",
        "grille-evaluation.docx",
        "grille-evaluation.pdf",
        "rapport-final.docx",
        "resultats-evaluation.docx",
    }
    for document in documents:
        assert f'href="/sortie/{document}"' in page
        assert client.get(f"/sortie/{document}").content == (state.out / document).read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(client.get("/documents.zip").content))
    assert sorted(archive.namelist()) == sorted(documents)


# --------------------------------------------------------------------------- check


def test_a_dropped_pdf_gets_its_verdict_page_by_page_with_thumbnails(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, _ = served
    response = client.post(
        "/verifier", data={"csrf": state.token}, files={"fichiers": ("Affiche été.pdf", pdf(2))}
    )
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert 'Affiche été.pdf : <span class="etat">non conforme</span>' in text
    assert text.count('<li class="page echec"') == 2
    assert text.count('src="data:image/jpeg;base64,') == 2
    assert "Page 1 : <strong>non conforme</strong>" in text
    assert "emblème" in text


def test_a_file_that_is_not_a_document_is_said_unreadable(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, _ = served
    response = client.post(
        "/verifier", data={"csrf": state.token}, files={"fichiers": ("notes.pdf", b"bonjour")}
    )
    assert response.status_code == 422
    text = html.unescape(response.text)
    assert 'notes.pdf : <span class="etat">illisible</span>' in text
    assert "ni une présentation PowerPoint" in text
    assert client.post("/verifier", data={"csrf": state.token}).status_code == 400


def test_a_logo_is_kept_but_not_declared_in_a_file_that_is_not_toml(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, project = served
    file = project / "dladocs.toml"
    file.write_text("[logos\n", encoding="utf-8")
    status, page = upload(client, state, "logos", "avise.png", png(), role="avise")
    assert status == 200
    assert "dladocs.toml n'a pas pu être modifié" in page
    assert (project / "logos" / "avise.png").is_file()
    assert file.read_text(encoding="utf-8") == "[logos\n"


@pytest.mark.slow  # builds or converts with LibreOffice
def test_a_dropped_pptx_is_drawn_by_libreoffice_slide_by_slide(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    from pptx import Presentation

    client, state, _ = served
    deck = Presentation()
    for title in ("Bienvenue", "Le programme"):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = title
    buffer = io.BytesIO()
    deck.save(buffer)
    response = client.post(
        "/verifier",
        data={"csrf": state.token},
        files={"fichiers": ("support.pptx", buffer.getvalue())},
    )
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert 'support.pptx : <span class="etat">non conforme</span>' in text
    assert text.count('<li class="page echec"') == 2
    assert text.count('src="data:image/jpeg;base64,') == 2


def test_an_answers_file_is_added_to_the_evaluation_unless_a_pattern_reads_it(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, project = served
    file = project / "dladocs.toml"
    status, page = upload(client, state, "reponses", "grille.pdf", pdf(1), declarer="on")
    assert status == 200
    assert "ajouté à [evaluation] reponses" in page
    status, page = upload(
        client, state, "reponses", "export.csv", b"Nom;Note\nA;4\n", declarer="on"
    )
    assert "[evaluation] reponses le lit déjà" in page
    text = file.read_text(encoding="utf-8")
    assert tomllib.loads(text)["evaluation"]["reponses"] == [
        "reponses/*.csv",
        "reponses/grille.pdf",
    ]
    assert "# Réponses à la grille : exports CSV" in text


def test_a_build_started_from_a_terminal_meanwhile_keeps_the_folder(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    from dladocs import _output

    client, state, _ = served
    with _output.locked(state.out):  # as « dladocs build » holds it
        assert client.post("/construire", data={"csrf": state.token}).status_code == 200
        deadline = time.monotonic() + 120
        while state.job.running and time.monotonic() < deadline:
            time.sleep(0.2)
    assert state.job.outcome == "error"
    fragment = html.unescape(client.get("/construire/etat").text)
    assert "un autre build écrit déjà" in fragment
    assert 'hx-trigger="every 1s"' not in fragment  # the page stops polling
    assert not (state.out / "index.html").exists()


def test_htmx_is_served_with_its_licence(served: tuple[TestClient, ServerState, Path]) -> None:
    client, _, _ = served
    script = client.get("/static/htmx.min.js")
    assert script.status_code == 200
    assert "htmx" in script.text[:2000]
    assert "Zero-Clause BSD" in client.get("/static/htmx-LICENSE.txt").text
    assert client.get("/static/../state.py").status_code == 404


def test_the_outcome_of_another_projects_build_is_not_shown(
    served: tuple[TestClient, ServerState, Path],
) -> None:
    client, state, project = served
    state.job.outcome, state.job.message, state.job.project = (
        "ok",
        "Construction terminée : autre projet.",
        project.parent / "autre" / "dladocs.toml",
    )
    assert "autre projet" not in client.get("/construire/etat").text
    state.job.project = state.project
    assert "autre projet" in client.get("/construire/etat").text


def test_an_upload_is_created_in_one_step_and_never_replaces_a_file(tmp_path: Path) -> None:
    from dladocs.serve.tomledit import atomic_create

    target = tmp_path / "logo.png"
    atomic_create(target, b"premier")
    with pytest.raises(FileExistsError):
        atomic_create(target, b"second")
    assert target.read_bytes() == b"premier"
    assert [p.name for p in tmp_path.iterdir()] == ["logo.png"]  # no temporary file left


def test_links_leading_out_of_the_project_are_never_followed(
    served: tuple[TestClient, ServerState, Path], tmp_path: Path
) -> None:
    client, state, project = served
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png())
    (project / "logos").symlink_to(outside, target_is_directory=True)
    (project / "contenus").symlink_to(outside, target_is_directory=True)
    status, page = upload(client, state, "logos", "logo.png", png())
    assert status == 400
    assert "mène en dehors du projet" in page
    saved = client.post(
        "/contenus/module",
        data={"csrf": state.token, "texte": "# x", "empreinte": fingerprint(b"")},
    )
    assert saved.status_code == 400
    assert client.get("/projet-fichier/contenus/secret.png").status_code == 404
    assert sorted(p.name for p in outside.iterdir()) == ["secret.png"]
