"""Content modules ``contenus/NAME.md``: a text area, and a preview of the slides it makes.

The preview follows the module format: slides split on lines ``---``, ``# ``
titles, ``- `` bullets, ``<!-- -->`` speaker notes shown apart (layout and
fiche directives shown as labels).  Markdown is rendered by markdown-it-py
with raw HTML disabled, so a module cannot inject markup into the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from dladocs.serve import security, tomledit
from dladocs.serve.state import checked_form, render, state_of

FOLDER = "contenus"
NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
MAX_CHARS = 200_000
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_DIRECTIVE = re.compile(r"\s*(disposition|schema|fiche)\s*:\s*([\w-]+)\s*$")
_SEPARATOR = re.compile(r"^---[ \t]*$", re.M)
STARTER = """# Titre de la diapositive

- Premier point
- Deuxième point

<!-- Notes de l'animateur : ce qui se dit pendant cette diapositive. -->

---

# Deuxième diapositive

Un paragraphe de texte.
"""


@dataclass(slots=True)
class Slide:
    html: str
    notes: list[str] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    current: Any = md.renderer
    default = current.rules.get("image")

    def image(renderer: Any, tokens: Any, index: int, options: Any, env: Any) -> str:
        token = tokens[index]
        source = str(token.attrGet("src") or "")
        # Only pictures inside the project's contenus/ folder are shown; nothing is fetched elsewhere.
        if (
            re.match(r"^[A-Za-z0-9_./-]+$", source)
            and ".." not in source
            and not source.startswith("/")
        ):
            token.attrSet("src", f"/projet-fichier/{FOLDER}/{source}")
        else:
            token.attrSet("src", "")
        return str(default(tokens, index, options, env)) if default else ""

    md.add_render_rule("image", image)
    return md


def slides(text: str) -> list[Slide]:
    """The slides of a module, as the preview shows them."""
    md = _markdown()
    result = []
    for chunk in _SEPARATOR.split(text.replace("\r\n", "\n")):
        if not chunk.strip():
            continue
        slide = Slide("")
        for comment in _COMMENT.findall(chunk):
            directive = _DIRECTIVE.match(comment)
            if directive:
                slide.directives.append(f"{directive.group(1)} : {directive.group(2)}")
            elif comment.strip():
                slide.notes.append(comment.strip())
        slide.html = md.render(_COMMENT.sub("", chunk))
        result.append(slide)
    return result


def _folder(request: Request) -> Path:
    return state_of(request).folder / FOLDER


def _name(request: Request) -> str:
    name = str(request.path_params["name"])
    if not NAME.fullmatch(name):
        raise HTTPException(
            400,
            f"Nom de module « {name[:60]} » refusé : lettres minuscules sans accent, chiffres et tirets.",
        )
    return name


async def contents_page(request: Request) -> Response:
    folder = _folder(request)
    names = sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []
    return render(request, "contenus.html", {"names": names})


async def new_module(request: Request) -> Response:
    form = await checked_form(request)
    name = str(form.get("nom", "")).strip().lower()
    if not NAME.fullmatch(name):
        folder = _folder(request)
        names = sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []
        return render(
            request,
            "contenus.html",
            {
                "names": names,
                "refusal": f"Nom « {name[:60]} » refusé : lettres minuscules sans accent, chiffres et tirets, par exemple « mon-module ».",
            },
            status=400,
        )
    from starlette.responses import RedirectResponse

    return RedirectResponse(f"/contenus/{name}", status_code=303)


def _module_context(name: str, text: str, fingerprint: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "text": text, "slides": slides(text), "fingerprint": fingerprint, **extra}


async def module_page(request: Request) -> Response:
    name = _name(request)
    target = _folder(request) / f"{name}.md"
    raw = target.read_bytes() if target.is_file() else b""
    text = raw.decode("utf-8-sig", "replace") if raw else STARTER
    return render(
        request, "module.html", _module_context(name, text, tomledit.fingerprint(raw), new=not raw)
    )


async def module_save(request: Request) -> Response:
    name = _name(request)
    form = await checked_form(request)
    text = str(form.get("texte", ""))
    given = str(form.get("empreinte", ""))
    folder = _folder(request)
    target = folder / f"{name}.md"
    raw = target.read_bytes() if target.is_file() else b""
    if len(text) > MAX_CHARS:
        context = _module_context(
            name,
            text,
            given,
            refusal=f"Module trop long ({len(text)} caractères ; {MAX_CHARS} au plus).",
        )
        return render(request, "module.html", context, status=413)
    if given != tomledit.fingerprint(raw):
        context = _module_context(
            name,
            text,
            given,
            refusal=f"contenus/{name}.md a été modifié en dehors de cette page depuis son ouverture : "
            "votre texte n'a PAS été enregistré. Copiez-le si besoin, puis rechargez la page.",
        )
        return render(request, "module.html", context, status=409)
    # Checked from the project folder: a link to elsewhere (contenus/ or the file) is refused.
    if security.inside(state_of(request).folder, f"{FOLDER}/{name}.md") is None:
        raise HTTPException(
            400, f"contenus/{name}.md mène en dehors du projet : enregistrement refusé."
        )
    folder.mkdir(exist_ok=True)
    tomledit.atomic_write(target, text.replace("\r\n", "\n"))
    saved = tomledit.fingerprint(target.read_bytes())
    return render(request, "module.html", _module_context(name, text, saved, saved=True))


async def preview(request: Request) -> Response:
    form = await checked_form(request)
    text = str(form.get("texte", ""))[:MAX_CHARS]
    return render(request, "_apercu.html", {"slides": slides(text)})


async def project_picture(request: Request) -> Response:
    """A picture a module shows, from the project's contenus/ folder only."""
    state = state_of(request)
    target = security.inside(state.folder, f"{FOLDER}/{request.path_params['path']}")
    inside_contents = target is not None and target.is_relative_to(
        (state.folder / FOLDER).resolve()
    )
    if target is None or not inside_contents or not target.is_file():
        raise HTTPException(404, "Image introuvable dans contenus/.")
    with target.open("rb") as stream:
        head = stream.read(64)
    if security.image_extension(head) is None:
        raise HTTPException(404, "Ce fichier n'est pas une image.")
    return FileResponse(target)


routes = [
    Route("/contenus", contents_page),
    Route("/contenus", new_module, methods=["POST"]),
    Route("/contenus/apercu", preview, methods=["POST"]),
    Route("/contenus/{name}", module_page),
    Route("/contenus/{name}", module_save, methods=["POST"]),
    Route("/projet-fichier/contenus/{path:path}", project_picture),
]
