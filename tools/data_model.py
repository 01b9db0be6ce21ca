"""Write docs/data-model.md, the reference of the objects plugins receive, from the code itself.

    python tools/data_model.py          # rewrite docs/data-model.md
    python tools/data_model.py --check  # exit 1 if it is not what the code gives

The project file's keys are French and the attributes English: the page maps
each key to its attribute.  Every field, property and exception is listed from
the classes themselves, so a field added without its documentation fails the
``--check`` run (tests/test_data_model.py).
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
import typing
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "docs" / "data-model.md"

HEADER = """# Data model reference

The objects a plugin receives and returns, field by field.  This page is
generated from the code by `python tools/data_model.py` and checked by
`tests/test_data_model.py`: a field added to a class without regenerating it
fails the tests.  Types are those of `dladocs.types` unless said otherwise.

In the project file keys are French (people write them); in Python they are
English attributes (developers read them).  The first column of each project
table is the key in `dladocs.toml`, the second the attribute of the object
your hooks receive: `[accompagnement] titre` is `project.accompaniment.title`.
"""


def _first_paragraph(obj: Any) -> str:
    # A class's own docstring only: pydantic's BaseModel documents itself, not the project.
    own = obj.__dict__.get("__doc__") if isinstance(obj, type) else obj.__doc__
    doc = inspect.cleandoc(own or "")
    if isinstance(obj, type) and doc.startswith(f"{obj.__name__}("):
        doc = ""  # the signature dataclasses write when a class has no docstring
    return doc.split("\n\n", 1)[0].replace("\n", " ").strip()


def _type_name(annotation: Any) -> str:
    text = annotation if isinstance(annotation, str) else _plain(annotation)
    return (
        str(text)
        .replace("dladocs.project.", "")
        .replace("dladocs.types.", "")
        .replace("typing.", "")
        .replace("collections.abc.", "")
        .replace("pathlib.", "")
        .replace("|", "\\|")
    )


def _intro(cls: Any) -> list[str]:
    doc = _first_paragraph(cls)
    return [doc, ""] if doc else []


def _plain(annotation: Any) -> str:
    """A readable type: validators and constraints (``Annotated``) left out, unions with ``|``."""
    import types

    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _plain(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_plain(a) for a in args)
    if origin is typing.Literal:
        return "Literal[" + ", ".join(repr(a) for a in args) + "]"
    if args:
        shown = ", ".join("..." if a is Ellipsis else _plain(a) for a in args)
        return f"{getattr(origin, '__name__', str(origin))}[{shown}]"
    if annotation is type(None):
        return "None"
    return getattr(annotation, "__name__", repr(annotation))


def _default(field: dataclasses.Field[Any]) -> str:
    if field.default is not dataclasses.MISSING:
        return f"`{field.default!r}`"
    if field.default_factory is not dataclasses.MISSING:
        value = field.default_factory()
        return f"`{value!r}`" if value in ({}, [], ()) else "(computed)"
    return "required"


def _properties(cls: type) -> list[str]:
    rows = []
    for name, member in sorted(vars(cls).items()):
        if name.startswith("_") or not isinstance(member, property):
            continue
        rows.append(f"| `{name}` (property) | {_first_paragraph(member.fget) or '—'} |")
    return rows


def _dataclass(cls: type, qualified: str) -> list[str]:
    lines = [f"## `{qualified}`", "", *_intro(cls)]
    lines += ["| attribute | type | default |", "|---|---|---|"]
    for field in dataclasses.fields(cls):
        if field.name.startswith("_"):
            continue
        lines.append(f"| `{field.name}` | `{_type_name(field.type)}` | {_default(field)} |")
    properties = _properties(cls)
    if properties:
        lines += ["", "| property | what it gives |", "|---|---|"]
        lines += [row.replace(" (property)", "") for row in properties]
    return [*lines, ""]


def _models() -> list[tuple[str, type]]:
    """The project model and every model it holds, in the order of the file."""
    from pydantic import BaseModel

    from dladocs.project import Project

    found: list[tuple[str, type]] = [("", Project)]
    queue: list[tuple[str, type]] = [("", Project)]
    while queue:
        prefix, model = queue.pop(0)
        for name, info in model.model_fields.items():
            key = info.alias or name
            for candidate in _model_args(info.annotation):
                if issubclass(candidate, BaseModel) and candidate not in [m for _, m in found]:
                    path = f"{prefix}.{key}" if prefix else key
                    found.append((path, candidate))
                    queue.append((path, candidate))
    return found


def _model_args(annotation: Any) -> list[type]:
    args = [annotation, *typing.get_args(annotation)]
    for arg in list(args[1:]):
        args += typing.get_args(arg)
    return [a for a in args if isinstance(a, type)]


def _model(path: str, model: Any) -> list[str]:
    title = f"`[{path}]` → `{model.__name__}`" if path else "`dladocs.project.Project`"
    lines = [f"## {title}", "", *_intro(model)]
    lines += ["| key in dladocs.toml | attribute | type |", "|---|---|---|"]
    for name, info in model.model_fields.items():
        annotation = _type_name(info.annotation)
        lines.append(f"| `{info.alias or name}` | `{name}` | `{annotation}` |")
    properties = _properties(model)
    if properties:
        lines += ["", "| property | what it gives |", "|---|---|"]
        lines += [row.replace(" (property)", "") for row in properties]
    return [*lines, ""]


def _errors() -> list[str]:
    from dladocs import errors

    lines = [
        "## Exceptions (`dladocs.errors`)",
        "",
        "Raise a `DladocsError` from a hook for bad input the user can fix: the",
        "command prints its French message and exits with code 2.  Any other",
        "exception in a plugin is reported the same way, naming the plugin and the hook.",
        "",
        "| exception | attributes | when |",
        "|---|---|---|",
    ]
    for name in ("DladocsError", "ProjectError", "TemplateError", "UnreadableFileError"):
        cls = getattr(errors, name)
        attributes = ["message", "path", "exit_code"] + (
            ["problems"] if name == "ProjectError" else []
        )
        shown = ", ".join(f"`{a}`" for a in attributes)
        lines.append(f"| `{name}` | {shown} | {_first_paragraph(cls)} |")
    return [*lines, ""]


def render() -> str:
    from dladocs import types
    from dladocs.pipeline import BuildOptions, BuildResult
    from dladocs.verify import FileCheck

    lines = [HEADER, "## Contents", ""]
    classes: list[tuple[str, type]] = [
        ("dladocs.types.DocumentType", types.DocumentType),
        ("dladocs.types.ContextRequest", types.ContextRequest),
        ("dladocs.types.RenderJob", types.RenderJob),
        ("dladocs.types.ImageRef", types.ImageRef),
        ("dladocs.types.Region", types.Region),
        ("dladocs.types.Department", types.Department),
        ("dladocs.types.Porteur", types.Porteur),
        ("dladocs.types.Logo", types.Logo),
        ("dladocs.types.Requirement", types.Requirement),
        ("dladocs.types.Rule", types.Rule),
        ("dladocs.types.RuleSet", types.RuleSet),
        ("dladocs.types.Violation", types.Violation),
        ("dladocs.types.SurfaceRef", types.SurfaceRef),
        ("dladocs.types.Inspection", types.Inspection),
        ("dladocs.types.Surface", types.Surface),
        ("dladocs.types.Picture", types.Picture),
        ("dladocs.types.TextRun", types.TextRun),
        ("dladocs.types.Box", types.Box),
        ("dladocs.types.CheckOptions", types.CheckOptions),
        ("dladocs.types.CheckState", types.CheckState),
        ("dladocs.types.Artifact", types.Artifact),
        ("dladocs.build.BuildOptions", BuildOptions),
        ("dladocs.build.BuildResult", BuildResult),
        ("dladocs.verify.FileCheck", FileCheck),
    ]
    models = _models()
    lines += ["- The project: " + ", ".join(f"`{m.__name__}`" for _, m in models)]
    lines += ["- Plugin types: " + ", ".join(f"`{q.rsplit('.', 1)[1]}`" for q, _ in classes)]
    lines += [
        "- Exceptions: `DladocsError`, `ProjectError`, `TemplateError`, `UnreadableFileError`"
    ]
    lines += ["", "# The project (`dladocs.toml`)", ""]
    for path, model in models:
        lines += _model(path, model)
    lines += ["# Plugin types", ""]
    for qualified, cls in classes:
        lines += _dataclass(cls, qualified)
    lines += ["# Errors", ""]
    lines += _errors()
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date: run python tools/data_model.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
