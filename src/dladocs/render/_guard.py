"""Templates are user files too: their size, their ZIP and their XML are checked before rendering.

A template in a project's ``[modeles] dossier`` (or given by a theme) is opened
by docxtpl or python-pptx, which trust it.  Before that, the package goes
through the limits dladocs applies to files from strangers
(:mod:`dladocs.inspect._safety`): a regular file of at most 50 MB, a ZIP whose
index, declared sizes and compression ratios are sane, members that do not
inflate past their caps, and XML parts that parse without entities and
without nesting deeper than 256 levels.  Each refusal is a French
:class:`~dladocs.errors.TemplateError` naming the template (exit code 2).

Templates are also code (Jinja); :class:`BoundedSandbox` bounds what one
expression can build: ``{{ 'A' * 10**10 }}`` or ``{{ 9 ** 9 ** 9 }}`` are
refused instead of exhausting memory or time.
"""

from __future__ import annotations

import functools
import math
import zipfile
from pathlib import Path
from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import Concat
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment, safe_range

from dladocs.errors import TemplateError

MB = 1024 * 1024
TEMPLATE_MAX = 50 * MB
# Characters one template expression may produce (a whole report is far smaller).
MAX_VALUE_LENGTH = 1_000_000
# Bits of an integer a template may compute (10**300 is about 1,000 bits).
MAX_INT_BITS = 4096
# Items all the ``range()`` of one rendering may yield together: nested loops cannot multiply.
MAX_RANGE_ITEMS = 2_000_000


def check_template(path: Path) -> None:
    """Refuse ``path`` as a template unless it is a sane Office package (see the module docstring)."""
    stat = path.stat()
    _check(str(path), stat.st_size, stat.st_mtime_ns)


@functools.cache
def _check(name: str, size: int, mtime: int) -> None:
    del size, mtime  # part of the cache key only: a changed file is checked again
    from dladocs._userfiles import check_user_file
    from dladocs.inspect._safety import Limits, Refused, SafeZip, parse_xml

    path = Path(name)
    check_user_file(path, f"le modèle « {path.name} »", TEMPLATE_MAX)
    limits = Limits(max_file_bytes=TEMPLATE_MAX, max_total_uncompressed=200 * MB)
    try:
        with SafeZip(path, limits) as package:
            for member in package.names():
                data = package.read(member)
                if member.lower().endswith((".xml", ".rels")):
                    parse_xml(data, member, limits)
    except Refused as refused:
        raise TemplateError(
            f"le modèle {path.name} est refusé : {refused.message}.", path=path
        ) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        kind = "PowerPoint" if path.suffix.lower() == ".pptx" else "Word"
        raise TemplateError(
            f"le modèle {path.name} n'est pas un fichier {kind} lisible (ce n'est pas une "
            f"archive {path.suffix or 'Office'}) : réexportez-le depuis {kind} ou LibreOffice "
            f"au format {path.suffix or '.docx'}.",
            path=path,
        ) from None


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


class _BoundedCode(CodeGenerator):
    """Compile « a ~ b » into a call that checks the length of the result first."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.bounded_join(context, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with the size of what ``*``, ``**`` and padding methods build bounded."""

    intercepted_binops = frozenset(["*", "**", "+"])
    code_generator_class = _BoundedCode

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._range_items = 0
        self.globals["range"] = self._range
        for name in ("center", "indent"):
            self.filters[name] = self._bounded_filter(self.filters[name])

    def bounded_join(self, context: Any, items: tuple[Any, ...]) -> str:
        _refuse_length(sum(len(str(item)) for item in items))
        return markup_join(items) if context.eval_ctx.autoescape else str_join(items)

    def _range(self, *args: int) -> range:
        items = safe_range(*args)  # one range stays capped by Jinja's own sandbox (100,000)
        self._range_items += len(items)
        if self._range_items > MAX_RANGE_ITEMS:
            raise SecurityError(
                f"boucles trop longues (plus de {MAX_RANGE_ITEMS} tours en tout pour ce modèle)"
            )
        return items

    @staticmethod
    def _bounded_filter(function: Any) -> Any:
        @functools.wraps(function)
        def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
            numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
            _refuse_length(max(numbers, default=0) + _length(value))
            return function(value, *args, **kwargs)

        return bounded

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "*":
            for sequence, times in ((left, right), (right, left)):
                if _length(sequence) and isinstance(times, int):
                    _refuse_length(_length(sequence) * max(times, 0))
        elif operator_name == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > MAX_INT_BITS:
                raise SecurityError(
                    f"puissance trop grande ({left} ** {right}) : au plus {MAX_INT_BITS} bits"
                )
        elif operator_name == "+":
            _refuse_length(_length(left) + _length(right))
        return super().call_binop(context, operator_name, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # str.center(10**10), "x".ljust(...), zfill, expandtabs: a width argument builds the string.
        numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
        if getattr(__obj, "__self__", None).__class__ is str and numbers:
            _refuse_length(max(numbers) * (8 if __obj.__name__ == "expandtabs" else 1))
        return SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)


def _refuse_length(length: int) -> None:
    if length > MAX_VALUE_LENGTH:
        raise SecurityError(
            f"une valeur de {length} caractères ou éléments (au plus {MAX_VALUE_LENGTH})"
        )
