"""Layout rules (LAY-*) on PDFs drawn here with reportlab, never by dladocs's renderers.

Each defect is drawn on purpose (a table leaving one row on the next page, a
lone total, a half-empty page, « Hauts- / de-France » at a line end, the same
sentence twice on a page, a heading alone at the foot of a page) and must be
reported on the right page; a clean document must pass.  The slow test builds
the bundled example with its PDFs, which must pass every LAY rule.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import dladocs
from dladocs.default_plugins.layout import check_pages, empty_ratios
from dladocs.inspect import inspect_file

WIDTH, HEIGHT = 595.0, 842.0  # A4 in points
LEFT, RIGHT = 57.0, 538.0
TOP, BOTTOM = 90.0, 770.0  # the text area, from the top of the page
LINE = 14.0
STATEMENT = (
    "Ce projet est cofinancé par le Fonds social européen dans le cadre du programme "
    "opérationnel national « Emploi et Inclusion » 2014-2020."
)
FILLER = "Le marketing digital aide les structures inclusives à se faire connaître localement."


def pdf(path: Path, pages: list[Callable[[Any], None]]) -> Path:
    """A PDF whose page N is drawn by ``pages[N - 1]`` on a reportlab canvas."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(WIDTH, HEIGHT), invariant=1)
    for number, draw in enumerate(pages, 1):
        draw(canvas)
        footer(canvas, number, len(pages))
        canvas.showPage()
    canvas.save()
    return path


def text(canvas: Any, top: float, words: str, size: float = 11.0, bold: bool = False) -> None:
    canvas.setFont("Helvetica-Bold" if bold else "Helvetica", size)
    canvas.drawString(LEFT, HEIGHT - top - size, words)


def paragraphs(canvas: Any, top: float, bottom: float) -> None:
    y, number = top, 1
    while y + LINE <= bottom:
        text(canvas, y, f"Ligne {number} : {FILLER}")  # each line its own sentence
        y += LINE
        number += 1


def footer(canvas: Any, number: int, count: int) -> None:
    canvas.setFont("Helvetica", 8)
    canvas.drawString(LEFT, HEIGHT - 800, f"Document d'essai — page {number} sur {count}")


def table(canvas: Any, top: float, rows: list[list[str]]) -> float:
    """Rows 20 pt high between horizontal borders; returns the bottom border."""
    y = top
    canvas.setLineWidth(0.8)
    canvas.line(LEFT, HEIGHT - y, RIGHT, HEIGHT - y)
    for index, row in enumerate(rows):
        for column, cell in enumerate(row):
            canvas.setFont("Helvetica-Bold" if index == 0 else "Helvetica", 10)
            canvas.drawString(LEFT + 4 + 180 * column, HEIGHT - y - 14, cell)
        y += 20
        canvas.line(LEFT, HEIGHT - y, RIGHT, HEIGHT - y)
    return y


HEADER = ["Département", "Structures", "Part"]
ROWS = [["Nord (59)", "5", "33 %"], ["Pas-de-Calais (62)", "4", "27 %"],
        ["Aisne (02)", "2", "13 %"], ["Oise (60)", "2", "13 %"], ["Somme (80)", "2", "13 %"]]  # fmt: skip


def findings(path: Path) -> list[tuple[str, int]]:
    from dladocs.inspect._safety import Limits

    inspection = inspect_file(path, Limits())
    return [(v.rule, v.surface.index) for v in check_pages(inspection)]


def test_a_table_leaving_one_row_on_the_next_page(tmp_path: Path) -> None:
    def first(canvas: Any) -> None:
        paragraphs(canvas, TOP, BOTTOM - 5 * 20)
        table(canvas, BOTTOM - 5 * 20, [HEADER, *ROWS[:4]])

    def second(canvas: Any) -> None:
        end = table(canvas, TOP, [HEADER, ROWS[4]])  # the header repeats: it does not count
        paragraphs(canvas, end + 20, BOTTOM)

    found = findings(pdf(tmp_path / "coupe.pdf", [first, second, lambda c: text(c, TOP, FILLER)]))
    assert ("LAY-01", 2) in found


def test_a_total_cut_from_its_lines(tmp_path: Path) -> None:
    def first(canvas: Any) -> None:
        paragraphs(canvas, TOP, BOTTOM - 5 * 20)
        table(canvas, BOTTOM - 5 * 20, [HEADER, *ROWS[:4]])

    def second(canvas: Any) -> None:
        end = table(canvas, TOP, [HEADER, ["Total", "15", "100 %"]])
        paragraphs(canvas, end + 20, BOTTOM)

    found = findings(pdf(tmp_path / "total.pdf", [first, second, lambda c: text(c, TOP, FILLER)]))
    assert ("LAY-02", 2) in found and ("LAY-01", 2) not in found


def test_a_half_empty_page_that_is_not_the_last(tmp_path: Path) -> None:
    def half(canvas: Any) -> None:
        paragraphs(canvas, TOP, TOP + 0.45 * (BOTTOM - TOP))

    def full(canvas: Any) -> None:
        paragraphs(canvas, TOP, BOTTOM)

    path = pdf(tmp_path / "vide.pdf", [full, half, full, half])
    ratios = empty_ratios(inspect_file(path, _limits()))
    assert ratios[2] > 0.5 and ratios[1] < 0.05
    found = findings(path)
    assert ("LAY-04", 2) in found
    assert ("LAY-04", 4) not in found  # the last page may end where it ends


def test_a_compound_place_name_broken_at_its_hyphen(tmp_path: Path) -> None:
    def page(canvas: Any) -> None:
        text(canvas, TOP, "Le webinaire a réuni des structures de toute la région Hauts-")
        text(canvas, TOP + LINE, "de-France, du Nord à la Somme, et des ressourceries.")
        text(canvas, TOP + 3 * LINE, "Appelez-nous pour en savoir plus : le DLA vous répond.")

    found = findings(pdf(tmp_path / "tiret.pdf", [page]))
    assert found == [("LAY-06", 1)]


def test_the_same_statement_twice_on_one_page(tmp_path: Path) -> None:
    def page(canvas: Any) -> None:
        text(canvas, TOP, STATEMENT[:80])
        text(canvas, TOP + LINE, STATEMENT[80:])
        paragraphs(canvas, TOP + 3 * LINE, TOP + 8 * LINE)
        text(canvas, 760, STATEMENT[:80], size=8)
        text(canvas, 770, STATEMENT[80:], size=8)

    found = findings(pdf(tmp_path / "deux-fois.pdf", [page]))
    assert ("LAY-07", 1) in found


def test_a_heading_alone_at_the_foot_of_a_page(tmp_path: Path) -> None:
    def first(canvas: Any) -> None:
        paragraphs(canvas, TOP, BOTTOM - 30)
        text(canvas, BOTTOM - 18, "3. Méthodes", size=16, bold=True)

    def second(canvas: Any) -> None:
        paragraphs(canvas, TOP, BOTTOM)

    found = findings(pdf(tmp_path / "titre.pdf", [first, second, second]))
    assert ("LAY-03", 1) in found


def test_text_past_the_page_edge(tmp_path: Path) -> None:
    def page(canvas: Any) -> None:
        paragraphs(canvas, TOP, TOP + 5 * LINE)
        canvas.setFont("Helvetica", 11)
        canvas.drawString(WIDTH - 60, HEIGHT - 200, "Ce texte sort de la page à droite.")

    found = findings(pdf(tmp_path / "bord.pdf", [page]))
    assert ("LAY-05", 1) in found


def test_a_well_made_document_passes(tmp_path: Path) -> None:
    def full(canvas: Any) -> None:
        text(canvas, TOP, "1. Une partie", size=16, bold=True)
        paragraphs(canvas, TOP + 30, BOTTOM - 8 * 20)
        table(canvas, BOTTOM - 7 * 20, [HEADER, *ROWS])

    def last(canvas: Any) -> None:
        text(canvas, TOP, "2. La suite", size=16, bold=True)
        paragraphs(canvas, TOP + 30, TOP + 200)

    assert findings(pdf(tmp_path / "propre.pdf", [full, full, last])) == []


def test_dladocs_check_reports_layout_as_recommendations(tmp_path: Path) -> None:
    def first(canvas: Any) -> None:
        paragraphs(canvas, TOP, BOTTOM - 5 * 20)
        table(canvas, BOTTOM - 5 * 20, [HEADER, *ROWS[:4]])

    def second(canvas: Any) -> None:
        end = table(canvas, TOP, [HEADER, ROWS[4]])
        paragraphs(canvas, end + 20, TOP + 200)

    def last(canvas: Any) -> None:
        paragraphs(canvas, TOP, BOTTOM)

    path = pdf(tmp_path / "fait-main.pdf", [first, second, last])
    done = subprocess.run(
        [sys.executable, "-m", "dladocs", "check", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    layout = [v for v in report["files"][0]["violations"] if v["rule"].startswith("LAY-")]
    assert {(v["rule"], v["surface"]["index"]) for v in layout} >= {("LAY-01", 2), ("LAY-04", 2)}
    assert all(v["severity"] == "warning" for v in layout)
    assert any("au moins 3 lignes" in v["message"] for v in layout)


def _limits() -> Any:
    from dladocs.inspect._safety import Limits

    return Limits()


@pytest.mark.slow  # builds the example with LibreOffice PDFs
def test_the_example_pdfs_pass_every_layout_rule(tmp_path: Path) -> None:
    import os

    from dladocs.plugins import reset_plugin_manager

    os.environ["DLADOCS_NO_ENTRY_POINTS"] = "1"
    reset_plugin_manager()
    result = dladocs.build(dladocs.load_project(), tmp_path / "sortie", pdf=True)
    assert result.ok
    pdfs = [c for c in result.checks if c.path.suffix == ".pdf"]
    assert {c.path.name for c in pdfs} >= {
        "rapport-final.pdf",
        "fiche-pratique.pdf",
        "resultats-evaluation.pdf",
        "grille-evaluation.pdf",
        "support-webinaire.pdf",
    }
    layout = [(c.path.name, v.rule, v.message) for c in pdfs for v in c.violations]
    assert not [f for f in layout if f[1].startswith("LAY-")], layout
    # No page but a document's last (and the report's cover) more than 40 % empty.
    for name in ("rapport-final.pdf", "fiche-pratique.pdf", "resultats-evaluation.pdf"):
        path = next(tmp_path / "sortie" / c.path for c in pdfs if c.path.name == name)
        ratios = empty_ratios(inspect_file(path, _limits()))
        cover = 1 if name == "rapport-final.pdf" else 0
        assert all(r <= 0.40 for page, r in ratios.items() if cover < page < len(ratios)), name
