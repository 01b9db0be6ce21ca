"""Reproducible builds: the same project gives the same bytes, whenever and wherever it is built.

The example is built into two folders, seconds apart: every DOCX, PPTX and
PDF has the same SHA-256, and so do the manifest and the HTML report.  No
date comes from the clock: archive entries, document properties and PDF
dates all carry the document date (12:00 on the day), which is the project's
unless ``SOURCE_DATE_EPOCH`` is set.  Changing ``SOURCE_DATE_EPOCH`` alone
rebuilds the documents with the new date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pptx import Presentation
from pypdf import PdfReader

from dladocs.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"
REGION = "hauts-de-france"
# The example has no « date_documents »: its documents are dated from the debriefing.
EXAMPLE_DAY = dt.datetime(2020, 12, 3, 12, 0)
EPOCH = 1_700_000_000  # 14 November 2023, 22:13:20 UTC
EPOCH_DAY = dt.datetime(2023, 11, 14, 12, 0)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _deliverables(out: Path) -> dict[str, str]:
    return {
        path.relative_to(out).as_posix(): _sha(path)
        for path in sorted((out / REGION).iterdir())
        if path.suffix in (".docx", ".pptx", ".pdf")
    }


def _build(project: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(out), "--quiet", *extra])
    assert result.exit_code == 0, result.output


def _assert_dated(out: Path, day: dt.datetime) -> None:
    """Every date inside every file is ``day``: nothing from the clock."""
    for path in (out / REGION).iterdir():
        if path.suffix in (".docx", ".pptx"):
            with zipfile.ZipFile(path) as archive:
                stamps = {info.date_time for info in archive.infolist()}
            assert stamps == {(day.year, day.month, day.day, 12, 0, 0)}, path.name
            properties = (
                Document(str(path)).core_properties
                if path.suffix == ".docx"
                else Presentation(str(path)).core_properties
            )
            for value in (properties.created, properties.modified, properties.last_printed):
                assert value is not None and value.replace(tzinfo=None) == day, path.name
        elif path.suffix == ".pdf":
            metadata = PdfReader(path).metadata
            assert metadata is not None
            expected = day.strftime("D:%Y%m%d%H%M%S")
            assert str(metadata["/CreationDate"]).startswith(expected), path.name
            assert str(metadata["/ModDate"]).startswith(expected), path.name


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = tmp_path / "projet"
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_example_builds_to_identical_bytes_in_two_folders(project: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "premier", tmp_path / "second"
    _build(project, first)
    time.sleep(2.1)  # another second, another two-second tick of the zip clock
    _build(project, second)

    files = _deliverables(first)
    assert sorted(files) == [
        f"{REGION}/attestations-participation.pdf",  # from the example's presence.json
        f"{REGION}/feuille-emargement.docx",
        f"{REGION}/fiche-pratique.docx",
        f"{REGION}/grille-evaluation.docx",
        f"{REGION}/grille-evaluation.pdf",
        f"{REGION}/rapport-final.docx",
        f"{REGION}/resultats-evaluation.docx",
        f"{REGION}/support-webinaire.pptx",
    ]
    assert _deliverables(second) == files
    assert (first / "manifest.json").read_bytes() == (second / "manifest.json").read_bytes()
    assert (first / "index.html").read_bytes() == (second / "index.html").read_bytes()
    today = dt.date.today().isoformat()
    assert today not in (first / "manifest.json").read_text(encoding="utf-8")
    _assert_dated(first, EXAMPLE_DAY)


@pytest.mark.slow  # LibreOffice
def test_pdf_builds_are_identical_too(project: Path, tmp_path: Path) -> None:
    """With --pdf: the PDFs LibreOffice makes and the closing dossier that merges them."""
    first, second = tmp_path / "premier", tmp_path / "second"
    _build(project, first, "--pdf")
    time.sleep(2.1)
    _build(project, second, "--pdf")

    files = _deliverables(first)
    pdfs = sorted(name for name in files if name.endswith(".pdf"))
    assert pdfs == [
        f"{REGION}/attestations-participation.pdf",  # from the example's presence.json
        f"{REGION}/dossier-cloture.pdf",
        f"{REGION}/feuille-emargement.pdf",
        f"{REGION}/fiche-pratique.pdf",
        f"{REGION}/grille-evaluation.pdf",
        f"{REGION}/rapport-final.pdf",
        f"{REGION}/resultats-evaluation.pdf",
        f"{REGION}/support-webinaire.pdf",
    ]
    assert _deliverables(second) == files
    _assert_dated(first, EXAMPLE_DAY)


def test_source_date_epoch_dates_every_document(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "sortie"
    _build(project, out)
    without = _deliverables(out)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    _build(project, out)  # same project, same folder: only the date changed

    with_epoch = _deliverables(out)
    assert all(with_epoch[name] != without[name] for name in without)
    _assert_dated(out, EPOCH_DAY)
    report = Document(str(out / REGION / "rapport-final.docx"))
    assert any(p.text.endswith(", le 14\u00a0novembre 2023") for p in report.paragraphs)

    copy = tmp_path / "copie"
    _build(project, copy)
    assert _deliverables(copy) == with_epoch  # the epoch, not the moment, decides the bytes
