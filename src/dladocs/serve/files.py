"""Uploads into the project folder, and the documents of the output folder (one by one or zipped).

Uploads land only in three fixed sub-folders of the project, under a
sanitised name whose extension comes from the file's first bytes, never
replacing a file.  Downloads are served only from the output folder, and
only what the build's manifest lists (plus the visual report).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import tomlkit
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from dladocs.serve import security, tomledit
from dladocs.serve.state import checked_form, render, state_of

MB = security.MB


@dataclass(frozen=True, slots=True)
class Kind:
    folder: str
    title: str
    accepts: str  # for the file picker
    limit: int
    sniff: Callable[[bytes], str | None]
    refused: str


def _workbook(head: bytes) -> str | None:
    return security.attendance_extension(head)


KINDS = {
    "logos": Kind(
        "logos",
        "Logos",
        "image/png,image/jpeg,image/gif,image/webp,image/bmp,image/tiff",
        10 * MB,
        security.image_extension,
        "ce fichier n'est pas une image PNG, JPEG, GIF, WebP, BMP ou TIFF (un logo SVG ou PDF "
        "s'exporte en PNG d'au moins 600 pixels de large)",
    ),
    "reponses": Kind(
        "reponses",
        "Réponses à l'évaluation",
        ".pdf,.csv,application/pdf,text/csv",
        20 * MB,
        security.answers_extension,
        "ce fichier n'est ni une grille PDF remplie ni un export CSV du questionnaire",
    ),
    "presences": Kind(
        "presences",
        "Exports de présence",
        ".csv,.xlsx,text/csv",
        10 * MB,
        _workbook,
        "ce fichier n'est ni un export CSV ni un classeur Excel (.xlsx) de l'outil de visioconférence",
    ),
}
LOGO_ROLES = {"avise": "logo de l'Avise", "dla": "logo du DLA"}


def _listing(folder: Path) -> dict[str, list[str]]:
    return {
        key: sorted(
            p.name
            for p in (folder / kind.folder).iterdir()
            if p.is_file() and not p.name.startswith(".")
        )
        if (folder / kind.folder).is_dir()
        else []
        for key, kind in KINDS.items()
    }


async def files_page(request: Request) -> Response:
    state = state_of(request)
    return render(
        request,
        "fichiers.html",
        {"kinds": KINDS, "listing": _listing(state.folder), "roles": LOGO_ROLES},
    )


async def _read_bounded(upload: UploadFile, limit: int) -> bytes | None:
    data = await upload.read(limit + 1)
    return None if len(data) > limit else data


def _xlsx_ok(data: bytes) -> bool:
    # The upload is at most 10 MB, which bounds the zip index read here (no member is inflated).
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


async def upload(request: Request) -> Response:
    state = state_of(request)
    kind = KINDS.get(request.path_params["kind"])
    if kind is None:
        raise HTTPException(404, "Type de fichier inconnu.")
    form = await checked_form(request)
    given = form.get("fichier")
    if not isinstance(given, UploadFile) or not given.filename:
        return _refuse(request, 400, "Choisissez un fichier à déposer.")
    data = await _read_bounded(given, kind.limit)
    if data is None:
        return _refuse(
            request, 413, f"« {given.filename} » refusé : il dépasse {kind.limit // MB} Mo."
        )
    extension = kind.sniff(data[:64])
    if extension == ".xlsx" and not _xlsx_ok(data):
        extension = None
    if extension is None:
        return _refuse(request, 415, f"« {given.filename} » refusé : {kind.refused}.")
    folder = state.folder / kind.folder
    if security.inside(state.folder, kind.folder) is None:
        return _refuse(
            request,
            400,
            f"Le dossier « {kind.folder} » du projet mène en dehors du projet : dépôt refusé.",
        )
    folder.mkdir(exist_ok=True)
    name = security.sanitise_name(given.filename, extension)
    while True:
        target = security.free_name(folder, name)
        # Checked from the project folder: a sub-folder that is a link to elsewhere is refused.
        if security.inside(state.folder, f"{kind.folder}/{target.name}") != target.resolve():
            return _refuse(request, 400, "Nom de fichier refusé.")
        try:
            tomledit.atomic_create(target, data)  # never replaces a file, even one made meanwhile
            break
        except FileExistsError:
            continue  # made by someone else between the two steps: take the next free name
    relative = target.relative_to(state.folder).as_posix()
    message = f"« {given.filename} » enregistré dans le projet : {relative}"
    role = str(form.get("role", ""))
    if kind.folder == "logos" and role in LOGO_ROLES:
        message += _declare_logo(state.project, role, relative)
    if kind.folder == "reponses" and form.get("declarer") == "on":
        message += _declare_answers(state.project, relative)
    context = {
        "kinds": KINDS,
        "listing": _listing(state.folder),
        "roles": LOGO_ROLES,
        "message": message,
    }
    return render(request, "fichiers.html", context)


def _edit_project(path: Path | None, where: str, change: Callable[[Any], str]) -> str:
    """Apply ``change`` to the project file as it is now (no stale form is written back).

    Returns what to add to the page's message: what was done, or why not.
    """
    assert path is not None
    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8-sig"))
        said = change(doc)
    except (OSError, ValueError, TypeError, AttributeError) as error:
        return (
            f" ; dladocs.toml n'a pas pu être modifié ({error}) : indiquez ce chemin dans {where}"
        )
    if said.startswith(","):
        tomledit.atomic_write(path, tomlkit.dumps(doc))
    return said


def _declare_logo(path: Path | None, role: str, relative: str) -> str:
    def change(doc: Any) -> str:
        if "logos" not in doc:
            doc["logos"] = tomlkit.table()
        doc["logos"][role] = relative
        return f", et déclaré comme {LOGO_ROLES[role]} dans dladocs.toml ([logos] {role})"

    return _edit_project(path, f"[logos] {role}", change)


def _declare_answers(path: Path | None, relative: str) -> str:
    def change(doc: Any) -> str:
        if "evaluation" not in doc:
            doc["evaluation"] = tomlkit.table()
        patterns = doc["evaluation"].setdefault("reponses", tomlkit.array())
        if any(PurePosixPath(relative).match(str(p)) for p in patterns):
            return " ; [evaluation] reponses le lit déjà"
        patterns.append(relative)
        return ", et ajouté à [evaluation] reponses dans dladocs.toml"

    return _edit_project(path, "[evaluation] reponses", change)


def _refuse(request: Request, status: int, text: str) -> Response:
    state = state_of(request)
    context = {
        "kinds": KINDS,
        "listing": _listing(state.folder),
        "roles": LOGO_ROLES,
        "refusal": text,
    }
    return render(request, "fichiers.html", context, status=status)


# --------------------------------------------------------------------------- output folder


def manifest_files(out: Path) -> list[str]:
    """The documents the last build wrote, as paths relative to the output folder."""
    from dladocs._output import MANIFEST

    try:
        data: Any = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    paths = [a.get("path") for a in data.get("artifacts", []) if isinstance(a, dict)]
    return [p for p in paths if isinstance(p, str)]


async def output_file(request: Request) -> Response:
    from dladocs.report import INDEX

    state = state_of(request)
    relative = request.path_params["path"]
    allowed = {INDEX, *manifest_files(state.out)}
    target = security.inside(state.out, relative)
    if relative not in allowed or target is None or not target.is_file():
        raise HTTPException(
            404, f"« {relative[:100]} » n'est pas un document du dossier de sortie."
        )
    return FileResponse(target)


async def output_zip(request: Request) -> Response:
    state = state_of(request)
    files = [(p, security.inside(state.out, p)) for p in manifest_files(state.out)]
    present = [(p, t) for p, t in files if t is not None and t.is_file()]
    if not present:
        raise HTTPException(404, "Aucun document construit : lancez d'abord la construction.")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in sorted(present):
            archive.write(path, name)
    name = security.sanitise_name(state.folder.name, ".zip", fallback="documents")
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


routes = [
    Route("/fichiers", files_page),
    Route("/fichiers/{kind}", upload, methods=["POST"]),
    Route("/sortie/{path:path}", output_file),
    Route("/documents.zip", output_zip),
]
