"""Tell, without loading the heavy machinery, that a rebuild has nothing to do.

A successful build records in ``.dladocs-cache/fast.json`` (beside the
manifest, whose hash it holds, so that the manifest itself names no path of
this machine and is the same wherever the project is built) what it was made
from: the bytes of the project file, the options, the versions of dladocs and of every
installed plugin, and the hash of every other input file (templates, logos,
evaluation answers).  When all of these and every output are unchanged, the
command can answer in the time it takes Python to start, instead of
validating the project and planning every document again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from dladocs._version import __version__

# An input larger than this is never hashed here: the real build checks (and refuses) it.
_MAX_INPUT = 200 * 1024 * 1024


def _sha(path: Path) -> str:
    if path.stat().st_size > _MAX_INPUT:
        raise ValueError(f"{path} is too large for the fast path")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def environment() -> dict[str, Any]:
    """What besides the files decides the output: versions, plugins, the reproducibility clock."""
    from importlib.metadata import entry_points

    from dladocs._pluginhash import content_hash

    plugins: dict[str, str] = {}
    if not os.environ.get("DLADOCS_NO_ENTRY_POINTS"):
        for entry in entry_points(group="dladocs"):
            dist = entry.dist
            # The content of its code and templates: an editable plugin keeps its version.
            plugins[entry.name] = (
                f"{dist.name if dist else '?'} {dist.version if dist else '?'} "
                f"{content_hash(entry.module)}"
            )
    return {
        "dladocs": __version__,
        "plugins": dict(sorted(plugins.items())),
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }


def options_key(
    regions: str | None, only: tuple[str, ...], pdf: bool | None, pdfa: bool | None
) -> dict[str, Any]:
    """The command-line options that decide what a build makes, as the manifest records them."""
    return {"regions": regions, "only": list(only), "pdf": pdf, "pdfa": pdfa}


_PACKAGE = Path(__file__).resolve().parent


def _portable(path: Path, out_dir: Path) -> str:
    """``path`` as the manifest records it: relative to the output folder, or to dladocs itself.

    A project and its output moved together (or copied to another machine) keep
    a manifest that still describes them.
    """
    resolved = path.resolve()
    if resolved.is_relative_to(_PACKAGE):
        return "dladocs:" + resolved.relative_to(_PACKAGE).as_posix()
    try:
        return Path(os.path.relpath(resolved, out_dir.resolve())).as_posix()
    except ValueError:  # another drive (Windows): nothing relative to say
        return resolved.as_posix()


def _located(name: str, out_dir: Path) -> Path:
    if name.startswith("dladocs:"):
        return _PACKAGE / name[len("dladocs:") :]
    return (out_dir / name).resolve()


def record(
    project_file: Path, options: Mapping[str, Any], inputs: AbstractSet[Path], out_dir: Path
) -> dict[str, Any]:
    """The ``fast`` section a successful build writes into its manifest."""
    return {
        "project": _portable(project_file, out_dir),
        "project_sha256": _sha(project_file),
        "presence_sha256": _presence(project_file),
        "options": dict(options),
        "environment": environment(),
        "inputs": {
            _portable(path, out_dir): _sha(path) for path in sorted(inputs) if path.is_file()
        },
    }


RECORD = Path(".dladocs-cache") / "fast.json"


def forget(out_dir: Path) -> None:
    """Remove the fast-path record (before a commit changes what it describes)."""
    (out_dir / RECORD).unlink(missing_ok=True)


def remember(out_dir: Path, fast: dict[str, Any]) -> None:
    """Write the fast-path record of the manifest just committed (with that manifest's hash)."""
    from dladocs._output import MANIFEST, write_atomic

    data = {**fast, "manifest_sha256": _sha(out_dir / MANIFEST)}
    write_atomic(out_dir / RECORD, json.dumps(data, ensure_ascii=False, indent=1).encode())


def _presence(project_file: Path) -> str:
    """``presence.json`` beside the project (``dladocs presence collect``): written after a build too."""
    path = project_file.parent / "presence.json"
    return _sha(path) if path.is_file() else ""


def up_to_date(
    project_file: Path, out_dir: Path, options: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The previous manifest when nothing changed since it was written, else ``None``."""
    manifest_path = out_dir / "manifest.json"
    if not manifest_path.is_file() or (out_dir / ".dladocs-journal.json").exists():
        return None
    if any(out_dir.glob(".dladocs-staging-*")):
        # A build was killed (or is running): its leftovers and its report need a real build.
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        fast = json.loads((out_dir / RECORD).read_text(encoding="utf-8"))
        if (
            fast["manifest_sha256"] != _sha(manifest_path)
            or _located(fast["project"], out_dir) != project_file.resolve()
            or fast["options"] != dict(options)
            or fast["environment"] != environment()
            or fast["project_sha256"] != _sha(project_file)
            or fast.get("presence_sha256", "") != _presence(project_file)
        ):
            return None
        for name, digest in fast["inputs"].items():
            path = _located(name, out_dir)
            if not path.is_file() or _sha(path) != digest:
                return None
        for artifact in manifest["artifacts"]:
            path = out_dir / artifact["path"]
            if not path.is_file() or _sha(path) != artifact["sha256"]:
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return dict(manifest)
