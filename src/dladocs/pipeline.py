"""The build pipeline: project → plan → render → (PDF) → inspect → verify → manifest.

Data flows one way.  Rendering happens in a staging folder; nothing reaches
the output folder unless every file passes verification, and then it arrives
through an atomic commit (see :mod:`dladocs._output`).

This module holds the public entry (:func:`build`, :class:`BuildOptions`,
:class:`BuildResult`) and runs the phases in order; each phase's work lives in
its own module: :mod:`dladocs._build_warnings` (what the project's file makes
worth saying), :mod:`dladocs._build_folder` (the output folder: same project,
up to date, edited by hand, rejected files), :mod:`dladocs._render_verify`
(regions in this process or in workers) and :mod:`dladocs._manifest_merge`.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dladocs import _companions, _output
from dladocs._build_folder import (
    backup_stamp,
    check_same_project,
    edited_elsewhere,
    elsewhere_message,
    kept_message,
    reject,
    split_fresh,
    targets,
)
from dladocs._build_warnings import logo_warnings, project_warnings, unfinished
from dladocs._manifest_merge import merge_manifest
from dladocs._plan import make_plan
from dladocs._region_build import Progress
from dladocs._render_verify import render_and_verify, verify_kept
from dladocs.errors import DladocsError
from dladocs.project import Project
from dladocs.types import Artifact, FileFormat, RuleSet
from dladocs.verify import FileCheck

if TYPE_CHECKING:
    from dladocs.evaluation import EvaluationSummary

__all__ = ["FORMATS", "BuildOptions", "BuildResult", "Progress", "build"]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build.  ``regions``: ``None`` for the project's region, ``"all"``, or codes/names."""

    regions: str | None = None
    only: tuple[str, ...] = ()
    pdf: bool | None = None
    pdfa: bool | None = None
    force: bool = False
    jobs: int | None = None


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build made, what it checked, and what it has to say.

    Made once, when the build ends (a build that stops on bad input raises
    instead), so its fields are never reassigned.
    """

    out_dir: Path
    artifacts: list[Artifact] = field(default_factory=list)
    written: list[Artifact] = field(default_factory=list)
    up_to_date: list[Artifact] = field(default_factory=list)
    # Edited by hand, inputs unchanged: left as they are.
    kept: list[Artifact] = field(default_factory=list)
    checks: list[FileCheck] = field(default_factory=list)
    # The checks of the files edited by hand and kept: the build did not write them, but the
    # output folder holds them, so what they show is checked and said.
    kept_checks: list[FileCheck] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected: Path | None = None

    @property
    def ok(self) -> bool:
        """Every file this build wrote passes (otherwise nothing was written)."""
        return _passes(self.checks)

    @property
    def compliant(self) -> bool:
        """Every file of the output folder the build stands behind passes, kept ones included."""
        return self.ok and _passes(self.kept_checks)

    @property
    def manifest(self) -> Path:
        return self.out_dir / _output.MANIFEST


def build(  # noqa: PLR0915  - the pipeline in reading order: plan, lock, render, verify, commit
    project: Project,
    out_dir: Path | str = "dladocs-out",
    options: BuildOptions | None = None,
    *,
    progress: Progress | None = None,
) -> BuildResult:
    """Build every deliverable of ``project`` into ``out_dir`` and verify each file.

    Raises :class:`dladocs.errors.DladocsError` for bad input (exit code 2).
    A result whose ``ok`` is false means a rule is broken: nothing was
    written to ``out_dir``; the files are kept in ``result.rejected`` for review.
    """
    from dladocs.plugins import (
        get_documents,
        get_logos,
        get_plugin_manager,
        get_regions,
        get_rule_sets,
    )

    options = options or BuildOptions()
    out = Path(out_dir).resolve()
    from dladocs._outdir import check_output_folder

    check_output_folder(Path(out_dir), force=options.force)
    report = progress or (lambda phase, document, region: None)
    pm = get_plugin_manager()
    documents = get_documents(pm)
    regions = get_regions(pm)
    rule_sets = get_rule_sets(pm)
    _check_programme(project, rule_sets)
    from dladocs import _plan
    from dladocs.content import check_project

    check_project(project, pm)  # a misspelt module or a broken one: exit 2 before any work
    from dladocs._plan import resolve_home_region, select_documents, select_regions

    home = resolve_home_region(project, regions)
    selected_regions = select_regions(options.regions, home, regions)
    selected_documents = select_documents(options.only, documents)
    selected_documents = _plan.with_presence(selected_documents, project, options.only)
    pdf, pdfa, office_missing = _pdf_choice(project, options)
    evaluation_files = project.response_files()
    # The plugins' logos for each region, asked once: the plan keys on them, the warnings name them.
    logos = {region.code: get_logos(pm, project, region) for region in selected_regions}
    plan = make_plan(
        project,
        pm=pm,
        documents=selected_documents,
        regions=selected_regions,
        home_region=home.code,
        pdf=pdf,
        pdfa=pdfa,
        evaluation_files=evaluation_files,
        logos=logos,
    )
    # Gathered phase after phase, in the order the user reads them; the manifest records
    # those said before the commit.
    warnings = project_warnings(project, selected_regions)
    warnings += unfinished(project, home)
    if office_missing:
        warnings.append(office_missing)
    from dladocs._outdir import naming

    with naming(out), _output.locked(out):
        warnings += logo_warnings(project, selected_regions, logos, out / _output.CACHE)
        _output.clean_leftovers(out)
        _output.recover(out)
        manifest = _output.read_manifest(out)
        check_same_project(manifest, project, out, force=options.force)
        todo, fresh, kept = split_fresh(plan, manifest, out, force=options.force)
        edited = _output.edited_files(out, targets(todo, plan), manifest)
        if edited and not options.force:
            raise DladocsError(
                _output.edited_message(out, edited, damaged=bool(manifest.extra.get("damaged"))),
                path=out,
            )
        evaluation = None
        if any(documents[p.document].evaluation for p in todo):
            evaluation, problems = _evaluation(project, evaluation_files)
            warnings += problems
        start = getattr(report, "start", None)
        if start is not None:
            start(2 * len(todo), [p.document for p in todo])  # rendered, then verified
        staging = Path(tempfile.mkdtemp(prefix=_output.STAGING_PREFIX, dir=out))
        try:
            produced, checks = render_and_verify(
                project, plan, documents, todo, staging, out, evaluation, options.jobs, report
            )
            if not _passes(checks):
                rejected = reject(out, staging, produced)
                return BuildResult(
                    out,
                    up_to_date=fresh,
                    checks=_absolute_checks(checks, rejected),
                    warnings=warnings,
                    rejected=rejected,
                )
            backups = backup_stamp(out)
            for item in edited:
                _output.backup(out, item.path, backups)
            # Files of documents left out by --only, edited by hand since: checked as they are too,
            # so that « --only rapport » does not stay silent about a broken fiche beside it.
            elsewhere = edited_elsewhere(manifest, plan, out, documents)
            kept_checks = verify_kept(project, plan, [*kept, *elsewhere], out)
            warnings += [elsewhere_message(a) for a in elsewhere]
            files = [(artifact.path.as_posix(), artifact.sha256) for artifact in produced]
            stale: list[dict[str, object]] = []
            new_manifest = merge_manifest(
                manifest,
                plan,
                produced,
                [*checks, *kept_checks],
                [*fresh, *kept],
                out,
                warnings,
                stale,
                project.root.name,
            )
            from dladocs import _uptodate

            # The fast-path record names paths on this machine: it lives in dladocs's own
            # cache folder, so that the manifest is the same wherever the project is built.
            # Removed before the commit and written after it: it always vouches for the
            # manifest on disk (and says so with that manifest's hash).
            fast = _uptodate.record(
                project.path,
                _uptodate.options_key(options.regions, options.only, options.pdf, options.pdfa),
                plan.inputs,
                out,
            )
            _uptodate.forget(out)
            _output.commit(out, staging, files, new_manifest)
            _uptodate.remember(out, fast)
            warnings += _companions.remove_stale(out, stale)
            # Said after the manifest is made: it describes what dladocs wrote, not the user's edits.
            warnings += [kept_message(a) for a in kept]
            written = [_absolute(a, out) for a in produced]
            up_to_date = [_absolute(a, out) for a in fresh]
            kept_here = [_absolute(a, out) for a in kept]
            _write_report(out, new_manifest)
            # Every path of the result is absolute, as the artifacts' are.
            return BuildResult(
                out,
                artifacts=written + up_to_date + kept_here,
                written=written,
                up_to_date=up_to_date,
                kept=kept_here,
                checks=_absolute_checks(checks, out),
                kept_checks=_absolute_checks(kept_checks, out),
                warnings=warnings,
            )
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _passes(checks: Sequence[FileCheck]) -> bool:
    return not any(check.status != "ok" for check in checks)


def _absolute_checks(checks: Sequence[FileCheck], base: Path) -> list[FileCheck]:
    return [
        check if check.path.is_absolute() else dataclasses.replace(check, path=base / check.path)
        for check in checks
    ]


def _pdf_choice(project: Project, options: BuildOptions) -> tuple[bool, bool, str]:
    """PDFs, PDF/A, and the warning when LibreOffice is missing: options over the project."""
    pdfa = project.output.pdfa if options.pdfa is None else options.pdfa
    # PDF/A is a kind of PDF: asking for it asks for the PDFs.
    pdf = (project.output.pdf if options.pdf is None else options.pdf) or bool(pdfa)
    office_missing = _libreoffice_missing(pdf)
    if office_missing:
        return False, False, office_missing  # the office files are still made; the PDFs wait
    return pdf, pdfa, ""


def _absolute(artifact: Artifact, out: Path) -> Artifact:
    return Artifact(
        artifact.document, artifact.region, artifact.format, out / artifact.path, artifact.sha256
    )


def _check_programme(project: Project, rule_sets: Mapping[str, RuleSet]) -> None:
    from dladocs.errors import ProjectError

    programmes = sorted(k for k, v in rule_sets.items() if not v.always)
    if project.accompaniment.programme not in programmes:
        raise ProjectError(
            project.path,
            [
                f"{project.where('accompagnement', 'programme')} : programme « {project.accompaniment.programme} » inconnu ; "
                f"valeurs possibles : {', '.join(programmes)}"
            ],
        )


def _evaluation(
    project: Project, files: Sequence[Path]
) -> tuple[EvaluationSummary | None, list[str]]:
    """The summary of the answers, and the warnings on the files that could not all be read."""
    if not files:
        return None, []
    from dladocs.evaluation import collect, summarise

    collection = collect(files)
    present = project.attendees or None
    summary = summarise(collection, participants=present)
    return summary, ["évaluation : " + problem.describe() for problem in collection.problems]


def _libreoffice_missing(pdf: bool) -> str:
    """The warning to give when PDFs are asked for and LibreOffice is not installed, else ""."""
    if not pdf:
        return ""
    from dladocs import _soffice

    return _soffice.missing_warning() if _soffice.find_soffice() is None else ""


def _write_report(out: Path, manifest: _output.Manifest) -> None:
    from dladocs import report

    report.write_index(out, manifest.as_json())


FORMATS: tuple[FileFormat, ...] = ("docx", "pptx", "pdf")
