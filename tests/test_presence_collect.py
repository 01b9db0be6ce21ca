"""``dladocs presence collect``: every export family, encoding and shape, read into presence.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import _presence_samples as samples
from dladocs.cli import main
from dladocs.presence import _dates, collect
from dladocs.presence._formats import split_original
from dladocs.project import load_project

SHAPES = {
    "utf8-lf": {},
    "utf8-bom-crlf": {"encoding": "utf-8-sig", "newline": "\r\n"},
    "utf16le-tab": {"encoding": "utf-16-le", "delimiter": "\t"},
    "utf16be": {"encoding": "utf-16-be"},
    "semicolon-excel": {"encoding": "cp1252", "delimiter": ";", "newline": "\r\n"},
    "comma-trailing": {"delimiter": ",", "trailing": True, "final_newline": False},
}
FAMILIES = {
    "ZOOM_WITH_MEETING": ("zoom", 4),
    "ZOOM_PLAIN_LOWER": ("zoom", 2),
    "ZOOM_FRENCH": ("zoom", 2),
    "ZOOM_UNIQUE": ("zoom", 3),
    "TEAMS_LEGACY": ("teams-liste", 4),
    "TEAMS_2021_FR": ("teams-2021", 3),
    "TEAMS_2022_EN": ("teams-rapport", 4),
    "TEAMS_2022_FR": ("teams-rapport", 3),
    "TEAMS_2022_DE": ("teams-rapport", 3),
    "TEAMS_WEBINAR_FR": ("teams-rapport", 2),
    "MEET": ("meet", 3),
    "MANUAL": ("manuel", 3),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return samples.project(tmp_path / "projet")


def _read(folder: Path, sample: str, **shape: object) -> collect.Collection:
    path = samples.write(folder, f"{sample.lower()}.csv", getattr(samples, sample), **shape)  # type: ignore[arg-type]
    return collect.read([path], load_project(folder / "projet"))


@pytest.mark.parametrize("sample", sorted(FAMILIES))
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_family_in_every_shape(
    project: Path, tmp_path: Path, sample: str, shape: str
) -> None:
    family, people = FAMILIES[sample]
    if shape == "semicolon-excel" and sample == "TEAMS_WEBINAR_FR":
        pass  # no-break spaces survive cp1252 too
    result = _read(tmp_path, sample, **SHAPES[shape])
    assert result.sessions[0].family == family
    names = [p["nom"] for p in result.people]
    assert len(names) == people == len(set(names)), names
    for person in result.people:
        assert person["duree_minutes"] > 0
        if person["premiere_arrivee"]:
            assert person["premiere_arrivee"].startswith("2020-11-26T")
            assert person["dernier_depart"] >= person["premiere_arrivee"]
    # The same people, the same minutes, whatever the encoding and the delimiter.
    reference = _read(tmp_path, sample)
    assert [(p["nom"], p["duree_minutes"]) for p in result.people] == [
        (p["nom"], p["duree_minutes"]) for p in reference.people
    ]


def test_reconnections_merged_and_overlaps_counted_once(project: Path, tmp_path: Path) -> None:
    result = _read(tmp_path, "ZOOM_WITH_MEETING")
    marie = next(p for p in result.people if p["email"].startswith("marie"))
    # 09:58:01–10:31:10 and 10:33:45–11:30:02; a second device 10:50–11:10 inside the second.
    assert marie["duree_minutes"] == 89
    assert marie["premiere_arrivee"] == "2020-11-26T09:58:01"
    assert marie["dernier_depart"] == "2020-11-26T11:30:02"
    assert len(marie["sources"]) == 3 and marie["sources"][0] == "zoom_with_meeting.csv:6"
    host = next(p for p in result.people if p["role"] == "organisateur")
    assert host["nom"] == "Camille Martin"
    # The Teams report: section 3's intervals, not section 2's first-to-last span.
    teams = _read(tmp_path, "TEAMS_2022_EN")
    marie = next(p for p in teams.people if p["nom"] == "Marie Dupont")
    assert marie["duree_minutes"] == 89 and marie["role"] == "présentateur"
    assert next(p for p in teams.people if p["nom"].startswith("Karim"))["nom"] == "Karim Benali"


def test_structures_matched_and_unmatched_listed(project: Path, tmp_path: Path) -> None:
    result = _read(tmp_path, "ZOOM_WITH_MEETING")
    by_name = {p["nom"]: p for p in result.people}
    # The words of the structure in the e-mail's domain, or after the name the person typed.
    assert by_name["Marie Dupont (Régie (59) Lille)"]["structure"] == "Régie de quartier de Lille"
    assert by_name["Karim Benali"]["structure"] == "Chantier Nature"
    assert by_name["Sophie Leroy"]["structure"] == "Ateliers solidaires"
    assert result.unmatched == []
    german = _read(tmp_path, "TEAMS_2022_DE")  # no e-mail, no structure: for the user to resolve
    assert german.unmatched == ["Karim Benali"]
    webinar = _read(tmp_path, "TEAMS_WEBINAR_FR")  # the registration's « Entreprise » column
    assert {p["structure"] for p in webinar.people} == {
        "Régie de quartier de Lille",
        "Chantier Nature",
    }


def test_manual_resolution_in_the_project(tmp_path: Path) -> None:
    samples.project(
        tmp_path / "projet",
        '[presence.structures]\n"Karim Benali" = "Chantier Nature"\n',
    )
    result = _read(tmp_path, "TEAMS_2022_DE")
    assert not result.unmatched
    assert result.people[2]["structure"] == "Chantier Nature"


def test_day_month_order() -> None:
    decide = _dates.decide_order
    assert decide(["26/11/2020"], language="en", meridiem=False, expected=None).kind == "dmy"
    assert decide(["11/26/20, 9:55 AM"], language="fr", meridiem=True, expected=None).kind == "mdy"
    known = decide(["03/04/2021 10:00"], language="en", meridiem=False, expected=_dt(2021, 3, 4))
    assert (known.kind, known.sure) == ("mdy", True)
    rows = decide(
        ["01/02/2021 10:00", "02/01/2021 11:00"], language="fr", meridiem=False, expected=None
    )
    assert (rows.kind, rows.sure) == ("mdy", True)
    guess = decide(["03/04/2021 10:00"], language="fr", meridiem=False, expected=None)
    assert (guess.kind, guess.sure) == ("dmy", False)
    assert guess.as_json()["certain"] is False


def test_ambiguous_order_is_said_in_presence_json(project: Path, tmp_path: Path) -> None:
    text = (
        "Nom;E-mail;Heure d'arrivée;Heure de départ\nA B;a@b.fr;05/06/2021 10:00;05/06/2021 11:00\n"
    )
    export = tmp_path / "export.csv"
    export.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["presence", "collect", str(export), "-p", str(project)])
    assert result.exit_code == 0, result.output
    assert "ordre des dates incertain" in result.output
    data = json.loads((project / "presence.json").read_text(encoding="utf-8"))
    assert data["seances"][0]["ordre_dates"]["certain"] is False
    assert data["personnes"][0]["premiere_arrivee"] == "2021-06-05T10:00:00"


def _dt(y: int, m: int, d: int) -> object:
    import datetime as dt

    return dt.date(y, m, d)


def test_durations() -> None:
    parse = _dates.parse_duration
    assert parse("1h 15m") == 4500
    assert parse("48m 59s") == 2939
    assert parse("2\u00a0h\u00a044\u00a0m") == 9840
    assert parse("1 hr 5 min") == 3900
    assert parse("75") == 4500
    assert parse("01:15:30") == 4530
    with pytest.raises(_dates.DateError):
        parse("longtemps")


def test_nested_original_names() -> None:
    assert split_original("Marie Dupont (Régie (59)) (Marie D)") == (
        "Marie Dupont (Régie (59))",
        "Marie D",
    )
    assert split_original("Karim") == ("Karim", "")


def test_cli_writes_presence_json_next_to_the_project(project: Path, tmp_path: Path) -> None:
    zoom = samples.write(tmp_path, "zoom.csv", samples.ZOOM_WITH_MEETING)
    teams = samples.write(tmp_path, "teams.csv", samples.TEAMS_2022_EN, encoding="utf-16-le")
    result = CliRunner().invoke(
        main, ["presence", "collect", str(zoom), str(teams), "-p", str(project)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads((project / "presence.json").read_text(encoding="utf-8"))
    assert set(data) == {"seances", "personnes", "non_rattaches"}
    assert [s["outil"] for s in data["seances"]] == ["Zoom", "Microsoft Teams"]
    # The same people in both exports: merged by e-mail, then by name.
    names = [p["nom"] for p in data["personnes"]]
    assert len(names) == len(set(names)) == 4
    for person in data["personnes"]:
        assert set(person) == {
            "nom",
            "email",
            "structure",
            "role",
            "premiere_arrivee",
            "dernier_depart",
            "duree_minutes",
            "sources",
        }
    assert data["non_rattaches"] == [] and "non rattaché" not in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Bonjour,\nceci n'est pas un export\n", "présentation inconnue"),
        ("Name,Join Time,Leave Time\nA,26/11/2020 10:00,hier\n", "ligne 2"),
        ("Name,Join Time,Leave Time\nA,26/11/2020 11:00,26/11/2020 10:00\n", "le départ précède"),
        (
            "Full Name\tUser Action\tTimestamp\nA\tDanced\t11/26/2020, 9:55:12 AM\n",
            "action inconnue",
        ),
    ],
)
def test_bad_input_exit_2_naming_file_and_line(
    project: Path, tmp_path: Path, content: str, expected: str
) -> None:
    export = tmp_path / "rapport.csv"
    export.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["presence", "collect", str(export), "-p", str(project)])
    assert result.exit_code == 2
    assert "rapport.csv" in result.output and expected in result.output
    assert "Traceback" not in result.output
    if expected == "présentation inconnue":
        assert "Zoom" in result.output and "Teams" in result.output and "Meet" in result.output
    assert not (project / "presence.json").exists()


def test_not_a_regular_file(project: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["presence", "collect", str(tmp_path), "-p", str(project)])
    assert result.exit_code == 2 and "fichier ordinaire" in result.output
    missing = CliRunner().invoke(main, ["presence", "collect", "absent.csv", "-p", str(project)])
    assert missing.exit_code == 2 and "absent.csv" in missing.output


def test_quoted_fields_in_a_tab_file_and_a_bare_utf16(project: Path, tmp_path: Path) -> None:
    text = (
        "Full Name\tUser Action\tTimestamp\r\n"
        '"Dupont, Marie"\tJoined\t"26/11/2020 14:01:00"\r\n'
        '"Le ""Grand"" Karim"\tJoined\t26/11/2020 14:02:00\r\n'
        '"Dupont, Marie"\tLeft\t26/11/2020 15:31:00\r\n'
        "\t\t\r\n"
    )
    export = tmp_path / "liste.csv"
    export.write_bytes(text.encode("utf-16-le"))  # no BOM: recognised by its zero bytes
    result = collect.read([export], load_project(project))
    assert [(p["nom"], p["duree_minutes"]) for p in result.people] == [
        ("Dupont, Marie", 90),
        ('Le "Grand" Karim', 89),  # still there when the list was downloaded
    ]


def test_threshold_in_minutes_or_share_of_the_webinar(tmp_path: Path) -> None:
    share = load_project(samples.project(tmp_path / "a", "[presence]\nseuil_pourcentage = 75\n"))
    assert share.webinar.minutes == 120 and collect.threshold(share) == 90
    both = "[presence]\nseuil_pourcentage = 75\nseuil_minutes = 20\n"
    assert collect.threshold(load_project(samples.project(tmp_path / "b", both))) == 20
    assert collect.threshold(load_project(samples.project(tmp_path / "c"))) == 0
