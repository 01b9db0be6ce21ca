"""Interrupted builds: the previous outputs stay intact, nothing is half-written, builds take turns.

A build renders into a hidden staging folder and commits through a journal
(see :mod:`dladocs._output`).  Four tests back the guarantee:

* the commit is interrupted before each of its steps in turn (journal written,
  each file moved, manifest written, journal removed), in process;
* a real build is killed with SIGKILL at random moments drawn across its
  measured duration (fixed seed), and again just as its journal appears;
* a second build started while a first one holds the folder's lock is refused
  with the French lock message;
* a national build killed alone (not its process group) takes its workers
  with it, so that none keeps the lock.

After every interruption: each file the manifest lists has the hash the
manifest gives, or the new one the journal gives; each deliverable is the
complete previous or the complete new version (every .docx/.pptx opens as a
zip, every .pdf with pypdf in strict mode); and a normal rebuild, without
--force, succeeds and leaves no staging folder, temporary file or journal.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from _processes import alive
from dladocs import _output
from dladocs.cli import main
from dladocs.pipeline import BuildOptions, build
from dladocs.project import load_project

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"
SEED = 20201126
RANDOM_KILLS = 12
COMMIT_KILLS = 4
TIMEOUT = 600  # a guard against a hung subprocess, not a timing assertion


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _in_staging(path: Path, out: Path) -> bool:
    return any(part.startswith(_output.STAGING_PREFIX) for part in path.relative_to(out).parts)


def _deliverables(out: Path) -> dict[str, str]:
    """The documents a user sees in the output folder, with their hashes."""
    return {
        path.relative_to(out).as_posix(): _sha(path)
        for path in sorted(out.rglob("*"))
        if path.is_file()
        and path.suffix in (".docx", ".pptx", ".pdf")
        and not any(part.startswith(".") for part in path.relative_to(out).parts)
    }


def _assert_complete(path: Path) -> None:
    if path.suffix in (".docx", ".pptx"):
        with zipfile.ZipFile(path) as archive:
            assert "[Content_Types].xml" in archive.namelist(), path
            assert archive.testzip() is None, path
    elif path.suffix == ".pdf":
        assert len(PdfReader(path, strict=True).pages) > 0, path


def _assert_consistent(out: Path, before: dict[str, str], after: dict[str, str]) -> None:
    """What a killed build must leave: see the module docstring."""
    manifest = json.loads((out / _output.MANIFEST).read_text(encoding="utf-8"))
    journal: dict[str, Any] = {}
    if (out / _output.JOURNAL).exists():
        journal = json.loads((out / _output.JOURNAL).read_text(encoding="utf-8"))
    explained = journal.get("files", {})
    for entry in manifest["artifacts"]:
        path = out / entry["path"]
        assert path.is_file(), entry["path"]
        digest = _sha(path)
        assert digest in (entry["sha256"], explained.get(entry["path"])), (
            f"{entry['path']} is neither listed nor journaled"
        )
    for relative, digest in _deliverables(out).items():
        assert digest in (before.get(relative), after.get(relative)), (
            f"{relative} is neither the old nor the new version"
        )
    for path in out.rglob("*"):
        if (
            path.is_file()
            and path.suffix in (".docx", ".pptx", ".pdf")
            and not _in_staging(path, out)
        ):
            _assert_complete(path)


def _assert_clean(out: Path) -> None:
    assert not list(out.glob(_output.STAGING_PREFIX + "*"))
    assert not list(out.rglob(".*.tmp-*"))
    assert not (out / _output.JOURNAL).exists()


def _restore(snapshot: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(snapshot, out)


def _rebuild(project: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(out), "--quiet", *extra])
    assert result.exit_code == 0, result.output  # no --force needed: nothing looks like a hand edit


def _retitle(project: Path) -> None:
    path = project / "dladocs.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            'titre = "Le marketing digital pour les SIAE"',
            'titre = "Le marketing digital, saison 2"',
            1,
        ),
        encoding="utf-8",
    )


# --------------------------------------------------------------------------- the commit, step by step


class _Killed(BaseException):
    """Thrown in place of SIGKILL: no ``except Exception`` in dladocs can swallow it."""


@contextlib.contextmanager
def _killed_before_commit_step(step: int) -> Iterator[dict[str, int]]:
    """Inside ``_output.commit``, let ``step`` file operations (renames, the journal's removal) happen, then die."""
    original_commit, real_replace, real_unlink = _output.commit, Path.replace, Path.unlink
    state = {"armed": 0, "done": 0}

    def tick() -> None:
        if state["armed"]:
            if state["done"] == step:
                raise _Killed
            state["done"] += 1

    def replace(self: Path, target: Any) -> Path:
        tick()
        return real_replace(self, target)

    def unlink(self: Path, missing_ok: bool = False) -> None:
        tick()
        real_unlink(self, missing_ok=missing_ok)

    def commit(*args: Any, **kwargs: Any) -> None:
        state["armed"] = 1
        try:
            original_commit(*args, **kwargs)
        finally:
            state["armed"] = 0

    Path.replace = replace  # type: ignore[method-assign,assignment]
    Path.unlink = unlink  # type: ignore[method-assign]
    _output.commit = commit
    try:
        yield state
    finally:
        Path.replace = real_replace  # type: ignore[method-assign]
        Path.unlink = real_unlink  # type: ignore[method-assign]
        _output.commit = original_commit


def test_commit_interrupted_before_each_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = tmp_path / "projet"
    shutil.copytree(EXAMPLE, project)
    out, snapshot, reference = tmp_path / "sortie", tmp_path / "avant", tmp_path / "reference"
    only = ("--only", "fiche,grille")
    _rebuild(project, out, *only)
    before = _deliverables(out)
    shutil.copytree(out, snapshot)
    _retitle(project)
    _restore(snapshot, reference)
    _rebuild(project, reference, *only)
    after = _deliverables(reference)
    # Every file changes with the title but the certificates: they name the session as the
    # example's Zoom report does (its topic), so the retitled build may leave them as they were.
    assert set(after) == set(before)
    assert all(after[p] != before[p] for p in after if "attestation" not in p)

    # journal rename, one rename per file, manifest rename, journal removal
    steps = 1 + len(after) + 1 + 1
    for step in range(steps):
        _restore(snapshot, out)
        with _killed_before_commit_step(step), pytest.raises(_Killed):
            build(load_project(project), out, BuildOptions(only=("fiche", "grille")))
        _assert_consistent(out, before, after)
        moved = {p for p, digest in _deliverables(out).items() if digest == after[p]}
        assert len(moved) == max(0, min(step - 1, len(after))), step
        _rebuild(project, out, *only)
        assert _deliverables(out) == after
        _assert_clean(out)


# --------------------------------------------------------------------------- SIGKILL


def _command(project: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "dladocs",
        "build",
        str(project),
        "-o",
        str(out),
        "--quiet",
        *extra,
    ]


def _start(project: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    # A session of its own, so that SIGKILL reaches any child process too.
    return subprocess.Popen(
        _command(project, out, *extra),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill(process: subprocess.Popen[bytes]) -> bool:
    """SIGKILL the build and its children; whether it was still running."""
    running = process.poll() is None
    if running:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=TIMEOUT)
    if process.stderr is not None:
        process.stderr.close()
    return running


def _moment(out: Path, snapshot: Path, running: bool) -> str:
    if not running:
        return "après la fin"
    if (out / _output.JOURNAL).exists():
        return "pendant la mise en place"
    if (out / _output.MANIFEST).read_bytes() == (snapshot / _output.MANIFEST).read_bytes():
        return "avant la mise en place"
    return "après la mise en place"


@pytest.mark.slow  # national builds, started and killed
def test_build_killed_at_random_points_leaves_previous_outputs_intact(
    tmp_path: Path, record_property: Any
) -> None:
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    project = tmp_path / "projet"
    shutil.copytree(EXAMPLE, project)
    out, snapshot, measure = tmp_path / "sortie", tmp_path / "avant", tmp_path / "mesure"
    assert subprocess.run(_command(project, out), timeout=TIMEOUT, check=False).returncode == 0
    before = _deliverables(out)
    shutil.copytree(out, snapshot)
    _retitle(project)

    _restore(snapshot, measure)
    started = time.monotonic()
    assert subprocess.run(_command(project, measure), timeout=TIMEOUT, check=False).returncode == 0
    duration = time.monotonic() - started
    after = _deliverables(measure)
    # Every file changes with the title but the certificates: they name the session as the
    # example's Zoom report does (its topic), so the retitled build may leave them as they were.
    assert set(after) == set(before)
    assert all(after[p] != before[p] for p in after if "attestation" not in p)

    rng = random.Random(SEED)
    moments: Counter[str] = Counter()
    for delay in sorted(rng.uniform(0.0, duration) for _ in range(RANDOM_KILLS)):
        _restore(snapshot, out)
        process = _start(project, out)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=delay)
        running = _kill(process)
        moments[_moment(out, snapshot, running)] += 1
        _assert_consistent(out, before, after)
        _rebuild(project, out)
        assert _deliverables(out) == after
        _assert_clean(out)

    for _ in range(COMMIT_KILLS):
        # Aim at the commit: kill within a millisecond of the journal appearing.
        _restore(snapshot, out)
        process = _start(project, out)
        deadline = time.monotonic() + TIMEOUT
        while (
            not (out / _output.JOURNAL).exists()
            and process.poll() is None
            and time.monotonic() < deadline
        ):
            time.sleep(0.0002)
        time.sleep(rng.uniform(0.0, 0.001))
        running = _kill(process)
        moments[_moment(out, snapshot, running)] += 1
        _assert_consistent(out, before, after)
        _rebuild(project, out)
        assert _deliverables(out) == after
        _assert_clean(out)

    total = RANDOM_KILLS + COMMIT_KILLS
    assert sum(moments.values()) == total
    record_property("kills", dict(moments))
    print(f"\n{total} builds tués (durée mesurée {duration:.1f} s) : {dict(moments)}")


# --------------------------------------------------------------------------- the lock


def _national_build(tmp_path: Path) -> tuple[Path, Path, subprocess.Popen[bytes]]:
    """A copy of the example, its output folder, and a ``--region all`` build of it started."""
    project = tmp_path / "projet"
    shutil.copytree(EXAMPLE, project)
    out = tmp_path / "sortie"
    return project, out, _start(project, out, "--region", "all")


def _wait_while(condition: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    """Poll ``condition`` until it is false or ``process`` has ended."""
    deadline = time.monotonic() + TIMEOUT
    while condition() and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)


@pytest.mark.slow  # national builds, started and killed
def test_second_build_into_the_same_folder_is_refused_while_the_first_runs(tmp_path: Path) -> None:
    project, out, first = _national_build(tmp_path)
    try:
        # The staging folder is made under the lock: once it is there, the first build holds it.
        _wait_while(lambda: not list(out.glob(_output.STAGING_PREFIX + "*")), first)
        assert first.poll() is None, "the first build ended before the second could start"

        second = subprocess.run(
            _command(project, out), capture_output=True, timeout=TIMEOUT, check=False
        )

        assert first.poll() is None  # the refusal happened while the first build was running
        message = second.stderr.decode("utf-8")
        assert second.returncode == 2, message
        assert "Traceback" not in message
        assert f"Erreur : un autre build écrit déjà dans « {out.resolve()} »" in message
        assert "choisissez un autre dossier de sortie avec -o" in message
        assert first.wait(timeout=TIMEOUT) == 0
    finally:
        _kill(first)
    manifest = json.loads((out / _output.MANIFEST).read_text(encoding="utf-8"))
    assert len({entry["region"] for entry in manifest["artifacts"]}) > 1
    for entry in manifest["artifacts"]:
        assert _sha(out / entry["path"]) == entry["sha256"]
    _assert_clean(out)


@pytest.mark.slow  # national builds, started and killed
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers end with it on Linux")
def test_workers_end_with_a_killed_national_build(tmp_path: Path) -> None:
    """Only the build is killed (a closed terminal, a CI timeout): its workers go with it.

    A worker left behind would keep the folder's lock and refuse every later build.
    """
    project, out, first = _national_build(tmp_path)
    try:
        _wait_while(lambda: len(alive(session=first.pid)) < 3, first)  # the build and 2 workers
        assert first.poll() is None, "the build ended before its workers were seen"
        os.kill(first.pid, signal.SIGKILL)  # the build alone, not its process group
        first.wait(timeout=TIMEOUT)
        deadline = time.monotonic() + 60  # a dying worker takes milliseconds
        while alive(session=first.pid):
            assert time.monotonic() < deadline, f"workers left behind: {alive(session=first.pid)}"
            time.sleep(0.05)
    finally:
        _kill(first)

    _rebuild(project, out, "--region", "all")
    _assert_clean(out)
