"""The forms of the project file, grouped and titled as the user guide (section 5) presents it.

Each :class:`Section` edits one table (or one array of tables) of
``dladocs.toml``; each :class:`Field` one key.  Field names in the forms are
the key paths that :mod:`dladocs.project` prints in its messages
(``porteurs[2].nom``, counting from 1), so that a message lands beside its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

Kind = Literal[
    "text", "long", "int", "number", "date", "time", "bool", "choice", "lines", "paragraphs",
    "actions", "mapping", "pairs",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    kind: Kind = "text"
    required: bool = False
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    default: bool | None = None  # for booleans: the value the model assumes when the key is absent


@dataclass(frozen=True, slots=True)
class Section:
    slug: str
    title: str  # as in the guide
    table: tuple[str, ...]  # where it lives in the TOML file
    fields: tuple[Field, ...]
    array: bool = False  # an array of tables ([[porteurs]]): entries are added and removed
    intro: str = ""
    entry: str = "élément"  # what one entry is called (« Ajouter un porteur »)

    @property
    def prefix(self) -> str:
        return ".".join(self.table)


LEVEL_CHOICES = (("faible", "faible"), ("moyen", "moyen"), ("bon", "bon"))

SECTIONS: tuple[Section, ...] = (
    Section(
        "mission",
        "[accompagnement] — la mission",
        ("accompagnement",),
        (
            Field(
                "titre",
                "Titre du webinaire",
                required=True,
                help="Sur la couverture de chaque document.",
            ),
            Field("secteur", "Secteur d'activité des structures", required=True),
            Field(
                "type",
                "Type d'accompagnement",
                "choice",
                True,
                choices=(("collectif", "collectif"), ("individuel", "individuel")),
            ),
            Field(
                "region",
                "Région",
                "choice",
                True,
                help="Elle fixe le dossier de sortie et les porteurs DLA cités.",
            ),
            Field(
                "programme",
                "Programme européen",
                "choice",
                True,
                help="Il choisit la mention du bandeau et les règles vérifiées.",
            ),
            Field(
                "programme_libelle",
                "Libellé du programme",
                help="Inséré dans la mention de cofinancement ; commencez par une minuscule.",
            ),
            Field("financeur", "Financeur", help="Par défaut : Avise."),
            Field("plafond_budget", "Plafond du budget (euros TTC)", "number", True),
            Field("reference", "Référence du cahier des charges"),
            Field("date_documents", "Date imprimée sur les documents", "date"),
            Field(
                "objectifs",
                "Objectifs",
                "paragraphs",
                help="Un objectif par paragraphe (une ligne vide entre deux).",
            ),
            Field("public", "Public visé et contexte", "long"),
            Field(
                "donnees_fictives",
                "Données fictives (exemple, formation)",
                "bool",
                help="Les documents le disent une fois, en première page.",
                default=False,
            ),
        ),
    ),
    Section(
        "porteurs",
        "[[porteurs]] — les structures qui portent l'accompagnement",
        ("porteurs",),
        (
            Field("nom", "Nom de la structure", required=True),
            Field("role", "Rôle"),
            Field("departement", "Département (DLA départemental)"),
            Field("site", "Site internet"),
            Field("email", "Adresse électronique"),
            Field(
                "logo",
                "Fichier du logo",
                help="Chemin relatif au dossier du projet, par exemple logos/dla.png.",
            ),
        ),
        array=True,
        entry="porteur",
    ),
    Section(
        "consultant",
        "[consultant] — qui anime et rédige",
        ("consultant",),
        (
            Field("nom", "Prénom et nom", required=True),
            Field("structure", "Structure"),
            Field("email", "Adresse électronique"),
            Field("telephone", "Téléphone"),
        ),
    ),
    Section(
        "webinaire",
        "[webinaire] — la séance",
        ("webinaire",),
        (
            Field("date", "Date du webinaire", "date", True),
            Field("heure", "Heure de début", "time", True),
            Field(
                "duree",
                "Durée totale (minutes)",
                "int",
                True,
                help="La séquence ne peut pas durer plus longtemps.",
            ),
            Field("outil", "Outil de visioconférence", required=True),
            Field("inscrits", "Structures inscrites", "int"),
        ),
        intro="Les parties du webinaire se modifient sur la page « Séquence ».",
    ),
    Section(
        "participants",
        "[[participants]] — les structures participantes",
        ("participants",),
        (
            Field("structure", "Structure", required=True),
            Field(
                "type",
                "Type de SIAE",
                "choice",
                True,
                choices=tuple((v, v) for v in ("ACI", "AI", "EI", "ETTI", "EITI")),
            ),
            Field(
                "departement", "Code du département", required=True, help="« 59 », « 2A », « 974 »…"
            ),
            Field("secteur", "Secteur", required=True),
            Field("niveau_numerique", "Niveau numérique", "choice", True, choices=LEVEL_CHOICES),
            Field("personnes", "Personnes", "int"),
            Field("present", "Présente au webinaire", "bool", default=True),
        ),
        array=True,
        entry="participant",
    ),
    Section(
        "questions",
        "[[questions]] — les questions posées pendant le webinaire",
        ("questions",),
        (
            Field("theme", "Thème", required=True),
            Field("question", "Question", "long", True),
            Field("reponse", "Réponse", "long", True),
        ),
        array=True,
        entry="question",
    ),
    Section(
        "actions",
        "[actions] — les pistes d'action par niveau",
        ("actions",),
        tuple(
            Field(
                level,
                f"Niveau « {level} »",
                "actions",
                help="Une action par ligne ; un détail pour la fiche après « | » (action | détail).",
            )
            for level, _ in LEVEL_CHOICES
        ),
    ),
    Section(
        "retours",
        "[[retours_experience]] — les retours d'expérience",
        ("retours_experience",),
        (
            Field("titre", "Titre", required=True),
            Field("structure", "Structure", required=True),
            Field("texte", "Texte", "long", True),
            Field("source", "Source"),
            Field("fictif", "Exemple fictif", "bool", default=False),
        ),
        array=True,
        entry="retour d'expérience",
    ),
    Section(
        "deroulement",
        "[deroulement] — le déroulement de la mission",
        ("deroulement",),
        (
            Field("reunion_preparation", "Réunion de préparation", "date"),
            Field("envoi_support", "Envoi du support", "date"),
            Field("debriefing", "Débriefing", "date"),
            Field("synthese", "Synthèse", "long"),
            Field("points_forts", "Points forts", "paragraphs", help="Un point par paragraphe."),
        ),
    ),
    Section(
        "bilan",
        "[bilan] — difficultés, recommandations, suites",
        ("bilan",),
        tuple(
            Field(
                key,
                label,
                "paragraphs",
                help="Un point par paragraphe (une ligne vide entre deux).",
            )
            for key, label in (
                ("difficultes", "Difficultés"),
                ("points_de_blocage", "Points de blocage"),
                ("recommandations", "Recommandations"),
                ("suites", "Suites"),
                (
                    "conclusions",
                    "Conclusions du débriefing (sans elles, le rapport est provisoire)",
                ),
                ("ameliorations", "Améliorations (questions les moins bien notées)"),
            )
        ),
    ),
    Section(
        "essaimage",
        "[bilan.essaimage] — les enseignements pour l'essaimage",
        ("bilan", "essaimage"),
        (
            Field("garder", "À garder", "paragraphs", help="Un point par paragraphe."),
            Field("changer", "À changer", "paragraphs", help="Un point par paragraphe."),
        ),
    ),
    Section(
        "cout",
        "[[cout.postes]] — le coût de la mission",
        ("cout", "postes"),
        (
            Field("libelle", "Libellé", required=True),
            Field("jours", "Jours", "number"),
            Field("montant", "Montant (euros TTC)", "number", True),
        ),
        array=True,
        entry="poste",
    ),
    Section(
        "tva",
        "[cout] — TVA, taux journalier et total",
        ("cout",),
        (
            Field(
                "tva",
                "Régime de TVA du consultant",
                "choice",
                choices=(
                    ("", "non précisé (montants lus TTC)"),
                    ("franchise", "franchise en base (art. 293 B du CGI)"),
                    ("exoneration", "exonération"),
                    ("assujetti", "assujetti"),
                ),
            ),
            Field(
                "taux_tva",
                "Taux de TVA (%)",
                "number",
                help="Pour un consultant assujetti ; 20 par défaut.",
            ),
            Field(
                "mention_tva",
                "Fondement de l'exonération",
                help="Tel qu'il figure sur la facture ; obligatoire avec une exonération.",
            ),
            Field(
                "taux_journalier",
                "Taux journalier (euros)",
                "number",
                help="Chaque poste doit alors valoir jours × taux journalier.",
            ),
            Field("total", "Total annoncé (euros)", "number", help="Les postes doivent le faire."),
        ),
    ),
    Section(
        "logos",
        "[logos] — les fichiers de logos",
        ("logos",),
        (
            Field(
                "avise",
                "Logo de l'Avise",
                help="Chemin relatif au projet ; la page « Fichiers » dépose les images.",
            ),
            Field("dla", "Logo du DLA"),
            Field(
                "autres",
                "Autres logos",
                "mapping",
                help="Un logo par ligne : nom = chemin (porteur = logos/porteur.png).",
            ),
        ),
    ),
    Section(
        "evaluation",
        "[evaluation] — les réponses à la grille",
        ("evaluation",),
        (
            Field(
                "reponses",
                "Fichiers de réponses",
                "lines",
                help="Un fichier ou un motif par ligne, par exemple reponses/*.pdf.",
            ),
            Field("lien", "Lien du questionnaire en ligne"),
            Field("retour", "Adresse de retour de la grille"),
        ),
    ),
    Section(
        "verification",
        "[verification] — la sévérité des contrôles",
        ("verification",),
        (
            Field("strict", "Traiter les recommandations comme des erreurs", "bool", default=False),
            Field(
                "embleme",
                "Emblème exigé",
                "choice",
                choices=(
                    ("toutes-les-pages", "sur toutes les pages"),
                    ("couverture", "sur la couverture"),
                ),
            ),
            Field(
                "taille_logos",
                "Comparaison des tailles de logos",
                "choice",
                choices=(("souple", "souple"), ("stricte", "stricte")),
            ),
        ),
    ),
    Section(
        "modeles",
        "[modeles] — vos propres modèles",
        ("modeles",),
        (Field("dossier", "Dossier des modèles", help="Relatif au dossier du projet."),),
    ),
    Section(
        "sortie",
        "[sortie] — les PDF",
        ("sortie",),
        (
            Field("pdf", "Produire aussi les PDF (LibreOffice)", "bool", default=False),
            Field("pdfa", "PDF/A-2b, pour l'archivage", "bool", default=False),
            Field(
                "police_mention",
                "Police de la mention UE",
                "choice",
                choices=(
                    ("ubuntu", "Ubuntu (fournie, par défaut)"),
                    ("arial", "Arial"),
                    ("calibri", "Calibri"),
                    ("modele", "celle du modèle"),
                ),
            ),
        ),
    ),
    Section(
        "presence",
        "[presence] — feuille d'émargement et attestations",
        ("presence",),
        (
            Field(
                "seuil_minutes",
                "Seuil de connexion (minutes)",
                "int",
                help="En dessous, pas d'attestation de participation.",
            ),
            Field(
                "seuil_pourcentage",
                "Seuil de connexion (% de la durée du webinaire)",
                "number",
                help="75 pour les trois quarts ; le seuil en minutes l'emporte s'il est donné aussi.",
            ),
            Field(
                "email_attestations",
                "Écrire l'adresse électronique sur les attestations",
                "bool",
                default=False,
            ),
            Field(
                "structures",
                "Rattachements à une structure",
                "pairs",
                help="Un par ligne : nom ou adresse = structure de la liste des participants.",
            ),
        ),
    ),
)

# Sequence kinds.  Another branch replaces « informatif / interactif » by precise kinds; the
# form offers whichever the installed model accepts (see :func:`offered_kinds`).
NEW_KINDS: tuple[tuple[str, str], ...] = (
    ("accueil", "accueil"),
    ("apport", "apport"),
    ("echange", "échange"),
    ("questions-reponses", "questions-réponses"),
    ("atelier", "atelier"),
    ("evaluation", "évaluation"),
    ("pause", "pause"),
)
OLD_KINDS: tuple[tuple[str, str], ...] = (
    ("informatif", "informatif"),
    ("interactif", "interactif"),
)
# What counts in the exchange share the cahier des charges asks for.
EXCHANGE_KINDS = frozenset(
    {"echange", "échange", "questions-reponses", "questions-réponses", "interactif"}
)

SEQUENCE = Section(
    "sequence",
    "[[webinaire.sequence]] — les parties du webinaire",
    ("webinaire", "sequence"),
    (
        Field("titre", "Titre de la partie", required=True),
        Field("duree", "Durée (minutes)", "int", True),
        Field("nature", "Nature", "choice", True),
        Field("contenu", "Contenu (module de diapositives)", "choice"),
        Field("questions", "Questions de relance", "lines", help="Une question par ligne."),
        Field("description", "Description (partie sans module)", "long"),
    ),
    array=True,
    entry="partie",
)


def section(slug: str) -> Section | None:
    if slug == SEQUENCE.slug:
        return SEQUENCE
    return next((s for s in SECTIONS if s.slug == slug), None)


@cache
def offered_kinds() -> tuple[tuple[str, str], ...]:
    """The sequence kinds the installed project model accepts: the new ones when it knows them."""
    import warnings

    from pydantic import ValidationError

    import dladocs.project as model

    part = getattr(model, "Part", None)
    if part is None:  # the model moved: offer the precise kinds, validation will say the rest
        return NEW_KINDS

    def accepted(kind: str) -> bool:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an old kind may be read with a warning
                part.model_validate({"titre": "t", "duree": 1, "nature": kind})
        except ValidationError:
            return False
        return True

    new = tuple(pair for pair in NEW_KINDS if accepted(pair[0]))
    return new or tuple(pair for pair in OLD_KINDS if accepted(pair[0]))
