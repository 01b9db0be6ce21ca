"""Read form values out of ``dladocs.toml`` and write them back with tomlkit.

tomlkit keeps the user's comments, blank lines and key order; a key whose
value did not change is not touched at all (so its trailing comment stays),
and the entries of an array of tables keep their own comments when they are
reordered, because the same table objects are put back in the new order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, InlineTable, Table

from dladocs.serve.schema import Field, Section

Values = dict[str, str]


def fingerprint(data: bytes) -> str:
    """What the form remembers of the file it was made from."""
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` in one step: a reader sees the old file or the new one, never half."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(prefix=".dladocs-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_create(path: Path, data: bytes) -> None:
    """Write a new file in one step, never replacing one: ``FileExistsError`` if ``path`` exists.

    The bytes go to a temporary file first, then get their name by a hard
    link, which fails rather than replace a file made meanwhile.
    """
    handle, temporary = tempfile.mkstemp(prefix=".dladocs-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.link(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _node(doc: Any, path: Sequence[str]) -> Any:
    node = doc
    for name in path:
        if not isinstance(node, Mapping) or name not in node:
            return None
        node = node[name]
    return node


def _show(field: Field, value: Any) -> str:  # noqa: PLR0911  - one return per field kind
    """A TOML value as the form shows it."""
    value = _plain(value)
    if value is None:
        return ""
    if field.kind == "bool":
        return "on" if value is True else ""
    if field.kind in ("lines", "paragraphs"):
        items = value if isinstance(value, list) else [value]
        return ("\n" if field.kind == "lines" else "\n\n").join(str(item) for item in items)
    if field.kind == "actions":
        lines = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Mapping):
                detail = item.get("detail")
                lines.append(
                    f"{item.get('action', '')} | {detail}"
                    if detail
                    else str(item.get("action", ""))
                )
            else:
                lines.append(str(item))
        return "\n".join(lines)
    if field.kind in ("mapping", "pairs"):
        return (
            "\n".join(f"{k} = {v}" for k, v in value.items())
            if isinstance(value, Mapping)
            else str(value)
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_values(doc: Any, section: Section) -> tuple[Values, list[int]]:
    """The form values of ``section``, and for an array the original number of each entry."""
    values: Values = {}
    node = _node(doc, section.table)
    if not section.array:
        table = node if isinstance(node, Mapping) else {}
        for field in section.fields:
            values[f"{section.prefix}.{field.key}"] = _show(field, table.get(field.key))
        return values, []
    entries = list(node) if isinstance(node, list) else []
    for index, entry in enumerate(entries, start=1):
        table = entry if isinstance(entry, Mapping) else {}
        for field in section.fields:
            values[f"{section.prefix}[{index}].{field.key}"] = _show(field, table.get(field.key))
    return values, list(range(1, len(entries) + 1))


# --------------------------------------------------------------------------- form → TOML


def _typed(field: Field, text: str) -> tuple[Any, str]:  # noqa: C901, PLR0911, PLR0912  - one parse per field kind, each with its French message
    """The TOML value of a form text (``None``: remove the key), and a French problem if any.

    Text that is not a number, date or time is kept as text: the project's own
    validation then says « nombre entier attendu, reçu « abc » » beside the field.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if field.kind == "bool":
        return text == "on", ""
    if field.kind == "lines":
        return [line.strip() for line in text.split("\n") if line.strip()] or None, ""
    if field.kind == "paragraphs":
        parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        return parts or None, ""
    if field.kind == "actions":
        items: list[Any] = []
        for line in (raw.strip() for raw in text.split("\n")):
            if not line:
                continue
            action, bar, detail = line.partition("|")
            if bar and detail.strip():
                entry = tomlkit.inline_table()
                entry.update({"action": action.strip(), "detail": detail.strip()})
                items.append(entry)
            else:
                items.append(action.strip())
        return items or None, ""
    if field.kind == "mapping":
        table = tomlkit.table()
        for line in (raw.strip() for raw in text.split("\n")):
            if not line:
                continue
            key, equals, value = line.partition("=")
            if not equals or not re.fullmatch(r"[A-Za-z0-9_-]+", key.strip()) or not value.strip():
                return (
                    None,
                    f"ligne « {line[:60]} » : écrivez nom = chemin, le nom en lettres sans accent, chiffres, - ou _",
                )
            table[key.strip()] = value.strip()
        return (table if table else None), ""
    if field.kind == "pairs":  # any name on the left (a person, an address): tomlkit quotes it
        pairs = tomlkit.table()
        for line in (raw.strip() for raw in text.split("\n")):
            if not line:
                continue
            key, equals, value = line.partition("=")
            if not equals or not key.strip() or not value.strip():
                return None, f"ligne « {line[:60]} » : écrivez nom ou adresse = structure"
            pairs[key.strip()] = value.strip()
        return (pairs if pairs else None), ""
    text = text if field.kind == "long" else text.strip()
    if not text.strip():
        return None, ""
    if field.kind == "int" and re.fullmatch(r"[+-]?\d{1,12}", text):
        return int(text), ""
    if field.kind == "number":
        plain = text.replace(" ", "").replace("\u202f", "").replace(",", ".")
        if re.fullmatch(r"[+-]?\d{1,12}", plain):
            return int(plain), ""
        if re.fullmatch(r"[+-]?\d{0,12}\.\d{1,6}", plain):
            return float(plain), ""
    if field.kind == "date":
        try:
            return dt.date.fromisoformat(text), ""
        except ValueError:
            return text, ""
    if field.kind == "time":
        try:
            return dt.time.fromisoformat(text if text.count(":") != 1 else f"{text}:00"), ""
        except ValueError:
            return text, ""
    return text, ""


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def _set(table: Any, field: Field, value: Any) -> None:
    """Write one key, leaving it untouched when its value is the same (its comment stays)."""
    present = field.key in table
    if value is None or (field.kind == "bool" and not present and value == field.default):
        if present:
            del table[field.key]
        return
    if present and _plain(table[field.key]) == _plain(value):
        return
    table[field.key] = value


def apply(  # noqa: C901  - keys kept, changed, added or removed, each in place
    doc: Any, section: Section, values: Mapping[str, str], order: Sequence[int]
) -> dict[str, str]:
    """Write the form ``values`` of ``section`` into ``doc``; return problems by field name.

    ``order`` lists, for each entry of an array as the form shows it, the
    number of the entry it came from in the file (0 for a new one).
    """
    problems: dict[str, str] = {}

    def fill(table: Any, names: str) -> None:
        for field in section.fields:
            name = f"{names}.{field.key}"
            value, problem = _typed(field, values.get(name, ""))
            if problem:
                problems[name] = problem
                continue
            _set(table, field, value)

    parent = doc
    for name in section.table[:-1]:
        if name not in parent:
            parent[name] = tomlkit.table(is_super_table=section.array)
        parent = parent[name]
    last = section.table[-1]
    if not section.array:
        table = parent[last] if last in parent else tomlkit.table()
        fill(table, section.prefix)
        if last not in parent and len(table):
            parent[last] = table
        return problems
    current = parent.get(last)
    # An array written inline (« participants = [{...}, {...}] ») stays inline.
    inline = isinstance(current, Array)
    old = list(current) if isinstance(current, AoT | Array) else []
    tables: list[Any] = []
    for position, origin in enumerate(order, start=1):
        kept = 0 < origin <= len(old) and isinstance(old[origin - 1], Table | InlineTable)
        table = old[origin - 1] if kept else (tomlkit.inline_table() if inline else tomlkit.table())
        fill(table, f"{section.prefix}[{position}]")
        if not kept and not inline:
            table.add(tomlkit.nl())  # a blank line before the next header, as people write
        tables.append(table)
    if not tables:
        if last in parent:
            del parent[last]
        return problems
    if isinstance(current, AoT | Array):
        if [id(t) for t in current] != [id(t) for t in tables]:
            # Emptied and refilled in place: tomlkit then keeps each entry's spacing.
            while len(current):
                del current[0]
            for table in tables:
                current.append(table)
        return problems
    aot = tomlkit.aot()
    for table in tables:
        aot.append(table)
    parent[last] = aot
    return problems
