"""Benchmark: office files to PDF, one LibreOffice process per file versus one session for all.

    python benchmarks/pdf_conversion.py                 # the bundled example's files, 12 in all
    python benchmarks/pdf_conversion.py --count 20      # copied until there are 20
    python benchmarks/pdf_conversion.py --files a.docx b.pptx ... [--pdfa] [--repeat 3]

Four ways over the same files:

(a) ``soffice --headless --convert-to pdf`` once per file, its profile kept
    between calls: what a conversion script does today;
(a') dladocs' own conversion (:func:`dladocs._soffice.convert`) once per file:
    the same isolated, prepared profile and export options as (b), so that
    (a')/(b) compares the two strategies and nothing else;
(b) dladocs' conversion once with every file: one session, as a build of one
    region does;
(c) one session per core, side by side, as a national build does.

A first conversion, not timed, warms the disk and font caches and prepares
each profile; with ``--repeat N`` each way runs N times and the best time
counts (other work on the machine only ever slows a run down).

This is a script, not a test: timings depend on the machine.  The CPU time
(LibreOffice's own processes, from ``getrusage``) is printed beside the clock
time: it does not grow when other work shares the machine.  POSIX only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from _baselines import children_cpu, soffice_per_file


def example_files(folder: Path) -> list[Path]:
    """Build the bundled example's office files (no PDFs) into ``folder``."""
    from dladocs.pipeline import BuildOptions, build
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


def timed(way: Callable[[Sequence[Path]], object], files: Sequence[Path]) -> Timing:
    before = children_cpu()
    start = time.perf_counter()
    way(files)
    return Timing(time.perf_counter() - start, children_cpu() - before)


def ways(folder: Path, *, pdfa: bool) -> dict[str, Callable[[Sequence[Path]], object]]:
    """The four ways, each converting the files it is given (see the module's docstring)."""
    from concurrent.futures import ThreadPoolExecutor

    from dladocs import _soffice

    cores = os.cpu_count() or 1
    profile = folder / "profil-soffice"
    outdir = folder / "sortie-soffice"

    def plain(files: Sequence[Path]) -> None:
        for path in files:
            soffice_per_file(path, profile, outdir)

    def per_file(files: Sequence[Path]) -> None:
        for path in files:
            _soffice.convert([path], pdfa=pdfa)

    def session(files: Sequence[Path]) -> None:
        _soffice.convert(files, pdfa=pdfa)

    def per_core(files: Sequence[Path]) -> None:
        shares = [list(files[i::cores]) for i in range(cores) if files[i::cores]]
        with ThreadPoolExecutor(max_workers=len(shares)) as pool:
            list(pool.map(session, shares))

    return {
        "(a) soffice --convert-to pdf par fichier": plain,
        "(a') conversion dladocs par fichier": per_file,
        "(b) une seule session": session,
        f"(c) une session par cœur ({cores})": per_core,
    }


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
        soffice_per_file(warmup[0], folder / "profil-soffice", folder / "sortie-soffice")
        timings: dict[str, Timing | None] = {}
        for run in range(max(args.repeat, 1)):
            for index, (label, way) in enumerate(ways(folder, pdfa=args.pdfa).items()):
                # Fresh copies for each way: no PDF left by another can pass for its own.
                files = copies(sources, count, folder / f"essai-{run}-{index}")
                timings[label] = best(timings.get(label), timed(way, files))
    kinds = sorted({p.suffix for p in sources})
    print(
        f"{count} fichiers ({', '.join(kinds)}), PDF/A : {'oui' if args.pdfa else 'non'}, "
        f"meilleur de {max(args.repeat, 1)} essai(s)"
    )
    done = {label: timing for label, timing in timings.items() if timing is not None}
    print(f"{'':<44}  {'durée':>9}  {'temps CPU':>9}")
    for label, timing in done.items():
        print(f"{label:<44}  {timing.wall:8.2f} s  {timing.cpu:8.2f} s")
    (plain, own, session, cores) = done.values()
    for label, slow, fast in (
        ("rapport (a)/(b)", plain, session),
        ("rapport (a)/(c)", plain, cores),
        ("rapport (a')/(b), la stratégie seule", own, session),
    ):
        cpu = slow.cpu / fast.cpu if fast.cpu else float("nan")
        print(f"{label:<44}  {slow.wall / fast.wall:8.2f}×  {cpu:8.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
