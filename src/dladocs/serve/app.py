"""The Starlette application: routes, static files, French error pages and the guards."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from dladocs.serve import checking, contents, files, jobs, pages
from dladocs.serve.security import GuardMiddleware
from dladocs.serve.state import HERE, ServerState, render, templates


def _field_id(name: str) -> str:
    """An HTML id for a field name such as ``porteurs[2].nom``."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")


def _surface(kind: str, index: int, variant: str = "") -> str:
    from dladocs.types import surface_label

    return surface_label(kind, index, variant)


def _short(path: Path | str) -> str:
    """A path as people read it: under the home folder, « ~/Documents/... »."""
    try:
        return "~/" + Path(path).relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):
        return str(path)


templates.env.filters["fid"] = _field_id
templates.env.filters["court"] = _short
templates.env.filters["surface"] = _surface


async def _error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "erreur inattendue"
    if status == 404 and detail == "Not Found":
        detail = "Cette page n'existe pas."
    if status == 405:
        detail = "Cette adresse ne s'utilise pas ainsi (méthode non permise)."
    return render(request, "erreur.html", {"message": detail}, status=status)


def create_app(state: ServerState) -> Starlette:
    """The application for ``state``; its guards read the allowed hosts from ``state``."""
    routes = [
        *pages.routes,
        *files.routes,
        *contents.routes,
        *jobs.routes,
        *checking.routes,
        Mount("/static", StaticFiles(directory=Path(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(GuardMiddleware, host_ok=state.host_ok)],
        exception_handlers={HTTPException: _error},
    )
    app.state.dladocs = state
    return app
