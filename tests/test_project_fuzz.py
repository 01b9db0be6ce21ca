"""Property-based tests: broken and odd project files always end in exit 2 with a French message.

Each case starts from the valid example and breaks it in one way (a missing
key, a wrong type, a typo, an empty list, dates out of order, a sequence longer
than the webinar, a huge text, a wrong encoding, a bad value), then runs the
real command.  Whatever hypothesis draws, the command must exit with code 2,
name the key (or the line, for syntax and encoding errors) and never show a
traceback.  The number of cases tried is printed in the test summary.
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dladocs.cli import main

EXAMPLE = (
    Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france" / "dladocs.toml"
)
BASE: dict[str, Any] = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
BASE["evaluation"] = {}  # the fuzzed files live in temporary folders without the answers
CASES = {"count": 0}

REQUIRED = [
    ("accompagnement", "titre"),
    ("accompagnement", "secteur"),
    ("accompagnement", "type"),
    ("accompagnement", "region"),
    ("accompagnement", "programme"),
    ("accompagnement", "plafond_budget"),
    ("consultant", "nom"),
    ("webinaire", "date"),
    ("webinaire", "heure"),
    ("webinaire", "duree"),
    ("webinaire", "outil"),
    ("webinaire", "sequence"),
    ("participants", 0, "structure"),
    ("participants", 3, "type"),
    ("participants", 5, "departement"),
    ("questions", 1, "reponse"),
    ("webinaire", "sequence", 2, "duree"),
    ("webinaire", "sequence", 0, "nature"),
]
TYPED = {  # path → values of a wrong type for it
    ("accompagnement", "plafond_budget"): ["mille euros", [1000], {"montant": 1000}],
    ("accompagnement", "titre"): [42, ["a"], True],
    ("webinaire", "duree"): ["deux heures", 1.5, [120]],
    ("webinaire", "date"): ["26/11/2020", 20201126, "demain"],
    ("webinaire", "heure"): ["14h", 1400, "quatorze heures"],
    ("webinaire", "sequence"): ["accueil", 3, {"titre": "x"}],
    ("participants", 2, "niveau_numerique"): ["expert", 3, "très faible"],
    ("participants", 4, "type"): ["SCOP", "aci", 1],
    ("participants", 1, "personnes"): ["deux", 0, -1, 1000],
    ("accompagnement", "type"): ["mixte", 2],
    ("webinaire", "sequence", 1, "nature"): ["magistral", "", 0],
    ("verification", "embleme"): ["partout", True],
    ("cout", "postes", 0, "montant"): ["450 €", -3],
}


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _delete(data: dict[str, Any], path: tuple[Any, ...]) -> None:
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]


def _dump(data: dict[str, Any]) -> str:
    """A small TOML writer, enough for project files (the test does not trust the code under test)."""
    lines: list[str] = []

    def scalar(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float, dt.date, dt.time)):
            return value.isoformat() if isinstance(value, (dt.date, dt.time)) else repr(value)
        if isinstance(value, str):
            escaped = (
                value.replace("\\", "\\\\")
                .replace('"', '\\"')
                .replace("\n", "\\n")
                .replace("\t", "\\t")
            )
            escaped = "".join(
                ch if ord(ch) >= 0x20 and ord(ch) != 0x7F else f"\\u{ord(ch):04x}" for ch in escaped
            )
            return f'"{escaped}"'
        if isinstance(value, list):
            return "[" + ", ".join(scalar(v) for v in value) + "]"
        if isinstance(value, dict):
            return "{ " + ", ".join(f'"{k}" = {scalar(v)}' for k, v in value.items()) + " }"
        raise TypeError(type(value))

    def table(prefix: str, content: dict[str, Any]) -> None:
        simple = {k: v for k, v in content.items() if not _is_tables(v)}
        nested = {k: v for k, v in content.items() if _is_tables(v)}
        for key, value in simple.items():
            lines.append(f'"{key}" = {scalar(value)}')
        for key, value in nested.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                lines.append(f"\n[{name}]")
                table(name, value)
            else:
                for item in value:
                    lines.append(f"\n[[{name}]]")
                    table(name, item)

    table("", data)
    return "\n".join(lines) + "\n"


def _is_tables(value: Any) -> bool:
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _typo(key: str, draw: Any) -> str:
    if len(key) < 4:
        return key + "e"
    position = draw(st.integers(1, len(key) - 2))
    kind = draw(st.sampled_from(["swap", "drop", "double"]))
    if kind == "swap":
        return key[:position] + key[position + 1] + key[position] + key[position + 2 :]
    if kind == "drop":
        return key[:position] + key[position + 1 :]
    return key[:position] + key[position] + key[position:]


@st.composite
def broken_projects(draw: Any) -> tuple[bytes, str]:  # noqa: PLR0911  - one return per kind of breakage
    """A broken project file and a fragment its error message must contain."""
    data = copy.deepcopy(BASE)
    mutation = draw(
        st.sampled_from(
            ["missing", "type", "typo", "empty", "dates", "too_long", "huge", "encoding", "control"]
        )
    )
    if mutation == "missing":
        path = draw(st.sampled_from(REQUIRED))
        _delete(data, path)
        return _dump(data).encode(), "clé obligatoire absente"
    if mutation == "type":
        path, values = draw(st.sampled_from(sorted(TYPED.items(), key=repr)))
        _set(data, path, draw(st.sampled_from(values)))
        return _dump(data).encode(), str(path[-1])
    if mutation == "typo":
        section = draw(
            st.sampled_from(["accompagnement", "consultant", "webinaire", "deroulement", "bilan"])
        )
        key = draw(st.sampled_from(sorted(data[section])))
        wrong = _typo(key, draw)
        if wrong == key or wrong in data[section]:
            wrong = key + "x"
        data[section][wrong] = data[section].pop(key)
        return _dump(data).encode(), f"vouliez-vous dire « {key} »"
    if mutation == "empty":
        data["webinaire"]["sequence"] = []
        return _dump(data).encode(), "la liste est vide"
    if mutation == "dates":
        days = draw(st.integers(1, 400))
        data["deroulement"]["debriefing"] = data["webinaire"]["date"] - dt.timedelta(days=days)
        return _dump(data).encode(), "les dates ne se suivent pas"
    if mutation == "too_long":
        extra = draw(st.integers(1, 300))
        data["webinaire"]["sequence"][0]["duree"] = data["webinaire"]["duree"] + extra
        return _dump(data).encode(), "la séquence dure"
    if mutation == "huge":
        size = draw(st.integers(5001, 200_000))
        char = draw(st.sampled_from(["a", "é", "€", "🙂", " x"]))
        key = draw(st.sampled_from([("questions", 0, "reponse"), ("accompagnement", "titre")]))
        _set(data, key, (char * size)[: size + 10])
        return _dump(data).encode(), "texte trop long"
    if mutation == "encoding":
        return _dump(data).encode("utf-8").decode("utf-8").encode(
            "cp1252", errors="replace"
        ), "UTF-8"
    # control characters are not allowed raw in TOML strings: a syntax error with its line
    text = _dump(data).replace('"titre" = "', '"titre" = "\x01', 1)
    return text.encode(), "ligne"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(case=broken_projects())
def _try_broken_project(case: tuple[bytes, str]) -> None:
    raw, expected = case
    CASES["count"] += 1
    with tempfile.TemporaryDirectory(prefix="dladocs-fuzz-") as scratch:
        folder = Path(scratch)
        path = folder / f"cas-{CASES['count']}" / "dladocs.toml"
        path.parent.mkdir()
        path.write_bytes(raw)
        result = CliRunner().invoke(
            main, ["build", str(path), "-o", str(folder / "sortie"), "--quiet"]
        )
        assert result.exit_code == 2, result.output
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        )
        assert "Traceback" not in result.output
        message = result.output
        assert message.startswith("Erreur")
        assert "dladocs.toml" in message
        assert expected in message, message
        if expected not in ("UTF-8", "ligne"):
            assert "clé « " in message
        assert not (folder / "sortie" / "manifest.json").exists()


def test_broken_project_files_exit_2_with_a_french_message(record_property: Any) -> None:
    """Every case hypothesis draws; the number tried is counted here, in the same test.

    (Counted by a separate test it depended on the order of the tests, and
    failed when run alone or on another worker.)
    """
    before = CASES["count"]
    _try_broken_project()
    tried = CASES["count"] - before
    record_property("cases", tried)
    print(f"\nprojets invalides générés et essayés : {tried}")
    assert tried >= 100
