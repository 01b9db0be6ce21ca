"""Home (open or create a project) and the forms of ``dladocs.toml``, section by section."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from dladocs.serve import forms, schema, security, tomledit
from dladocs.serve.state import checked_form, render, state_of

CHANGED = (
    "Le fichier dladocs.toml a été modifié en dehors de cette page (dans un éditeur de texte ?) "
    "depuis son ouverture : vos modifications n'ont PAS été enregistrées, pour ne pas écraser "
    "les siennes. Rechargez la page pour partir du fichier actuel, puis refaites vos modifications."
)


def _choices() -> dict[str, tuple[tuple[str, str], ...]]:
    from dladocs.plugins import get_plugin_manager, get_regions, get_rule_sets

    pm = get_plugin_manager()
    regions = tuple((r.code, f"{r.name} ({r.code})") for r in get_regions(pm).values())
    programmes = tuple((rs.id, f"{rs.title} ({rs.id})") for rs in get_rule_sets(pm).values())
    return {"region": regions, "programme": programmes}


async def home(request: Request) -> Response:
    state = state_of(request)
    if state.project is None:
        return render(request, "accueil.html", {"workspace": state.workspace, **_choices()})
    problems = []
    if state.project.is_file():
        problems = forms.validate(state.project.read_bytes(), state.project)
    return render(
        request,
        "projet.html",
        {
            "sections": schema.SECTIONS,
            "problems": [(problem, forms.section_of(problem)) for problem in problems],
            "folder": state.folder,
        },
    )


def _workspace_folder(request: Request, text: str) -> Path:
    """A folder typed in the page, accepted only inside the workspace (where serve was started)."""
    state = state_of(request)
    text = text.strip()
    root = state.workspace.resolve()
    if text in ("", "."):
        return root
    folder = None
    if "\x00" not in text:
        folder = Path(text).resolve() if Path(text).is_absolute() else security.inside(root, text)
    if folder is None or not folder.is_relative_to(root):
        raise HTTPException(
            400,
            f"Dossier « {text[:100]} » refusé : indiquez un dossier situé dans « {state.workspace} » "
            "(le dossier où « dladocs serve » a été lancé).",
        )
    return folder


async def open_project(request: Request) -> Response:
    form = await checked_form(request)
    folder = _workspace_folder(request, str(form.get("dossier", "")))
    file = folder / "dladocs.toml"
    if not file.is_file():
        return render(
            request,
            "accueil.html",
            {
                "workspace": state_of(request).workspace,
                "open_error": f"Aucun fichier dladocs.toml dans « {folder} ».",
                **_choices(),
            },
            status=404,
        )
    state_of(request).project = file
    return RedirectResponse("/", status_code=303)


async def create_project(request: Request) -> Response:
    from dladocs import _scaffold

    form = await checked_form(request)
    name = str(form.get("nom", "")).strip()
    clean = security.sanitise_name(name, "", fallback="")
    if not clean:
        return render(
            request,
            "accueil.html",
            {
                "workspace": state_of(request).workspace,
                "create_error": "Donnez un nom au dossier du projet (lettres, chiffres, tirets).",
                **_choices(),
            },
            status=400,
        )
    folder = _workspace_folder(request, clean)
    region = str(form.get("region", "32"))
    programme = str(form.get("programme", ""))
    from dladocs.errors import DladocsError

    try:
        file = _scaffold.new_project(folder, region)
    except DladocsError as error:
        return render(
            request,
            "accueil.html",
            {"workspace": state_of(request).workspace, "create_error": error.message, **_choices()},
            status=400,
        )
    if programme in dict(_choices()["programme"]):
        doc = tomlkit.parse(file.read_text(encoding="utf-8"))
        doc["accompagnement"]["programme"] = programme
        tomledit.atomic_write(file, tomlkit.dumps(doc))
    state_of(request).project = file
    return RedirectResponse("/projet/mission", status_code=303)


def _section(slug: str) -> schema.Section:
    found = schema.section(slug)
    if found is None:
        raise HTTPException(404, f"Page « {slug[:60]} » inconnue.")
    return found


def _contents(folder: Path) -> list[str]:
    target = folder / "contenus"
    return sorted(p.stem for p in target.glob("*.md")) if target.is_dir() else []


def _packaged_modules() -> list[str]:
    """The modules a sequence part may name without a project file: slides the engine draws
    (« objectifs », « questions »…) and the modules of every installed content pack."""
    from dladocs.content import ENGINE_SLIDES, packs

    names = list(ENGINE_SLIDES)
    for pack in packs():
        names += [name for name in pack.modules() if name not in names]
    return names


def _webinar_minutes(path: Path | None) -> Any:
    """``[webinaire] duree`` as the file says it now (tomllib: faster than tomlkit for a read)."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig")) if path else {}
    except (OSError, ValueError, RecursionError):
        return None
    webinar = data.get("webinaire")
    return webinar.get("duree") if isinstance(webinar, dict) else None


def _page(
    request: Request,
    section: schema.Section,
    values: tomledit.Values,
    order: list[int],
    **extra: Any,
) -> dict[str, Any]:
    state = state_of(request)
    choices = _choices()
    context: dict[str, Any] = {
        "sections": schema.SECTIONS,
        "section": section,
        "values": values,
        "order": order,
        "choices": choices,
        "errors": {},
        "others": [],
        "origin_key": forms.ORIGIN,
    }
    if section is schema.SEQUENCE:
        kinds = list(schema.offered_kinds())
        present = {
            values.get(f"webinaire.sequence[{i}].nature", "") for i in range(1, len(order) + 1)
        }
        known = {value for value, _ in kinds}
        # An older kind in the file stays readable (and selected) until the user picks a new one.
        kinds += [
            (v, f"{v} (ancienne nature : choisissez-en une plus précise)")
            for v in sorted(present - known)
            if v
        ]
        packaged = _packaged_modules()
        modules = [("", "aucun (diapositive de titre)"), *((m, m) for m in packaged)]
        modules += [
            (m, f"{m} (module du projet)") for m in _contents(state.folder) if m not in packaged
        ]
        context["kinds"] = kinds
        context["modules"] = modules
        context["summary"] = forms.sequence_summary(
            values, len(order), _webinar_minutes(state.project)
        )
    context.update(extra)
    return context


def _load(request: Request, *, editable: bool = True) -> tuple[Path, bytes, Any]:
    """The project file: its bytes, and its tomlkit document (``editable``) or plain data."""
    state = state_of(request)
    if state.project is None:
        raise HTTPException(
            409, "Aucun projet ouvert : ouvrez ou créez un projet depuis l'accueil."
        )
    try:
        raw = state.project.read_bytes()
    except OSError as error:
        raise HTTPException(
            404,
            f"Le fichier projet « {state.project} » ne peut pas être lu ({error.strerror or error}) : a-t-il été déplacé ?",
        ) from None
    try:
        text = raw.decode("utf-8-sig")
        # tomlkit keeps the layout for writing; tomllib reads ten times faster for showing.
        doc = tomlkit.parse(text) if editable else tomllib.loads(text)
    except Exception:
        problems = forms.validate(raw, state.project)
        raise HTTPException(
            422,
            "Le fichier dladocs.toml ne peut pas être lu : "
            + " ; ".join(problems)
            + ". Corrigez-le dans votre éditeur de texte, puis rechargez la page.",
        ) from None
    return state.project, raw, doc


async def section_page(request: Request) -> Response:
    section = _section(request.path_params["slug"])
    _, raw, doc = _load(request, editable=False)
    values, order = tomledit.read_values(doc, section)
    context = _page(request, section, values, order, fingerprint=tomledit.fingerprint(raw))
    return render(request, "section.html", context)


async def section_save(request: Request) -> Response:
    section = _section(request.path_params["slug"])
    form = await checked_form(request)
    path, raw, doc = _load(request)
    submitted = forms.read_form(form, section)
    given = str(form.get("empreinte", ""))
    if submitted.action != "enregistrer":
        # Adding, removing or moving an entry changes the page, not the file.
        context = _page(
            request,
            section,
            submitted.values,
            submitted.order,
            fingerprint=given,
            focus=submitted.focus,
        )
        return render(request, "section.html", context)
    if given != tomledit.fingerprint(raw):
        context = _page(
            request, section, submitted.values, submitted.order, fingerprint=given, conflict=CHANGED
        )
        return render(request, "section.html", context, status=409)
    try:
        problems = tomledit.apply(doc, section, submitted.values, submitted.order)
    except (TypeError, ValueError, AttributeError, KeyError):
        # The file holds something else than a table where this section goes (« logos = 3 »).
        shape = f"« {section.prefix} » n'a pas la forme attendue dans dladocs.toml ({section.title}) : corrigez-le dans votre éditeur de texte, puis rechargez la page."
        context = _page(
            request, section, submitted.values, submitted.order, fingerprint=given, conflict=shape
        )
        return render(request, "section.html", context, status=422)
    text = tomlkit.dumps(doc)
    found = forms.validate(text, path)
    placed = forms.place(found, set(submitted.values))
    placed.fields.update(problems)
    # A problem this edit brings elsewhere (a date now out of order with another rubric's)
    # blocks it too; problems the file already had elsewhere are only listed.
    brought = set(forms.new_problems(forms.validate(raw, path), found))
    blocking = [m for m in placed.others if m in brought]
    others = [m for m in placed.others if m not in brought]
    if placed.fields or blocking:
        first = (
            next(name for name in submitted.values if name in placed.fields)
            if any(name in placed.fields for name in submitted.values)
            else ""
        )
        context = _page(
            request,
            section,
            submitted.values,
            submitted.order,
            fingerprint=given,
            errors=placed.fields,
            blocking=blocking,
            others=others,
            first_error=first,
        )
        return render(request, "section.html", context, status=422)
    tomledit.atomic_write(path, text)
    values, order = tomledit.read_values(tomllib.loads(text), section)
    context = _page(
        request,
        section,
        values,
        order,
        fingerprint=tomledit.fingerprint(text.encode("utf-8")),
        saved=True,
        others=others,
    )
    return render(request, "section.html", context)


async def sequence_summary(request: Request) -> Response:
    form = await checked_form(request)
    submitted = forms.read_form(form, schema.SEQUENCE)
    context = _page(request, schema.SEQUENCE, submitted.values, submitted.order)
    return render(request, "_resume.html", context)


routes = [
    Route("/", home),
    Route("/ouvrir", open_project, methods=["POST"]),
    Route("/creer", create_project, methods=["POST"]),
    Route("/projet/sequence/resume", sequence_summary, methods=["POST"]),
    Route("/projet/{slug}", section_page),
    Route("/projet/{slug}", section_save, methods=["POST"]),
]
