"""The evaluation grid as a fillable PDF (a real AcroForm), drawn with reportlab.

Field names and export values are those documented in :mod:`dladocs.evaluation`:
one field per question, named by its id; scale questions are radio groups with
export values ``"1"`` … ``"5"``; choice questions are radio groups whose export
values are :func:`~dladocs.evaluation.choice_export_value` of the labels; text
questions are multi-line text fields.  No field is required: the form is
anonymous and every question optional.

Every page carries the EU block in a header band (the emblem, at least 1 cm
high, and the lines of :attr:`FormBand.eu_lines` beside it, in an allowed
non-italic font, Reflex Blue) and a footer with the funding statement and
« page N sur M ».  Page text uses an embedded TrueType font, Arial when it is
installed, else Liberation Sans (its metric-compatible substitute, which the
checker reports as a warning).  The field widgets themselves use the standard
Helvetica and ZapfDingbats fonts, the only ones reportlab's AcroForm supports:
viewers render what participants type with their own copy.

Two renders of the same input are byte-identical (reportlab's invariant mode:
no clock, no random document id; the dates are :attr:`PdfMetadata.when`, and
images are named after their pixels, not their path).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dladocs.errors import DladocsError
from dladocs.evaluation import Question
from dladocs.render._form_band import FormBand, _draw_band, _draw_footer
from dladocs.render._form_blocks import (
    ANONYMOUS,
    INTRO,
    Body,
    _closing_block,
    _intro_block,
    _paginate,
    _question_block,
)
from dladocs.render._form_layout import (
    BLOCK_GAP,
    BODY_FAMILIES,
    CONTENT_WIDTH,
    EMBLEM_HEIGHT,
    END_LABEL_WIDTH,
    FIELD_BORDER,
    FIELD_FILL,
    FOOTER_LEADING,
    FOOTER_SIZE,
    HEADING_COLOUR,
    INDENT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED_COLOUR,
    OTHER_LOGO_MAX_WIDTH,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RADIO_SIZE,
    RADIO_STEP,
    REFLEX_BLUE,
    TEXT_FIELD_HEIGHT,
)
from dladocs.render._form_tags import Tagger
from dladocs.render._pdf_text import FONT_FAMILIES, image_size, quoted, register_fonts, wrap
from dladocs.typography import NBSP

# With the renderer's own names, the page's: they were defined here before the grid was
# split by job, and the certificates (dladocs.render.certificates) share the page.
__all__ = [
    "ANONYMOUS",
    "BLOCK_GAP",
    "BODY_FAMILIES",
    "CONTENT_WIDTH",
    "EMBLEM_HEIGHT",
    "END_LABEL_WIDTH",
    "FIELD_BORDER",
    "FIELD_FILL",
    "FONT_FAMILIES",
    "FOOTER_LEADING",
    "FOOTER_SIZE",
    "HEADING_COLOUR",
    "INDENT",
    "INTRO",
    "MARGIN_BOTTOM",
    "MARGIN_TOP",
    "MARGIN_X",
    "MUTED_COLOUR",
    "OTHER_LOGO_MAX_WIDTH",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "RADIO_SIZE",
    "RADIO_STEP",
    "REFLEX_BLUE",
    "TEXT_FIELD_HEIGHT",
    "Body",
    "FormBand",
    "PdfMetadata",
    "render_form",
]


@dataclass(frozen=True, slots=True)
class PdfMetadata:
    """The document information dictionary and the catalog's /Lang."""

    title: str
    author: str
    subject: str
    keywords: str | tuple[str, ...] = ()
    lang: str = "fr-FR"
    # Creation and modification date; None leaves reportlab's invariant one
    # (SOURCE_DATE_EPOCH, else 1 January 2000).  Never the clock.
    when: dt.datetime | None = None


def render_form(
    path: Path,
    *,
    questions: Sequence[Question],
    title: str,
    subtitle: str,
    band: FormBand,
    metadata: PdfMetadata,
) -> None:
    """Write the evaluation grid to ``path`` as a fillable A4 PDF."""
    from reportlab.pdfgen.canvas import Canvas

    if not questions:
        raise DladocsError("la grille d'évaluation n'a aucune question.")
    for question in questions:
        if question.kind == "choice" and len(question.choices) < 2:
            raise DladocsError(
                f"la question «{NBSP}{question.id}{NBSP}» doit proposer au moins deux choix."
            )
    ids = [question.id for question in questions]
    duplicates = sorted({qid for qid in ids if ids.count(qid) > 1})
    if duplicates:
        raise DladocsError(
            f"plusieurs questions portent le même identifiant{NBSP}: {', '.join(duplicates)}."
        )
    fonts = register_fonts(band.font)
    try:
        body = register_fonts(families=BODY_FAMILIES)
    except DladocsError:
        body = fonts
    emblem_size = image_size(band.emblem_png, "l'emblème de l'Union européenne")
    logos = [(p, alt, image_size(p, f"le logo {quoted(alt)}")) for p, alt in band.other_logos]

    drawn = io.BytesIO()  # reportlab's pass stays in memory: the second pass writes the file
    canvas = Canvas(
        drawn,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        invariant=1,
        lang=metadata.lang,
        # Without this reportlab opens every page with Helvetica, an unembedded font.
        initialFontName=fonts.regular,
        initialFontSize=10,
        pageCompression=1,
    )
    canvas.setTitle(metadata.title)
    canvas.setAuthor(metadata.author)
    canvas.setSubject(metadata.subject)
    keywords = metadata.keywords
    canvas.setKeywords(keywords if isinstance(keywords, str) else ", ".join(keywords))
    canvas.setCreator("dladocs")
    if metadata.when is not None:
        stamp = metadata.when.strftime("D:%Y%m%d%H%M%S+00'00'")
        canvas.setDateFormatter(lambda *_parts: stamp)
    canvas.setViewerPreference("DisplayDocTitle", "true")

    footer_lines = wrap(body.safe(band.statement), body.regular, FOOTER_SIZE, CONTENT_WIDTH)
    footer_height = FOOTER_LEADING * len(footer_lines) + 14.0
    content_top = MARGIN_TOP + EMBLEM_HEIGHT + 22.0
    content_bottom = PAGE_HEIGHT - MARGIN_BOTTOM - footer_height - 14.0

    channel = (band.return_to, band.form_url)
    blocks = [_intro_block(body, title, subtitle, channel)]
    blocks += [_question_block(body, number, q) for number, q in enumerate(questions, 1)]
    blocks.append(_closing_block(body, channel))
    pages = _paginate(blocks, content_top, content_bottom)

    tags = Tagger()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for number, page in enumerate(pages, 1):
            tags.new_page()
            # The band and the footer repeat on every page: artifacts for a screen reader.
            with tags.artifact(canvas):
                _draw_band(canvas, fonts, band, emblem_size, logos)
                _draw_footer(canvas, body, footer_lines, number, len(pages))
            for block, top in page.blocks:
                block.draw(canvas, top, tags)
            canvas.showPage()
        canvas.save()
        _finish(path, drawn.getvalue(), tags, metadata)
    except OSError as error:
        raise DladocsError(
            f"impossible d'écrire la grille ({error.strerror or error}).", path=path
        ) from error


def _finish(path: Path, drawn: bytes, tags: Tagger, metadata: PdfMetadata) -> None:
    """Tags, form fonts and the XMP packet, in a second pass with pikepdf (reportlab has none).

    Fields keep reportlab's Helvetica as their default appearance font (in the form's
    /DR only): a viewer sets typed text with it; nothing in the file draws with it.
    """
    import pikepdf

    from dladocs import _output
    from dladocs.render._form_tags import apply
    from dladocs.render._pdf_stamp import Stamp
    from dladocs.render._props import DocumentProperties

    pdf = pikepdf.open(io.BytesIO(drawn))
    apply(pdf, tags)
    # reportlab lists Helvetica in every empty field's appearance, which draws no text:
    # removed there, it stays only in the form's /DR, for the viewer that fills a field.
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots") or ():
            appearance = annotation.get("/AP")
            target = appearance.get("/N") if appearance is not None else None
            if not isinstance(target, pikepdf.Stream):
                continue
            resources = target.get("/Resources")
            if resources is not None and "/Font" in resources and b" Tf" not in target.read_bytes():
                del resources["/Font"]
    keywords = metadata.keywords
    properties = DocumentProperties(
        title=metadata.title,
        author=metadata.author,
        subject=metadata.subject,
        keywords=keywords if isinstance(keywords, str) else ", ".join(keywords),
        when=metadata.when or dt.datetime(2000, 1, 1),
        language=metadata.lang,
    )
    from dladocs._version import __version__

    with pdf:
        data = Stamp(
            properties,
            creator="dladocs",
            producer=f"dladocs {__version__} (reportlab, pikepdf)",
            pdfa=None,
        ).write(pdf)
    _output.write_atomic(path, data)
