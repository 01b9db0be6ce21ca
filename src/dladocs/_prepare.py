"""Pictures analysed ahead, on the processor time LibreOffice leaves idle.

While LibreOffice converts a national build's office files it keeps about 1.8
of two cores busy, and the workers wait.  :func:`ahead` starts one process at
Linux's idle priority (``SCHED_IDLE``: it only gets time no one else wants)
that analyses the pictures of one region's office files as the verification
of their PDFs will: the emblem search and the fingerprints, which depend on
the pixels alone (:func:`dladocs.recognition.prepare`).  LibreOffice keeps
the pixels of the pictures it converts, so the deck's illustrations, the same
in every region, need no analysis when the workers verify their first PDFs;
without this, both workers analysed them at once, each for itself, at the
start of that phase.

The process is stopped when the conversion ends, whatever it has not done
yet: what it finished is handed to the workers with their tasks
(:func:`dladocs.recognition.adopt`), the rest they analyse as before.  It
only saves work: a picture it cannot read is left to the verification, which
reports it.  Elsewhere than on Linux nothing is done ahead.
"""

from __future__ import annotations

import contextlib
import os
import sys
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

_MEDIA = ("ppt/media/", "word/media/")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff")
_MAX_PICTURES = 200
_MAX_BYTES = 20_000_000

Analyses = dict[str, Any]


def can_run_idle() -> bool:
    """Whether this platform can give work only the processor time no one else wants."""
    return sys.platform.startswith("linux") and hasattr(os, "SCHED_IDLE")


@contextlib.contextmanager
def ahead(paths: Sequence[Path], *, complete: bool = False) -> Iterator[Analyses]:
    """Analyse the pictures of ``paths`` in an idle process while the block runs.

    The dictionary yielded is filled when the block ends with what the process
    finished (pixels key → analysis, for :func:`dladocs.recognition.adopt`).
    With ``complete``, the end of the block waits for the process to finish.
    """
    found: Analyses = {}
    if not paths or not can_run_idle():
        yield found
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_analyse, args=(list(paths), send), daemon=True)
    process.start()
    send.close()  # the child's end: the pipe reaches end of file when the child is gone
    try:
        yield found
        if complete:
            process.join()
    finally:
        process.kill()  # done or not, the conversion is over: no time is idle any more
        process.join()
        # Each result is one small message, written at once: a killed child leaves none half-sent.
        with contextlib.suppress(EOFError, OSError, ValueError):
            while receive.poll():
                pixels, analysis = receive.recv()
                found[pixels] = analysis
        receive.close()


def _analyse(paths: list[Path], send: Any) -> None:
    """The idle process: one message per picture analysed."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        from dladocs.recognition import prepare

        for image in pictures(paths):
            result = prepare(image)
            if result is not None:
                send.send(result)
        send.close()
    except Exception:  # work done ahead only saves time; the verification
        pass  # analyses whatever this process did not, and reports what it cannot read
    os._exit(0)  # a forked child: none of the parent's exit handlers are its own


def pictures(paths: Sequence[Path]) -> Iterator[Any]:
    """The pictures the office files ``paths`` embed, decoded, small enough to key by pixels."""
    from PIL import Image, UnidentifiedImageError

    from dladocs.recognition import PIXEL_KEY_MAX  # larger pictures are not shared by pixels

    count = 0
    for path in paths:
        try:
            with zipfile.ZipFile(path) as package:
                members = [
                    info
                    for info in package.infolist()
                    if info.filename.startswith(_MEDIA)
                    and info.filename.lower().endswith(_IMAGE_SUFFIXES)
                    and 0 < info.file_size <= _MAX_BYTES
                ]
                for info in members:
                    if count >= _MAX_PICTURES:
                        return
                    with package.open(info) as stream, Image.open(stream) as image:
                        if image.width * image.height > PIXEL_KEY_MAX:
                            continue
                        image.load()
                        count += 1
                        yield image
        except (
            OSError,
            ValueError,
            zipfile.BadZipFile,
            UnidentifiedImageError,
            Image.DecompressionBombError,
        ):
            continue  # the verification reads this file itself and says what is wrong
