"""The participants' evaluation of the webinar: questions, answers, aggregation.

The loop is: :data:`DEFAULT_QUESTIONS` → a fillable PDF
(:func:`dladocs.render.form.render_form`) or an online form whose columns are
named by :func:`csv_columns` → filled PDFs and CSV exports → :func:`collect` →
:func:`summarise` → ``evaluation.json`` (:func:`write_json`) → the final report
and its charts (:mod:`dladocs.charts`).

Field and column naming
-----------------------
* In the PDF, each question is one AcroForm field named by the question id.
  Scale questions are radio groups whose export values are ``"1"`` … ``"5"``;
  choice questions are radio groups whose export values are
  :func:`choice_export_value` of each label (ASCII slug: « Peut-être » →
  ``peut-etre``, « Ne souhaite pas répondre » →
  ``ne-souhaite-pas-repondre``); text questions are multi-line text fields.
* In CSV files, a column is recognised by the question id alone
  (``satisfaction``), by ``<id> — <question text>`` as :func:`csv_columns`
  writes it (only the id before the dash counts), or by the question text
  itself as Google Forms, Microsoft Forms or Framaforms export it (accents,
  case and punctuation ignored, small differences tolerated).  Timestamps,
  e-mail addresses and the other columns that form tools add are ignored.

``evaluation.json`` (schema version 1)
--------------------------------------
::

    {
      "schema_version": 1,
      "responses": 12,                 # forms and CSV rows with at least one answer
      "participants": 14,              # null when unknown
      "response_rate": 0.8571,         # responses / participants, 0..1, null when unknown or 0
      "questions": [                   # in the order of the grid
        {"id": "satisfaction", "text": "…", "short": "…", "kind": "scale|choice|text",
         "low": "…", "high": "…",      # end labels of scales ("" otherwise)
         "choices": ["Oui", …],        # labels of choice questions ([] otherwise)
         "answered": 11,               # answers kept for this question
         "distribution": {"1": 0, "2": 1, "3": 2, "4": 5, "5": 3},
                                       # scales: every key "1".."5"; choices: every label,
                                       # in the grid's order; texts: {}
         "mean": 3.91,                 # scales only, 2 decimals; null otherwise or without answers
         "answers": ["…"]}             # texts only: the non-empty answers in input order
      ],
      "problems": [{"file": "reponses.csv", "row": 4, "question": "satisfaction",
                    "message": "…"}],  # file, row and question may be null
      "sources": ["grille-01.pdf", "reponses.csv"]
    }

``row`` is the spreadsheet row of a CSV file (the header is row 1), null for PDFs.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from dladocs._evaluation_types import (
    COLUMN_SEPARATOR,
    SCALE_VALUES,
    SCHEMA_VERSION,
    Answer,
    Collection,
    EvaluationSummary,
    Problem,
    Question,
    QuestionKind,
    QuestionSummary,
    Response,
    choice_export_value,
    slug,
)
from dladocs.errors import DladocsError
from dladocs.typography import NBSP, NNBSP, fr

# The data types live in ``_evaluation_types`` (the readers build them without importing
# this module); this module is where users and the other modules find them.
__all__ = [
    "AGREE_HIGH",
    "AGREE_LOW",
    "COLUMN_SEPARATOR",
    "DEFAULT_QUESTIONS",
    "SCALE_VALUES",
    "SCHEMA_VERSION",
    "STRUCTURE_TYPES",
    "Answer",
    "Collection",
    "EvaluationSummary",
    "Problem",
    "Question",
    "QuestionKind",
    "QuestionSummary",
    "Response",
    "choice_export_value",
    "collect",
    "csv_columns",
    "load_json",
    "slug",
    "summarise",
    "write_csv_header",
    "write_json",
]


AGREE_LOW = "Pas du tout d'accord"
AGREE_HIGH = "Tout à fait d'accord"

# « Autre » and « Ne souhaite pas répondre » are two answers: a structure of another kind
# is not one that declines to say.
STRUCTURE_TYPES = ("ACI", "AI", "EI", "ETTI", "EITI", "Autre", "Ne souhaite pas répondre")

DEFAULT_QUESTIONS: tuple[Question, ...] = (
    Question(
        "satisfaction",
        fr("Dans l'ensemble, êtes-vous satisfait ou satisfaite du webinaire ?"),
        "scale",
        low="Très insatisfait",
        high="Très satisfait",
        short="Satisfaction générale",
    ),
    # One idea per item, one item per objective of the webinar: what it covers, what is
    # at stake for the structure, a first action (« intention » below).
    Question(
        "comprehension",
        "Après le webinaire, je sais mieux ce que recouvre le marketing digital.",
        "scale",
        short="Compréhension du marketing digital",
        low=AGREE_LOW,
        high=AGREE_HIGH,
    ),
    Question(
        "enjeux",
        "Je comprends mieux ce que le marketing digital peut changer pour ma structure.",
        "scale",
        short="Compréhension des enjeux",
        low=AGREE_LOW,
        high=AGREE_HIGH,
    ),
    Question(
        "pertinence",
        "Ce qui a été présenté est utile pour ma structure.",
        "scale",
        short="Utilité pour ma structure",
        low=AGREE_LOW,
        high=AGREE_HIGH,
    ),
    Question(
        "equilibre",
        "Le temps de présentation et le temps d'échanges (questions et réponses)"
        " étaient bien équilibrés.",
        "scale",
        short="Équilibre présentation / échanges",
        low=AGREE_LOW,
        high=AGREE_HIGH,
    ),
    Question(
        "clarte",
        "Les explications étaient claires et faciles à suivre.",
        "scale",
        short="Clarté des explications",
        low=AGREE_LOW,
        high=AGREE_HIGH,
    ),
    Question(
        "interactivite",
        "J'ai pu poser les questions que je voulais.",
        "scale",
        short="Place laissée à mes questions",
        low=AGREE_LOW,
        high=AGREE_HIGH,
    ),
    Question(
        "distanciel",
        "À distance, j'ai pu suivre le webinaire sans difficulté technique (connexion, son, image).",
        "scale",
        short="Suivi à distance",
        low=AGREE_LOW,
        high=AGREE_HIGH,
    ),
    Question(
        "intention",
        "Je compte mettre en place au moins une action de marketing digital"
        " dans les prochains mois.",
        "scale",
        short="Intention de passer à l'action",
        low=AGREE_LOW,
        high=AGREE_HIGH,
    ),
    Question(
        "ateliers",
        fr(
            "Souhaitez-vous participer aux ateliers collectifs de janvier 2021,"
            " qui feront suite à ce webinaire ?"
        ),
        "choice",
        choices=("Oui", "Peut-être", "Non"),
        short="Intérêt pour les ateliers de janvier 2021",
    ),
    Question(
        "premiere_action",
        fr("Quelle action pensez-vous mettre en place en premier ?"),
        "text",
        short="Première action envisagée",
    ),
    Question(
        "commentaires",
        fr("Avez-vous d'autres remarques ou des suggestions ?"),
        "text",
        short="Commentaires",
    ),
    Question(
        "structure_type",
        fr("Facultatif : quel est le type de votre structure ?"),
        "choice",
        choices=STRUCTURE_TYPES,
        short="Type de structure",
    ),
)


# --------------------------------------------------------------------------- names


def csv_columns(questions: Sequence[Question] = DEFAULT_QUESTIONS) -> list[str]:
    """Column names for a spreadsheet or an online form: « <id> — <question text> »."""
    return [f"{question.id}{COLUMN_SEPARATOR}{question.text}" for question in questions]


def write_csv_header(
    path: Path, questions: Sequence[Question] = DEFAULT_QUESTIONS, *, delimiter: str = ";"
) -> None:
    """Write a CSV file holding only the header row of :func:`csv_columns`.

    UTF-8 with a byte-order mark so that Excel shows the accents, and ``;``
    between columns because that is what Excel expects in a French locale.
    """
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, delimiter=delimiter, lineterminator="\r\n").writerow(
            csv_columns(questions)
        )


# --------------------------------------------------------------------------- answers


def collect(
    files: Sequence[Path], *, questions: Sequence[Question] = DEFAULT_QUESTIONS
) -> Collection:
    """Read filled PDF forms and CSV exports of online forms.

    Nothing raises for a bad file: an unreadable, encrypted or foreign file,
    an unknown column, a value off the scale… each becomes a :class:`Problem`
    and the rest of the file is still read.
    """
    from dladocs import _evaluation_io

    return _evaluation_io.collect(files, questions)


# --------------------------------------------------------------------------- summary


def summarise(
    collection: Collection,
    *,
    participants: int | None,
    questions: Sequence[Question] = DEFAULT_QUESTIONS,
) -> EvaluationSummary:
    """Count the answers of each question; ``participants`` gives the response rate."""
    if participants is not None and participants < 0:
        raise DladocsError(
            f"le nombre de participants ne peut pas être négatif (reçu{NBSP}: {participants})."
        )
    count = len(collection.responses)
    problems = list(collection.problems)
    rate: float | None = None
    if participants:
        if count > participants:
            problems.append(
                Problem(
                    None,
                    None,
                    None,
                    f"il y a plus de réponses ({count}) que de participants ({participants}){NBSP}:"
                    " vérifiez le nombre de participants et cherchez des réponses"
                    f" en double{NNBSP};"
                    f" le taux de réponse est ramené à 100{NNBSP}%.",
                )
            )
        rate = round(min(count / participants, 1.0), 4)
    summaries = tuple(_summarise_question(q, collection.responses) for q in questions)
    return EvaluationSummary(
        responses=count,
        participants=participants,
        response_rate=rate,
        questions=summaries,
        problems=tuple(problems),
        sources=tuple(collection.sources),
    )


def _summarise_question(question: Question, responses: Sequence[Response]) -> QuestionSummary:
    values = [r.answers[question.id] for r in responses if question.id in r.answers]
    distribution: dict[str, int] = {}
    mean: float | None = None
    texts: tuple[str, ...] = ()
    if question.kind == "scale":
        notes = [v for v in values if isinstance(v, int) and 1 <= v <= 5]
        distribution = {key: 0 for key in SCALE_VALUES}
        for note in notes:
            distribution[str(note)] += 1
        answered = len(notes)
        mean = round(sum(notes) / answered, 2) if notes else None
    elif question.kind == "choice":
        distribution = {choice: 0 for choice in question.choices}
        for value in values:
            if isinstance(value, str) and value in distribution:
                distribution[value] += 1
        answered = sum(distribution.values())
    else:
        texts = tuple(v for v in values if isinstance(v, str) and v.strip())
        answered = len(texts)
    return QuestionSummary(
        id=question.id,
        text=question.text,
        kind=question.kind,
        answered=answered,
        distribution=distribution,
        mean=mean,
        answers=texts,
        short=question.short,
        low=question.low,
        high=question.high,
        choices=question.choices,
    )


# --------------------------------------------------------------------------- JSON


def write_json(summary: EvaluationSummary, path: Path) -> Path:
    """Write ``evaluation.json``: UTF-8, indented, the same bytes for the same summary."""
    text = json.dumps(summary.as_json(), ensure_ascii=False, indent=2, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")
    return path


def load_json(path: Path) -> EvaluationSummary:
    """Read an ``evaluation.json`` back; a damaged file raises :class:`DladocsError`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DladocsError(
            f"impossible de lire le fichier ({error.strerror}).", path=path
        ) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DladocsError(f"ce n'est pas un fichier JSON valide ({error}).", path=path) from error
    from dladocs._evaluation_json import summary_from_json

    try:
        return summary_from_json(data)
    except KeyError as error:
        reason = f"clé manquante{NBSP}: «{NBSP}{error.args[0]}{NBSP}»"
    except (TypeError, ValueError) as error:
        reason = str(error)
    raise DladocsError(f"le fichier ne suit pas le format d'evaluation.json ({reason}).", path=path)
