"""Helpers of the hostile-input tests: run the real command in a child, with a deadline.

Each case must end within 30 seconds with exit code 0, 1 or 2 and no
traceback.  The command runs in a child process so that a regression that
hangs (a FIFO read, an endless template) fails the test instead of the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"
DEADLINE = 30.0


@dataclass(frozen=True)
class Run:
    code: int
    output: str
    seconds: float


def dladocs(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """``dladocs ARGS`` in a child process; fails the test past the 30-second deadline."""
    environment = {**os.environ, **(env or {})}
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dladocs", *map(str, args)],
            cwd=cwd,
            env=environment,
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"dladocs {args} did not end within {DEADLINE} s") from None
    seconds = time.monotonic() - started
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert done.returncode in (0, 1, 2), output
    return Run(done.returncode, output, seconds)


def project_copy(tmp_path: Path, name: str = "projet") -> Path:
    target = tmp_path / name
    shutil.copytree(EXAMPLE, target)
    return target


def edit_project(project: Path, old: str, new: str, *, count: int = 1) -> None:
    path = project / "dladocs.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append_project(project: Path, text: str) -> None:
    path = project / "dladocs.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
