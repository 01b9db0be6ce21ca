# mypy: disable-error-code="empty-body"
"""The hooks a dladocs plugin can implement.

Each docstring here is the reference documentation of its hook (``docs/hooks.md``
shows an example of each).  Plugins implement them with ``@dladocs.hookimpl``.
Built-in behaviour is registered exactly like a third-party plugin, with
``trylast=True`` where it is a fallback, so that installed plugins win.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from dladocs.content import ContentPack
    from dladocs.project import Project
    from dladocs.types import (
        DocumentType,
        Inspection,
        Logo,
        Region,
        Requirement,
        RuleSet,
        Violation,
    )

hookspec = pluggy.HookspecMarker("dladocs")
hookimpl = pluggy.HookimplMarker("dladocs")


@hookspec
def dladocs_document_types() -> list[DocumentType]:
    """Register kinds of deliverable.

    Return a list of :class:`dladocs.types.DocumentType`.  Every registered
    document is planned, rendered, verified and listed like the built-ins
    (``deck``, ``fiche``, ``grille``, ``rapport``).  Two plugins registering
    the same id is an error, so that one cannot silently replace another:
    change a built-in document's look with ``dladocs_template`` instead.
    """


@hookspec
def dladocs_regions() -> list[Region]:
    """Register regions (or any regional variant) and what is known of their DLA.

    Return a list of :class:`dladocs.types.Region`.  Entries with the same
    ``code`` are merged: the built-in plugin supplies the geography (name,
    departments), other plugins supply *porteurs*, logos and context.  For each
    field, the first plugin called that gives a value wins (plugins installed
    later are called first; the built-ins last).  Departments are merged by code.
    """


@hookspec
def dladocs_logos(project: Project, region: Region) -> list[Logo]:
    """Provide the logo assets that a build of ``project`` for ``region`` can place.

    Return a list of :class:`dladocs.types.Logo`.  When two plugins give the
    same logo id, the first called wins, so a plugin can replace a built-in
    placeholder with a real file.  A logo whose ``path`` is ``None`` is drawn
    by dladocs: the EU emblem from its official geometry, anything else as a
    placeholder that says plainly what it stands for.
    """


@hookspec
def dladocs_rule_sets() -> list[RuleSet]:
    """Register a programme's visibility rules (e.g. ``fse-2014-2020``).

    Return a list of :class:`dladocs.types.RuleSet`.  A project chooses its
    programme by id (``[accompagnement] programme``); ``dladocs check
    --programme`` chooses one for files made elsewhere.
    """


@hookspec
def dladocs_requirements(
    document: DocumentType, project: Project | None, region: Region | None
) -> list[Requirement]:
    """Say which logos ``document`` must show, and where.

    Return a list of :class:`dladocs.types.Requirement`; the answers of every
    plugin are combined.  ``project`` and ``region`` are ``None`` when
    ``dladocs check`` looks at a file made by hand.
    """


@hookspec(firstresult=True)
def dladocs_template(
    document: DocumentType, fmt: str, project: Project, region: Region
) -> Path | None:
    """Choose the template file of ``document`` in format ``fmt`` (``docx`` or ``pptx``).

    Return a path, or ``None`` to let the next plugin decide.  The first
    non-``None`` answer wins; the built-in answer (a project's local template
    folder, then the templates shipped with dladocs) comes last.  This is how a
    theme plugin replaces a default template.
    """


@hookspec
def dladocs_context(
    document: DocumentType, project: Project, region: Region, context: dict[str, Any]
) -> None:
    """Amend the rendering ``context`` of ``document`` in place before it is rendered.

    Every plugin is called; return nothing.  Values added here are text, never
    template code: dladocs renders in a sandbox and writes them literally.
    """


@hookspec
def dladocs_checks(
    document: DocumentType | None,
    inspection: Inspection,
    project: Project | None,
    region: Region | None,
) -> list[Violation]:
    """Run extra checks on an inspected file and return the violations found.

    ``inspection`` holds every surface (slide, page, header band) of the file.
    ``region`` is the region the file was built for, so that a regional plugin
    checks only its own region's files.  ``document``, ``project`` and
    ``region`` are ``None`` for files given to ``dladocs check``.  An
    implementation may take only the arguments it needs.  The built-in plugin checks the methodology of the
    webinar (the share of interactive time) this way.
    """


@hookspec
def dladocs_content_packs() -> list[ContentPack]:
    """Ship content modules: Markdown files that become slides and fiche sections.

    Return a list of :class:`dladocs.content.ContentPack` (a name, a title and
    a folder of ``NAME.md`` modules with their ``images/``).  A sequence names
    a module with ``contenu = "NAME"``; a project's own ``contenus/NAME.md``
    wins, then the packs in the order the plugins are called (installed
    plugins first, the built-in pack last).  The format is in ``docs/content.md``.
    """
