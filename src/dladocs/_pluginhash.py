"""The content of a plugin's code and templates, as one hash, for the up-to-date check.

A plugin's version number does not change while its author edits it in an
editable install (``pip install -e``): a build keyed on versions would say
« Rien à reconstruire » after a change to the plugin's code or templates.  The
inputs of a build therefore include, for each installed plugin, the hash of
every file of its top-level package (Python code, templates, data), found
without importing it, so that the command's fast path can compute it too.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import stat
from pathlib import Path

# A plugin package is small; these bound the work on a strange installation.
_MAX_FILES = 5_000
_MAX_FILE_BYTES = 50 * 1024 * 1024
_SKIPPED_DIRS = {"__pycache__", ".git", ".mypy_cache", ".pytest_cache", ".ruff_cache"}


def package_root(module_name: str) -> Path | None:
    """The folder (or single file) of the top-level package of ``module_name``, if found."""
    top = module_name.split(".", 1)[0]
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    locations = list(spec.submodule_search_locations or [])
    if locations:
        return Path(locations[0])
    return Path(spec.origin) if spec.origin and spec.origin not in ("built-in", "frozen") else None


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            found.append(Path(folder) / name)
            if len(found) >= _MAX_FILES:
                return found
    return found


def content_hash(module_name: str) -> str:
    """SHA-256 over the relative names and bytes of the files of ``module_name``'s package."""
    root = package_root(module_name)
    if root is None:
        return ""
    digest = hashlib.sha256()
    for path in _files(root):
        try:
            info = path.stat()
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue  # a FIFO or a device in a package is never read
        relative = path.name if root.is_file() else path.relative_to(root).as_posix()
        digest.update(relative.encode("utf-8", "replace") + b"\0")
        digest.update(_file_hash(str(path), info.st_size, info.st_mtime_ns).encode())
    return digest.hexdigest()


@functools.cache
def _file_hash(path: str, size: int, mtime: int) -> str:
    del mtime  # part of the cache key: an edited file is hashed again
    if size > _MAX_FILE_BYTES:
        return f"size:{size}"
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"
