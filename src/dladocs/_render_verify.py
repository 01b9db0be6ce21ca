"""Render and verify a build's documents region by region, in this process or in workers.

One :class:`~dladocs._region_build.RegionTask` per region; with one job (or one
region) the tasks run here, otherwise in the worker pool, with the PDFs of every
region converted between rendering and verifying.  The files edited by hand that
the build keeps are inspected here too, region by region.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from dladocs import _output, _prepare
from dladocs._plan import Plan, PlannedDocument
from dladocs._region_build import Progress, RegionTask
from dladocs.project import Project
from dladocs.types import Artifact, DocumentType
from dladocs.verify import FileCheck

if TYPE_CHECKING:
    from dladocs.evaluation import EvaluationSummary

_Result = TypeVar("_Result")
_OFFICE = ("docx", "pptx")


def render_and_verify(
    project: Project,
    plan: Plan,
    documents: Mapping[str, DocumentType],
    todo: Sequence[PlannedDocument],
    staging: Path,
    out: Path,
    evaluation: EvaluationSummary | None,
    jobs: int | None,
    report: Progress,
) -> tuple[list[Artifact], list[FileCheck]]:
    """The files of ``todo`` rendered into ``staging``, and their checks.

    ``jobs`` is how many processes work; ``None``: one a region, at most one a core.
    """
    by_region: dict[str, list[PlannedDocument]] = {}
    for planned in todo:
        by_region.setdefault(planned.region, []).append(planned)
    tasks = [
        RegionTask(
            project.path,
            project.is_example,
            region,
            plan.home_region,
            tuple(items),
            staging,
            out / _output.CACHE,
            evaluation,
            plan.pdf,
            plan.pdfa,
        )
        for region, items in by_region.items()
    ]
    jobs = jobs or min(len(tasks), os.cpu_count() or 1)
    produced: list[Artifact] = []
    checks: list[FileCheck] = []
    results: list[tuple[list[Artifact], list[FileCheck]]]
    from dladocs import _region_build, _workers

    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            made, checked = _region_build.run(dataclasses.replace(task, project=project), report)
            produced += made
            checks += checked
        return produced, checks
    _workers.warm_imports()
    with _workers.pool(jobs) as pool:

        def each_region(
            work: Callable[..., _Result], phases: tuple[str, ...], *extra: Sequence[object]
        ) -> list[_Result]:
            """``work(task, ...)`` for every region in the pool; results in the tasks' order."""
            from concurrent.futures import as_completed

            futures = {
                pool.submit(work, task, *args): index
                for index, (task, *args) in enumerate(zip(tasks, *extra, strict=True))
            }
            answers: dict[int, _Result] = {}
            for done in as_completed(futures):
                index = futures[done]
                answers[index] = done.result()
                for planned in tasks[index].documents:
                    for phase in phases:
                        report(phase, planned.document, tasks[index].region)
            return [answers[index] for index in range(len(tasks))]

        if not plan.pdf:
            # Nothing to convert: each region is rendered and verified whole by one worker,
            # its project and logos loaded once, with no wait for the other regions between.
            results = each_region(_region_build.run, ("écrit", "vérifié"), [None] * len(tasks))
        else:
            # Three phases: render every region, convert every PDF of the build in one
            # LibreOffice session per worker, then finish and verify every region.
            rendered = each_region(_region_build.render, ("écrit",))
            files = [
                path
                for task, made in zip(tasks, rendered, strict=True)
                for path in _region_build.to_convert(task, made, documents)
            ]
            # The pictures of one region (most are every region's) analysed meanwhile, on the
            # processor time LibreOffice leaves idle; each worker is handed the analyses.
            first = [tasks[0].staging / a.path for a in rendered[0] if a.format in _OFFICE]
            with _prepare.ahead(first) as analyses:
                _region_build.convert(files, pdfa=plan.pdfa, sessions=jobs)
            results = each_region(
                _region_build.finish, ("vérifié",), rendered, [analyses] * len(tasks)
            )
    for made, checked in results:
        produced += made
        checks += checked
    return produced, checks


def verify_kept(
    project: Project, plan: Plan, kept: Sequence[Artifact], out: Path
) -> list[FileCheck]:
    """Inspect the files edited by hand that the build leaves in place, region by region."""
    if not kept:
        return []
    from dladocs import _region_build

    checks: list[FileCheck] = []
    by_region: dict[str, list[Artifact]] = {}
    for artifact in kept:
        by_region.setdefault(artifact.region, []).append(artifact)
    for region, artifacts in by_region.items():
        task = RegionTask(
            project.path,
            project.is_example,
            region,
            plan.home_region,
            (),
            out,
            out / _output.CACHE,
            None,
            plan.pdf,
            plan.pdfa,
            project=project,
        )
        checks += _region_build.verify_kept(task, artifacts, out)
    return checks
