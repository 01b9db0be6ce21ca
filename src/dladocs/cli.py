"""The ``dladocs`` command line.  A contract: other tools script it.

Exit codes: 0 success, 1 a rule is broken (build or check), 2 bad input or
usage.  Heavy libraries are imported inside the commands that need them, so
that ``dladocs --help`` starts as fast as Python itself.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from dladocs import _click_fr
from dladocs.errors import DladocsError

_click_fr.install()

F = TypeVar("F", bound=Callable[..., Any])

HELP = """dladocs : les livrables des accompagnements DLA (support de webinaire, fiche pratique,
grille d'évaluation, rapport final), avec les logos des financeurs placés et vérifiés.

\b
Pour commencer :
  dladocs build                 construit l'exemple fourni (ou ./dladocs.toml)
  dladocs build mon-projet/     construit un projet
  dladocs check fichier.pptx    vérifie les logos d'un fichier fait à la main
  dladocs new mon-projet --region 32
"""


def _fail(error: DladocsError, *, as_json: bool = False) -> NoReturn:
    click.echo(f"Erreur : {error}", err=True)
    if as_json:  # tools reading stdout get the error there too
        click.echo(json.dumps({"error": str(error)}, ensure_ascii=False))
    sys.exit(error.exit_code)


def user_errors(function: F) -> F:
    """Turn bad input into a French message and exit code 2, never a traceback."""
    import functools

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        as_json = bool(kwargs.get("as_json"))
        try:
            return function(*args, **kwargs)
        except DladocsError as error:
            _fail(error, as_json=as_json)
        except BrokenPipeError:
            # The reader went away (« dladocs regions | head »): stop quietly, as Python's
            # documentation recommends, without a last failed flush on exit.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as error:  # a folder that cannot be made or written, a full disk...
            from dladocs.errors import from_os_error

            _fail(from_os_error(error), as_json=as_json)

    return wrapper  # type: ignore[return-value]


@click.group(
    help=HELP,
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(
    package_name="dladocs", message="dladocs %(version)s", help="Afficher la version et quitter."
)
def main() -> None:
    pass


# --------------------------------------------------------------------------- build


@main.command(
    help="Construit les livrables d'un projet (dladocs.toml ou son dossier) et les vérifie."
)
@click.argument("project", metavar="[PROJET]", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="dladocs-out",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Dossier de sortie.",
)
@click.option(
    "--region",
    "regions",
    metavar="CODE|all",
    help="Région à construire (code INSEE, nom) ou « all » pour toutes.",
)
@click.option("--only", metavar="deck,fiche,...", help="Ne construire que ces documents.")
@click.option("--pdf/--no-pdf", default=None, help="Ajouter les PDF (LibreOffice).")
@click.option("--pdfa", is_flag=True, default=None, help="PDF/A-2b, pour l'archivage.")
@click.option(
    "--force",
    is_flag=True,
    help="Remplacer aussi les fichiers modifiés à la main (une copie est gardée).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    metavar="N",
    help="Processus en parallèle, de 1 à 64 (par défaut : un par cœur).",
)
@click.option("--json", "as_json", is_flag=True, help="Résultat en JSON sur la sortie standard.")
@click.option("-q", "--quiet", is_flag=True, help="N'afficher que les erreurs.")
@user_errors
def build(
    project: Path | None,
    out_dir: Path,
    regions: str | None,
    only: str | None,
    pdf: bool | None,
    pdfa: bool | None,
    force: bool,
    jobs: int | None,
    as_json: bool,
    quiet: bool,
) -> None:
    from dladocs import _console, _locate, _uptodate

    selected = tuple(item.strip() for item in only.split(",") if item.strip()) if only else ()
    project_file, example = _locate.find_project(project)
    from dladocs._outdir import check_output_folder

    check_output_folder(out_dir, force=force)
    if not force:
        # Nothing changed since the last build: say so without loading the heavy machinery.
        key = _uptodate.options_key(regions, selected, pdf, pdfa)
        previous = _uptodate.up_to_date(project_file, out_dir.resolve(), key)
        if previous is not None:
            _console.print_up_to_date(previous, out_dir.resolve(), quiet=quiet, as_json=as_json)
            sys.exit(0)

    import dladocs.plugins  # noqa: F401  - registers the departments of plugins' regions
    from dladocs.pipeline import BuildOptions
    from dladocs.pipeline import build as run_build
    from dladocs.project import load_project

    loaded = load_project(project_file)
    loaded._example = example
    if loaded.is_example and not quiet and not as_json:
        click.echo(
            "Aucun dladocs.toml ici : dladocs construit l'exemple fourni (webinaire « marketing digital », "
            "Hauts-de-France, 26 novembre 2020). Pour votre projet : dladocs new mon-projet",
            err=True,
        )
    options = BuildOptions(
        regions=regions,
        only=selected,
        pdf=pdf,
        pdfa=pdfa,
        force=force,
        jobs=jobs,
    )
    with _console.Progress(enabled=not quiet and not as_json) as progress:
        result = run_build(loaded, out_dir, options, progress=progress)
    if as_json:
        click.echo(json.dumps(_console.result_json(result), ensure_ascii=False, indent=2))
    else:
        _console.print_build(result, quiet=quiet)
    sys.exit(0 if result.compliant else 1)


# --------------------------------------------------------------------------- check


@main.command(
    help="Vérifie les logos et mentions des financeurs dans des fichiers PPTX, DOCX ou PDF."
)
@click.argument(
    "files", metavar="FICHIERS...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "--programme",
    default="",
    help=(
        "Règles à appliquer : fse-2014-2020 ou fse-plus-2021-2027. Par défaut : celles que "
        "le fichier indique (les fichiers de dladocs le disent), sinon fse-plus-2021-2027."
    ),
)
@click.option(
    "--logo",
    "logos",
    multiple=True,
    metavar="ID=CHEMIN",
    help="Logo de référence qui doit figurer (répétable).",
)
@click.option("--strict", is_flag=True, help="Traiter les recommandations comme des erreurs.")
@click.option(
    "--strict-size", is_flag=True, help="Comparer les tailles de logos en hauteur seulement."
)
@click.option("--cover-only", is_flag=True, help="Exiger l'emblème sur la première page seulement.")
@click.option(
    "--type",
    "document_type",
    type=click.Choice(["formulaire", "emargement", "attestation", "certificat", "autre"]),
    default=None,
    help="Type de document ; formulaire, emargement, attestation, certificat : mention du "
    "cofinancement exigée sur chaque page. Par défaut : reconnu aux champs ou au titre.",
)
@click.option("--json", "as_json", is_flag=True, help="Résultat en JSON.")
@user_errors
def check(
    files: Sequence[Path],
    programme: str,
    logos: Sequence[str],
    strict: bool,
    strict_size: bool,
    cover_only: bool,
    document_type: str | None,
    as_json: bool,
) -> None:
    from dladocs import _console
    from dladocs.types import CheckOptions
    from dladocs.verify import check_files

    references: dict[str, Path] = {}
    for item in logos:
        if "=" not in item:
            raise DladocsError(
                f"--logo « {item} » : attendu ID=CHEMIN, par exemple --logo avise=logos/avise.png"
            )
        key, _, value = item.partition("=")
        path = Path(value)
        if not path.is_file():
            raise DladocsError(f"--logo {key} : le fichier « {value} » est introuvable", path=path)
        references[key.strip()] = path
    options = CheckOptions(
        programme=programme,
        strict=strict,
        strict_size=strict_size,
        emblem_scope="cover" if cover_only else "every-surface",
        references=references,
        document_type=document_type or "",
    )
    results = check_files(list(files), options=options)
    if as_json:
        click.echo(
            json.dumps({"files": [r.as_json() for r in results]}, ensure_ascii=False, indent=2)
        )
    else:
        _console.print_checks(results)
    if any(r.status == "error" for r in results):
        sys.exit(2)
    sys.exit(1 if any(r.status in ("fail", "unverifiable") for r in results) else 0)


# --------------------------------------------------------------------------- plugins, regions


@main.command(help="Liste les plugins installés, leur version et les hooks qu'ils implémentent.")
@click.option("--all", "include_builtins", is_flag=True, help="Inclure les plugins intégrés.")
@click.option("--json", "as_json", is_flag=True, help="Liste en JSON, pour les outils.")
@user_errors
def plugins(include_builtins: bool, as_json: bool) -> None:
    from dladocs.plugins import get_plugin_manager, plugin_listing

    rows = plugin_listing(get_plugin_manager(), include_builtins=include_builtins)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(
            "Aucun plugin installé (dladocs plugins --all montre aussi les plugins intégrés)."
        )
    for row in rows:
        kind = " (intégré)" if row["builtin"] else ""
        click.echo(f"{row['name']} {row['version'] or ''}{kind}")
        click.echo(f"  hooks : {', '.join(row['hooks'])}")
        for pack in row.get("packs", []):
            click.echo(f"  pack de contenus « {pack['nom']} » : {pack.get('titre', '')}")
            click.echo(f"    modules : {', '.join(pack.get('modules', [])) or 'aucun'}")
    if not include_builtins:  # the built-in content pack is what most projects name
        from dladocs.content import packs

        for pack in packs():
            if all(p.get("nom") != pack.name for row in rows for p in row.get("packs", [])):
                click.echo(
                    f"Pack de contenus intégré « {pack.name} » : {', '.join(pack.modules())}"
                )


def _region_rows() -> list[dict[str, Any]]:
    from dladocs.plugins import get_plugin_manager, get_regions

    rows = []
    for region in get_regions(get_plugin_manager()).values():
        rows.append(
            {
                "code": region.code,
                "name": region.name,
                "slug": region.slug,
                "overseas": region.overseas,
                "departments": [
                    {
                        "code": d.code,
                        "name": d.name,
                        "porteur": d.porteur.name if d.porteur else None,
                    }
                    for d in region.departments
                ],
                "porteur": region.porteur.name if region.porteur else None,
                "porteurs_complete": not region.missing,
                "missing": list(region.missing),
            }
        )
    return rows


@main.command(help="Liste les régions, leurs départements et les porteurs DLA connus.")
@click.option("--json", "as_json", is_flag=True, help="Liste en JSON, pour les outils.")
@user_errors
def regions(as_json: bool) -> None:
    rows = _region_rows()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        state = "porteurs renseignés" if row["porteurs_complete"] else "porteurs à renseigner"
        known = sum(1 for d in row["departments"] if d["porteur"])
        count = len(row["departments"])
        regional = "DLA régional connu" if row["porteur"] else "DLA régional inconnu"
        click.echo(
            f"{row['code']:>3}  {row['name']:<28} {count:>2} département{'s' if count > 1 else ' '}  "
            f"{known}/{count} DLA départementaux, {regional} — {state}"
        )


# --------------------------------------------------------------------------- templates, new, evaluation


@main.group(help="Les modèles de documents.")
def templates() -> None:
    pass


@templates.command(
    "export", help="Écrit les modèles par défaut dans DOSSIER, pour partir d'eux et créer un thème."
)
@click.argument("folder", metavar="DOSSIER", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Remplacer des fichiers existants.")
@user_errors
def templates_export(folder: Path, force: bool) -> None:
    from dladocs import _scaffold

    for path in _scaffold.export_templates(folder, force=force):
        click.echo(f"écrit : {path}")


@main.command(help="Crée un projet prêt à modifier et à construire, pour une région.")
@click.argument("folder", metavar="DOSSIER", type=click.Path(path_type=Path))
@click.option("--region", default="32", show_default=True, help="Code INSEE ou nom de la région.")
@user_errors
def new(folder: Path, region: str) -> None:
    from dladocs import _scaffold

    project = _scaffold.new_project(folder, region)
    click.echo(f"Projet créé : {project}\nModifiez-le, puis : dladocs build {folder}")


from dladocs.presence._cli import register as _register_presence  # noqa: E402

_register_presence(main, user_errors)


@main.group(help="Les réponses à la grille d'évaluation.")
def evaluation() -> None:
    pass


@evaluation.command(
    "collect", help="Lit des grilles PDF remplies et des exports CSV, et écrit evaluation.json."
)
@click.argument(
    "files", metavar="FICHIERS...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "-p",
    "--project",
    type=click.Path(path_type=Path),
    help="Projet (pour le nombre de participants).",
)
@click.option(
    "-o",
    "--output",
    default="evaluation.json",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Fichier JSON à écrire.",
)
@user_errors
def evaluation_collect(files: Sequence[Path], project: Path | None, output: Path) -> None:
    from dladocs import _console
    from dladocs.evaluation import collect, summarise, write_json

    participants = None
    if project is not None:
        import dladocs.plugins  # noqa: F401  - registers the departments of plugins' regions
        from dladocs.project import load_project

        loaded = load_project(project)
        participants = loaded.attendees or None
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise DladocsError("fichiers introuvables : " + ", ".join(missing))
    collection = collect(list(files))
    summary = summarise(collection, participants=participants)
    if not summary.responses:
        # Nothing readable: say why, and leave a previous evaluation.json as it was.
        for problem in summary.problems:
            click.echo(f"  ! {problem.describe()}", err=True)
        raise DladocsError(
            f"aucune réponse n'a pu être lue dans {len(files)} fichier(s) : {output} n'a pas été "
            "écrit. Vérifiez qu'il s'agit des grilles remplies (PDF) ou des exports CSV du "
            "formulaire."
        )
    write_json(summary, output)
    _console.print_evaluation(summary, output)


# --------------------------------------------------------------------------- serve
from dladocs.serve.command import register  # noqa: E402

register(main, user_errors)
