"""Each distinct person once: reconnections merged, overlapping connections counted once.

Records are grouped by e-mail, then by UPN (Teams' sign-in name), then by
normalised name (accents, case, word order and tags such as « (Invité) »
ignored).  A name joins an e-mail group only when exactly one group carries
it, so that two namesakes with different addresses stay two people.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dladocs.presence._formats import Record
from dladocs.presence._headers import norm

_TAGS = re.compile(
    r"\((?:guest|invite|invitee|externe?|external|gast|extern|non verifie|unverified|host|hote)\)",
    re.I,
)
_TAGS_RAW = re.compile(
    r"\((?:guest|invit[ée]e?|externe?|external|gast|extern|non vérifié|unverified)\)", re.I
)
_STRUCTURE_SUFFIX = re.compile(r"\s[-\u2013|/]\s")
_RANK = {"organisateur": 0, "présentateur": 1, "participant": 2}


def name_key(name: str) -> str:
    # « Karim Benali - Chantier Nature »: what follows the dash is the structure, not the name.
    text = _TAGS.sub(" ", _STRUCTURE_SUFFIX.split(norm(name))[0])
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(sorted(words))


@dataclass(slots=True)
class Person:
    records: list[Record] = field(default_factory=list)

    @property
    def name(self) -> str:
        # The longest display name read: « Marie Dupont » rather than « Marie D. ».
        # Tags such as « (Invité) » or « (External) » are the tool's, not the person's name.
        # « Karim Benali - Chantier Nature »: the structure after the dash goes to its own column.
        names = [
            re.sub(r"\s+", " ", _TAGS_RAW.sub(" ", _STRUCTURE_SUFFIX.split(r.name)[0])).strip()
            or r.name
            for r in self.records
        ]
        return max(names, key=lambda n: (len(n.split()), len(n)))

    @property
    def email(self) -> str:
        return next((r.email for r in self.records if r.email), "") or next(
            (r.upn for r in self.records if "@" in r.upn), ""
        )

    @property
    def role(self) -> str:
        return min((r.role for r in self.records), key=lambda role: _RANK.get(role, 9))

    @property
    def structure(self) -> str:
        return next((r.structure for r in self.records if r.structure), "")

    @property
    def intervals(self) -> list[tuple[dt.datetime, dt.datetime]]:
        return union(_bounds([r for r in self.records if r.times]))

    @property
    def first(self) -> dt.datetime | None:
        joins = [r.join for r in self.records if r.join is not None]
        return min(joins) if joins else None

    @property
    def last(self) -> dt.datetime | None:
        leaves = [r.leave for r in self.records if r.leave is not None]
        return max(leaves) if leaves else None

    @property
    def seconds(self) -> int:
        """Time connected: the union of intervals, or what the tool states where it gives no times.

        A summary line (Teams' « First join / Last leave » with its in-meeting duration)
        states less than its span when the person left and came back: the stated
        duration counts, not the span.
        """
        timed = [r for r in self.records if r.times and r.join and r.leave]
        spans = [r for r in timed if not _summary(r)]
        total = sum((end - start).total_seconds() for start, end in union(_bounds(spans)))
        total += sum(r.seconds or 0 for r in timed if _summary(r))
        total += sum(r.seconds or 0 for r in self.records if r.times and not (r.join and r.leave))
        return int(total)

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(r.source for r in self.records))


def _summary(record: Record) -> bool:
    """A line whose stated duration is shorter than its span (left and came back)."""
    if record.seconds is None or record.join is None or record.leave is None:
        return False
    return record.seconds + 60 < (record.leave - record.join).total_seconds()


def _bounds(records: list[Record]) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(r.join, r.leave) for r in records if r.join is not None and r.leave is not None]


def union(
    intervals: list[tuple[dt.datetime, dt.datetime]],
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Overlapping or touching intervals joined: two devices at once count once."""
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def merge(records: list[Record]) -> list[Person]:
    """Group ``records`` into people (see the module docstring), in order of first arrival."""
    people: list[Person] = []
    by_email: dict[str, Person] = {}
    by_upn: dict[str, Person] = {}
    by_name: dict[str, list[Person]] = {}

    def attach(person: Person, record: Record) -> None:
        person.records.append(record)
        if record.email:
            by_email.setdefault(record.email.casefold(), person)
        if record.upn:
            by_upn.setdefault(record.upn.casefold(), person)
        key = name_key(record.name)
        if key and person not in by_name.setdefault(key, []):
            by_name[key].append(person)

    # Identified records first, so that a name-only line finds its person's e-mail group.
    ordered = sorted(records, key=lambda r: (not r.email, not r.upn))
    for record in ordered:
        person = None
        if record.email:
            person = by_email.get(record.email.casefold())
        if person is None and record.upn:
            person = by_upn.get(record.upn.casefold())
        if person is None and not record.email:
            candidates = by_name.get(name_key(record.name), [])
            if len(candidates) == 1 and not (record.upn and candidates[0].email):
                person = candidates[0]
        if person is None:
            person = Person()
            people.append(person)
        attach(person, record)
    far = dt.datetime.max
    return sorted(people, key=lambda p: (p.first or far, name_key(p.name)))
