"""Dates, times and durations as the tools write them, and the day/month order of a file.

A file's numeric dates are read together: ``3/4/2021`` alone could be the
3rd of April or the 4th of March.  The order is decided, in this order, by a
value above 12, by the project's webinar date, by the rows being in time
order, then by the language of the headers; when only the language decided,
the séance says so in ``presence.json`` (``"ordre_dates"``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# 11/26/2025, 4:16:54 PM · 26/11/25, 16:16:54 · 26/11/2025 à 16:16:54 · 26.11.2025, 16:16
_DMY = re.compile(
    r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{2}|\d{4})"
    r"(?:,?\s*(?:à|a|um|at)?\s*(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?\s*m\.?)?))?$",
    re.IGNORECASE,
)
# 2025/11/26 16:16:54 · 2025-11-26T16:16:54 · 2025-11-26 04:16:54 PM
_YMD = re.compile(
    r"^(?P<y>\d{4})[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})"
    r"(?:[T,\s]\s*(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s*[ap]\.?\s*m\.?)?))?(?:Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?(?:\s*(?P<ap>[ap])\.?\s*m\.?)?$", re.I
)


class DateError(ValueError):
    """A value that is not a date, a time or a duration: the caller names file and line."""


@dataclass(frozen=True, slots=True)
class Order:
    """How a file's numeric dates are read: ``dmy``, ``mdy`` or ``ymd``; ``sure`` False if only guessed."""

    kind: str
    sure: bool
    reason: str

    def as_json(self) -> dict[str, object]:
        label = {"dmy": "jour/mois/année", "mdy": "mois/jour/année", "ymd": "année/mois/jour"}[
            self.kind
        ]
        return {"ordre": label, "certain": self.sure, "raison": self.reason}


def normalise(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def parse_time(value: str) -> dt.time:
    match = _TIME.match(normalise(value))
    if match is None:
        raise DateError(f"heure illisible « {value} »")
    hour, minute = int(match["h"]), int(match["m"])
    second = int(match["s"] or 0)
    if match["ap"]:
        if not 1 <= hour <= 12:
            raise DateError(f"heure illisible « {value} »")
        hour = hour % 12 + (12 if match["ap"].lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateError(f"heure impossible « {value} »")
    return dt.time(hour, minute, second)


def numeric_parts(value: str) -> tuple[int, int] | None:
    """The two leading numbers of a day/month date (``a/b/year``), for deciding the order."""
    match = _DMY.match(normalise(value))
    return (int(match["a"]), int(match["b"])) if match else None


def parse_datetime(value: str, order: str, day: dt.date | None = None) -> dt.datetime:
    """A date and time in ``order`` (``dmy``/``mdy``); a bare time takes ``day``."""
    text = normalise(value)
    match = _YMD.match(text)
    if match:
        date = _date(int(match["y"]), int(match["m"]), int(match["d"]), value)
        return dt.datetime.combine(date, parse_time(match["time"]) if match["time"] else dt.time())
    match = _DMY.match(text)
    if match:
        a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
        year += 2000 if year < 100 else 0
        d, m = (a, b) if order != "mdy" else (b, a)
        date = _date(year, m, d, value)
        return dt.datetime.combine(date, parse_time(match["time"]) if match["time"] else dt.time())
    if _TIME.match(text):
        if day is None:
            raise DateError(f"heure « {value} » sans date : ajoutez la date de la séance")
        return dt.datetime.combine(day, parse_time(text))
    raise DateError(f"date illisible « {value} »")


def _date(year: int, month: int, day: int, value: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"date impossible « {value} »") from None


def decide_order(  # noqa: PLR0911  - one return per clue, in the order they are trusted
    values: Sequence[str], *, language: str, meridiem: bool, expected: dt.date | None
) -> Order:
    """The order of a file's ``a/b/year`` dates (see the module docstring)."""
    pairs = [p for p in (numeric_parts(v) for v in values) if p is not None]
    if not pairs:
        return Order("ymd", True, "dates écrites année d'abord (ou aucune date numérique)")
    if any(a > 12 for a, _ in pairs):
        return Order("dmy", True, "un premier nombre dépasse 12 : c'est le jour")
    if any(b > 12 for _, b in pairs):
        return Order("mdy", True, "un deuxième nombre dépasse 12 : c'est le jour")
    if all(a == b for a, b in pairs):
        return Order("dmy", True, "jour et mois identiques : l'ordre ne change rien")
    if expected is not None:
        fits = [kind for kind in ("dmy", "mdy") if any(_safe(v, kind) == expected for v in values)]
        if len(fits) == 1:
            return Order(fits[0], True, f"la date du webinaire du projet ({expected:%d/%m/%Y})")
    ordered = [kind for kind in ("dmy", "mdy") if _in_time_order(values, kind)]
    if len(ordered) == 1:
        return Order(ordered[0], True, "les lignes ne sont dans l'ordre du temps que lu ainsi")
    if language == "en" and meridiem:
        return Order("mdy", False, "supposé d'après les en-têtes en anglais et l'heure AM/PM")
    if language == "en":
        return Order("mdy", False, "supposé d'après les en-têtes en anglais")
    return Order("dmy", False, "supposé d'après la langue des en-têtes")


def _safe(value: str, kind: str) -> dt.date | None:
    try:
        return parse_datetime(value, kind).date()
    except DateError:
        return None


def _in_time_order(values: Sequence[str], kind: str) -> bool:
    stamps = []
    for value in values:
        try:
            stamps.append(parse_datetime(value, kind))
        except DateError:
            return False
    return all(x <= y for x, y in itertools.pairwise(stamps))


_DURATION_PART = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<u>heures?|hours?|hrs?|std\.?|stunden?|h|minutes?|mins?|min\.?|m|secondes?|seconds?|secs?|sek\.?|s)\b",
    re.IGNORECASE,
)


def parse_duration(value: str, *, minutes_if_bare: bool = True) -> int:
    """Seconds of ``1h 15m``, ``48m 59s``, ``2 h 44 m``, ``1 hr 5 min``, ``01:15:30`` or ``75`` (minutes)."""
    text = normalise(value).replace(",", ".")
    if not text:
        raise DateError("durée vide")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        number = float(text)
        return round(number * 60) if minutes_if_bare else round(number)
    clock = re.fullmatch(r"(\d{1,3}):(\d{2})(?::(\d{2}))?", text)
    if clock:
        h, m, s = int(clock[1]), int(clock[2]), int(clock[3] or 0)
        return h * 3600 + m * 60 + s
    total = 0.0
    consumed = 0
    for part in _DURATION_PART.finditer(text):
        number = float(part["n"])
        unit = part["u"].lower()
        if unit.startswith(("h", "std", "stund")):
            total += number * 3600
        elif unit.startswith("m"):
            total += number * 60
        else:
            total += number
        consumed += len(part.group(0))
    leftover = _DURATION_PART.sub("", text).strip(" .")
    if consumed == 0 or leftover:
        raise DateError(f"durée illisible « {value} »")
    return round(total)
