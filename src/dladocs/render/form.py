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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dladocs.errors import DladocsError
from dladocs.evaluation import Question, choice_export_value
from dladocs.render._form_tags import Element, Tagger
from dladocs.render._pdf_text import (
    FONT_FAMILIES,
    TEXT_COLOUR,
    Fonts,
    Style,
    image_size,
    quoted,
    register_fonts,
    text_width,
    wrap,
)
from dladocs.types import POINTS_PER_CM
from dladocs.typography import NBSP, NNBSP

__all__ = ["FONT_FAMILIES", "FormBand", "PdfMetadata", "render_form"]

PAGE_WIDTH = 595.2756  # A4 in points
PAGE_HEIGHT = 841.8898
MARGIN_X = 2.0 * POINTS_PER_CM
MARGIN_TOP = 1.2 * POINTS_PER_CM
MARGIN_BOTTOM = 1.2 * POINTS_PER_CM
EMBLEM_HEIGHT = 1.25 * POINTS_PER_CM  # G-01 asks for 1 cm at least
OTHER_LOGO_MAX_WIDTH = 3.5 * POINTS_PER_CM
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

REFLEX_BLUE = "#003399"
MUTED_COLOUR = "#333333"
FIELD_BORDER = "#4d4d4d"
FIELD_FILL = "#f4f6fb"

INDENT = 20.0
BLOCK_GAP = 16.0
# reportlab draws round radio appearances centred only at its default 20 pt size; 7 mm is
# also a comfortable target for people who rarely use a mouse.
RADIO_SIZE = 20.0
RADIO_STEP = 44.0
END_LABEL_WIDTH = 118.0
TEXT_FIELD_HEIGHT = 78.0
# The funding statement: 9 pt stays above a quarter of the emblem height (E14-11 heuristic).
FOOTER_SIZE = 9.0
FOOTER_LEADING = 11.0

# The grid shares the documents' identity: body text in their family (Calibri, rendered
# with its clone Carlito), headings in their slate blue; only the EU wording keeps the
# fonts and the Reflex Blue its rules allow.
BODY_FAMILIES = ("Carlito", "Calibri", *FONT_FAMILIES)
HEADING_COLOUR = "#24475E"

INTRO = (
    "Merci de prendre 3 minutes pour donner votre avis sur le webinaire. Toutes les questions"
    " sont facultatives.",
    "Pour répondre, cliquez sur un rond ou dans un cadre. Pour les notes de 1 à 5, chaque"
    " question dit ce que veulent dire 1 et 5. Vous pouvez aussi imprimer ces pages et cocher"
    " à la main.",
)
# Said only when the channel is anonymous (an online form that does not ask for a name):
# a file sent back by e-mail carries its sender's address.
ANONYMOUS = f"Le formulaire en ligne ne demande pas votre nom{NBSP}: vos réponses sont anonymes."


@dataclass(frozen=True, slots=True)
class FormBand:
    """What the header and footer of every page show.

    ``eu_lines`` are drawn exactly as given, one per line, beside the emblem
    (the rule set decides the wording, e.g. « UNION EUROPÉENNE » and « Fonds
    social européen »).  ``other_logos`` are (PNG path, alternative text) pairs,
    drawn at the right of the band and never taller than the emblem.
    ``statement`` is the funding statement of the footer; ``return_to`` says
    whom to send the filled form to (an e-mail address, a name…).
    """

    emblem_png: Path
    eu_lines: tuple[str, ...]
    statement: str = ""
    return_to: str = ""
    other_logos: tuple[tuple[Path, str], ...] = ()
    # The page font, the mention's ([sortie] police_mention); None: Arial or Liberation Sans.
    font: str | None = None
    # The online form, when the project has one: then it is the one way to answer.
    form_url: str = ""


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


@dataclass(slots=True)
class _Block:
    """A piece of the page that is never split: its height and how to draw it at a top.

    ``draw(canvas, top, tags)`` draws it and tags what it draws (see :mod:`._form_tags`).
    """

    height: float
    draw: Callable[[Any, float, Tagger], None]
    keep_with_next: bool = False


@dataclass(slots=True)
class _Page:
    blocks: list[tuple[_Block, float]] = field(default_factory=list)


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

    canvas = Canvas(
        str(path),
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
        _finish(path, tags, metadata)
    except OSError as error:
        raise DladocsError(
            f"impossible d'écrire la grille ({error.strerror or error}).", path=path
        ) from error


def _finish(path: Path, tags: Tagger, metadata: PdfMetadata) -> None:
    """Tags, form fonts and the XMP packet, in a second pass with pypdf (reportlab has none).

    Fields keep reportlab's Helvetica as their default appearance font (in the form's
    /DR only): a viewer sets typed text with it; nothing in the file draws with it.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import StreamObject

    from dladocs import _output
    from dladocs.render._form_tags import apply
    from dladocs.render._props import DocumentProperties
    from dladocs.render.pdf import stamp

    writer = PdfWriter(clone_from=PdfReader(path))
    apply(writer, tags)
    # reportlab lists Helvetica in every empty field's appearance, which draws no text:
    # removed there, it stays only in the form's /DR, for the viewer that fills a field.
    for page in writer.pages:
        for annotation in page.get("/Annots", ()):
            appearance = annotation.get_object().get("/AP", {}).get("/N")
            target = appearance.get_object() if appearance is not None else None
            if not isinstance(target, StreamObject):
                continue
            resources = target.get("/Resources")
            if resources is not None and b" Tf" not in target.get_data():
                resources.get_object().pop("/Font", None)
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

    _output.write_atomic(
        path,
        stamp(
            writer,
            properties,
            creator="dladocs",
            producer=f"dladocs {__version__} (reportlab, pypdf)",
        ),
    )


# --------------------------------------------------------------------------- resources


def _y(top: float) -> float:
    """reportlab counts from the bottom of the page; the layout counts from the top."""
    return PAGE_HEIGHT - top


def _lines(
    canvas: Any,
    lines: Sequence[str],
    style: Style,
    x: float,
    top: float,
    *,
    align: str = "left",
    width: float = 0.0,
) -> None:
    """Draw ``lines`` from ``top`` down; the first baseline sits one ascent below ``top``."""
    canvas.setFont(style.font, style.size)
    canvas.setFillColor(style.colour)
    for index, line in enumerate(lines):
        baseline = _y(top + style.size * 0.93 + index * style.leading)
        if align == "right":
            canvas.drawRightString(x + width, baseline, line)
        elif align == "center":
            canvas.drawCentredString(x + width / 2, baseline, line)
        else:
            canvas.drawString(x, baseline, line)


# --------------------------------------------------------------------------- band and footer


def _draw_band(
    canvas: Any,
    fonts: Fonts,
    band: FormBand,
    emblem_size: tuple[float, float],
    logos: Sequence[tuple[Path, str, tuple[float, float]]],
) -> None:
    emblem_width = EMBLEM_HEIGHT * emblem_size[0] / emblem_size[1]
    canvas.drawImage(
        _image(band.emblem_png),
        MARGIN_X,
        _y(MARGIN_TOP + EMBLEM_HEIGHT),
        width=emblem_width,
        height=EMBLEM_HEIGHT,
        mask="auto",
    )
    # E14-10: a clear gap (far more than h/25) between the flag and its text; E14-11: sizes
    # between a quarter and the whole emblem height; E14-09/12: regular or bold, Reflex Blue.
    text_x = MARGIN_X + emblem_width + 0.25 * EMBLEM_HEIGHT
    sizes = [11.0 if index == 0 else 10.0 for index in range(len(band.eu_lines))]
    leading = 12.5
    block_height = leading * (len(sizes) - 1) + (sizes[-1] if sizes else 0.0)
    top = MARGIN_TOP + (EMBLEM_HEIGHT - block_height) / 2
    text_right = text_x
    for index, (line, size) in enumerate(zip(band.eu_lines, sizes, strict=True)):
        font = fonts.bold if index == 0 else fonts.regular
        text = fonts.safe(line)
        style = Style(font, size, leading, REFLEX_BLUE)
        _lines(canvas, [text], style, text_x, top + index * leading)
        text_right = max(text_right, text_x + text_width(text, font, size))

    if logos:
        available = MARGIN_X + CONTENT_WIDTH - (text_right + 18.0)
        gap = 10.0
        drawn: list[tuple[Path, float, float]] = []
        for path, _alt, (width, height) in logos:
            scale = min(EMBLEM_HEIGHT / height, OTHER_LOGO_MAX_WIDTH / width)
            drawn.append((path, width * scale, height * scale))
        total = sum(w for _, w, _ in drawn) + gap * (len(drawn) - 1)
        shrink = min(1.0, max(available, 0.0) / total) if total > 0 else 1.0
        x = MARGIN_X + CONTENT_WIDTH
        for path, width, height in reversed(drawn):
            w, h = width * shrink, height * shrink
            x -= w
            canvas.drawImage(
                _image(path),
                x,
                _y(MARGIN_TOP + (EMBLEM_HEIGHT + h) / 2),
                width=w,
                height=h,
                mask="auto",
            )
            x -= gap


def _image(path: Path) -> Any:
    """The picture for ``drawImage``, read from its bytes.

    Given a file name, reportlab names the image after the name, so the PDF
    would change with the folder the logos are cached in (the output folder):
    read through an ``ImageReader``, it is named after its pixels.
    """
    from reportlab.lib.utils import ImageReader

    return ImageReader(str(path))


def _draw_footer(canvas: Any, fonts: Fonts, lines: Sequence[str], number: int, count: int) -> None:
    height = FOOTER_LEADING * len(lines) + 14.0
    top = PAGE_HEIGHT - MARGIN_BOTTOM - height
    if any(lines):
        _lines(canvas, lines, Style(fonts.regular, FOOTER_SIZE, FOOTER_LEADING), MARGIN_X, top)
    label = f"page{NBSP}{number} sur{NBSP}{count}"  # as the DOCX footers say it
    _lines(
        canvas,
        [label],
        Style(fonts.regular, 8.0, 10.0, MUTED_COLOUR),
        MARGIN_X,
        top + FOOTER_LEADING * len(lines) + 2.0,
        align="right",
        width=CONTENT_WIDTH,
    )


# --------------------------------------------------------------------------- blocks


def _paginate(blocks: Sequence[_Block], top: float, bottom: float) -> list[_Page]:
    pages = [_Page()]
    cursor = top
    for block in blocks:
        if pages[-1].blocks and cursor + block.height > bottom:
            pages.append(_Page())
            cursor = top
        pages[-1].blocks.append((block, cursor))
        cursor += block.height + BLOCK_GAP
    return pages


def _return_sentence(channel: tuple[str, str]) -> str:
    return_to, url = channel
    if url.strip():
        return f"Répondez en ligne, à l'adresse {url.strip()} (le lien est aussi sur le support du webinaire)."
    whom = return_to.strip() or "la personne qui vous l'a envoyé"
    return (
        f"Quand vous avez terminé{NBSP}: enregistrez le fichier rempli (menu Fichier, puis"
        f" Enregistrer) et renvoyez-le à {whom}."
    )


def _intro_block(fonts: Fonts, title: str, subtitle: str, channel: tuple[str, str]) -> _Block:
    title_lines = wrap(fonts.safe(title), fonts.bold, 16.0, CONTENT_WIDTH)
    subtitle_lines = wrap(fonts.safe(subtitle), fonts.regular, 11.0, CONTENT_WIDTH)
    anonymous = [ANONYMOUS] if channel[1].strip() else []
    paragraphs = [*INTRO, *anonymous, _return_sentence(channel)]
    body = [wrap(fonts.safe(p), fonts.regular, 10.0, CONTENT_WIDTH) for p in paragraphs]
    height = (
        19.0 * len(title_lines)
        + (14.0 * len(subtitle_lines) + 6.0 if subtitle.strip() else 0.0)
        + sum(13.0 * len(lines) + 5.0 for lines in body)
        + 4.0
    )

    def draw(canvas: Any, top: float, tags: Tagger) -> None:
        with tags.content(canvas, tags.element("H1")):
            _lines(
                canvas, title_lines, Style(fonts.bold, 16.0, 19.0, HEADING_COLOUR), MARGIN_X, top
            )
        top += 19.0 * len(title_lines) + 2.0
        if subtitle.strip():
            with tags.content(canvas, tags.element("P")):
                _lines(canvas, subtitle_lines, Style(fonts.regular, 11.0, 14.0), MARGIN_X, top)
            top += 14.0 * len(subtitle_lines) + 6.0
        for index, lines in enumerate(body):
            font = fonts.bold if index == len(body) - 1 else fonts.regular
            with tags.content(canvas, tags.element("P")):
                _lines(canvas, lines, Style(font, 10.0, 13.0), MARGIN_X, top)
            top += 13.0 * len(lines) + 5.0

    return _Block(height + 2.0, draw)


def _closing_block(fonts: Fonts, channel: tuple[str, str]) -> _Block:
    text = fonts.safe(f"Merci pour vos réponses{NNBSP}! " + _return_sentence(channel))
    lines = wrap(text, fonts.bold, 10.0, CONTENT_WIDTH)

    def draw(canvas: Any, top: float, tags: Tagger) -> None:
        with tags.content(canvas, tags.element("P")):
            _lines(canvas, lines, Style(fonts.bold, 10.0, 13.0, HEADING_COLOUR), MARGIN_X, top)

    return _Block(13.0 * len(lines), draw)


def _question_block(fonts: Fonts, number: int, question: Question) -> _Block:
    text_width = CONTENT_WIDTH - INDENT
    lines = wrap(fonts.safe(question.text), fonts.bold, 10.5, text_width)
    head = 13.5 * len(lines) + 6.0
    if question.kind == "scale":
        body_height, draw_body = _scale_body(fonts, question)
    elif question.kind == "choice":
        body_height, draw_body = _choice_body(fonts, question, text_width)
    else:
        body_height, draw_body = TEXT_FIELD_HEIGHT, _text_body(question, text_width)

    def draw(canvas: Any, top: float, tags: Tagger) -> None:
        section = tags.element("Div", title=question.label)
        heading = tags.element("H2", section)
        with tags.content(canvas, heading):
            _lines(
                canvas, [f"{number}."], Style(fonts.bold, 10.5, 13.5, HEADING_COLOUR), MARGIN_X, top
            )
            _lines(canvas, lines, Style(fonts.bold, 10.5, 13.5), MARGIN_X + INDENT, top)
        draw_body(canvas, top + head, tags, section)

    return _Block(head + body_height, draw)


def _radio(
    canvas: Any,
    name: str,
    value: str,
    *,
    tooltip: str,
    x: float,
    top: float,
    tags: Tagger,
    parent: Element,
) -> None:
    from reportlab.lib.colors import HexColor

    tags.widget(tags.element("Form", parent), name, value)
    canvas.acroForm.radio(
        name=name,
        value=value,
        tooltip=tooltip,
        selected=False,
        x=x,
        y=_y(top + RADIO_SIZE),
        size=RADIO_SIZE,
        buttonStyle="circle",
        shape="circle",
        borderColor=HexColor(FIELD_BORDER),
        fillColor=HexColor("#ffffff"),
        textColor=HexColor(REFLEX_BLUE),
        borderWidth=1,
        forceBorder=True,
        fieldFlags="noToggleToOff radio",
        annotationFlags="print",
    )


Body = Callable[[Any, float, "Tagger", "Element"], None]


def _scale_body(fonts: Fonts, question: Question) -> tuple[float, Body]:
    size, leading = 8.5, 10.0
    label_style = Style(fonts.regular, size, leading, MUTED_COLOUR)
    number_style = Style(fonts.bold, 9.0, 10.0)
    low = wrap(fonts.safe(question.low), fonts.regular, size, END_LABEL_WIDTH)
    high = wrap(fonts.safe(question.high), fonts.regular, size, END_LABEL_WIDTH)
    numbers_height = 12.0
    label_height = leading * max(len(low), len(high))
    height = numbers_height + max(RADIO_SIZE, label_height) + 4.0

    def draw(canvas: Any, top: float, tags: Tagger, section: Element) -> None:
        x0 = MARGIN_X + INDENT
        radios_x = x0 + END_LABEL_WIDTH + 14.0
        row_top = top + numbers_height
        middle = row_top + RADIO_SIZE / 2
        with tags.content(canvas, tags.element("P", section)):
            for labels, x, align in (
                (low, x0, "right"),
                (high, radios_x + 4 * RADIO_STEP + RADIO_SIZE + 14.0, "left"),
            ):
                label_top = middle - (leading * len(labels)) / 2 + (leading - size) / 2
                _lines(
                    canvas, labels, label_style, x, label_top, align=align, width=END_LABEL_WIDTH
                )
        for index in range(5):
            value = str(index + 1)
            x = radios_x + index * RADIO_STEP
            with tags.artifact(canvas, "Layout"):  # the number repeats the field's own name
                _lines(canvas, [value], number_style, x, top, align="center", width=RADIO_SIZE)
            tooltip = f"{question.label}{NBSP}: {value} sur 5"
            _radio(
                canvas, question.id, value, tooltip=tooltip, x=x, top=row_top, tags=tags,
                parent=section,
            )  # fmt: skip

    return height, draw


def _choice_body(fonts: Fonts, question: Question, width: float) -> tuple[float, Body]:
    size, line_height, gap = 10.0, RADIO_SIZE + 7.0, 22.0
    style = Style(fonts.regular, size, 12.0)
    placed: list[tuple[str, str, float, int]] = []  # label, value, x offset, line
    x, line = 0.0, 0
    for choice in question.choices:
        label = fonts.safe(choice)
        item = RADIO_SIZE + 6.0 + text_width(label, fonts.regular, size)
        if x > 0 and x + item > width:
            x, line = 0.0, line + 1
        placed.append((label, choice_export_value(choice), x, line))
        x += item + gap
    height = line_height * line + RADIO_SIZE

    def draw(canvas: Any, top: float, tags: Tagger, section: Element) -> None:
        x0 = MARGIN_X + INDENT
        for label, value, offset, row in placed:
            row_top = top + row * line_height
            tooltip = f"{question.label}{NBSP}: {label}"
            _radio(
                canvas, question.id, value, tooltip=tooltip, x=x0 + offset, top=row_top,
                tags=tags, parent=section,
            )  # fmt: skip
            label_top = row_top + (RADIO_SIZE - size) / 2
            with tags.content(canvas, tags.element("P", section)):
                _lines(canvas, [label], style, x0 + offset + RADIO_SIZE + 6.0, label_top)

    return height, draw


def _text_body(question: Question, width: float) -> Body:
    def draw(canvas: Any, top: float, tags: Tagger, section: Element) -> None:
        from reportlab.lib.colors import HexColor

        tags.widget(tags.element("Form", section), question.id, "")
        canvas.acroForm.textfield(
            name=question.id,
            tooltip=question.text,
            value="",
            x=MARGIN_X + INDENT,
            y=_y(top + TEXT_FIELD_HEIGHT),
            width=width,
            height=TEXT_FIELD_HEIGHT,
            fontName="Helvetica",
            fontSize=10,
            borderColor=HexColor(FIELD_BORDER),
            fillColor=HexColor(FIELD_FILL),
            textColor=HexColor(TEXT_COLOUR),
            borderWidth=1,
            borderStyle="solid",
            forceBorder=True,
            fieldFlags="multiline",
            annotationFlags="print",
            maxlen=0,
        )

    return draw
