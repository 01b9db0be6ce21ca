"""The output folder: its manifest, its lock, hand-edit detection and atomic commits.

A build never writes in place.  It renders into a staging folder, then
commits: it writes a journal naming every file it is about to replace, the
hash each will have and the manifest that will describe them, replaces the
files one by one (``os.replace`` is atomic), writes the new manifest, and
deletes the journal.  A build killed at any moment therefore leaves every file
either in its previous or its new complete version.  The next build, under the
lock, first calls :func:`recover`: each file the journal names that already has
its new bytes gets its new manifest entry, so that it is told apart from a
hand edit, and the journal goes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dladocs.errors import DladocsError

MANIFEST = "manifest.json"
JOURNAL = ".dladocs-journal.json"
LOCK = ".dladocs.lock"
STAGING_PREFIX = ".dladocs-staging-"
BACKUP = ".dladocs-sauvegardes"
CACHE = ".dladocs-cache"


def sha256(path: Path) -> str:
    """The SHA-256 of the regular file ``path``; anything else there (a FIFO, a device) is refused.

    Output paths are in the user's folder: a FIFO put where a deliverable goes
    must stop the build with a message, not block it on ``open``.
    """
    import stat

    digest = hashlib.sha256()
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise DladocsError(
            f"« {path} » n'est pas un fichier ordinaire (tube, périphérique...) : dladocs ne le "
            "lit pas et ne le remplace pas ; retirez-le du dossier de sortie, puis relancez.",
            path=path,
        )
    with os.fdopen(descriptor, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


@dataclass(slots=True)
class Manifest:
    """What ``manifest.json`` holds: artifacts, checks, the inputs hash, warnings."""

    artifacts: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    inputs: str = ""
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def by_path(self) -> dict[str, dict[str, Any]]:
        return {entry["path"]: entry for entry in self.artifacts}

    def as_json(self) -> dict[str, Any]:
        data = dict(self.extra)
        data.update(
            {
                "inputs": self.inputs,
                "artifacts": sorted(
                    self.artifacts,
                    key=lambda a: (a["region"], a["document"], a["format"], a["path"]),
                ),
                "checks": sorted(self.checks, key=lambda c: c["path"]),
                "warnings": self.warnings,
            }
        )
        return data


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    if not path.exists():
        return Manifest()
    if not path.is_file():  # a FIFO or a folder there: never opened, treated as damaged
        return Manifest(extra={"damaged": True})
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        artifacts = [a for a in data.get("artifacts", []) if isinstance(a, dict) and "path" in a]
        extra = {
            k: v for k, v in data.items() if k not in ("artifacts", "checks", "inputs", "warnings")
        }
        return Manifest(
            artifacts,
            list(data.get("checks", [])),
            str(data.get("inputs", "")),
            list(data.get("warnings", [])),
            extra,
        )
    except (OSError, ValueError, AttributeError, TypeError):
        # A damaged manifest must not block a build; files it listed are then
        # treated as unknown, so none is overwritten without --force.
        return Manifest(extra={"damaged": True})


def write_manifest(folder: Path, manifest: Manifest) -> None:
    text = json.dumps(manifest.as_json(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_atomic(folder / MANIFEST, text.encode("utf-8"))


def _read_journal(folder: Path) -> dict[str, Any]:
    path = folder / JOURNAL
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recover(folder: Path) -> None:
    """Finish the bookkeeping of a commit that was interrupted (call it under the lock).

    The journal holds the manifest the commit was about to write.  Each file it
    names that already has its new bytes takes its new manifest entry (and its
    verification result); the others keep their previous entry, as they keep
    their previous bytes.  The manifest loses its ``fast`` record, which
    vouched for a state the folder is no longer in, and the journal is removed.
    """
    journal = _read_journal(folder)
    future = journal.get("manifest")
    if not isinstance(future, dict):
        # Nothing to recover, or a journal without its manifest: edited_files still honours its hashes.
        return
    files = journal.get("files", {})
    manifest = read_manifest(folder)
    if manifest.as_json() != future:
        artifacts = manifest.by_path()
        checks = {str(check.get("path")): check for check in manifest.checks}
        new_artifacts = {
            a["path"]: a for a in future.get("artifacts", []) if isinstance(a, dict) and "path" in a
        }
        new_checks = {
            str(c.get("path")): c for c in future.get("checks", []) if isinstance(c, dict)
        }
        for relative, digest in files.items() if isinstance(files, dict) else ():
            target = folder / relative
            if relative in new_artifacts and target.is_file() and sha256(target) == digest:
                artifacts[relative] = new_artifacts[relative]
                if relative in new_checks:
                    checks[relative] = new_checks[relative]
        extra = {
            key: value for key, value in manifest.extra.items() if key not in ("fast", "damaged")
        }
        write_manifest(
            folder,
            Manifest(
                list(artifacts.values()),
                list(checks.values()),
                manifest.inputs,
                manifest.warnings,
                extra,
            ),
        )
    (folder / JOURNAL).unlink()


def journal_hashes(folder: Path) -> dict[str, str]:
    """Path → hash of the files an interrupted commit was writing."""
    files = _read_journal(folder).get("files", {})
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock, or fail at once with a clear message."""
    from dladocs.errors import from_os_error

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / LOCK).open("a+b")
    except OSError as error:
        raise from_os_error(error, "choisissez un autre dossier de sortie avec -o") from None
    try:
        try:
            _lock(handle)
        except OSError:
            raise DladocsError(
                f"un autre build écrit déjà dans « {folder} » : attendez qu'il se termine, "
                "ou choisissez un autre dossier de sortie avec -o.",
                path=folder,
            ) from None
        yield
    finally:
        handle.close()


def _lock(handle: Any) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


# The files dladocs writes directly in the output folder (through write_atomic's temporary names).
OWN_FILES = (MANIFEST, JOURNAL, "index.html")
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.tmp-[0-9]+")


def clean_leftovers(folder: Path) -> None:
    """Remove what a killed build may have left: its staging folders and its temporary files.

    Only names dladocs makes are removed: a staging folder at the top of the
    output folder, the temporary twin of a file dladocs writes there
    (``.manifest.json.tmp-<pid>``...), and temporary files inside its own
    hidden folders (cache, backups).  A user's ``.budget.xlsx.tmp-1`` in a
    subfolder, or anywhere else, is not dladocs's to delete.
    """
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        match = _TEMPORARY.fullmatch(entry.name)
        if match and match["name"] in OWN_FILES and entry.is_file() and not entry.is_symlink():
            with contextlib.suppress(OSError):
                entry.unlink()
    for own in (CACHE, BACKUP):
        hidden = folder / own
        if not hidden.is_dir() or hidden.is_symlink():
            continue
        for temporary in hidden.rglob(".*.tmp-*"):
            if _TEMPORARY.fullmatch(temporary.name) and temporary.is_file():
                with contextlib.suppress(OSError):
                    temporary.unlink()


@dataclass(frozen=True, slots=True)
class Edited:
    path: str
    known: bool  # listed in the manifest (changed since) or a file dladocs never wrote


def edited_files(folder: Path, targets: Sequence[str], manifest: Manifest) -> list[Edited]:
    """Files this build would replace that are not exactly what dladocs last wrote there."""
    listed = manifest.by_path()
    journal = journal_hashes(folder)
    edited: list[Edited] = []
    for relative in targets:
        path = folder / relative
        if not path.exists():
            continue
        digest = sha256(path)
        entry = listed.get(relative)
        if entry is not None and digest == entry.get("sha256"):
            continue
        if journal.get(relative) == digest:
            continue
        edited.append(Edited(relative, entry is not None))
    return edited


def edited_message(folder: Path, edited: Sequence[Edited], *, damaged: bool = False) -> str:
    lines = []
    for item in edited:
        why = (
            "a été modifié depuis que dladocs l'a écrit"
            if item.known
            else "existe déjà et n'a pas été écrit par dladocs"
        )
        lines.append(f"  - {item.path} {why}")
    why = (
        f"Le manifeste {MANIFEST} de ce dossier est illisible (abîmé ou modifié) : dladocs ne sait "
        "plus quels fichiers il a écrits, et n'en remplace donc aucun sans votre accord.\n"
        if damaged
        else ""
    )
    return (
        f"dladocs n'écrase pas vos modifications dans « {folder} » :\n"
        + "\n".join(lines)
        + "\n"
        + why
        + "Renommez ces fichiers pour garder vos modifications, puis relancez ; ou relancez avec "
        f"--force pour les remplacer (une copie sera gardée dans {BACKUP}/)."
    )


def backup(folder: Path, relative: str, stamp: str) -> Path:
    """Copy ``relative`` into the backup folder ``stamp`` (through a temporary file: never half a copy)."""
    source = folder / relative
    target = folder / BACKUP / stamp / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    shutil.copy2(source, temporary)
    temporary.replace(target)
    return target


def commit(
    folder: Path, staging: Path, files: Sequence[tuple[str, str]], manifest: Manifest
) -> None:
    """Move staged files into place, then write the manifest; see the module docstring."""
    write_atomic(
        folder / JOURNAL,
        json.dumps(
            {"files": dict(files), "manifest": manifest.as_json()}, ensure_ascii=False, indent=1
        ).encode("utf-8"),
    )
    for relative, _digest in files:
        source = staging / relative
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        source.replace(target)
    write_manifest(folder, manifest)
    (folder / JOURNAL).unlink()
