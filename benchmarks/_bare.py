"""The bare baseline of ``benchmarks/run.py``: the example's documents written with the libraries alone.

A script that already has dladocs' data (its contexts, recorded before timing)
would spend this much in docxtpl, python-pptx, matplotlib and reportlab to write
the same files: the same slides with the same blocks (text, lists, tables,
pictures, diagrams as boxes and arrows, cards, polls, sources, notes), the same
band (the emblem, the EU lines, the logos) on every slide, the same DOCX, chart,
grid and certificates.  What it leaves out is dladocs' own work: planning,
fitting text to its box, laying blocks out, checking every page.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

CONTEXTS: dict[str, Any] = {}
SUMMARY: list[Any] = []
TEMPLATES = Path()


def capture_contexts(project: Any) -> None:
    """Record the contexts dladocs builds, for the bare baseline (not timed)."""
    global TEMPLATES
    from dladocs.default_plugins.templates import builtin_templates
    from dladocs.hookspecs import hookimpl
    from dladocs.plugins import get_plugin_manager

    TEMPLATES = builtin_templates()
    from dladocs.evaluation import collect, summarise

    SUMMARY.append(summarise(collect(project.response_files()), participants=15))

    keep = Path(tempfile.mkdtemp(prefix="dladocs-bench-images-"))

    def durable(value: Any) -> Any:
        """Charts and QR codes live in the build's scratch folder: keep a copy for the baseline."""
        from dataclasses import replace

        from dladocs.types import ImageRef

        if isinstance(value, ImageRef):
            target = keep / f"{len(list(keep.iterdir()))}-{value.path.name}"
            shutil.copyfile(value.path, target)
            return replace(value, path=target)
        if isinstance(value, dict):
            return {k: durable(v) for k, v in value.items()}
        if isinstance(value, list):
            return [durable(v) for v in value]
        return value

    class Recorder:
        @hookimpl(trylast=True)
        def dladocs_context(
            self, document: Any, project: Any, region: Any, context: dict[str, Any]
        ) -> None:
            key = "deck" if document.id == "deck" else f"{document.id}.docx"
            CONTEXTS[key] = durable(dict(context))

    pm = get_plugin_manager()
    pm.register(Recorder(), name="benchmark-recorder")
    import dladocs

    with tempfile.TemporaryDirectory() as folder:
        dladocs.build(project, Path(folder) / "sortie")
    pm.unregister(name="benchmark-recorder")


def render(folder: Path) -> None:
    """Every document of the example into ``folder``, with the libraries alone."""
    for name, context in CONTEXTS.items():
        if name == "attestations.docx":
            _certificates(context, folder)
        elif name.endswith(".docx"):
            _docx(name, context, folder)
    _deck(CONTEXTS["deck"], folder / "deck.pptx")
    # The report's chart is drawn with matplotlib: a bare script would draw it too.
    from dladocs.charts import scale_chart

    scale_chart(SUMMARY[0], folder / "graphique.png")
    _grid(CONTEXTS["deck"]["bandeau"], folder / "grille.pdf")


def _docx(name: str, context: dict[str, Any], folder: Path) -> None:
    import jinja2
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage, RichText

    template = DocxTemplate(str(TEMPLATES / name))

    def images(value: Any) -> Any:
        from dladocs.types import ImageRef

        if isinstance(value, ImageRef):
            return InlineImage(template, str(value.path), height=Mm(value.height_mm or 12))
        if isinstance(value, dict):
            return {k: images(v) for k, v in value.items()}
        if isinstance(value, list):
            return [images(v) for v in value]
        return value

    # The templates' links ({{r x|lien }}) need a filter: a bare script would write one too.
    env = jinja2.Environment(autoescape=True)
    env.filters["lien"] = lambda url: RichText(
        str(url), url_id=template.build_url_id(str(url)), underline=True
    )
    template.render(images(context), jinja_env=env, autoescape=True)
    template.save(str(folder / name))


# --------------------------------------------------------------------------- the deck

_LEFT, _WIDTH = 457_200, 8_229_600  # 0.5 in margins on a 10 in slide (EMU)
_ROW = 380_000


def _deck(deck: dict[str, Any], target: Path) -> None:
    from pptx import Presentation

    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for spec in deck["slides"]:
        slide = prs.slides.add_slide(layouts[spec["layout"]])
        if slide.shapes.title is not None:
            slide.shapes.title.text = spec["title"]
        top = 1_400_000
        subtitle = spec.get("subtitle")
        if subtitle:
            lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
            top = _textbox(slide, top, lines, size=16)
        for block in spec.get("body", []):
            top = _block(slide, block, top)
        if spec.get("source"):
            _textbox(slide, 5_700_000, [spec["source"]], size=9)
        if spec.get("badge"):
            _textbox(slide, 300_000, [str(spec["badge"])], size=10, left=7_000_000, width=1_600_000)
        _band(slide, deck["bandeau"])
        slide.notes_slide.notes_text_frame.text = spec.get("notes", "")
    prs.save(str(target))


def _block(slide: Any, block: dict[str, Any], top: int) -> int:
    """One block of a slide at ``top``, stacked under the previous: the new top."""
    if block.get("lead"):
        top = _textbox(slide, top, [block["lead"]], size=16)
    draw = {
        "bullets": lambda: _textbox(slide, top, block["items"], 18, block.get("levels")),
        "text": lambda: _textbox(slide, top, [block["text"]], 18),
        "image": lambda: _image(slide, block["ref"], top),
        "table": lambda: _table(slide, block, top),
        "diagram": lambda: _boxes(slide, block["labels"], top, arrows=True),
        "cards": lambda: _boxes(slide, [f"{i['value']}\n{i['text']}" for i in block["items"]], top),
        "checklist": lambda: _textbox(slide, top, [f"\u2610 {i}" for i in block["items"]], 16),
        "poll": lambda: _textbox(
            slide,
            top,
            [block["question"], *(f"{chr(65 + n)}. {o}" for n, o in enumerate(block["options"]))],
            16,
        ),
        "sections": lambda: _sections(slide, block["sections"], top),
    }.get(block.get("kind", ""))
    if draw is None:
        raise ValueError(f"a block the bare baseline does not draw: {block.get('kind')}")
    return draw()


def _image(slide: Any, ref: Any, top: int) -> int:
    picture = slide.shapes.add_picture(str(ref.path), _LEFT, top, height=2_400_000)
    picture.name = ref.name or picture.name
    return top + 2_450_000


def _sections(slide: Any, sections: list[dict[str, Any]], top: int) -> int:
    width = _WIDTH // max(1, len(sections))
    bottom = top
    for column, section in enumerate(sections):
        lines = [section["heading"], *section.get("paragraphs", [])]
        lines += [item["text"] for item in section.get("items", [])]
        left = _LEFT + column * width
        bottom = max(bottom, _textbox(slide, top, lines, 16, left=left, width=width))
    return bottom


def _textbox(
    slide: Any,
    top: int,
    lines: list[str],
    size: int,
    levels: list[int] | None = None,
    left: int = _LEFT,
    width: int = _WIDTH,
) -> int:
    from pptx.util import Pt

    height = _ROW * max(1, len(lines))
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = str(line)
        paragraph.level = (levels or [0] * len(lines))[number]
        paragraph.font.size = Pt(size)
    return top + height


def _table(slide: Any, block: dict[str, Any], top: int) -> int:
    from pptx.util import Pt

    rows = [block["header"], *block["rows"]]
    height = 300_000 * len(rows)
    table = slide.shapes.add_table(len(rows), len(rows[0]), _LEFT, top, _WIDTH, height).table
    for column, share in enumerate(block.get("widths") or []):
        table.columns[column].width = int(_WIDTH * share)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = str(value)
            cell.text_frame.paragraphs[0].font.size = Pt(12)
    return top + height


def _boxes(slide: Any, labels: list[str], top: int, arrows: bool = False) -> int:
    """Labels in rounded boxes side by side, joined by arrows for a diagram."""
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.util import Pt

    gap = 150_000
    width = (_WIDTH - gap * (len(labels) - 1)) // max(1, len(labels))
    height = 1_300_000
    for number, label in enumerate(labels):
        left = _LEFT + number * (width + gap)
        box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
        box.text_frame.word_wrap = True
        box.text_frame.text = str(label)
        for paragraph in box.text_frame.paragraphs:
            paragraph.font.size = Pt(13)
        if arrows and number:
            line = slide.shapes.add_connector(
                MSO_CONNECTOR.STRAIGHT, left - gap, top + height // 2, left, top + height // 2
            )
            line.line.width = Pt(2)
    return top + height + gap


def _band(slide: Any, band: dict[str, Any]) -> None:
    """The emblem with the EU lines beside it, then the logos, along the bottom of the slide."""
    from pptx.util import Emu, Pt

    emblem = band["embleme"]
    slide.shapes.add_picture(str(emblem.path), Emu(400_000), Emu(6_150_000), height=Emu(450_000))
    lines = slide.shapes.add_textbox(Emu(1_150_000), Emu(6_150_000), Emu(2_000_000), Emu(450_000))
    lines.text_frame.text = "\n".join(band["lignes_ue"])
    for paragraph in lines.text_frame.paragraphs:
        paragraph.font.size = Pt(9)
    for index, ref in enumerate(band["logos"]):
        slide.shapes.add_picture(
            str(ref.path), Emu(3_400_000 + index * 1_400_000), Emu(6_150_000), height=Emu(450_000)
        )


# --------------------------------------------------------------------------- PDFs


def _grid(band: dict[str, Any], target: Path) -> None:
    from dladocs.evaluation import DEFAULT_QUESTIONS
    from dladocs.render import form
    from dladocs.render.form import FormBand, PdfMetadata, render_form

    # reportlab alone: dladocs' second pass (tags, XMP) is its own work, not the baseline's.
    finish, form._finish = form._finish, lambda path, drawn, *rest: path.write_bytes(drawn)
    try:
        render_form(
            target,
            questions=DEFAULT_QUESTIONS,
            title="Grille",
            subtitle="",
            band=FormBand(emblem_png=band["embleme"].path, eu_lines=tuple(band["lignes_ue"])),
            metadata=PdfMetadata(title="Grille", author="", subject=""),
        )
    finally:
        form._finish = finish


def _certificates(context: dict[str, Any], folder: Path) -> None:
    """The certificates as a reportlab script would draw them: one page per person, combined
    and one file each, the emblem and the statement on every page (no template, no check)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    emblem = str(context["bandeau"]["embleme"].path)

    def page(canvas: Any, person: dict[str, Any]) -> None:
        canvas.drawImage(emblem, 50, 760, width=60, height=40)
        canvas.setFont("Helvetica-Bold", 18)
        canvas.drawString(50, 700, "Attestation de participation")
        canvas.setFont("Helvetica", 11)
        lines = [person["nom"], *person["lignes"], str(context.get("mention_fse", ""))]
        for number, line in enumerate(lines):
            canvas.drawString(50, 660 - 16 * number, str(line)[:110])
        canvas.showPage()

    combined = Canvas(str(folder / "attestations.pdf"), pagesize=A4)
    for person in context["attestations"]:
        page(combined, person)
        alone = Canvas(str(folder / person["fichier"]), pagesize=A4)
        page(alone, person)
        alone.save()
    combined.save()
