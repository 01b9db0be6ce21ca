"""A child process group that ends with the process that started it, even when that one is killed.

LibreOffice runs in its own session (so that a timeout can kill it with all
the processes it forks).  When the build itself is killed (SIGKILL, a CI
timeout), nothing in it runs any more: LibreOffice would finish its
conversion alone, seconds later.  :func:`watch` forks a tiny watcher that
blocks on a pipe only the build holds open; when the build ends, for any
reason, the pipe closes and the watcher kills the group at once.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator


@contextlib.contextmanager
def watch(group: int) -> Iterator[None]:
    """While the block runs, process group ``group`` dies with this process (POSIX only)."""
    if os.name != "posix":  # pragma: no cover - Windows: job objects would be needed
        yield
        return
    read_end, write_end = os.pipe()
    try:
        watcher = os.fork()
    except OSError:  # no fork available: the timeout still stops the session
        os.close(read_end)
        os.close(write_end)
        yield
        return
    if watcher == 0:  # the watcher: only async-signal-safe calls, then _exit
        try:
            os.close(write_end)
            # Other pipes' write ends inherited through fork would keep them open.
            os.closerange(3, read_end)
            os.closerange(read_end + 1, 4096)
            while os.read(read_end, 1):
                pass
            with contextlib.suppress(OSError):
                os.killpg(group, signal.SIGKILL)
        finally:
            os._exit(0)
    os.close(read_end)
    try:
        yield
    finally:
        os.close(write_end)  # the watcher wakes, kills what is left of the group, and exits
        with contextlib.suppress(ChildProcessError):
            os.waitpid(watcher, 0)
