"""PDF deliverables: metadata, language, tags, PDF/A, reproducible bytes, the closing dossier."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from dladocs import _soffice
from dladocs.evaluation import DEFAULT_QUESTIONS
from dladocs.plugins import get_documents, get_plugin_manager, get_regions
from dladocs.project import Project, load_project
from dladocs.render import pdf as pdf_render
from dladocs.render._props import DocumentProperties
from dladocs.render.form import FormBand, PdfMetadata, render_form
from dladocs.types import Artifact, DocumentType, Region

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"
TEXT = (
    "Le webinaire a réuni des structures de l'insertion par l'activité économique autour du "
    "marketing digital ; la moitié du temps a été consacrée aux questions des participants. "
)


# --------------------------------------------------------------------------- inputs


def make_docx(path: Path, title: str, sections: int) -> Path:
    """A French DOCX with one heading and one page per section (its headings become bookmarks)."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn

    document = Document()
    document.core_properties.language = "fr-FR"
    for lang in document.styles.element.find(qn("w:docDefaults")).iter(qn("w:lang")):
        lang.set(qn("w:val"), "fr-FR")
    for number in range(sections):
        document.add_heading(f"{number + 1}. {title}", level=1)
        document.add_paragraph(TEXT * 5)
        if number < sections - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.save(str(path))
    return path


def make_pptx(path: Path, slides: int) -> Path:
    from pptx import Presentation

    presentation = Presentation()
    presentation.core_properties.language = "fr-FR"
    for number in range(slides):
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = f"Diapositive {number + 1}"
        slide.placeholders[1].text = TEXT
    presentation.save(str(path))
    return path


def make_grid(path: Path, folder: Path) -> Path:
    emblem = folder / "embleme.png"
    Image.new("RGB", (300, 200), "#003399").save(emblem)
    render_form(
        path,
        questions=DEFAULT_QUESTIONS,
        title="Grille d'évaluation du webinaire",
        subtitle="Le marketing digital pour les SIAE",
        band=FormBand(emblem_png=emblem, eu_lines=("UNION EUROPÉENNE", "Fonds social européen")),
        metadata=PdfMetadata(title="Grille d'évaluation", author="dladocs", subject="test"),
    )
    return path


@dataclass
class Setting:
    project: Project
    region: Region
    documents: dict[str, DocumentType]


@pytest.fixture(scope="module")
def setting() -> Iterator[Setting]:
    from dladocs.plugins import reset_plugin_manager

    reset_plugin_manager()
    pm = get_plugin_manager()
    yield Setting(load_project(EXAMPLE), get_regions(pm)["32"], get_documents(pm))
    reset_plugin_manager()


def convert_and_finish(folder: Path, setting: Setting, *, pdfa: bool) -> dict[str, Path]:
    """The report, deck and fiche of one region, converted in one session and finished."""
    slug = folder / setting.region.slug
    slug.mkdir(parents=True)
    sources = {
        "rapport": make_docx(slug / "rapport-final.docx", "Bilan", 3),
        "deck": make_pptx(slug / "support-webinaire.pptx", 4),
        "fiche": make_docx(slug / "fiche-pratique.docx", "Questions et réponses", 2),
    }
    converted = _soffice.convert(list(sources.values()), pdfa=pdfa)
    pdfs = dict(zip(sources, converted, strict=True))
    for document_id, pdf in pdfs.items():
        pdf_render.finish(
            pdf,
            project=setting.project,
            document=setting.documents[document_id],
            region=setting.region,
        )
    return pdfs


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory, setting: Setting) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("staging")
    pdfs = convert_and_finish(folder, setting, pdfa=False)
    pdfs["grille"] = make_grid(folder / setting.region.slug / "grille-evaluation.pdf", folder)
    return pdfs


def artifacts_for(pdfs: dict[str, Path], staging: Path, region: Region) -> list[Artifact]:
    return [
        Artifact(
            document_id,
            region.code,
            "pdf",
            path.relative_to(staging),
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for document_id, path in pdfs.items()
    ]


@pytest.fixture(scope="module")
def dossier(finished: dict[str, Path], setting: Setting) -> Path:
    staging = finished["rapport"].parents[1]
    made = pdf_render.dossier(
        staging,
        setting.region,
        setting.project,
        artifacts_for(finished, staging, setting.region),
        setting.documents,
    )
    assert made is not None
    return made


def qpdf_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["qpdf", "--check", str(path)], capture_output=True, text=True, check=False
    )


def unembedded_fonts(path: Path) -> list[str]:
    """Base names of the fonts the pages draw with that the file does not embed."""
    missing: list[str] = []

    def walk(resources: Any, seen: set[int]) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            targets = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                if target.get("/Subtype") == "/Type3":
                    continue
                if descriptor is None or not any(
                    key in descriptor.get_object()
                    for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    missing.append(str(font.get("/BaseFont")))
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.idnum in seen:
                continue
            seen.add(xobject.idnum)
            target = xobject.get_object()
            if target.get("/Subtype") == "/Form":
                walk(target.get("/Resources"), seen)

    for page in PdfReader(path).pages:
        walk(page.get("/Resources"), set())
    return missing


def xmp_text(path: Path) -> str:
    metadata = PdfReader(path).root_object.get("/Metadata")
    return metadata.get_object().get_data().decode("utf-8") if metadata is not None else ""


# --------------------------------------------------------------------------- finish()


@pytest.mark.slow  # LibreOffice
@pytest.mark.parametrize("document_id", ["rapport", "deck", "fiche"])
def test_finished_pdfs_carry_the_document_properties(
    finished: dict[str, Path], setting: Setting, document_id: str
) -> None:
    expected = DocumentProperties.for_document(
        setting.documents[document_id], setting.project, setting.region
    )

    seen = pdf_render.identity(finished[document_id])

    assert seen.title == expected.title
    assert seen.title.startswith(setting.documents[document_id].title + " — ")
    assert seen.author == expected.author
    assert seen.subject == expected.subject
    assert seen.keywords == expected.keywords
    assert "marketing digital" in seen.keywords  # not split at spaces as LibreOffice does
    assert seen.language == "fr-FR"
    assert seen.tagged
    reader = PdfReader(finished[document_id])
    assert "/StructTreeRoot" in reader.root_object
    assert reader.root_object["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    when = expected.when.strftime("%Y%m%d")
    assert str(reader.metadata["/CreationDate"]).startswith(f"D:{when}")


@pytest.mark.slow  # LibreOffice
@pytest.mark.parametrize("document_id", ["rapport", "deck", "fiche"])
def test_finished_pdfs_pass_qpdf_and_embed_their_fonts(
    finished: dict[str, Path], document_id: str
) -> None:
    checked = qpdf_check(finished[document_id])

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No syntax or stream encoding errors found" in checked.stdout
    assert unembedded_fonts(finished[document_id]) == []


def test_finish_sets_the_language_when_the_pdf_has_none_or_another(
    tmp_path: Path, setting: Setting
) -> None:
    for lang in (None, "en-US"):
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        if lang:
            writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
        path = tmp_path / f"page-{lang}.pdf"
        writer.write(path)

        pdf_render.finish(
            path,
            project=setting.project,
            document=setting.documents["fiche"],
            region=setting.region,
        )

        assert PdfReader(path).root_object["/Lang"] == "fr-FR"
        assert "pdfaid" not in xmp_text(path)


@pytest.mark.slow  # LibreOffice
def test_pdfa_pdfs_keep_a_consistent_xmp_and_two_builds_give_the_same_bytes(
    tmp_path: Path, setting: Setting
) -> None:
    first = convert_and_finish(tmp_path / "premier", setting, pdfa=True)
    second = convert_and_finish(tmp_path / "second", setting, pdfa=True)

    for document_id, path in first.items():
        assert path.read_bytes() == second[document_id].read_bytes(), document_id
        reader = PdfReader(path)
        info = reader.metadata
        xmp = xmp_text(path)
        assert "<pdfaid:part>2</pdfaid:part>" in xmp
        assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
        assert f'<rdf:li xml:lang="x-default">{_xml(info.title)}</rdf:li>' in xmp
        assert f"<rdf:li>{_xml(info.author)}</rdf:li>" in xmp
        assert f'<rdf:li xml:lang="x-default">{_xml(info.subject)}</rdf:li>' in xmp
        assert f"<pdf:Keywords>{_xml(info['/Keywords'])}</pdf:Keywords>" in xmp
        assert f"<pdf:Producer>{_xml(info['/Producer'])}</pdf:Producer>" in xmp
        assert f"<xmp:CreatorTool>{_xml(info['/Creator'])}</xmp:CreatorTool>" in xmp
        created = info["/CreationDate"]
        match = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\+00'00'", created)
        assert match, created
        y, mo, d, h, mi, s = match.groups()
        assert f"<xmp:CreateDate>{y}-{mo}-{d}T{h}:{mi}:{s}+00:00</xmp:CreateDate>" in xmp
        assert info["/ModDate"] == created
        stream = reader.root_object["/Metadata"].get_object()
        assert stream["/Type"] == "/Metadata" and stream["/Subtype"] == "/XML"
        assert "/Filter" not in stream
        identifier = reader.trailer["/ID"]
        assert identifier[0] == identifier[1]
        assert len(bytes(identifier[0].original_bytes)) == 16
        intent = reader.root_object["/OutputIntents"][0].get_object()
        profile = intent["/DestOutputProfile"].get_object().get_data()
        assert profile[36:40] == b"acsp"
        assert qpdf_check(path).returncode == 0


def test_source_date_epoch_sets_the_dates(
    tmp_path: Path, setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int(dt.datetime(2021, 3, 15, tzinfo=dt.UTC).timestamp()))
    )
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "page.pdf"
    writer.write(path)

    pdf_render.finish(
        path, project=setting.project, document=setting.documents["rapport"], region=setting.region
    )

    assert PdfReader(path).metadata["/CreationDate"].startswith("D:20210315")
    assert "<xmp:CreateDate>2021-03-15T" in xmp_text(path)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- the closing dossier


@pytest.mark.slow  # LibreOffice
def test_dossier_opens_with_the_report_then_the_annexes_with_one_bookmark_each(
    dossier: Path, finished: dict[str, Path]
) -> None:
    seen = pdf_render.identity(dossier)

    assert seen.outline == (
        "Rapport final",
        "Annexe 1 — Support de webinaire",
        "Annexe 2 — Fiche pratique",
        "Annexe 3 — Grille d'évaluation",
    )
    counts = {d: len(PdfReader(p).pages) for d, p in finished.items()}
    assert len(PdfReader(dossier).pages) == sum(counts.values())
    expected_labels = (
        [f"R-{n}" for n in range(1, counts["rapport"] + 1)]
        + [f"A1-{n}" for n in range(1, counts["deck"] + 1)]
        + [f"A2-{n}" for n in range(1, counts["fiche"] + 1)]
        + [f"A3-{n}" for n in range(1, counts["grille"] + 1)]
    )
    assert list(seen.page_labels) == expected_labels
    reader = PdfReader(dossier)
    starts = [
        reader.get_destination_page_number(item)
        for item in reader.outline
        if not isinstance(item, list)
    ]
    assert starts == [
        0,
        counts["rapport"],
        counts["rapport"] + counts["deck"],
        sum(counts.values()) - counts["grille"],
    ]
    # Each document's own bookmarks (the report's headings) are kept under its bookmark.
    nested = reader.outline[1]
    assert isinstance(nested, list)
    assert [item.title for item in nested] == ["1. Bilan", "2. Bilan", "3. Bilan"]


@pytest.mark.slow  # LibreOffice
def test_dossier_metadata_tags_and_qpdf(dossier: Path, setting: Setting) -> None:
    seen = pdf_render.identity(dossier)

    assert seen.title == f"Dossier de clôture — {setting.project.accompaniment.title}"
    assert seen.language == "fr-FR"
    assert seen.pdfa == ""  # the reportlab grid is not PDF/A, so the dossier does not claim it
    checked = qpdf_check(dossier)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tree = PdfReader(dossier).root_object["/StructTreeRoot"]
    document = tree["/K"].get_object()
    assert document["/S"] == "/Document"
    parts = [kid.get_object() for kid in document["/K"]]
    # Every part keeps its tags, one part element each: the fillable grid is tagged too.
    assert [str(part["/T"]) for part in parts] == [
        "Rapport final",
        "Annexe 1 — Support de webinaire",
        "Annexe 2 — Fiche pratique",
        "Annexe 3 — Grille d'évaluation",
    ]
    assert PdfReader(dossier).root_object["/MarkInfo"]["/Marked"] == True  # noqa: E712
    pages = PdfReader(dossier).pages
    keys = [page.get("/StructParents") for page in pages]
    assert None not in keys and keys == sorted(keys) and len(set(keys)) == len(keys)
    # The grid's 57 widgets (9 scales of 5, 3 + 7 choices, 2 text fields) keep their tags.
    widgets = [
        a.get_object()["/StructParent"]
        for page in pages[-2:]
        for a in page.get("/Annots", [])
        if a.get_object().get("/Subtype") == "/Widget"
    ]
    assert len(widgets) == 57 and len(set(widgets) | set(keys)) == len(widgets) + len(keys)
    assert tree["/ParentTreeNextKey"] > max(widgets)


@pytest.mark.slow  # LibreOffice
def test_the_grid_stays_fillable_in_the_dossier(
    dossier: Path, finished: dict[str, Path], tmp_path: Path
) -> None:
    grid_fields = PdfReader(finished["grille"]).get_fields() or {}
    dossier_fields = PdfReader(dossier).get_fields() or {}

    assert grid_fields
    assert set(dossier_fields) == set(grid_fields)
    writer = PdfWriter(clone_from=dossier)
    text_field = next(name for name, field in grid_fields.items() if field.get("/FT") == "/Tx")
    last_pages = writer.pages[-2:]
    for page in last_pages:
        writer.update_page_form_field_values(
            page, {text_field: "Très utile"}, auto_regenerate=False
        )
    filled = tmp_path / "rempli.pdf"
    writer.write(filled)
    assert PdfReader(filled).get_fields()[text_field]["/V"] == "Très utile"


@pytest.mark.slow  # LibreOffice
def test_two_dossiers_of_the_same_parts_are_identical(
    dossier: Path, finished: dict[str, Path], setting: Setting, tmp_path: Path
) -> None:
    staging = tmp_path / "bis"
    copies = {}
    for document_id, path in finished.items():
        target = staging / setting.region.slug / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        copies[document_id] = target

    again = pdf_render.dossier(
        staging,
        setting.region,
        setting.project,
        artifacts_for(copies, staging, setting.region),
        setting.documents,
    )

    assert again is not None
    assert again.read_bytes() == dossier.read_bytes()


@pytest.mark.slow  # LibreOffice
def test_no_report_no_dossier(finished: dict[str, Path], setting: Setting) -> None:
    staging = finished["rapport"].parents[1]
    annexes = {d: p for d, p in finished.items() if d != "rapport"}

    assert (
        pdf_render.dossier(
            staging,
            setting.region,
            setting.project,
            artifacts_for(annexes, staging, setting.region),
            setting.documents,
        )
        is None
    )


@pytest.mark.slow  # LibreOffice
def test_a_dossier_of_pdfa_parts_is_pdfa(tmp_path: Path, setting: Setting) -> None:
    pdfs = convert_and_finish(tmp_path, setting, pdfa=True)

    made = pdf_render.dossier(
        tmp_path,
        setting.region,
        setting.project,
        artifacts_for(pdfs, tmp_path, setting.region),
        setting.documents,
    )

    assert made is not None
    assert pdf_render.identity(made).pdfa == "2B"
    assert "/OutputIntents" in PdfReader(made).root_object
    assert qpdf_check(made).returncode == 0


def test_the_dossier_document_type(setting: Setting) -> None:
    assert pdf_render.DOSSIER.id == "dossier"
    assert pdf_render.DOSSIER.title == "Dossier de clôture"
    assert pdf_render.DOSSIER.formats == ("pdf",)
    assert pdf_render.DOSSIER.communication
    with pytest.raises(Exception, match="dossier de clôture"):
        pdf_render.DOSSIER.context(None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- end to end


@pytest.mark.slow  # LibreOffice: the example built with --pdf
def test_build_with_pdf_on_the_example(tmp_path: Path) -> None:
    from dladocs.pipeline import BuildOptions, build

    out = tmp_path / "sortie"
    result = build(load_project(EXAMPLE), out, BuildOptions(pdf=True, jobs=1))

    assert result.ok, [c.as_json() for c in result.checks if c.status != "ok"]
    folder = out / "hauts-de-france"
    pdfs = sorted(p.name for p in folder.glob("*.pdf"))
    assert pdfs == [
        "attestations-participation.pdf",  # the example carries its attendance export
        "dossier-cloture.pdf",
        "feuille-emargement.pdf",
        "fiche-pratique.pdf",
        "grille-evaluation.pdf",
        "rapport-final.pdf",
        "resultats-evaluation.pdf",
        "support-webinaire.pdf",
    ]
    for name in (
        "rapport-final.pdf",
        "support-webinaire.pdf",
        "fiche-pratique.pdf",
        "dossier-cloture.pdf",
    ):
        assert qpdf_check(folder / name).returncode == 0, name
        seen = pdf_render.identity(folder / name)
        assert seen.language == "fr-FR" and seen.title and seen.author, name
        assert "/StructTreeRoot" in PdfReader(folder / name).root_object, name
    assert pdf_render.identity(folder / "dossier-cloture.pdf").outline[0] == "Rapport final"
    assert PdfReader(folder / "dossier-cloture.pdf").get_fields()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    checked = {c["path"] for c in manifest["checks"]}
    assert {f"hauts-de-france/{name}" for name in pdfs} <= checked
    index = (out / "index.html").read_text(encoding="utf-8")
    pages = sum(len(PdfReader(folder / name).pages) for name in pdfs)
    assert index.count("<img ") == pages


@pytest.mark.slow  # LibreOffice
def test_a_pdfa_build_gives_a_pdfa_dossier_with_the_printable_grid(tmp_path: Path) -> None:
    import dladocs

    result = dladocs.build(dladocs.load_project(), tmp_path / "sortie", pdfa=True)
    assert result.ok
    folder = tmp_path / "sortie" / "hauts-de-france"
    dossier = pdf_render.identity(folder / "dossier-cloture.pdf")
    assert dossier.pdfa == "2B" and dossier.tagged
    # The participants' grid stays fillable (and is not claimed PDF/A)...
    grid = folder / "grille-evaluation.pdf"
    assert pdf_render.identity(grid).pdfa == ""
    assert len(PdfReader(grid).get_fields() or {}) == 13  # one field per question
    # ... while the archive holds the printable grid, converted by LibreOffice: no fields.
    reader = PdfReader(folder / "dossier-cloture.pdf")
    assert not reader.get_fields()
    annex = [label for label in reader.page_labels if label.startswith("A3-")]
    assert annex == ["A3-1", "A3-2"]  # the printable grid's two pages
    assert qpdf_check(folder / "dossier-cloture.pdf").returncode == 0


def test_a_plugins_pypdf_writer_is_stamped_reproducibly(tmp_path: Path) -> None:
    """``stamp`` (for plugins writing PDFs with pypdf): the properties are read back, and
    the same content gives the same bytes, /ID included."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    properties = DocumentProperties(
        title="Annexe du greffon",
        author="Claire Dumont",
        subject="Essai",
        keywords="FSE, fse-2014-2020",
        when=dt.datetime(2020, 11, 26, 12, 0),
        language="fr-FR",
    )
    first = pdf_render.stamp(writer, properties, creator="greffon", producer="greffon 1.0")
    second = pdf_render.stamp(writer, properties, creator="greffon", producer="greffon 1.0")
    assert first == second
    target = tmp_path / "annexe.pdf"
    target.write_bytes(first)
    identity = pdf_render.identity(target)
    assert (identity.title, identity.author, identity.language) == (
        "Annexe du greffon",
        "Claire Dumont",
        "fr-FR",
    )
    assert PdfReader(target).trailer["/ID"][0] == PdfReader(target).trailer["/ID"][1]
