"""What the command prints: progress, build summaries, check reports (in French)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

from dladocs.types import surfaces_label

if TYPE_CHECKING:
    from dladocs.pipeline import BuildResult
    from dladocs.verify import FileCheck

PHASES = {"écrit": "rendu", "PDF": "converti en PDF", "vérifié": "vérifié"}


class Progress:
    """A progress bar on a terminal, plain lines in a pipe or a log, nothing when disabled.

    The build announces how many steps it plans (``start(total)``: each
    document of each region is rendered, then verified) and calls
    ``progress(phase, document, region)`` as each step ends.
    """

    BAR = 24

    def __init__(self, *, enabled: bool, stream: Any = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.count = 0
        self.total = 0
        self._width = 0
        self._column = 8  # document ids are padded to the longest one the build announces

    def __enter__(self) -> Progress:
        return self

    def start(self, total: int, documents: Sequence[str] = ()) -> None:
        self.total, self.count = total, 0
        self._column = max([8, *(len(d) for d in documents)])

    def __call__(self, phase: str, document: str, region: str) -> None:
        if not self.enabled:
            return
        self.count += 1
        total = max(self.total, self.count)
        what = f"{region:>3} {document:<{self._column}} {PHASES.get(phase, phase)}"
        if self.tty:
            filled = round(self.BAR * self.count / total)
            text = f"[{'█' * filled}{'░' * (self.BAR - filled)}] {self.count}/{total} · {what}"
            padding = " " * max(0, self._width - len(text))
            self.stream.write(f"\r{text}{padding}")
            self._width = len(text)
        else:
            self.stream.write(f"[{self.count:>3}/{total}] {what}\n")
        self.stream.flush()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.enabled and self.tty and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()


def _violation_lines(check: FileCheck, *, indent: str = "  ") -> list[str]:
    """One line per distinct problem, with every slide or page it occurs on."""
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    for violation in check.violations:
        where = violation.surface.label or f"{violation.surface.kind} {violation.surface.index}"
        key = (violation.rule, violation.severity, violation.message, violation.source)
        groups.setdefault(key, []).append(where)
    lines = []
    for (rule, severity, message, source), places in groups.items():
        mark = "✗" if severity == "error" else "!"
        lines.append(f"{indent}{mark} {surfaces_label(places)} — {rule} : {message}")
        if source:
            lines.append(f"{indent}    source : {source}")
    return lines


def print_build(result: BuildResult, *, quiet: bool) -> None:  # noqa: C901  - the summary, section after section in the order a user reads it
    failing = [c for c in result.checks if c.status != "ok"]
    if not quiet:
        for warning in result.warnings:
            click.echo(f"Attention : {warning}", err=True)
    if failing:
        click.echo(
            "Échec : des fichiers ne respectent pas les règles des financeurs ; rien n'a été écrit dans "
            f"{result.out_dir}.",
            err=True,
        )
        for check in failing:
            click.echo(f"{_shown(check.path, result.rejected or result.out_dir)}", err=True)
            for line in _violation_lines(check):
                click.echo(line, err=True)
        if result.rejected is not None:
            click.echo(
                f"Les fichiers refusés sont gardés pour examen dans {result.rejected}", err=True
            )
        return
    broken = [c for c in result.kept_checks if c.status != "ok"]
    for check in broken:
        # Said even with --quiet: the output folder holds a file that breaks a rule.
        reason = f" ({check.error})" if check.error else ""
        click.echo(
            f"Non conforme : « {_shown(check.path, result.out_dir)} », modifié à la main et gardé tel quel, ne respecte "
            f"plus les règles des financeurs{reason} ; corrigez-le, ou reconstruisez-le avec "
            "--force (votre version sera sauvegardée) :",
            err=True,
        )
        for line in _violation_lines(check):
            click.echo(line, err=True)
    if quiet:
        return
    rows = _check_rows([*result.checks, *result.kept_checks], result.out_dir)
    for line in _advice_lines(rows + _recorded_rows(result)):
        click.echo(line)
    written, fresh = len(result.written), len(result.up_to_date)
    verdict = (
        f"vérifiés ; {len(broken)} fichier(s) modifié(s) à la main ne respectent plus les règles"
        if broken
        else "tous vérifiés"
    )
    click.echo(
        f"{written} fichier(s) écrit(s), {fresh} déjà à jour, {verdict}, dans {result.out_dir}"
    )
    for artifact in sorted(result.written, key=lambda a: str(a.path))[:40]:
        click.echo(f"  {artifact.path.relative_to(result.out_dir)}")
    if len(result.written) > 40:
        click.echo(f"  … et {len(result.written) - 40} autres (voir le manifeste)")
    click.echo(f"Manifeste : {result.manifest}")
    report = result.out_dir / "index.html"
    if report.exists():
        click.echo(f"Rapport visuel : {report}")


Advice = tuple[str, str, str, str]  # rule, message, source, where (« page 2 »...)


def _advice_lines(rows: Iterable[tuple[str, Iterable[Advice]]]) -> list[str]:
    """Recommendations of the whole build, each said once with the files and pages it concerns.

    ``rows`` gives, for every checked file (by its path in the output folder),
    its warnings.
    """
    groups: dict[tuple[str, str, str], list[str]] = {}
    for name, warnings in rows:
        places: dict[tuple[str, str, str], list[str]] = {}
        for rule, message, source, where in warnings:
            places.setdefault((rule, message, source), []).append(where)
        for key, labels in places.items():
            groups.setdefault(key, []).append(f"{name} ({surfaces_label(labels)})")
    if not groups:
        return []
    lines = [f"Recommandations ({len(groups)}, elles ne bloquent pas la diffusion) :"]
    for (rule, message, source), files in groups.items():
        lines.append(f"  ! {rule} : {message}")
        # Sorted, so that a fresh build and an up-to-date one name the same files first;
        # a fourth name costs no more than « et 1 autre ».
        files = sorted(files)
        shown = (
            ", ".join(files)
            if len(files) <= 4
            else (", ".join(files[:3]) + f" et {len(files) - 3} autre(s) fichier(s)")
        )
        lines.append(f"      dans : {shown}")
        if source:
            lines.append(f"      source : {source}")
    return lines


def _check_rows(checks: Sequence[FileCheck], out: Path) -> list[tuple[str, list[Advice]]]:
    rows = []
    for check in checks:
        name = check.path.relative_to(out) if check.path.is_relative_to(out) else check.path
        rows.append(
            (
                name.as_posix(),
                [
                    (
                        v.rule,
                        v.message,
                        v.source,
                        v.surface.label or f"{v.surface.kind} {v.surface.index}",
                    )
                    for v in check.warnings
                ],
            )
        )
    return rows


def _recorded_rows(result: BuildResult) -> list[tuple[str, list[Advice]]]:
    """The advice the manifest recorded for the files that were already up to date."""
    if not result.up_to_date:
        return []
    fresh = {
        (a.path.relative_to(result.out_dir) if a.path.is_absolute() else a.path).as_posix()
        for a in result.up_to_date
    }
    try:
        checks = json.loads(result.manifest.read_text(encoding="utf-8")).get("checks", [])
    except (OSError, ValueError):
        return []
    return _manifest_rows([c for c in checks if isinstance(c, dict) and c.get("path") in fresh])


def _manifest_rows(checks: Sequence[dict[str, Any]]) -> list[tuple[str, list[Advice]]]:
    from dladocs.types import surface_label

    rows = []
    for check in checks:
        advice = []
        for v in check.get("violations", []):
            if v.get("severity") != "warning":
                continue
            surface = v.get("surface", {})
            where = surface_label(
                str(surface.get("kind", "")),
                int(surface.get("index", 0)),
                surface.get("variant", ""),
            )
            advice.append((v.get("rule", ""), v.get("message", ""), v.get("source", ""), where))
        rows.append((str(check.get("path", "")), advice))
    return rows


def result_json(result: BuildResult) -> dict[str, Any]:
    def artifact(a: Any) -> dict[str, Any]:
        return {
            "document": a.document,
            "region": a.region,
            "format": a.format,
            "path": str(a.path.relative_to(result.out_dir) if a.path.is_absolute() else a.path),
            "sha256": a.sha256,
        }

    return {
        "ok": result.ok,
        "out_dir": str(result.out_dir),
        "written": [artifact(a) for a in result.written],
        "up_to_date": [artifact(a) for a in result.up_to_date],
        "kept": [artifact(a) for a in getattr(result, "kept", [])],
        "checks": [c.as_json(result.rejected or result.out_dir) for c in result.checks],
        "kept_checks": [c.as_json(result.out_dir) for c in result.kept_checks],
        "warnings": result.warnings,
    }


def print_checks(results: Sequence[FileCheck]) -> None:
    for result in results:
        if result.status == "error":
            click.echo(f"✗ {result.path} : illisible — {result.error}")
            continue
        rules = f"règles {result.programme}" + (
            ", indiquées par le fichier" if result.programme_from_file else ""
        )
        if result.status == "ok" and not result.violations:
            click.echo(
                f"✓ {result.path} : conforme ({rules} ; {result.surfaces} surfaces vérifiées : "
                "pages, diapositives ou en-têtes)"
            )
            continue
        verdict = {
            "ok": "conforme, avec des recommandations",
            "unverifiable": "NON VÉRIFIABLE, pages à contrôler à l'œil",
        }.get(result.status, "NON CONFORME")
        click.echo(f"{'✓' if result.status == 'ok' else '✗'} {result.path} : {verdict} ({rules})")
        for line in _violation_lines(result):
            click.echo(line)
    counts = {
        status: sum(1 for r in results if r.status == status)
        for status in ("ok", "fail", "error", "unverifiable")
    }
    unverifiable = f", {counts['unverifiable']} non vérifiable(s)" if counts["unverifiable"] else ""
    click.echo(
        f"{len(results)} fichier(s) : {counts['ok']} conforme(s), {counts['fail']} non conforme(s)"
        f"{unverifiable}, {counts['error']} illisible(s)"
    )


def print_evaluation(summary: Any, output: Path) -> None:
    from dladocs import typography as ty

    rate = (
        f", taux de réponse {ty.percent(summary.response_rate)}"
        if summary.response_rate is not None
        else ""
    )
    click.echo(f"{summary.responses} réponse(s){rate} ; résultats écrits dans {output}")
    for problem in summary.problems:
        click.echo(f"  ! {problem.describe()}")


def print_up_to_date(manifest: dict[str, Any], out: Path, *, quiet: bool, as_json: bool) -> None:
    """The answer of a rebuild that has nothing to do, from the previous manifest."""
    artifacts = manifest.get("artifacts", [])
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": True,
                    "out_dir": str(out),
                    "written": [],
                    "up_to_date": [
                        {k: a[k] for k in ("document", "region", "format", "path", "sha256")}
                        for a in artifacts
                    ],
                    "checks": [
                        {k: c[k] for k in ("path", "status", "violations")}
                        for c in manifest.get("checks", [])
                    ],
                    "warnings": manifest.get("warnings", []),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if quiet:
        return
    for warning in manifest.get("warnings", []):
        click.echo(f"Attention : {warning}", err=True)
    for line in _advice_lines(_manifest_rows(manifest.get("checks", []))):
        click.echo(line)
    click.echo(
        f"Rien à reconstruire : les {len(artifacts)} fichier(s) de {out} sont à jour et vérifiés."
    )


def _shown(path: Path, base: Path) -> str:
    """``path`` as messages show it: relative to the output (or rejects) folder it lies in."""
    return (path.relative_to(base) if path.is_relative_to(base) else path).as_posix()
