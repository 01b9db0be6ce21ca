"""The report as HTML: one self-contained page, its style and script read from the package's data files."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from dladocs import typography as ty
from dladocs.report._model import Document, Finding, Page, RegionEntry, _file_name
from dladocs.types import surfaces_label

_STATUS_TEXT = {
    "conforme": "conforme",
    "alerte": "conforme, avec recommandations",
    "echec": "non conforme",
}
_FILE_STATUS = {"ok": "conforme", "fail": "non conforme", "error": "illisible", "": "non vérifié"}


def _data(name: str) -> str:
    """A data file of this package, after a line break: the style and script start on a line of their own."""
    return "\n" + resources.files("dladocs.report").joinpath(name).read_text(encoding="utf-8")


_CSS = _data("report.css")
_SCRIPT = _data("report.js")


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
        _count(
            warnings, "recommandation (comptée par page)", "recommandations (comptées par page)"
        ),
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
        kind = "erreur" if finding.severity == "error" else "recommandation"
        place = f" — {e(finding.where)}" if where and finding.where else ""
        items.append(
            f'<li class="{finding.severity}"><span class="regle">{e(finding.rule)}</span> '
            f"({kind}){place}{ty.NBSP}: {e(finding.message)}</li>"
        )
    return '<ul class="constats">' + "".join(items) + "</ul>"
