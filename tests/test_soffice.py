"""The LibreOffice session: one process for a batch, an isolated profile, failures named."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from _processes import alive
from dladocs import _soffice
from dladocs.errors import DladocsError
from dladocs.pipeline import BuildOptions, build
from dladocs.project import load_project

# Nearly every test here starts LibreOffice: the module belongs to the slow run.
pytestmark = pytest.mark.slow

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"
TEXT = (
    "Le dispositif local d'accompagnement aide les structures de l'insertion par l'activité "
    "économique à consolider leur modèle. "
)


def make_docx(path: Path, title: str, *, pages: int = 1) -> Path:
    """A DOCX whose default language is French, as dladocs' templates declare it."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn

    document = Document()
    document.core_properties.title = title
    document.core_properties.language = "fr-FR"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), "fr-FR")
    for number in range(pages):
        document.add_heading(f"{title} — partie {number + 1}", level=1)
        document.add_paragraph(TEXT * 6)
        if number < pages - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_pptx(path: Path, title: str, *, slides: int = 2) -> Path:
    from pptx import Presentation

    presentation = Presentation()
    presentation.core_properties.title = title
    presentation.core_properties.language = "fr-FR"
    for number in range(slides):
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = f"{title} — diapositive {number + 1}"
        slide.placeholders[1].text = TEXT
    path.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(path))
    return path


class PopenRecorder:
    """Wraps ``subprocess.Popen`` to count the processes a conversion starts."""

    def __init__(self) -> None:
        self.commands: list[list[str]] = []
        self.pids: list[int] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        recorder = self
        real = subprocess.Popen

        class Recording(real):  # type: ignore[misc,valid-type]
            def __init__(self, args: list[str], *rest: object, **options: object) -> None:
                super().__init__(args, *rest, **options)
                recorder.commands.append([str(a) for a in args])
                recorder.pids.append(self.pid)

        monkeypatch.setattr(subprocess, "Popen", Recording)

    @property
    def soffice_runs(self) -> list[list[str]]:
        return [
            c for c in self.commands if Path(c[0]).name in ("soffice", "libreoffice", "soffice.bin")
        ]

    def profile(self, index: int = 0) -> Path:
        option = next(a for a in self.soffice_runs[index] if a.startswith("-env:UserInstallation="))
        url = option.split("=", 1)[1]
        return Path(urllib.request.url2pathname(urllib.parse.urlparse(url).path))


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> PopenRecorder:
    # The profile template is made once per machine; make it before counting processes.
    program = _soffice.find_soffice()
    if program is not None:
        assert _soffice.profile_template(program, pdfa=False, language="fr-FR") is not None
    recording = PopenRecorder()
    recording.install(monkeypatch)
    return recording


def _xmp(reader: PdfReader) -> str:
    metadata = reader.root_object.get("/Metadata")
    return metadata.get_object().get_data().decode("utf-8") if metadata is not None else ""


# --------------------------------------------------------------------------- one session


def test_a_batch_of_docx_and_pptx_is_converted_by_one_libreoffice_process(
    tmp_path: Path, recorder: PopenRecorder
) -> None:
    files = [
        make_docx(tmp_path / "region-a" / "rapport.docx", "Rapport final", pages=2),
        make_docx(tmp_path / "region-b" / "rapport.docx", "Rapport final B"),
        make_pptx(tmp_path / "region-a" / "support.pptx", "Support de webinaire", slides=3),
        make_pptx(tmp_path / "region-b" / "support.pptx", "Support B", slides=1),
    ]

    pdfs = _soffice.convert(files, pdfa=False)

    assert len(recorder.soffice_runs) == 1, recorder.commands
    assert pdfs == [f.with_suffix(".pdf") for f in files]
    pages = [len(PdfReader(pdf).pages) for pdf in pdfs]
    assert pages == [2, 1, 3, 1]
    # Same file names in two folders: each PDF is its own document, beside its source.
    assert PdfReader(pdfs[0]).metadata.title == "Rapport final"
    assert PdfReader(pdfs[1]).metadata.title == "Rapport final B"
    command = recorder.soffice_runs[0]
    assert "--headless" in command
    assert command[command.index("--convert-to") + 1] == "pdf"


def test_each_session_has_its_own_profile_removed_afterwards(
    tmp_path: Path, recorder: PopenRecorder
) -> None:
    first = make_docx(tmp_path / "a.docx", "Premier")
    second = make_docx(tmp_path / "b.docx", "Second")

    _soffice.convert([first])
    _soffice.convert([second])

    profiles = [recorder.profile(0), recorder.profile(1)]
    assert profiles[0] != profiles[1]
    for profile in profiles:
        assert Path(tempfile.gettempdir()) in profile.parents
        assert not profile.exists()


@pytest.mark.parametrize("pdfa", [False, True], ids=["pdf", "pdfa"])
def test_writer_and_impress_pdfs_are_tagged_french_with_embedded_fonts(
    tmp_path: Path, pdfa: bool
) -> None:
    files = [make_docx(tmp_path / "fiche.docx", "Fiche"), make_pptx(tmp_path / "deck.pptx", "Deck")]

    for pdf in _soffice.convert(files, pdfa=pdfa):
        reader = PdfReader(pdf)
        root = reader.root_object
        assert "/StructTreeRoot" in root, pdf.name
        assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
        assert root["/Lang"] == "fr-FR", pdf.name
        xmp = _xmp(reader)
        if pdfa:
            assert "<pdfaid:part>2</pdfaid:part>" in xmp, pdf.name
            assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp, pdf.name
            assert "/OutputIntents" in root
        else:
            assert "pdfaid" not in xmp
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = (
                    font.get("/FontDescriptor")
                    or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                )
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                    f"{pdf.name}: {font['/BaseFont']} is not embedded"
                )


def test_a_deck_with_speaker_notes_gives_one_page_per_slide_and_keeps_its_notes(
    tmp_path: Path,
) -> None:
    from pptx import Presentation

    deck = make_pptx(tmp_path / "deck.pptx", "Deck", slides=3)
    presentation = Presentation(str(deck))
    for number, slide in enumerate(presentation.slides, start=1):
        slide.notes_slide.notes_text_frame.text = f"Script de l'animateur {number}"
    presentation.save(str(deck))
    before = deck.read_bytes()

    (pdf,) = _soffice.convert([deck])

    reader = PdfReader(pdf)
    assert len(reader.pages) == 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "diapositive 3" in text
    assert "Script de l'animateur" not in text
    # The notes are left out of the session's copy only: the deck itself is untouched.
    assert deck.read_bytes() == before
    notes = [s.notes_slide.notes_text_frame.text for s in Presentation(str(deck)).slides]
    assert notes == [f"Script de l'animateur {n}" for n in (1, 2, 3)]


def test_a_deck_that_is_not_a_readable_package_is_staged_as_it_is(tmp_path: Path) -> None:
    broken = tmp_path / "abime.pptx"
    broken.write_bytes(b"PK\x03\x04 pas une archive")
    staged = tmp_path / "0001.pptx"

    _soffice._stage(broken, staged)

    assert staged.read_bytes() == broken.read_bytes()


def test_the_session_language_follows_the_files(tmp_path: Path) -> None:
    french = make_pptx(tmp_path / "a.pptx", "A")
    assert _soffice.document_language([french]) == "fr-FR"
    assert _soffice.document_language([tmp_path / "absent.pptx"]) == "fr-FR"
    registry = ElementTree.fromstring(
        _soffice.registry(_soffice.ExportOptions(pdfa=True, language="fr-BE"))
    )
    values = {
        (
            item.get("{http://openoffice.org/2001/registry}path"),
            prop.get("{http://openoffice.org/2001/registry}name"),
        ): prop.findtext("value")
        for item in registry
        for prop in item
    }
    export = "/org.openoffice.Office.Common/Filter/PDF/Export"
    assert values[(export, "SelectPdfVersion")] == "2"
    assert values[(export, "UseTaggedPDF")] == "true"
    assert values[(export, "ExportFormFields")] == "true"
    assert values[(export, "EmbedStandardFonts")] == "true"
    assert values[("/org.openoffice.Setup/L10N", "ooSetupSystemLocale")] == "fr-BE"


# --------------------------------------------------------------------------- profile template


def _spy_on_profiles(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """What each session's profile holds once LibreOffice has exited (before it is removed)."""
    seen: list[dict[str, object]] = []
    real = _soffice._run

    def spying(command: list[str], **options: object) -> tuple[int, str]:
        result = real(command, **options)  # type: ignore[arg-type]
        option = next(a for a in command if a.startswith("-env:UserInstallation="))
        url = option.split("=", 1)[1]
        user = Path(urllib.request.url2pathname(urllib.parse.urlparse(url).path)) / "user"
        registry = (user / "registrymodifications.xcu").read_text(encoding="utf-8")
        seen.append(
            {
                "self_tests": (user / "GraphicsRenderTests.log").exists(),
                "version_recorded": "ooSetupLastVersion" in registry,
            }
        )
        return result

    monkeypatch.setattr(_soffice, "_run", spying)
    return seen


def test_sessions_start_from_a_template_that_spares_the_self_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DLADOCS_CACHE_DIR", str(tmp_path / "cache"))
    seen = _spy_on_profiles(monkeypatch)
    first = make_docx(tmp_path / "a.docx", "Premier")
    second = make_pptx(tmp_path / "b.pptx", "Second")

    _soffice.convert([first])
    _soffice.convert([second])

    templates = list((tmp_path / "cache" / "libreoffice").glob("profil-*"))
    assert len(templates) == 1
    # The template's own preparation, then the two sessions, none running the self-tests.
    assert len(seen) == 3
    assert all(s["version_recorded"] and not s["self_tests"] for s in seen), seen
    assert not list((tmp_path / "cache" / "libreoffice").glob(".preparation-*"))
    assert len(PdfReader(second.with_suffix(".pdf")).pages) == 2


def test_without_a_writable_cache_a_session_starts_from_a_fresh_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "pas-un-dossier"
    blocker.write_text("")
    monkeypatch.setenv("DLADOCS_CACHE_DIR", str(blocker))
    seen = _spy_on_profiles(monkeypatch)
    source = make_docx(tmp_path / "rapport.docx", "Rapport")

    (pdf,) = _soffice.convert([source])

    assert PdfReader(pdf).metadata.title == "Rapport"
    assert len(seen) == 1
    assert blocker.read_text() == ""


def test_a_broken_template_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A LibreOffice that cannot prepare a template leaves no half-made folder in the cache."""
    monkeypatch.setenv("DLADOCS_CACHE_DIR", str(tmp_path / "cache"))
    silent = tmp_path / "soffice"
    silent.write_text("#!/bin/sh\nexit 0\n")
    silent.chmod(0o755)

    assert _soffice.profile_template(str(silent), pdfa=False, language="fr-FR") is None
    assert list((tmp_path / "cache" / "libreoffice").iterdir()) == []


# --------------------------------------------------------------------------- failures


def test_files_libreoffice_cannot_open_are_named_and_nothing_is_moved(
    tmp_path: Path, corpus: Path
) -> None:
    good = make_docx(tmp_path / "bon.docx", "Bon")
    locked = tmp_path / "protege.docx"
    shutil.copyfile(corpus / "docx" / "poi-bug53475-password-is-pass.docx", locked)
    deck = tmp_path / "protege-aussi.pptx"
    shutil.copyfile(corpus / "pptx" / "oxsdk-encrypted_pptx.pptx", deck)

    with pytest.raises(DladocsError) as caught:
        _soffice.convert([good, locked, deck])

    message = str(caught.value)
    assert "n'a pas produit de PDF" in message
    assert "protege.docx" in message
    assert "protege-aussi.pptx" in message
    assert "bon.docx" not in message
    assert "mot de passe" in message
    assert list(tmp_path.glob("*.pdf")) == []


def test_an_exit_status_of_zero_without_a_pdf_is_an_error(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "rapport.docx", "Rapport")
    silent = tmp_path / "soffice"
    silent.write_text("#!/bin/sh\nexit 0\n")
    silent.chmod(0o755)

    with pytest.raises(DladocsError) as caught:
        _soffice.convert([source], executable=str(silent))

    assert "LibreOffice n'a pas produit de PDF pour" in str(caught.value)
    assert "rapport.docx" in str(caught.value)
    assert "code de sortie 0" in str(caught.value)


def test_two_files_that_would_give_the_same_pdf_are_refused_before_starting(
    tmp_path: Path, recorder: PopenRecorder
) -> None:
    docx = make_docx(tmp_path / "support.docx", "Un")
    pptx = make_pptx(tmp_path / "support.pptx", "Deux")

    with pytest.raises(DladocsError, match="même PDF"):
        _soffice.convert([docx, pptx])
    assert recorder.soffice_runs == []


def test_missing_libreoffice_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recorder: PopenRecorder
) -> None:
    source = make_docx(tmp_path / "rapport.docx", "Rapport")
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(_soffice, "STANDARD_LOCATIONS", ())

    with pytest.raises(_soffice.LibreOfficeMissing) as caught:
        _soffice.convert([source])

    assert isinstance(caught.value, DladocsError)
    message = str(caught.value)
    assert "LibreOffice est introuvable" in message
    assert "sudo apt-get install libreoffice-writer-nogui libreoffice-impress-nogui" in message
    assert "libreoffice.org" in message
    assert recorder.commands == []


def test_a_session_that_takes_too_long_is_killed_with_all_its_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recorder: PopenRecorder
) -> None:
    source = make_pptx(tmp_path / "support.pptx", "Support", slides=4)
    # Far shorter than any conversion: with a warm profile, a small deck once took under 0.3 s.
    monkeypatch.setattr(_soffice, "TIMEOUT_BASE", 0.05)
    monkeypatch.setattr(_soffice, "TIMEOUT_PER_FILE", 0.0)

    with pytest.raises(DladocsError) as caught:
        _soffice.convert([source])

    message = str(caught.value)
    assert "n'a pas fini de convertir 1 fichier" in message
    assert "support.pptx" in message
    assert len(recorder.pids) == 1
    assert alive(group=recorder.pids[0]) == []
    assert not recorder.profile().exists()
    assert not source.with_suffix(".pdf").exists()


# --------------------------------------------------------------------------- in a build


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(_soffice, "STANDARD_LOCATIONS", ())
    yield


def test_a_build_without_libreoffice_writes_the_office_files_and_warns(
    tmp_path: Path, no_libreoffice: None
) -> None:
    out = tmp_path / "sortie"

    result = build(load_project(EXAMPLE), out, BuildOptions(only=("fiche",), pdf=True, jobs=1))

    assert result.ok
    assert (out / "hauts-de-france" / "fiche-pratique.docx").is_file()
    assert not list(out.rglob("*.pdf"))
    warning = next(w for w in result.warnings if "LibreOffice" in w)
    assert "les PDF n'ont pas été produits" in warning
    assert "libreoffice-writer-nogui" in warning
