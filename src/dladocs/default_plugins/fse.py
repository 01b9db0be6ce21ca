"""The EU visibility rule sets: FSE 2014-2020 and FSE+ 2021-2027.

Identifiers, sources and confidence come from ``eu-visibility.md``: rules read
in a published text (C) or its German official version (C-de) are errors;
recalled (R), derived (D) and guidance-level (G-*) rules are warnings unless
the project asks for strict checks.  The emblem itself is drawn by dladocs from
its official geometry and placed on every slide and page by default.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from dladocs.hookspecs import hookimpl
from dladocs.types import (
    CheckState,
    DocumentType,
    Logo,
    Region,
    Requirement,
    Rule,
    RuleSet,
    Scope,
    Severity,
    Violation,
)

R821 = "Règlement d'exécution (UE) n° 821/2014"
R1303 = "Règlement (UE) n° 1303/2013"
R1060 = "Règlement (UE) 2021/1060"
GUIDE = "Commission européenne, « The use of the EU emblem in the context of EU programmes », 2012"
EMBLEM = (
    "Normes graphiques de l'emblème européen (Règl. 821/2014 annexe II, 2021/1060 annexe IX § 1.9)"
)


def _severity(confidence: str) -> Severity:
    return "error" if confidence.split(maxsplit=1)[0] in ("C", "C-de") else "warning"


def _rule(rule_id: str, title: str, source: str, confidence: str) -> Rule:
    return Rule(rule_id, title, source, confidence, _severity(confidence))


RULES_2014 = (
    _rule(
        "E14-01",
        "La référence au fonds figure à côté de l'emblème",
        f"{R1303}, annexe XII, § 2.2, point 1",
        "R",
    ),
    _rule(
        "E14-02",
        "La mention du soutien du FSE figure dans le document",
        f"{R1303}, annexe XII, § 2.2, point 3",
        "R",
    ),
    _rule("E14-03", "L'emblème est en couleur", f"{R821}, article 4, § 1", "C"),
    _rule(
        "E14-04",
        "L'emblème figure, bien visible, sur chaque page",
        f"{R821}, article 4, § 2 ; cahier des charges, § 5",
        "C",
    ),
    _rule(
        "E14-07",
        "« Union européenne » est écrit en toutes lettres",
        f"{R821}, article 4, § 4",
        "C-de",
    ),
    _rule("E14-08", "Police autorisée pour la mention", f"{R821}, article 4, § 4", "C-de"),
    _rule("E14-09", "Ni italique, ni soulignement, ni effet", f"{R821}, article 4, § 4", "C-de"),
    _rule("E14-10", "La mention ne chevauche pas l'emblème", f"{R821}, article 4, § 4", "C-de"),
    _rule(
        "E14-11",
        "Taille de la mention proportionnée à l'emblème",
        f"{R821}, article 4, § 4 (seuil dladocs)",
        "D",
    ),
    _rule(
        "E14-12",
        "Couleur de la mention : bleu Reflex, noir ou blanc",
        f"{R821}, article 4, § 4",
        "C-de",
    ),
    _rule(
        "E14-13",
        "L'emblème est au moins aussi grand que le plus grand autre logo",
        f"{R821}, article 4, § 5",
        "C-de",
    ),
    _rule(
        "E14-14",
        "L'emblème respecte les normes graphiques (3:2, non modifié)",
        f"{R821}, article 3 et annexe II",
        "C",
    ),
    _rule("G-01", "Hauteur minimale de l'emblème : 1 cm", GUIDE, "G-01 R"),
)

RULES_2021 = (
    _rule(
        "E21-02",
        "La mention du soutien de l'UE figure dans le document",
        f"{R1060}, article 50, § 1, point b",
        "C-de",
    ),
    _rule(
        "E21-03",
        "L'emblème figure, bien visible, sur chaque page",
        f"{R1060}, annexe IX, point 1.1 ; cahier des charges, § 5",
        "C-de",
    ),
    _rule(
        "E21-04",
        "« Cofinancé par l'Union européenne » en toutes lettres, à côté de l'emblème",
        f"{R1060}, annexe IX, point 1.2",
        "C-de",
    ),
    _rule("E21-05", "Police autorisée pour la mention", f"{R1060}, annexe IX, point 1.3", "C-de"),
    _rule(
        "E21-06", "Ni italique, ni soulignement, ni effet", f"{R1060}, annexe IX, point 1.3", "C-de"
    ),
    _rule(
        "E21-07", "La mention ne chevauche pas l'emblème", f"{R1060}, annexe IX, point 1.4", "C-de"
    ),
    _rule(
        "E21-08",
        "Taille de la mention proportionnée à l'emblème",
        f"{R1060}, annexe IX, point 1.5 (seuil dladocs)",
        "D",
    ),
    _rule(
        "E21-09",
        "Couleur de la mention : bleu Reflex, noir ou blanc",
        f"{R1060}, annexe IX, point 1.6",
        "C-de",
    ),
    _rule(
        "E21-10", "L'emblème n'est ni modifié ni fusionné", f"{R1060}, annexe IX, point 1.7", "C-de"
    ),
    _rule(
        "E21-11",
        "L'emblème est au moins aussi grand que le plus grand autre logo",
        f"{R1060}, annexe IX, point 1.7",
        "C-de",
    ),
    _rule(
        "E21-14",
        "Emblème en couleur, ou en noir et blanc",
        "DREETS Bretagne, obligations de communication FSE+",
        "C-2nd",
    ),
    _rule("G-01", "Hauteur minimale de l'emblème : 1 cm", GUIDE, "G-01 R"),
)


def _patterns() -> dict[str, Any]:
    from dladocs.rules import UNION, Wording

    fund = re.compile(
        r"fonds\s+social\s+europeen|european\s+social\s+fund|(?<![a-z])(fse|esf)(?![a-z])"
    )
    wording_2014 = Wording(
        required=(UNION,),
        required_label="« Union européenne »",
        fund=fund,
        statement=re.compile(
            r"fonds\s+social\s+europeen|european\s+social\s+fund|(?<![a-z])(fse|esf)\+?(?![a-z])"
        ),
        page_statement=re.compile(
            r"(cofinanc|co-financ|financ\w*\s+par|soutenu\w*\s+par|soutien|concours|co-?funded"
            r"|funded\s+by|supported\s+by)[^.]{0,80}(fonds\s+social\s+europeen|(?<![a-z])fse\+?"
            r"(?![a-z])|union\s+europeenne|european\s+(social\s+fund|union))"
        ),
        ids={
            "presence": "E14-04",
            "union": "E14-07",
            "fund": "E14-01",
            "statement": "E14-02",
            "font": "E14-08",
            "style": "E14-09",
            "overlap": "E14-10",
            "text_size": "E14-11",
            "colour": "E14-12",
            "relative_size": "E14-13",
            "modified": "E14-14",
            "recoloured": "E14-03",
            "colours": "E14-03",
            "min_height": "G-01",
        },
    )
    # « Cofinancé par l'Union européenne », « Financé par... », or the English wording
    # (« Co-funded by the European Union ») that Annex IX, point 1.2 gives.
    funded_2021 = re.compile(
        r"(co-?)?finance\s+par\s+l'?\s*union\s+europeenne"
        r"|(co-?)?funded\s+by\s+the\s+european\s+union"
    )
    wording_2021 = Wording(
        required=(funded_2021,),
        required_label="« Cofinancé par l'Union européenne »",
        fund=None,
        statement=funded_2021,
        statement_example="« Cofinancé par l'Union européenne »",
        ids={
            "presence": "E21-03",
            "union": "E21-04",
            "fund": "E21-04",
            "statement": "E21-02",
            "font": "E21-05",
            "style": "E21-06",
            "overlap": "E21-07",
            "text_size": "E21-08",
            "colour": "E21-09",
            "relative_size": "E21-11",
            "modified": "E21-10",
            "recoloured": "E21-10",
            "colours": "E21-14",
            "min_height": "G-01",
        },
    )
    return {"fse-2014-2020": wording_2014, "fse-plus-2021-2027": wording_2021}


def _check(rule_set_id: str, state: CheckState) -> list[Violation]:
    from dladocs.rules import check_eu_block

    return check_eu_block(state, RULE_SETS[rule_set_id], _patterns()[rule_set_id])


RULE_SETS = {
    "fse-2014-2020": RuleSet(
        id="fse-2014-2020",
        title="FSE 2014-2020 (Règl. 1303/2013 et 821/2014)",
        rules=RULES_2014,
        check=functools.partial(_check, "fse-2014-2020"),
        band_lines=("UNION EUROPÉENNE", "Fonds social européen"),
        fund="Fonds social européen (FSE)",
        statement="Ce projet est cofinancé par le Fonds social européen dans le cadre du {programme}.",
        description="Programmes opérationnels 2014-2020 du Fonds social européen, dont le PON « Emploi et Inclusion ».",
    ),
    "fse-plus-2021-2027": RuleSet(
        id="fse-plus-2021-2027",
        title="FSE+ 2021-2027 (Règl. 2021/1060, annexe IX)",
        rules=RULES_2021,
        check=functools.partial(_check, "fse-plus-2021-2027"),
        band_lines=("Cofinancé par", "l'Union européenne"),
        fund="Fonds social européen plus (FSE+)",
        statement="Cofinancé par l'Union européenne — {programme}.",
        description="Programmes 2021-2027 du Fonds social européen plus (FSE+).",
    ),
}


@hookimpl(trylast=True)
def dladocs_rule_sets() -> list[RuleSet]:
    return list(RULE_SETS.values())


@hookimpl(trylast=True)
def dladocs_logos(project: Any, region: Region) -> list[Logo]:
    return [
        Logo(
            id="eu-emblem",
            label="Emblème de l'Union européenne",
            alt="Emblème de l'Union européenne : drapeau bleu à douze étoiles jaunes",
            role="eu-emblem",
        )
    ]


@hookimpl
def dladocs_requirements(
    document: DocumentType, project: Any, region: Region | None
) -> list[Requirement]:
    """The EU emblem on every slide and page (pages get separated), or on the cover if the project says so."""
    scope: Scope = "every-surface"
    if project is not None and project.verification.emblem == "couverture" and not document.proof:
        scope = "cover"
    requirements = [Requirement("eu-emblem", scope, "presence", "emblème de l'Union européenne")]
    statement_scope: Scope = "every-surface" if document.form or document.proof else "document"
    requirements.append(
        Requirement("eu-statement", statement_scope, "statement", "mention du cofinancement")
    )
    return requirements
