"""The fiche pratique's parts that come from the content modules of the sequence.

The questions and answers by theme, the real cases, the resources (every
``Source :`` line of the modules included, so that each figure of the deck can
be checked from the fiche) and the glossary: the fiche and the deck say the
same thing because they read the same files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from dladocs import typography as ty
from dladocs.content import Module, fiche_parts

_URL = re.compile(r"https?://[^\s,;»)]+")


def add_questions(groups: dict[str, list[dict[str, str]]], modules: Sequence[Module]) -> None:
    """Append the modules' ``questions`` parts (``## Thème``, ``### Question ?``, answer)."""
    for part in fiche_parts(modules, "questions"):
        for section in part.sections:
            theme = ty.fr(section.heading or "Questions fréquentes")
            for question in section.children:
                answer = " ".join(question.paragraphs + [i.text for i in question.items])
                groups.setdefault(theme, []).append(
                    {"question": ty.fr(question.heading), "reponse": ty.fr(answer)}
                )


def cases(modules: Sequence[Module]) -> list[dict[str, str]]:
    """Real, named cases (``retours``): ``## Structure (ville)``, a paragraph, a source."""
    found = []
    for part in fiche_parts(modules, "retours"):
        for section in part.sections:
            found.append(
                {
                    "titre": ty.fr("Retour d'expérience"),
                    "structure": ty.fr(section.heading),
                    "texte": ty.fr(" ".join(section.paragraphs + [i.text for i in section.items])),
                    "source": ty.fr(
                        " ; ".join(s.split(":", 1)[1].strip() for s in section.sources)
                    ),
                }
            )
    return found


def resources(modules: Sequence[Module]) -> list[dict[str, str]]:
    """The ``ressources`` bullets, then every source line of the modules, each address once."""
    found: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(name: str, description: str, link: str) -> None:
        key = link or name
        if key in seen:
            return
        seen.add(key)
        found.append({"nom": ty.fr(name), "description": ty.fr(description), "lien": link})

    for part in fiche_parts(modules, "ressources"):
        for item in part.items + [i for s in part.sections for i in s.items]:
            link = item.links[0] if item.links else None
            if link is not None:
                description = item.text.removeprefix(link.text).strip().lstrip(":—–-").strip()
                add(link.text, description, link.url)
            else:
                add(item.strong or item.text, item.rest, "")
    for module in modules:
        for source in module.sources():
            add(*_citation(source))
    return found


def _citation(source: str) -> tuple[str, str, str]:
    """``Source : Organisme, « titre », date, URL`` → (organisme, « titre », date ; URL)."""
    text = source.split(":", 1)[1].strip() if ":" in source else source
    match = _URL.search(text)
    link = match.group(0).rstrip(".") if match else ""
    rest = _URL.sub("", text).strip().rstrip(",;. ").strip()
    name, _, description = rest.partition(",")
    return name.strip(), (description.strip() or "source citée dans le support"), link


def glossary(modules: Sequence[Module]) -> list[dict[str, Any]]:
    """``- **Terme** : définition`` bullets, in alphabetical order, each term once."""
    terms: dict[str, str] = {}
    for part in fiche_parts(modules, "glossaire"):
        for item in part.items + [i for s in part.sections for i in s.items]:
            term = item.strong or item.text
            terms.setdefault(term, item.rest)
    return [
        {"terme": ty.fr(term), "definition": ty.fr(definition)}
        for term, definition in sorted(terms.items(), key=lambda kv: kv[0].lower())
    ]
