"""The report's model: the manifest's artifacts grouped by region and document, with pages and findings."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from dladocs import _output
from dladocs import typography as ty
from dladocs._thumbnails import CACHE, ThumbnailCache, render_thumbnails
from dladocs.types import surface_label


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation as the report shows it."""

    rule: str
    severity: str  # error / warning
    message: str
    where: str = ""
    surface: str = ""  # « diapositive 3 », for findings listed under the document


@dataclass(slots=True)
class Page:
    number: int
    label: str
    image: str = ""  # a data: URI
    width: int = 0
    height: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        return _status(self.findings)


@dataclass(frozen=True, slots=True)
class FileEntry:
    format: str
    path: str
    status: str  # ok / fail / error / "" when the file was not checked


@dataclass(slots=True)
class Document:
    id: str
    title: str
    order: int
    files: list[FileEntry] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return _status([*self.findings, *(f for page in self.pages for f in page.findings)])


@dataclass(slots=True)
class RegionEntry:
    code: str
    name: str
    documents: list[Document] = field(default_factory=list)

    @property
    def status(self) -> str:
        statuses = {document.status for document in self.documents}
        for status in ("echec", "alerte"):
            if status in statuses:
                return status
        return "conforme"


def collect(
    out: Path,
    manifest: Mapping[str, Any],
    regions: Mapping[str, str],
    documents: Mapping[str, tuple[str, int]],
) -> list[RegionEntry]:
    """Group the manifest's artifacts by region and document, with pages and findings."""
    checks = {
        str(check.get("path", "")): check
        for check in manifest.get("checks", [])
        if isinstance(check, dict)
    }
    grouped: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for artifact in manifest.get("artifacts", []):
        if isinstance(artifact, dict) and "path" in artifact:
            key = (str(artifact.get("region", "")), str(artifact.get("document", "")))
            grouped.setdefault(key, []).append(artifact)
    cache = ThumbnailCache(out / _output.CACHE / CACHE)
    by_region: dict[str, RegionEntry] = {}
    for (region_code, document_id), artifacts in grouped.items():
        region = by_region.setdefault(
            region_code,
            RegionEntry(region_code, regions.get(region_code, region_code or "sans région")),
        )
        title, order = documents.get(document_id, (document_id, 100))
        region.documents.append(
            _document(
                out,
                document_id=document_id,
                title=title,
                order=order,
                artifacts=artifacts,
                checks=checks,
                cache=cache,
            )
        )
    cache.prune()
    for region in by_region.values():
        region.documents.sort(key=lambda d: (d.order, _sort_key(d.title)))
    return sorted(by_region.values(), key=lambda r: _sort_key(r.name))


def _document(
    out: Path,
    *,
    document_id: str,
    title: str,
    order: int,
    artifacts: Sequence[Mapping[str, Any]],
    checks: Mapping[str, Mapping[str, Any]],
    cache: ThumbnailCache,
) -> Document:
    document = Document(document_id, title, order)
    formats = {"pdf": 2, "pptx": 0, "docx": 1}
    artifacts = sorted(
        artifacts, key=lambda a: (formats.get(str(a.get("format")), 3), str(a["path"]))
    )
    pdf = next((a for a in artifacts if a.get("format") == "pdf"), None)
    office = {str(a.get("format")) for a in artifacts}
    slides = "pptx" in office
    if pdf is not None:
        _pages(out, pdf, document, cache, slides=slides)
    for artifact in artifacts:
        path = str(artifact["path"])
        check = checks.get(path)
        document.files.append(
            FileEntry(
                str(artifact.get("format", "")), path, str(check.get("status", "")) if check else ""
            )
        )
        if check is None:
            continue
        if check.get("status") == "error":
            document.findings.append(
                Finding(
                    "lecture",
                    "error",
                    str(check.get("error") or "fichier illisible"),
                    _file_name(path),
                )
            )
        own_pdf = artifact is pdf
        follows_pdf = pdf is not None and artifact.get("format") == "pptx"
        for violation in check.get("violations", []):
            _place(document, violation, path, own_pdf=own_pdf, follows_pdf=follows_pdf)
    if pdf is None:
        document.notes.append(
            ty.fr(
                "Pas de vignettes : ce document n'a pas de PDF. "
                "Construisez avec « dladocs build --pdf » pour les obtenir."
            )
        )
    return document


def _place(
    document: Document, violation: Mapping[str, Any], path: str, *, own_pdf: bool, follows_pdf: bool
) -> None:
    surface = violation.get("surface") or {}
    kind = str(surface.get("kind", ""))
    index = int(surface.get("index", 0) or 0)
    finding = Finding(
        str(violation.get("rule", "")),
        "error" if violation.get("severity") == "error" else "warning",
        str(violation.get("message", "")),
        _file_name(path),
    )
    on_page = (own_pdf and kind == "page") or (follows_pdf and kind == "slide")
    if on_page and 1 <= index <= len(document.pages):
        document.pages[index - 1].findings.append(finding)
        return
    where = (
        surface_label(kind, index, str(surface.get("variant", "")))
        if index > 0
        else "fichier entier"
    )
    document.findings.append(
        Finding(finding.rule, finding.severity, finding.message, finding.where, where)
    )


def _pages(
    out: Path,
    artifact: Mapping[str, Any],
    document: Document,
    cache: ThumbnailCache,
    *,
    slides: bool,
) -> None:
    path = out / str(artifact["path"])
    if not path.is_file():
        document.notes.append(
            ty.fr(
                f"Le PDF « {artifact['path']} » est absent du dossier de sortie : pas de vignettes."
            )
        )
        return
    digest = str(artifact.get("sha256") or _output.sha256(path))
    try:
        thumbnails = cache.get(digest) or cache.put(digest, render_thumbnails(path))
    except Exception as exc:  # pdfium refuses the file: the report says so and goes on
        document.notes.append(ty.fr(f"Vignettes impossibles pour « {artifact['path']} » : {exc}."))
        return
    noun = "diapositive" if slides else "page"
    for number, thumbnail in enumerate(thumbnails, start=1):
        custom = thumbnail.get("label") or ""
        label = f"page {custom}" if custom and custom != str(number) else f"{noun} {number}"
        document.pages.append(
            Page(
                number,
                label,
                str(thumbnail["data"]),
                int(thumbnail["width"]),
                int(thumbnail["height"]),
            )
        )


def _status(findings: Iterable[Finding]) -> str:
    severities = {finding.severity for finding in findings}
    if "error" in severities:
        return "echec"
    if "warning" in severities:
        return "alerte"
    return "conforme"


def _file_name(path: str) -> str:
    return PurePosixPath(path).name


def _sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
