"""Reading ``evaluation.json`` back into an EvaluationSummary, checking every type on the way."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from dladocs._evaluation_types import (
    SCHEMA_VERSION,
    EvaluationSummary,
    Problem,
    QuestionKind,
    QuestionSummary,
)


def _int_or_none(value: object, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"« {key} » doit être un entier ou null")
    return value


def summary_from_json(data: object) -> EvaluationSummary:
    if not isinstance(data, dict):
        raise TypeError("la racine doit être un objet")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise ValueError(f"version de schéma {version!r} inconnue")
    rate = data["response_rate"]
    if rate is not None and (
        isinstance(rate, bool) or not isinstance(rate, int | float) or not math.isfinite(rate)
    ):
        raise TypeError("« response_rate » doit être un nombre ou null")
    responses = _int_or_none(data["responses"], "responses")
    return EvaluationSummary(
        responses=responses or 0,
        participants=_int_or_none(data.get("participants"), "participants"),
        response_rate=float(rate) if rate is not None else None,
        questions=tuple(_question_from_json(item) for item in data["questions"]),
        problems=tuple(_problem_from_json(item) for item in data.get("problems", [])),
        sources=tuple(str(source) for source in data.get("sources", [])),
    )


def _question_from_json(item: Mapping[str, Any]) -> QuestionSummary:
    kind = item["kind"]
    if kind not in ("scale", "choice", "text"):
        raise ValueError(f"type de question {kind!r} inconnu")
    distribution = item.get("distribution", {})
    if not isinstance(distribution, dict):
        raise TypeError("« distribution » doit être un objet")
    mean = item.get("mean")
    if mean is not None and (isinstance(mean, bool) or not isinstance(mean, int | float)):
        raise TypeError("« mean » doit être un nombre ou null")
    return QuestionSummary(
        id=str(item["id"]),
        text=str(item["text"]),
        kind=cast(QuestionKind, kind),
        answered=_int_or_none(item["answered"], "answered") or 0,
        distribution={
            str(key): _int_or_none(count, "distribution") or 0
            for key, count in distribution.items()
        },
        mean=float(mean) if mean is not None else None,
        answers=tuple(str(answer) for answer in item.get("answers", [])),
        short=str(item.get("short", "")),
        low=str(item.get("low", "")),
        high=str(item.get("high", "")),
        choices=tuple(str(choice) for choice in item.get("choices", [])),
    )


def _problem_from_json(item: Mapping[str, Any]) -> Problem:
    file = item.get("file")
    question = item.get("question")
    return Problem(
        file=Path(str(file)) if file is not None else None,
        row=_int_or_none(item.get("row"), "row"),
        question=str(question) if question is not None else None,
        message=str(item["message"]),
    )
