"""The evaluation's data: questions, answers, problems and summaries (no reading, no writing).

:mod:`dladocs.evaluation` is the public face (it re-exports every name here)
and the readers (``_evaluation_io``, ``_evaluation_json``) build these values:
kept apart so that neither reader imports the module that calls it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dladocs.typography import NBSP

QuestionKind = Literal["scale", "choice", "text"]
Answer = int | str

SCHEMA_VERSION = 1
SCALE_VALUES = ("1", "2", "3", "4", "5")
COLUMN_SEPARATOR = " — "


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the grid.

    ``kind`` is ``scale`` (1 to 5, ``low`` and ``high`` label the ends),
    ``choice`` (one of ``choices``) or ``text`` (free answer).  ``short`` is the
    label used in charts and tables; :attr:`label` falls back on the text.
    """

    id: str
    text: str
    kind: QuestionKind
    choices: tuple[str, ...] = ()
    low: str = ""
    high: str = ""
    short: str = ""

    @property
    def label(self) -> str:
        return self.short or self.text


def slug(text: str) -> str:
    """ASCII, lower case, words joined by ``-``: « Peut-être » → ``peut-etre``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def choice_export_value(choice: str) -> str:
    """The export value of a choice's radio button in the PDF form (see the module docstring)."""
    return slug(choice) or "choix"


@dataclass(frozen=True, slots=True)
class Response:
    """One participant's answers: a filled PDF (``row`` None) or one CSV row."""

    source: Path
    row: int | None
    answers: dict[str, Answer]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that could not be read; ``message`` is French and says what to do."""

    file: Path | None
    row: int | None
    question: str | None
    message: str

    def describe(self) -> str:
        """The whole French sentence: « reponses.csv, ligne 4, question « clarte » : … »."""
        where: list[str] = []
        if self.file is not None:
            where.append(self.file.name)
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.question is not None:
            where.append(f"question «{NBSP}{self.question}{NBSP}»")
        return f"{', '.join(where)}{NBSP}: {self.message}" if where else self.message

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file.name if self.file is not None else None,
            "row": self.row,
            "question": self.question,
            "message": self.message,
        }


@dataclass(slots=True)
class Collection:
    """What :func:`collect` read: the responses, the problems, how many files."""

    responses: list[Response] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class QuestionSummary:
    """The answers to one question, aggregated (see the JSON schema above)."""

    id: str
    text: str
    kind: QuestionKind
    answered: int
    distribution: dict[str, int]
    mean: float | None = None
    answers: tuple[str, ...] = ()
    short: str = ""
    low: str = ""
    high: str = ""
    choices: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.short or self.text

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "short": self.short,
            "kind": self.kind,
            "low": self.low,
            "high": self.high,
            "choices": list(self.choices),
            "answered": self.answered,
            "distribution": dict(self.distribution),
            "mean": self.mean,
            "answers": list(self.answers),
        }


@dataclass(frozen=True, slots=True)
class EvaluationSummary:
    """Everything the final report says about the evaluation."""

    responses: int
    participants: int | None
    response_rate: float | None
    questions: tuple[QuestionSummary, ...]
    problems: tuple[Problem, ...] = ()
    sources: tuple[str, ...] = ()

    def question(self, question_id: str) -> QuestionSummary:
        for summary in self.questions:
            if summary.id == question_id:
                return summary
        raise KeyError(question_id)

    def as_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "responses": self.responses,
            "participants": self.participants,
            "response_rate": self.response_rate,
            "questions": [summary.as_json() for summary in self.questions],
            "problems": [problem.as_json() for problem in self.problems],
            "sources": list(self.sources),
        }
