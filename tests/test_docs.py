"""The documentation stays true to the code.

docs/guide-utilisateur.md must name every key of ``dladocs.toml``, every rule
with the level it really has, every command and option, and its TOML
examples must be accepted by dladocs.  docs/templates.md must name every
variable the shipped templates use and every value the built-in context
builders give to templates and to the slide renderer.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from pydantic import BaseModel

from dladocs import hookimpl
from dladocs.testing import PluginRegistrar

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
GUIDE = DOCS / "guide-utilisateur.md"
TEMPLATES = DOCS / "templates.md"
COMPLETE = "# exemple complet"


# --------------------------------------------------------------------------- reading Markdown


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _fences(markdown: str) -> Iterator[tuple[str, str]]:
    """(language, dedented body) of every fenced code block, indented ones included."""
    pattern = re.compile(r"^([ \t]*)```(\w*)\n(.*?)^\1```", re.MULTILINE | re.DOTALL)
    for match in pattern.finditer(markdown):
        yield match.group(2), textwrap.dedent(match.group(3))


def _toml_blocks(markdown: str) -> list[str]:
    return [body for language, body in _fences(markdown) if language == "toml"]


def _prose(markdown: str) -> str:
    """The Markdown without its fenced code blocks."""
    return re.sub(r"^([ \t]*)```.*?^\1```", "", markdown, flags=re.MULTILINE | re.DOTALL)


def _code_spans(markdown: str) -> set[str]:
    return {span.strip() for span in re.findall(r"`([^`\n]+)`", _prose(markdown))}


def _toml_keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _toml_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _toml_keys(item)


def _documented_keys(markdown: str) -> set[str]:
    """Keys written as `cle`, as a table header `[a.b]` / `[[a.b]]`, or inside a TOML block."""
    found: set[str] = set()
    for span in _code_spans(markdown):
        header = re.fullmatch(r"\[\[?([\w.]+)\]\]?", span)
        found.update(header.group(1).split(".") if header else [span])
    for block in _toml_blocks(markdown):
        found.update(_toml_keys(tomllib.loads(block)))
    return found


def _github_slug(heading: str) -> str:
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(markdown: str) -> set[str]:
    headings = re.findall(r"^#{1,6} (.+)$", _prose(markdown), flags=re.MULTILINE)
    return {_github_slug(heading) for heading in headings}


# --------------------------------------------------------------------------- the project file


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """The pydantic models inside an annotation: tuple[Part, ...], Actions | None, str | ActionIdea..."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def project_keys() -> set[str]:
    """Every French key of ``dladocs.toml``: the field aliases of Project and its nested models."""
    from dladocs.project import Project

    keys: set[str] = set()
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [Project]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            keys.add(field.alias or name)
            todo.extend(_models_in(field.annotation))
    return keys


def test_the_key_walker_reaches_nested_models() -> None:
    keys = project_keys()
    # One key from each level of nesting: a table, a list of tables, a table in a list of
    # tables, an alternative of a union inside a tuple, a dict-valued key.
    assert {"accompagnement", "sequence", "niveau_numerique", "postes", "detail", "autres"} <= keys


def test_every_project_key_is_documented() -> None:
    documented = _documented_keys(_text(GUIDE))
    missing = sorted(project_keys() - documented)
    assert not missing, f"keys of dladocs.toml missing from the user guide: {missing}"


def test_every_project_key_has_its_row_in_a_key_table() -> None:
    rows = set(re.findall(r"^\| `(\w+)` \|", _text(GUIDE), flags=re.MULTILINE))
    tables = {"accompagnement", "porteurs", "consultant", "webinaire", "participants", "questions",
              "actions", "retours_experience", "deroulement", "bilan", "cout", "logos",
              "evaluation", "verification", "modeles", "sortie", "postes", "presence"}  # fmt: skip
    missing = sorted(project_keys() - rows - tables)
    assert not missing, f"keys without a row « | `cle` | » in the guide's tables: {missing}"


# --------------------------------------------------------------------------- TOML examples


def _merge(base: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in fragment.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def test_every_toml_block_of_the_guide_parses() -> None:
    blocks = _toml_blocks(_text(GUIDE))
    assert len(blocks) > 10
    for block in blocks:
        tomllib.loads(block)


def test_the_complete_examples_are_valid_projects(tmp_path: Path) -> None:
    from dladocs.project import parse_project

    complete = [b for b in _toml_blocks(_text(GUIDE)) if b.startswith(COMPLETE)]
    assert complete, f"the guide needs at least one ```toml block starting with « {COMPLETE} »"
    for number, block in enumerate(complete, start=1):
        folder = tmp_path / f"projet-{number}"
        folder.mkdir()
        path = folder / "dladocs.toml"
        path.write_text(block, encoding="utf-8")
        project = parse_project(block.encode("utf-8"), path)
        assert project.accompaniment.title
        assert project.webinar.sequence


def test_every_fragment_fits_into_the_complete_example() -> None:
    """Fragments of tables, merged in the guide's order into the complete example, stay valid."""
    from dladocs.project import Project

    blocks = _toml_blocks(_text(GUIDE))
    project = tomllib.loads(next(b for b in blocks if b.startswith(COMPLETE)))
    checked = 0
    for block in blocks:
        data = tomllib.loads(block)
        if block.startswith(COMPLETE) or not all(isinstance(v, dict | list) for v in data.values()):
            continue  # a whole project, or an illustration of TOML syntax with top-level values
        project = _merge(project, data)
        Project.model_validate(project)
        checked += 1
    assert checked >= 15


# --------------------------------------------------------------------------- rules


def _rules() -> dict[str, str]:
    """Rule id → severity, for every registered rule set and the deck's pedagogy checks."""
    from dladocs.default_plugins import layout, methodology, readability, report_checks
    from dladocs.plugins import get_plugin_manager, get_rule_sets
    from dladocs.types import Rule

    rules: dict[str, str] = {}
    for rule_set in get_rule_sets(get_plugin_manager()).values():
        for rule in rule_set.rules:
            rules[rule.id] = rule.severity
    for module in (methodology, layout, report_checks, readability):
        for value in vars(module).values():
            if isinstance(value, Rule):
                rules[value.id] = value.severity
    return rules


def _rule_rows(markdown: str) -> list[tuple[str, str]]:
    """(rule id, documented level) of the guide's rule tables: | id | what | level | what to do |."""
    rows = []
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"[A-Z]+\d*-\d+", cells[0]):
            rows.append((cells[0], cells[2]))
    return rows


def test_every_rule_is_documented_with_its_level() -> None:
    rules = _rules()
    assert {
        "E14-04",
        "E21-11",
        "G-01",
        "DLA-01",
        "DLA-02",
        "REF-01",
        "PED-01",
        "PED-02",
        "PED-03",
    } <= set(rules)
    rows = _rule_rows(_text(GUIDE))
    documented = {rule for rule, _ in rows}
    assert not sorted(set(rules) - documented), (
        f"rules missing from the guide: {sorted(set(rules) - documented)}"
    )
    levels = {"error": "erreur", "warning": "recommandation"}
    for rule, level in rows:
        assert rule in rules, f"the guide documents a rule that does not exist: {rule}"
        assert level == levels[rules[rule]], (
            f"{rule} is documented as « {level} », it is {rules[rule]}"
        )


# --------------------------------------------------------------------------- command line


def _commands() -> Iterator[tuple[str, click.Command]]:
    from dladocs.cli import main

    yield "dladocs", main
    for name, command in main.commands.items():
        yield f"dladocs {name}", command
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                yield f"dladocs {name} {sub_name}", sub


def test_every_command_and_option_is_in_the_guide() -> None:
    guide = _text(GUIDE)
    missing: list[str] = []
    for path, command in _commands():
        if path != "dladocs" and not isinstance(command, click.Group) and path not in guide:
            missing.append(path)
        for param in command.get_params(click.Context(command)):
            if not isinstance(param, click.Option):
                continue
            for option in [*param.opts, *param.secondary_opts]:
                if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", guide):
                    missing.append(f"{path} {option}")
    assert not missing, f"commands and options missing from the user guide: {missing}"


def test_the_documented_options_exist() -> None:
    """Options named in the guide's tables of options are real options of dladocs."""
    known = {
        option
        for _, command in _commands()
        for param in command.get_params(click.Context(command))
        if isinstance(param, click.Option)
        for option in [*param.opts, *param.secondary_opts]
    }
    named = set(re.findall(r"^\| `(--?[a-z][\w-]*)", _text(GUIDE), flags=re.MULTILINE))
    assert named, "the guide has tables of options"
    assert not sorted(named - known), (
        f"options documented but unknown to dladocs: {sorted(named - known)}"
    )


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize("path", [GUIDE, TEMPLATES], ids=lambda p: p.name)
def test_links_point_to_existing_files_and_headings(path: Path) -> None:
    markdown = _text(path)
    links = re.findall(r"\]\(([^)\s]+)\)", _prose(markdown))
    assert links
    for link in links:
        if link.startswith(("http://", "https://")):
            continue
        target, _, anchor = link.partition("#")
        file = (path.parent / target).resolve() if target else path
        assert file.exists(), f"{path.name}: link to a missing file {link}"
        if anchor and file.suffix == ".md":
            assert anchor in _anchors(_text(file)), f"{path.name}: link to a missing heading {link}"


# --------------------------------------------------------------------------- templates


def test_every_variable_of_the_shipped_docx_templates_is_documented() -> None:
    from dladocs.default_plugins.templates import builtin_templates
    from dladocs.render.docx import undeclared

    spans = _code_spans(_text(TEMPLATES))
    templates = sorted(builtin_templates().glob("*.docx"))
    assert {t.name for t in templates} == {
        "fiche.docx",
        "grille.docx",
        "rapport.docx",
        "resultats.docx",
        "emargement.docx",
    }
    for template in templates:
        variables = undeclared(template)
        assert variables, template.name
        missing = sorted(variables - spans)
        assert not missing, (
            f"variables of {template.name} missing from docs/templates.md: {missing}"
        )


def _context_keys(value: Any, *, skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every dict key in a context, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            if key not in skip:
                yield from _context_keys(item, skip=skip)
    elif isinstance(value, list | tuple) and not isinstance(value, str):
        for item in value:
            yield from _context_keys(item, skip=skip)


class _Recorder:
    """A plugin that keeps each built-in document's rendering context."""

    def __init__(self) -> None:
        self.contexts: dict[str, dict[str, Any]] = {}

    @hookimpl
    def dladocs_context(
        self, document: Any, project: Any, region: Any, context: dict[str, Any]
    ) -> None:
        self.contexts[document.id] = context


def test_every_context_value_is_documented(
    dladocs_plugins: PluginRegistrar, tmp_path: Path
) -> None:
    """Build the example and check that every key templates and slides receive is in templates.md."""
    from dladocs import build, load_project
    from dladocs.project import example_project

    recorder = _Recorder()
    dladocs_plugins.register(recorder, name="recorder")
    result = build(load_project(example_project()), tmp_path / "sortie")
    assert result.ok
    # The example has a presence.json: the proofs of attendance are built and documented too.
    assert set(recorder.contexts) == {
        "deck", "fiche", "grille", "rapport", "resultats", "emargement", "attestations",
    }  # fmt: skip
    spans = _code_spans(_text(TEMPLATES))
    for document, context in recorder.contexts.items():
        # Slides are checked below; pictures (ImageRef) are values, not dicts.
        keys = set(_context_keys(context, skip=frozenset({"slides"})))
        missing = sorted(keys - spans)
        assert not missing, (
            f"context keys of « {document} » missing from docs/templates.md: {missing}"
        )
    slides = recorder.contexts["deck"]["slides"]
    slide_keys = set(_context_keys(slides))
    layouts = {slide["layout"] for slide in slides}
    kinds = {block["kind"] for slide in slides for block in slide.get("body", [])}
    styles = {
        block.get("style", "plain")
        for slide in slides
        for block in slide.get("body", [])
        if block["kind"] == "text"
    }
    missing = sorted((slide_keys | layouts | kinds | styles) - spans)
    assert not missing, f"slide specification values missing from docs/templates.md: {missing}"


def test_the_deck_contract_matches_the_renderer() -> None:
    from dladocs.render import pptx

    spans = _code_spans(_text(TEMPLATES))
    assert set(pptx.REQUIRED_LAYOUTS) <= spans
    assert pptx.BAND_MARKER in spans


# --------------------------------------------------------------------------- the hook reference runs


def _hook_examples(*hooks: str) -> str:
    """The Python examples of these sections of docs/hooks.md, as one module's source."""
    text = _text(DOCS / "hooks.md")
    sources = []
    for hook in hooks:
        section = text.split(f"\n## {hook}\n", 1)[1].split("\n## ", 1)[0]
        blocks = [body for language, body in _fences(section) if language == "python"]
        sources.append(blocks[-1])  # the first block is the signature, the last the example
    return "\n\n".join(sources)


def test_the_regional_logo_examples_of_the_hook_reference_work_together(
    dladocs_plugins: PluginRegistrar, dladocs_project: Any, dladocs_build: Any, tmp_path: Path
) -> None:
    """dladocs_logos, dladocs_rule_sets and dladocs_requirements, copied from the reference."""
    import types

    from PIL import Image, ImageDraw

    folder = tmp_path / "plugin"
    (folder / "logos").mkdir(parents=True)
    logo = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(logo).rectangle((10, 10, 590, 190), fill="#2a7f73")
    logo.save(folder / "logos" / "region.png")
    module = types.ModuleType("exemple_region")
    module.__file__ = str(folder / "exemple_region.py")
    source = _hook_examples("dladocs_logos", "dladocs_rule_sets", "dladocs_requirements")
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    dladocs_plugins.register(module)

    result = dladocs_build(dladocs_project(), regions="32,53")
    assert result.ok, [(c.path, c.errors) for c in result.checks if c.errors]
    bretagne = [
        c for c in result.checks if c.path.relative_to(result.out_dir).parts[0] == "bretagne"
    ]
    # The rule holds on Bretagne's communication pieces, which carry the regional logo...
    assert bretagne and not [v for c in bretagne for v in c.violations if v.rule == "X-01"]
    # ... and a deck without it is caught.
    module.dladocs_logos = lambda project, region: []  # type: ignore[attr-defined]
    dladocs_plugins.manager.unregister(module)
    dladocs_plugins.register(module)
    failing = dladocs_build(dladocs_project(), regions="53", only=["deck"])
    assert not failing.ok
    assert {v.rule for c in failing.checks for v in c.errors} == {"X-01"}


def test_the_content_pack_example_of_the_hook_reference_works(
    dladocs_plugins: PluginRegistrar, dladocs_project: Any, tmp_path: Path
) -> None:
    """dladocs_content_packs, copied from the reference: its pack's module becomes slides."""
    import types

    from pptx import Presentation

    import dladocs

    folder = tmp_path / "plugin"
    (folder / "contenus").mkdir(parents=True)
    (folder / "contenus" / "paie-et-contrats.md").write_text(
        "# La paie en trois dates\n\n- Le 5 : variables\n- Le 25 : virement\n\n<!-- Script. -->\n",
        encoding="utf-8",
    )
    module = types.ModuleType("exemple_pack")
    module.__file__ = str(folder / "exemple_pack.py")
    exec(compile(_hook_examples("dladocs_content_packs"), module.__file__, "exec"), module.__dict__)
    dladocs_plugins.register(module)

    project = dladocs_project(replace={'contenu = "suites"': 'contenu = "paie-et-contrats"'})
    result = dladocs.build(dladocs.load_project(project), tmp_path / "sortie", only=("deck",))

    assert result.ok
    deck = Presentation(str(tmp_path / "sortie" / "hauts-de-france" / "support-webinaire.pptx"))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert "La paie en trois dates" in titles
