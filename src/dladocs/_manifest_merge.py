"""The manifest a build commits: what it wrote, merged with what the folder already held.

Entries of files this build wrote replace the old ones; entries of files still
there (up to date, kept, or outside this build's ``--only``) stay; a
certificate the rebuilt document no longer issues is dropped and handed back
for removal.  Checks follow the same rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dladocs import _companions, _output
from dladocs._build_folder import planned_paths
from dladocs._plan import Plan, dossier_path
from dladocs.types import Artifact
from dladocs.verify import FileCheck


def merge_manifest(
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
        for path in planned_paths(planned, plan):
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
