"""The project file ``dladocs.toml``: its model, its loading, and errors that name file, key and line.

Keys are French because DLA staff and consultants write the file; attributes
are English because Python developers read the code.  Every field therefore
has a French alias, and validation reports the French key path.

The French error translation lives in ``_project_errors`` and the check of the
files a project names in ``_project_files``.
"""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path
from typing import Any

from pydantic import (
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from dladocs import _tomlpos
from dladocs._locate import PROJECT_FILE, example_project, find_project
from dladocs._project_errors import KeyedError, _decode, _describe, _problems, _toml_message
from dladocs._project_files import _check_files, _expand, _is_glob
from dladocs._project_sections import (
    EXCHANGE_KINDS,
    LEGACY_KINDS,
    LEVELS,
    Accompaniment,
    ActionIdea,
    ActionItem,
    Actions,
    Clock,
    Consultant,
    Cost,
    CostLine,
    Day,
    Email,
    Evaluation,
    Experience,
    Integer,
    Level,
    Logos,
    LongText,
    Nature,
    Number,
    OptionalText,
    Output,
    Part,
    Participant,
    Porteur,
    Presence,
    Progress,
    QuestionAnswer,
    Review,
    Rollout,
    ShortText,
    SiaeType,
    Templates,
    Verification,
    Webinar,
    _Model,
)
from dladocs.errors import ProjectError

# The sections' models and value types are exported too: they live in _project_sections.
__all__ = [
    "EXCHANGE_KINDS",
    "LEGACY_KINDS",
    "LEVELS",
    "PROJECT_FILE",
    "Accompaniment",
    "ActionIdea",
    "ActionItem",
    "Actions",
    "Clock",
    "Consultant",
    "Cost",
    "CostLine",
    "Day",
    "Email",
    "Evaluation",
    "Experience",
    "Integer",
    "Level",
    "Logos",
    "LongText",
    "Nature",
    "Number",
    "OptionalText",
    "Output",
    "Part",
    "Participant",
    "Porteur",
    "Presence",
    "Progress",
    "Project",
    "QuestionAnswer",
    "Review",
    "Rollout",
    "ShortText",
    "SiaeType",
    "Templates",
    "Verification",
    "Webinar",
    "example_project",
    "find_project",
    "load_project",
    "parse_project",
]


class Project(_Model):
    """A validated ``dladocs.toml``.  ``root`` is the folder that relative paths start from."""

    accompaniment: Accompaniment = Field(alias="accompagnement")
    porteurs: tuple[Porteur, ...] = Field((), alias="porteurs")
    consultant: Consultant = Field(alias="consultant")
    webinar: Webinar = Field(alias="webinaire")
    participants: tuple[Participant, ...] = Field((), alias="participants")
    questions: tuple[QuestionAnswer, ...] = Field((), alias="questions")
    actions: Actions = Field(default_factory=Actions, alias="actions")  # type: ignore[arg-type]
    experiences: tuple[Experience, ...] = Field((), alias="retours_experience")
    progress: Progress = Field(default_factory=Progress, alias="deroulement")  # type: ignore[arg-type]
    review: Review = Field(default_factory=Review, alias="bilan")  # type: ignore[arg-type]
    cost: Cost = Field(default_factory=Cost, alias="cout")  # type: ignore[arg-type]
    logos: Logos = Field(default_factory=Logos, alias="logos")  # type: ignore[arg-type]
    evaluation: Evaluation = Field(default_factory=Evaluation, alias="evaluation")  # type: ignore[arg-type]
    verification: Verification = Field(default_factory=Verification, alias="verification")  # type: ignore[arg-type]
    templates: Templates = Field(default_factory=Templates, alias="modeles")  # type: ignore[arg-type]
    output: Output = Field(default_factory=Output, alias="sortie")  # type: ignore[arg-type]
    presence: Presence = Field(default_factory=Presence, alias="presence")  # type: ignore[arg-type]

    _path: Path = PrivateAttr(default=Path(PROJECT_FILE))
    _source: bytes = PrivateAttr(default=b"")
    _example: bool = PrivateAttr(default=False)

    @model_validator(mode="before")
    @classmethod
    def _xml_safe(cls, data: Any) -> Any:
        """Drop, once for every reader, the characters no DOCX, PPTX or PDF can hold.

        TOML accepts escapes such as ``"\\u0001"``; the XML inside office files
        cannot carry them, so they are removed here rather than left for each
        renderer (or plugin) to trip over.
        """
        from dladocs.typography import clean

        def walk(value: Any) -> Any:
            if isinstance(value, str):
                return clean(value)
            if isinstance(value, dict):
                return {key: walk(item) for key, item in value.items()}
            if isinstance(value, list):
                return [walk(item) for item in value]
            return value

        return walk(data)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Project:
        steps = [
            ("deroulement.reunion_preparation", self.progress.preparation_meeting),
            ("deroulement.envoi_support", self.progress.support_sent),
            ("webinaire.date", self.webinar.date),
            ("deroulement.debriefing", self.progress.debriefing),
        ]
        known = [(key, value) for key, value in steps if value is not None]
        for (key_a, a), (key_b, b) in itertools.pairwise(known):
            if a > b:
                raise KeyedError(
                    tuple(key_b.split(".")),
                    f"les dates ne se suivent pas : {key_a} ({a.isoformat()}) vient après "
                    f"{key_b} ({b.isoformat()}) ; l'ordre attendu est réunion de préparation, "
                    "envoi du support, webinaire, débriefing",
                )
        return self

    @model_validator(mode="after")
    def _within_ceiling(self) -> Project:
        ceiling = self.accompaniment.budget_ceiling
        if self.cost.lines and self.cost.total_ttc > ceiling + 0.005:
            raise KeyedError(
                ("cout", "postes"),
                f"le coût total, {self.cost.total_ttc:g} € TTC, dépasse le plafond de "
                f"{ceiling:g} € (accompagnement.plafond_budget) : réduisez les postes ou "
                "faites relever le plafond",
            )
        return self

    @property
    def path(self) -> Path:
        """The project file, absolute."""
        return self._path

    @property
    def root(self) -> Path:
        """The folder the file's relative paths (logos, answers, templates) start from."""
        return self._path.parent

    @property
    def source(self) -> bytes:
        """The bytes of the project file, for the inputs hash of incremental builds."""
        return self._source

    @property
    def is_example(self) -> bool:
        """True for the bundled example (built when no dladocs.toml is found)."""
        return self._example

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else self.root / path

    @property
    def attendees(self) -> int:
        """People who took part (the grid is filled person by person): the response-rate base."""
        return sum(p.people for p in self.participants if p.present)

    def where(self, *key: str | int) -> str:
        """``ligne 12, clé « accompagnement.region »``: where a key is written, for messages.

        Indexes in ``key`` count from 0, as in pydantic's error locations.
        """
        lines = _tomlpos.key_lines(self._source.decode("utf-8", "replace"))
        line = _tomlpos.line_of(lines, key)
        return f"ligne {line}, {_describe(key)}" if line else _describe(key)

    def response_files(self) -> list[Path]:
        """The evaluation answer files, glob patterns expanded, in a stable order."""
        files: list[Path] = []
        for pattern in self.evaluation.responses:
            matches = (
                _expand(self.root, pattern) if _is_glob(pattern) else [self.resolve(Path(pattern))]
            )
            files.extend(match for match in matches if match not in files)
        return files


# --------------------------------------------------------------------------- loading


def load_project(path: Path | str | None = None) -> Project:
    """Read and validate a ``dladocs.toml`` (a file or its folder; ``None``: see :func:`find_project`).

    Raises :class:`dladocs.errors.ProjectError` with one French line per problem,
    each naming the key and the line.
    """
    file, example = find_project(Path(path) if path is not None else None)
    from dladocs._userfiles import PROJECT_MAX, read_user_file

    try:
        raw = read_user_file(file, "le fichier projet", PROJECT_MAX)
    except OSError as exc:
        raise ProjectError(file, [f"lecture impossible : {exc.strerror or exc}"]) from exc
    project = parse_project(raw, file)
    project._example = example
    return project


def parse_project(raw: bytes, file: Path) -> Project:
    text = _decode(raw, file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(file, [_toml_message(exc, text)]) from None
    except RecursionError:
        raise ProjectError(
            file,
            [
                "des listes ou des tables sont imbriquées trop profondément "
                "(plusieurs centaines de niveaux) : ce n'est pas un fichier projet"
            ],
        ) from None
    lines = _tomlpos.key_lines(text)
    try:
        project = Project.model_validate(data)
    except ValidationError as exc:
        raise ProjectError(file, _problems(exc, lines, Project)) from None
    project._path = file.resolve()
    project._source = raw
    _check_files(project, lines)
    return project
