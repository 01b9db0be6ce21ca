"""Inspection: turn a PPTX, DOCX or PDF file into the surfaces a reader sees.

``inspect_file(path)`` returns an :class:`~dladocs.types.Inspection` whose
surfaces are the slides (PPTX), the pages (PDF), or for DOCX each section's
header bands (default, first-page, even-page) and body.  Each surface lists
its pictures (size, position when known, fingerprint, lazy loader) and its
text runs with their effective formatting.

Files come from strangers: sizes, zip indexes, XML and PDF content are checked
against :class:`~dladocs.inspect._safety.Limits` before and while parsing, and
anything that cannot be read raises :class:`~dladocs.errors.UnreadableFileError`
with a French message that says what is wrong and what to do.  Only failures
of the parsing libraries on bad input are turned into that error; a bug in
dladocs itself still raises as itself.
"""

from __future__ import annotations

import traceback
import zipfile
import zlib
from pathlib import Path

from dladocs.errors import UnreadableFileError
from dladocs.inspect._safety import (
    DEFAULT_LIMITS,
    NBSP,
    PASSWORD_MESSAGE,
    Limits,
    Refused,
    check_file_size,
    check_zip_index,
    contains,
    read_head,
)
from dladocs.types import FileFormat, Inspection

__all__ = ["DEFAULT_LIMITS", "Limits", "detect_format", "inspect_file"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Modules whose exceptions, when raised from their own code, mean "bad input".
_LIBRARIES = ("pypdf", "PIL", "lxml", "zipfile", "zlib", "struct", "codecs", "encodings")


def _ole_message(path: Path) -> str:
    limit = 200 * 1024 * 1024
    if contains(path, "EncryptedPackage".encode("utf-16-le"), limit):
        return PASSWORD_MESSAGE  # the same words for an encrypted PDF and Office file
    if contains(path, "PowerPoint Document".encode("utf-16-le"), limit):
        kind = "une présentation PowerPoint 97-2003 (.ppt)"
    elif contains(path, "WordDocument".encode("utf-16-le"), limit):
        kind = "un document Word 97-2003 (.doc)"
    else:
        kind = "un ancien fichier Office (format binaire OLE)"
    return (
        f"ce fichier est {kind}, un format que dladocs ne lit pas{NBSP}: ouvrez-le dans Word, "
        "PowerPoint ou LibreOffice et enregistrez-le au format .docx, .pptx ou .pdf"
    )


def detect_format(path: Path) -> FileFormat:
    """The format of ``path`` from its content (never from its extension).

    Raises :class:`UnreadableFileError` for anything that is not a PPTX, DOCX or PDF.
    """
    path = Path(path)
    try:
        return _detect(path, DEFAULT_LIMITS)
    except Refused as exc:
        raise UnreadableFileError(exc.message, path=path) from None
    except OSError as exc:
        raise UnreadableFileError(_os_message(exc), path=path) from None


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"le fichier ne peut pas être ouvert ({reason}){NBSP}: vérifiez le chemin et les droits"


def _detect(path: Path, limits: Limits) -> FileFormat:
    if path.is_dir():
        raise Refused(
            f"c'est un dossier, pas un fichier{NBSP}: indiquez un fichier .pptx, .docx ou .pdf"
        )
    check_file_size(path, limits)
    head = read_head(path)
    if head.startswith(_OLE_MAGIC):
        raise Refused(_ole_message(path))
    # Zip first: a package may store a PDF uncompressed near its start.
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_format(path, limits)
    if b"%PDF-" in head:
        return "pdf"
    raise Refused(
        f"le fichier n'est ni une présentation PowerPoint (.pptx), ni un document Word (.docx), "
        f"ni un PDF{NBSP}: vérifiez qu'il s'agit du bon fichier et qu'il n'est pas endommagé"
    )


def _zip_format(path: Path, limits: Limits) -> FileFormat:
    try:
        check_zip_index(path, limits)
        with zipfile.ZipFile(path) as archive:
            names = {name.lstrip("/").lower() for name in archive.namelist()}
    except zipfile.BadZipFile:
        raise Refused(
            f"le fichier est tronqué ou endommagé (archive zip illisible){NBSP}: demandez-en une "
            "copie complète ou enregistrez-le de nouveau depuis son logiciel"
        ) from None
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "word/document.xml" in names:
        return "docx"
    raise Refused(
        f"cette archive zip n'est ni une présentation PowerPoint ni un document Word{NBSP}: "
        "dladocs vérifie les fichiers .pptx, .docx et .pdf"
    )


def inspect_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Inspection:
    """Inspect a PPTX, DOCX or PDF file, whoever made it.

    Raises :class:`UnreadableFileError` (French message) when the file is
    encrypted, truncated, hostile or otherwise unreadable.
    """
    path = Path(path)
    try:
        fmt = _detect(path, limits)
    except Refused as exc:
        raise UnreadableFileError(exc.message, path=path) from None
    except OSError as exc:
        raise UnreadableFileError(_os_message(exc), path=path) from None
    try:
        if fmt == "pptx":
            from dladocs.inspect.pptx import inspect_pptx

            return _broken_parts(inspect_pptx(path, limits))
        if fmt == "docx":
            from dladocs.inspect.docx import inspect_docx

            return _broken_parts(inspect_docx(path, limits))
        from dladocs.inspect.pdf import inspect_pdf

        return inspect_pdf(path, limits)
    except Refused as exc:
        raise UnreadableFileError(exc.message, path=path) from None
    except UnreadableFileError:
        raise
    except Exception as exc:
        message = _library_failure(exc)
        if message is None:
            raise
        raise UnreadableFileError(message, path=path) from exc


def _broken_parts(inspection: Inspection) -> Inspection:
    """Parts a package names but lacks (a slide, a header, a picture): read around them, and
    said beside the verdict (``metadata["repaired"]``, see :mod:`dladocs.reading`)."""
    notes = [*inspection.notes, *(n for s in inspection.surfaces for n in s.notes)]
    missing = [n.split(NBSP)[0] for n in notes if "lien rompu" in n or "absente du fichier" in n]
    if missing:
        inspection.metadata["repaired"] = list(dict.fromkeys(missing))
    return inspection


def _library_failure(exc: Exception) -> str | None:
    """A French explanation when ``exc`` is a parsing library rejecting bad input, else None."""
    if isinstance(exc, zipfile.BadZipFile | zipfile.LargeZipFile | EOFError):
        return (
            f"le fichier est tronqué ou endommagé (archive zip illisible{NBSP}: {exc}){NBSP}: "
            "demandez-en une copie complète ou enregistrez-le de nouveau depuis son logiciel"
        )
    if isinstance(exc, zlib.error):
        return (
            f"une partie compressée du fichier est endommagée ({exc}){NBSP}: le fichier est "
            "probablement tronqué\u202f; demandez-en une copie complète"
        )
    if isinstance(exc, RecursionError | MemoryError):
        return (
            f"le fichier est construit de façon anormale (structure trop profonde ou trop "
            f"grosse){NBSP}: il est endommagé ou malveillant\u202f; demandez une autre copie"
        )
    module = type(exc).__module__.split(".", 1)[0]
    if module in ("pypdf", "lxml", "PIL"):
        return _library_message(module, exc)
    if isinstance(exc, ValueError | KeyError | IndexError | TypeError | AttributeError | OSError):
        frames = traceback.extract_tb(exc.__traceback__)
        if frames and _in_library(frames[-1].filename):
            return _library_message("", exc)
    return None


def _in_library(filename: str) -> bool:
    parts = Path(filename).parts
    return any(name in parts for name in _LIBRARIES) or Path(filename).stem in _LIBRARIES


def _library_message(module: str, exc: Exception) -> str:
    detail = str(exc).strip() or type(exc).__name__
    if len(detail) > 160:
        detail = detail[:157] + "…"
    if module == "pypdf" or "pypdf" in detail:
        what = "le PDF est endommagé ou tronqué"
    elif module == "lxml":
        what = "une partie XML du document est endommagée"
    elif module == "PIL":
        what = "une image du document est endommagée"
    else:
        what = "le fichier est endommagé ou tronqué"
    return (
        f"{what} ({detail}){NBSP}: ouvrez-le dans son logiciel d'origine, enregistrez-en une "
        "nouvelle copie puis relancez la vérification"
    )
