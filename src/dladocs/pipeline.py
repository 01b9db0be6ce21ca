"""The build pipeline: project → plan → render → (PDF) → inspect → verify → manifest.

Data flows one way.  Rendering happens in a staging folder; nothing reaches
the output folder unless every file passes verification, and then it arrives
through an atomic commit (see :mod:`dladocs._output`).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from dladocs import _companions, _output
from dladocs._plan import Plan, PlannedDocument, dossier_path, make_plan, pdf_path
from dladocs._region_build import Progress, RegionTask
from dladocs.errors import DladocsError
from dladocs.project import Project
from dladocs.types import Artifact, DocumentType, FileFormat, Logo, Region, RuleSet
from dladocs.verify import FileCheck

if TYPE_CHECKING:
    from dladocs.evaluation import EvaluationSummary

__all__ = ["FORMATS", "BuildOptions", "BuildResult", "Progress", "build"]

_Result = TypeVar("_Result")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build.  ``regions``: ``None`` for the project's region, ``"all"``, or codes/names."""

    regions: str | None = None
    only: tuple[str, ...] = ()
    pdf: bool | None = None
    pdfa: bool | None = None
    force: bool = False
    jobs: int | None = None


@dataclass(slots=True)
class BuildResult:
    """What a build made, what it checked, and what it has to say."""

    out_dir: Path
    artifacts: list[Artifact] = field(default_factory=list)
    written: list[Artifact] = field(default_factory=list)
    up_to_date: list[Artifact] = field(default_factory=list)
    kept: list[Artifact] = field(
        default_factory=list
    )  # edited by hand, inputs unchanged: left as they are
    checks: list[FileCheck] = field(default_factory=list)
    # The checks of the files edited by hand and kept: the build did not write them, but the
    # output folder holds them, so what they show is checked and said.
    kept_checks: list[FileCheck] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected: Path | None = None

    @property
    def ok(self) -> bool:
        """Every file this build wrote passes (otherwise nothing was written)."""
        return not any(check.status != "ok" for check in self.checks)

    @property
    def compliant(self) -> bool:
        """Every file of the output folder the build stands behind passes, kept ones included."""
        return self.ok and not any(check.status != "ok" for check in self.kept_checks)

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
    result = BuildResult(out)
    result.warnings += _project_warnings(project, selected_regions)
    result.warnings += _unfinished(project, home)
    if office_missing:
        result.warnings.append(office_missing)
    from dladocs._outdir import naming

    with naming(out), _output.locked(out):
        result.warnings += _logo_warnings(project, selected_regions, logos, out / _output.CACHE)
        _output.clean_leftovers(out)
        _output.recover(out)
        manifest = _output.read_manifest(out)
        _check_same_project(manifest, project, out, force=options.force)
        todo, fresh, kept = _split_fresh(plan, manifest, out, force=options.force)
        edited = _output.edited_files(out, _targets(todo, plan), manifest)
        if edited and not options.force:
            raise DladocsError(
                _output.edited_message(out, edited, damaged=bool(manifest.extra.get("damaged"))),
                path=out,
            )
        evaluation = (
            _evaluation(project, evaluation_files, result)
            if any(documents[p.document].evaluation for p in todo)
            else None
        )
        start = getattr(report, "start", None)
        if start is not None:
            start(2 * len(todo), [p.document for p in todo])  # rendered, then verified
        staging = Path(tempfile.mkdtemp(prefix=_output.STAGING_PREFIX, dir=out))
        try:
            produced, checks = _render_and_verify(
                project, plan, documents, todo, staging, out, evaluation, options, report
            )
            result.checks = checks
            result.up_to_date = fresh
            if not result.ok:
                result.rejected = _reject(out, staging, produced)
                result.checks = _absolute_checks(checks, result.rejected)
                return result
            stamp = _stamp(out)
            for item in edited:
                _output.backup(out, item.path, stamp)
            # Files of documents left out by --only, edited by hand since: checked as they are too,
            # so that « --only rapport » does not stay silent about a broken fiche beside it.
            elsewhere = _edited_elsewhere(manifest, plan, out, documents)
            result.kept_checks = _verify_kept(project, plan, [*kept, *elsewhere], out)
            result.warnings += [_elsewhere_message(a) for a in elsewhere]
            files = [(artifact.path.as_posix(), artifact.sha256) for artifact in produced]
            stale: list[dict[str, object]] = []
            new_manifest = _merge_manifest(
                manifest,
                plan,
                produced,
                [*checks, *result.kept_checks],
                [*fresh, *kept],
                out,
                result.warnings,
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
            result.warnings += _companions.remove_stale(out, stale)
            result.written = [_absolute(a, out) for a in produced]
            result.up_to_date = [_absolute(a, out) for a in fresh]
            result.kept = [_absolute(a, out) for a in kept]
            result.artifacts = result.written + result.up_to_date + result.kept
            # Said after the manifest is made: it describes what dladocs wrote, not the user's edits.
            result.warnings += [_kept_message(a) for a in kept]
            # Every path of the result is absolute, as the artifacts' are.
            result.checks = _absolute_checks(result.checks, out)
            result.kept_checks = _absolute_checks(result.kept_checks, out)
            _write_report(out, new_manifest)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return result


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


def _unfinished(project: Project, home: Region) -> list[str]:
    """What a consultant probably forgot: « À compléter » left in, participants from elsewhere."""
    from dladocs import _tomlpos

    source = project.source.decode("utf-8", "replace")
    keys = {line: path for path, line in _tomlpos.key_lines(source).items()}
    warnings = []
    for number, line in enumerate(source.splitlines(), start=1):
        text = line.split("#", 1)[0] if not line.lstrip().startswith("#") else ""
        if "à compléter" in text.lower():
            path = keys.get(number)
            dotted = ".".join(str(p + 1) if isinstance(p, int) else p for p in path) if path else ""
            what = f"la clé « {dotted} »" if dotted else "une valeur"
            warnings.append(
                f"ligne {number} : {what} dit encore « À compléter » : remplacez-la avant de diffuser les documents"
            )
    codes = {department.code for department in home.departments}
    for index, participant in enumerate(project.participants):
        if codes and participant.department not in codes:
            warnings.append(
                f"{project.where('participants', index, 'departement')} ({participant.organisation}) : le département {participant.department} "
                f"n'est pas dans la région {home.name} ; vérifiez le code (il ne compte que pour sa propre région)"
            )
    return warnings


def _project_warnings(project: Project, regions: Sequence[Region]) -> list[str]:
    from dladocs import typography as ty
    from dladocs.project import LEGACY_KINDS

    warnings = []
    share = project.webinar.interactive_share
    if share < 0.5:
        warnings.append(
            f"la part d'échanges du webinaire (parties « echange » et « questions-reponses ») est de "
            f"{ty.percent(share)} : le cahier des charges demande la moitié du temps en questions-réponses"
        )
    for index, part in enumerate(project.webinar.sequence):
        if part.nature in LEGACY_KINDS:
            warnings.append(
                f"{project.where('webinaire', 'sequence', index, 'nature')} : « {part.nature} » est lu "
                f"comme « {part.kind} » ; précisez la nature : accueil, apport, echange, "
                "questions-reponses, atelier, evaluation ou pause"
            )
    from dladocs.content import facilitation_warnings

    warnings += facilitation_warnings(project)
    if project.cost.lines and project.cost.total > project.accompaniment.budget_ceiling:
        warnings.append(
            f"le coût total ({ty.euros(project.cost.total, ttc=True)}) dépasse le plafond de "
            f"{ty.euros(project.accompaniment.budget_ceiling, ttc=True)}"
        )
    for region in regions:
        if region.missing:
            warnings.append(
                f"{region.name} : informations non fournies ({' ; '.join(region.missing)}) ; "
                "les documents le disent au lieu de les inventer"
            )
    return warnings


def _logo_warnings(
    project: Project,
    regions: Sequence[Region],
    logos_by_region: Mapping[str, Mapping[str, Logo]],
    cache: Path,
) -> list[str]:
    """Prepare every logo once, before any worker starts, and say what the user should know.

    A placeholder must not leave with « à remplacer » unnoticed; a user's file
    that had to be converted (CMYK, animated, tiny...) is worth a look; a file
    that cannot be used stops the build with the key that named it.
    """
    from dladocs import _assets

    warnings: list[str] = []
    for region in regions:
        logos = logos_by_region[region.code]
        notes: list[str] = []
        _assets.prepare(logos, cache / "logos", project=project, notes=notes)
        for logo in logos.values():
            if logo.path is not None or logo.role == "eu-emblem":
                continue
            where = (
                f"indiquez le fichier dans [logos] {logo.id}"
                if logo.id in ("avise", "dla")
                else "fournissez le fichier dans le plugin régional, ou dans [logos] autres"
            )
            notes.append(
                f"aucun fichier pour le « {logo.label} » : un emplacement réservé « à remplacer » "
                f"est placé ; {where}"
            )
        warnings += [note for note in notes if note not in warnings]
    return warnings


def _paths(planned: PlannedDocument, plan: Plan) -> list[str]:
    paths = list(planned.outputs.values())
    if planned.convert:
        paths += [pdf_path(p) for f, p in planned.outputs.items() if f in ("docx", "pptx")]
    return paths


def _split_fresh(
    plan: Plan, manifest: _output.Manifest, out: Path, *, force: bool = False
) -> tuple[list[PlannedDocument], list[Artifact], list[Artifact]]:
    """Documents to build; artifacts up to date; artifacts edited by hand whose inputs did not change.

    A document is up to date when the manifest lists each of its files with the
    same inputs key and every file still has the bytes dladocs wrote.  When the
    key matches but a file was changed by hand, there is nothing new to write:
    the edited file is *kept* (and reported), instead of being planned for a
    rewrite that the hand-edit check would then refuse.  ``force`` rebuilds every document.
    """
    listed = manifest.by_path()
    todo: list[PlannedDocument] = []
    fresh: list[Artifact] = []
    kept: list[Artifact] = []
    for planned in plan.documents:
        entries = [listed.get(path) for path in _paths(planned, plan)]
        present = [
            entry
            for entry in entries
            if entry is not None
            and entry.get("inputs") == planned.key
            and (out / entry["path"]).is_file()
        ]
        if force or len(present) != len(entries):
            # --force rewrites every file: the user asks for a fresh build, whatever the keys say.
            todo.append(planned)
            continue
        same = {
            entry["path"]: _output.sha256(out / entry["path"]) == entry.get("sha256")
            for entry in present
        }
        for entry in present:
            artifact = Artifact(
                entry["document"],
                entry["region"],
                entry["format"],
                Path(entry["path"]),
                entry["sha256"],
            )
            (fresh if same[entry["path"]] else kept).append(artifact)
    if plan.pdf and todo:
        # A region's closing dossier merges its PDFs: rebuilt when any of them is.
        rebuilt_regions = {p.region for p in todo}
        extra = [
            p for p in plan.documents if p.region in rebuilt_regions and p not in todo and p.convert
        ]
        todo += extra
        moved = {path for planned in extra for path in _paths(planned, plan)}
        fresh = [a for a in fresh if a.path.as_posix() not in moved]
        kept = [a for a in kept if a.path.as_posix() not in moved]
    return todo, fresh, kept


def _targets(todo: Sequence[PlannedDocument], plan: Plan) -> list[str]:
    """Every file the build is about to write, the closing dossiers included."""
    paths = [path for planned in todo for path in _paths(planned, plan)]
    if plan.pdf:
        slugs = {region.code: region.slug for region in plan.regions}
        paths += sorted({dossier_path(slugs[p.region]) for p in todo if p.region in slugs})
    return paths


def _kept_message(artifact: Artifact) -> str:
    return (
        f"« {artifact.path.as_posix()} » a été modifié à la main depuis que dladocs l'a écrit ; rien n'a changé "
        "dans ce qui le produit, donc dladocs le garde tel quel (--force le remplace, une copie de votre "
        f"version étant gardée dans {_output.BACKUP}/)"
    )


def _evaluation(
    project: Project, files: Sequence[Path], result: BuildResult
) -> EvaluationSummary | None:
    if not files:
        return None
    from dladocs.evaluation import collect, summarise

    collection = collect(files)
    present = project.attendees or None
    summary = summarise(collection, participants=present)
    for problem in collection.problems:
        result.warnings.append("évaluation : " + problem.describe())
    return summary


def _verify_kept(
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


def _edited_elsewhere(
    manifest: _output.Manifest, plan: Plan, out: Path, documents: Mapping[str, DocumentType]
) -> list[Artifact]:
    """Files of the plan's regions that this build does not plan, changed since dladocs wrote them."""
    planned = {p for doc in plan.documents for p in doc.outputs.values()}
    if plan.pdf:
        planned |= {
            pdf_path(p) for doc in plan.documents if doc.convert for p in doc.outputs.values()
        }
        planned |= {dossier_path(region.slug) for region in plan.regions}
    regions = {region.code for region in plan.regions}
    found = []
    for entry in manifest.artifacts:
        path = out / str(entry.get("path", ""))
        if (
            entry["path"] in planned
            or entry.get("region") not in regions
            or entry.get("document") not in documents
            or entry.get("format") not in ("docx", "pptx", "pdf")
            or not path.is_file()
            or _output.sha256(path) == entry.get("sha256")
        ):
            continue
        found.append(
            Artifact(entry["document"], entry["region"], entry["format"], Path(entry["path"]), "")
        )
    return found


def _elsewhere_message(artifact: Artifact) -> str:
    return (
        f"« {artifact.path.as_posix()} » a été modifié à la main depuis que dladocs l'a écrit ; "
        "ce build ne le reconstruit pas (--only), il l'a vérifié tel quel"
    )


def _stamp(out: Path) -> str:
    """The name of this build's backup folder: when it ran (backups are for people, not for builds)."""
    import datetime as dt

    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    candidate, number = stamp, 1
    while (out / _output.BACKUP / candidate).exists():
        number += 1
        candidate = f"{stamp}-{number}"
    return candidate


def _reject(out: Path, staging: Path, produced: Sequence[Artifact]) -> Path:
    """Keep the files that failed verification beside the outputs, for review."""
    rejected = out / ".dladocs-rejets"
    shutil.rmtree(rejected, ignore_errors=True)
    for artifact in produced:
        source = staging / artifact.path
        if source.exists():
            target = rejected / artifact.path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return rejected


# --------------------------------------------------------------------------- render and verify


def _render_and_verify(
    project: Project,
    plan: Plan,
    documents: Mapping[str, DocumentType],
    todo: Sequence[PlannedDocument],
    staging: Path,
    out: Path,
    evaluation: EvaluationSummary | None,
    options: BuildOptions,
    report: Progress,
) -> tuple[list[Artifact], list[FileCheck]]:
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
    jobs = options.jobs or min(len(tasks), os.cpu_count() or 1)
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
            _region_build.convert(files, pdfa=plan.pdfa, sessions=jobs)
            results = each_region(_region_build.finish, ("vérifié",), rendered)
    for made, checked in results:
        produced += made
        checks += checked
    return produced, checks


def _merge_manifest(
    previous: _output.Manifest,
    plan: Plan,
    produced: Sequence[Artifact],
    checks: Sequence[FileCheck],
    fresh: Sequence[Artifact],
    out: Path,
    warnings: list[str],
    stale: list[dict[str, object]] | None = None,
    title: str = "",
) -> _output.Manifest:
    from dladocs._version import __version__
    from dladocs.plugins import get_plugin_manager, plugin_versions

    keys = {}
    for planned in plan.documents:
        for path in _paths(planned, plan):
            keys[path] = planned.key
    for region in plan.regions:
        keys[dossier_path(region.slug)] = "dossier"
    written = {a.path.as_posix() for a in produced}
    entries = []
    for artifact in produced:
        path = artifact.path.as_posix()
        entries.append(
            {
                "document": artifact.document,
                "region": artifact.region,
                "format": artifact.format,
                "path": path,
                "sha256": artifact.sha256,
                "inputs": keys.get(path, ""),
            }
        )
    kept_paths = written | {a.path.as_posix() for a in fresh}
    folders = _companions.folders(written)
    for entry in previous.artifacts:
        if entry["path"] not in written and _companions.inside(entry["path"], folders):
            if stale is not None:
                stale.append(entry)  # a certificate the rebuilt document no longer issues
            continue
        if entry["path"] not in written and (
            entry["path"] in kept_paths or (out / entry["path"]).is_file()
        ):
            entries.append(entry)
    checked = {
        c.path.as_posix() if not c.path.is_absolute() else c.path.relative_to(out).as_posix(): c
        for c in checks
    }
    check_entries = [
        {**c.as_json(), "path": path, "surfaces": c.surfaces} for path, c in checked.items()
    ]
    check_entries += [
        c
        for c in previous.checks
        if c.get("path") not in checked and c.get("path") in {e["path"] for e in entries}
    ]
    import hashlib

    inputs = hashlib.sha256("".join(sorted(p.key for p in plan.documents)).encode()).hexdigest()
    return _output.Manifest(
        artifacts=entries,
        checks=check_entries,
        inputs=inputs,
        warnings=list(warnings),
        extra={
            "dladocs": __version__,
            "plugins": plugin_versions(get_plugin_manager()),
            # Which project the folder holds: another project's build must not replace it unsaid.
            "projet": title,
        },
    )


def _check_same_project(
    manifest: _output.Manifest, project: Project, out: Path, *, force: bool
) -> None:
    """Refuse to write one project's deliverables over another's (same folder, same names)."""
    # The project's folder name: stable when the title is edited or the build is run from
    # elsewhere, different for another project (a copy of the example included).
    previous = manifest.extra.get("projet")
    if force or not previous or previous == project.root.name:
        return
    raise DladocsError(
        f"le dossier de sortie « {out} » contient les livrables d'un autre projet "
        f"(le dossier « {previous} ») : choisissez un autre dossier avec -o (par exemple -o "
        f"{project.root.name}-livrables), ou relancez avec --force pour les remplacer.",
        path=out,
    )


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
