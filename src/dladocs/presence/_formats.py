"""The participant reports of Zoom, Microsoft Teams, Google Meet and a hand-filled CSV.

Each family is recognised by the words of its header row, never by a line
number or a file name: the meeting block above a Zoom table, the summary of a
Teams report and its numbered sections may be there or not, translated or not.
A file becomes a :class:`Session` and the :class:`Record` of each connection.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from dladocs.presence import _dates
from dladocs.presence._headers import (
    _ACTIONS,
    _ALIASES,
    _META,
    _ROLES,
    _SECTION,
    _SUMMARY_TITLES,
    FAMILIES,
    norm,
)
from dladocs.presence._text import PresenceError, Row


@dataclass(slots=True)
class Record:
    """One connection (or one person's line in a summary) read from an export."""

    name: str
    source: str
    email: str = ""
    upn: str = ""
    role: str = "participant"
    structure: str = ""
    aliases: tuple[str, ...] = ()
    join: dt.datetime | None = None
    leave: dt.datetime | None = None
    seconds: int | None = None  # the duration the tool states, when it states one
    times: bool = True  # False: the line only names the person (a summary beside intervals)


@dataclass(slots=True)
class Session:
    file: str
    family: str
    title: str = ""
    tool: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    order: _dates.Order | None = None
    in_person: bool = False
    records: list[Record] = field(default_factory=list)


@dataclass(slots=True)
class _Table:
    header: Row
    columns: dict[str, int]
    language: str
    rows: list[Row] = field(default_factory=list)

    def get(self, row: Row, name: str) -> str:
        index = self.columns.get(name)
        return row.cells[index] if index is not None and index < len(row.cells) else ""


def _columns(row: Row) -> tuple[dict[str, int], str]:
    columns: dict[str, int] = {}
    languages: list[str] = []
    for index, cell in enumerate(row.cells):
        known = _ALIASES.get(norm(cell))
        if known and known[0] not in columns:
            columns[known[0]] = index
            if known[1]:
                languages.append(known[1])
    language = max(set(languages), key=languages.count) if languages else "en"
    return columns, language


def _is_header(columns: dict[str, int]) -> bool:
    named = "name" in columns or "first_name" in columns
    return named and bool({"join", "first", "duration", "action"} & columns.keys())


def _family(tables: list[_Table], meta: dict[str, str], numbered: bool) -> str:
    columns = set().union(*(t.columns for t in tables))
    headers = " | ".join(norm(c) for t in tables for c in t.header.cells)
    if "action" in columns and "timestamp" in columns:
        return "teams-liste"
    if "upn" in columns or "first" in columns or "(upn)" in headers:
        return "teams-rapport" if numbered else "teams-2021"
    if (
        "original" in headers
        or "d'origine" in headers
        or "ursprunglich" in headers
        or "guest" in headers
        or "invite" in headers
        or "waiting room" in headers
        or "meeting_id" in meta
    ):
        return "zoom"
    if "time joined" in headers or "time exited" in headers or "first_name" in columns:
        return "meet"
    if any(
        norm(c) in ("nom", "arrivee", "depart", "duree", "duree minutes")
        for t in tables
        for c in t.header.cells
    ):
        return "manuel"
    return "zoom" if "(minutes)" in headers else "teams-2021"


TOOLS = {
    "zoom": "Zoom",
    "teams-liste": "Microsoft Teams",
    "teams-2021": "Microsoft Teams",
    "teams-rapport": "Microsoft Teams",
    "meet": "Google Meet",
    "manuel": "",
}


def parse(path: Path, rows: list[Row], expected: dt.date | None) -> Session:
    """The session and connections of one export (see the module docstring)."""
    tables: list[_Table] = []
    meta: dict[str, str] = {}
    numbered = False
    current: _Table | None = None
    pending_meta: tuple[Row, dict[int, str]] | None = None
    for row in rows:
        if row.blank:
            current, pending_meta = None, None
            continue
        first = norm(row.cells[0])
        if len(row.cells) == 1 and (_SECTION.match(first) or first in _SUMMARY_TITLES):
            numbered = numbered or bool(_SECTION.match(first))
            current, pending_meta = None, None
            continue
        columns, language = _columns(row)
        if _is_header(columns):
            current = _Table(row, columns, language)
            tables.append(current)
            continue
        if current is not None:
            current.rows.append(row)
            continue
        if pending_meta is not None:  # the value row under a meeting block's header
            for index, key in pending_meta[1].items():
                if index < len(row.cells) and key not in meta:
                    meta[key] = row.cells[index]
            pending_meta = None
            continue
        keys = {i: _META[norm(c)] for i, c in enumerate(row.cells) if norm(c) in _META}
        if len(keys) >= 2:
            pending_meta = (row, keys)
        elif len(row.cells) >= 2 and norm(row.cells[0]) in _META:
            meta.setdefault(_META[norm(row.cells[0])], row.cells[1])
    if not tables:
        raise PresenceError(
            path,
            "présentation inconnue : aucune ligne d'en-tête de participants (nom, arrivée ou durée) "
            "n'a été trouvée. dladocs lit :\n  - " + "\n  - ".join(FAMILIES),
        )
    family = _family(tables, meta, numbered)
    return _records(path, family, tables, meta, expected)


def _stamps(tables: list[_Table], meta: dict[str, str]) -> list[str]:
    values = [v for k, v in meta.items() if k in ("start", "end")]
    for table in tables:
        for name in ("join", "first", "leave", "last", "timestamp", "date"):
            values += [table.get(row, name) for row in table.rows if table.get(row, name)]
    return values


def _records(  # noqa: C901  - one branch per export family and column kind
    path: Path, family: str, tables: list[_Table], meta: dict[str, str], expected: dt.date | None
) -> Session:
    values = _stamps(tables, meta)
    language = tables[0].language
    meridiem = any(re.search(r"\d\s*[ap]\.?\s*m\b", v, re.I) for v in values)
    order = _dates.decide_order(values, language=language, meridiem=meridiem, expected=expected)
    session = Session(
        path.name, family, title=meta.get("title", ""), tool=TOOLS[family], order=order
    )
    day = expected

    def when(value: str, row: Row, name: str) -> dt.datetime | None:
        if not value or value in ("-", "—"):
            return None
        try:
            return _dates.parse_datetime(value, order.kind, day)
        except _dates.DateError as error:
            raise PresenceError(path, f"colonne « {name} » : {error}.", row.line) from None

    for key in ("start", "end"):
        if meta.get(key):
            # the meeting block is informative; the rows carry the proof
            with contextlib.suppress(_dates.DateError):
                setattr(session, key, _dates.parse_datetime(meta[key], order.kind, day))
    if session.start is not None:
        day = session.start.date()
    host = meta.get("host_email", "").casefold()
    intervals = any(not _is_summary(t) for t in tables)
    for table in tables:
        summary = _is_summary(table)
        if family == "teams-liste":
            session.records += _legacy(path, table, when)
            continue
        for row in table.rows:
            if len(row.cells) == 1 and _SECTION.match(norm(row.cells[0])):
                continue
            record = _record(path, table, row, family, when)
            if record is None:
                continue
            if record.join is not None and day is None:
                day = record.join.date()
            if summary and intervals:
                record.times = False
            if host and record.email.casefold() == host:
                record.role = "organisateur"
            session.records.append(record)
    if family == "manuel":
        modes = {norm(table.get(r, "modalite")) for table in tables for r in table.rows}
        session.in_person = bool(modes & {"presentiel", "en presentiel", "sur place"})
        session.tool = (
            "Présentiel"
            if session.in_person
            else next(
                (
                    table.get(r, "modalite")
                    for table in tables
                    for r in table.rows
                    if table.get(r, "modalite")
                ),
                "",
            )
        )
        session.title = session.title or next(
            (
                table.get(r, "seance")
                for table in tables
                for r in table.rows
                if table.get(r, "seance")
            ),
            "",
        )
    timed = [r for r in session.records if r.times]
    joins = [r.join for r in timed if r.join is not None]
    leaves = [r.leave for r in timed if r.leave is not None]
    session.start = session.start or (min(joins) if joins else None)
    session.end = session.end or (max(leaves) if leaves else None)
    return session


def _is_summary(table: _Table) -> bool:
    return "first" in table.columns or "last" in table.columns


def split_original(cell: str) -> tuple[str, str]:
    """``Display (Original)`` → (display, original); nested parentheses kept whole."""
    text = cell.strip()
    if not text.endswith(")"):
        return text, ""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            display = text[:index].strip()
            return (display, text[index + 1 : -1].strip()) if display else (text, "")
    return text, ""


def _record(path: Path, table: _Table, row: Row, family: str, when: object) -> Record | None:
    assert callable(when)
    name = table.get(row, "name")
    if not name and ("first_name" in table.columns or "last_name" in table.columns):
        name = f"{table.get(row, 'first_name')} {table.get(row, 'last_name')}".strip()
    if not name:
        if any(row.cells):
            raise PresenceError(path, "ligne sans nom de participant.", row.line)
        return None
    display, original = split_original(name) if family == "zoom" else (name, "")
    record = Record(display, f"{path.name}:{row.line}", aliases=(original,) if original else ())
    record.email = table.get(row, "email")
    record.upn = table.get(row, "upn")
    record.structure = table.get(row, "structure")
    record.role = _ROLES.get(norm(table.get(row, "role")), "participant")
    if family == "manuel" and norm(table.get(row, "role")) in (
        "participant",
        "presentateur",
        "organisateur",
    ):
        record.role = {"presentateur": "présentateur"}.get(
            norm(table.get(row, "role")), norm(table.get(row, "role"))
        )
    date = table.get(row, "date")
    join_text = table.get(row, "join") or table.get(row, "first")
    leave_text = table.get(row, "leave") or table.get(row, "last")
    if date and join_text and ":" in join_text and "/" not in join_text:
        join_text, leave_text = (
            f"{date} {join_text}",
            (f"{date} {leave_text}" if leave_text else ""),
        )
    record.join = when(join_text, row, "arrivée")
    record.leave = when(leave_text, row, "départ")
    if record.join and record.leave and record.leave < record.join:
        raise PresenceError(path, "le départ précède l'arrivée.", row.line)
    duration = table.get(row, "duration")
    if duration:
        header = norm(table.header.cells[table.columns["duration"]])
        try:
            record.seconds = _dates.parse_duration(duration, minutes_if_bare=True)
        except _dates.DateError as error:
            raise PresenceError(path, f"colonne « {header} » : {error}.", row.line) from None
    if record.join is None and record.seconds is None and family != "manuel":
        raise PresenceError(path, "ni heure d'arrivée ni durée pour ce participant.", row.line)
    return record


def _legacy(path: Path, table: _Table, when: object) -> list[Record]:
    """Teams' attendance list: Joined / Left events, leaves sometimes missing."""
    assert callable(when)
    events: list[tuple[dt.datetime, str, str, int]] = []
    for row in table.rows:
        name, action = table.get(row, "name"), norm(table.get(row, "action"))
        if not name:
            continue
        kind = _ACTIONS.get(action)
        if kind is None:
            raise PresenceError(path, f"action inconnue « {table.get(row, 'action')} ».", row.line)
        stamp = when(table.get(row, "timestamp"), row, "horodatage")
        if stamp is None:
            raise PresenceError(path, "horodatage vide.", row.line)
        events.append((stamp, kind, name, row.line))
    end = max((e[0] for e in events), default=None)
    records: list[Record] = []
    open_: dict[str, Record] = {}
    for stamp, kind, name, line in events:
        if kind == "join":
            if name in open_:
                continue  # a second « Joined » while connected (two devices): one presence
            record = Record(name, f"{path.name}:{line}", join=stamp)
            open_[name] = record
            records.append(record)
        elif name in open_:
            open_.pop(name).leave = stamp
        else:  # « Left » without a join: connected since the list began
            records.append(Record(name, f"{path.name}:{line}", join=events[0][0], leave=stamp))
    for record in open_.values():
        record.leave = end  # still connected when the list was downloaded
    return records
