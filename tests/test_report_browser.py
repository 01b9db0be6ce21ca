"""index.html as a person sees it: opened in headless Chromium (the distribution's package)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from dladocs import report

# A browser per module: the slow run.
pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
A4 = (595.28, 841.89)
WIDESCREEN = (960.0, 540.0)


def draw_pdf(path: Path, pages: int, size: tuple[float, float]) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(path), pagesize=size, invariant=True)
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 30)
        canvas.drawString(40, size[1] / 2, f"Page {number}")
        canvas.showPage()
    canvas.save()
    return path


def entry(document: str, fmt: str, path: Path, out: Path) -> dict[str, Any]:
    return {
        "document": document,
        "region": "32",
        "format": fmt,
        "path": path.relative_to(out).as_posix(),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


def synthetic_build(out: Path) -> tuple[dict[str, Any], int]:
    """A report of 3 pages (page 2 fails E21-01) and a deck of 4 slides (slide 3 fails E21-11)."""
    folder = out / "hauts-de-france"
    rapport = draw_pdf(folder / "rapport-final.pdf", 3, A4)
    deck = draw_pdf(folder / "support-webinaire.pdf", 4, WIDESCREEN)
    pptx = folder / "support-webinaire.pptx"
    pptx.write_bytes(b"PK")
    manifest = {
        "artifacts": [
            entry("rapport", "pdf", rapport, out),
            entry("deck", "pptx", pptx, out),
            entry("deck", "pdf", deck, out),
        ],
        "checks": [
            {
                "path": "hauts-de-france/rapport-final.pdf",
                "status": "fail",
                "violations": [
                    {
                        "rule": "E21-01",
                        "severity": "error",
                        "surface": {"kind": "page", "index": 2},
                        "message": "l'emblème de l'Union européenne manque",
                    }
                ],
            },
            {
                "path": "hauts-de-france/support-webinaire.pptx",
                "status": "fail",
                "violations": [
                    {
                        "rule": "E21-11",
                        "severity": "error",
                        "surface": {"kind": "slide", "index": 3},
                        "message": "le logo Avise est plus grand que l'emblème",
                    }
                ],
            },
            {"path": "hauts-de-france/support-webinaire.pdf", "status": "ok", "violations": []},
        ],
        "warnings": [],
    }
    return manifest, 3 + 4


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def index(tmp_path: Path) -> tuple[Path, int]:
    out = tmp_path / "sortie"
    manifest, pages = synthetic_build(out)
    return report.write_index(out, manifest), pages


def open_page(browser: Browser, index: Path, *, javascript: bool = True) -> tuple[Page, list[str]]:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(index.as_uri())
    page.wait_for_load_state("load")
    return page, requests


def test_every_page_is_a_decoded_thumbnail_and_nothing_is_fetched(
    browser: Browser, index: tuple[Path, int]
) -> None:
    path, pages = index
    page, requests = open_page(browser, path)

    images = page.locator("img")
    assert images.count() == pages
    sizes = page.evaluate(
        "[...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
    )
    assert all(complete and width > 0 and height > 0 for complete, width, height in sizes)
    assert all(images.nth(n).is_visible() for n in range(pages))
    # Only the page itself: images are data: URIs, style and script are inline.
    assert [url for url in requests if not url.startswith("data:")] == [path.as_uri()]


def test_failing_pages_show_their_rule(browser: Browser, index: tuple[Path, int]) -> None:
    path, _ = index
    page, _ = open_page(browser, path)

    failing = page.locator("li.page.echec")
    assert failing.count() == 2
    report_page = page.locator("#doc-32-rapport li.page.echec")
    assert report_page.get_attribute("data-page") == "2"
    assert "E21-01" in report_page.inner_text()
    assert "non conforme" in report_page.inner_text()
    slide = page.locator("#doc-32-deck li.page.echec")
    assert slide.get_attribute("data-page") == "3"
    assert "E21-11" in slide.inner_text()
    assert "E21-11" in slide.locator("img").get_attribute("alt")
    assert "2 pages non conformes" in " ".join(page.locator(".resume").inner_text().split())


def test_the_filter_hides_compliant_pages_and_brings_them_back(
    browser: Browser, index: tuple[Path, int]
) -> None:
    path, pages = index
    page, _ = open_page(browser, path)
    compliant = page.locator("li.page.conforme")
    assert compliant.count() == pages - 2
    toggle = page.get_by_label("N'afficher que les pages non conformes")
    assert toggle.is_visible()

    toggle.check()

    assert all(not compliant.nth(n).is_visible() for n in range(compliant.count()))
    assert page.locator("li.page.echec").nth(0).is_visible()
    assert page.locator("li.page.echec").nth(1).is_visible()
    visible = page.evaluate("[...document.images].filter(i => i.offsetParent !== null).length")
    assert visible == 2

    toggle.uncheck()

    assert all(compliant.nth(n).is_visible() for n in range(compliant.count()))


def test_without_javascript_everything_is_shown_and_the_filter_is_not(
    browser: Browser, index: tuple[Path, int]
) -> None:
    path, pages = index
    page, _ = open_page(browser, path, javascript=False)

    images = page.locator("img")
    assert images.count() == pages
    assert all(images.nth(n).is_visible() for n in range(pages))
    assert not page.locator(".filtre").is_visible()
    assert "E21-01" in page.locator("#doc-32-rapport").inner_text()
