"""The processes still running in a process group or a session, read from Linux's /proc."""

from __future__ import annotations

from pathlib import Path


def alive(*, group: int | None = None, session: int | None = None) -> list[int]:
    """Pids of the live processes (zombies excluded) in process ``group`` or ``session``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # After "pid (command)": state, parent, process group, session...
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] == "Z":
            continue
        if (group is not None and int(fields[2]) == group) or (
            session is not None and int(fields[3]) == session
        ):
            pids.append(int(entry.name))
    return pids
