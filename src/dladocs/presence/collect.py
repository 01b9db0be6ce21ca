"""``dladocs presence collect``: participant reports in, ``presence.json`` out.

``presence.json`` is written next to ``dladocs.toml`` and nowhere else: it
holds personal data (names, e-mail addresses, times), kept with the project's
FSE supporting documents; builds read it, never copy it to the output.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dladocs.presence import _formats, _merge, _text
from dladocs.presence._formats import Session
from dladocs.presence._headers import norm
from dladocs.presence._text import PresenceError

if TYPE_CHECKING:
    from dladocs.project import Project

FILENAME = "presence.json"
_STOP = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "d",
    "et",
    "en",
    "a",
    "au",
    "aux",
    "sas",
    "sarl",
    "scop",
    "scic",
    "sa",
    "eurl",
    "association",
    "asso",
    "the",
    "of",
    "www",
    "fr",
    "com",
    "org",
    "net",
    "eu",
    "gmail",
    "orange",
    "free",
    "hotmail",
    "outlook",
    "yahoo",
    "laposte",
    "wanadoo",
    # The example's structures are marked « (fictif) »; nobody types that in a meeting.
    "fictif",
    "fictive",
}


@dataclass(slots=True)
class Collection:
    sessions: list[Session]
    people: list[dict[str, Any]]
    unmatched: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "seances": [_session_json(s) for s in self.sessions],
            "personnes": self.people,
            "non_rattaches": self.unmatched,
        }


def _stamp(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _session_json(session: Session) -> dict[str, Any]:
    return {
        "titre": session.title,
        "outil": session.tool,
        "date": session.start.date().isoformat() if session.start else None,
        "debut": _stamp(session.start),
        "fin": _stamp(session.end),
        "presentiel": session.in_person,
        "fichier": session.file,
        "format": session.family,
        "ordre_dates": session.order.as_json() if session.order else None,
    }


def read(paths: Sequence[Path], project: Project | None = None) -> Collection:
    """Read every export, merge people across them, match them to the project's structures."""
    expected = project.webinar.date if project is not None else None
    sessions = []
    for path in paths:
        rows, _ = _text.rows(path)
        sessions.append(_formats.parse(path, rows, expected))
    records = [record for session in sessions for record in session.records]
    if not records:
        raise PresenceError(paths[0], "aucun participant n'a été lu dans ces fichiers.")
    people = []
    unmatched = []
    for person in _merge.merge(records):
        structure, matched = _structure(person, project)
        people.append(
            {
                "nom": person.name,
                "email": person.email,
                "structure": structure,
                "role": person.role,
                "premiere_arrivee": _stamp(person.first),
                "dernier_depart": _stamp(person.last),
                "duree_minutes": person.seconds // 60,  # whole minutes, rounded down: a proof
                "sources": person.sources,
            }
        )
        if project is not None and not matched and person.role == "participant":
            unmatched.append(person.name)
    return Collection(sessions, people, unmatched)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", norm(text)) if w not in _STOP and len(w) > 1}


def _structure(person: _merge.Person, project: Project | None) -> tuple[str, bool]:
    """The ``[[participants]]`` structure of ``person`` and whether it was found.

    In order: ``[presence.structures]`` (by e-mail or name), the structure column of
    the export, the words of the structure in the e-mail's domain or in the name the
    person typed (« Marie Dupont - Régie de quartier »).
    """
    given = person.structure
    if project is None:
        return given, bool(given)
    names = [p.organisation for p in project.participants]
    manual = {norm(k): v for k, v in project.presence.structures.items()}
    for key in (person.email, person.name, *(r.name for r in person.records)):
        if key and norm(key) in manual:
            return manual[norm(key)], True
    if given:
        for name in names:
            if norm(name) == norm(given) or (_words(name) and _words(name) <= _words(given)):
                return name, True
    domain = person.email.rpartition("@")[2]
    compact_domain = re.sub(r"[^a-z0-9]", "", norm(domain.rsplit(".", 1)[0])) if domain else ""
    typed = " ".join(
        [r.name for r in person.records] + [a for r in person.records for a in r.aliases]
    )
    for name in names:
        words = _words(name)
        if not words:
            continue
        compact = "".join(sorted(words))
        joined = "".join(re.findall(r"[a-z0-9]+", norm(name)))
        if compact_domain and (
            compact_domain in (joined, compact) or words <= _words(domain.replace("-", " "))
        ):
            return name, True
        # One short word (« Art ») would match too many names: two words, or one long one.
        if words <= _words(typed) and (len(words) >= 2 or len(next(iter(words))) > 3):
            return name, True
    return given, False


def threshold(project: Project) -> int:
    """Minutes of attendance a certificate needs: ``seuil_minutes``, or the share of the webinar."""
    setting = project.presence
    if setting.threshold_minutes is not None:
        return setting.threshold_minutes
    if setting.threshold_percent is not None:
        return math.ceil(project.webinar.minutes * setting.threshold_percent / 100)
    return 0


def write(collection: Collection, folder: Path) -> Path:
    """``presence.json`` in the project folder, replaced atomically (a half file is never left)."""
    from dladocs._output import write_atomic

    target = folder / FILENAME
    data = json.dumps(collection.as_json(), ensure_ascii=False, indent=2) + "\n"
    write_atomic(target, data.encode("utf-8"))
    return target


def load(folder: Path) -> dict[str, Any] | None:
    """The project's ``presence.json``, or None if there is none; bad JSON is a user error."""
    target = folder / FILENAME
    if not target.is_file():
        return None
    try:
        data = json.loads(_text.read_bounded(target).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise PresenceError(
            target, "JSON illisible : relancez « dladocs presence collect ».", line
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("personnes"), list):
        raise PresenceError(
            target, "il manque la liste « personnes » : relancez « dladocs presence collect »."
        )
    return data
