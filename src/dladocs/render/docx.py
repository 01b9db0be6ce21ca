"""Render a DOCX from a docxtpl template, in a sandbox, with tagged pictures.

Project text is data, never template code: the Jinja environment is
sandboxed, autoescaped (so « < » and « & » come out literally) and strict
about undefined variables, whose errors name the template and the variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SandboxedEnvironment

from dladocs.errors import TemplateError
from dladocs.render._props import DocumentProperties
from dladocs.types import ImageRef, RenderJob


class TaggedImage(InlineImage):  # type: ignore[misc]
    """An inline picture whose name and alt text say what it is.

    docxtpl names pictures after their file; verification recognises logos by
    the ``dladocs:logo:<id>`` name and screen readers need the alt text.
    """

    def __init__(self, tpl: DocxTemplate, ref: ImageRef) -> None:
        from docx.shared import Mm

        super().__init__(
            tpl,
            str(ref.path),
            width=Mm(ref.width_mm) if ref.width_mm else None,
            height=Mm(ref.height_mm) if ref.height_mm else None,
        )
        self.ref = ref

    def _insert_image(self) -> str:
        from docx.oxml.ns import qn

        inline = self.tpl.current_rendering_part.new_pic_inline(
            self.image_descriptor, self.width, self.height
        )
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("name", self.ref.name or "dladocs:image")
        doc_pr.set("descr", self.ref.alt)
        c_nv_pr = inline.find(".//" + qn("pic:cNvPr"))
        if c_nv_pr is not None:
            c_nv_pr.set("descr", self.ref.alt)
        return (
            "</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r>"  # noqa: UP031
            '<w:t xml:space="preserve">' % inline.xml
        )


def environment(template: DocxTemplate | None = None) -> SandboxedEnvironment:
    """The sandbox templates render in; with ``template``, its ``lien`` filter makes hyperlinks."""
    from dladocs.render._guard import BoundedSandbox

    env = BoundedSandbox(undefined=jinja2.StrictUndefined, autoescape=True)
    # Without a template (inspecting one's variables), the filter only has to exist.
    env.filters["lien"] = (
        (lambda url: url) if template is None else (lambda url: hyperlink(template, url))
    )
    return env


def hyperlink(template: DocxTemplate, url: Any) -> Any:
    """A clickable ``url`` showing the address without its scheme (« lesbonsclics.fr »).

    Templates write ``{{r r.lien|lien }}``: docxtpl's rich-text tag, alone in its run.
    """
    from docxtpl import RichText

    link = RichText()
    address = str(url or "").strip()
    if address:
        shown = address.split("://", 1)[-1].rstrip("/")
        link.add(shown, url_id=template.build_url_id(address), color=LINK_COLOUR, underline=True)
    return link


def render(job: RenderJob) -> None:
    assert job.template is not None
    template = load_template(job.template)
    context = _images(dict(job.context), template)
    try:
        template.render(context, jinja_env=environment(template), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"le modèle {job.template.name} utilise une variable que dladocs ne fournit pas "
            f"pour le document « {job.document.id} » : {_undefined_name(exc)}. Corrigez le "
            "modèle (la liste des variables est dans docs/templates.md).",
            path=job.template,
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"le modèle {job.template.name} contient une balise invalide "
            f"(« {exc.message} ») : vérifiez les {{% … %}} et {{{{ … }}}} du modèle.",
            path=job.template,
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(
            f"le modèle {job.template.name} tente une opération que le bac à sable de dladocs "
            f"interdit ({_forbidden(exc)}) : un modèle ne peut que placer les valeurs que "
            "dladocs lui donne ; retirez cette balise du modèle.",
            path=job.template,
        ) from None
    except RecursionError:
        raise TemplateError(
            f"le modèle {job.template.name} s'appelle lui-même sans fin (une macro récursive) : "
            "corrigez le modèle.",
            path=job.template,
        ) from None
    except (jinja2.TemplateError, ArithmeticError) as exc:
        # Sandbox limits (a range too large) and template arithmetic (a division by zero).
        raise TemplateError(
            f"le modèle {job.template.name} n'a pas pu être rempli pour le document "
            f"« {job.document.id} » : {exc.__class__.__name__} ({exc}). Corrigez le modèle.",
            path=job.template,
        ) from None
    DocumentProperties.from_context(job.context, job.project).apply_docx(template.docx)
    from dladocs.render._pagination import keep_tables_together

    keep_tables_together(template.docx)  # whatever the template: no lonely rows (LAY-01, LAY-02)
    from dladocs.render._nobreak import word_hyphens

    word_hyphens(template.docx)  # compound names whole at a line end (LAY-06)
    template.save(str(job.output))


def load_template(path: Path) -> DocxTemplate:
    try:
        return DocxTemplate(str(path))
    except Exception as exc:  # docx raises assorted errors for a file that is not a DOCX
        raise TemplateError(
            f"le modèle {path.name} n'est pas un fichier Word lisible ({exc.__class__.__name__}) : "
            "réexportez-le depuis Word ou LibreOffice au format .docx.",
            path=path,
        ) from exc


def undeclared(path: Path) -> set[str]:
    """The top-level variables a template uses (to say what a theme's template lacks)."""
    return set(load_template(path).get_undeclared_template_variables(jinja_env=environment()))


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    message = str(exc.message or "")
    quoted = message.split("'")[1::2]
    if "has no attribute" in message and quoted:
        # "'str object' has no attribute 'x'": the name is the last quoted word, not the first.
        return f"« {quoted[-1]} » ({message})"
    if quoted:
        return f"« {quoted[0]} »"
    return message


def _forbidden(exc: jinja2.exceptions.SecurityError) -> str:
    message = str(exc)
    quoted = message.split("'")[1::2]
    if message.startswith("access to attribute") and quoted:
        return f"accès à l'attribut « {quoted[0]} »"
    return message


# Hyperlinks look like links in every viewer: the theme's link blue, underlined.
LINK_COLOUR = "1F5FAD"


def _images(value: Any, template: DocxTemplate) -> Any:
    if isinstance(value, ImageRef):
        return TaggedImage(template, value)

    if isinstance(value, Mapping):
        return {key: _images(item, template) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_images(item, template) for item in value]
    return value
