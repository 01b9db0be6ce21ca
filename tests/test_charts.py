"""The evaluation charts of the final report."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from dladocs.charts import DPI, FONT_KEY, chart_height, choice_chart, scale_chart
from dladocs.evaluation import (
    DEFAULT_QUESTIONS,
    Collection,
    EvaluationSummary,
    Response,
    summarise,
)

SCALES = [question.id for question in DEFAULT_QUESTIONS if question.kind == "scale"]


def summary_of(*answers: dict[str, int | str]) -> EvaluationSummary:
    collection = Collection(
        responses=[Response(Path("r.pdf"), None, a) for a in answers], files=len(answers)
    )
    return summarise(collection, participants=20)


def sample() -> EvaluationSummary:
    rows: list[dict[str, int | str]] = []
    for index in range(13):
        answers: dict[str, int | str] = {
            qid: 1 + (index + shift) % 5 for shift, qid in enumerate(SCALES)
        }
        answers["ateliers"] = ("Oui", "Oui", "Peut-être", "Non")[index % 4]
        rows.append(answers)
    return summary_of(*rows)


def test_scale_chart_is_a_png_at_the_declared_dpi_and_report_width(tmp_path: Path) -> None:
    path = scale_chart(sample(), tmp_path / "echelles.png")
    assert path == tmp_path / "echelles.png"
    with Image.open(path) as image:
        assert image.format == "PNG"
        width, height = image.size
        assert abs(width - 6.3 * DPI) <= 1
        assert abs(height - chart_height("scale", len(SCALES), 2) * DPI) <= 1
        assert round(image.info["dpi"][0]) == DPI
        assert "Software" not in image.info
        # Not a blank picture: the five answer colours are there.
        colours = {colour for _, colour in image.convert("RGB").getcolors(1 << 20) or []}
        assert (0xB3, 0x58, 0x06) in colours and (0x54, 0x27, 0x88) in colours


def test_scale_chart_skips_unanswered_questions(tmp_path: Path) -> None:
    summary = summary_of({"satisfaction": 4}, {"satisfaction": 5, "clarte": 2})
    path = scale_chart(summary, tmp_path / "deux.png", width_in=5.0)
    assert path is not None
    with Image.open(path) as image:
        width, height = image.size
        assert width == 5 * DPI
        # Two questions, two scales (satisfaction, agreement): two legends.
        assert (
            abs(height - chart_height("scale", 2, 2) * DPI) <= 1
        )  # matplotlib truncates half pixels


def test_scale_chart_is_set_in_the_documents_family_and_says_so(tmp_path: Path) -> None:
    path = scale_chart(sample(), tmp_path / "police.png")
    assert path is not None
    with Image.open(path) as image:
        # The body of the documents is Calibri, rendered with Carlito (LAY-08 reads this).
        assert image.info[FONT_KEY] in ("Carlito", "Calibri")


def test_one_legend_per_scale_makes_room_for_each(tmp_path: Path) -> None:
    agreement = summary_of({"clarte": 4}, {"clarte": 2, "pertinence": 5})
    both = summary_of({"clarte": 4, "satisfaction": 5}, {"clarte": 2, "pertinence": 5})
    one = scale_chart(agreement, tmp_path / "un.png")
    two = scale_chart(both, tmp_path / "deux.png")
    assert one is not None and two is not None
    with Image.open(one) as first, Image.open(two) as second:
        extra = second.size[1] - first.size[1]
    # One more bar and one more legend row than the agreement-only chart.
    assert abs(extra - (chart_height("scale", 3, 2) - chart_height("scale", 2, 1)) * DPI) <= 2


def test_charts_are_deterministic(tmp_path: Path) -> None:
    summary = sample()
    first = scale_chart(summary, tmp_path / "a.png")
    second = scale_chart(summary, tmp_path / "b.png")
    assert first is not None and second is not None
    assert first.read_bytes() == second.read_bytes()
    one = choice_chart(summary.question("ateliers"), tmp_path / "c.png")
    two = choice_chart(summary.question("ateliers"), tmp_path / "d.png")
    assert one is not None and two is not None
    assert one.read_bytes() == two.read_bytes()


def test_different_answers_draw_a_different_chart(tmp_path: Path) -> None:
    first = scale_chart(summary_of({"satisfaction": 5}), tmp_path / "a.png")
    second = scale_chart(summary_of({"satisfaction": 1}), tmp_path / "b.png")
    assert first is not None and second is not None
    assert first.read_bytes() != second.read_bytes()


def test_choice_chart_for_the_workshops(tmp_path: Path) -> None:
    path = choice_chart(sample().question("ateliers"), tmp_path / "ateliers.png")
    assert path is not None
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (round(6.3 * DPI), round(chart_height("choice", 3) * DPI))


def test_no_answers_no_chart(tmp_path: Path) -> None:
    empty = summary_of()
    assert scale_chart(empty, tmp_path / "vide.png") is None
    assert choice_chart(empty.question("ateliers"), tmp_path / "vide2.png") is None
    assert choice_chart(sample().question("satisfaction"), tmp_path / "pas-un-choix.png") is None
    assert not (tmp_path / "vide.png").exists()
    assert not (tmp_path / "vide2.png").exists()
