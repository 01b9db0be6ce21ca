"""Drop a PPTX, DOCX or PDF: the ``dladocs check`` verdict, page by page, with thumbnails.

The file is written to a private temporary folder (not the project), under
a sanitised name whose extension comes from its content; it is inspected
with the same bounds as ``dladocs check`` and deleted afterwards.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dladocs.serve import security
from dladocs.serve.state import checked_form, render

MAX_THUMBNAILS = 60  # pages drawn; the verdict still covers every page
CHUNK = 1024 * 1024


@dataclass(slots=True)
class PageView:
    number: int
    image: str = ""
    width: int = 0
    height: int = 0
    findings: list[Any] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "echec" if any(v.severity == "error" for v in self.findings) else "conforme"


@dataclass(slots=True)
class Verdict:
    name: str
    status: str
    error: str = ""
    programme: str = ""
    pages: list[PageView] = field(default_factory=list)
    whole: list[Any] = field(default_factory=list)  # findings not tied to one page
    note: str = ""


async def check_page(request: Request) -> Response:
    return render(request, "verifier.html", {"verdicts": []})


async def _save(upload: UploadFile, folder: Path) -> Path | None:
    """Copy the upload into ``folder``, at most the size ``check`` accepts; ``None`` if bigger."""
    from dladocs.inspect._safety import DEFAULT_LIMITS

    target = folder / "depot"
    size = 0
    with target.open("wb") as stream:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > DEFAULT_LIMITS.max_file_bytes:
                return None
            stream.write(chunk)
    return target


def _verdict(original: str, path: Path) -> Verdict:
    from dladocs.errors import DladocsError
    from dladocs.inspect import detect_format
    from dladocs.types import CheckOptions
    from dladocs.verify import check_files

    try:
        fmt = detect_format(path)
    except DladocsError as error:
        return Verdict(original, "error", error=error.message)
    named = path.with_name(security.sanitise_name(original, f".{fmt}"))
    path.rename(named)
    result = check_files([named], options=CheckOptions())[0]
    verdict = Verdict(original, result.status, error=result.error, programme=result.programme)
    if result.status == "error":
        return verdict
    pdf: Path | None = named if fmt == "pdf" else None
    if pdf is None:
        from dladocs import _soffice

        if _soffice.find_soffice() is None:
            verdict.note = "LibreOffice n'est pas installé : pas de vignettes pour ce fichier."
        else:
            try:
                pdf = _soffice.convert([named])[0]
            except DladocsError as error:
                verdict.note = f"Vignettes impossibles : {error.message}"
    thumbnails: list[dict[str, Any]] = []
    if pdf is not None:
        from dladocs.report import render_thumbnails

        try:
            thumbnails = render_thumbnails(pdf)[:MAX_THUMBNAILS]
        except Exception as error:  # pdfium refuses what it cannot draw; the verdict stands
            verdict.note = f"Vignettes impossibles : {error}"
    per_page = fmt in ("pdf", "pptx")
    count = result.surfaces if per_page else len(thumbnails)
    pages = {n: PageView(n) for n in range(1, max(count, len(thumbnails)) + 1)}
    for number, thumbnail in enumerate(thumbnails, start=1):
        page = pages[number]
        page.image, page.width, page.height = (
            thumbnail["data"],
            thumbnail["width"],
            thumbnail["height"],
        )
    for violation in result.violations:
        surface = violation.surface
        if per_page and surface.kind in ("page", "slide") and surface.index in pages:
            pages[surface.index].findings.append(violation)
        else:
            verdict.whole.append(violation)
    verdict.pages = list(pages.values())
    if len(thumbnails) == MAX_THUMBNAILS and count > MAX_THUMBNAILS:
        verdict.note = f"Vignettes des {MAX_THUMBNAILS} premières pages seulement ; le verdict couvre toutes les pages."
    return verdict


async def check_upload(request: Request) -> Response:
    form = await checked_form(request)
    uploads = [f for f in form.getlist("fichiers") if isinstance(f, UploadFile) and f.filename]
    if not uploads:
        return render(
            request,
            "verifier.html",
            {"verdicts": [], "refusal": "Choisissez ou déposez un fichier PPTX, DOCX ou PDF."},
            status=400,
        )
    verdicts = []
    for upload in uploads[:5]:
        work = Path(tempfile.mkdtemp(prefix="dladocs-serve-check-"))
        try:
            saved = await _save(upload, work)
            if saved is None:
                verdicts.append(
                    Verdict(
                        upload.filename or "",
                        "error",
                        error="le fichier dépasse 200 Mo, la taille que dladocs check accepte",
                    )
                )
                continue
            verdicts.append(await run_in_threadpool(_verdict, upload.filename or "fichier", saved))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    status = 422 if any(v.status == "error" for v in verdicts) else 200
    return render(request, "verifier.html", {"verdicts": verdicts}, status=status)


routes = [
    Route("/verifier", check_page),
    Route("/verifier", check_upload, methods=["POST"]),
]
