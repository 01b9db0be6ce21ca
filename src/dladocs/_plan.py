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
from dataclasses import dataclass, field
from pathlib import Path

import pluggy

from dladocs import _assets
from dladocs.errors import DladocsError, ProjectError
from dladocs.plugins import get_logos, get_template, plugin_versions
from dladocs.project import Project
from dladocs.types import DocumentType, FileFormat, Region


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    document: str
    region: str
    outputs: Mapping[str, str]  # format → path relative to the output folder
    templates: Mapping[str, str]  # format → template path (absolute) or ""
    key: str
    convert: bool  # --pdf converts the office file with LibreOffice


@dataclass(slots=True)
class Plan:
    documents: list[PlannedDocument] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    home_region: str = ""
    pdf: bool = False
    pdfa: bool = False
    inputs: set[Path] = field(default_factory=set)  # every file the outputs are made from

    def paths(self) -> list[str]:
        paths = [p for planned in self.documents for p in planned.outputs.values()]
        if self.pdf:
            paths += [
                pdf_path(p)
                for planned in self.documents
                if planned.convert
                for p in planned.outputs.values()
            ]
            paths += [dossier_path(region.slug) for region in self.regions]
        return paths


def pdf_path(office: str) -> str:
    return str(Path(office).with_suffix(".pdf"))


def dossier_path(region_slug: str) -> str:
    return f"{region_slug}/dossier-cloture.pdf"


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


@functools.cache
def _file_digest(path: str, size: int, mtime: float) -> str:
    del size, mtime  # part of the cache key only
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    stat = path.stat()
    return _file_digest(str(path), stat.st_size, stat.st_mtime)


def make_plan(
    project: Project,
    *,
    pm: pluggy.PluginManager,
    documents: Sequence[DocumentType],
    regions: Sequence[Region],
    home_region: str,
    pdf: bool,
    pdfa: bool,
    evaluation_files: Sequence[Path],
) -> Plan:
    from dladocs import __version__
    from dladocs.default_plugins._context import band_logo_ids, document_date

    versions = plugin_versions(pm)
    base = hashlib.sha256()
    # The document date is an input: SOURCE_DATE_EPOCH changes it without touching the project file.
    date = document_date(project).isoformat()
    base.update(
        json.dumps(
            {"dladocs": __version__, "plugins": versions, "pdf": pdf, "pdfa": pdfa, "date": date},
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
    plan = Plan(regions=list(regions), home_region=home_region, pdf=pdf, pdfa=pdfa)
    plan.inputs.update(path.resolve() for path in contents)
    for region in regions:
        logos = get_logos(pm, project, region)
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
                    templates[fmt] = str(template)
                    key.update(f"template:{fmt}:{file_digest(template)}".encode())
                    plan.inputs.add(template.resolve())
            used = ["eu-emblem", *band_logo_ids(document, logos)]
            for logo_id in used:
                if logo_id in logos:
                    key.update(f"logo:{logo_id}:{_assets.source_digest(logos[logo_id])}".encode())
                    logo_path = logos[logo_id].path
                    if logo_path is not None:
                        plan.inputs.add(logo_path.resolve())
            if document.evaluation:
                key.update(answers.digest())
                plan.inputs.update(path.resolve() for path in evaluation_files)
            plan.documents.append(
                PlannedDocument(
                    document=document.id,
                    region=region.code,
                    outputs=outputs,
                    templates=templates,
                    key=key.hexdigest(),
                    convert=pdf and document.pdf and any(f in ("docx", "pptx") for f in outputs),
                )
            )
    return plan


def office_formats(formats: Sequence[str]) -> list[FileFormat]:
    return [f for f in formats if f in ("docx", "pptx")]  # type: ignore[misc]
