"""The project file's errors in French: TOML syntax, pydantic's refusals, each naming key and line."""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ValidationError,
)

from dladocs import _tomlpos
from dladocs.errors import ProjectError


class KeyedError(ValueError):
    """A cross-field error that knows which key to blame (relative to the model raising it)."""

    def __init__(self, key: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.key = key


def _decode(raw: bytes, file: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProjectError(
            file,
            [
                f"ligne {line} : le fichier n'est pas encodé en UTF-8 ; "
                "enregistrez-le en UTF-8 (dans le Bloc-notes : « Enregistrer sous », encodage UTF-8)"
            ],
        ) from None


def _toml_message(exc: tomllib.TOMLDecodeError, source: str) -> str:
    # tomllib says "... (at line 12, column 5)"; keep the position, say the rest in French.
    text = str(exc)
    position = ""
    if "(at line" in text:
        position = (
            text[text.index("(at line") + 1 : -1]
            .replace("at line", "ligne")
            .replace("column", "colonne")
        )
        text = text[: text.index("(at line")].strip()
    elif "(at end of document)" in text:
        position = "à la fin du fichier"
        text = text.replace("(at end of document)", "").strip()
    hints = {
        "Invalid value": "valeur illisible : un texte doit être entre guillemets, une date au format AAAA-MM-JJ",
        "Cannot overwrite a value": "cette clé est définie deux fois",
        "Cannot declare": "cette table est déclarée deux fois",
        "Expected '=' after a key": "il manque « = » après le nom de la clé",
        "Unterminated string": "un texte n'est pas fermé : il manque un guillemet",
        "Invalid statement": "ligne incompréhensible : attendu « clé = valeur » ou « [table] »",
        "Expected ']' at the end of a table declaration": "il manque « ] » à la fin du nom de la table (par exemple « [consultant] »)",
        "Expected ']]' at the end of an array declaration": "il manque « ]] » à la fin du nom de la liste de tables (par exemple « [[participants]] »)",
        "Unclosed array": "une liste n'est pas fermée : il manque « ] »",
        "Unclosed inline table": "une table sur une ligne n'est pas fermée : il manque « } »",
        "Expected newline or end of document after a statement": "une seule « clé = valeur » par ligne : passez à la ligne",
        "Invalid initial character for a key part": "nom de clé invalide : lettres, chiffres, « _ » ou « - », sans espace ni accent",
        "Illegal character": 'caractère interdit dans un texte (utilisez \\n pour un retour à la ligne, ou """ pour un texte sur plusieurs lignes)',
    }
    specific = _value_hint(str(exc), source)
    if specific:
        return f"{position} : {specific}" if position else specific
    for english, french in hints.items():
        if text.startswith(english):
            key = _line_key(str(exc), source)
            if key:
                french = f"clé « {key} » : {french}"
            return f"{position} : {french}" if position else french
    return (
        f"{position} : syntaxe TOML invalide ({text})"
        if position
        else f"syntaxe TOML invalide ({text})"
    )


def _line_key(message: str, source: str) -> str:
    """The key written on the line a TOML error points at, with its table, or ``""``."""
    import re

    found = re.search(r"at line (\d+)", message)
    lines = source.splitlines()
    if not found or not 0 < int(found.group(1)) <= len(lines):
        return ""
    number = int(found.group(1)) - 1
    key, equals, _ = lines[number].partition("=")
    key = key.strip().strip('"')
    if not equals or not re.fullmatch(r"[\w.-]+", key):
        return ""
    for above in reversed(lines[:number]):
        header = re.match(r"\s*\[\[?\s*([\w.-]+)\s*\]\]?\s*(#.*)?$", above)
        if header:
            return f"{header.group(1)}.{key}"
    return key


def _value_hint(message: str, source: str) -> str:  # noqa: PLR0911  - one return per kind of value pydantic refuses, in French
    """Name the usual culprits of a TOML syntax error on its line, and the key they belong to.

    Times without seconds, dates written day first, numbers with spaces,
    quotes left open or doubled, accented key names: what people who write
    French documents type by habit.
    """
    import re
    import unicodedata

    found = re.search(r"at line (\d+)", message)
    lines = source.splitlines()
    if not found or not 0 < int(found.group(1)) <= len(lines):
        return ""
    key, equals, value = lines[int(found.group(1)) - 1].partition("=")
    key = key.strip()
    if not equals:
        return ""
    if not value.lstrip().startswith(('"', "'")):
        value = value.split("#", 1)[0]  # a comment after a bare value
    value = value.strip()
    plain_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    full = _line_key(message, source)
    where = f"clé « {full} » : " if full and re.fullmatch(r"[A-Za-z0-9_.-]+", full) else ""
    if key and plain_key != key and re.fullmatch(r"[\w.-]+", key):
        return (
            f"clé « {key} » : les noms de clés s'écrivent sans accent, par exemple « {plain_key} »"
        )
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}([T ][\d:.]+)?", value):
        return (
            f"{where}date « {value} » impossible : vérifiez le mois (01 à 12) et le jour "
            "(le 30 février n'existe pas) ; format AAAA-MM-JJ, par exemple 2020-11-26"
        )
    if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?", value) and ":" in value[3:]:
        return (
            f"{where}heure « {value} » impossible : les heures vont de 00 à 23 et les minutes de "
            "00 à 59 ; format HH:MM:SS, par exemple 14:00:00"
        )
    if re.fullmatch(r"\d{1,2}[:h]\d{2}", value):
        return f"{where}heure « {value} » : écrivez-la au format HH:MM:SS sans guillemets, par exemple 14:00:00"
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", value):
        return f"{where}date « {value} » : écrivez-la au format AAAA-MM-JJ sans guillemets, par exemple 2020-11-26"
    if re.fullmatch(r"\d{1,3}( \d{3})+([.,]\d+)?( ?€)?", value) or re.fullmatch(r"\d+,\d+", value):
        number = value.replace(" ", "").replace("€", "").replace(",", ".")
        return f"{where}nombre « {value} » : écrivez-le sans espace ni virgule, avec un point pour les décimales, par exemple {number}"
    if value.startswith('"') and not value.startswith('"""') and value.count('"') % 2 == 1:
        return f"{where}le texte n'est pas fermé : ajoutez un guillemet \" à la fin de la ligne"
    if value.count('"') > 2 and not value.startswith('"""'):
        return f'{where}guillemets dans un texte : écrivez \\" pour un guillemet droit, ou utilisez les guillemets « »'
    return ""


_TYPE_MESSAGES = {
    "missing": "clé obligatoire absente",
    "string_type": "texte attendu (entre guillemets)",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu (sans décimales)",
    "float_type": "nombre attendu",
    "float_parsing": "nombre attendu",
    "bool_type": "true ou false attendu",
    "bool_parsing": "true ou false attendu",
    "date_type": "date attendue, au format AAAA-MM-JJ sans guillemets (ex. 2020-11-26)",
    "date_parsing": "date attendue, au format AAAA-MM-JJ sans guillemets (ex. 2020-11-26)",
    "date_from_datetime_inexact": "date sans heure attendue (AAAA-MM-JJ)",
    "time_type": "heure attendue, au format HH:MM:SS sans guillemets (ex. 14:00:00)",
    "time_parsing": "heure attendue, au format HH:MM:SS sans guillemets (ex. 14:00:00)",
    "tuple_type": "liste attendue, entre crochets [ ]",
    "list_type": "liste attendue, entre crochets [ ]",
    "dict_type": "table attendue ([nom] ou { ... })",
    "model_type": "table attendue ([nom] ou { ... })",
    "model_attributes_type": "table attendue ([nom] ou { ... })",
    "path_type": "chemin de fichier attendu (entre guillemets)",
}


def _problems(
    exc: ValidationError, lines: dict[_tomlpos.Path, int], root: type[BaseModel]
) -> list[str]:
    """One French line per error; ``root`` is the model validated (its keys are suggested)."""
    problems: list[str] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, KeyedError):
            loc = loc + cause.key
        where = _describe(loc)
        line = _tomlpos.line_of(lines, loc)
        prefix = f"ligne {line}, " if line else ""
        message = _french(error, loc, root)
        problems.append(f"{prefix}{where} : {message}")
    return problems


def _describe(loc: Sequence[str | int]) -> str:
    if not loc:
        return "fichier"
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item + 1}]" if parts else f"[{item + 1}]"
        else:
            parts.append(item)
    return "clé « " + ".".join(parts) + " »"


def _french(error: Any, loc: tuple[str | int, ...], root: type[BaseModel]) -> str:  # noqa: PLR0911  - one return per pydantic error type, in French
    kind = error["type"]
    received = error.get("input")
    shown = _show(received)
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1], root)
        suggestion = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f" ; vouliez-vous dire « {suggestion[0]} » ?" if suggestion else ""
        listing = ", ".join(known)
        return f"clé inconnue{hint} (clés possibles ici : {listing})"
    if kind == "literal_error":
        values = str(error.get("ctx", {}).get("expected", "")).replace("'", "")
        return f"valeur {shown} inconnue ; valeurs possibles : {values.replace(' or ', ', ')}"
    if kind in ("string_too_short", "too_short"):
        if isinstance(received, (list, tuple)):
            return "la liste est vide ; indiquez au moins un élément"
        return "texte vide ; écrivez une valeur ou retirez la clé si elle est facultative"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        length = len(received) if isinstance(received, str) else 0
        return f"texte trop long ({length} caractères ; {limit} au plus)"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        ctx = error.get("ctx", {})
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than": "strictement supérieur à",
            "greater_than_equal": "supérieur ou égal à",
            "less_than": "strictement inférieur à",
            "less_than_equal": "inférieur ou égal à",
        }
        return f"nombre {words[kind]} {bound} attendu, reçu {shown}"
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error.get("msg", "")))
        return message
    if kind.startswith("date_") and kind not in _TYPE_MESSAGES:
        kind = "date_parsing"
    if kind.startswith("time_") and kind not in _TYPE_MESSAGES:
        kind = "time_parsing"
    if kind in _TYPE_MESSAGES:
        base = _TYPE_MESSAGES[kind]
        return base if kind == "missing" else f"{base}, reçu {shown}"
    return f"valeur invalide {shown} ({error.get('msg', kind)})"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "une table"
    if isinstance(value, (list, tuple)):
        return "une liste"
    if isinstance(value, bool):
        text = "true" if value else "false"  # as written in the TOML file
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = repr(value) if not isinstance(value, str) else value
    if len(text) > 60:
        text = text[:57] + "…"
    return f"« {text} »"


def _known_keys(loc: Sequence[str | int], root: type[BaseModel]) -> list[str]:
    """The French keys allowed at ``loc``, by walking the model classes from ``root``."""
    model = root
    for item in loc:
        if isinstance(item, int):
            continue
        field = next(
            (f for f in model.model_fields.values() if f.alias == item),
            None,
        )
        if field is None:
            return []
        inner = _model_in(field.annotation)
        if inner is None:
            return []
        model = inner
    return sorted(f.alias or name for name, f in model.model_fields.items())


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
