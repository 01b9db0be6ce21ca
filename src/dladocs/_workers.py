"""The worker processes of a national build.

Workers are forked on Linux, so they inherit the plugins registered at run
time (the testing kit does this) and the libraries already imported.  A
worker ends with the build that started it: if the build is killed, its
workers are too, instead of lingering with the output folder's lock.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor

_LINUX = sys.platform.startswith("linux")
_PR_SET_PDEATHSIG = 1


def pool(jobs: int) -> ProcessPoolExecutor:
    """A process pool of ``jobs`` workers that end with this process."""
    import multiprocessing

    # Fork where it is safe (Linux); elsewhere the platform's default, which re-imports.
    context = multiprocessing.get_context("fork" if _LINUX else None)
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_start,
        initargs=(os.getpid(),),
    )


def _start(parent: int) -> None:
    import signal

    # Ctrl-C reaches the whole process group: the build stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _LINUX:
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl: the check below still helps
            pass
    if os.getppid() != parent:
        os._exit(1)  # the build ended before this worker started


def warm_imports() -> None:
    """Import the rendering and inspection libraries once, before the workers fork.

    Forked workers inherit what the parent imported; otherwise each worker
    would spend its first second importing python-pptx, python-docx, pypdf,
    pikepdf, pypdfium2, Pillow and matplotlib on its own.
    """
    if not _LINUX:
        return  # spawned workers import for themselves anyway
    import importlib

    for name in (
        "dladocs.render.pptx",
        "dladocs.render.docx",
        "dladocs.render.form",
        "dladocs.render.pdf",
        "dladocs.render.certificates",
        "dladocs._thumbnails",
        "pypdfium2",  # imported by the thumbnails and the rules' renderings when first used
        "dladocs.inspect.pptx",
        "dladocs.inspect.docx",
        "dladocs.inspect.pdf",
        "dladocs.recognition",
        "dladocs.rules",
        "dladocs.charts",
        "dladocs.default_plugins._deck",
        "dladocs.default_plugins._rapport",
        "matplotlib.figure",
        "matplotlib.backends.backend_agg",
    ):
        importlib.import_module(name)
