"""What both benchmark scripts compare dladocs with: LibreOffice run as a script runs it today."""

from __future__ import annotations

import resource
import shutil
import subprocess
from pathlib import Path


def soffice_per_file(path: Path, profile: Path, outdir: Path) -> None:
    """``soffice --headless --convert-to pdf`` for one file, as a conversion script does.

    The profile is kept between calls, as a user's own profile would be (not the
    user's: a folder of the benchmark's own).
    """
    program = shutil.which("soffice") or "soffice"
    subprocess.run(
        [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
    )


def children_cpu() -> float:
    """CPU seconds used so far by this process's finished children (LibreOffice)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
