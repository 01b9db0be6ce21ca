"""Content is data, never code: project text comes out literally in every format.

A project whose texts hold Jinja syntax, markup, entities, an XML closing tag,
control characters and emoji is built once; each deliverable is reopened with
the library a reader's software would use (python-docx, python-pptx, pypdf)
and must show the text as typed.  The only changes allowed are the two that
dladocs documents: French spacing before « : ; ! ? » in running text, and the
removal of the characters XML cannot hold (control characters, U+FFFE).  The
fillable PDF's embedded font has no emoji: they print as « ? » there, and stay
intact in its metadata.

Templates are code, and run in a sandbox: an undefined variable, a forbidden
attribute or a runaway loop ends the build with exit code 2 and a French
message naming the template, never a traceback, and never runs anything.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import jinja2
import pytest
from click.testing import CliRunner, Result
from docx import Document
from pptx import Presentation
from pypdf import PdfReader

from dladocs.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"
TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "dladocs" / "templates"

# As written in dladocs.toml: TOML forbids raw control characters in strings, not their escapes.
PAYLOAD_TOML = (
    r"{{ titre }} {% for x in y %}X{% endfor %} <b>gras</b> &amp; a & b </w:t> "
    r"c\u0001d\u000Be\u0000f\u007F\uFFFEg 🙂🇪🇺"
)
# What must come out: the same text, without the five characters XML cannot hold.
RAW = "{{ titre }} {% for x in y %}X{% endfor %} <b>gras</b> &amp; a & b </w:t> cdefg 🙂🇪🇺"
# In running text French spacing applies: a narrow no-break space before « ; », a no-break space before « : ».
TYPESET = RAW.replace("&amp;", "&amp\u202f;").replace("</w:t>", "</w\u00a0:t>")
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]|_x00[0-9A-Fa-f]{2}_")
ORGANISATION = "Atelier Numérique Solidaire (fictif)"


def _write_project(folder: Path) -> Path:
    shutil.copytree(EXAMPLE, folder)
    path = folder / "dladocs.toml"
    text = path.read_text(encoding="utf-8")
    replacements = {
        'titre = "Le marketing digital pour les SIAE"': f'titre = "Titre {PAYLOAD_TOML}"',
        'nom = "Claire Dumont (consultante fictive)"': f'nom = "Claire {PAYLOAD_TOML}"',
        'retour = "claire.dumont@example.org"': f'retour = "Retour {PAYLOAD_TOML}"',
        # Without an online form, the grid goes back by e-mail and says to whom (« retour »).
        'lien = "https://formulaires.example.org/webinaire-marketing-digital-siae"': 'lien = ""',
    }
    for old, new in replacements.items():
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    # The first question, its answer and the first part of the sequence, whatever they say.
    for pattern, value in (
        (r'(?m)^question = ".*"$', f'question = "Question {PAYLOAD_TOML}"'),
        (r'(?m)^reponse = ".*"$', f'reponse = "Réponse {PAYLOAD_TOML}"'),
        (
            r'(?m)(^\[\[webinaire\.sequence\]\]\n)titre = ".*"$',
            f'titre = "Partie {PAYLOAD_TOML}"',
        ),
    ):
        # A function, not a template: the payload's backslashes stay as typed.
        text, count = re.subn(
            pattern, lambda m, v=value: (m.group(1) if m.re.groups else "") + v, text, count=1
        )
        assert count == 1, pattern
    assert f"Réponse {PAYLOAD_TOML}" in text
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from dladocs.plugins import reset_plugin_manager

    os.environ["DLADOCS_NO_ENTRY_POINTS"] = "1"
    reset_plugin_manager()
    root = tmp_path_factory.mktemp("contenu")
    project = _write_project(root / "projet")
    out = root / "sortie"
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    region = out / "hauts-de-france"
    return {
        "fiche": region / "fiche-pratique.docx",
        "rapport": region / "rapport-final.docx",
        "grille": region / "grille-evaluation.docx",
        "deck": region / "support-webinaire.pptx",
        "formulaire": region / "grille-evaluation.pdf",
    }


def _docx_texts(path: Path) -> list[str]:
    document = Document(str(path))
    texts: list[str] = []

    def walk(container: Any) -> None:
        texts.extend(paragraph.text for paragraph in container.paragraphs)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(document)
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
        ):
            walk(part)
    return texts


def _pptx_texts(path: Path) -> list[str]:
    texts: list[str] = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.extend(paragraph.text for paragraph in shape.text_frame.paragraphs)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        if slide.has_notes_slide:
            texts.extend(slide.notes_slide.notes_text_frame.text.split("\n"))
    return texts


def _contains(texts: list[str], expected: str) -> bool:
    return any(expected in text for text in texts)


@pytest.mark.parametrize(
    ("document", "labels"),
    [
        ("fiche", ["Titre", "Question", "Réponse"]),
        ("rapport", ["Titre", "Claire", "Partie"]),
        ("grille", ["Titre", "Retour"]),
    ],
)
def test_docx_shows_project_text_literally(
    built: dict[str, Path], document: str, labels: list[str]
) -> None:
    texts = _docx_texts(built[document])
    for label in labels:
        assert _contains(texts, f"{label} {TYPESET}"), (
            f"{label} is missing or altered in {document}"
        )
    assert not any(FORBIDDEN.search(text) for text in texts)


@pytest.mark.parametrize("document", ["fiche", "rapport", "grille"])
def test_docx_xml_holds_markup_as_escaped_text(built: dict[str, Path], document: str) -> None:
    xml = zipfile.ZipFile(built[document]).read("word/document.xml").decode("utf-8")
    assert "<b>gras" not in xml  # no element injected
    assert "&lt;b&gt;gras&lt;/b&gt;" in xml
    assert "&amp;amp" in xml  # « &amp; » typed by the user, escaped once by the XML
    assert "{{ titre }}" in xml and "{% for x in y %}" in xml  # shown, not evaluated


@pytest.mark.parametrize("document", ["fiche", "rapport", "grille"])
def test_docx_properties_hold_the_text(built: dict[str, Path], document: str) -> None:
    properties = Document(str(built[document])).core_properties
    assert properties.author == f"Claire {RAW}, {ORGANISATION}"
    assert properties.title.endswith(f" — Titre {TYPESET}")


def test_pptx_shows_project_text_literally(built: dict[str, Path]) -> None:
    texts = _pptx_texts(built["deck"])
    assert _contains(texts, f"Titre {TYPESET}")
    assert _contains(texts, f"Partie {TYPESET}")
    assert _contains(texts, f"Claire {TYPESET}")
    assert not any(FORBIDDEN.search(text) for text in texts)
    presentation = Presentation(str(built["deck"]))
    assert presentation.core_properties.author == f"Claire {RAW}, {ORGANISATION}"


def test_fillable_pdf_shows_project_text_literally(built: dict[str, Path]) -> None:
    reader = PdfReader(built["formulaire"])
    text = " ".join(page.extract_text() for page in reader.pages)

    def spaced(value: str) -> str:  # line breaks and no-break spaces are layout, not content
        return re.sub(r"[\s\u00a0\u202f]+", " ", value)

    # The embedded font has no emoji: each of the three code points prints as « ? ».
    assert spaced(f"Titre {TYPESET}".replace("🙂🇪🇺", "???")) in spaced(text)
    # The address to return the form to is printed as given (no French spacing: it may be an e-mail).
    assert spaced(f"Retour {RAW}".replace("🙂🇪🇺", "???")) in spaced(text)
    assert not FORBIDDEN.search(text)
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.author == f"Claire {RAW}, {ORGANISATION}"
    assert metadata.title == f"Grille d'évaluation — Titre {TYPESET}"


# --------------------------------------------------------------------------- templates are sandboxed


def _project_with_template(tmp_path: Path, tag: str) -> tuple[Path, Path]:
    project = tmp_path / "projet"
    shutil.copytree(EXAMPLE, project)
    (project / "modeles").mkdir()
    template = Document(str(TEMPLATES / "fiche.docx"))
    template.add_paragraph(tag)
    template.save(str(project / "modeles" / "fiche.docx"))
    with (project / "dladocs.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[modeles]\ndossier = "modeles"\n')
    return project, tmp_path / "sortie"


def _build_fiche(project: Path, out: Path) -> Result:
    return CliRunner().invoke(
        main, ["build", str(project), "-o", str(out), "--only", "fiche", "--quiet"]
    )


def _assert_refused(result: Result, out: Path, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Erreur : ")
    assert "fiche.docx" in result.output  # the template is named
    for fragment in fragments:
        assert fragment in result.output, result.output
    assert not (out / "hauts-de-france" / "fiche-pratique.docx").exists()
    assert not (out / "manifest.json").exists()


def test_undefined_variable_names_the_template_and_the_variable(tmp_path: Path) -> None:
    project, out = _project_with_template(tmp_path, "{{ variable_inconnue }}")
    result = _build_fiche(project, out)
    _assert_refused(result, out, "« variable_inconnue »", "variable que dladocs ne fournit pas")


def test_missing_attribute_names_the_attribute(tmp_path: Path) -> None:
    project, out = _project_with_template(tmp_path, "{{ consultant.inexistant }}")
    result = _build_fiche(project, out)
    _assert_refused(result, out, "« inexistant »")


@pytest.mark.parametrize(
    "tag",
    [
        "{{ ''.__class__.__mro__ }}",
        "{% for c in ''.__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
        "{{ '{0.__class__}'.format(titre) }}",
    ],
)
def test_sandbox_refuses_python_internals(tmp_path: Path, tag: str) -> None:
    project, out = _project_with_template(tmp_path, tag)
    result = _build_fiche(project, out)
    _assert_refused(result, out, "bac à sable", "interdit", "« __class__ »")


def test_sandbox_runs_no_code_that_an_ordinary_jinja_would_run(tmp_path: Path) -> None:
    marker = tmp_path / "intrusion"
    tag = "{{ cycler.__init__.__globals__.os.mkdir('" + str(marker) + "') }}"
    # The control: outside the sandbox this template does create the folder.
    jinja2.Environment(autoescape=True).from_string(tag).render()
    assert marker.is_dir()
    marker.rmdir()
    project, out = _project_with_template(tmp_path, tag)
    result = _build_fiche(project, out)
    _assert_refused(result, out, "bac à sable", "« __init__ »")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("tag", "fragment"),
    [
        ("{% for i in range(10**9) %}x{% endfor %}", "OverflowError"),
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
        ("{% for x in %}", "balise invalide"),
    ],
)
def test_runaway_or_broken_templates_end_with_a_message(
    tmp_path: Path, tag: str, fragment: str
) -> None:
    project, out = _project_with_template(tmp_path, tag)
    result = _build_fiche(project, out)
    _assert_refused(result, out, fragment)
