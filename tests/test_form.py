"""The fillable evaluation grid: AcroForm fields, EU block on every page, filling it back."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, StreamObject

from dladocs.errors import DladocsError
from dladocs.evaluation import (
    DEFAULT_QUESTIONS,
    Question,
    choice_export_value,
    collect,
)
from dladocs.render.form import FormBand, PdfMetadata, render_form

ONE_CM = 72 / 2.54
EMBLEM_PIXELS = (300, 200)
STATEMENT = (
    "Cette action est cofinancée par le Fonds social européen dans le cadre du programme"
    " opérationnel national « Emploi et Inclusion » 2014-2020."
)


def draw_emblem(path: Path) -> Path:
    """A 3:2 blue rectangle with 12 yellow stars on a ring, as the emblem standards say."""
    width, height = EMBLEM_PIXELS
    image = Image.new("RGB", (width, height), "#003399")
    pen = ImageDraw.Draw(image)
    for k in range(12):
        angle = math.radians(90 - 30 * k)
        cx = 0.75 * height + height / 3 * math.cos(angle)
        cy = 0.5 * height - height / 3 * math.sin(angle)
        outer, inner = height / 18, height / 18 * 0.381966
        points = []
        for j in range(10):
            radius = outer if j % 2 == 0 else inner
            phi = math.radians(90 + 36 * j)
            points.append((cx + radius * math.cos(phi), cy - radius * math.sin(phi)))
        pen.polygon(points, fill="#FFCC00")
    image.save(path)
    return path


@pytest.fixture
def band(tmp_path: Path) -> FormBand:
    wide = tmp_path / "avise.png"
    Image.new("RGB", (800, 200), "#c0392b").save(wide)
    tall = tmp_path / "dla.png"
    Image.new("RGB", (100, 400), "#27ae60").save(tall)
    return FormBand(
        emblem_png=draw_emblem(tmp_path / "emblem.png"),
        eu_lines=("UNION EUROPÉENNE", "Fonds social européen"),
        statement=STATEMENT,
        return_to="diane.vanderstegen@avise.org",
        other_logos=((wide, "Logo de l'Avise"), (tall, "Logo du DLA")),
    )


METADATA = PdfMetadata(
    title="Grille d'évaluation du webinaire",
    author="Avise — CR DLA IAE",
    subject="Évaluation du webinaire « marketing digital » par les participants",
    keywords=("DLA", "IAE", "FSE", "évaluation"),
)


def render(path: Path, band: FormBand, questions: tuple[Question, ...] = DEFAULT_QUESTIONS) -> Path:
    render_form(
        path,
        questions=questions,
        title="Grille d'évaluation du webinaire « Le marketing digital pour les SIAE »",
        subtitle="Webinaire du 26 novembre 2020 — Hauts-de-France",
        band=band,
        metadata=METADATA,
    )
    return path


def drawn_images(reader: PdfReader, page_index: int) -> list[dict[str, Any]]:
    """Every image XObject a page draws, with its displayed size from the CTM."""
    page = reader.pages[page_index]
    xobjects = cast(DictionaryObject, page["/Resources"]).get("/XObject", {})
    stack: list[list[float]] = []
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    found: list[dict[str, Any]] = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = [
                a * A + b * C,
                a * B + b * D,
                c * A + d * C,
                c * B + d * D,
                e * A + f * C + E,
                e * B + f * D + F,
            ]
        elif operator == b"Do":
            xobject = xobjects[operands[0]].get_object()
            if xobject["/Subtype"] == "/Image":
                found.append(
                    {
                        "pixels": (int(xobject["/Width"]), int(xobject["/Height"])),
                        "width": math.hypot(ctm[0], ctm[1]),
                        "height": math.hypot(ctm[2], ctm[3]),
                        "x": ctm[4],
                        "y": ctm[5],
                    }
                )
    return found


def fill(form: Path, out: Path, values: dict[str, str]) -> Path:
    """Fill the form as a PDF viewer would; radio values are names (« /4 »)."""
    writer = PdfWriter(clone_from=form)
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(out)
    return out


# --------------------------------------------------------------------------- fields


def test_every_question_is_a_form_field_named_by_its_id(tmp_path: Path, band: FormBand) -> None:
    fields = PdfReader(render(tmp_path / "grille.pdf", band)).get_fields()
    assert fields is not None
    assert list(fields) == [question.id for question in DEFAULT_QUESTIONS]


def test_scale_questions_are_radio_groups_valued_1_to_5(tmp_path: Path, band: FormBand) -> None:
    fields = PdfReader(render(tmp_path / "grille.pdf", band)).get_fields() or {}
    for question in DEFAULT_QUESTIONS:
        if question.kind != "scale":
            continue
        field = fields[question.id]
        assert field["/FT"] == "/Btn"
        assert int(field["/Ff"]) & (1 << 15), "radio flag"
        assert not int(field["/Ff"]) & (1 << 1), "an anonymous grid requires nothing"
        assert field["/_States_"] == ["/1", "/2", "/3", "/4", "/5"]
        assert field.get("/V") is None


def test_choice_questions_export_slugged_labels(tmp_path: Path, band: FormBand) -> None:
    fields = PdfReader(render(tmp_path / "grille.pdf", band)).get_fields() or {}
    assert fields["ateliers"]["/_States_"] == ["/oui", "/peut-etre", "/non"]
    assert fields["structure_type"]["/_States_"] == [
        "/aci",
        "/ai",
        "/ei",
        "/etti",
        "/eiti",
        "/autre",
        "/ne-souhaite-pas-repondre",
    ]
    assert choice_export_value("Peut-être") == "peut-etre"


def test_text_questions_are_multiline_text_fields(tmp_path: Path, band: FormBand) -> None:
    fields = PdfReader(render(tmp_path / "grille.pdf", band)).get_fields() or {}
    for name in ("premiere_action", "commentaires"):
        assert fields[name]["/FT"] == "/Tx"
        assert int(fields[name]["/Ff"]) & (1 << 12), "multiline flag"
        assert "/MaxLen" not in fields[name]


def test_no_question_is_split_across_pages(tmp_path: Path, band: FormBand) -> None:
    many = tuple(
        replace(question, id=f"{question.id}_{round_}")
        for round_ in range(3)
        for question in DEFAULT_QUESTIONS
    )
    reader = PdfReader(render(tmp_path / "long.pdf", band, many))
    assert len(reader.pages) >= 4
    pages_of: dict[str, set[int]] = {}
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []):
            widget = annotation.get_object()
            name = widget.get("/T") or widget["/Parent"].get_object()["/T"]
            pages_of.setdefault(str(name), set()).add(index)
    assert set(pages_of) == {question.id for question in many}
    assert all(len(pages) == 1 for pages in pages_of.values())


# ------------------------------------------------------------------ EU block, fonts, metadata


def test_every_page_shows_the_emblem_at_least_1_cm_high(tmp_path: Path, band: FormBand) -> None:
    many = DEFAULT_QUESTIONS * 1 + tuple(replace(q, id=f"{q.id}_bis") for q in DEFAULT_QUESTIONS)
    reader = PdfReader(render(tmp_path / "grille.pdf", band, many))
    assert len(reader.pages) >= 3
    for index in range(len(reader.pages)):
        images = drawn_images(reader, index)
        emblems = [image for image in images if image["pixels"] == EMBLEM_PIXELS]
        assert len(emblems) == 1, f"page {index + 1}"
        emblem = emblems[0]
        assert emblem["height"] >= ONE_CM
        assert emblem["width"] / emblem["height"] == pytest.approx(1.5, rel=0.01)
        others = [image for image in images if image["pixels"] != EMBLEM_PIXELS]
        assert len(others) == 2
        assert all(other["height"] <= emblem["height"] + 1e-6 for other in others)


def test_every_page_has_the_eu_text_the_statement_and_its_number(
    tmp_path: Path, band: FormBand
) -> None:
    reader = PdfReader(render(tmp_path / "grille.pdf", band))
    count = len(reader.pages)
    assert count == 2
    for index, page in enumerate(reader.pages, 1):
        text = " ".join(page.extract_text().replace("\u00a0", " ").split())
        assert "UNION EUROPÉENNE" in text
        assert "Fonds social européen" in text
        assert "cofinancée par le Fonds social européen" in text
        assert f"page {index} sur {count}" in text
    first = " ".join(reader.pages[0].extract_text().replace("\u00a0", " ").split())
    # Sent back by e-mail, the file is not anonymous: the grid does not say it is.
    assert "anonyme" not in first
    assert "renvoyez-le à diane.vanderstegen@avise.org" in first


def test_with_an_online_form_the_grid_points_to_it_and_says_it_is_anonymous(
    tmp_path: Path, band: FormBand
) -> None:
    from dataclasses import replace

    online = replace(band, form_url="https://formulaires.example.org/avis")
    reader = PdfReader(render(tmp_path / "grille.pdf", online))
    text = " ".join(
        " ".join(page.extract_text().replace("\u00a0", " ").split()) for page in reader.pages
    )
    assert "Répondez en ligne, à l'adresse https://formulaires.example.org/avis" in text
    assert "vos réponses sont anonymes" in text
    assert "renvoyez-le" not in text


def test_page_fonts_are_embedded_and_not_italic(tmp_path: Path, band: FormBand) -> None:
    reader = PdfReader(render(tmp_path / "grille.pdf", band))
    for page in reader.pages:
        fonts = cast(DictionaryObject, cast(DictionaryObject, page["/Resources"])["/Font"])
        assert fonts
        for reference in fonts.values():
            font = cast(DictionaryObject, reference.get_object())
            name = str(font["/BaseFont"])
            assert re.fullmatch(
                r"/[A-Z]{6}\+(Arial|LiberationSans|Carlito|Calibri)[-A-Za-z]*", name
            ), name
            assert "Italic" not in name and "Oblique" not in name
            descriptor = cast(DictionaryObject, font["/FontDescriptor"].get_object())
            assert "/FontFile2" in descriptor, f"{name} is not embedded"
            assert float(str(descriptor["/ItalicAngle"])) == 0


def test_language_and_document_information(tmp_path: Path, band: FormBand) -> None:
    reader = PdfReader(render(tmp_path / "grille.pdf", band))
    assert str(cast(DictionaryObject, reader.trailer["/Root"])["/Lang"]) == "fr-FR"
    info = reader.metadata
    assert info is not None
    assert info.title == "Grille d'évaluation du webinaire"
    assert info.author == "Avise — CR DLA IAE"
    assert info.subject == METADATA.subject
    assert str(info["/Keywords"]) == "DLA, IAE, FSE, évaluation"


def test_two_renders_are_byte_identical(tmp_path: Path, band: FormBand) -> None:
    first = render(tmp_path / "a.pdf", band).read_bytes()
    second = render(tmp_path / "b.pdf", band).read_bytes()
    assert first == second


def test_missing_emblem_is_a_french_error(tmp_path: Path, band: FormBand) -> None:
    broken = replace(band, emblem_png=tmp_path / "absent.png")
    with pytest.raises(DladocsError, match="emblème"):
        render(tmp_path / "grille.pdf", broken)


def test_a_choice_needs_two_options(tmp_path: Path, band: FormBand) -> None:
    lonely = (Question("seul", "Une seule option ?", "choice", choices=("Oui",)),)
    with pytest.raises(DladocsError, match="deux choix"):
        render(tmp_path / "grille.pdf", band, lonely)


# --------------------------------------------------------------------------- round trip


PARTICIPANTS: list[dict[str, Any]] = [
    {
        "satisfaction": 5,
        "comprehension": 4,
        "pertinence": 5,
        "equilibre": 3,
        "clarte": 4,
        "interactivite": 5,
        "intention": 4,
        "ateliers": "Oui",
        "premiere_action": "Créer une page LinkedIn pour la structure",
        "commentaires": "Très clair, merci !\nPlus d'exemples d'ACI la prochaine fois.",
        "structure_type": "ACI",
    },
    {
        "satisfaction": 2,
        "comprehension": 1,
        "ateliers": "Peut-être",
        "structure_type": "Ne souhaite pas répondre",
    },
    {"commentaires": "Le son coupait par moments."},
    {"satisfaction": 4, "intention": 5, "ateliers": "Non", "premiere_action": "  Newsletter  "},
]


def as_field_values(answers: dict[str, Any]) -> dict[str, str]:
    kinds = {question.id: question for question in DEFAULT_QUESTIONS}
    values: dict[str, str] = {}
    for key, value in answers.items():
        question = kinds[key]
        if question.kind == "scale":
            values[key] = f"/{value}"
        elif question.kind == "choice":
            values[key] = "/" + choice_export_value(value)
        else:
            values[key] = value
    return values


def test_filled_forms_are_read_back_exactly(tmp_path: Path, band: FormBand) -> None:
    form = render(tmp_path / "grille.pdf", band)
    files = [
        fill(form, tmp_path / f"reponse-{index}.pdf", as_field_values(answers))
        for index, answers in enumerate(PARTICIPANTS, 1)
    ]
    collection = collect(files)
    assert collection.problems == []
    assert collection.files == 4
    assert [response.source for response in collection.responses] == files
    assert [response.row for response in collection.responses] == [None] * 4
    expected = [
        {key: value.strip() if isinstance(value, str) else value for key, value in a.items()}
        for a in PARTICIPANTS
    ]
    assert [response.answers for response in collection.responses] == expected


def test_blank_and_foreign_pdfs_are_problems(tmp_path: Path, band: FormBand) -> None:
    from reportlab.pdfgen.canvas import Canvas

    form = render(tmp_path / "grille.pdf", band)
    printed = tmp_path / "imprimee.pdf"
    canvas = Canvas(str(printed))
    canvas.drawString(72, 720, "Grille imprimée en PDF : plus aucun champ")
    canvas.save()
    collection = collect([form, printed])
    assert collection.responses == []
    messages = {problem.file: problem.message for problem in collection.problems}
    assert "aucune réponse" in messages[form]
    assert "aucun champ de la grille" in messages[printed]


def _fonts_in(resources: Any, seen: set[int] | None = None) -> list[Any]:
    """Every font dictionary reachable from a resource dictionary (forms and patterns too)."""
    seen = set() if seen is None else seen
    found = []
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return found
    seen.add(id(resources))
    for font in (resources.get("/Font") or {}).values():
        found.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        found += _fonts_in(xobject.get_object().get("/Resources"), seen)
    return found


def test_the_grid_is_tagged_with_a_form_element_for_every_widget(
    tmp_path: Path, band: FormBand
) -> None:
    reader = PdfReader(render(tmp_path / "grille.pdf", band))
    root = reader.root_object
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    document = root["/StructTreeRoot"]["/K"][0].get_object()
    assert document["/S"] == "/Document"
    roles: list[str] = []
    forms: list[Any] = []

    def walk(element: Any) -> None:
        roles.append(str(element["/S"]))
        for kid in element.get("/K", []):
            kid = kid.get_object()
            if kid.get("/Type") == "/OBJR":
                forms.append(kid["/Obj"].get_object())
            elif kid.get("/Type") == "/StructElem":
                walk(kid)

    walk(document)
    assert roles.count("/H1") == 1 and roles.count("/H2") == len(DEFAULT_QUESTIONS)
    widgets = [
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/Subtype") == "/Widget"
    ]
    # Each widget is in the tags once, through a Form element, and points back to it.
    assert sorted(id(w) for w in forms) == sorted(id(w) for w in widgets)
    tree = dict(zip(*[iter(root["/StructTreeRoot"]["/ParentTree"]["/Nums"])] * 2, strict=True))
    for widget in widgets:
        owner = tree[widget["/StructParent"]].get_object()
        assert owner["/S"] == "/Form"
    # The header and footer repeat on every page: artifacts, outside the tags.
    content = reader.pages[0].get_contents().get_data()
    assert b"/Artifact <</Type /Pagination>> BDC" in content
    assert all(page["/Tabs"] == "/S" for page in reader.pages)


def test_no_unembedded_font_is_drawn_with(tmp_path: Path, band: FormBand) -> None:
    reader = PdfReader(render(tmp_path / "grille.pdf", band))
    fonts = []
    for page in reader.pages:
        fonts += _fonts_in(page.get("/Resources"))
        for annotation in page.get("/Annots", []):
            appearance = annotation.get_object().get("/AP", {}).get("/N")
            target = appearance.get_object() if appearance is not None else None
            streams = [target] if isinstance(target, StreamObject) else []
            if isinstance(target, DictionaryObject) and not streams:
                streams = [v.get_object() for v in target.values()]
            for stream in streams:
                if isinstance(stream, StreamObject):
                    fonts += _fonts_in(stream.get("/Resources"))
    assert fonts
    for font in fonts:
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font
    # The XMP packet says what the information dictionary says.
    xmp = root_xmp(reader)
    assert "<dc:language><rdf:Bag><rdf:li>fr-FR</rdf:li></rdf:Bag></dc:language>" in xmp
    assert "pdfaid" not in xmp  # the fillable grid does not claim PDF/A


def root_xmp(reader: PdfReader) -> str:
    return reader.root_object["/Metadata"].get_object().get_data().decode("utf-8")
