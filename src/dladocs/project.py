"""The project file ``dladocs.toml``: its model, its loading, and errors that name file, key and line.

Keys are French because DLA staff and consultants write the file; attributes
are English because Python developers read the code.  Every field therefore
has a French alias, and validation reports the French key path.

The French error translation lives in ``_project_errors`` and the check of the
files a project names in ``_project_files``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from dladocs import _tomlpos
from dladocs._locate import PROJECT_FILE, example_project, find_project
from dladocs._project_errors import KeyedError, _decode, _describe, _problems, _toml_message
from dladocs._project_files import _check_files, _expand, _is_glob
from dladocs.errors import ProjectError

__all__ = [
    "PROJECT_FILE",
    "Project",
    "example_project",
    "find_project",
    "load_project",
    "parse_project",
]

Level = Literal["faible", "moyen", "bon"]
SiaeType = Literal["ACI", "AI", "EI", "ETTI", "EITI"]
# Kinds of a sequence part; the exchange share counts « echange » and « questions-reponses » only.
Nature = Literal[
    "accueil",
    "apport",
    "echange",
    "questions-reponses",
    "atelier",
    "evaluation",
    "pause",
    "informatif",
    "interactif",
]
EXCHANGE_KINDS = ("echange", "questions-reponses")
# The two values of earlier versions, still read (build warns and names the line).
LEGACY_KINDS = {"informatif": "apport", "interactif": "echange"}
_ACCENTS = str.maketrans("éèê", "eee")
LEVELS: tuple[Level, ...] = ("faible", "moyen", "bon")

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


def _email(value: str) -> str:
    # A plausibility check, enough to catch a name typed where the address goes.
    import re

    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}", value):
        raise ValueError(f"adresse électronique attendue (nom@domaine.fr), reçu « {value} »")
    return value


Email = Annotated[OptionalText, AfterValidator(_email)]
# Strict: TOML's true and false are not the numbers 1 and 0 (pydantic would accept them).
Integer = Annotated[int, Strict()]
Number = Annotated[float, Strict()]


def _not_a_number(what: str, example: str) -> Any:
    # pydantic reads 1400 as a time (seconds) or a date (a timestamp): never what a user meant.
    def check(value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(
                f"{what} attendue, au format {example} sans guillemets, reçu « {value} »"
            )
        return value

    return BeforeValidator(check)


Day = Annotated[dt.date, _not_a_number("date", "AAAA-MM-JJ (ex. 2020-11-26)")]
Clock = Annotated[dt.time, _not_a_number("heure", "HH:MM:SS (ex. 14:00:00)")]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, str_strip_whitespace=True
    )


class Porteur(_Model):
    """A structure that carries the accompaniment (Avise, CR DLA, DLA régional...)."""

    name: ShortText = Field(alias="nom")
    role: OptionalText = Field("", alias="role")
    department: str | None = Field(None, alias="departement")
    website: OptionalText = Field("", alias="site")
    email: Email = Field("", alias="email")
    logo: Path | None = Field(None, alias="logo")


class Accompaniment(_Model):
    title: ShortText = Field(alias="titre")
    sector: ShortText = Field(alias="secteur")
    kind: Literal["individuel", "collectif"] = Field(alias="type")
    region: ShortText = Field(alias="region")
    programme: ShortText = Field(alias="programme")
    programme_label: OptionalText = Field("", alias="programme_libelle")
    funder: ShortText = Field("Avise", alias="financeur")
    budget_ceiling: Number = Field(alias="plafond_budget", gt=0, le=10_000_000)
    reference: OptionalText = Field("", alias="reference")
    document_date: Day | None = Field(None, alias="date_documents")
    objectives: tuple[LongText, ...] = Field((), alias="objectifs")
    audience: LongText | None = Field(None, alias="public")
    # The structures, questions and answers are invented (an example, a training project).
    fictitious: bool = Field(False, alias="donnees_fictives")


class Consultant(_Model):
    name: ShortText = Field(alias="nom")
    organisation: OptionalText = Field("", alias="structure")
    email: Email = Field("", alias="email")
    phone: OptionalText = Field("", alias="telephone")


def _plain_kind(value: Any) -> Any:
    # « échange », « questions-réponses », « évaluation » are written with their accents too.
    return value.strip().lower().translate(_ACCENTS) if isinstance(value, str) else value


class Part(_Model):
    """One timed part of the webinar sequence."""

    title: ShortText = Field(alias="titre")
    minutes: Integer = Field(alias="duree", gt=0, le=480)
    nature: Annotated[Nature, BeforeValidator(_plain_kind)] = Field(alias="nature")
    module: OptionalText = Field("", alias="contenu")
    prompts: tuple[ShortText, ...] = Field((), alias="questions")
    description: LongText | None = Field(None, alias="description")

    @field_validator("module")
    @classmethod
    def _module_name(cls, value: str) -> str:
        # Whether the module exists depends on the project folder and the plugins:
        # the build checks that (dladocs.content.check_project); here, only its spelling.
        import re

        if value and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
            raise ValueError(
                f"contenu « {value} » : un nom de module s'écrit en minuscules, chiffres et tirets "
                "(le nom du fichier contenus/NOM.md sans « .md »)"
            )
        return value

    @property
    def kind(self) -> str:
        """The precise kind: the old « informatif » / « interactif » read as « apport » / « echange »."""
        return LEGACY_KINDS.get(self.nature, self.nature)

    @property
    def exchange(self) -> bool:
        """Whether the part counts in the exchange share the cahier des charges asks for."""
        return self.kind in EXCHANGE_KINDS


class Webinar(_Model):
    date: Day = Field(alias="date")
    start: Clock = Field(alias="heure")
    minutes: Integer = Field(alias="duree", gt=0, le=480)
    tool: ShortText = Field(alias="outil")
    registered: Integer | None = Field(None, alias="inscrits", ge=0, le=100_000)
    sequence: tuple[Part, ...] = Field(alias="sequence", min_length=1)

    @model_validator(mode="after")
    def _sequence_fits(self) -> Webinar:
        total = sum(part.minutes for part in self.sequence)
        if total > self.minutes:
            raise KeyedError(
                ("duree",),
                f"la séquence dure {total} minutes en tout, plus que la durée du webinaire "
                f"({self.minutes} minutes) : raccourcissez une partie ou allongez « duree »",
            )
        return self

    @property
    def interactive_minutes(self) -> int:
        return sum(part.minutes for part in self.sequence if part.exchange)

    @property
    def interactive_share(self) -> float:
        total = sum(part.minutes for part in self.sequence)
        return self.interactive_minutes / total if total else 0.0


class Participant(_Model):
    organisation: ShortText = Field(alias="structure")
    kind: SiaeType = Field(alias="type")
    department: ShortText = Field(alias="departement")
    sector: ShortText = Field(alias="secteur")
    digital_level: Level = Field(alias="niveau_numerique")
    people: Integer = Field(1, alias="personnes", ge=1, le=100)
    present: bool = Field(True, alias="present")

    @field_validator("department")
    @classmethod
    def _known_department(cls, value: str) -> str:
        from dladocs.regions import department_codes, known_department_codes

        code = value.upper().zfill(2) if value.isdigit() else value.upper()
        if code not in department_codes() and code not in known_department_codes():
            close = difflib.get_close_matches(code, sorted(known_department_codes()), n=1)
            hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
            raise ValueError(
                f"« {value} » n'est pas un code de département français{hint} ; "
                "exemples : « 59 », « 2A », « 974 »"
            )
        return code


class QuestionAnswer(_Model):
    theme: ShortText = Field(alias="theme")
    question: LongText = Field(alias="question")
    answer: LongText = Field(alias="reponse")


class ActionIdea(_Model):
    """An action idea: a short label for the slides, a detail for the fiche."""

    action: ShortText = Field(alias="action")
    detail: LongText | None = Field(None, alias="detail")


def _action_table(value: Any) -> Any:
    # « faible = ["Fiche Google à jour"] » is the short form of « { action = "..." } ».
    return {"action": value} if isinstance(value, str) else value


ActionItem = Annotated[ActionIdea, BeforeValidator(_action_table)]


class Actions(_Model):
    low: tuple[ActionItem, ...] = Field((), alias="faible")
    medium: tuple[ActionItem, ...] = Field((), alias="moyen")
    good: tuple[ActionItem, ...] = Field((), alias="bon")

    def by_level(self) -> dict[Level, tuple[ActionItem, ...]]:
        return {"faible": self.low, "moyen": self.medium, "bon": self.good}


class Experience(_Model):
    title: ShortText = Field(alias="titre")
    organisation: ShortText = Field(alias="structure")
    text: LongText = Field(alias="texte")
    source: OptionalText = Field("", alias="source")
    fictitious: bool = Field(False, alias="fictif")


class Progress(_Model):
    """How the mission went (*déroulement*)."""

    preparation_meeting: Day | None = Field(None, alias="reunion_preparation")
    support_sent: Day | None = Field(None, alias="envoi_support")
    debriefing: Day | None = Field(None, alias="debriefing")
    summary: LongText | None = Field(None, alias="synthese")
    highlights: tuple[LongText, ...] = Field((), alias="points_forts")


class Rollout(_Model):
    """Lessons for spreading the accompaniment nationally (*essaimage*)."""

    keep: tuple[LongText, ...] = Field((), alias="garder")
    change: tuple[LongText, ...] = Field((), alias="changer")


class Review(_Model):
    """Difficulties, blocking points, recommendations and next steps (*bilan*)."""

    difficulties: tuple[LongText, ...] = Field((), alias="difficultes")
    blocking_points: tuple[LongText, ...] = Field((), alias="points_de_blocage")
    recommendations: tuple[LongText, ...] = Field((), alias="recommandations")
    next_steps: tuple[LongText, ...] = Field((), alias="suites")
    # What the debriefing with the porteurs concluded: the report is final only with them.
    conclusions: tuple[LongText, ...] = Field((), alias="conclusions")
    # What the team changes because of the weakest evaluation items.
    improvements: tuple[LongText, ...] = Field((), alias="ameliorations")
    rollout: Rollout = Field(default_factory=Rollout, alias="essaimage")  # type: ignore[arg-type]


class CostLine(_Model):
    label: ShortText = Field(alias="libelle")
    days: Number | None = Field(None, alias="jours", ge=0, le=1000)
    amount: Number = Field(alias="montant", ge=0, le=10_000_000)


class Cost(_Model):
    lines: tuple[CostLine, ...] = Field((), alias="postes")
    # One day rate for every line, or none (each line's rate is then its amount / days).
    day_rate: Number | None = Field(None, alias="taux_journalier", gt=0, le=100_000)
    # VAT status: « franchise » (franchise en base, art. 293 B du CGI), « exoneration »
    # (with its legal reference in « mention_tva ») or « assujetti » (at « taux_tva » %).
    vat: Literal["franchise", "exoneration", "assujetti"] | None = Field(None, alias="tva")
    vat_rate: Number = Field(20, alias="taux_tva", ge=0, le=100)
    vat_note: OptionalText = Field("", alias="mention_tva")
    declared_total: Number | None = Field(None, alias="total", ge=0, le=10_000_000)

    @property
    def total(self) -> float:
        """The sum of the lines: excluding VAT when a VAT status is given, as invoiced otherwise."""
        return sum(line.amount for line in self.lines)

    @property
    def total_ttc(self) -> float:
        """What the funder pays: VAT added only for a consultant liable to it."""
        return self.total * (1 + self.vat_rate / 100) if self.vat == "assujetti" else self.total

    @model_validator(mode="after")
    def _adds_up(self) -> Cost:
        if self.day_rate is not None:
            for index, line in enumerate(self.lines):
                if line.days is not None and abs(line.days * self.day_rate - line.amount) > 0.005:
                    raise KeyedError(
                        ("postes", index, "montant"),
                        f"le poste « {line.label} » vaut {line.amount:g} € alors que "
                        f"{line.days:g} jour(s) au taux journalier de {self.day_rate:g} € font "
                        f"{line.days * self.day_rate:g} € : corrigez « montant », « jours » ou "
                        "cout.taux_journalier",
                    )
        if self.declared_total is not None and abs(self.declared_total - self.total) > 0.005:
            raise KeyedError(
                ("total",),
                f"les postes font {self.total:g} € en tout, pas {self.declared_total:g} € : "
                "corrigez « total » ou les montants de cout.postes",
            )
        if self.vat == "exoneration" and not self.vat_note:
            raise KeyedError(
                ("mention_tva",),
                "une exonération de TVA s'accompagne de son fondement (par exemple « TVA non "
                "applicable, art. 261-4-4° a du CGI ») : indiquez-le dans « mention_tva »",
            )
        return self


class Logos(_Model):
    avise: Path | None = Field(None, alias="avise")
    dla: Path | None = Field(None, alias="dla")
    others: dict[str, Path] = Field(default_factory=dict, alias="autres")


class Evaluation(_Model):
    responses: tuple[ShortText, ...] = Field((), alias="reponses")
    form_url: OptionalText = Field("", alias="lien")
    return_to: OptionalText = Field("", alias="retour")


class Verification(_Model):
    strict: bool = Field(False, alias="strict")
    emblem: Literal["toutes-les-pages", "couverture"] = Field("toutes-les-pages", alias="embleme")
    logo_size: Literal["souple", "stricte"] = Field("souple", alias="taille_logos")


class Templates(_Model):
    folder: Path | None = Field(None, alias="dossier")


class Output(_Model):
    pdf: bool = Field(False, alias="pdf")
    pdfa: bool = Field(False, alias="pdfa")
    # Font of the EU mention (see dladocs.fonts): Ubuntu, shipped and embedded, by default.
    mention_font: Literal["ubuntu", "arial", "calibri", "modele"] = Field(
        "ubuntu", alias="police_mention"
    )


class Presence(_Model):
    """``[presence]``: attendance proof (``dladocs presence collect``, sheet and certificates)."""

    # A certificate needs this much time connected: minutes, or a share of the webinar.
    threshold_minutes: Integer | None = Field(None, alias="seuil_minutes", ge=0, le=1440)
    threshold_percent: Number | None = Field(None, alias="seuil_pourcentage", ge=0, le=100)
    # E-mail addresses appear on certificates only if the project asks (RGPD: minimisation).
    email_on_certificates: bool = Field(False, alias="email_attestations")
    # What the export cannot tell: « nom ou e-mail » = « structure des [[participants]] ».
    structures: dict[str, ShortText] = Field(default_factory=dict, alias="structures")


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
