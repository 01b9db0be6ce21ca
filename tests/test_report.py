"""The visual build report (index.html): self-contained, one thumbnail per page, failures marked."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from dladocs import report

A4 = (595.28, 841.89)
WIDESCREEN = (960.0, 540.0)


def draw_pdf(path: Path, pages: int, size: tuple[float, float], label: str) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(path), pagesize=size, invariant=True)
    for number in range(1, pages + 1):
        canvas.setFillColorRGB(0, 0.2, 0.6)
        canvas.rect(20, size[1] - 80, 90, 60, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont("Helvetica", 28)
        canvas.drawString(40, size[1] / 2, f"{label} {number}")
        canvas.showPage()
    canvas.save()
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def violation(
    rule: str, kind: str, index: int, message: str, severity: str = "error"
) -> dict[str, Any]:
    return {
        "rule": rule,
        "severity": severity,
        "surface": {"kind": kind, "index": index},
        "message": message,
        "source": "",
    }


def synthetic_build(out: Path) -> dict[str, Any]:
    """A one-region build: report (DOCX + 3-page PDF), deck (PPTX + 2-page PDF), fiche (DOCX only)."""
    region = out / "hauts-de-france"
    region.mkdir(parents=True)
    rapport_pdf = draw_pdf(region / "rapport-final.pdf", 3, A4, "Rapport")
    deck_pdf = draw_pdf(region / "support-webinaire.pdf", 2, WIDESCREEN, "Diapositive")
    office = {}
    for name in ("rapport-final.docx", "support-webinaire.pptx", "fiche-pratique.docx"):
        (region / name).write_bytes(b"PK placeholder " + name.encode())
        office[name] = _sha(region / name)

    def artifact(document: str, fmt: str, name: str, sha: str) -> dict[str, Any]:
        return {
            "document": document,
            "region": "32",
            "format": fmt,
            "path": f"hauts-de-france/{name}",
            "sha256": sha,
            "inputs": "",
        }

    return {
        "artifacts": [
            artifact("rapport", "docx", "rapport-final.docx", office["rapport-final.docx"]),
            artifact("rapport", "pdf", "rapport-final.pdf", _sha(rapport_pdf)),
            artifact("deck", "pptx", "support-webinaire.pptx", office["support-webinaire.pptx"]),
            artifact("deck", "pdf", "support-webinaire.pdf", _sha(deck_pdf)),
            artifact("fiche", "docx", "fiche-pratique.docx", office["fiche-pratique.docx"]),
        ],
        "checks": [
            {
                "path": "hauts-de-france/rapport-final.pdf",
                "status": "fail",
                "violations": [
                    violation(
                        "E21-01", "page", 2, "l'emblème de l'Union européenne manque sur la page 2"
                    )
                ],
            },
            {
                "path": "hauts-de-france/rapport-final.docx",
                "status": "ok",
                "violations": [
                    violation(
                        "E21-08",
                        "header",
                        1,
                        "police de la mention : Calibri n'est pas autorisée",
                        "warning",
                    )
                ],
            },
            {
                "path": "hauts-de-france/support-webinaire.pptx",
                "status": "fail",
                "violations": [
                    violation("E21-11", "slide", 2, "le logo Avise est plus grand que l'emblème")
                ],
            },
            {"path": "hauts-de-france/support-webinaire.pdf", "status": "ok", "violations": []},
            {"path": "hauts-de-france/fiche-pratique.docx", "status": "ok", "violations": []},
        ],
        "warnings": ["la part d'échanges du webinaire est de 30 %"],
    }


class Page(HTMLParser):
    """The parts of index.html the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str]] = []
        self.resources: list[str] = []
        self.pages: list[dict[str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag == "img":
            self.images.append(values)
        if tag in ("img", "script", "iframe", "audio", "video", "source") and "src" in values:
            self.resources.append(values["src"])
        if tag == "link":
            self.resources.append(values.get("href", ""))
        if tag == "li" and "page" in values.get("class", "").split():
            self.pages.append(values)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, str]:
    out = tmp_path / "sortie"
    manifest = synthetic_build(out)
    index = report.write_index(out, manifest)
    return out, index.read_text(encoding="utf-8")


def text_of(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def page_item(html: str, document: str, number: int) -> str:
    """The <li> of one page of one document's thumbnails."""
    section = html[html.index(f'id="doc-32-{document}"') :]
    section = section[: section.index("</section>")]
    match = re.search(rf'<li class="page [^"]*" data-page="{number}".*?</li>', section, re.S)
    assert match, f"{document} page {number}"
    return match.group(0)


def test_index_is_written_atomically_in_the_output_folder(built: tuple[Path, str]) -> None:
    out, html = built
    assert (out / "index.html").is_file()
    assert not list(out.glob(".index.html.tmp-*"))
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in html


def test_index_is_self_contained(built: tuple[Path, str]) -> None:
    _, html = built
    page = parse(html)

    assert page.resources
    assert all(src.startswith("data:image/") for src in page.resources)
    assert "link" not in page.tags
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", html)
    assert "url(" not in html
    assert "@import" not in html


def test_one_small_thumbnail_per_page(built: tuple[Path, str]) -> None:
    _, html = built
    page = parse(html)

    assert len(page.images) == 3 + 2
    for image in page.images:
        data = base64.b64decode(image["src"].split(",", 1)[1])
        with Image.open(io.BytesIO(data)) as thumbnail:
            assert thumbnail.format == "JPEG"
            assert thumbnail.width == report.THUMBNAIL_WIDTH
            assert (thumbnail.width, thumbnail.height) == (
                int(image["width"]),
                int(image["height"]),
            )
    portrait = [i for i in page.images if i["alt"].startswith("Rapport final")]
    landscape = [i for i in page.images if i["alt"].startswith("Support de webinaire")]
    assert all(int(i["height"]) > int(i["width"]) for i in portrait)
    assert all(int(i["height"]) < int(i["width"]) for i in landscape)


def test_a_failing_page_is_marked_with_its_rule(built: tuple[Path, str]) -> None:
    _, html = built

    failing = page_item(html, "rapport", 2)
    assert 'class="page echec"' in failing
    assert "E21-01" in failing
    assert "E21-01 (erreur) : l'emblème de l'Union européenne manque" in text_of(failing)
    assert "non conforme" in text_of(failing)
    for number in (1, 3):
        assert 'class="page conforme"' in page_item(html, "rapport", number)


def test_a_slide_violation_marks_the_page_of_the_deck_pdf(built: tuple[Path, str]) -> None:
    _, html = built

    slide = page_item(html, "deck", 2)
    assert 'class="page echec"' in slide
    assert 'data-regles="E21-11"' in slide
    assert "diapositive 2" in slide
    assert 'class="page conforme"' in page_item(html, "deck", 1)


def test_docx_findings_and_missing_pdfs_are_shown_at_the_document_level(
    built: tuple[Path, str],
) -> None:
    _, html = built

    rapport = html[html.index('id="doc-32-rapport"') : html.index('id="doc-32-deck"')]
    assert "E21-08" in rapport
    assert "section 1 (en-tête et pied de page)" in rapport
    fiche = html[html.index('id="doc-32-fiche"') :]
    fiche = fiche[: fiche.index("</section>")]
    assert "<img" not in fiche
    assert "dladocs build --pdf" in fiche


def test_a_warning_on_many_slides_without_pdf_is_listed_once_with_its_slides(
    tmp_path: Path,
) -> None:
    out = tmp_path / "sortie"
    (out / "hauts-de-france").mkdir(parents=True)
    deck = out / "hauts-de-france" / "support-webinaire.pptx"
    deck.write_bytes(b"PK placeholder")
    placeholder = "le logo Avise est un logo provisoire : remplacez-le"
    # In the order a manifest may hold them: 10 before 2 would read wrong as text.
    slides = [1, 10, 11, 2, 3, 12, 4, 5, 6, 7, 8, 9]
    manifest = {
        "artifacts": [
            {
                "document": "deck",
                "region": "32",
                "format": "pptx",
                "path": "hauts-de-france/support-webinaire.pptx",
                "sha256": _sha(deck),
                "inputs": "",
            }
        ],
        "checks": [
            {
                "path": "hauts-de-france/support-webinaire.pptx",
                "status": "ok",
                "violations": [
                    *(violation("DLA-03", "slide", n, placeholder, "warning") for n in slides),
                    violation("E21-11", "slide", 4, "le logo DLA est plus grand", "warning"),
                    violation("E21-11", "slide", 9, "le logo DLA est plus grand", "warning"),
                ],
            }
        ],
        "warnings": [],
    }

    html = report.write_index(out, manifest).read_text(encoding="utf-8")

    section = html[html.index('id="doc-32-deck"') :]
    items = re.findall(r'<li class="warning">.*?</li>', section[: section.index("</section>")])
    shown = [text_of(item) for item in items]
    assert [line for line in shown if "DLA-03" in line] == [
        f"DLA-03 (recommandation) — support-webinaire.pptx, diapositives 1 à 12 : {placeholder}"
    ]
    assert [line for line in shown if "E21-11" in line] == [
        "E21-11 (recommandation) — support-webinaire.pptx, diapositives 4 et 9 : "
        "le logo DLA est plus grand"
    ]


def test_the_summary_groups_by_region_and_document(built: tuple[Path, str]) -> None:
    _, html = built

    assert "<h2>Hauts-de-France</h2>" in html
    order = [html.index(f'id="doc-32-{d}"') for d in ("rapport", "deck", "fiche")]
    assert order == sorted(order)
    summary = html[
        html.index('<ul class="resume">') : html.index("</ul>", html.index('<ul class="resume">'))
    ]
    text = text_of(summary)
    assert "1 région" in text
    assert "3 documents" in text
    assert "5 pages" in text
    assert "2 pages non conformes" in text
    assert "2 erreurs" in text
    assert "1 recommandation" in text
    assert "la part d'échanges du webinaire est de 30 %" in text_of(html)


def test_thumbnails_are_cached_by_pdf_hash(tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    manifest = synthetic_build(out)
    report.write_index(out, manifest)
    cache = out / ".dladocs-cache" / report.CACHE
    assert len(list(cache.glob("*.json"))) == 2

    draw_pdf(out / "hauts-de-france" / "rapport-final.pdf", 4, A4, "Rapport modifié")
    manifest["artifacts"][1]["sha256"] = _sha(out / "hauts-de-france" / "rapport-final.pdf")
    html = report.write_index(out, manifest).read_text(encoding="utf-8")

    assert len(parse(html).images) == 4 + 2
    assert {p.stem for p in cache.glob("*.json")} == {
        manifest["artifacts"][1]["sha256"],
        manifest["artifacts"][3]["sha256"],
    }


def test_an_unreadable_pdf_is_reported_not_fatal(tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    manifest = synthetic_build(out)
    (out / "hauts-de-france" / "support-webinaire.pdf").write_bytes(b"%PDF-1.7 broken")
    manifest["artifacts"][3]["sha256"] = "0" * 64

    html = report.write_index(out, manifest).read_text(encoding="utf-8")

    assert "Vignettes impossibles" in html
    assert len(parse(html).images) == 3
