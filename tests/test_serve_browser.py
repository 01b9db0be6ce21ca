"""``dladocs serve`` as a user meets it: the real command, headless Chromium, signals.

With ``DLADOCS_SCREENSHOTS=docs/images`` the walk-through saves the
screenshots of the user guide (``serve-*.png``) on its way.
"""

from __future__ import annotations

import base64
import http.client
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from _serve import EXAMPLE

CHROMIUM = "/usr/bin/chromium"

# The page answers in milliseconds, but CI runs LibreOffice and another test beside it on two
# cores: wait up to 20 s for what the page shows rather than Playwright's 5 s.
expect.set_options(timeout=20_000)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``dladocs serve`` in a subprocess, ready once it has printed its address."""

    def __init__(
        self, cwd: Path, *args: str, browser: bool = False, env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        options = [] if browser else ["--no-browser"]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dladocs", "serve", *args, "--port", str(self.port), *options],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        line = self.process.stderr.readline()
        assert line.startswith(f"dladocs serve : {self.url}"), line

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        _, err = self.process.communicate(timeout=10)
        return err


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "exemple")
    return tmp_path


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # French interface: date fields and the file picker read as the users' browsers do.
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--lang=fr-FR"]
        )
        yield launched
        launched.close()


def shot(page: Page, name: str) -> None:
    """Save a screenshot for the user guide when the test run is asked to."""
    folder = os.environ.get("DLADOCS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"serve-{name}.png"))


# Every visible text against its effective background: WCAG AA asks 4.5:1 for body text.
CONTRAST = """() => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  const worst = [];
  for (const el of document.querySelectorAll("h1, h2, p, label, legend, li, a, button:not(:disabled), option, summary, code")) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) worst.push([el.tagName, el.textContent.trim().slice(0, 40), ratio.toFixed(2)]);
  }
  return worst;
}"""


def assert_accessible(page: Page) -> None:
    """Every field has its label, every picture its text, every text a readable contrast."""
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
        ".filter(e => !e.labels || e.labels.length === 0).map(e => e.name)"
    )
    assert unlabelled == []
    assert page.evaluate("[...document.images].filter(i => !i.alt).length") == 0
    assert page.evaluate(CONTRAST) == []
    assert page.locator("html").get_attribute("lang") == "fr"


def listening_addresses(port: int) -> set[str]:
    """The local addresses listening on ``port``, read from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def a_pdf_without_emblem() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595.28, 841.89), invariant=True)
    canvas.drawString(72, 420, "Affiche faite à la main, sans emblème")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def a_logo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 300), "white")
    ImageDraw.Draw(image).rectangle((30, 30, 870, 270), outline=(10, 61, 107), width=12)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# --------------------------------------------------------------------------- the command


def test_it_listens_on_loopback_only_and_refuses_a_foreign_host(workspace: Path) -> None:
    server = Server(workspace, "exemple")
    try:
        assert listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1, nothing else
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", "/", headers={"Host": f"rebind.example:{server.port}"})
        refused = connection.getresponse()
        assert refused.status == 400
        assert "DNS rebinding" in refused.read().decode("utf-8")
        connection.request("GET", "/")
        page = connection.getresponse().read().decode("utf-8")
        assert '<html lang="fr">' in page
        assert "Le marketing digital pour les SIAE" in page
    finally:
        server.stop()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_sigterm_stops_it_within_five_seconds(workspace: Path, stop: int) -> None:
    server = Server(workspace, "exemple")
    # A browser keeps its connection open between requests: so does this one.
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/projet/sequence")
    assert connection.getresponse().read()
    started = time.monotonic()
    server.process.send_signal(stop)
    err = server.stop()
    assert time.monotonic() - started < 5
    assert server.process.returncode == 0
    assert "Serveur arrêté." in err
    assert not listening_addresses(server.port)


def test_it_opens_the_browser_on_its_address(workspace: Path) -> None:
    record = workspace / "ouvert.txt"
    # webbrowser runs $BROWSER with the address in place of %s.
    command = f'{sys.executable} -c "import sys, pathlib; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])" {record} %s'
    server = Server(workspace, "exemple", browser=True, env={"BROWSER": command})
    try:
        deadline = time.monotonic() + 10
        while not record.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert record.read_text() == server.url
    finally:
        server.stop()


def test_a_busy_port_or_an_address_it_cannot_take_is_said_in_french(workspace: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "dladocs",
                "serve",
                "exemple",
                "--port",
                str(port),
                "--no-browser",
            ],
            cwd=workspace,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2
    assert "choisissez un autre port avec --port" in result.stderr
    assert "Traceback" not in result.stderr
    # TEST-NET-1 (RFC 5737) is never this machine's: the warning is printed, then the refusal.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dladocs",
            "serve",
            "exemple",
            "--host",
            "192.0.2.1",
            "--no-browser",
        ],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert (
        "Attention : avec --host 192.0.2.1, la page est accessible depuis les autres ordinateurs"
        in result.stderr
    )


# --------------------------------------------------------------------------- in Chromium


@pytest.mark.slow  # drives Chromium through a whole build
def test_the_example_edited_in_the_page_keeps_its_comments_and_builds(
    workspace: Path, browser: Browser
) -> None:
    server = Server(workspace, "exemple")
    file = workspace / "exemple" / "dladocs.toml"
    before = file.read_text(encoding="utf-8")
    try:
        page = browser.new_page()
        page.goto(server.url + "projet/mission")
        title = page.get_by_label("Titre du webinaire")
        expect(title).to_have_value("Le marketing digital pour les SIAE")
        title.fill("Le marketing digital pour les SIAE des Hauts-de-France")
        page.get_by_role("button", name="Enregistrer dans dladocs.toml").click()
        expect(page.get_by_text("Enregistré dans dladocs.toml.")).to_be_visible()
        after = file.read_text(encoding="utf-8")
        assert [line for line in before.splitlines() if line.startswith("#")] == [
            line for line in after.splitlines() if line.startswith("#")
        ]
        assert after == before.replace(
            'titre = "Le marketing digital pour les SIAE"\n',
            'titre = "Le marketing digital pour les SIAE des Hauts-de-France"\n',
            1,
        )

        # A page whose token is no longer the server's (a server restarted since): refused, said.
        page.evaluate(
            """() => {
                document.body.setAttribute("hx-headers", '{"X-CSRF-Token": "perime"}');
                document.querySelectorAll("input[name=csrf]").forEach(i => { i.value = "perime"; });
            }"""
        )
        page.get_by_role("button", name="Enregistrer dans dladocs.toml").click()
        expect(page.locator("#erreur-requete")).to_contain_text("jeton de sécurité")
        assert file.read_text(encoding="utf-8") == after

        # The example, built from the page: every document is in the visual report.
        page.goto(server.url + "construire")
        page.get_by_role("button", name="Construire", exact=True).click()
        expect(page.locator("#issue")).to_contain_text("Construction terminée", timeout=300_000)
        page.get_by_role("link", name="Voir le rapport visuel").click()
        out = workspace / "exemple" / "dladocs-out"
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        documents = [a["path"] for a in manifest["artifacts"]]
        assert {Path(d).name for d in documents} >= {
            "support-webinaire.pptx",
            "fiche-pratique.docx",
            "grille-evaluation.docx",
            "grille-evaluation.pdf",
            "rapport-final.docx",
            "resultats-evaluation.docx",
        }
        for document in documents:
            link = page.locator(f'a[href="{document}"]')
            expect(link).to_have_count(1)
        # The report's own links reach the documents through the server.
        with page.expect_download() as download:
            page.locator('a[href$="rapport-final.docx"]').click()
        assert (
            Path(download.value.path()).read_bytes()
            == (out / next(d for d in documents if d.endswith("rapport-final.docx"))).read_bytes()
        )
    finally:
        server.stop()


@pytest.mark.slow  # drives Chromium through a whole build
def test_create_fill_upload_build_report_and_check(browser: Browser, tmp_path: Path) -> None:  # noqa: PLR0915  - one user journey, step by step
    # As a user would: a folder of webinars in the home folder (the page shows « ~/webinaires »).
    workspace = tmp_path / "webinaires"
    workspace.mkdir()
    server = Server(workspace, env={"HOME": str(tmp_path)})
    try:
        page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="fr-FR")
        page.goto(server.url)
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        page.keyboard.press("Tab")  # the first stop skips the menu
        expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
        page.get_by_label("Nom du dossier du nouveau projet").fill("mon-webinaire")
        page.get_by_label("Région").select_option("32")
        page.get_by_label("Programme européen").select_option("fse-plus-2021-2027")
        assert_accessible(page)
        shot(page, "accueil")
        page.get_by_role("button", name="Créer le projet").click()

        # The mission, filled with the keyboard as a user would.
        expect(page.get_by_role("heading", level=1)).to_have_text("[accompagnement] — la mission")
        page.get_by_label("Titre du webinaire").fill("Le numérique au service des SIAE")
        page.get_by_label("Plafond du budget (euros TTC)").fill("-3")
        page.get_by_role("button", name="Enregistrer dans dladocs.toml").click()
        expect(
            page.get_by_text("nombre strictement supérieur à 0.0 attendu, reçu « -3 »")
        ).to_be_visible()
        budget = page.get_by_label("Plafond du budget (euros TTC)")
        expect(budget).to_be_focused()  # the first field to correct
        budget.evaluate("field => field.scrollIntoView({block: 'center'})")
        shot(page, "erreur")
        page.get_by_label("Plafond du budget (euros TTC)").fill("1200")
        page.get_by_label("Plafond du budget (euros TTC)").press("Enter")
        expect(page.get_by_text("Enregistré dans dladocs.toml.")).to_be_visible()
        shot(page, "mission")
        assert_accessible(page)
        project = workspace / "mon-webinaire" / "dladocs.toml"
        assert 'titre = "Le numérique au service des SIAE"' in project.read_text(encoding="utf-8")

        # The sequence: a part moved up with htmx, the running total shown.
        page.goto(server.url + "projet/sequence")
        second = page.get_by_label("Titre de la partie").nth(1).input_value()
        page.get_by_role("button", name="Monter partie 2").click()
        expect(page.get_by_label("Titre de la partie").first).to_have_value(second)
        expect(page.get_by_role("button", name="Descendre partie 1", exact=True)).to_be_focused()
        expect(page.locator("#resume")).to_contain_text("Total de la séquence")
        # The share follows the kinds as they are chosen, without saving: the starter's first
        # exchange (8 minutes) made a contribution, then an exchange again.
        expect(page.locator("#resume")).to_contain_text("61 minutes, soit 51 %")
        page.get_by_label("Nature").nth(2).select_option("apport")
        expect(page.locator("#resume")).to_contain_text("53 minutes, soit 44 %")
        page.get_by_label("Nature").nth(2).select_option("echange")
        expect(page.locator("#resume")).to_contain_text("61 minutes, soit 51 %")
        shot(page, "sequence")
        assert_accessible(page)

        # A logo, declared as the Avise logo.
        page.goto(server.url + "fichiers")
        logo = tmp_path / "Logo Avise.png"
        logo.write_bytes(a_logo())
        page.get_by_label("Fichier à déposer (10 Mo au plus)").first.set_input_files(logo)
        page.get_by_label("Utiliser comme").select_option("avise")
        page.get_by_role("button", name="Déposer", exact=True).first.click()
        expect(
            page.get_by_text("logos/logo-avise.png, et déclaré comme logo de l'Avise")
        ).to_be_visible()
        shot(page, "fichiers")
        assert_accessible(page)
        assert (workspace / "mon-webinaire" / "logos" / "logo-avise.png").read_bytes() == a_logo()

        # The build, its progress polled by the page.
        page.goto(server.url + "construire")
        page.get_by_role("button", name="Construire", exact=True).click()
        expect(page.locator("#issue")).to_be_visible(timeout=300_000)
        expect(page.locator("#issue")).to_contain_text("Construction terminée")
        said = page.locator("#progression").inner_text()
        assert "« Logo DLA »" in said and "« Logo Avise »" not in said  # the uploaded logo is used
        shot(page, "construire")
        assert_accessible(page)
        out = workspace / "mon-webinaire" / "dladocs-out"
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        documents = [a["path"] for a in manifest["artifacts"]]
        assert len(documents) >= 6
        for document in documents:
            expect(page.locator(f'a[href="/sortie/{document}"]')).to_be_visible()

        # The visual report, the same index.html, finds every document.
        page.get_by_role("link", name="Voir le rapport visuel").click()
        expect(page).to_have_url(server.url + "sortie/index.html")
        report = page.content()
        for document in documents:
            assert Path(document).name in report, document
        shot(page, "rapport")

        # A hand-made file dropped on the check page.
        page.goto(server.url + "verifier")
        data = base64.b64encode(a_pdf_without_emblem()).decode("ascii")
        page.evaluate(
            """data => {
                const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "affiche.pdf", {type: "application/pdf"}));
                const zone = document.getElementById("zone-depot");
                zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
            }""",
            data,
        )
        verdict = page.locator("#verdicts .verdict")
        expect(verdict).to_contain_text(
            "affiche.pdf : non conforme", timeout=60_000, ignore_case=True
        )
        expect(verdict.locator("li.page.echec img")).to_have_count(1)
        # And a file the build made: compliant, every page drawn.
        page.get_by_label("Déposez un fichier ici").set_input_files(
            out / next(d for d in documents if d.endswith(".pdf"))
        )
        page.get_by_role("button", name="Vérifier", exact=True).click()
        expect(page.locator("#verdicts .verdict")).to_contain_text("conforme", timeout=60_000)
        expect(page.locator("#verdicts li.page.echec")).to_have_count(0)
        shot(page, "verifier")
        assert_accessible(page)
        page.goto(server.url + "contenus/mon-module")
        page.get_by_label("Texte du module (Markdown)").fill(
            "# Être trouvé en ligne\n\n- Une fiche d'établissement à jour\n- Des horaires et un téléphone exacts\n\n"
            "<!-- Demander qui a déjà une fiche d'établissement. -->\n\n---\n\n# Et vous ?\n\n"
            "- Qu'avez-vous déjà en place ?\n\n<!-- Cinq minutes d'échange dans la discussion écrite. -->\n"
        )
        expect(page.locator("#apercu")).to_contain_text("Aperçu : 2 diapositives")
        expect(page.locator("#apercu .notes").first).to_contain_text(
            "Demander qui a déjà une fiche"
        )
        assert_accessible(page)
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(page.get_by_text("Enregistré dans contenus/mon-module.md.")).to_be_visible()
        assert (
            (workspace / "mon-webinaire" / "contenus" / "mon-module.md")
            .read_text(encoding="utf-8")
            .startswith("# Être trouvé en ligne")
        )
        shot(page, "contenus")
    finally:
        server.stop()
