"""The project file: a valid example, and bad files that get a clear French error (exit 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import dladocs
from dladocs.errors import ProjectError
from dladocs.project import load_project, parse_project


def _errors(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "dladocs.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    return caught.value.problems


def test_example_loads_with_english_attributes(example_dir: Path) -> None:
    project = dladocs.load_project(example_dir)
    assert project.accompaniment.region == "32"
    assert project.accompaniment.programme == "fse-2014-2020"
    assert project.webinar.minutes == 120
    sequence = project.webinar.sequence
    exchange = sum(p.minutes for p in sequence if p.kind in ("echange", "questions-reponses"))
    assert project.webinar.interactive_share == exchange / sum(p.minutes for p in sequence) >= 0.5
    assert {p.kind for p in project.participants} <= {"ACI", "AI", "EI", "ETTI", "EITI"}
    assert project.cost.total == 1000
    assert project.response_files()[0].name == "evaluation-en-ligne.csv"


def test_unknown_key_suggests_the_likely_one(example_dir: Path, tmp_path: Path) -> None:
    text = (
        (example_dir / "dladocs.toml")
        .read_text(encoding="utf-8")
        .replace("plafond_budget", "plafond_budjet")
    )
    problems = _errors(text, tmp_path)
    assert any(
        "plafond_budjet" in p and "vouliez-vous dire « plafond_budget »" in p for p in problems
    )
    assert any(
        "accompagnement.plafond_budget" in p and "clé obligatoire absente" in p for p in problems
    )


def test_messages_name_key_path_and_line(example_dir: Path, tmp_path: Path) -> None:
    text = (example_dir / "dladocs.toml").read_text(encoding="utf-8")
    lines = text.splitlines()
    target = next(
        i for i, line in enumerate(lines) if line.startswith("niveau_numerique") and "bon" in line
    )
    lines[target] = 'niveau_numerique = "expert"'
    problems = _errors("\n".join(lines), tmp_path)
    assert len(problems) == 1
    assert f"ligne {target + 1}" in problems[0]
    assert "participants[4].niveau_numerique" in problems[0]
    assert "faible, moyen, bon" in problems[0]


def test_wrong_types_and_ranges(example_dir: Path, tmp_path: Path) -> None:
    text = (example_dir / "dladocs.toml").read_text(encoding="utf-8")
    text = text.replace("duree = 120", 'duree = "deux heures"').replace(
        "date = 2020-11-26", 'date = "26/11/2020"'
    )
    problems = _errors(text, tmp_path)
    assert any(
        "webinaire.duree" in p and "nombre entier attendu" in p and "deux heures" in p
        for p in problems
    )
    assert any("webinaire.date" in p and "AAAA-MM-JJ" in p for p in problems)


def test_sequence_longer_than_the_webinar(example_dir: Path, tmp_path: Path) -> None:
    text = (
        (example_dir / "dladocs.toml")
        .read_text(encoding="utf-8")
        .replace("duree = 120", "duree = 60")
    )
    problems = _errors(text, tmp_path)
    assert any("la séquence dure 120 minutes" in p and "60 minutes" in p for p in problems)


def test_dates_out_of_order(example_dir: Path, tmp_path: Path) -> None:
    text = (
        (example_dir / "dladocs.toml")
        .read_text(encoding="utf-8")
        .replace("debriefing = 2020-12-03", "debriefing = 2020-11-01")
    )
    problems = _errors(text, tmp_path)
    assert any(
        "les dates ne se suivent pas" in p and "deroulement.debriefing" in p for p in problems
    )


def test_unknown_department_and_missing_file(example_dir: Path, tmp_path: Path) -> None:
    text = (
        (example_dir / "dladocs.toml")
        .read_text(encoding="utf-8")
        .replace('departement = "59"', 'departement = "599"', 1)
    )
    problems = _errors(text, tmp_path)
    assert any("« 599 » n'est pas un code de département" in p for p in problems)
    folder = tmp_path / "b"
    folder.mkdir()
    text = (
        (example_dir / "dladocs.toml")
        .read_text(encoding="utf-8")
        .replace("[verification]", '[logos]\navise = "logos/avise.png"\n\n[verification]')
    )
    problems = _errors(text, folder)
    assert any(
        "logos.avise" in p and "logos/avise.png" in p and "introuvable" in p for p in problems
    )


def test_toml_syntax_error_is_french_with_line(tmp_path: Path) -> None:
    problems = _errors('[accompagnement]\ntitre = "pas fermé\n', tmp_path)
    assert problems[0].startswith("ligne 2")
    assert "guillemet" in problems[0] or "caractère interdit" in problems[0]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "dladocs.toml"
    path.write_bytes('[accompagnement]\ntitre = "Réunion"\n'.encode("cp1252"))
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    assert "UTF-8" in caught.value.problems[0]


def test_empty_sequence_and_empty_text(example_dir: Path, tmp_path: Path) -> None:
    raw = (example_dir / "dladocs.toml").read_bytes()
    project = parse_project(raw, example_dir / "dladocs.toml")
    assert project.consultant.name
    text = raw.decode().replace('nom = "Claire Dumont (consultante fictive)"', 'nom = ""')
    problems = _errors(text, tmp_path)
    assert any("consultant.nom" in p and "texte vide" in p for p in problems)


@pytest.mark.parametrize(
    "args",
    [
        ["build", "{bad}"],
        ["build", "{missing}"],
        ["build", "{good}", "--region", "atlantide"],
        ["build", "{good}", "--only", "affiche"],
    ],
)
def test_command_exits_2_with_a_message_and_no_traceback(
    args: list[str], tmp_path: Path, example_dir: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[accompagnement]\ntitre = 3\n", encoding="utf-8")
    values = {"bad": str(bad), "missing": str(tmp_path / "absent.toml"), "good": str(example_dir)}
    command = (
        [
            sys.executable,
            "-m",
            "dladocs",
            *(a.format(**values) for a in args),
            "-o",
            str(tmp_path / "out"),
        ]
        if args[0] == "build"
        else [sys.executable, "-m", "dladocs", *(a.format(**values) for a in args)]
    )
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Erreur")


def test_check_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dladocs", "check", str(tmp_path / "absent.pptx")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "absent.pptx : illisible — fichier introuvable" in done.stdout


def _edited(example_dir: Path, old: str, new: str) -> str:
    text = (example_dir / "dladocs.toml").read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("duree = 120", "duree = true", ["webinaire.duree", "nombre entier attendu", "« true »"]),
        (
            "plafond_budget = 1000",
            "plafond_budget = false",
            ["accompagnement.plafond_budget", "nombre attendu", "« false »"],
        ),
        ("inscrits = 26", "inscrits = true", ["webinaire.inscrits", "nombre entier attendu"]),
    ],
    ids=["duration", "ceiling", "registered"],
)
def test_true_and_false_are_not_numbers(
    example_dir: Path, tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    problems = _errors(_edited(example_dir, old, new), tmp_path)
    assert len(problems) == 1, problems
    assert all(part in problems[0] for part in expected), problems[0]
    assert problems[0].startswith("ligne ")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "date = 2020-11-26",
            "date = 2020-13-26",
            "clé « webinaire.date » : date « 2020-13-26 » impossible",
        ),
        (
            "date = 2020-11-26",
            "date = 2020-02-30",
            "clé « webinaire.date » : date « 2020-02-30 » impossible",
        ),
        (
            "heure = 14:00:00",
            "heure = 25:00:00",
            "clé « webinaire.heure » : heure « 25:00:00 » impossible",
        ),
        (
            "inscrits = 26",
            "inscrits = 26\ninscrits = 27",
            "clé « webinaire.inscrits » : cette clé est définie deux fois",
        ),
        ("[consultant]", "[consultant", "il manque « ] » à la fin du nom de la table"),
        ("inscrits = 26", "inscrits = 26 outil2 = 1", "une seule « clé = valeur » par ligne"),
    ],
    ids=["month-13", "february-30", "hour-25", "duplicate", "table-bracket", "two-keys"],
)
def test_toml_errors_name_the_key_and_say_what_is_wrong(
    example_dir: Path, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    problems = _errors(_edited(example_dir, old, new), tmp_path)
    assert len(problems) == 1
    assert expected in problems[0]
    assert problems[0].startswith("ligne ")
    assert not any(word in problems[0] for word in ("Expected", "Invalid", "Cannot")), problems[0]


def test_a_date_with_a_time_is_shown_as_written(example_dir: Path, tmp_path: Path) -> None:
    problems = _errors(
        _edited(example_dir, "date = 2020-11-26", "date = 2020-11-26T14:00:00+01:00"), tmp_path
    )
    assert len(problems) == 1 and "webinaire.date" in problems[0]
    assert "« 2020-11-26T14:00:00+01:00 »" in problems[0]
    assert "datetime" not in problems[0]


def test_an_action_table_with_a_typo_names_only_french_keys(
    example_dir: Path, tmp_path: Path
) -> None:
    text = (example_dir / "dladocs.toml").read_text(encoding="utf-8")
    text += (
        '\n[actions]\nfaible = [{ actio = "Ouvrir une page" }, { action = "Une fiche Google" }]\n'
    )
    problems = _errors(text, tmp_path)
    assert any(
        "actions.faible[1].actio" in p
        and "vouliez-vous dire « action »" in p
        and "action, detail" in p
        for p in problems
    ), problems
    assert not any(word in p for p in problems for word in ("constrained", "ActionIdea")), problems


def test_absurdly_deep_nesting_is_refused_cleanly(tmp_path: Path) -> None:
    problems = _errors("x = " + "[" * 2000 + "]" * 2000 + "\n", tmp_path)
    assert "imbriquées trop profondément" in problems[0]


def test_checks_made_after_loading_name_the_line_too(example_dir: Path, tmp_path: Path) -> None:
    for old, new, key in (
        ('region = "32"', 'region = "99"', "accompagnement.region"),
        ('programme = "fse-2014-2020"', 'programme = "fse-2030"', "accompagnement.programme"),
    ):
        (example_dir / "dladocs.toml").write_text(_edited(example_dir, old, new), encoding="utf-8")
        project = load_project(example_dir)
        with pytest.raises(ProjectError) as caught:
            dladocs.build(project, tmp_path / "sortie")
        line = next(
            n
            for n, text in enumerate(
                (example_dir / "dladocs.toml").read_text(encoding="utf-8").splitlines(), 1
            )
            if text.startswith(new)
        )
        assert f"ligne {line}, clé « {key} »" in caught.value.problems[0]
        (example_dir / "dladocs.toml").write_text(_edited(example_dir, new, old), encoding="utf-8")


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dladocs", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["build", "--bogus"], "Erreur : Option inconnue : '--bogus'."),
        (["check"], "Erreur : Argument manquant 'FICHIERS...'."),
        (["nimporte"], "Erreur : Commande inconnue : 'nimporte'."),
        (["build", "--jobs", "0"], "Valeur invalide pour '--jobs' : 0 n'est pas dans l'intervalle"),
    ],
    ids=["option", "argument", "command", "range"],
)
def test_usage_errors_are_french(args: list[str], expected: str) -> None:
    done = _run(*args)
    assert done.returncode == 2
    assert expected in done.stderr, done.stderr
    assert "Utilisation :" in done.stderr
    assert "Usage:" not in done.stderr and "Try '" not in done.stderr


def test_help_is_french() -> None:
    done = _run("build", "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("Utilisation : dladocs build [OPTIONS] [PROJET]")
    assert "Afficher cette aide et quitter." in done.stdout
    assert "[par défaut : dladocs-out]" in done.stdout


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "un-fichier"
    blocker.write_text("à garder", encoding="utf-8")
    for target, reason in (
        (blocker, "existe déjà et n'est pas un dossier"),
        (blocker / "sous-dossier", "un élément du chemin est un fichier, pas un dossier"),
    ):
        done = _run("build", "-o", str(target), "-q", cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert (
            f"« {target} » : {reason} ; choisissez un autre dossier de sortie avec -o"
            in done.stderr
        )
    assert blocker.read_text(encoding="utf-8") == "à garder"
    done = _run("new", str(blocker))
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_an_email_address_must_look_like_one(example_dir: Path, tmp_path: Path) -> None:
    problems = _errors(
        _edited(example_dir, 'email = "claire.dumont@example.org"', 'email = "claire.dumont"'),
        tmp_path,
    )
    assert len(problems) == 1
    assert "consultant.email" in problems[0]
    assert "adresse électronique attendue" in problems[0] and "« claire.dumont »" in problems[0]
