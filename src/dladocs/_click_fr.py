"""French for the messages that click writes itself: usage errors and the help layout.

click marks its messages for translation (``_("Usage:")``) with the standard
``gettext`` functions, bound in each of its modules.  :func:`install` points
those names at the catalogue below, so that ``dladocs --bogus`` answers in the
language of the rest of the command.  A message click adds in a later version
stays in English: the catalogue only translates what it knows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

# click's message templates → French, with the same {placeholders}.
MESSAGES = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Pour l'aide : « {command} {option} ».",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "Aborted!": "Interrompu.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing command.": "Commande manquante.",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "argument": "argument",
    "option": "option",
    "parameter": "paramètre",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "No such option: {name}": "Option inconnue : {name}",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Invalid start character for option ({option})": (
        "Caractère initial invalide pour une option ({option})"
    ),
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "integer": "entier",
    "float": "nombre",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} n'est pas un booléen valide. Valeurs reconnues : {states}"
    ),
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} n'est pas lisible.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} n'est pas modifiable.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} n'est pas exécutable.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "Could not open file {filename!r}: {message}": (
        "Impossible d'ouvrir le fichier {filename!r} : {message}"
    ),
    "unknown error": "erreur inconnue",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "(dynamic)": "(dynamique)",
    "deprecated": "obsolète",
    "Choose from:\n\t{choices}": "Choisir parmi :\n\t{choices}",
}

PLURALS = {
    "Got unexpected extra argument ({args})": (
        "Argument en trop ({args})",
        "Arguments en trop ({args})",
    ),
    "Did you mean {possibility}?": (
        "Vouliez-vous dire {possibility} ?",
        "(Vouliez-vous dire l'une de ces options : {possibilities} ?)",
    ),
    "Option {name!r} requires an argument.": (
        "L'option {name!r} attend une valeur.",
        "L'option {name!r} attend {nargs} valeurs.",
    ),
    "{value!r} is not {choice}.": (
        "{value!r} n'est pas {choice}.",
        "{value!r} n'est pas l'une des valeurs {choices}.",
    ),
    "Takes {nargs} values but 1 was given.": (
        "Attend {nargs} valeurs mais 1 a été donnée.",
        "Attend {nargs} valeurs mais {len} ont été données.",
    ),
}

_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
)


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    if singular in PLURALS:
        one, many = PLURALS[singular]
        # French puts 0 and 1 in the singular.
        return one if count <= 1 else many
    return singular if count == 1 else plural


def install() -> None:
    """Make click speak French (idempotent)."""
    names: dict[str, Callable[..., str]] = {"_": gettext, "ngettext": ngettext}
    for name in _MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # a module a later click version dropped
            continue
        for attribute, function in names.items():
            if hasattr(module, attribute):
                setattr(module, attribute, function)
