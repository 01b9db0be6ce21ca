"""The evaluation loop end to end: the built grid filled in, a spreadsheet export with bad rows,
`dladocs evaluation collect`, and the figures the final report then shows."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from docx import Document
from pypdf import PdfWriter

import dladocs
from dladocs.cli import main
from dladocs.evaluation import csv_columns

NBSP = "\u00a0"


def _fill(form: Path, out: Path, values: dict[str, str]) -> Path:
    """Fill the grid as a PDF viewer does: radio buttons take their export value."""
    writer = PdfWriter(clone_from=form)
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(out)
    return out


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """A Google Forms style export: a timestamp column, question texts as headers, « ; », cp1252."""
    columns = csv_columns()
    texts = [column.split(" — ", 1)[1] for column in columns]
    with path.open("w", encoding="cp1252", errors="replace", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Horodateur", *texts])
        for row in rows:
            writer.writerow(
                ["26/11/2020 16:00:00", *(row.get(c.split(" — ")[0], "") for c in columns)]
            )
    return path


def _report_text(path: Path) -> str:
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    for table in document.tables:
        text += "\n" + "\n".join(" | ".join(c.text for c in row.cells) for row in table.rows)
    return text.replace(NBSP, " ").replace("\u202f", " ")


def test_answers_from_filled_pdfs_and_a_csv_reach_evaluation_json_and_the_report(
    example_dir: Path, tmp_path: Path
) -> None:
    # 1. Build once to get the fillable grid, as participants receive it.
    first = dladocs.build(example_dir / "dladocs.toml", tmp_path / "premier", only=("grille",))
    grid = next(a.path for a in first.artifacts if a.format == "pdf")
    answers = example_dir / "reponses"
    shutil.rmtree(answers)
    answers.mkdir()
    _fill(
        grid,
        answers / "grille-1.pdf",
        {"satisfaction": "/5", "clarte": "/4", "ateliers": "/oui", "commentaires": "Très utile."},
    )
    _fill(
        grid,
        answers / "grille-2.pdf",
        {"satisfaction": "/3", "clarte": "/2", "ateliers": "/peut-etre"},
    )
    _csv(
        answers / "export.csv",
        [
            {"satisfaction": "4 - Satisfait", "clarte": "5", "ateliers": "Oui"},
            {
                "satisfaction": "6",
                "clarte": "3",
                "ateliers": "non",
            },  # 6 is out of range: the rest is kept
            {"satisfaction": "beaucoup", "clarte": "", "commentaires": "Trop court."},
            {},  # sent empty (only the timestamp): not counted, and said
        ],
    )
    project_file = example_dir / "dladocs.toml"
    project_file.write_text(
        project_file.read_text(encoding="utf-8").replace(
            'reponses = ["reponses/*.csv"]', 'reponses = ["reponses/*.pdf", "reponses/*.csv"]'
        ),
        encoding="utf-8",
    )

    # 2. The command writes evaluation.json and reports the bad cells without dropping the rows.
    output = tmp_path / "evaluation.json"
    result = CliRunner().invoke(
        main,
        [
            "evaluation",
            "collect",
            *map(str, sorted(answers.iterdir())),
            "-p",
            str(example_dir),
            "-o",
            str(output),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "5 réponse(s)" in result.output
    assert "export.csv" in result.output and "ligne 3" in result.output
    data: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    assert data["responses"] == 5
    # The grid is filled person by person: 16 people from 15 structures.
    assert data["participants"] == 16
    assert abs(data["response_rate"] - 5 / 16) < 1e-3
    questions = {q["id"]: q for q in data["questions"]}
    # satisfaction: 5, 3 (PDFs), 4 (CSV); 6 and « beaucoup » refused
    assert questions["satisfaction"]["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1}
    assert questions["satisfaction"]["mean"] == 4.0
    assert questions["clarte"]["answered"] == 4 and questions["clarte"]["mean"] == 3.5
    assert questions["ateliers"]["distribution"] == {"Oui": 2, "Peut-être": 1, "Non": 1}
    # In the order of the files given: export.csv, then the two grids.
    assert questions["commentaires"]["answers"] == ["Trop court.", "Très utile."]
    assert len(data["problems"]) == 3
    assert any(
        p["row"] == 5 and "ne contient aucune réponse" in p["message"] for p in data["problems"]
    )

    # 3. The report built from the project shows the same figures.
    built = dladocs.build(project_file, tmp_path / "sortie", only=("rapport",))
    assert built.ok
    report = next(a.path for a in built.artifacts if a.format == "docx")
    text = _report_text(report)
    assert (
        "5 réponses à la grille d'évaluation pour 16 personnes présentes, soit un taux de réponse de 31 %"
        in text
    )
    assert "Satisfaction générale | 3 | 4,0" in text
    assert "Clarté des explications | 4 | 3,5" in text
    assert "Oui : 2" in text and "Peut-être : 1" in text and "Non : 1" in text
    assert "« Très utile. »" in text and "« Trop court. »" in text
    pictures = Document(str(report)).inline_shapes
    assert len(pictures) >= 1  # the chart
    warnings = " ".join(built.warnings)
    assert "export.csv" in warnings and "ligne 3" in warnings


def test_the_evaluation_slide_links_to_the_online_form_with_a_qr_code(
    example_dir: Path, tmp_path: Path
) -> None:
    from pptx import Presentation

    project_file = example_dir / "dladocs.toml"
    text = project_file.read_text(encoding="utf-8")
    start = text.index("\nlien = ")
    end = text.index("\n", start + 1)
    project_file.write_text(
        text[:start] + '\nlien = "https://questionnaire.example.org/webinaire-siae"' + text[end:],
        encoding="utf-8",
    )
    built = dladocs.build(project_file, tmp_path / "sortie", only=("deck",))
    assert built.ok
    deck = Presentation(str(next(a.path for a in built.artifacts)))
    slide = next(
        s
        for s in deck.slides
        if s.shapes.title is not None and s.shapes.title.text == "Votre avis compte"
    )
    text = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    assert "https://questionnaire.example.org/webinaire-siae" in text
    qr = [shape for shape in slide.shapes if shape.name == "dladocs:qr"]
    assert len(qr) == 1
    assert "QR code" in qr[0]._element.nvPicPr.cNvPr.get("descr")
    # A QR code is square and big enough to scan from a shared screen (4 cm at least).
    assert abs(qr[0].width - qr[0].height) < 20000 and qr[0].height > 4 * 360000
