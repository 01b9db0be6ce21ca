"""The tables of ``dladocs.toml`` below the project: value types, and one model per section.

Keys are French and attributes English (see :mod:`dladocs.project`, which re-exports
every name here).
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    field_validator,
    model_validator,
)

from dladocs._project_errors import KeyedError

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
