"""The visual build report: ``index.html``, every page of every PDF as a marked thumbnail.

The page is self-contained (inline CSS and script, thumbnails as ``data:``
URIs), so it can be mailed or archived with the deliverables.  It groups the
build by region, then by document; each document lists its files with their
verdict, and each page of its PDF is drawn by a real PDF renderer (pdfium)
and marked « conforme » or « non conforme » with the failing rules.

Where a violation lands:

- a PDF's ``page`` N is page N of that PDF;
- a PPTX's ``slide`` N is page N of the same document's PDF (LibreOffice
  turns each slide into one page);
- DOCX ``header`` and ``body`` surfaces, whole-file findings, and anything
  whose page has no thumbnail are shown at the document level.

A document without a PDF (a build without ``--pdf``) is listed with its
checks and a note that thumbnails need ``--pdf``.  A few lines of script add
a « non-compliant pages only » filter; without script the page shows
everything and reads the same.

Thumbnails are cached by the PDF's SHA-256 in ``.dladocs-cache/vignettes``,
so that rebuilding the report after a partial build renders only what changed.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from dladocs import _output
from dladocs import typography as ty
from dladocs.types import surface_label, surfaces_label

INDEX = "index.html"
THUMBNAIL_WIDTH = 160
JPEG_QUALITY = 70
CACHE = "vignettes"
_CACHE_VERSION = 1


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


def write_index(
    out: Path,
    manifest: Mapping[str, Any],
    *,
    regions: Mapping[str, str] | None = None,
    documents: Mapping[str, tuple[str, int]] | None = None,
) -> Path:
    """Write ``out/index.html`` from ``manifest`` (as in ``manifest.json``) and the PDFs in ``out``.

    ``regions`` maps region codes to names and ``documents`` document ids to
    (French title, annex order); by default both come from the installed plugins.
    """
    out = Path(out)
    if regions is None or documents is None:
        known_regions, known_documents = _titles_from_plugins()
        regions = known_regions if regions is None else regions
        documents = known_documents if documents is None else documents
    model = collect(out, manifest, regions, documents)
    target = out / INDEX
    _output.write_atomic(target, render(model, manifest).encode("utf-8"))
    return target


def _titles_from_plugins() -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    from dladocs.plugins import get_documents, get_plugin_manager, get_regions
    from dladocs.render.pdf import DOSSIER

    pm = get_plugin_manager()
    regions = {code: region.name for code, region in get_regions(pm).items()}
    documents = {doc_id: (doc.title, doc.annex_order) for doc_id, doc in get_documents(pm).items()}
    documents.setdefault(DOSSIER.id, (DOSSIER.title, DOSSIER.annex_order))
    return regions, documents


# --------------------------------------------------------------------------- model


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
    cache = _ThumbnailCache(out / _output.CACHE / CACHE)
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
    cache: _ThumbnailCache,
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
    cache: _ThumbnailCache,
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


def render_thumbnails(pdf: Path, width: int = THUMBNAIL_WIDTH) -> list[dict[str, Any]]:
    """Every page of ``pdf`` as a small JPEG ``data:`` URI, with its size and page label."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        document.init_forms()  # draw form fields too: the evaluation grid is a form
        thumbnails = []
        for index in range(len(document)):
            page = document[index]
            try:
                scale = width / max(page.get_width(), 1.0)
                image = page.render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
            finally:
                page.close()
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
            thumbnails.append(
                {
                    "data": "data:image/jpeg;base64,"
                    + base64.b64encode(buffer.getvalue()).decode("ascii"),
                    "width": image.width,
                    "height": image.height,
                    "label": document.get_page_label(index) or "",
                }
            )
        return thumbnails
    finally:
        document.close()


class _ThumbnailCache:
    """Thumbnails by PDF hash, kept in the output folder's cache between builds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def _path(self, digest: str) -> Path:
        return self.folder / f"{digest}.json"

    def get(self, digest: str) -> list[dict[str, Any]] | None:
        self.used.add(digest)
        try:
            data = json.loads(self._path(digest).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("version") != _CACHE_VERSION or data.get("width") != THUMBNAIL_WIDTH:
            return None
        pages = data.get("pages")
        return pages if isinstance(pages, list) else None

    def put(self, digest: str, pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.used.add(digest)
        payload = {"version": _CACHE_VERSION, "width": THUMBNAIL_WIDTH, "pages": pages}
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            _output.write_atomic(self._path(digest), json.dumps(payload).encode("utf-8"))
        return pages

    def prune(self) -> None:
        if not self.folder.is_dir():
            return
        for entry in self.folder.glob("*.json"):
            if entry.stem not in self.used:
                entry.unlink(missing_ok=True)


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


# --------------------------------------------------------------------------- HTML

_STATUS_TEXT = {
    "conforme": "conforme",
    "alerte": "conforme, avec avertissements",
    "echec": "non conforme",
}
_FILE_STATUS = {"ok": "conforme", "fail": "non conforme", "error": "illisible", "": "non vérifié"}

_CSS = """
:root {
  --ok: #1b7a3a;
  --warn: #9a6200;
  --fail: #b3261e;
  --ink: #1f2328;
  --muted: #59636e;
  --line: #d0d7de;
}
* { box-sizing: border-box; }
body {
  margin: 0;
  font: 15px/1.45 system-ui, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif;
  color: var(--ink);
  background: #f6f8fa;
}
header, main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.5rem; }
header { background: #fff; border-bottom: 1px solid var(--line); max-width: none; }
header > * { max-width: 1200px; margin-left: auto; margin-right: auto; }
h1 { font-size: 1.5rem; margin: .2rem auto .6rem; }
h2 {
  font-size: 1.3rem;
  margin: 2rem 0 .5rem;
  border-bottom: 2px solid var(--ink);
  padding-bottom: .2rem;
}
h3 { font-size: 1.1rem; margin: 0 0 .4rem; }
.resume {
  display: flex;
  flex-wrap: wrap;
  gap: .5rem 1.5rem;
  margin: .5rem auto;
  padding: 0;
  list-style: none;
}
.resume li {
  background: #f6f8fa;
  border: 1px solid var(--line);
  border-radius: 6px;
  padding: .35rem .7rem;
}
.resume strong { font-size: 1.15rem; margin-right: .3rem; }
.avertissements { color: var(--warn); }
.filtre { font-weight: 600; }
nav ul { display: flex; flex-wrap: wrap; gap: .3rem 1rem; list-style: none; padding: 0; }
.document {
  background: #fff;
  border: 1px solid var(--line);
  border-left: 6px solid var(--ok);
  border-radius: 6px;
  padding: .8rem 1rem;
  margin: .8rem 0;
}
.document.alerte { border-left-color: var(--warn); }
.document.echec { border-left-color: var(--fail); }
.statut {
  font-size: .85rem;
  font-weight: 600;
  padding: .05rem .45rem;
  border-radius: 999px;
  color: #fff;
  background: var(--ok);
  white-space: nowrap;
}
.statut.alerte { background: var(--warn); }
.statut.echec { background: var(--fail); }
.fichiers {
  list-style: none;
  padding: 0;
  margin: .2rem 0 .5rem;
  color: var(--muted);
  font-size: .9rem;
}
.fichiers li { display: inline-block; margin-right: 1.2rem; }
.constats { margin: .3rem 0; padding-left: 1.2rem; font-size: .9rem; }
.constats .error { color: var(--fail); }
.constats .warning { color: var(--warn); }
.rappels { margin: .2rem 0; font-size: .78rem; }
.rappels .regle { color: var(--warn); margin-right: .3rem; }
.regle { font-family: ui-monospace, "Liberation Mono", monospace; font-weight: 700; }
.note { color: var(--muted); font-style: italic; }
.pages {
  display: flex;
  flex-wrap: wrap;
  gap: .8rem;
  list-style: none;
  padding: 0;
  margin: .6rem 0 0;
}
.page { width: 172px; }
.page figure { margin: 0; }
.page a { display: block; line-height: 0; }
.page img {
  display: block;
  width: 160px;
  height: auto;
  border: 3px solid var(--ok);
  background: #fff;
}
.page.alerte img { border-color: var(--warn); }
.page.echec img { border-color: var(--fail); }
.page figcaption { font-size: .8rem; margin-top: .2rem; }
.page .constats { padding-left: 1rem; font-size: .78rem; }
.vide { display: none; }
.non-conformes-seulement .page:not(.echec),
.non-conformes-seulement .document:not(.echec),
.non-conformes-seulement .region:not(.echec) {
  display: none;
}
.non-conformes-seulement .vide { display: block; }
"""

_SCRIPT = """
(function () {
  var box = document.getElementById("filtre-non-conformes");
  if (!box) { return; }
  box.closest(".filtre").hidden = false;
  function apply() { document.body.classList.toggle("non-conformes-seulement", box.checked); }
  box.addEventListener("change", apply);
  apply();
})();
"""


def render(regions: Sequence[RegionEntry], manifest: Mapping[str, Any]) -> str:
    """The HTML page for the grouped build."""
    documents = [d for r in regions for d in r.documents]
    pages = [p for d in documents for p in d.pages]
    findings = [
        f for d in documents for f in (*d.findings, *(f for p in d.pages for f in p.findings))
    ]
    failing_pages = sum(1 for p in pages if p.status == "echec")
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    verdict = "echec" if errors else ("alerte" if warnings else "conforme")
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Rapport de construction dladocs</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>Rapport de construction {_badge(verdict)}</h1>",
        '<ul class="resume">',
        _count(len(regions), "région", "régions"),
        _count(len(documents), "document", "documents"),
        _count(len(pages), "page en vignette", "pages en vignette"),
        _count(failing_pages, "page non conforme", "pages non conformes"),
        _count(errors, "erreur", "erreurs"),
        _count(warnings, "avertissement (par page)", "avertissements (par page)"),
        "</ul>",
    ]
    build_warnings = [str(w) for w in manifest.get("warnings", []) if w]
    if build_warnings:
        parts.append('<ul class="avertissements">')
        parts += [f"<li>{e(w)}</li>" for w in build_warnings]
        parts.append("</ul>")
    parts += [
        '<p class="filtre" hidden><label><input type="checkbox" id="filtre-non-conformes"> '
        "N'afficher que les pages non conformes</label></p>",
        '<nav aria-label="Régions"><ul>',
        *(f'<li><a href="#region-{e(r.code)}">{e(r.name)}</a></li>' for r in regions),
        "</ul></nav>",
        "</header>",
        "<main>",
        '<p class="vide">Aucune page non conforme.</p>' if not failing_pages and not errors else "",
    ]
    for region in regions:
        parts.append(f'<section class="region {region.status}" id="region-{e(region.code)}">')
        parts.append(f"<h2>{e(region.name)}</h2>")
        for document in region.documents:
            parts.append(_document_html(region, document))
        parts.append("</section>")
    parts += ["</main>", f"<script>{_SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(part for part in parts if part) + "\n"


def _badge(status: str) -> str:
    return f'<span class="statut {status}">{html.escape(_STATUS_TEXT[status])}</span>'


def _count(value: int, one: str, many: str) -> str:
    return f"<li><strong>{value}</strong> {html.escape(one if value <= 1 else many)}</li>"


def _document_html(region: RegionEntry, document: Document) -> str:
    e = html.escape
    status = document.status
    anchor = f"{region.code}-{document.id}"
    parts = [
        f'<section class="document {status}" id="doc-{e(anchor)}">',
        f"<h3>{e(document.title)} {_badge(status)}</h3>",
        '<ul class="fichiers">',
    ]
    for entry in document.files:
        parts.append(
            f'<li><a href="{e(entry.path, quote=True)}">{e(_file_name(entry.path))}</a> '
            f"({e(entry.format.upper())}, {e(_FILE_STATUS.get(entry.status, entry.status))})</li>"
        )
    parts.append("</ul>")
    findings = [*_grouped(document.findings), *_page_findings(document.pages)]
    if findings:
        parts.append(_findings_html(findings))
    parts += [f'<p class="note">{e(note)}</p>' for note in document.notes]
    if document.pages:
        pdf = next((f.path for f in document.files if f.format == "pdf"), "")
        parts.append('<ol class="pages">')
        for page in document.pages:
            parts.append(_page_html(document, page, pdf))
        parts.append("</ol>")
    parts.append("</section>")
    return "\n".join(parts)


def _grouped(findings: Sequence[Finding]) -> list[Finding]:
    """Each distinct finding of a file once, with its surfaces (« diapositives 1 à 17 »)."""
    grouped: dict[tuple[str, str, str, str], list[str]] = {}
    for finding in findings:
        key = (finding.rule, finding.severity, finding.message, finding.where)
        surfaces = grouped.setdefault(key, [])
        if finding.surface and finding.surface not in surfaces:
            surfaces.append(finding.surface)
    return [
        Finding(rule, severity, message, f"{where}, {surfaces_label(on)}" if on else where)
        for (rule, severity, message, where), on in grouped.items()
    ]


def _page_findings(pages: Sequence[Page]) -> list[Finding]:
    """Each distinct page finding once, with the pages it is on (« pages 1 à 7 »)."""
    grouped: dict[tuple[str, str, str], list[Page]] = {}
    for page in pages:
        for finding in page.findings:
            grouped.setdefault((finding.rule, finding.severity, finding.message), []).append(page)
    return [
        Finding(
            rule,
            severity,
            message,
            _where(sorted({p.number: p for p in on}.values(), key=lambda p: p.number)),
        )
        for (rule, severity, message), on in grouped.items()
    ]


def _where(pages: Sequence[Page]) -> str:
    if len(pages) == 1:
        return pages[0].label
    nouns = {page.label.rsplit(" ", 1)[0] for page in pages}
    numbered = all(page.label.rsplit(" ", 1)[-1] == str(page.number) for page in pages)
    if len(nouns) == 1 and numbered:
        noun = nouns.pop() + "s"
        runs: list[str] = []
        start = previous = pages[0].number
        for page in [*pages[1:], None]:
            if page is not None and page.number == previous + 1:
                previous = page.number
                continue
            runs.append(str(start) if start == previous else f"{start} à {previous}")
            if page is not None:
                start = previous = page.number
        return f"{noun} {ty.join(runs)}"
    return ", ".join(page.label for page in pages)


def _page_html(document: Document, page: Page, pdf: str) -> str:
    e = html.escape
    status = page.status
    failing = sorted({f.rule for f in page.findings if f.severity == "error"})
    verdict = _STATUS_TEXT[status] + (f" ({', '.join(failing)})" if failing else "")
    alt = f"{document.title}, {page.label}{ty.NBSP}: {verdict}"
    link = f"{pdf}#page={page.number}"
    body = [
        f'<li class="page {status}" data-page="{page.number}" '
        f'data-regles="{e(" ".join(failing), quote=True)}">',
        "<figure>",
        f'<a href="{e(link, quote=True)}">'
        f'<img src="{page.image}" width="{page.width}" height="{page.height}" '
        f'alt="{e(alt, quote=True)}" decoding="async"></a>',
        f"<figcaption>{e(page.label)} · <strong>{e(_STATUS_TEXT[status])}</strong></figcaption>",
    ]
    errors = [f for f in page.findings if f.severity == "error"]
    if errors:
        # A failing page says why in full; warnings are listed once for the document.
        body.append(_findings_html(errors, where=False))
    warnings = sorted(
        {f.rule: f for f in page.findings if f.severity == "warning"}.values(), key=lambda f: f.rule
    )
    if warnings:
        body.append(
            '<p class="rappels">'
            + " ".join(
                f'<span class="regle warning" title="{e(f.message, quote=True)}">{e(f.rule)}</span>'
                for f in warnings
            )
            + "</p>"
        )
    body += ["</figure>", "</li>"]
    return "".join(body)


def _findings_html(findings: Sequence[Finding], *, where: bool = True) -> str:
    e = html.escape
    items = []
    for finding in sorted(findings, key=lambda f: (f.severity != "error", f.rule, f.where)):
        kind = "erreur" if finding.severity == "error" else "avertissement"
        place = f" — {e(finding.where)}" if where and finding.where else ""
        items.append(
            f'<li class="{finding.severity}"><span class="regle">{e(finding.rule)}</span> '
            f"({kind}){place}{ty.NBSP}: {e(finding.message)}</li>"
        )
    return '<ul class="constats">' + "".join(items) + "</ul>"
