"""The output folder as a build finds it, and what the build may do to it.

Whose deliverables it holds (another project's are refused), which planned
documents are up to date, which files were edited by hand (kept, or checked
where ``--only`` leaves them), the name of this build's backup folder, and
where the files that failed verification are kept for review.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from dladocs import _output
from dladocs._plan import Plan, PlannedDocument, dossier_path, pdf_path
from dladocs.errors import DladocsError
from dladocs.project import Project
from dladocs.types import Artifact, DocumentType


def check_same_project(
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


def planned_paths(planned: PlannedDocument, plan: Plan) -> list[str]:
    """The files one planned document makes: its office files, and their PDFs when converted."""
    paths = list(planned.outputs.values())
    if planned.convert:
        paths += [pdf_path(p) for f, p in planned.outputs.items() if f in ("docx", "pptx")]
    return paths


def split_fresh(
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
        entries = [listed.get(path) for path in planned_paths(planned, plan)]
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
        moved = {path for planned in extra for path in planned_paths(planned, plan)}
        fresh = [a for a in fresh if a.path.as_posix() not in moved]
        kept = [a for a in kept if a.path.as_posix() not in moved]
    return todo, fresh, kept


def targets(todo: Sequence[PlannedDocument], plan: Plan) -> list[str]:
    """Every file the build is about to write, the closing dossiers included."""
    paths = [path for planned in todo for path in planned_paths(planned, plan)]
    if plan.pdf:
        slugs = {region.code: region.slug for region in plan.regions}
        paths += sorted({dossier_path(slugs[p.region]) for p in todo if p.region in slugs})
    return paths


def kept_message(artifact: Artifact) -> str:
    return (
        f"« {artifact.path.as_posix()} » a été modifié à la main depuis que dladocs l'a écrit ; rien n'a changé "
        "dans ce qui le produit, donc dladocs le garde tel quel (--force le remplace, une copie de votre "
        f"version étant gardée dans {_output.BACKUP}/)"
    )


def edited_elsewhere(
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


def elsewhere_message(artifact: Artifact) -> str:
    return (
        f"« {artifact.path.as_posix()} » a été modifié à la main depuis que dladocs l'a écrit ; "
        "ce build ne le reconstruit pas (--only), il l'a vérifié tel quel"
    )


def backup_stamp(out: Path) -> str:
    """The name of this build's backup folder: when it ran (backups are for people, not for builds)."""
    import datetime as dt

    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    candidate, number = stamp, 1
    while (out / _output.BACKUP / candidate).exists():
        number += 1
        candidate = f"{stamp}-{number}"
    return candidate


def reject(out: Path, staging: Path, produced: Sequence[Artifact]) -> Path:
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
