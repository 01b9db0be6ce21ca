"""The headline figure: ``--region all --pdf`` against its floor, and the certificate throughput.

The floor of a national build with PDFs is what it cannot avoid: the same build
without PDFs, plus LibreOffice alone converting the same office files, one
session per core (the build's own phase 2, called directly on copies).  The
three are measured in one run, alternated, twice; the faster of each counts,
since other load on a shared machine only ever slows a run down.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FLOOR_TARGET = 1.3
CERTIFICATES = 4000
CERTIFICATES_TARGET = 60.0


@dataclass(frozen=True, slots=True)
class Floor:
    with_pdf: float
    without_pdf: float
    libreoffice: float
    files: int

    @property
    def floor(self) -> float:
        return self.without_pdf + self.libreoffice

    @property
    def ratio(self) -> float:
        return self.with_pdf / self.floor


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _build(python: str, out: Path, *, pdf: bool, jobs: int) -> None:
    shutil.rmtree(out, ignore_errors=True)
    args = [python, "-m", "dladocs", "build", "--region", "all", "-o", str(out), "--quiet"]
    args += ["--jobs", str(jobs)] + (["--pdf"] if pdf else [])
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def measure_floor(work: Path, jobs: int = 2, rounds: int = 2) -> Floor:
    """Best of ``rounds`` alternated runs of each side of the floor ratio."""
    from dladocs._region_build import convert

    python = sys.executable
    plain, with_pdf = work / "plancher-sans-pdf", work / "plancher-avec-pdf"
    _build(python, plain, pdf=False, jobs=jobs)
    files = sorted(p for p in plain.rglob("*") if p.suffix in (".docx", ".pptx"))
    files = [p for p in files if "grille" not in p.name]  # the fillable grid is not converted
    scratch = Path(tempfile.mkdtemp(prefix="dladocs-floor-"))
    copies = []
    for index, source in enumerate(files):
        target = scratch / f"{index:03d}-{source.parent.name}-{source.name}"
        shutil.copyfile(source, target)
        copies.append(target)
    best = [float("inf")] * 3
    try:
        for _ in range(rounds):
            times = (
                _timed(lambda: _build(python, plain, pdf=False, jobs=jobs)),
                _timed(lambda: convert(copies, pdfa=False, sessions=jobs)),
                _timed(lambda: _build(python, with_pdf, pdf=True, jobs=jobs)),
            )
            best = [min(old, new) for old, new in zip(best, times, strict=True)]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Floor(with_pdf=best[2], without_pdf=best[0], libreoffice=best[1], files=len(copies))


def measure_certificates(count: int = CERTIFICATES) -> tuple[float, float]:
    """Seconds to write and verify ``count`` certificates: the renderer alone, and a whole
    build of the example with ``count`` participants (benchmarks/certificates.py)."""
    from certificates import measure, measure_build

    alone, _ = measure(count)
    build, _ = measure_build(count)
    return alone, build


def headline(floor: Floor | None, certificates: float | None) -> str:
    lines = ["", "HEADLINE"]
    if floor is not None:
        mark = "ok" if floor.ratio <= FLOOR_TARGET else "MISSED"
        lines.append(
            f"--region all --pdf: {floor.with_pdf:.1f} s = {floor.ratio:.2f}x its floor "
            f"({floor.without_pdf:.1f} s without PDF + {floor.libreoffice:.1f} s LibreOffice "
            f"alone on the same {floor.files} files) — target <= {FLOOR_TARGET}x: {mark}"
        )
    if certificates is not None:
        mark = "ok" if certificates < CERTIFICATES_TARGET else "MISSED"
        lines.append(
            f"a build of {CERTIFICATES} certificates, written and verified, in {certificates:.1f} s "
            f"({CERTIFICATES / certificates:.0f}/s) — target < {CERTIFICATES_TARGET:.0f} s: {mark}"
        )
    return "\n".join(lines)
