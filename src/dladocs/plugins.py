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
            raise DladocsError(
                f"un plugin dladocs installé n'a pas pu être chargé : {exc}. "
                "Désinstallez-le ou corrigez-le (pip uninstall <nom>)."
            ) from exc
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    # A hook implementation whose name matches no spec (a typo) fails here, loudly.
    pm.check_pending()
    return pm


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
        rows.append(
            {
                "name": dist.project_name if dist is not None else name,
                "module": name,
                "version": dist.version if dist is not None else _own_version(builtin),
                "builtin": builtin,
                "hooks": hooks,
            }
        )
    return sorted(rows, key=lambda row: (row["builtin"], row["name"]))


def _own_version(builtin: bool) -> str | None:
    if not builtin:
        return None
    from dladocs import __version__

    return __version__


def plugin_versions(pm: pluggy.PluginManager) -> dict[str, str]:
    """Name → version of every plugin, for the inputs hash of incremental builds."""
    return {row["module"]: str(row["version"]) for row in plugin_listing(pm, include_builtins=True)}


# --------------------------------------------------------------------------- collectors


def get_documents(pm: pluggy.PluginManager) -> dict[str, DocumentType]:
    """Every registered document type by id; a duplicate id is an error."""
    documents: dict[str, DocumentType] = {}
    for answer in pm.hook.dladocs_document_types():
        for document in answer or ():
            if document.id in documents:
                raise DladocsError(
                    f"deux plugins déclarent le document « {document.id} » ; "
                    "un plugin qui veut changer son apparence doit passer par dladocs_template."
                )
            documents[document.id] = document
    return dict(sorted(documents.items(), key=lambda item: item[1].annex_order))


def get_regions(pm: pluggy.PluginManager) -> dict[str, Region]:
    """Every region by code, the answers of all plugins merged (first value wins)."""
    merged: dict[str, Region] = {}
    for answer in pm.hook.dladocs_regions():
        for region in answer or ():
            merged[region.code] = (
                _merge_region(merged[region.code], region) if region.code in merged else region
            )
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
    from dladocs.types import PLACEHOLDER_ALT

    logos: dict[str, Logo] = {}
    for answer in pm.hook.dladocs_logos(project=project, region=region):
        for logo in answer or ():
            if logo.id in logos:
                continue
            if logo.path is None and logo.role != "eu-emblem" and PLACEHOLDER_ALT not in logo.alt:
                logo = replace(logo, alt=f"{logo.alt} ({PLACEHOLDER_ALT})")
            logos[logo.id] = logo
    return logos


def get_rule_sets(pm: pluggy.PluginManager) -> dict[str, RuleSet]:
    rule_sets: dict[str, RuleSet] = {}
    for answer in pm.hook.dladocs_rule_sets():
        for rule_set in answer or ():
            rule_sets.setdefault(rule_set.id, rule_set)
    return rule_sets


def get_requirements(
    pm: pluggy.PluginManager,
    document: DocumentType,
    project: Project | None,
    region: Region | None,
) -> list[Requirement]:
    requirements: list[Requirement] = []
    for answer in pm.hook.dladocs_requirements(document=document, project=project, region=region):
        for requirement in answer or ():
            if requirement not in requirements:
                requirements.append(requirement)
    return requirements


def get_template(
    pm: pluggy.PluginManager, document: DocumentType, fmt: str, project: Project, region: Region
) -> Path | None:
    result = pm.hook.dladocs_template(document=document, fmt=fmt, project=project, region=region)
    return Path(result) if result is not None else None


def amend_context(
    pm: pluggy.PluginManager,
    document: DocumentType,
    project: Project,
    region: Region,
    context: dict[str, Any],
) -> None:
    pm.hook.dladocs_context(document=document, project=project, region=region, context=context)


def run_checks(
    pm: pluggy.PluginManager,
    document: DocumentType | None,
    inspection: Inspection,
    project: Project | None,
) -> list[Violation]:
    violations: list[Violation] = []
    for answer in pm.hook.dladocs_checks(document=document, inspection=inspection, project=project):
        violations.extend(answer or ())
    return violations


def iter_hook_names() -> Iterable[str]:
    """The names of every hook spec (docs and tests check each is documented and exercised)."""
    return sorted(name for name in dir(hookspecs) if name.startswith("dladocs_"))
