"""What a plugin author meets when a plugin is wrong, or changes.

- An exception in any hook, in a document's context function or in its
  renderer ends the build with exit code 2 and a French message naming the
  plugin and the hook (exit code 1 means « a funder rule is broken »).
- Editing an installed plugin's code makes the next build rewrite what it
  makes; ``--force`` always rewrites every file.
- A ``dladocs_*`` function left without ``@dladocs.hookimpl`` is reported.
- A region added by a plugin can have participants.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document

import dladocs
from dladocs import hookimpl
from dladocs.cli import main
from dladocs.types import Department, DocumentType, Region

BOOM = "panne volontaire"


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError(BOOM)


def _plugin_raising_in(hook: str) -> object:
    """A plugin whose ``hook`` raises; the other hooks are absent."""

    class Plugin:
        pass

    specs = {
        "dladocs_document_types": "",
        "dladocs_regions": "",
        "dladocs_logos": "project, region",
        "dladocs_rule_sets": "",
        "dladocs_requirements": "document, project, region",
        "dladocs_template": "document, fmt, project, region",
        "dladocs_context": "document, project, region, context",
        "dladocs_checks": "document, inspection, project",
    }
    namespace: dict[str, Any] = {}
    arguments = ", ".join(["self", *filter(None, specs[hook].split(", "))])
    exec(f"def {hook}({arguments}):\n    raise RuntimeError({BOOM!r})\n", namespace)
    setattr(Plugin, hook, hookimpl(namespace[hook]))
    return Plugin()


@pytest.mark.parametrize(
    "hook",
    [
        "dladocs_document_types",
        "dladocs_regions",
        "dladocs_logos",
        "dladocs_rule_sets",
        "dladocs_requirements",
        "dladocs_template",
        "dladocs_context",
        "dladocs_checks",
    ],
)
def test_a_plugin_raising_in_any_hook_gives_exit_2_naming_it(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path, hook: str
) -> None:
    from dladocs.plugins import iter_hook_names

    assert hook in iter_hook_names()
    dladocs_plugins.register(_plugin_raising_in(hook), name="plugin-fautif")

    result = CliRunner().invoke(
        main, ["build", str(dladocs_project()), "-o", str(tmp_path / "sortie"), "-q"]
    )

    assert result.exit_code == 2, result.output
    assert "« plugin-fautif »" in result.output, result.output
    assert f"hook {hook}" in result.output
    assert BOOM in result.output
    assert "Traceback" not in result.output


def _document(**changes: Any) -> DocumentType:
    from dladocs.default_plugins.documents import dladocs_document_types as builtins

    fiche = next(d for d in builtins() if d.id == "fiche")
    fields = {
        "id": "attestation",
        "title": "Attestation",
        "filename": "attestation",
        "formats": ("docx",),
        "context": fiche.context,
        "templates": dict(fiche.templates),
    }
    fields.update(changes)
    return DocumentType(**fields)


@pytest.mark.parametrize("where", ["context", "renderers"])
def test_a_document_function_that_raises_gives_exit_2_naming_the_plugin(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path, where: str
) -> None:
    document = _document(
        context=_boom if where == "context" else _document().context,
        renderers={"docx": _boom} if where == "renderers" else {},
    )

    class Attestation:
        @hookimpl
        def dladocs_document_types(self) -> list[DocumentType]:
            return [document]

    dladocs_plugins.register(Attestation(), name="plugin-attestation")

    result = CliRunner().invoke(
        main,
        [
            "build",
            str(dladocs_project()),
            "-o",
            str(tmp_path / "sortie"),
            "-q",
            "--only",
            "attestation",
        ],
    )

    assert result.exit_code == 2, result.output
    assert "le plugin « plugin-attestation » a échoué" in result.output
    assert "document « attestation »" in result.output and BOOM in result.output
    what = "la fonction de contexte" if where == "context" else "le moteur de rendu docx"
    assert what in result.output


def test_an_undecorated_hook_function_is_reported(dladocs_plugins: Any) -> None:
    class Forgotten:
        def dladocs_regions(self) -> list[Region]:
            return [Region(code="53", name="Bretagne")]

    with pytest.raises(dladocs.DladocsError) as caught:
        dladocs_plugins.register(Forgotten(), name="oubli")

    assert "le plugin « oubli » définit « dladocs_regions »" in caught.value.message
    assert "@dladocs.hookimpl" in caught.value.message


def test_an_undecorated_hook_in_an_installed_plugin_is_reported(tmp_path: Path) -> None:
    _install(tmp_path, "def dladocs_regions():\n    return []\n")

    run = _cli(tmp_path, "plugins")

    assert run.returncode == 2, run.stderr
    assert "définit « dladocs_regions »" in run.stderr
    assert "sans le décorateur @dladocs.hookimpl" in run.stderr


def test_participants_of_a_region_added_by_a_plugin(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    class Collectivite:
        @hookimpl
        def dladocs_regions(self) -> list[Region]:
            return [
                Region(
                    code="977",
                    name="Saint-Barthélemy",
                    departments=(Department("977", "Saint-Barthélemy"),),
                    overseas=True,
                )
            ]

    dladocs_plugins.register(Collectivite(), name="collectivite")
    participant = textwrap.dedent(
        """
        [[participants]]
        structure = "Atelier d'insertion de Gustavia (fictif)"
        type = "ACI"
        departement = "977"
        secteur = "Nettoyage"
        niveau_numerique = "moyen"
        """
    )
    project = dladocs_project(region="977", append=participant)

    result = dladocs.build(project, tmp_path / "sortie", only=["fiche"])

    assert result.ok
    assert dladocs.load_project(project).participants[-1].department == "977"


# --------------------------------------------------------------------------- editing a plugin

PLUGIN = """
from dladocs import hookimpl

MENTION = "Version 1 du plugin"


@hookimpl
def dladocs_context(document, project, region, context):
    if document.id == "fiche":
        context["titre"] = context["titre"] + " — " + MENTION
"""


def _install(site: Path, source: str) -> Path:
    """A plugin package installed as ``pip install -e`` leaves it: code on the path, an entry point."""
    package = site / "dladocs_essai"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / "dladocs_essai-0.1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: dladocs-essai\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text("[dladocs]\nessai = dladocs_essai\n", encoding="utf-8")
    return package


def _cli(site: Path, *args: str | Path) -> Any:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DLADOCS_NO_ENTRY_POINTS"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, "-m", "dladocs", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _fiche_title(out: Path) -> str:
    return str(Document(str(out / "hauts-de-france" / "fiche-pratique.docx")).core_properties.title)


def test_editing_an_installed_plugin_rebuilds_and_force_rewrites(
    dladocs_project: Any, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    package = _install(site, PLUGIN)
    project = dladocs_project()
    out = tmp_path / "sortie"
    build = ("build", project, "-o", out, "--only", "fiche,deck", "--json")

    first = _cli(site, *build)
    assert first.returncode == 0, first.stderr
    assert "Version 1 du plugin" in _fiche_title(out)
    unchanged = _cli(site, *build[:-1])
    assert "Rien à reconstruire" in unchanged.stdout + unchanged.stderr

    init = package / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace("Version 1", "Version 2"), "utf-8")
    edited = _cli(site, *build)

    assert edited.returncode == 0, edited.stderr
    assert "Version 2 du plugin" in _fiche_title(out)
    written = {a["path"] for a in json.loads(edited.stdout)["written"]}
    assert "hauts-de-france/fiche-pratique.docx" in written

    forced = _cli(site, *build, "--force")
    assert forced.returncode == 0, forced.stderr
    data = json.loads(forced.stdout)
    assert {a["path"] for a in data["written"]} == {
        "hauts-de-france/fiche-pratique.docx",
        "hauts-de-france/support-webinaire.pptx",
    }
    assert data["up_to_date"] == []


# --------------------------------------------------------------------------- what plugins receive


def test_checks_receive_the_region_of_the_file(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    from dladocs.types import Rule, SurfaceRef, Violation

    seen: list[tuple[str, str | None]] = []
    rule = Rule("X-09", "Mention régionale", "Charte de la région", "D", "warning")

    class RegionalCheck:
        @hookimpl
        def dladocs_checks(self, inspection: Any, region: Region | None) -> list[Violation]:
            seen.append((inspection.path.name, region.code if region else None))
            if region is None or region.code != "32":
                return []
            return [rule.violation(SurfaceRef.of(inspection.surfaces[0]), "à vérifier")]

    dladocs_plugins.register(RegionalCheck(), name="controle-regional")

    result = dladocs.build(dladocs_project(), tmp_path / "sortie", only="fiche")

    assert seen == [("fiche-pratique.docx", "32")]
    [check] = result.checks
    assert [v.rule for v in check.violations if v.rule == "X-09"] == ["X-09"]
    assert dladocs.check([check.path])[0].status == "ok"  # a file alone: no region, no X-09
    assert seen[-1] == ("fiche-pratique.docx", None)


def test_dladocs_build_takes_the_output_folder_as_the_docs_show(
    dladocs_build: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    out = tmp_path / "ma-sortie"

    result = dladocs_build(dladocs_project(), out, only=["fiche"])

    assert result.ok and result.out_dir == out.resolve()
    assert (out / "hauts-de-france" / "fiche-pratique.docx").is_file()


def test_every_path_of_a_build_result_is_absolute(dladocs_project: Any, tmp_path: Path) -> None:
    project = dladocs_project()
    out = tmp_path / "sortie"
    first = dladocs.build(project, out, only="deck,fiche")
    again = dladocs.build(project, out, only=("deck", "fiche"))

    for result in (first, again):
        paths = [a.path for a in result.artifacts + result.written + result.up_to_date]
        paths += [c.path for c in result.checks + result.kept_checks]
        assert paths and all(p.is_absolute() and p.is_file() for p in paths), paths
        assert result.manifest.is_absolute() and result.out_dir.is_absolute()
