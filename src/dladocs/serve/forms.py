"""From a submitted form to the project file: entry actions, validation, errors beside fields."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData

from dladocs.serve.schema import EXCHANGE_KINDS, Section
from dladocs.serve.tomledit import Values

ORIGIN = "_origine"  # hidden per entry: its number in the file (0: added in the page)
_PROBLEM = re.compile(r"^(?:ligne (?P<line>\d+), )?clé « (?P<key>[^»]+) » : (?P<text>.*)$", re.S)


@dataclass(slots=True)
class Submitted:
    values: Values
    order: list[int]  # for arrays: the file entry each form entry came from
    action: str = "enregistrer"
    focus: str = ""  # the control to focus after an entry action (keyboard users stay in place)


def read_form(form: FormData, section: Section) -> Submitted:
    """The values of ``section`` in ``form``; entry actions (add, remove, move) applied."""
    values: Values = {}
    for key, value in form.multi_items():
        if isinstance(value, str) and key.startswith(section.prefix):
            values[key] = value
    action = str(form.get("action", "enregistrer"))
    if not section.array:
        return Submitted(values, [], action)
    count = 0
    while f"{section.prefix}[{count + 1}].{ORIGIN}" in values:
        count += 1
    entries = [_entry(values, section, index) for index in range(1, count + 1)]
    focus = ""
    verb, _, number = action.partition(":")
    position = int(number) - 1 if number.isdigit() else -1
    if verb == "ajouter":
        entries.append({ORIGIN: "0"})
        focus = f"{section.prefix}[{len(entries)}].{section.fields[0].key}"
    elif verb == "supprimer" and 0 <= position < len(entries):
        del entries[position]
        focus = "ajouter"
    elif verb in ("monter", "descendre") and 0 <= position < len(entries):
        target = position - 1 if verb == "monter" else position + 1
        if 0 <= target < len(entries):
            entries[position], entries[target] = entries[target], entries[position]
            position = target
        # Focus stays on the moved entry's button, or on its other one at either end (disabled there).
        first, last = position == 0, position == len(entries) - 1
        if (verb == "monter" and first) or (verb == "descendre" and last):
            verb = "descendre" if verb == "monter" else "monter"
        focus = f"{verb}:{position + 1}"
        verb = "deplacer"
    rebuilt: Values = {}
    order: list[int] = []
    for index, entry in enumerate(entries, start=1):
        origin = entry.get(ORIGIN, "0")
        order.append(int(origin) if origin.isdigit() else 0)
        for key, value in entry.items():
            rebuilt[f"{section.prefix}[{index}].{key}"] = value
    return Submitted(rebuilt, order, verb, focus)


def _entry(values: Values, section: Section, index: int) -> dict[str, str]:
    head = f"{section.prefix}[{index}]."
    return {key[len(head) :]: value for key, value in values.items() if key.startswith(head)}


@dataclass(slots=True)
class Problems:
    """Validation messages: beside a field of this page, or in the list above the form."""

    fields: dict[str, str] = field(default_factory=dict)
    others: list[str] = field(default_factory=list)


def place(messages: list[str], names: set[str]) -> Problems:
    """Put each of :mod:`dladocs.project`'s messages beside the field its key names."""
    problems = Problems()
    for message in messages:
        found = _PROBLEM.match(message)
        name = _field_for(found.group("key"), names) if found else None
        if found and name is not None:
            text = found.group("text")
            problems.fields[name] = (
                f"{problems.fields[name]} ; {text}" if name in problems.fields else text
            )
        else:
            problems.others.append(message)
    return problems


def section_of(message: str) -> str:
    """The slug of the page where the key a message names is edited, or ``""``."""
    from dladocs.serve.schema import SECTIONS, SEQUENCE

    found = _PROBLEM.match(message)
    if not found:
        return ""
    key = re.sub(r"\[\d+\]", "", found.group("key"))
    # The longest prefix wins: « webinaire.sequence.duree » is the sequence's, not the webinar's.
    pages = sorted((*SECTIONS, SEQUENCE), key=lambda s: -len(s.prefix))
    return next((s.slug for s in pages if key == s.prefix or key.startswith(s.prefix + ".")), "")


def _field_for(key: str, names: set[str]) -> str | None:
    probe = key
    while probe:
        if probe in names:
            return probe
        shorter = re.sub(r"(\[\d+\]|\.[^.\[]+)$", "", probe)
        if shorter == probe:
            return None
        probe = shorter
    return None


def new_problems(before: list[str], after: list[str]) -> list[str]:
    """The problems of ``after`` that ``before`` did not have (line numbers aside: they move)."""

    def unlined(message: str) -> str:
        return re.sub(r"^ligne \d+, ", "", message)

    known = {unlined(message) for message in before}
    return [message for message in after if unlined(message) not in known]


def validate(text: str | bytes, path: Path) -> list[str]:
    """The French problems :func:`dladocs.project.parse_project` finds in a candidate file."""
    import dladocs.plugins  # noqa: F401  - registers the departments of plugins' regions
    from dladocs.errors import ProjectError
    from dladocs.project import parse_project

    try:
        parse_project(text.encode("utf-8") if isinstance(text, str) else text, path)
    except ProjectError as error:
        return list(error.problems)
    return []


def sequence_summary(values: Mapping[str, str], count: int, webinar_minutes: Any) -> dict[str, Any]:
    """Running total and exchange share of the sequence as the form shows it."""
    rows = []
    total = exchange = 0
    for index in range(1, count + 1):
        text = values.get(f"webinaire.sequence[{index}].duree", "").strip()
        minutes = int(text) if text.isdigit() else 0
        kind = values.get(f"webinaire.sequence[{index}].nature", "")
        total += minutes
        if kind in EXCHANGE_KINDS:
            exchange += minutes
        rows.append({"start": total - minutes, "end": total, "minutes": minutes})
    base = webinar_minutes if isinstance(webinar_minutes, int) and webinar_minutes > 0 else total
    share = round(100 * exchange / base) if base else 0
    return {
        "rows": rows,
        "total": total,
        "webinar": webinar_minutes if isinstance(webinar_minutes, int) else None,
        "exchange": exchange,
        "share": share,
        "over": isinstance(webinar_minutes, int) and total > webinar_minutes,
        "low": share < 50,
    }
