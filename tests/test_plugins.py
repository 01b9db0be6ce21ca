"""The plugin system: entry points, check_pending, `dladocs plugins`, and the hook documentation."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import dladocs
from dladocs import hookimpl
from dladocs.plugins import (
    DEFAULT_PLUGINS,
    get_documents,
    get_plugin_manager,
    get_regions,
    iter_hook_names,
    plugin_listing,
    reset_plugin_manager,
)

REPO = Path(__file__).resolve().parents[1]


def _fake_distribution(site: Path, module_source: str) -> None:
    """A plugin installed the way pip leaves it: a module and its dist-info with entry points."""
    (site / "dladocs_demo_plugin.py").write_text(textwrap.dedent(module_source), encoding="utf-8")
    info = site / "dladocs_demo_plugin-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: dladocs-demo-plugin\nVersion: 1.2.3\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[dladocs]\ndemo = dladocs_demo_plugin\n", encoding="utf-8"
    )
    (info / "RECORD").write_text("", encoding="utf-8")


DEMO = """
    from dladocs import hookimpl
    from dladocs.types import Department, Porteur, Region

    CALLS = []

    @hookimpl
    def dladocs_regions():
        CALLS.append("regions")
        return [Region(code="53", name="Bretagne", slug="bretagne",
                       porteur=Porteur("Porteur régional de démonstration", role="DLA régional"))]
"""


def test_an_installed_plugin_is_found_through_its_entry_point(tmp_path: Path) -> None:
    _fake_distribution(tmp_path, DEMO)
    script = textwrap.dedent(
        """
        import json, sys
        from dladocs.plugins import get_plugin_manager, get_regions, plugin_listing
        pm = get_plugin_manager()
        regions = get_regions(pm)
        import dladocs_demo_plugin
        print(json.dumps({
            "calls": dladocs_demo_plugin.CALLS,
            "porteur": regions["53"].porteur.name,
            "departments": len(regions["53"].departments),
            "listing": plugin_listing(pm, include_builtins=False),
        }))
        """
    )
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["calls"] == ["regions"]
    assert data["porteur"] == "Porteur régional de démonstration"
    assert data["departments"] == 4  # the geography of the built-in plugin is kept
    # Other plugins may be installed beside it (the example plugins are, in CI): find ours.
    [row] = [r for r in data["listing"] if r["name"] == "dladocs-demo-plugin"]
    assert row["version"] == "1.2.3"
    assert row["hooks"] == ["dladocs_regions"]
    listing = subprocess.run(
        [sys.executable, "-m", "dladocs", "plugins"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert "dladocs-demo-plugin 1.2.3" in listing.stdout
    assert "dladocs_regions" in listing.stdout


def test_a_misspelled_hook_fails_loudly(dladocs_plugins: Any) -> None:
    class Typo:
        @hookimpl
        def dladocs_region(self) -> list[Any]:  # missing "s"
            return []

    with pytest.raises(dladocs.DladocsError) as caught:
        dladocs_plugins.register(Typo(), name="faute-de-frappe")
    assert "« faute-de-frappe » implémente « dladocs_region »" in caught.value.message
    assert "vouliez-vous dire « dladocs_regions » ?" in caught.value.message


def _cli(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "dladocs", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            """
            from dladocs import hookimpl

            @hookimpl
            def dladocs_region():
                return []
            """,
            "le plugin « dladocs-demo-plugin » implémente « dladocs_region », qui n'est pas un hook "
            "de dladocs ; vouliez-vous dire « dladocs_regions » ?",
        ),
        (
            "import module_qui_n_existe_pas\n",
            "le plugin « dladocs-demo-plugin » (dladocs_demo_plugin) n'a pas pu être chargé : "
            "ModuleNotFoundError",
        ),
    ],
    ids=["misspelt-hook", "import-error"],
)
def test_an_installed_plugin_that_is_broken_is_named(
    tmp_path: Path, source: str, expected: str
) -> None:
    _fake_distribution(tmp_path, source)
    done = _cli(tmp_path, "plugins")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert expected in done.stderr.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("raise", "le plugin « en-panne » a échoué dans le hook dladocs_regions : KeyError"),
        (
            "strings",
            "le plugin « en-panne » renvoie '53' dans le hook dladocs_regions : une liste de Region est attendue",
        ),
        ("single", "le plugin « en-panne » renvoie Region("),
    ],
)
def test_a_plugin_that_raises_or_returns_the_wrong_thing_is_named(
    dladocs_plugins: Any, answer: str, expected: str
) -> None:
    from dladocs.types import Region

    class Broken:
        @hookimpl
        def dladocs_regions(self) -> Any:
            if answer == "raise":
                return [{}["code"]]
            if answer == "strings":
                return ["53"]
            return Region(code="53", name="Bretagne", slug="bretagne")

    dladocs_plugins.register(Broken(), name="en-panne")
    with pytest.raises(dladocs.DladocsError) as caught:
        get_regions(get_plugin_manager())
    assert expected in caught.value.message


def test_builtins_are_registered_like_plugins() -> None:
    pm = get_plugin_manager()
    names = {pm.get_name(p) for p in pm.get_plugins()}
    assert set(DEFAULT_PLUGINS) <= names
    rows = plugin_listing(pm, include_builtins=True)
    documents = next(r for r in rows if r["module"] == "dladocs.default_plugins.documents")
    assert documents["builtin"] and documents["hooks"] == ["dladocs_document_types"]
    assert plugin_listing(pm, include_builtins=False) == []


def test_plugins_command_json() -> None:
    from click.testing import CliRunner

    from dladocs.cli import main

    result = CliRunner().invoke(main, ["plugins", "--all", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert {r["module"] for r in rows} == set(DEFAULT_PLUGINS)
    assert all(r["version"] == dladocs.__version__ for r in rows)


def test_duplicate_document_ids_are_refused(dladocs_plugins: Any) -> None:
    from dladocs.default_plugins.documents import DOCUMENTS

    class Clash:
        @hookimpl
        def dladocs_document_types(self) -> list[Any]:
            return [DOCUMENTS[0]]

    dladocs_plugins.register(Clash(), name="conflit")
    with pytest.raises(dladocs.DladocsError) as caught:
        get_documents(get_plugin_manager())
    assert "deux plugins déclarent le document « deck »" in caught.value.message
    assert "« conflit »" in caught.value.message
    assert "« dladocs.default_plugins.documents »" in caught.value.message


def test_regions_merge_first_value_wins(dladocs_plugins: Any) -> None:
    from dladocs.types import Department, Porteur, Region

    class Porteurs:
        @hookimpl
        def dladocs_regions(self) -> list[Region]:
            return [
                Region(
                    code="94",
                    name="",
                    slug="",
                    departments=(Department("2A", "Corse-du-Sud", Porteur("Porteur 2A")),),
                    context=("Contexte ajouté par un plugin.",),
                )
            ]

    dladocs_plugins.register(Porteurs())
    corse = get_regions(get_plugin_manager())["94"]
    assert corse.name == "Corse" and corse.slug == "corse"
    assert corse.department("2A").porteur.name == "Porteur 2A"
    assert corse.department("2B").porteur is None
    assert corse.context == ("Contexte ajouté par un plugin.",)
    assert "porteur du DLA régional" in corse.missing[0]


# --------------------------------------------------------------------------- documentation


def _hook_sections() -> set[str]:
    text = (REPO / "docs" / "hooks.md").read_text(encoding="utf-8")
    return set(re.findall(r"^## (dladocs_\w+)$", text, flags=re.M))


def test_every_hook_is_documented_with_an_example() -> None:
    text = (REPO / "docs" / "hooks.md").read_text(encoding="utf-8")
    hooks = set(iter_hook_names())
    assert hooks == _hook_sections(), (
        "docs/hooks.md must have one section per hook, and no stale one"
    )
    for hook in hooks:
        section = text.split(f"## {hook}\n", 1)[1].split("\n## ", 1)[0]
        assert f"def {hook}(" in section, f"{hook}: the section shows its signature"
        assert section.count("```python") >= 2, f"{hook}: the section has an example"
        assert len(section) > 400, f"{hook}: the section says what it does"
        shown = _documented_signature(hook, section)
        assert shown == _spec_signature(hook), f"{hook}: docs/hooks.md shows another signature"


def _spec_signature(hook: str) -> list[str]:
    """The hookspec's parameters and return type, as text (annotations are strings here)."""
    import inspect

    from dladocs import hookspecs

    signature = inspect.signature(getattr(hookspecs, hook))
    parts = [f"{p.name}: {_normal(str(p.annotation))}" for p in signature.parameters.values()]
    return [*parts, f"-> {_normal(str(signature.return_annotation))}"]


def _documented_signature(hook: str, section: str) -> list[str]:
    """The signature the section's first code block shows, read with ``ast``."""
    import ast

    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    tree = ast.parse(textwrap.dedent(block))
    (function,) = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == hook]
    parts = [
        f"{arg.arg}: {_normal(ast.unparse(arg.annotation) if arg.annotation else '')}"
        for arg in function.args.args
    ]
    returns = ast.unparse(function.returns) if function.returns else ""
    return [*parts, f"-> {_normal(returns)}"]


def _normal(annotation: str) -> str:
    return re.sub(r"\s+", "", annotation.replace("'", ""))


def test_every_hook_is_exercised_by_a_test() -> None:
    """Each hook is implemented, under ``@hookimpl``, by a plugin written in a test module.

    Read with ``ast`` from the test modules' code: a hook named in a docstring, a
    comment or a Markdown page does not count.
    """
    import ast

    modules = [
        *(REPO / "tests").glob("test_*.py"),
        *(REPO / "plugins").glob("*/tests/test_*.py"),
    ]
    implemented: dict[str, list[str]] = {}
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                "hookimpl" in ast.unparse(decorator) for decorator in node.decorator_list
            ):
                implemented.setdefault(node.name, []).append(path.name)
    missing = [hook for hook in iter_hook_names() if hook not in implemented]
    assert not missing, f"no test module implements {missing}"


def test_hook_docstrings_are_the_reference() -> None:
    from dladocs import hookspecs

    for hook in iter_hook_names():
        doc = getattr(hookspecs, hook).__doc__ or ""
        assert len(doc.strip()) > 80, hook


def test_reset_gives_a_fresh_manager() -> None:
    first = get_plugin_manager()
    reset_plugin_manager()
    assert get_plugin_manager() is not first


def test_a_plugin_completes_a_known_region_by_its_code_alone(dladocs_plugins: Any) -> None:
    from dladocs.types import Porteur, Region

    class Bretagne:
        @hookimpl
        def dladocs_regions(self) -> list[Region]:
            return [Region(code="53", porteur=Porteur("DLA régional de démonstration"))]

    class Nowhere:
        @hookimpl
        def dladocs_regions(self) -> list[Region]:
            return [Region(code="99")]

    dladocs_plugins.register(Bretagne())
    bretagne = get_regions(get_plugin_manager())["53"]
    assert (bretagne.name, bretagne.slug) == ("Bretagne", "bretagne")
    assert bretagne.porteur is not None and bretagne.porteur.name == "DLA régional de démonstration"
    dladocs_plugins.register(Nowhere())
    with pytest.raises(
        dladocs.DladocsError, match="la région « 99 » n'est connue que par son code"
    ):
        get_regions(get_plugin_manager())


def test_the_testing_kit_moves_the_example_to_another_region(
    dladocs_plugins: Any, dladocs_project: Any, dladocs_build: Any
) -> None:
    project = dladocs.load_project(dladocs_project(region="53"))
    assert project.accompaniment.region == "53"
    assert project.participants == ()
    result = dladocs_build(dladocs_project(region="53"), only=["rapport"])
    assert result.ok
    assert not [w for w in result.warnings if "n'est pas dans la région" in w]
    # Registering a plugin twice (installed, then registered by a test) is harmless.
    module = sys.modules[__name__]
    dladocs_plugins.register(module, name="essai")
    dladocs_plugins.register(module, name="essai")


def test_templates_export_writes_the_templates_of_plugin_documents(
    dladocs_plugins: Any, tmp_path: Path
) -> None:
    from dataclasses import replace

    from dladocs._scaffold import export_templates
    from dladocs.default_plugins.documents import DOCUMENTS

    own = tmp_path / "emargement-papier.docx"
    own.write_bytes(b"PK\x03\x04 un modele")

    class Sheet:
        @hookimpl
        def dladocs_document_types(self) -> list[Any]:
            fiche = DOCUMENTS[1]
            return [replace(fiche, id="emargement-papier", templates={"docx": str(own)})]

    dladocs_plugins.register(Sheet())
    written = {p.name for p in export_templates(tmp_path / "modeles")}
    assert written == {
        "deck.pptx",
        "fiche.docx",
        "grille.docx",
        "rapport.docx",
        "resultats.docx",
        "emargement.docx",
        "emargement-papier.docx",
    }
    assert (tmp_path / "modeles" / "emargement-papier.docx").read_bytes() == own.read_bytes()
