"""Benchmark: office files to PDF, one LibreOffice process per file versus one session for all.

    python benchmarks/pdf_conversion.py                 # the bundled example's files, 12 in all
    python benchmarks/pdf_conversion.py --count 20      # copied until there are 20
    python benchmarks/pdf_conversion.py --files a.docx b.pptx ... [--pdfa] [--repeat 3]

Both ways use the same code (:func:`dladocs._soffice.convert`), so the same
export options and an isolated profile per LibreOffice process: (a) calls it
once per file, as a build that started one process per file would; (b) calls
it once with every file, as a build does.  A first conversion, not timed,
warms the disk and font caches so that neither way pays for them; with
``--repeat N`` each way runs N times and the best time counts (other work on
the machine only ever slows a run down).

This is a script, not a test: timings depend on the machine.  The CPU time
(LibreOffice's own processes, from ``getrusage``) is printed beside the clock
time: it does not grow when other work shares the machine.  POSIX only.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


def example_files(folder: Path) -> list[Path]:
    """Build the bundled example's office files (no PDFs) into ``folder``."""
    from dladocs.build import BuildOptions, build
    from dladocs.project import load_project

    options = BuildOptions(only=("deck", "fiche", "rapport", "grille"), pdf=False, jobs=1)
    result = build(load_project(None), folder / "exemple", options)
    where = result.rejected if result.rejected is not None else folder / "exemple"
    return sorted(p for p in where.rglob("*") if p.suffix in (".docx", ".pptx"))


def copies(files: Sequence[Path], count: int, folder: Path) -> list[Path]:
    """``files`` copied round-robin under ``folder`` until there are ``count`` of them."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(max(count, len(files))):
        source = files[number % len(files)]
        target = folder / f"{number + 1:03d}-{source.name}"
        shutil.copyfile(source, target)
        made.append(target)
    return made


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float  # seconds on the clock
    cpu: float  # seconds of CPU used by LibreOffice (all its processes), immune to other load


def timed(files: Sequence[Path], *, one_session: bool, pdfa: bool) -> Timing:
    from dladocs import _soffice

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    if one_session:
        _soffice.convert(files, pdfa=pdfa)
    else:
        for path in files:
            _soffice.convert([path], pdfa=pdfa)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def best(a: Timing | None, b: Timing) -> Timing:
    return b if a is None else Timing(min(a.wall, b.wall), min(a.cpu, b.cpu))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--files", nargs="+", type=Path, help="DOCX/PPTX files (default: the example's)"
    )
    parser.add_argument(
        "--count", type=int, default=12, help="files to convert (copies; default 12)"
    )
    parser.add_argument("--pdfa", action="store_true", help="export PDF/A-2b")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each way; the best counts")
    args = parser.parse_args(argv)

    from dladocs import _soffice

    if _soffice.find_soffice() is None:
        print(_soffice.missing_message(), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="dladocs-bench-") as tmp:
        folder = Path(tmp)
        sources = [p.resolve() for p in args.files] if args.files else example_files(folder)
        if not sources:
            print("aucun fichier DOCX ou PPTX à convertir", file=sys.stderr)
            return 2
        count = max(args.count, len(sources))
        warmup = copies(sources[:1], 1, folder / "chauffe")
        _soffice.convert(warmup, pdfa=args.pdfa)
        per_file: Timing | None = None
        session: Timing | None = None
        for run in range(max(args.repeat, 1)):
            batch = copies(sources, count, folder / f"un-par-fichier-{run}")
            per_file = best(per_file, timed(batch, one_session=False, pdfa=args.pdfa))
            batch = copies(sources, count, folder / f"une-session-{run}")
            session = best(session, timed(batch, one_session=True, pdfa=args.pdfa))
        assert per_file is not None and session is not None
    kinds = sorted({p.suffix for p in sources})
    print(
        f"{count} fichiers ({', '.join(kinds)}), PDF/A : {'oui' if args.pdfa else 'non'}, "
        f"meilleur de {max(args.repeat, 1)} essai(s)"
    )
    rows = [
        ("(a) un processus LibreOffice par fichier", per_file),
        ("(b) une seule session", session),
    ]
    print(f"{'':<41}  {'durée':>9}  {'temps CPU':>9}")
    for label, timing in rows:
        print(f"{label:<41}  {timing.wall:8.2f} s  {timing.cpu:8.2f} s")
    ratio_wall = per_file.wall / session.wall
    ratio_cpu = per_file.cpu / session.cpu if session.cpu else float("nan")
    print(f"{'rapport (a)/(b)':<41}  {ratio_wall:8.2f}×  {ratio_cpu:8.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
