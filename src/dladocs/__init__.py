"""dladocs: deliverables of DLA support programmes, with the funders' logo rules verified.

The public API::

    import dladocs

    project = dladocs.load_project("dladocs.toml")
    result = dladocs.build(project, "dladocs-out")
    for artifact in result.artifacts:
        print(artifact.document, artifact.region, artifact.path)

    checks = dladocs.check(["support.pptx"], programme="fse-2014-2020")

Plugins write ``from dladocs import hookimpl`` (see docs/plugins.md).
Heavy modules load on first use, so that importing dladocs stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dladocs._version import __version__
from dladocs.hookspecs import hookimpl

if TYPE_CHECKING:
    from dladocs.errors import DladocsError, ProjectError, TemplateError, UnreadableFileError
    from dladocs.pipeline import BuildOptions, BuildResult
    from dladocs.project import Project
    from dladocs.types import (
        Artifact,
        DocumentType,
        Logo,
        Region,
        Requirement,
        RuleSet,
        Violation,
    )
    from dladocs.verify import FileCheck

__all__ = [
    "Artifact",
    "BuildOptions",
    "BuildResult",
    "DladocsError",
    "DocumentType",
    "FileCheck",
    "Logo",
    "Project",
    "ProjectError",
    "Region",
    "Requirement",
    "RuleSet",
    "TemplateError",
    "UnreadableFileError",
    "Violation",
    "__version__",
    "build",
    "check",
    "hookimpl",
    "load_project",
]

_LAZY = {
    "BuildOptions": "dladocs.pipeline",
    "BuildResult": "dladocs.pipeline",
    "FileCheck": "dladocs.verify",
    "DladocsError": "dladocs.errors",
    "ProjectError": "dladocs.errors",
    "TemplateError": "dladocs.errors",
    "UnreadableFileError": "dladocs.errors",
    "Project": "dladocs.project",
    "Artifact": "dladocs.types",
    "DocumentType": "dladocs.types",
    "Logo": "dladocs.types",
    "Region": "dladocs.types",
    "Requirement": "dladocs.types",
    "RuleSet": "dladocs.types",
    "Violation": "dladocs.types",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dladocs' has no attribute {name!r}")


def load_project(path: Path | str | None = None) -> Project:
    """Read and validate a ``dladocs.toml`` (or its folder); ``None`` finds it as the command does."""
    import dladocs.plugins  # noqa: F401  - registers the departments of regions added by plugins
    from dladocs.project import load_project as _load

    return _load(path)


def build(
    project: Project | Path | str,
    out_dir: Path | str = "dladocs-out",
    *,
    regions: str | Sequence[str] | None = None,
    only: str | Sequence[str] = (),
    pdf: bool | None = None,
    pdfa: bool | None = None,
    force: bool = False,
    jobs: int | None = None,
) -> BuildResult:
    """Build and verify every deliverable of ``project`` into ``out_dir``.

    ``project`` is a loaded :class:`Project` or the path of a ``dladocs.toml``.
    The result lists the artifacts (``result.artifacts``) and the checks run;
    ``result.ok`` is false when a file breaks a rule (nothing is written then).
    """
    from dladocs.pipeline import BuildOptions
    from dladocs.pipeline import build as _build

    if not hasattr(project, "accompaniment"):
        project = load_project(project)
    # « only="deck,fiche" » and « regions=["32", "11"] » are accepted as the command line's spellings.
    selected = (
        tuple(d.strip() for d in only.split(",") if d.strip())
        if isinstance(only, str)
        else tuple(only)
    )
    chosen = regions if regions is None or isinstance(regions, str) else ",".join(regions)
    options = BuildOptions(
        regions=chosen, only=selected, pdf=pdf, pdfa=pdfa, force=force, jobs=jobs
    )
    return _build(project, out_dir, options)  # type: ignore[arg-type]


def check(
    files: Sequence[Path | str],
    *,
    programme: str = "",
    logos: dict[str, Path | str] | None = None,
    strict: bool = False,
    strict_size: bool = False,
    cover_only: bool = False,
    document_type: str = "",
) -> list[FileCheck]:
    """Verify PPTX, DOCX or PDF files against a programme's rules (as ``dladocs check``).

    Without ``programme``, each file is judged by the programme it declares
    (dladocs writes it in the keywords of its files), else by the current one,
    ``fse-plus-2021-2027``.  An unknown programme raises :class:`DladocsError`.
    ``document_type`` is ``--type``: ``"formulaire"``, ``"emargement"``,
    ``"attestation"`` or ``"certificat"`` want the statement on every page.
    """
    from dladocs.types import CheckOptions
    from dladocs.verify import check_files

    options = CheckOptions(
        programme=programme,
        strict=strict,
        strict_size=strict_size,
        emblem_scope="cover" if cover_only else "every-surface",
        references={key: Path(value) for key, value in (logos or {}).items()},
        document_type=document_type,
    )
    return check_files([Path(f) for f in files], options=options)
