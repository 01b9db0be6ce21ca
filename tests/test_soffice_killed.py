"""A build killed while LibreOffice converts takes LibreOffice with it at once.

LibreOffice runs in its own session (a timeout kills it with all it forks);
a watcher process kills that session as soon as the build dies, instead of
letting LibreOffice finish its conversion alone.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _processes import alive

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid → (parent, session, program name) of every process, from /proc."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            program = (entry / "cmdline").read_bytes().split(b"\0")[0].decode()
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), int(fields[3]), program.rsplit("/", 1)[-1])
    return table


def _soffice_sessions(root: int) -> set[int]:
    """Session ids of the LibreOffice processes descending from process ``root``."""
    table = _processes()
    sessions = set()
    for pid, (_, session, program) in table.items():
        ancestor = pid
        while ancestor in table and ancestor not in (root, 0, 1):
            ancestor = table[ancestor][0]
        # Its own session: a quick « soffice --version » runs in the build's session.
        own = session != os.getsid(0)
        if ancestor == root and own and program in ("soffice", "soffice.bin", "oosplash"):
            sessions.add(session)
    return sessions


@pytest.mark.slow  # starts and kills LibreOffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is a CI dependency")
def test_libreoffice_ends_with_a_killed_build(tmp_path: Path) -> None:
    project = tmp_path / "projet"
    shutil.copytree(EXAMPLE, project)
    out = tmp_path / "sortie"
    build = subprocess.Popen(
        [sys.executable, "-m", "dladocs", "build", str(project), "-o", str(out), "--pdf", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        sessions: set[int] = set()
        while not sessions and time.monotonic() < deadline and build.poll() is None:
            sessions = _soffice_sessions(build.pid)
            time.sleep(0.05)
        assert sessions, "LibreOffice never started"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        killed = time.monotonic()
        while any(alive(session=s) for s in sessions) and time.monotonic() - killed < 30:
            time.sleep(0.05)
        lived = time.monotonic() - killed
    finally:
        if build.poll() is None:
            build.kill()
    assert not any(alive(session=s) for s in sessions)
    assert lived < 1.0, f"LibreOffice lived {lived:.1f} s after the build was killed"
