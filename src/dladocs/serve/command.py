"""``dladocs serve``: the click command that starts the local server."""

from __future__ import annotations

import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from dladocs.errors import DladocsError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if sys.platform != "win32":  # on Windows this option lets two servers share a port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1" if host == "localhost" else host, port))
    except OSError as error:
        sock.close()
        reason = "déjà utilisé par un autre programme" if port else (error.strerror or str(error))
        raise DladocsError(
            f"impossible d'écouter sur {host}:{port} ({reason}) : choisissez un autre port avec --port"
        ) from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


@click.command(
    help="Ouvre une page web locale, en français, pour remplir, construire et vérifier un projet."
)
@click.argument("project", metavar="[PROJET]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port local."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface réseau. Ne changez que sur un réseau de confiance : la page modifie vos fichiers.",
)
@click.option("--no-browser", is_flag=True, help="Ne pas ouvrir le navigateur.")
def serve(project: Path | None, port: int, host: str, no_browser: bool) -> None:
    import uvicorn

    from dladocs._locate import PROJECT_FILE, find_project
    from dladocs.serve.app import create_app
    from dladocs.serve.state import ServerState

    file: Path | None
    if project is not None:
        found, _ = find_project(project)
        file = found.resolve()
        workspace = file.parent.parent
    else:
        local = Path.cwd() / PROJECT_FILE
        file = local.resolve() if local.is_file() else None
        workspace = Path.cwd().resolve()
    if host not in LOOPBACK:
        click.echo(
            f"Attention : avec --host {host}, la page est accessible depuis les autres ordinateurs "
            "du réseau, et toute personne qui l'ouvre peut modifier le projet. Ne le faites que "
            "sur un réseau de confiance.",
            err=True,
        )
    sock = _bind(host, port)
    state = ServerState(workspace=workspace, project=file, host=host, port=sock.getsockname()[1])
    shown = f"[{host}]" if ":" in host else ("127.0.0.1" if host == "localhost" else host)
    url = f"http://{shown}:{state.port}/"

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            # As uvicorn does (a second Ctrl+C forces the exit), without raising the signal
            # again once shut down: the command then says so and ends with status 0.
            if self.should_exit and sig == signal.SIGINT:
                self.force_exit = True
            else:
                self.should_exit = True

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if not self.should_exit:
                click.echo(f"dladocs serve : {url} (Ctrl+C pour arrêter)", err=True)
                if not no_browser:
                    import threading
                    import webbrowser

                    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

    config: Any = uvicorn.Config(
        create_app(state),
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=2,  # the page polls: never wait long for open connections
        server_header=False,
    )
    Server(config).run(sockets=[sock])
    click.echo("Serveur arrêté.", err=True)


def register(group: click.Group, errors: Callable[[Any], Any]) -> None:
    """Add ``serve`` to the command group, its bad input turned into French messages by ``errors``."""
    serve.callback = errors(serve.callback)
    group.add_command(serve)
