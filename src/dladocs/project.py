"""The project file ``dladocs.toml``: its model, its loading, and errors that name file, key and line.

Keys are French because DLA staff and consultants write the file; attributes
are English because Python developers read the code.  Every field therefore
has a French alias, and validation reports the French key path.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import tomllib
from collections.abc import Sequence
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


class KeyedError(ValueError):
    """A cross-field error that knows which key to blame (relative to the model raising it)."""

    def __init__(self, key: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.key = key


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


def _is_glob(pattern: str) -> bool:
    return any(ch in pattern for ch in "*?[")


def _expand(root: Path, pattern: str) -> list[Path]:
    """The files ``pattern`` matches, sorted; an absolute pattern is accepted as well.

    ``Path.glob`` refuses absolute patterns: the glob starts from the last
    folder written without wildcards (the pattern's own, or ``root``).
    """
    parts = Path(pattern).parts
    fixed = list(itertools.takewhile(lambda part: not _is_glob(part), parts))
    base = root.joinpath(*fixed) if fixed else root
    rest = parts[len(fixed) :]
    if not rest:
        return [base]
    try:
        return sorted(base.glob(str(Path(*rest))))
    except (OSError, ValueError, NotImplementedError):
        return []


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
        raise ProjectError(file, _problems(exc, lines)) from None
    project._path = file.resolve()
    project._source = raw
    _check_files(project, lines)
    return project


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


def _problems(exc: ValidationError, lines: dict[_tomlpos.Path, int]) -> list[str]:
    problems: list[str] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, KeyedError):
            loc = loc + cause.key
        where = _describe(loc)
        line = _tomlpos.line_of(lines, loc)
        prefix = f"ligne {line}, " if line else ""
        message = _french(error, loc)
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


def _french(error: Any, loc: tuple[str | int, ...]) -> str:  # noqa: PLR0911  - one return per pydantic error type, in French
    kind = error["type"]
    received = error.get("input")
    shown = _show(received)
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
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


def _known_keys(loc: Sequence[str | int]) -> list[str]:
    """The French keys allowed at ``loc``, by walking the model classes."""
    model: type[BaseModel] = Project
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


def _check_files(project: Project, lines: dict[_tomlpos.Path, int]) -> None:  # noqa: C901  - one check per file the project names, each with its own message
    """Every file the project names must exist: say which key names a missing one."""
    problems: list[str] = []

    def need(path: Path | None, loc: tuple[str | int, ...]) -> None:
        if path is None:
            return
        resolved = project.resolve(path)
        if not resolved.is_file():
            line = _tomlpos.line_of(lines, loc)
            prefix = f"ligne {line}, " if line else ""
            if resolved.is_dir():
                what = f"« {path} » est un dossier : indiquez le fichier de l'image"
            elif resolved.exists():
                what = f"« {path} » n'est pas un fichier ordinaire (périphérique ou tube)"
            else:
                what = f"le fichier « {path} » est introuvable (cherché dans {resolved.parent})"
            problems.append(f"{prefix}{_describe(loc)} : {what}")

    need(project.logos.avise, ("logos", "avise"))
    need(project.logos.dla, ("logos", "dla"))
    for key, path in project.logos.others.items():
        need(path, ("logos", "autres", key))
    for index, porteur in enumerate(project.porteurs):
        need(porteur.logo, ("porteurs", index, "logo"))
    if project.templates.folder is not None:
        folder = project.resolve(project.templates.folder)
        if not folder.is_dir():
            line = _tomlpos.line_of(lines, ("modeles", "dossier"))
            prefix = f"ligne {line}, " if line else ""
            problems.append(
                f"{prefix}clé « modeles.dossier » : le dossier « {project.templates.folder} » est introuvable"
            )
    for index, pattern in enumerate(project.evaluation.responses):
        if _is_glob(pattern):
            matches = _expand(project.root, pattern)
            line = _tomlpos.line_of(lines, ("evaluation", "reponses"))
            prefix = f"ligne {line}, " if line else ""
            if not matches:
                problems.append(
                    f"{prefix}clé « evaluation.reponses[{index + 1}] » : aucun fichier ne "
                    f"correspond à « {pattern} »"
                )
            for match in matches:
                if not match.is_file() and not match.is_dir():
                    # A FIFO or a device would block or never end the collection.
                    problems.append(
                        f"{prefix}clé « evaluation.reponses[{index + 1}] » : « {match} » n'est "
                        "pas un fichier ordinaire (tube, périphérique) ; retirez-le ou changez "
                        "le motif"
                    )
        else:
            need(Path(pattern), ("evaluation", "reponses"))
    if problems:
        raise ProjectError(project.path, problems)
