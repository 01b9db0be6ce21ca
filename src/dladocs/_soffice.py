"""One LibreOffice session: every office file of a list turned into PDF by one headless process.

Starting LibreOffice costs about a second, more than converting a typical
document, so a build never starts one process per file: :func:`convert`
hands the whole list to a single ``soffice --headless --convert-to pdf``
invocation.

Each session runs with a profile directory of its own, created in a
temporary folder and removed afterwards, so that it neither disturbs nor
waits for a LibreOffice the user has open, and so that parallel builds never
share a profile.  A fresh profile is slow to start: LibreOffice initialises
it (and restarts itself once), then runs its graphics self-tests whenever the
profile does not record the version that last used it, which a headless run
never writes.  Together these cost three times a warm start.  So the first
session on a machine prepares a *profile template* in the user's cache
folder (a tiny conversion with the version recorded), and every session
starts from a private copy of it; when the cache cannot be written, a
session starts from a fresh profile, slower but the same.

The PDF export options are written into the profile
(``user/registrymodifications.xcu``) before LibreOffice starts: the
``--convert-to pdf:writer_pdf_Export:{...}`` syntax only reaches Writer
documents, whereas the ``Filter/PDF/Export`` settings of the profile apply to
Writer and Impress alike, so one batch can mix DOCX and PPTX.

The session's locale is the language the files declare (their
``dc:language`` core property, ``fr-FR`` for every dladocs document): Writer
takes a document's PDF language from its own styles, but Impress takes it
from the locale of the process.

Inputs are staged under neutral ASCII names (``0001.docx``...) so that two
files with the same name in different folders cannot overwrite each other's
PDF in the shared output folder, and so that unusual file names never reach
the command line.  LibreOffice can exit with status 0 without writing a PDF
(a file it cannot open, a filter that fails): every expected PDF is checked
before any is moved beside its source.

Nothing heavy is imported here: the build checks :func:`find_soffice` before
planning.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from dladocs.errors import DladocsError

EXECUTABLES = ("soffice", "libreoffice")
# Where the official installers put LibreOffice when it is not on PATH.
STANDARD_LOCATIONS = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
CONVERTIBLE = (".docx", ".pptx")
DEFAULT_LANGUAGE = "fr-FR"

# Start-up (including the first-start of a fresh profile) plus a generous allowance per file:
# on this kind of machine a session starts in ~1 s and converts a file in 0.2-1.5 s.
TIMEOUT_BASE = 60.0
TIMEOUT_PER_FILE = 30.0

INSTALL_HINT = (
    "sous Debian ou Ubuntu, « sudo apt-get install libreoffice-writer-nogui "
    "libreoffice-impress-nogui » ; sous Windows ou macOS, téléchargez-le sur "
    "https://www.libreoffice.org/download/, puis relancez dladocs."
)

# Preparing a profile template: a fresh start plus one tiny conversion.
TEMPLATE_TIMEOUT = 90.0
_VERSION = re.compile(r"LibreOffice\s+(\d+)\.(\d+)")

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_CORE_LANGUAGE = re.compile(rb"<dc:language>\s*([^<\s]+)\s*</dc:language>")
_NOTES_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*/notesSlide\"[^>]*/>")
_NOTES_OVERRIDE = re.compile(rb"<Override\b[^>]*/ppt/notesSlides/[^>]*/>")


class LibreOfficeMissing(DladocsError):
    """Neither ``soffice`` nor ``libreoffice`` can be found: PDFs cannot be made."""

    def __init__(self) -> None:
        super().__init__(missing_message())


def missing_message() -> str:
    return (
        "LibreOffice est introuvable ; il est nécessaire pour produire les PDF. "
        "Pour l'installer : " + INSTALL_HINT
    )


def missing_warning() -> str:
    """What a build says when it makes the office files but cannot make their PDFs."""
    return (
        "LibreOffice est introuvable : les PDF n'ont pas été produits (les fichiers DOCX et PPTX, "
        "eux, l'ont été). Pour obtenir les PDF, installez LibreOffice : " + INSTALL_HINT
    )


def find_soffice() -> str | None:
    """``soffice`` or ``libreoffice`` on PATH, else where the official installers put it."""
    for name in EXECUTABLES:
        found = shutil.which(name)
        if found:
            return found
    for location in STANDARD_LOCATIONS:
        if Path(location).is_file():
            return location
    return None


def timeout_for(count: int) -> float:
    """Seconds a session converting ``count`` files may take before it is stopped."""
    return TIMEOUT_BASE + TIMEOUT_PER_FILE * max(count, 1)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What the PDF export of a session does.

    Tagged PDF, form fields exported and fonts embedded are always on: they
    are what an accessible, archivable deliverable needs.  Images keep their
    resolution and lossless compression: logos stay sharp (their fingerprint
    is checked in the PDF) and resampling was the slowest part of exporting
    slides.
    """

    pdfa: bool = False
    language: str = DEFAULT_LANGUAGE
    # "7.4": recorded as the version that last used the profile, which spares every session
    # LibreOffice's graphics self-tests (about 0.9 s); empty when the version is unknown.
    version: str = ""

    def settings(self) -> dict[str, dict[str, bool | int | str]]:
        """Registry path → property → value, as written into the session's profile."""
        settings: dict[str, dict[str, bool | int | str]] = {
            "/org.openoffice.Office.Common/Filter/PDF/Export": {
                "UseTaggedPDF": True,
                # 0: plain PDF (1.6); 2: PDF/A-2b.
                "SelectPdfVersion": 2 if self.pdfa else 0,
                "ExportFormFields": True,
                "EmbedStandardFonts": True,
                "ExportBookmarks": True,
                "ExportNotes": False,
                "ExportNotesPages": False,
                "ReduceImageResolution": False,
                "UseLosslessCompression": True,
                "DisplayPDFDocumentTitle": True,
            },
            "/org.openoffice.Setup/L10N": {"ooSetupSystemLocale": self.language},
            "/org.openoffice.Office.Linguistic/General": {"DefaultLocale": self.language},
            "/org.openoffice.Office.Linguistic/SpellChecking": {"IsSpellAuto": False},
            "/org.openoffice.Office.Common/Security/Scripting": {"DisableMacrosExecution": True},
            "/org.openoffice.Office.Common/Misc": {"UseLocking": False},
        }
        if self.version:
            settings["/org.openoffice.Setup/Product"] = {"ooSetupLastVersion": self.version}
        return settings


def registry(options: ExportOptions) -> bytes:
    """The ``registrymodifications.xcu`` that sets ``options`` in a fresh profile."""
    items = []
    for path, props in options.settings().items():
        for name, value in props.items():
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            items.append(
                f'<item oor:path="{escape(path)}"><prop oor:name="{escape(name)}" oor:op="fuse">'
                f"<value>{escape(text)}</value></prop></item>"
            )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items)
        + "\n</oor:items>\n"
    ).encode("utf-8")


def document_language(files: Sequence[Path]) -> str:
    """The language most of ``files`` declare in their core properties (``fr-FR`` by default)."""
    found: Counter[str] = Counter()
    for path in files:
        try:
            with zipfile.ZipFile(path) as package:
                core = package.read("docProps/core.xml")[: 1 << 20]
        except (OSError, KeyError, zipfile.BadZipFile, ValueError):
            continue
        match = _CORE_LANGUAGE.search(core)
        if match:
            tag = match.group(1).decode("ascii", "replace")
            if _LANGUAGE_TAG.match(tag):
                found[tag] += 1
    if not found:
        return DEFAULT_LANGUAGE
    return sorted(found.items(), key=lambda item: (-item[1], item[0]))[0][0]


def convert(
    files: Sequence[Path],
    *,
    pdfa: bool = False,
    timeout: float | None = None,
    executable: str | None = None,
) -> list[Path]:
    """Convert every DOCX and PPTX of ``files`` to a PDF beside it, in one LibreOffice session.

    Returns the PDFs in the order of ``files``.  Raises
    :class:`LibreOfficeMissing` when LibreOffice is not installed, and
    :class:`~dladocs.errors.DladocsError` naming the files when the session
    fails, times out (its whole process group is then killed) or leaves a
    PDF missing or empty; no PDF is moved into place unless all were made.
    """
    sources = [Path(f).resolve() for f in files]
    if not sources:
        return []
    _check_sources(sources)
    program = executable or find_soffice()
    if program is None:
        raise LibreOfficeMissing
    limit = timeout_for(len(sources)) if timeout is None else timeout
    language = document_language(sources)
    template = profile_template(program, pdfa=pdfa, language=language)
    with tempfile.TemporaryDirectory(
        prefix="dladocs-libreoffice-", ignore_cleanup_errors=True
    ) as tmp:
        session = Path(tmp)
        profile = session / "profil"
        if template is not None:
            shutil.copytree(template, profile / "user", symlinks=True)
        else:
            (profile / "user").mkdir(parents=True)
            options = ExportOptions(pdfa=pdfa, language=language)
            (profile / "user" / "registrymodifications.xcu").write_bytes(registry(options))
        # The mention's font (Ubuntu, shipped): LibreOffice reads user/fonts at start-up.
        from dladocs.fonts import install_for_libreoffice

        install_for_libreoffice(profile / "user")
        inbox = session / "entree"
        outbox = session / "sortie"
        inbox.mkdir()
        outbox.mkdir()
        staged = []
        for number, source in enumerate(sources, start=1):
            target = inbox / f"{number:04d}{source.suffix.lower()}"
            _stage(source, target)
            staged.append(target)
        command = _command(program, profile, outbox, staged)
        returncode, log = _run(command, cwd=session, timeout=limit, sources=sources)
        produced = [outbox / f"{path.stem}.pdf" for path in staged]
        missing = [
            source for source, pdf in zip(sources, produced, strict=True) if not _is_pdf(pdf)
        ]
        if missing:
            raise DladocsError(_missing_message(missing, returncode, log), path=missing[0])
        results = []
        for source, pdf in zip(sources, produced, strict=True):
            target = source.with_suffix(".pdf")
            shutil.move(pdf, target)
            results.append(target)
        return results


def _stage(source: Path, target: Path) -> None:
    """Copy ``source`` for the session; a deck loses its speaker notes on the way.

    The export leaves notes out of the PDF (``ExportNotes`` is off), yet
    Impress still imports and lays out every notes page: about a sixth of a
    deck's conversion time.  Any package that cannot be read this way is
    copied as it is, and LibreOffice reports on it.
    """
    if source.suffix.lower() != ".pptx":
        shutil.copyfile(source, target)
        return
    try:
        with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as copy:
            for item in package.infolist():
                if item.filename.startswith("ppt/notesSlides/"):
                    continue
                data = package.read(item)
                if item.filename.startswith("ppt/slides/_rels/"):
                    data = _NOTES_RELATIONSHIP.sub(b"", data)
                elif item.filename == "[Content_Types].xml":
                    data = _NOTES_OVERRIDE.sub(b"", data)
                copy.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    # zipfile raises NotImplementedError for a compression method it lacks, RuntimeError for
    # an encrypted member: LibreOffice may still read such a package, so it gets it whole.
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, NotImplementedError):
        shutil.copyfile(source, target)


def _command(program: str, profile: Path, outbox: Path, files: Sequence[Path]) -> list[str]:
    return [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outbox),
        *(str(path) for path in files),
    ]


# --------------------------------------------------------------------------- profile template


def cache_dir() -> Path:
    """Where dladocs keeps what it can rebuild: ``DLADOCS_CACHE_DIR``, else the user's cache."""
    override = os.environ.get("DLADOCS_CACHE_DIR")
    if override:
        return Path(override)
    if os.name == "nt":  # pragma: no cover - Windows
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "dladocs" / "cache"
    if sys.platform == "darwin":  # pragma: no cover - macOS
        return Path.home() / "Library" / "Caches" / "dladocs"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dladocs"


def profile_template(program: str, *, pdfa: bool, language: str) -> Path | None:
    """The ``user`` folder of an initialised profile for these options, made once per machine.

    Keyed on the LibreOffice installation (its resolved path, size and date, so
    that an upgrade gets a new template) and on the export options.  Returns
    ``None`` when it cannot be made (no writable cache, a LibreOffice that
    fails): the session then starts from a fresh profile.
    """
    try:
        binary = Path(program).resolve()
        stat = binary.stat()
    except OSError:
        return None
    installation = f"{binary}|{stat.st_size}|{stat.st_mtime_ns}"
    base = ExportOptions(pdfa=pdfa, language=language)
    key = hashlib.sha256(installation.encode() + registry(base)).hexdigest()[:20]
    root = cache_dir() / "libreoffice"
    ready = root / f"profil-{key}"
    if (ready / "registrymodifications.xcu").is_file():
        return ready
    try:
        root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".preparation-", dir=root))
    except OSError:
        return None
    try:
        made = _prepare_template(program, work, ExportOptions(pdfa, language, _version(program)))
        if made is None:
            return None
        # Another build may have prepared it at the same moment: then use theirs.
        with contextlib.suppress(OSError):
            made.rename(ready)
        return ready if (ready / "registrymodifications.xcu").is_file() else None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _version(program: str) -> str:
    """``"7.4"`` from ``soffice --version``, or ``""`` when it says nothing usable."""
    try:
        done = subprocess.run(
            [program, "--version"],
            capture_output=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
            env=_environment(os.environ),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    match = _VERSION.search(done.stdout.decode("utf-8", "replace"))
    return f"{match.group(1)}.{match.group(2)}" if match else ""


def _prepare_template(program: str, work: Path, options: ExportOptions) -> Path | None:
    """Initialise a profile in ``work`` with one tiny conversion; its ``user`` folder, or None."""
    profile = work / "profil"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_bytes(registry(options))
    sample = work / "amorce.txt"
    sample.write_text("dladocs\n", encoding="utf-8")
    command = _command(program, profile, work, [sample])
    try:
        _run(command, cwd=work, timeout=TEMPLATE_TIMEOUT, sources=[sample])
    except DladocsError:
        return None
    if not _is_pdf(work / "amorce.pdf"):
        return None
    return profile / "user"


def _check_sources(sources: Sequence[Path]) -> None:
    for source in sources:
        if source.suffix.lower() not in CONVERTIBLE:
            raise DladocsError(
                f"« {source.name} » n'est pas un fichier DOCX ou PPTX : "
                "dladocs ne le convertit pas en PDF.",
                path=source,
            )
        if not source.is_file():
            raise DladocsError(
                f"« {source.name} » est introuvable : rien à convertir en PDF.", path=source
            )
    targets: dict[Path, Path] = {}
    for source in sources:
        target = source.with_suffix(".pdf")
        if target in targets:
            raise DladocsError(
                f"« {targets[target].name} » et « {source.name} » donneraient le même PDF "
                f"« {target.name} » : renommez l'un des deux.",
                path=source,
            )
        targets[target] = source


def _run(
    command: list[str], *, cwd: Path, timeout: float, sources: Sequence[Path]
) -> tuple[int, str]:
    """Run one session; on timeout kill its whole process group and say so."""
    popen_options: dict[str, object] = {}
    if os.name == "posix":
        popen_options["start_new_session"] = True
    else:  # pragma: no cover - Windows
        popen_options["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=_environment(os.environ),
        **popen_options,  # type: ignore[call-overload]
    )
    from dladocs._watchdog import watch

    try:
        # A build killed while LibreOffice converts takes LibreOffice with it at once.
        with watch(process.pid):
            output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        names = ", ".join(source.name for source in sources)
        raise DladocsError(
            f"LibreOffice n'a pas fini de convertir {_files(len(sources))} en PDF "
            f"en {timeout:.0f} s ({names}) : la session a été arrêtée. Relancez la construction ; "
            "si cela se reproduit, ouvrez ces fichiers dans LibreOffice pour vérifier qu'ils "
            "s'ouvrent sans erreur.",
            path=sources[0],
        ) from None
    except BaseException:
        _kill_group(process)
        process.communicate()
        raise
    return process.returncode, output.decode("utf-8", "replace")


def _environment(base: Mapping[str, str]) -> dict[str, str]:
    env = dict(base)
    # A display or a desktop plug-in chosen for the user's session must not reach a headless run.
    env.pop("SAL_USE_VCLPLUGIN", None)
    return env


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and every process it started (``soffice`` forks ``soffice.bin``)."""
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            process.kill()
    else:  # pragma: no cover - Windows
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)],
            capture_output=True,
            check=False,
        )
        process.kill()


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def _files(count: int) -> str:
    return f"{count} fichier" + ("s" if count > 1 else "")


def _missing_message(missing: Sequence[Path], returncode: int, log: str) -> str:
    names = ", ".join(f"« {path} »" for path in missing)
    lines = [line for line in log.splitlines() if line.strip() and "javaldx" not in line]
    detail = f" Message de LibreOffice : {' / '.join(lines[-3:])}." if lines else ""
    plural = len(missing) > 1
    return (
        f"LibreOffice n'a pas produit de PDF pour {names} (code de sortie {returncode}) : "
        f"{'ces fichiers sont' if plural else 'ce fichier est'} peut-être "
        f"endommagé{'s' if plural else ''}, protégé{'s' if plural else ''} par un mot de passe "
        "ou dans un format qu'il ne sait pas ouvrir ; "
        f"ouvrez-{'les' if plural else 'le'} dans LibreOffice pour voir l'erreur.{detail}"
    )
