"""What the server knows between requests, the page renderer, and the CSRF-checked form reader."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from dladocs.serve import security

HERE = Path(__file__).parent
OUTPUT = "dladocs-out"  # the output folder, inside the project folder


@dataclass(slots=True)
class BuildJob:
    """The one build the server may run at a time, and what it has said so far."""

    running: bool = False
    total: int = 0
    steps: list[str] = field(default_factory=list)
    outcome: str = ""  # "", "ok", "fail", "error"
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    project: Path | None = None  # the project built: another one opened since has no outcome yet
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(slots=True)
class ServerState:
    """The server's settings and its open project (``project``: a ``dladocs.toml``)."""

    workspace: Path
    project: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8765
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    job: BuildJob = field(default_factory=BuildJob)

    def host_ok(self, value: str) -> bool:
        return security.host_allowed(value, self.port, self.host)

    @property
    def folder(self) -> Path:
        if self.project is None:
            raise HTTPException(409, "Aucun projet ouvert.")
        return self.project.parent

    @property
    def out(self) -> Path:
        return self.folder / OUTPUT


templates = Jinja2Templates(directory=HERE / "templates")


def state_of(request: Request) -> ServerState:
    state: ServerState = request.app.state.dladocs
    return state


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> Response:
    state = state_of(request)
    title = ""
    if state.project is not None and state.project.is_file():
        title = _title(state.project)
    base = {"csrf": state.token, "project": state.project, "project_title": title}
    return templates.TemplateResponse(
        request, name, {**base, **(context or {})}, status_code=status
    )


def _title(path: Path) -> str:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return ""
    title = (
        data.get("accompagnement", {}).get("titre", "")
        if isinstance(data.get("accompagnement"), dict)
        else ""
    )
    return title if isinstance(title, str) else ""


async def checked_form(request: Request) -> FormData:
    """The request's form, after its CSRF token (field or htmx header) was found right."""
    state = state_of(request)
    try:
        form = await request.form(max_files=20, max_fields=5000)
    except security.BodyTooLarge:
        raise
    except Exception as error:  # multipart errors: a truncated or malformed body
        raise HTTPException(400, f"Requête illisible : {error}") from None
    given = request.headers.get(security.CSRF_HEADER) or form.get(security.CSRF_FIELD)
    if not security.csrf_ok(state.token, given if isinstance(given, str) else None):
        raise HTTPException(
            403,
            "Requête refusée : le jeton de sécurité du formulaire manque ou ne correspond pas "
            "(protection CSRF). Rechargez la page et recommencez.",
        )
    return form
