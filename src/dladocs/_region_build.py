"""One region's share of a build: render, convert, verify.  Runs inline or in a worker process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dladocs import _archive, _assets, _output
from dladocs.types import Artifact, CheckOptions, ContextRequest, RenderJob
from dladocs.verify import FileCheck, Recogniser, verify

if TYPE_CHECKING:
    from dladocs.build import Progress, _Task


INSPECTED = ("docx", "pptx", "pdf")


def run(task: _Task, report: Progress | None) -> tuple[list[Artifact], list[FileCheck]]:
    from dladocs.plugins import (
        amend_context,
        get_documents,
        get_logos,
        get_plugin_manager,
        get_regions,
        get_requirements,
        get_rule_sets,
    )
    from dladocs.project import load_project

    project = load_project(task.project_path)
    project._example = task.example
    pm = get_plugin_manager()
    documents = get_documents(pm)
    region = get_regions(pm)[task.region]
    rule_sets = get_rule_sets(pm)
    rule_set = rule_sets[project.accompaniment.programme]
    logos = get_logos(pm, project, region)
    assets = _assets.prepare(logos, task.cache / "logos")
    workdir = task.staging / ".travail" / region.slug
    workdir.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.combine(_document_date(project), dt.time(12, 0))
    made: list[tuple[Artifact, Any]] = []
    for planned in task.documents:
        document = documents[planned.document]
        request = ContextRequest(
            document=document,
            project=project,
            region=region,
            logos=logos,
            assets=assets,
            rule_set=rule_set,
            workdir=workdir,
            evaluation=task.evaluation,
            home_region=task.home_region,
            documents=documents,
        )
        context = document.context(request)
        amend_context(pm, document, project, region, context)
        for fmt, relative in planned.outputs.items():
            output = task.staging / relative
            output.parent.mkdir(parents=True, exist_ok=True)
            template = Path(planned.templates[fmt]) if fmt in planned.templates else None
            renderer = document.renderers.get(fmt) or _default_renderer(fmt, document.id)
            renderer(RenderJob(document, project, region, fmt, template, context, output))  # type: ignore[arg-type]
            if fmt in ("docx", "pptx"):
                _archive.normalise(output, when)
            if report is not None:
                report("écrit", document.id, region.code)
            made.append((Artifact(document.id, region.code, fmt, Path(relative), _output.sha256(output)), document))
    if task.pdf:
        made += _pdfs(task, made, project, region, documents, report)
    options = CheckOptions(
        programme=project.accompaniment.programme,
        strict=project.verification.strict,
        strict_size=project.verification.logo_size == "stricte",
        emblem_scope="cover" if project.verification.emblem == "couverture" else "every-surface",
    )
    recognise = Recogniser(_reference_images(assets))
    checks = []
    from dladocs.inspect import inspect_file

    for artifact, document in made:
        if artifact.format not in INSPECTED:
            continue  # a CSV header has no pages to show logos on
        path = task.staging / artifact.path
        inspection = inspect_file(path)
        requirements = get_requirements(pm, document, project, region)
        violations = verify(
            inspection,
            pm=pm,
            options=options,
            requirements=requirements,
            recognise=recognise,
            document=document,
            project=project,
        )
        status = "fail" if any(v.severity == "error" for v in violations) else "ok"
        checks.append(FileCheck(artifact.path, status, violations, surfaces=len(inspection.surfaces)))  # type: ignore[arg-type]
        if report is not None:
            report("vérifié", artifact.document, region.code)
    return [artifact for artifact, _ in made], checks


def _document_date(project: Any) -> dt.date:
    from dladocs.default_plugins._context import document_date

    return document_date(project)


def _default_renderer(fmt: str, document_id: str) -> Any:
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


def _reference_images(assets: dict[str, Path]) -> dict[str, Any]:
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
    task: _Task,
    made: list[tuple[Artifact, Any]],
    project: Any,
    region: Any,
    documents: Any,
    report: Progress | None,
) -> list[tuple[Artifact, Any]]:
    """Convert the office files of this region with one LibreOffice session, then post-process."""
    from dladocs.render import pdf as pdf_render

    sources = [
        (artifact, document)
        for artifact, document in made
        if artifact.format in ("docx", "pptx") and document.pdf
    ]
    converted = pdf_render.convert([task.staging / a.path for a, _ in sources], pdfa=task.pdfa)
    results: list[tuple[Artifact, Any]] = []
    for (artifact, document), pdf_file in zip(sources, converted, strict=True):
        pdf_render.finish(pdf_file, project=project, document=document, region=region)
        relative = artifact.path.with_suffix(".pdf")
        results.append((Artifact(document.id, region.code, "pdf", relative, _output.sha256(pdf_file)), document))
        if report is not None:
            report("PDF", document.id, region.code)
    dossier = pdf_render.dossier(task.staging, region, project, [a for a, _ in made + results], documents)
    if dossier is not None:
        relative = dossier.relative_to(task.staging)
        results.append((Artifact("dossier", region.code, "pdf", relative, _output.sha256(dossier)), _dossier_type()))
    return results


def _dossier_type() -> Any:
    from dladocs.render.pdf import DOSSIER

    return DOSSIER
