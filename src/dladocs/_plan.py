"""The plan of a build: which file of which document for which region, and what it depends on.

Each planned document carries an *inputs key*: the hash of everything its
files are made from (the project file, its templates, its logos, the
evaluation answers when it uses them, the plugins and their versions, the
build options).  A file whose key and bytes match the manifest is up to date
and is not rebuilt; a changed input rebuilds exactly the documents that use it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pluggy

from dladocs import _assets
from dladocs.errors import DladocsError, ProjectError
from dladocs.plugins import get_template, plugin_code_hashes, plugin_versions
from dladocs.project import Project
from dladocs.types import DocumentType, Logo, Region


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    document: str
    region: str
    outputs: Mapping[str, str]  # format → path relative to the output folder
    templates: Mapping[str, str]  # format → template path (absolute) or ""
    key: str
    convert: bool  # --pdf converts the office file with LibreOffice


@dataclass(frozen=True, slots=True)
class Plan:
    """What a build makes, decided once before anything is rendered; never changed after."""

    documents: tuple[PlannedDocument, ...] = ()
    regions: tuple[Region, ...] = ()
    home_region: str = ""
    pdf: bool = False
    pdfa: bool = False
    inputs: frozenset[Path] = frozenset()  # every file the outputs are made from


def pdf_path(office: str) -> str:
    return str(Path(office).with_suffix(".pdf"))


def dossier_path(region_slug: str) -> str:
    from dladocs._facts import DOSSIER_FILENAME

    return f"{region_slug}/{DOSSIER_FILENAME}.pdf"


def resolve_home_region(project: Project, regions: Mapping[str, Region]) -> Region:
    from dladocs.regions import find_region

    found = find_region(regions, project.accompaniment.region)
    if found is None:
        known = ", ".join(f"{r.code} ({r.name})" for r in regions.values())
        raise ProjectError(
            project.path,
            [
                f"{project.where('accompagnement', 'region')} : région « {project.accompaniment.region} » inconnue ; régions connues : {known}"
            ],
        )
    return found


def select_regions(choice: str | None, home: Region, regions: Mapping[str, Region]) -> list[Region]:
    from dladocs.regions import find_region

    if choice is None:
        return [home]
    if choice == "all":
        return list(regions.values())
    selected = []
    for part in choice.split(","):
        found = find_region(regions, part.strip())
        if found is None:
            raise DladocsError(
                f"--region « {part.strip()} » : région inconnue ; utilisez un code INSEE (32), un nom "
                "(Hauts-de-France) ou « all » ; « dladocs regions » les liste toutes."
            )
        selected.append(found)
    return selected


def select_documents(
    only: Sequence[str], documents: Mapping[str, DocumentType]
) -> list[DocumentType]:
    if not only:
        return list(documents.values())
    unknown = [d for d in only if d not in documents]
    if unknown:
        raise DladocsError(
            f"--only : document{'s' if len(unknown) > 1 else ''} inconnu{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(unknown)} ; documents connus : {', '.join(documents)}"
        )
    return [documents[d] for d in only]


def with_presence(
    documents: list[DocumentType], project: Project, only: Sequence[str]
) -> list[DocumentType]:
    """Proofs of attendance once ``presence.json`` exists (``dladocs presence collect``), or
    when asked by name with ``--only`` (without it, a sheet to print and have signed)."""
    if (project.root / "presence.json").is_file():
        return documents
    return [d for d in documents if not d.proof or d.id in only]


@functools.cache
def _file_digest(path: str, size: int, mtime: float) -> str:
    del size, mtime  # part of the cache key only
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    stat = path.stat()
    return _file_digest(str(path), stat.st_size, stat.st_mtime)


def make_plan(  # noqa: C901  - one key per input kind (templates, logos, contents, answers, presence)
    project: Project,
    *,
    pm: pluggy.PluginManager,
    documents: Sequence[DocumentType],
    regions: Sequence[Region],
    home_region: str,
    pdf: bool,
    pdfa: bool,
    evaluation_files: Sequence[Path],
    logos: Mapping[str, Mapping[str, Logo]],
) -> Plan:
    """The plan of a build; ``logos`` are the plugins' answers, by region code, fetched once."""
    from dladocs._facts import band_logo_ids, document_date
    from dladocs._version import __version__

    versions = plugin_versions(pm)
    base = hashlib.sha256()
    # The document date is an input: SOURCE_DATE_EPOCH changes it without touching the project file.
    date = document_date(project).isoformat()
    base.update(
        json.dumps(
            {
                "dladocs": __version__,
                "plugins": versions,
                "code": plugin_code_hashes(pm),
                "pdf": pdf,
                "pdfa": pdfa,
                "date": date,
            },
            sort_keys=True,
        ).encode()
    )
    base.update(project.source)
    from dladocs.content import input_files

    # A content module or its picture edited: the deck and the fiche are made again.
    contents = input_files(project, pm)
    for path in contents:
        base.update(f"content:{path}:{file_digest(path)}".encode())
    answers = hashlib.sha256()
    for path in evaluation_files:
        answers.update(path.name.encode())
        answers.update(file_digest(path).encode())
    planned: list[PlannedDocument] = []
    inputs: set[Path] = {path.resolve() for path in contents}
    for region in regions:
        region_logos = logos[region.code]
        region_digest = hashlib.sha256(repr(region).encode()).hexdigest()
        for document in documents:
            key = base.copy()
            key.update(f"{document.id}|{region.code}|{region_digest}".encode())
            templates: dict[str, str] = {}
            outputs: dict[str, str] = {}
            for fmt in document.formats:
                outputs[fmt] = f"{region.slug}/{document.filename}.{fmt}"
                if fmt in document.templates:
                    template = get_template(pm, document, fmt, project, region)
                    if template is None or not template.is_file():
                        raise DladocsError(
                            f"aucun modèle trouvé pour le document « {document.id} » au format {fmt} "
                            f"(« {document.templates[fmt]} ») : vérifiez le plugin qui le déclare ou le dossier de modèles du projet."
                        )
                    from dladocs.render._guard import check_template

                    check_template(template)
                    templates[fmt] = str(template)
                    key.update(f"template:{fmt}:{file_digest(template)}".encode())
                    inputs.add(template.resolve())
            used = ["eu-emblem", *band_logo_ids(document, region_logos)]
            for logo_id in used:
                if logo_id in region_logos:
                    digest = _assets.source_digest(region_logos[logo_id])
                    key.update(f"logo:{logo_id}:{digest}".encode())
                    logo_path = region_logos[logo_id].path
                    if logo_path is not None:
                        inputs.add(logo_path.resolve())
            presence = project.root / "presence.json"  # dladocs presence collect: sheet, report
            if presence.is_file():
                key.update(f"presence:{file_digest(presence)}".encode())
            if document.evaluation:
                key.update(answers.digest())
                inputs.update(path.resolve() for path in evaluation_files)
            planned.append(
                PlannedDocument(
                    document=document.id,
                    region=region.code,
                    outputs=outputs,
                    templates=templates,
                    key=key.hexdigest(),
                    convert=pdf and document.pdf and any(f in ("docx", "pptx") for f in outputs),
                )
            )
    return Plan(tuple(planned), tuple(regions), home_region, pdf, pdfa, frozenset(inputs))
