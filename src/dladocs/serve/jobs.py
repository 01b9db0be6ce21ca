"""Build from the page, one build at a time, with its progress polled by the page (htmx).

The build runs in a thread of the server and reports through the same
progress callback as the command line.  The server's own lock keeps a
second build of the page from starting; the output folder's lock
(:func:`dladocs._output.locked`, taken by :func:`dladocs.pipeline.build`) keeps
out a build started meanwhile from a terminal.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dladocs.serve.files import manifest_files
from dladocs.serve.state import BuildJob, checked_form, render, state_of


class _Progress:
    """The build's progress callback, writing French lines into the job."""

    def __init__(self, job: BuildJob) -> None:
        self.job = job

    def start(self, total: int, documents: Sequence[str] = ()) -> None:
        self.job.total = total

    def __call__(self, phase: str, document: str, region: str) -> None:
        from dladocs._console import PHASES

        self.job.steps.append(f"{document} ({region}) : {PHASES.get(phase, phase)}")


def _run(job: BuildJob, project_file: Path, out: Path, pdf: bool | None) -> None:
    import dladocs.plugins  # noqa: F401  - registers the departments of plugins' regions
    from dladocs.errors import DladocsError
    from dladocs.pipeline import BuildOptions, build
    from dladocs.project import load_project

    try:
        project = load_project(project_file)
        # One worker: the server is threaded, and forking a threaded process is unsafe.
        result = build(project, out, BuildOptions(pdf=pdf, jobs=1), progress=_Progress(job))
        job.warnings = list(result.warnings)
        job.outcome = "ok" if result.compliant else "fail"
        job.message = (
            "Construction terminée : chaque document est conforme."
            if result.compliant
            else "Construction terminée, mais une règle n'est pas respectée : voyez le rapport."
        )
    except DladocsError as error:
        job.outcome, job.message = "error", str(error)
    except OSError as error:
        from dladocs.errors import from_os_error

        job.outcome, job.message = "error", str(from_os_error(error))
    except Exception as error:  # never leave the page waiting for a build that died
        job.outcome, job.message = "error", f"erreur inattendue pendant la construction : {error!r}"
    finally:
        job.running = False
        job.lock.release()


def _context(request: Request) -> dict[str, object]:
    state = state_of(request)
    job = state.job
    if job.project != state.project and not job.running:
        job = BuildJob()  # the last build was of another project
    done = len(job.steps)
    percent = round(100 * done / job.total) if job.total else 0
    return {
        "job": job,
        "percent": min(percent, 100),
        "documents": manifest_files(state.out),
        "has_report": (state.out / "index.html").is_file(),
    }


async def build_page(request: Request) -> Response:
    return render(request, "construire.html", _context(request))


async def start_build(request: Request) -> Response:
    state = state_of(request)
    form = await checked_form(request)
    job = state.job
    if not job.lock.acquire(blocking=False):
        context = {
            **_context(request),
            "refusal": "Une construction est déjà en cours : attendez qu'elle se termine.",
        }
        return render(request, "construire.html", context, status=409)
    assert state.project is not None
    job.running, job.total, job.steps, job.outcome, job.message, job.warnings = (
        True,
        0,
        [],
        "",
        "",
        [],
    )
    job.project = state.project
    pdf = True if form.get("pdf") == "on" else None
    thread = threading.Thread(
        target=_run, args=(job, state.project, state.out, pdf), name="dladocs-build", daemon=True
    )
    thread.start()
    from starlette.responses import RedirectResponse

    return RedirectResponse("/construire", status_code=303)


async def build_status(request: Request) -> Response:
    return render(request, "_progression.html", _context(request))


routes = [
    Route("/construire", build_page),
    Route("/construire", start_build, methods=["POST"]),
    Route("/construire/etat", build_status),
]
