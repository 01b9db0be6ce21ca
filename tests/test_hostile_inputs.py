"""Hostile input given to the real command ends, in time, with a documented exit code.

The cases an outside attack found: long texts against the 255-character
limit of document properties, control characters, absolute answer patterns,
dates past what a ZIP can hold, a bad ``SOURCE_DATE_EPOCH``, FIFOs and
devices where files are expected, huge logos, hostile templates and CSV
files.  Every run goes through :func:`tests._hostile.dladocs` (a child
process, 30 s deadline, no traceback).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document

from _hostile import append_project, dladocs, edit_project, project_copy

FICHE = "hauts-de-france/fiche-pratique.docx"
RAPPORT = "hauts-de-france/rapport-final.docx"
TITLE = 'titre = "Le marketing digital pour les SIAE"'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_copy(tmp_path)


# --------------------------------------------------------------------------- texts and dates


def test_long_texts_fit_the_document_properties(project: Path, tmp_path: Path) -> None:
    title = "Le marketing digital, " * 11 + "pour tous"  # 251 characters
    edit_project(project, TITLE, f'titre = "{title}"')
    edit_project(
        project,
        'secteur = "Insertion par l\'activité économique (IAE)"',
        f'secteur = "{"Économie sociale et solidaire " * 9}"',  # 279 characters
    )
    edit_project(project, 'nom = "Claire Dumont (consultante fictive)"', f'nom = "{"C" * 150}"')
    edit_project(
        project, 'structure = "Atelier Numérique Solidaire (fictif)"', f'structure = "{"S" * 150}"'
    )
    out = tmp_path / "sortie"

    run = dladocs("build", project, "-o", out, "-q")

    assert run.code == 0, run.output
    properties = Document(str(out / RAPPORT)).core_properties
    assert len(properties.title) == 255 and properties.title.endswith("…")
    assert properties.title.startswith("Rapport final — Le marketing digital, ")
    assert len(properties.subject) <= 255 and properties.subject.startswith("Économie sociale")
    assert len(properties.author) == 255


@pytest.mark.parametrize("character", ["\\u0085", "\\u2029", "\\u0090"])
def test_control_and_separator_characters_in_the_title(
    project: Path, tmp_path: Path, character: str
) -> None:
    edit_project(project, TITLE, f'titre = "Le marketing{character} digital"')
    out = tmp_path / "sortie"

    run = dladocs("build", project, "-o", out, "-q", "--only", "deck,fiche")

    assert run.code == 0, run.output
    title = Document(str(out / FICHE)).core_properties.title
    assert "marketing" in title and "\x85" not in title and "\x90" not in title


@pytest.mark.parametrize("year", [2200, 9999])
def test_dates_past_the_zip_range(project: Path, tmp_path: Path, year: int) -> None:
    text = (project / "dladocs.toml").read_text(encoding="utf-8")
    (project / "dladocs.toml").write_text(text.replace("2020-1", f"{year}-1"), encoding="utf-8")
    out = tmp_path / "sortie"

    run = dladocs("build", project, "-o", out, "-q", "--only", "fiche")

    assert run.code == 0, run.output
    assert Document(str(out / FICHE)).core_properties.created.year == year
    with zipfile.ZipFile(out / FICHE) as package:
        assert {info.date_time[0] for info in package.infolist()} == {2107}


@pytest.mark.parametrize("epoch", ["abc", "1e9", "99999999999999", "-5"])
def test_bad_source_date_epoch_is_said(project: Path, tmp_path: Path, epoch: str) -> None:
    run = dladocs(
        "build", project, "-o", tmp_path / "sortie", "-q", env={"SOURCE_DATE_EPOCH": epoch}
    )

    assert run.code == 2, run.output
    assert f"SOURCE_DATE_EPOCH vaut « {epoch} »" in run.output


def test_absolute_answers_pattern(project: Path, tmp_path: Path) -> None:
    pattern = (project / "reponses").resolve().as_posix() + "/*.csv"
    edit_project(project, 'reponses = ["reponses/*.csv"]', f'reponses = ["{pattern}"]')
    out = tmp_path / "sortie"

    run = dladocs("build", project, "-o", out, "-q", "--only", "rapport")

    assert run.code == 0, run.output
    text = "\n".join(p.text for p in Document(str(out / RAPPORT)).paragraphs)
    assert "réponses" in text.lower()


# --------------------------------------------------------------------------- FIFOs and devices


def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def test_fifo_as_answers_file(project: Path, tmp_path: Path) -> None:
    _fifo(project / "reponses" / "tube.csv")
    edit_project(project, 'reponses = ["reponses/*.csv"]', 'reponses = ["reponses/tube.csv"]')

    run = dladocs("build", project, "-o", tmp_path / "sortie", "-q")

    assert run.code == 2, run.output
    assert "tube.csv" in run.output and "pas un fichier ordinaire" in run.output


def test_fifo_matched_by_an_answers_glob(project: Path, tmp_path: Path) -> None:
    _fifo(project / "reponses" / "zz-tube.csv")

    run = dladocs("build", project, "-o", tmp_path / "sortie", "-q")

    assert run.code == 2, run.output
    assert "zz-tube.csv" in run.output and "pas un fichier ordinaire" in run.output


def test_device_as_answers_file(project: Path, tmp_path: Path) -> None:
    (project / "reponses" / "zero.csv").symlink_to("/dev/zero")

    run = dladocs("build", project, "-o", tmp_path / "sortie", "-q")

    assert run.code == 2, run.output
    assert "zero.csv" in run.output


def test_fifo_or_device_as_project_file(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "dladocs.toml")
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    for given in (fifo, zero):
        run = dladocs("build", given, "-o", tmp_path / "sortie", "-q")
        assert run.code == 2, run.output
        assert "le fichier projet" in run.output and "pas un fichier ordinaire" in run.output


def test_evaluation_collect_with_fifo_project_and_answers(project: Path, tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "p.toml")
    answers = _fifo(tmp_path / "tube.csv")

    with_project = dladocs("evaluation", "collect", project / "reponses", "-p", fifo)
    assert with_project.code == 2, with_project.output
    assert "pas un fichier ordinaire" in with_project.output

    with_answers = dladocs("evaluation", "collect", answers, "-o", tmp_path / "e.json")
    assert with_answers.code == 2, with_answers.output
    assert "tube.csv" in with_answers.output and "pas un fichier ordinaire" in with_answers.output


# --------------------------------------------------------------------------- sizes


def _sparse(path: Path, size: int, head: bytes = b"\x89PNG\r\n\x1a\n") -> Path:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


@pytest.mark.parametrize("link", [False, True])
def test_huge_logo_is_refused_before_it_is_read(project: Path, tmp_path: Path, link: bool) -> None:
    big = _sparse(tmp_path / "enorme.png", (10 if link else 2) * 1024**3)
    logo = project / "logo-avise.png"
    if link:
        logo.symlink_to(big)
    else:
        big.rename(logo)
    append_project(project, '[logos]\navise = "logo-avise.png"')

    run = dladocs("build", project, "-o", tmp_path / "sortie", "-q")

    assert run.code == 2, run.output
    assert "logos.avise" in run.output or "avise" in run.output
    assert "au-delà de la limite" in run.output
    assert run.seconds < 15


def test_csv_with_twenty_thousand_unknown_columns(tmp_path: Path) -> None:
    wide = tmp_path / "large.csv"
    header = ",".join(f"colonne inconnue {i}" for i in range(20_000))
    wide.write_text(header + "\n" + ",".join("x" for _ in range(20_000)) + "\n", encoding="utf-8")

    run = dladocs("evaluation", "collect", wide, "-o", tmp_path / "e.json")

    assert run.code == 2, run.output
    assert "20000 colonnes" in run.output
    assert run.seconds < 15


# --------------------------------------------------------------------------- templates


def _template_with(text: str) -> bytes:
    from dladocs.default_plugins.templates import builtin_templates

    document = Document(str(builtin_templates() / "fiche.docx"))
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _replace_member(data: bytes, name: str, content: bytes | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == name and content is not None:
                target.writestr(name, content)
            else:
                target.writestr(info, source.read(info))
    return buffer.getvalue()


def _deep(data: bytes) -> bytes:
    nested = b"<w:p>" * 100_000 + b"</w:p>" * 100_000
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    return _replace_member(
        data, "word/document.xml", xml.replace(b"<w:body>", b"<w:body>" + nested, 1)
    )


def _bomb(data: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package,
        package.open("word/media/bombe.bin", "w", force_zip64=True) as member,
    ):
        block = b"\0" * (1 << 20)
        for _ in range(1024):  # 1 GB once inflated, about 1 MB stored
            member.write(block)
    return buffer.getvalue()


HOSTILE_TEMPLATES = {
    "pas-un-zip": lambda: os.urandom(5000),
    "imbrication": lambda: _deep(_template_with("x")),
    "bombe-zip": lambda: _bomb(_template_with("x")),
    "macro-recursive": lambda: _template_with("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"),
    "multiplication": lambda: _template_with("{{ 'A' * 10**10 }}"),
    "boucles": lambda: _template_with(
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_TEMPLATES))
def test_hostile_template_in_the_project_folder(project: Path, tmp_path: Path, kind: str) -> None:
    folder = project / "modeles"
    folder.mkdir()
    (folder / "fiche.docx").write_bytes(HOSTILE_TEMPLATES[kind]())
    append_project(project, '[modeles]\ndossier = "modeles"')
    out = tmp_path / "sortie"

    run = dladocs("build", project, "-o", out, "-q", "--only", "fiche")

    assert run.code == 2, run.output
    assert "le modèle fiche.docx" in run.output
    assert not (out / FICHE).exists()
