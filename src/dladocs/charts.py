"""The evaluation charts of the final report, drawn with matplotlib (PNG, 150 dpi).

matplotlib is imported inside the functions and drawn on an Agg canvas of its
own, so nothing here touches pyplot's global state or slows the command line.
The same summary always gives the same bytes.  A chart with nothing to show is
not drawn: the functions return None and the report says « aucune réponse ».
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dladocs.evaluation import SCALE_VALUES, EvaluationSummary, QuestionSummary
from dladocs.images import find_font
from dladocs.typography import NBSP, NNBSP

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["DPI", "chart_height", "choice_chart", "scale_chart"]

DPI = 150  # sharp in print at the report's 16 cm width, and light for LibreOffice
# The documents' body is set in Calibri, which LibreOffice renders with its metric clone
# Carlito: the charts use the same family (LAY-08), Liberation Sans when it is missing.
CHART_FONTS = ("Carlito", "Calibri", "Liberation Sans", "DejaVu Sans")
# The PNG text key that records the chart's font, read back by the layout rule LAY-08.
FONT_KEY = "dladocs:police"

# A diverging orange → purple scale (ColorBrewer PuOr) whose two sides also differ in
# grayscale: the disagreeing side is hatched, so 1 and 5 never look alike when printed.
SCALE_COLOURS = ("#b35806", "#f1a340", "#e0e0e0", "#998ec3", "#542788")
SCALE_HATCHES = ("xxxx", "////", "", "", "")  # 1 and 2 hatched differently, too
SCALE_TEXT = ("#ffffff", "#000000", "#000000", "#000000", "#ffffff")
CHOICE_COLOUR = "#003399"

# Compact enough for seven questions and their legends to fit under a table on an A4 page.
_BAR_HEIGHT_IN = 0.34
_SCALE_FRAME_IN = 0.75
_LEGEND_IN = 0.27
# Segments narrower than this carry their share beside the bar, not inside it.
_INSIDE_MIN = 9.0
_CHOICE_BAR_IN = 0.42
_CHOICE_FRAME_IN = 0.75


def chart_height(kind: str, bars: int, legends: int = 1) -> float:
    """The figure height in inches for ``bars`` bars of a ``scale`` or ``choice`` chart."""
    if kind == "scale":
        return _SCALE_FRAME_IN + _BAR_HEIGHT_IN * bars + _LEGEND_IN * legends
    return _CHOICE_FRAME_IN + _CHOICE_BAR_IN * bars


def _number(value: float, decimals: int = 1) -> str:
    """French decimal comma: 4,25 → « 4,3 »."""
    return f"{value:.{decimals}f}".replace(".", ",")


def _percent(value: float) -> str:
    return f"{round(value):d}{NNBSP}%"


# A template's font and the installed families that draw it (the metric clones).
SAME_DESIGN = {
    "Calibri": ("Calibri", "Carlito"),
    "Carlito": ("Carlito", "Calibri"),
    "Arial": ("Arial", "Liberation Sans"),
    "Helvetica": ("Helvetica", "Liberation Sans"),
}


def _font_family(prefer: str = "") -> str | None:
    from matplotlib import font_manager

    wanted = SAME_DESIGN.get(prefer, (prefer,)) if prefer else ()
    for family in (*wanted, *CHART_FONTS):
        path = find_font(family)
        if path is None:
            continue
        font_manager.fontManager.addfont(str(path))
        bold = find_font(family, bold=True)
        if bold is not None:
            font_manager.fontManager.addfont(str(bold))
        return str(font_manager.FontProperties(fname=str(path)).get_name())
    return None


def _figure(width_in: float, height_in: float) -> tuple[Figure, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _save(figure: Figure, path: Path, family: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata: dict[str, str | None] = {"Software": None}
    if family:
        metadata[FONT_KEY] = family
    figure.savefig(str(path), dpi=DPI, format="png", metadata=metadata)
    return path


def _families(prefer: str = "") -> list[str]:
    """The chart font first, then matplotlib's own DejaVu Sans for any missing glyph."""
    family = _font_family(prefer)
    return [family, "DejaVu Sans"] if family and family != "DejaVu Sans" else ["DejaVu Sans"]


def _label_inches(labels: Sequence[str], width_in: float) -> float:
    """Room for the y labels: about 0.075 in per character at 8.5 pt, within bounds."""
    longest = max((len(line) for label in labels for line in label.splitlines()), default=0)
    return min(max(0.7, 0.2 + 0.075 * longest), 0.42 * width_in)


def scale_chart(
    summary: EvaluationSummary, path: Path, *, width_in: float = 6.3, font: str = ""
) -> Path | None:
    """One horizontal 100 % bar per answered scale question, with its mean; None without answers."""
    import matplotlib as mpl
    from matplotlib.patches import Patch

    rows = [q for q in summary.questions if q.kind == "scale" and q.answered > 0]
    if not rows:
        return None
    scales = _scales(rows)
    height_in = chart_height("scale", len(rows), len(scales))
    families = _families(font)
    with mpl.rc_context({"font.size": 9, "hatch.linewidth": 0.6, "font.family": families}):
        figure, axes = _figure(width_in, height_in)
        labels = [
            "\n".join(textwrap.wrap(q.label, 34)) + f" (n{NBSP}={NBSP}{q.answered})" for q in rows
        ]
        figure.subplots_adjust(
            left=_label_inches(labels, width_in) / width_in,
            right=1 - 0.8 / width_in,
            top=1 - 0.1 / height_in,
            bottom=(0.45 + _LEGEND_IN * len(scales)) / height_in,
        )
        positions = list(range(len(rows)))[::-1]  # the first question on top
        for y, question in zip(positions, rows, strict=True):
            left = 0.0
            for index, key in enumerate(SCALE_VALUES):
                share = 100.0 * question.distribution.get(key, 0) / question.answered
                if share <= 0:
                    continue
                axes.barh(
                    y,
                    share,
                    left=left,
                    height=0.62,
                    color=SCALE_COLOURS[index],
                    hatch=SCALE_HATCHES[index],
                    edgecolor="#ffffff",
                    linewidth=0.8,
                )
                if share < _INSIDE_MIN:
                    # A small segment keeps its label, written just above the bar.
                    axes.text(
                        left + share / 2,
                        y + 0.43,
                        _percent(share),
                        ha="center",
                        va="center",
                        fontsize=6.5,
                        color="#333333",
                    )
                else:
                    axes.text(
                        left + share / 2,
                        y,
                        _percent(share),
                        ha="center",
                        va="center",
                        fontsize=7.5,
                        color=SCALE_TEXT[index],
                        bbox={"boxstyle": "round,pad=0.12", "fc": SCALE_COLOURS[index],
                              "ec": "none"} if SCALE_HATCHES[index] else None,
                    )  # fmt: skip
                left += share
            if question.mean is not None:
                axes.text(
                    101.5,
                    y,
                    f"moy.{NBSP}{_number(question.mean)}",
                    ha="left",
                    va="center",
                    fontsize=8.5,
                    fontweight="bold",
                )
        axes.set_yticks(positions, labels, fontsize=8)
        axes.set_xlim(0, 100)
        axes.set_ylim(-0.6, len(rows) - 0.4)
        axes.set_xticks([0, 25, 50, 75, 100], [_percent(v) for v in (0, 25, 50, 75, 100)])
        axes.tick_params(axis="y", length=0)
        axes.tick_params(axis="x", labelsize=7.5, colors="#333333")
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        # One legend per scale: satisfaction and agreement questions do not share their words.
        for number, (low, high) in enumerate(scales):
            handles = [
                Patch(facecolor=SCALE_COLOURS[i], hatch=SCALE_HATCHES[i], edgecolor="#ffffff",
                      label=_end_label(i + 1, low, high))
                for i in range(5)
            ]  # fmt: skip
            figure.legend(
                handles=handles,
                loc="lower center",
                ncol=5,
                frameon=False,
                fontsize=7,
                bbox_to_anchor=(0.5, (0.02 + _LEGEND_IN * (len(scales) - 1 - number)) / height_in),
                handlelength=1.4,
                columnspacing=1.0,
            )
        return _save(figure, path, families[0])


def _scales(rows: Sequence[QuestionSummary]) -> list[tuple[str, str]]:
    """The distinct (low, high) end labels of the questions shown, in order."""
    pairs: list[tuple[str, str]] = []
    for question in rows:
        pair = (question.low or "", question.high or "")
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def _end_label(note: int, low: str, high: str) -> str:
    """« 1 – Très insatisfait », « 2 »… « 5 – Très satisfait » for one scale."""
    label = low if note == 1 else high if note == 5 else ""
    return f"{note} – {label}" if label else str(note)


def choice_chart(
    question_summary: QuestionSummary, path: Path, *, width_in: float = 6.3
) -> Path | None:
    """One bar per choice (count and share of answers); None without answers."""
    import matplotlib as mpl

    question = question_summary
    if question.kind != "choice" or question.answered <= 0:
        return None
    choices = list(question.choices) or list(question.distribution)
    counts = [question.distribution.get(choice, 0) for choice in choices]
    height_in = chart_height("choice", len(choices))
    families = _families()
    with mpl.rc_context({"font.size": 9, "hatch.linewidth": 0.6, "font.family": families}):
        figure, axes = _figure(width_in, height_in)
        labels = ["\n".join(textwrap.wrap(choice, 28)) for choice in choices]
        figure.subplots_adjust(
            left=_label_inches(labels, width_in) / width_in,
            right=1 - 0.9 / width_in,
            top=1 - 0.15 / height_in,
            bottom=0.45 / height_in,
        )
        positions = list(range(len(choices)))[::-1]
        axes.barh(positions, counts, height=0.6, color=CHOICE_COLOUR)
        top = max(counts) if max(counts) > 0 else 1
        for y, count in zip(positions, counts, strict=True):
            share = 100.0 * count / question.answered
            axes.text(
                count + top * 0.02,
                y,
                f"{count} ({_percent(share)})",
                ha="left",
                va="center",
                fontsize=8.5,
            )
        axes.set_yticks(positions, labels)
        axes.set_xlim(0, top * 1.05)
        axes.set_ylim(-0.6, len(choices) - 0.4)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.tick_params(axis="y", length=0, labelsize=8.5)
        axes.tick_params(axis="x", labelsize=7.5, colors="#333333")
        axes.set_xlabel(f"nombre de réponses (n{NBSP}={NBSP}{question.answered})", fontsize=7.5)
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        return _save(figure, path, families[0])
