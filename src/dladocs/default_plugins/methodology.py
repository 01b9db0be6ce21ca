"""Checks of the deck's pedagogy: enough exchange time, short slides, no overflowing text.

The cahier des charges asks for about half of the webinar in questions and
answers, and its readers range from very low to good digital familiarity: a
slide with more than about 40 words of body text, or text that overflows its
box, does not serve them.
"""

from __future__ import annotations

from typing import Any

from dladocs.hookspecs import hookimpl
from dladocs.types import DocumentType, Inspection, Rule, SurfaceRef, Violation

SOURCE = "Cahier des charges, « Méthodologie » ; lisibilité des supports (règle dladocs)"
WORDS = Rule("PED-01", "Au plus 40 mots de texte par diapositive (environ)", SOURCE, "D", "warning")
OVERFLOW = Rule("PED-02", "Aucun texte ne déborde de son cadre", SOURCE, "D", "warning")
SHARE = Rule(
    "PED-03", "Environ la moitié du webinaire en échanges (40 % au moins)", SOURCE, "C", "warning"
)
MAX_WORDS = 45
# Shapes dladocs writes that are not body text: the EU wording, sources, titles.
NOT_BODY = ("dladocs:mention-ue", "dladocs:source")


@hookimpl
def dladocs_checks(
    document: DocumentType | None, inspection: Inspection, project: Any
) -> list[Violation]:
    if document is None or document.id != "deck" or inspection.format != "pptx":
        return []
    violations = _slides(inspection)
    if project is not None and project.webinar.interactive_share < 0.4:
        share = round(project.webinar.interactive_share * 100)
        violations.append(
            SHARE.violation(
                SurfaceRef("slide", 1, label="diapositive 1"),
                f"les temps d'échange ne font que {share} % du webinaire : le cahier des charges en demande "
                "environ la moitié ; allongez les parties « interactif » de webinaire.sequence",
            )
        )
    return violations


def _slides(inspection: Inspection) -> list[Violation]:
    from pptx import Presentation

    from dladocs.render import _textfit as tf
    from dladocs.render.pptx import theme_fonts

    violations: list[Violation] = []
    prs = Presentation(str(inspection.path))
    family = theme_fonts(prs).body_font
    for number, slide in enumerate(prs.slides, start=1):
        where = SurfaceRef("slide", number, label=f"diapositive {number}")
        words = 0
        for shape in slide.shapes:
            frames = _frames(shape)
            for frame, width, height in frames:
                if shape.name.startswith(NOT_BODY):
                    continue
                is_title = shape.is_placeholder and shape.placeholder_format.type in (1, 3)
                if not is_title:
                    words += sum(tf.words(p.text) for p in frame.paragraphs)
                overflow = _overflow(frame, width, height, family)
                if overflow:
                    violations.append(
                        OVERFLOW.violation(
                            where,
                            f"le texte « {overflow[:50]}… » dépasse de son cadre : raccourcissez-le",
                        )
                    )
        if words > MAX_WORDS:
            violations.append(
                WORDS.violation(
                    where,
                    f"{words} mots de texte sur la diapositive : au-delà d'une quarantaine, raccourcissez ou répartissez sur deux diapositives",
                )
            )
    return violations


def _frames(shape: Any) -> list[tuple[Any, float, float]]:
    frames = []
    if shape.has_text_frame and shape.text_frame.text.strip():
        frames.append((shape.text_frame, shape.width / 12700, shape.height / 12700))
    if getattr(shape, "has_table", False) and shape.has_table:
        table = shape.table
        for row in table.rows:
            for index, cell in enumerate(row.cells):
                if cell.text_frame.text.strip():
                    frames.append(
                        (cell.text_frame, table.columns[index].width / 12700, row.height / 12700)
                    )
    return frames


def _overflow(frame: Any, width: float, height: float, family: str) -> str:
    """The text of a frame that needs more height than its box, measured with the real font."""
    from dladocs.render import _textfit as tf

    body = frame._txBody.bodyPr
    inset_x = (int(body.get("lIns", 91440)) + int(body.get("rIns", 91440))) / 12700
    inset_y = (int(body.get("tIns", 45720)) + int(body.get("bIns", 45720))) / 12700
    paragraphs = []
    size = None
    for paragraph in frame.paragraphs:
        runs = [r for r in paragraph.runs if r.text]
        if not runs:
            continue
        size = runs[0].font.size.pt if runs[0].font.size is not None else 18.0
        indent = paragraph._p.pPr.get("marL") if paragraph._p.pPr is not None else None
        space = paragraph.space_before.pt if paragraph.space_before is not None else 0.0
        paragraphs.append(
            (
                tf.Paragraph(
                    paragraph.text,
                    bold=bool(runs[0].font.bold),
                    indent=int(indent) / 12700 if indent else 0.0,
                    space_before=space,
                ),
                size,
            )
        )
    if not paragraphs:
        return ""
    needed = 0.0
    for index, (paragraph, psize) in enumerate(paragraphs):
        needed += tf.height([paragraph], width - inset_x, psize, family) + (
            paragraph.space_before if index else 0.0
        )
    if needed > height - inset_y + 1.0:
        return str(frame.text)
    return ""
