"""Evaluation questions, reading CSV exports and PDFs, aggregation and evaluation.json."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dladocs.errors import DladocsError
from dladocs.evaluation import (
    DEFAULT_QUESTIONS,
    Collection,
    Problem,
    Question,
    Response,
    collect,
    csv_columns,
    load_json,
    summarise,
    write_csv_header,
    write_json,
)

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
QUESTION = {question.id: question for question in DEFAULT_QUESTIONS}


# --------------------------------------------------------------------------- questions


def test_default_questions_in_the_order_of_the_grid() -> None:
    assert [q.id for q in DEFAULT_QUESTIONS] == [
        "satisfaction",
        "comprehension",
        "enjeux",
        "pertinence",
        "equilibre",
        "clarte",
        "interactivite",
        "distanciel",
        "intention",
        "ateliers",
        "premiere_action",
        "commentaires",
        "structure_type",
    ]
    kinds = [q.kind for q in DEFAULT_QUESTIONS]
    assert kinds == ["scale"] * 9 + ["choice", "text", "text", "choice"]


def test_scales_have_french_end_labels_and_choices_their_options() -> None:
    assert QUESTION["satisfaction"].low == "Très insatisfait"
    assert QUESTION["satisfaction"].high == "Très satisfait"
    assert QUESTION["clarte"].low == "Pas du tout d'accord"
    assert QUESTION["clarte"].high == "Tout à fait d'accord"
    assert QUESTION["ateliers"].choices == ("Oui", "Peut-être", "Non")
    assert "janvier 2021" in QUESTION["ateliers"].text
    # Two answers, not one: « Autre » is a kind of structure, declining is not.
    assert QUESTION["structure_type"].choices[-2:] == ("Autre", "Ne souhaite pas répondre")
    # Agreement items say agreement, the satisfaction item says satisfaction.
    assert QUESTION["enjeux"].low == "Pas du tout d'accord"
    assert "à distance" in QUESTION["distanciel"].text.lower()
    # One idea per item: no « et » joining two statements in the scale items.
    for question in DEFAULT_QUESTIONS:
        if question.kind == "scale" and question.id != "equilibre":
            assert " et on " not in question.text and " et ce que " not in question.text
    for question in DEFAULT_QUESTIONS:
        assert question.id.isascii()
        assert question.short, question.id
        # French typography: no plain space before « ? » or « : ».
        assert " ?" not in question.text and " :" not in question.text


def test_csv_columns_join_id_and_text_with_a_dash() -> None:
    columns = csv_columns(DEFAULT_QUESTIONS)
    assert len(columns) == len(DEFAULT_QUESTIONS)
    assert columns[0] == f"satisfaction — {QUESTION['satisfaction'].text}"


def test_csv_header_is_utf8_with_bom_for_excel(tmp_path: Path) -> None:
    path = tmp_path / "entetes.csv"
    write_csv_header(path, DEFAULT_QUESTIONS)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows == [csv_columns(DEFAULT_QUESTIONS)]


# --------------------------------------------------------------------------- CSV exports

# A form made from the grid that left out the optional items on the stakes and the remote set-up.
GOOGLE_HEADER = [
    "Horodateur",
    "Dans l’ensemble, êtes-vous satisfait(e) du webinaire ?",
    "Après le webinaire, je sais mieux ce que recouvre le marketing digital",
    "Ce qui a été présenté est utile pour ma structure",
    "Le temps de présentation et le temps d'échanges (questions et réponses) étaient bien"
    " équilibrés.",
    "Les explications étaient claires et faciles à suivre.",
    "J'ai pu poser les questions que je voulais.",
    "Je compte mettre en place au moins une action de marketing digital dans les prochains mois.",
    "Souhaitez-vous participer aux ateliers collectifs de janvier 2021, qui feront suite à ce"
    " webinaire ?",
    "Quelle action pensez-vous mettre en place en premier ?",
    "Avez-vous d'autres remarques ou des suggestions ?",
]
GOOGLE_ROWS = [
    # row 2: everything in the forms a spreadsheet produces
    ["26/11/2020 16:02:11", "5", "4 - D'accord", "4/5", " 3 ", "5", "4", "5", "Oui",
     "Un compte LinkedIn", "Très bien"],
    # row 3: 6 on a 1–5 scale
    ["26/11/2020 16:05:40", "6", "4", "4", "4", "4", "3", "4", "Peut-etre", "", ""],
    # row 4: a word instead of a note
    ["26/11/2020 16:07:02", "4", "3", "5", "4", "beaucoup", "5", "2", "non", "", ""],
    # row 5: empty (a blank line left by a spreadsheet)
    ["", "", "", "", "", "", "", "", "", "", ""],
    # row 6: only a comment
    ["26/11/2020 17:30:00", "", "", "", "", "", "", "", "", "", "Le son coupait."],
    # row 7: the end labels written out, a choice without its accent
    ["27/11/2020 09:12:45", "Très satisfait", "Tout à fait d'accord", "2", "4", "4", "4",
     "Pas du tout d'accord", "PEUT-ÊTRE", "  Une newsletter  ", ""],
]  # fmt: skip


def write_google_csv(path: Path) -> Path:
    with path.open("w", encoding="cp1252", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow(GOOGLE_HEADER)
        writer.writerows(GOOGLE_ROWS)
    return path


def test_google_forms_export_in_cp1252_with_semicolons(tmp_path: Path) -> None:
    path = write_google_csv(tmp_path / "Grille d'évaluation (réponses).csv")
    collection = collect([path])
    assert collection.files == 1
    assert [r.row for r in collection.responses] == [2, 3, 4, 6, 7]
    first, second, third, comment, labels = (r.answers for r in collection.responses)
    assert first == {
        "satisfaction": 5,
        "comprehension": 4,
        "pertinence": 4,
        "equilibre": 3,
        "clarte": 5,
        "interactivite": 4,
        "intention": 5,
        "ateliers": "Oui",
        "premiere_action": "Un compte LinkedIn",
        "commentaires": "Très bien",
    }
    assert "satisfaction" not in second and second["comprehension"] == 4
    assert second["ateliers"] == "Peut-être"
    assert "clarte" not in third and third["interactivite"] == 5 and third["ateliers"] == "Non"
    assert comment == {"commentaires": "Le son coupait."}
    assert labels["satisfaction"] == 5 and labels["comprehension"] == 5
    assert labels["intention"] == 1 and labels["ateliers"] == "Peut-être"
    assert labels["premiere_action"] == "Une newsletter"

    assert [(p.file, p.row, p.question) for p in collection.problems] == [
        (path, 3, "satisfaction"),
        (path, 4, "clarte"),
    ]
    assert "6" in collection.problems[0].message
    assert "beaucoup" in collection.problems[1].message
    described = collection.problems[0].describe()
    assert path.name in described and "ligne 3" in described and "satisfaction" in described


def test_google_forms_summary_and_json(tmp_path: Path) -> None:
    path = write_google_csv(tmp_path / "reponses.csv")
    summary = summarise(collect([path]), participants=8)
    assert summary.responses == 5
    assert summary.participants == 8
    assert summary.response_rate == 0.625

    satisfaction = summary.question("satisfaction")
    assert satisfaction.distribution == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 2}
    assert satisfaction.answered == 3
    assert satisfaction.mean == 4.67
    clarte = summary.question("clarte")
    assert clarte.distribution == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1}
    assert clarte.mean == 4.33
    intention = summary.question("intention")
    assert intention.distribution == {"1": 1, "2": 1, "3": 0, "4": 1, "5": 1}
    assert intention.mean == 3.0
    assert summary.question("ateliers").distribution == {"Oui": 1, "Peut-être": 2, "Non": 1}
    assert summary.question("commentaires").answers == ("Très bien", "Le son coupait.")
    assert summary.question("structure_type").answered == 0
    assert summary.question("structure_type").distribution == {
        choice: 0 for choice in QUESTION["structure_type"].choices
    }

    out = write_json(summary, tmp_path / "evaluation.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["responses"] == 5
    assert data["participants"] == 8
    assert data["response_rate"] == 0.625
    assert data["sources"] == ["reponses.csv"]
    assert data["problems"][0] == {
        "file": "reponses.csv",
        "row": 3,
        "question": "satisfaction",
        "message": collect([path]).problems[0].message,
    }
    first = data["questions"][0]
    assert {"id", "text", "kind", "answered", "distribution", "mean", "answers"} <= set(first)
    assert first["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 2}
    assert first["mean"] == 4.67
    assert next(q for q in data["questions"] if q["id"] == "premiere_action")["mean"] is None
    assert "é" in out.read_text(encoding="utf-8")  # not \u00e9


def test_an_answer_from_an_older_grid_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "ancienne.csv"
    write_csv_header(path, DEFAULT_QUESTIONS)
    with path.open("a", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow(["4"] + [""] * 11 + ["Autre / ne souhaite pas répondre"])
    collection = collect([path])
    assert collection.problems == []
    assert collection.responses[0].answers["structure_type"] == "Ne souhaite pas répondre"


def test_our_own_header_from_write_csv_header(tmp_path: Path) -> None:
    path = tmp_path / "saisie.csv"
    write_csv_header(path, DEFAULT_QUESTIONS)
    with path.open("a", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow(["4", "5", "3", "5", "4", "5", "5", "2", "4", "Oui", "Site", "", "EI"])
        writer.writerow(["3", "", "", "", "", "", "", "", "", "Non", "", "RAS", "autre"])
    collection = collect([path])
    assert collection.problems == []
    assert [r.answers for r in collection.responses] == [
        {
            "satisfaction": 4,
            "comprehension": 5,
            "enjeux": 3,
            "pertinence": 5,
            "equilibre": 4,
            "clarte": 5,
            "interactivite": 5,
            "distanciel": 2,
            "intention": 4,
            "ateliers": "Oui",
            "premiere_action": "Site",
            "structure_type": "EI",
        },
        {
            "satisfaction": 3,
            "ateliers": "Non",
            "commentaires": "RAS",
            "structure_type": "Autre",
        },
    ]


def test_microsoft_forms_export_with_extra_and_unknown_columns(tmp_path: Path) -> None:
    path = tmp_path / "forms.csv"
    header = [
        "ID",
        "Heure de début",
        "Heure de fin",
        "Adresse de messagerie",
        "Nom",
        "satisfaction",
        "Clarté",
        "Question ajoutée par l'animatrice",
        "ateliers",
    ]
    rows = [
        ["1", "11/26/20 16:00", "11/26/20 16:03", "anonymous", "", "4", "5", "oui", "Oui"],
        ["2", "11/26/20 16:01", "11/26/20 16:04", "anonymous", "", "5", "4", "non", "Non"],
    ]
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    collection = collect([path])
    assert [r.answers for r in collection.responses] == [
        {"satisfaction": 4, "clarte": 5, "ateliers": "Oui"},
        {"satisfaction": 5, "clarte": 4, "ateliers": "Non"},
    ]
    assert len(collection.problems) == 1
    problem = collection.problems[0]
    assert (problem.file, problem.row, problem.question) == (path, None, None)
    assert "Question ajoutée par l'animatrice" in problem.message


def test_bad_choice_keeps_the_rest_of_the_row(tmp_path: Path) -> None:
    path = tmp_path / "tabs.tsv"
    path.write_text("satisfaction\tateliers\n4\tJamais\n", encoding="utf-8")
    collection = collect([path])
    assert [r.answers for r in collection.responses] == [{"satisfaction": 4}]
    assert [(p.row, p.question) for p in collection.problems] == [(2, "ateliers")]
    assert "Oui, Peut-être, Non" in collection.problems[0].message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("4", 4), ("4 - Satisfait", 4), ("4/5", 4), (" 4 ", 4), ("4,0", 4), ("1", 1),
     ("très insatisfait", 1), ("Très satisfait", 5)],
)  # fmt: skip
def test_scale_values_accepted(tmp_path: Path, raw: str, expected: int) -> None:
    path = tmp_path / "note.csv"
    path.write_text(f'satisfaction,commentaires\n"{raw}",x\n', encoding="utf-8")
    collection = collect([path])
    assert collection.problems == []
    assert collection.responses[0].answers["satisfaction"] == expected


@pytest.mark.parametrize("raw", ["0", "6", "beaucoup", "4.5", "2/10", "-1"])
def test_scale_values_refused(tmp_path: Path, raw: str) -> None:
    path = tmp_path / "note.csv"
    path.write_text(f'satisfaction,commentaires\n"{raw}",gardé\n', encoding="utf-8")
    collection = collect([path])
    assert collection.responses[0].answers == {"commentaires": "gardé"}
    assert [(p.row, p.question) for p in collection.problems] == [(2, "satisfaction")]
    assert raw in collection.problems[0].message


def test_unreadable_files_are_problems_not_exceptions(tmp_path: Path) -> None:
    corrupt = tmp_path / "abimee.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ntrailer <<>>\n")
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    foreign = tmp_path / "sans-rapport.csv"
    foreign.write_text("Prénom;Ville\nAnne;Lille\n", encoding="utf-8")
    sheet = tmp_path / "reponses.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    absent = tmp_path / "absent.pdf"
    collection = collect([corrupt, empty, foreign, sheet, absent])
    assert collection.responses == []
    by_file = {problem.file: problem.message for problem in collection.problems}
    assert set(by_file) == {corrupt, empty, foreign, sheet, absent}
    assert "aucun champ" in by_file[corrupt] or "endommagé" in by_file[corrupt]
    assert "vide" in by_file[empty]
    assert "aucune colonne" in by_file[foreign]
    assert "CSV" in by_file[sheet]
    assert "introuvable" in by_file[absent]


def test_the_same_file_twice_is_counted_once(tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    first.write_text("satisfaction\n5\n", encoding="utf-8")
    copy = tmp_path / "copie.csv"
    copy.write_bytes(first.read_bytes())
    collection = collect([first, copy])
    assert len(collection.responses) == 1
    assert [(p.file, p.row) for p in collection.problems] == [(copy, None)]


@pytest.mark.parametrize(
    "name",
    [
        "pdf/pysf-libreoffice-writer-password.pdf",
        "pdf/pypdf-crazyones-encrypted-256.pdf",
        "pdf/pdflib-missing_xref_trailer_dict.pdf",
        "pdf/fmtcorpus-handbuilt-minimal_test.pdf",
        "pdf/pdfminer-issue-1113-evil-xobjects.pdf",
        "pdf/pdflib-sample_form.pdf",
        "pdf/pysf-libreoffice-form.pdf",
    ],
)
def test_real_world_pdfs_give_one_problem_each(name: str) -> None:
    path = CORPUS / name
    collection = collect([path])
    assert collection.responses == []
    assert len(collection.problems) == 1
    assert collection.problems[0].file == path
    if "password" in name or "encrypted" in name:
        assert "mot de passe" in collection.problems[0].message


# --------------------------------------------------------------------------- summary, JSON


def responses(*answers: dict[str, int | str]) -> Collection:
    return Collection(
        responses=[Response(Path("r.csv"), i + 2, a) for i, a in enumerate(answers)], files=1
    )


def test_response_rate_is_none_without_participants() -> None:
    collection = responses({"satisfaction": 4})
    assert summarise(collection, participants=None).response_rate is None
    assert summarise(collection, participants=0).response_rate is None
    assert summarise(collection, participants=3).response_rate == 0.3333


def test_more_responses_than_participants_is_flagged() -> None:
    summary = summarise(responses({"satisfaction": 4}, {"satisfaction": 5}), participants=1)
    assert summary.response_rate == 1.0
    assert summary.problems[-1].file is None
    assert "plus de réponses (2) que de participants (1)" in summary.problems[-1].message


def test_negative_participants_is_a_user_error() -> None:
    with pytest.raises(DladocsError, match="négatif"):
        summarise(responses(), participants=-3)


def test_no_answer_gives_empty_distributions_and_no_mean() -> None:
    summary = summarise(responses(), participants=12)
    assert summary.responses == 0
    assert summary.response_rate == 0.0
    satisfaction = summary.question("satisfaction")
    assert satisfaction.distribution == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}
    assert satisfaction.mean is None and satisfaction.answered == 0
    assert summary.question("commentaires").answers == ()


def test_custom_questions() -> None:
    own = (
        Question("note", "Votre note ?", "scale", low="Bof", high="Super"),
        Question("retour", "Revenir ?", "choice", choices=("Oui", "Non")),
    )
    summary = summarise(
        responses({"note": 2, "retour": "Non"}, {"note": 3}), participants=None, questions=own
    )
    assert [q.id for q in summary.questions] == ["note", "retour"]
    assert summary.question("note").mean == 2.5
    assert summary.question("retour").distribution == {"Oui": 0, "Non": 1}


def test_json_round_trip_is_exact_and_deterministic(tmp_path: Path) -> None:
    collection = responses(
        {"satisfaction": 4, "ateliers": "Oui", "commentaires": "Bien"},
        {"satisfaction": 5, "intention": 2},
    )
    collection.problems.append(Problem(Path("x/reponses.csv"), 5, "clarte", "« 9 » hors échelle"))
    collection.sources.append("reponses.csv")
    summary = summarise(collection, participants=4)
    first = write_json(summary, tmp_path / "a.json").read_bytes()
    second = write_json(summary, tmp_path / "b.json").read_bytes()
    assert first == second
    loaded = load_json(tmp_path / "a.json")
    assert loaded.responses == 2 and loaded.response_rate == 0.5
    assert loaded.questions == summary.questions
    assert loaded.problems[0].file == Path("reponses.csv")
    assert loaded.problems[0].describe().startswith("reponses.csv, ligne 5, question")
    assert write_json(loaded, tmp_path / "c.json").read_bytes() == first


@pytest.mark.parametrize(
    "content", ["", "[1, 2]", '{"responses": 1}', '{"responses": "x", "questions": []}']
)
def test_damaged_json_is_a_french_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "evaluation.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DladocsError) as caught:
        load_json(path)
    assert "evaluation.json" in str(caught.value)


def test_a_cut_row_and_an_empty_submission_are_said_and_the_rest_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Horodateur;satisfaction;clarte;commentaires\n"
        "26/11/2020 16:01;5;4;Bien\n"
        "26/11/2020 16:02;3\n"  # the line was cut: two questions left without an answer
        "26/11/2020 16:03;;;\n"  # sent without answering anything
        "26/11/2020 16:04;4;4;\n",
        encoding="utf-8",
    )
    collection = collect([path])
    assert [r.answers for r in collection.responses] == [
        {"satisfaction": 5, "clarte": 4, "commentaires": "Bien"},
        {"satisfaction": 3},
        {"satisfaction": 4, "clarte": 4},
    ]
    said = {p.row: p.message for p in collection.problems}
    assert "elle semble coupée" in said[3]
    assert "aucune réponse" in said[4]
    assert set(said) == {3, 4}


def test_collect_says_nothing_in_english_and_keeps_a_previous_result_when_nothing_reads(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    damaged = tmp_path / "grille-remplie.pdf"
    damaged.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")  # cut short
    previous = tmp_path / "evaluation.json"
    previous.write_text('{"gardé": true}', encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dladocs",
            "evaluation",
            "collect",
            str(damaged),
            "-o",
            str(previous),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "aucune réponse n'a pu être lue" in done.stderr
    assert "grille-remplie.pdf\u00a0: le PDF est illisible ou endommagé" in done.stderr
    for english in ("EOF marker", "invalid pdf header", "Traceback", "Error"):
        assert english not in done.stderr.replace("Erreur", ""), done.stderr
    assert previous.read_text(encoding="utf-8") == '{"gardé": true}'
