"""One region's share of a build: render, convert, verify.  Runs inline or in a worker process."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dladocs import _archive, _assets, _output, _thumbnails
from dladocs._plan import PlannedDocument
from dladocs.types import (
    Artifact,
    CheckOptions,
    ContextRequest,
    DocumentType,
    Logo,
    Region,
    Renderer,
    RenderJob,
)
from dladocs.verify import FileCheck, LogoIdentifier, Status, verify

if TYPE_CHECKING:
    import pluggy
    from PIL import Image

    from dladocs.evaluation import EvaluationSummary
    from dladocs.project import Project
    from dladocs.recognition import Analysis

INSPECTED = ("docx", "pptx", "pdf")

Progress = Callable[[str, str, str], None]  # (phase, document, region)


@dataclass(frozen=True, slots=True)
class RegionTask:
    """What a process needs to build one region: plain values, so that it crosses to a worker.

    The pipeline makes it; the phases below receive it and never call the pipeline back.
    """

    project_path: Path
    example: bool
    region: str
    home_region: str
    documents: tuple[PlannedDocument, ...]
    staging: Path
    cache: Path
    evaluation: EvaluationSummary | None
    pdf: bool
    pdfa: bool
    project: Project | None = None  # the loaded project, when the task runs in this process


@dataclass(frozen=True, slots=True)
class RegionState:
    """A region's build state: the plugins' answers for it, fetched once per process."""

    project: Project
    pm: pluggy.PluginManager
    documents: Mapping[str, DocumentType]
    region: Region
    logos: Mapping[str, Logo]
    assets: dict[str, Path]


def _load(task: RegionTask) -> RegionState:
    import dladocs.plugins  # noqa: F401  - registers the departments of plugins' regions
    from dladocs.plugins import get_documents, get_logos, get_plugin_manager, get_regions
    from dladocs.project import load_project

    if task.project is not None:
        project = task.project
    else:
        project = load_project(task.project_path)
        project._example = task.example
    pm = get_plugin_manager()
    region = get_regions(pm)[task.region]
    logos = get_logos(pm, project, region)
    assets = _assets.prepare(logos, task.cache / "logos", project=project)
    return RegionState(project, pm, get_documents(pm), region, logos, assets)


def render(
    task: RegionTask, report: Progress | None = None, state: RegionState | None = None
) -> list[Artifact]:
    """Phase 1: write every file of the region's documents (office files and native formats)."""
    from dladocs.plugins import amend_context, get_rule_sets, guarded_call

    state = state or _load(task)
    project, pm, region = state.project, state.pm, state.region
    rule_set = get_rule_sets(pm)[project.accompaniment.programme]
    workdir = task.staging / ".travail" / region.slug
    workdir.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.combine(_document_date(project), dt.time(12, 0))
    made: list[Artifact] = []
    for planned in task.documents:
        document = state.documents[planned.document]
        request = ContextRequest(
            document=document,
            project=project,
            region=region,
            logos=state.logos,
            assets=state.assets,
            rule_set=rule_set,
            workdir=workdir,
            evaluation=task.evaluation,
            home_region=task.home_region,
            documents=state.documents,
        )
        context = guarded_call(pm, document, "la fonction de contexte", document.context, request)
        amend_context(pm, document, project, region, context)
        for fmt, relative in planned.outputs.items():
            output = task.staging / relative
            output.parent.mkdir(parents=True, exist_ok=True)
            template = Path(planned.templates[fmt]) if fmt in planned.templates else None
            renderer = document.renderers.get(fmt) or _default_renderer(fmt, document.id)
            job = RenderJob(document, project, region, fmt, template, context, output)  # type: ignore[arg-type]
            if fmt in document.renderers:
                guarded_call(pm, document, f"le moteur de rendu {fmt}", renderer, job)
            else:
                renderer(job)
            if fmt in ("docx", "pptx"):
                from functools import partial

                from dladocs.fonts import apply as mention_font

                # The band's font: the project's choice, or a theme's (dladocs_context hook).
                family = (context.get("bandeau") or {}).get("police_ue")
                _archive.normalise(output, when, partial(mention_font, fmt=fmt, family=family))
            made.append(
                Artifact(document.id, region.code, fmt, Path(relative), _output.sha256(output))
            )
            made += _companions(task.staging, job, Path(relative))
        if report is not None:
            report("écrit", document.id, region.code)
    return made


def _companions(staging: Path, job: RenderJob, relative: Path) -> list[Artifact]:
    """Files a renderer wrote in the folder named after its output (one certificate per person).

    Those it proved to be copies of a page of its output (``job.copies``) say so.
    """
    folder = staging / relative.with_suffix("")
    if not folder.is_dir():
        return []
    copies = {path.resolve(): page for path, page in job.copies.items()}
    made = []
    for path in sorted(folder.glob(f"*.{job.format}")):
        page = copies.get(path.resolve())
        made.append(
            Artifact(
                job.document.id,
                job.region.code,
                job.format,
                path.relative_to(staging),
                _output.sha256(path),
                copy_of=(relative, page) if page is not None else None,
            )
        )
    return made


def to_convert(
    task: RegionTask, made: list[Artifact], documents: Mapping[str, DocumentType]
) -> list[Path]:
    """The office files of ``made`` that ``--pdf`` turns into PDFs (phase 2 converts them).

    With ``--pdfa``, the printable version of each form (the grid's DOCX) is converted
    too, into the work folder: the fillable PDF is not PDF/A, the closing dossier must be.
    """
    if not task.pdf:
        return []
    files = [
        task.staging / a.path
        for a in made
        if a.format in ("docx", "pptx") and documents[a.document].pdf
    ]
    if task.pdfa:
        for artifact in made:
            if artifact.format == "docx" and documents[artifact.document].form:
                copy = _archival(task, artifact)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(task.staging / artifact.path, copy)
                files.append(copy)
    return files


def _archival(task: RegionTask, artifact: Artifact) -> Path:
    """Where the printable copy of a form is converted for the PDF/A dossier."""
    return task.staging / ".travail" / "archive" / artifact.path


def finish(
    task: RegionTask,
    made: list[Artifact],
    analyses: Mapping[str, Analysis] | None = None,
    report: Progress | None = None,
    state: RegionState | None = None,
) -> tuple[list[Artifact], list[FileCheck]]:
    """Phase 3: post-process the converted PDFs, assemble the dossier, verify every file.

    ``analyses`` are picture analyses made during phase 2 (see :mod:`dladocs._prepare`).
    """
    if analyses:
        from dladocs.recognition import adopt

        adopt(analyses)
    state = state or _load(task)
    region = state.region
    made = list(made)
    dossier: _thumbnails.Dossier | None = None
    if task.pdf:
        made, dossier = _pdfs(task, made, state, report)
    checks = verify_files(state, made, task.staging)
    # index.html's thumbnails, drawn here, by every worker, while the others verify.
    pdfs = [(task.staging / a.path, a.sha256) for a in made if a.format == "pdf" and not a.copy_of]
    pdfs = [(path, digest) for path, digest in pdfs if dossier is None or path != dossier.path]
    digests = {a.path: a.sha256 for a in made}
    copies = [
        _thumbnails.PageCopy(a.sha256, digests[a.copy_of[0]], a.copy_of[1])
        for a in made
        if a.format == "pdf" and a.copy_of and a.copy_of[0] in digests
    ]
    # Pages the inspection found drawing what an earlier page drew (most of a deck, from one
    # region to the next) take that page's thumbnail.
    from dladocs.inspect._pdf_reuse import page_fingerprints

    keys = {path: found for path, _ in pdfs if (found := page_fingerprints(path)) is not None}
    _thumbnails.warm(task.cache / _thumbnails.CACHE, pdfs, dossier, copies, keys)
    if report is not None:
        for document_id in dict.fromkeys(a.document for a in made if a.document != "dossier"):
            report("vérifié", document_id, region.code)
    return made, checks


def verify_files(state: RegionState, artifacts: list[Artifact], root: Path) -> list[FileCheck]:
    """Inspect and verify each of ``artifacts`` (paths relative to ``root``) for its document."""
    from dladocs.inspect import inspect_file
    from dladocs.plugins import get_requirements

    project, pm, region = state.project, state.pm, state.region
    options = CheckOptions(
        programme=project.accompaniment.programme,
        strict=project.verification.strict,
        strict_size=project.verification.logo_size == "stricte",
        emblem_scope="cover" if project.verification.emblem == "couverture" else "every-surface",
    )
    recognise = _identifier(state.assets)
    checks: dict[Path, FileCheck] = {}
    # Sources before their copies: a copy of a verified page takes that page's verdict.
    for artifact in sorted(artifacts, key=lambda a: a.copy_of is not None):
        if artifact.format not in INSPECTED:
            continue  # a CSV header has no pages to show logos on
        source = checks.get(artifact.copy_of[0]) if artifact.copy_of else None
        if artifact.copy_of is not None and source is not None:
            checks[artifact.path] = _page_check(artifact.path, source, artifact.copy_of[1])
            continue
        document = (
            _dossier_type()
            if artifact.document == "dossier"
            else state.documents[artifact.document]
        )
        inspection = inspect_file(root / artifact.path)
        violations = verify(
            inspection,
            pm=pm,
            options=options,
            requirements=get_requirements(pm, document, project, region),
            recognise=recognise,
            document=document,
            project=project,
            region=region,
        )
        status: Status = "fail" if any(v.severity == "error" for v in violations) else "ok"
        checks[artifact.path] = FileCheck(
            artifact.path, status, violations, surfaces=len(inspection.surfaces)
        )
    return [checks[a.path] for a in artifacts if a.path in checks]


def _page_check(path: Path, source: FileCheck, page: int) -> FileCheck:
    """The verdict on ``path``, a proven copy of page ``page`` of ``source``'s file, as its page 1.

    What was found on that page, and on the source file as a whole, holds for the copy.
    """
    from dataclasses import replace

    violations = [
        replace(v, surface=replace(v.surface, index=1)) if v.surface.index == page else v
        for v in source.violations
        if v.surface.index in (0, page)
    ]
    status: Status = "fail" if any(v.severity == "error" for v in violations) else "ok"
    return FileCheck(path, status, violations, surfaces=1)


def verify_kept(task: RegionTask, kept: list[Artifact], out: Path) -> list[FileCheck]:
    """Verify files edited by hand that the build keeps: what they now show is what counts.

    A file that cannot be read any more is reported as failing, with the reason.
    """
    from dladocs.errors import DladocsError

    state = _load(task)
    checks: list[FileCheck] = []
    for artifact in kept:
        try:
            checks += verify_files(state, [artifact], out)
        except DladocsError as error:
            checks.append(FileCheck(artifact.path, "error", error=error.message))
    return checks


def run(task: RegionTask, report: Progress | None) -> tuple[list[Artifact], list[FileCheck]]:
    """All three phases for one region in this process (a build of one region)."""
    state = _load(task)
    made = render(task, report, state)
    convert(to_convert(task, made, state.documents), pdfa=task.pdfa, sessions=1)
    return finish(task, made, report=report, state=state)


def convert(files: list[Path], *, pdfa: bool, sessions: int) -> None:
    """Phase 2: every office file of the build to PDF, in ``sessions`` LibreOffice sessions side by side.

    Starting LibreOffice costs more than converting most documents, so a build
    starts one session per worker for all its files, never one per file or per
    region; decks cost several times a DOCX, so files are dealt by weight.
    """
    if not files:
        return
    from concurrent.futures import ThreadPoolExecutor

    from dladocs.render import pdf as pdf_render

    bins: list[list[Path]] = [[] for _ in range(max(1, min(sessions, len(files))))]
    loads = [0.0] * len(bins)
    for path in sorted(files, key=_weight, reverse=True):
        lightest = loads.index(min(loads))
        bins[lightest].append(path)
        loads[lightest] += _weight(path)
    if len(bins) == 1:
        pdf_render.convert(bins[0], pdfa=pdfa)
        return
    with ThreadPoolExecutor(max_workers=len(bins)) as pool:
        list(pool.map(lambda part: pdf_render.convert(part, pdfa=pdfa), bins))


def _weight(path: Path) -> float:
    # Measured (CPU, one session, speaker notes left out): the example's deck 0.29 s, its
    # DOCX 0.06 to 0.28 s, 0.15 s on average: a deck weighs two DOCX.
    return 2.0 if path.suffix == ".pptx" else 1.0


def _document_date(project: Project) -> dt.date:
    from dladocs._facts import document_date

    return document_date(project)


def _default_renderer(fmt: str, document_id: str) -> Renderer:
    if fmt == "docx":
        from dladocs.render.docx import render

        return render
    if fmt == "pptx":
        from dladocs.render.pptx import render

        return render
    from dladocs.errors import DladocsError

    raise DladocsError(
        f"le document « {document_id} » demande le format {fmt} sans fournir de moteur de rendu pour ce format"
    )


# One identifier per set of reference logos, kept for the process: the regions of a
# national build share most logos, and each distinct picture is then analysed once.
_IDENTIFIERS: dict[tuple[tuple[str, str], ...], LogoIdentifier] = {}
_IDENTIFIERS_MAX = 8


def _identifier(assets: dict[str, Path]) -> LogoIdentifier:
    digests = {logo_id: _output.sha256(path) for logo_id, path in assets.items()}
    key = tuple(sorted(digests.items()))
    identifier = _IDENTIFIERS.get(key)
    if identifier is None:
        if len(_IDENTIFIERS) >= _IDENTIFIERS_MAX:
            _IDENTIFIERS.pop(next(iter(_IDENTIFIERS)))
        identifier = LogoIdentifier(
            _reference_images(assets),
            exact={
                digest: logo_id for logo_id, digest in digests.items() if logo_id != "eu-emblem"
            },
        )
        _IDENTIFIERS[key] = identifier
    return identifier


def _reference_images(assets: dict[str, Path]) -> dict[str, Image.Image]:
    """Every logo of the build is a reference: recognised by its image where tags are lost (PDF)."""
    from PIL import Image

    images = {}
    for logo_id, path in assets.items():
        if logo_id == "eu-emblem":
            continue
        with Image.open(path) as image:
            images[logo_id] = image.convert("RGBA")
    return images


def _pdfs(
    task: RegionTask,
    made: list[Artifact],
    state: RegionState,
    report: Progress | None,
) -> tuple[list[Artifact], _thumbnails.Dossier | None]:
    """Post-process the PDFs phase 2 converted, then assemble the region's closing dossier.

    Returns ``made`` with the PDFs, and the dossier with the PDFs it is made of.
    """
    from dladocs.render import pdf as pdf_render

    results: list[Artifact] = []
    for artifact in made:
        document = state.documents[artifact.document]
        if artifact.format not in ("docx", "pptx") or not document.pdf:
            continue
        pdf_file = (task.staging / artifact.path).with_suffix(".pdf")
        pdf_render.finish(pdf_file, project=state.project, document=document, region=state.region)
        relative = artifact.path.with_suffix(".pdf")
        results.append(
            Artifact(document.id, state.region.code, "pdf", relative, _output.sha256(pdf_file))
        )
    archival: dict[str, Path] = {}
    if task.pdfa:
        for artifact in made:
            copy = _archival(task, artifact).with_suffix(".pdf")
            if artifact.format == "docx" and copy.is_file():
                document = state.documents[artifact.document]
                pdf_render.finish(
                    copy, project=state.project, document=document, region=state.region
                )
                archival[artifact.document] = copy
    arguments = (task.staging, state.region, state.project, made + results, state.documents)
    path = pdf_render.dossier(*arguments, archival)
    if path is None:
        return made + results, None
    digest = _output.sha256(path)
    results.append(
        Artifact("dossier", state.region.code, "pdf", path.relative_to(task.staging), digest)
    )
    sources = pdf_render.dossier_sources(
        task.staging, state.region, made + results, state.documents, archival
    )
    return made + results, _thumbnails.Dossier(path, digest, sources)


def _dossier_type() -> DocumentType:
    from dladocs.render.pdf import DOSSIER

    return DOSSIER
