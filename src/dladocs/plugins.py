"""The plugin manager and the typed functions through which the pipeline calls hooks.

Hooks are only ever called from the small collector functions below, never as
``pm.hook.x(...)`` elsewhere, so that every answer is checked and merged in
one place.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from dladocs import hookspecs
from dladocs.errors import DladocsError
from dladocs.regions import add_department_source

if TYPE_CHECKING:
    from dladocs.project import Project
    from dladocs.types import (
        Department,
        DocumentType,
        Inspection,
        Logo,
        Region,
        Requirement,
        RuleSet,
        Violation,
    )

ENTRY_POINT_GROUP = "dladocs"

# Built-in behaviour, registered exactly like third-party plugins.
DEFAULT_PLUGINS = (
    "dladocs.default_plugins.documents",
    "dladocs.default_plugins.templates",
    "dladocs.default_plugins.fse",
    "dladocs.default_plugins.avise_dla",
    "dladocs.default_plugins.regions_fr",
    "dladocs.default_plugins.methodology",
    "dladocs.default_plugins.layout",
    "dladocs.default_plugins.report_checks",
    "dladocs.default_plugins.content_pack",
    "dladocs.default_plugins.readability",
)

_manager: pluggy.PluginManager | None = None


def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager: specs, entry points, built-ins, then ``check_pending``.

    Set ``DLADOCS_NO_ENTRY_POINTS=1`` to load only the built-ins (tests of the
    core use it so that installed plugins cannot change their outcome).
    """
    global _manager
    if _manager is None:
        _manager = _new_plugin_manager()
    return _manager


def reset_plugin_manager() -> None:
    """Forget the cached manager (tests, and the testing kit, register throw-away plugins)."""
    global _manager
    _manager = None


def _new_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("dladocs")
    pm.add_hookspecs(hookspecs)
    if not os.environ.get("DLADOCS_NO_ENTRY_POINTS"):
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as exc:  # a broken third-party plugin must not look like our bug
            raise DladocsError(_load_failure(exc)) from exc
        for plugin in pm.get_plugins():
            check_decorated(pm, plugin)
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    # A hook implementation whose name matches no spec (a typo) fails here, loudly.
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise DladocsError(_validation_failure(pm, exc)) from None
    return pm


def check_decorated(pm: pluggy.PluginManager, plugin: object) -> None:
    """Refuse a plugin with a ``dladocs_*`` function left without ``@dladocs.hookimpl``.

    pluggy calls only decorated functions: an undecorated ``dladocs_regions``
    would be ignored in silence, as a misspelt hook would.  Like pytest with its
    ``pytest_*`` functions, dladocs treats the prefix as a promise.  Only the
    plugin's own functions count (not names it imported).
    """
    import difflib
    import inspect

    module = plugin.__name__ if inspect.ismodule(plugin) else type(plugin).__module__
    for name in dir(plugin):
        if not name.startswith("dladocs_"):
            continue
        function = getattr(plugin, name, None)
        if not callable(function) or getattr(function, "__module__", None) != module:
            continue
        if pm.parse_hookimpl_opts(plugin, name) is not None:
            continue
        known = list(iter_hook_names())
        guess = difflib.get_close_matches(name, known, n=1)
        hint = f" (vouliez-vous dire « {guess[0]} » ?)" if guess and guess[0] != name else ""
        raise DladocsError(
            f"le plugin « {_plugin_name(pm, plugin)} » définit « {name} »{hint} sans le "
            "décorateur @dladocs.hookimpl : dladocs ne l'appellerait jamais. Ajoutez "
            "@dladocs.hookimpl au-dessus de la fonction, ou renommez-la si ce n'est pas un hook."
        )


def _load_failure(exc: Exception) -> str:
    """Name the installed plugin that cannot be loaded (pluggy's error does not say which)."""
    from importlib.metadata import entry_points

    culprit = "un plugin dladocs installé"
    uninstall = "<nom>"
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            entry.load()
        except Exception:
            dist = getattr(entry, "dist", None)
            uninstall = dist.name if dist is not None else entry.name
            culprit = f"le plugin « {uninstall} » ({entry.value})"
            break
    return (
        f"{culprit} n'a pas pu être chargé : {type(exc).__name__} : {exc}. "
        f"Corrigez-le ou désinstallez-le (pip uninstall {uninstall})."
    )


def _validation_failure(pm: pluggy.PluginManager, exc: pluggy.PluginValidationError) -> str:
    """A misspelt hook, said with the plugin, the name and the likely intended hook."""
    import difflib

    known = list(iter_hook_names())
    for name in dir(pm.hook):
        caller = getattr(pm.hook, name, None)
        if name.startswith("_") or caller is None or getattr(caller, "spec", True) is not None:
            continue
        for impl in caller.get_hookimpls():
            guess = difflib.get_close_matches(name, known, n=1)
            hint = f" ; vouliez-vous dire « {guess[0]} » ?" if guess else ""
            return (
                f"le plugin « {_plugin_name(pm, impl.plugin)} » implémente « {name} », qui n'est "
                f"pas un hook de dladocs{hint} (hooks possibles : {', '.join(known)})."
            )
    return f"un plugin dladocs est invalide : {exc}"


def _plugin_name(pm: pluggy.PluginManager, plugin: object) -> str:
    for candidate, dist in pm.list_plugin_distinfo():
        if candidate is plugin:
            return str(dist.project_name)
    return pm.get_name(plugin) or repr(plugin)


def plugin_listing(pm: pluggy.PluginManager, *, include_builtins: bool) -> list[dict[str, Any]]:
    """Plugins with their distribution version and the hooks each implements."""
    dists = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    rows: list[dict[str, Any]] = []
    for plugin in pm.get_plugins():
        name = pm.get_name(plugin) or repr(plugin)
        builtin = name in DEFAULT_PLUGINS
        if builtin and not include_builtins:
            continue
        dist = dists.get(id(plugin))
        hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])
        row = {
            "name": dist.project_name if dist is not None else name,
            "module": name,
            "version": dist.version if dist is not None else _own_version(builtin),
            "builtin": builtin,
            "hooks": hooks,
        }
        if "dladocs_content_packs" in hooks:
            row["packs"] = _packs_of(plugin)
        rows.append(row)
    return sorted(rows, key=lambda row: (row["builtin"], row["name"]))


def _packs_of(plugin: Any) -> list[dict[str, Any]]:
    """The content packs ``plugin`` ships, with their modules (``dladocs plugins``)."""
    from dladocs.content._model import ContentPack, describe

    try:
        answer = plugin.dladocs_content_packs()
    except Exception as exc:  # the listing says which plugin fails instead of failing itself
        return [{"nom": "?", "erreur": f"{type(exc).__name__} : {exc}"}]
    return [describe(pack) for pack in answer or [] if isinstance(pack, ContentPack)]


def _own_version(builtin: bool) -> str | None:
    if not builtin:
        return None
    from dladocs._version import __version__

    return __version__


def plugin_versions(pm: pluggy.PluginManager) -> dict[str, str]:
    """Name → version of every plugin, for the inputs hash of incremental builds."""
    return {row["module"]: str(row["version"]) for row in plugin_listing(pm, include_builtins=True)}


def plugin_code_hashes(pm: pluggy.PluginManager) -> dict[str, str]:
    """Module → hash of the installed plugins' code and templates (see :mod:`dladocs._pluginhash`).

    Part of every document's inputs key: editing a plugin (an editable
    install keeps its version) rebuilds what it makes.
    """
    import inspect

    from dladocs._pluginhash import content_hash

    hashes: dict[str, str] = {}
    for plugin in pm.get_plugins():
        name = pm.get_name(plugin) or ""
        if name in DEFAULT_PLUGINS:
            continue
        module = plugin.__name__ if inspect.ismodule(plugin) else type(plugin).__module__
        hashes[module] = content_hash(module)
    return dict(sorted(hashes.items()))


# --------------------------------------------------------------------------- collectors


def _answers(pm: pluggy.PluginManager, hook: str, expected: type, **kwargs: Any) -> list[Any]:
    """Every item the plugins return for ``hook``, each checked to be an ``expected``.

    A plugin that raises, or returns something else than a list of
    ``expected``, is named in a French error: pluggy's own traceback would not
    say which of the installed plugins is at fault.
    """
    answers = _guarded(pm, hook, **kwargs)
    items: list[Any] = []
    for answer in answers:
        if answer is None:
            continue
        if isinstance(answer, expected) or not isinstance(answer, list | tuple):
            bad = answer
        else:
            items.extend(answer)
            bad = next((item for item in answer if not isinstance(item, expected)), None)
            if bad is None:
                continue
        raise DladocsError(
            f"{_returned_by(pm, hook, answer, kwargs)} renvoie {bad!r} dans le hook {hook} : "
            f"une liste de {expected.__name__} est attendue (voir docs/hooks.md)."
        )
    return items


def _guarded(pm: pluggy.PluginManager, hook: str, **kwargs: Any) -> Any:
    """Call ``hook``; a plugin that raises is named in a French error (exit code 2).

    Every call into plugin code goes through here (or :func:`guarded_call`):
    an exception in a plugin is the plugin's fault, not « a funder rule is
    broken » (exit code 1), and pluggy's traceback would not say which plugin.
    """
    caller = getattr(pm.hook, hook)
    try:
        return caller(**kwargs)
    except DladocsError:
        raise  # already a message for the user
    except Exception as exc:
        raise DladocsError(
            f"{_culprit(pm, hook, exc)} a échoué dans le hook {hook} : {type(exc).__name__} : "
            f"{exc}. Corrigez ou désinstallez ce plugin."
        ) from exc


def guarded_call(
    pm: pluggy.PluginManager, document: DocumentType, what: str, function: Any, *args: Any
) -> Any:
    """Call a function a plugin gave with its document (context builder, renderer), guarded.

    ``what`` names it for the message (« la fonction de contexte »); the plugin
    is the one that registered ``document``.
    """
    try:
        return function(*args)
    except DladocsError:
        raise
    except Exception as exc:
        owners = " et ".join(_declaring(pm, document.id))
        raise DladocsError(
            f"le plugin {owners} a échoué dans {what} du document « {document.id} » "
            f"(hook dladocs_document_types) : {type(exc).__name__} : {exc}. Corrigez ou "
            "désinstallez ce plugin."
        ) from exc


def _culprit(pm: pluggy.PluginManager, hook: str, exc: BaseException) -> str:
    """The plugin whose code the exception went through (innermost first)."""
    import inspect
    import traceback

    files = {}
    for impl in getattr(pm.hook, hook).get_hookimpls():
        try:
            files[inspect.getfile(impl.function)] = impl.plugin
        except TypeError:
            continue
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename in files:
            return f"le plugin « {_plugin_name(pm, files[frame.filename])} »"
    return "un plugin"


def _returned_by(pm: pluggy.PluginManager, hook: str, answer: Any, kwargs: dict[str, Any]) -> str:
    """Which plugin gave ``answer``: each implementation is asked again, alone."""
    for impl in getattr(pm.hook, hook).get_hookimpls():
        try:
            mine = impl.function(**{name: kwargs[name] for name in impl.argnames})
        except Exception:
            continue
        if mine is answer or mine == answer:
            return f"le plugin « {_plugin_name(pm, impl.plugin)} »"
    return "un plugin"


def get_documents(pm: pluggy.PluginManager) -> dict[str, DocumentType]:
    """Every registered document type by id; a duplicate id is an error."""
    from dladocs.types import DocumentType

    documents: dict[str, DocumentType] = {}
    for document in _answers(pm, "dladocs_document_types", DocumentType):
        if document.id in documents:
            owners = _declaring(pm, document.id)
            raise DladocsError(
                f"deux plugins déclarent le document « {document.id} » ({' et '.join(owners)}) ; "
                "un plugin qui veut changer son apparence doit passer par dladocs_template."
            )
        documents[document.id] = document
    return dict(sorted(documents.items(), key=lambda item: item[1].annex_order))


def _declaring(pm: pluggy.PluginManager, document_id: str) -> list[str]:
    owners = []
    for impl in pm.hook.dladocs_document_types.get_hookimpls():
        try:
            answer: Any = impl.function()
        except Exception:
            continue
        if any(getattr(d, "id", None) == document_id for d in answer or ()):
            owners.append(f"« {_plugin_name(pm, impl.plugin)} »")
    return owners or ["?"]


def get_content_packs(pm: pluggy.PluginManager) -> list[Any]:
    """Every content pack, in the order modules are searched; a duplicate name is an error."""
    from dladocs.content._model import ContentPack

    packs: list[ContentPack] = []
    for pack in _answers(pm, "dladocs_content_packs", ContentPack):
        if any(other.name == pack.name for other in packs):
            raise DladocsError(
                f"deux plugins déclarent le pack de contenus « {pack.name} » : désinstallez l'un d'eux"
            )
        packs.append(pack)
    return packs


def get_regions(pm: pluggy.PluginManager) -> dict[str, Region]:
    """Every region by code, the answers of all plugins merged (first value wins)."""
    from dladocs.regions import slugify
    from dladocs.types import Region

    merged: dict[str, Region] = {}
    for region in _answers(pm, "dladocs_regions", Region):
        merged[region.code] = (
            _merge_region(merged[region.code], region) if region.code in merged else region
        )
    for code, region in merged.items():
        if not region.name:
            raise DladocsError(
                f"la région « {code} » n'est connue que par son code : le plugin qui l'ajoute doit "
                "lui donner un nom (Region(code=..., name=...))."
            )
        if not region.slug:
            merged[code] = replace(region, slug=slugify(region.name))
    return dict(sorted(merged.items()))


def _merge_region(first: Region, later: Region) -> Region:
    departments: dict[str, Department] = {d.code: d for d in first.departments}
    for department in later.departments:
        known = departments.get(department.code)
        if known is None:
            departments[department.code] = department
        elif known.porteur is None and department.porteur is not None:
            departments[department.code] = replace(known, porteur=department.porteur)
    ordered = sorted(departments.values(), key=lambda d: _department_sort_key(d.code))
    return replace(
        first,
        name=first.name or later.name,
        slug=first.slug or later.slug,
        departments=tuple(ordered),
        overseas=first.overseas or later.overseas,
        porteur=first.porteur or later.porteur,
        logos=first.logos
        + tuple(logo for logo in later.logos if logo.id not in {x.id for x in first.logos}),
        context=first.context + tuple(t for t in later.context if t not in first.context),
        sources=first.sources + tuple(s for s in later.sources if s not in first.sources),
    )


def _department_sort_key(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 0, code)


def get_logos(pm: pluggy.PluginManager, project: Project, region: Region) -> dict[str, Logo]:
    """Logo assets by id; the first plugin called that gives an id wins.

    A logo without a file (other than the EU emblem, which dladocs draws) is
    placed as a placeholder: its alt text says so, for readers and for the
    check that reports placeholders left in a document.
    """
    from dladocs.types import PLACEHOLDER_ALT, Logo

    logos: dict[str, Logo] = {}
    for logo in _answers(pm, "dladocs_logos", Logo, project=project, region=region):
        if logo.id in logos:
            continue
        if logo.path is None and logo.role != "eu-emblem" and PLACEHOLDER_ALT not in logo.alt:
            logo = replace(logo, alt=f"{logo.alt} ({PLACEHOLDER_ALT})")
        logos[logo.id] = logo
    return logos


def get_rule_sets(pm: pluggy.PluginManager) -> dict[str, RuleSet]:
    from dladocs.types import RuleSet

    rule_sets: dict[str, RuleSet] = {}
    for rule_set in _answers(pm, "dladocs_rule_sets", RuleSet):
        rule_sets.setdefault(rule_set.id, rule_set)
    return rule_sets


def get_requirements(
    pm: pluggy.PluginManager,
    document: DocumentType,
    project: Project | None,
    region: Region | None,
) -> list[Requirement]:
    from dladocs.types import Requirement

    requirements: list[Requirement] = []
    for requirement in _answers(
        pm, "dladocs_requirements", Requirement, document=document, project=project, region=region
    ):
        if requirement not in requirements:
            requirements.append(requirement)
    return requirements


def get_template(
    pm: pluggy.PluginManager, document: DocumentType, fmt: str, project: Project, region: Region
) -> Path | None:
    result = _guarded(
        pm, "dladocs_template", document=document, fmt=fmt, project=project, region=region
    )
    if result is None:
        return None
    if not isinstance(result, str | Path):
        raise DladocsError(
            f"{_returned_by(pm, 'dladocs_template', result, {'document': document, 'fmt': fmt, 'project': project, 'region': region})} "
            f"renvoie {result!r} dans le hook dladocs_template : un chemin (Path) ou None est "
            "attendu (voir docs/hooks.md)."
        )
    return Path(result)


def amend_context(
    pm: pluggy.PluginManager,
    document: DocumentType,
    project: Project,
    region: Region,
    context: dict[str, Any],
) -> None:
    _guarded(
        pm, "dladocs_context", document=document, project=project, region=region, context=context
    )


def run_checks(
    pm: pluggy.PluginManager,
    document: DocumentType | None,
    inspection: Inspection,
    project: Project | None,
    region: Region | None = None,
) -> list[Violation]:
    from dladocs.types import Violation

    return _answers(
        pm,
        "dladocs_checks",
        Violation,
        document=document,
        inspection=inspection,
        project=project,
        region=region,
    )


def iter_hook_names() -> Iterable[str]:
    """The names of every hook spec (docs and tests check each is documented and exercised)."""
    return sorted(name for name in dir(hookspecs) if name.startswith("dladocs_"))


def plugin_department_codes() -> frozenset[str]:
    """The department codes of every region the plugins give (built-in and installed, merged).

    A plugin may add a region with its own departments (a regional variant, an
    overseas collectivity): its participants are valid.
    """
    regions = get_regions(get_plugin_manager())
    return frozenset(d.code for r in regions.values() for d in r.departments)


add_department_source(plugin_department_codes)
