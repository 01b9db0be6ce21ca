"""The guards of the local server: Host header, body size, CSRF token, paths and uploads.

A page served on 127.0.0.1 is still reachable by any web site the user
visits: a hostile page can post forms to it (CSRF) or rebind its own domain
name to 127.0.0.1 (DNS rebinding).  Hence every request must name this
server in its ``Host`` header, every state-changing request must carry the
token the server printed into its own pages, and every name or path that
comes from the browser is reduced to a fixed folder and a sanitised name.
"""

from __future__ import annotations

import hmac
import re
import unicodedata
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MB = 1024 * 1024
# The largest request body: a file given to « check » may weigh up to the 200 MB that
# ``check`` itself accepts (dladocs.inspect._safety.Limits.max_file_bytes).
MAX_BODY = 200 * MB + MB
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"

# What a page may load: its own scripts and styles, pictures inlined as data: URIs.
# htmx adds one inline <style> for its request indicators, hence 'unsafe-inline' for styles.
APP_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
# The visual report is a self-contained file with its own inline style and script.
REPORT_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def allowed_hosts(port: int, host: str) -> frozenset[str]:
    """The ``Host`` header values this server answers: its loopback names and ``--host``."""
    names = set(LOOPBACK_NAMES)
    if host not in ("127.0.0.1", "localhost", "::1"):
        names.add(f"[{host}]" if ":" in host else host)
    return frozenset(f"{name}:{port}" for name in names)


def host_allowed(value: str, port: int, host: str) -> bool:
    """Whether a ``Host`` header names this server.

    Listening on every interface (``--host 0.0.0.0`` or ``::``), the server is
    reached by any of the machine's addresses: an address written as digits is
    accepted then, never a domain name, which is what DNS rebinding needs.
    """
    if value.lower() in allowed_hosts(port, host):
        return True
    if host not in ("0.0.0.0", "::"):
        return False
    import ipaddress

    address, _, given_port = value.rpartition(":")
    try:
        ipaddress.ip_address(address.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    return given_port == str(port)


def _plain_response(status: int, text: str) -> tuple[Message, Message]:
    body = text.encode("utf-8")
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    return start, {"type": "http.response.body", "body": body}


class GuardMiddleware:
    """Refuse a foreign ``Host`` or ``Origin`` and oversize bodies; add the safety headers."""

    def __init__(self, app: ASGIApp, host_ok: Callable[[str], bool]) -> None:
        self.app = app
        self.host_ok = host_ok

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # noqa: C901  - each guard (Host, Origin, size, CSRF) refuses in its own branch
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value for key, value in scope["headers"]}
        host = headers.get("host", b"").decode("latin-1").lower()
        refusal = ""
        if not self.host_ok(host):
            refusal = (
                f"Requête refusée : l'en-tête Host « {host[:100]} » ne désigne pas ce serveur "
                "local (protection contre le « DNS rebinding »). Ouvrez l'adresse affichée "
                "par « dladocs serve »."
            )
        origin = headers.get("origin", b"").decode("latin-1").lower()
        if not refusal and origin and origin != f"http://{host}":
            refusal = f"Requête refusée : elle vient d'une autre page web (« {origin[:100]} »)."
        length = headers.get("content-length", b"0")
        if not refusal and (not length.isdigit() or int(length) > MAX_BODY):
            start, body = _plain_response(413, _too_big())
            await send(start)
            await send(body)
            return
        if refusal:
            start, body = _plain_response(403 if self.host_ok(host) else 400, refusal)
            await send(start)
            await send(body)
            return

        policy = APP_POLICY
        if scope.get("path", "").startswith("/sortie/"):
            policy = REPORT_POLICY
        received = 0

        async def counted_receive() -> Message:
            # Content-Length can be absent (chunked bodies): count what really arrives.
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY:
                raise BodyTooLarge
            return message

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (
                        b"referrer-policy",
                        b"same-origin",
                    ),  # no-referrer would make POSTs say « Origin: null »
                    (b"cache-control", b"no-store"),
                ]
                names = {key.lower() for key, _ in message.get("headers", [])}
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", policy.encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, counted_receive, secured_send)
        except BodyTooLarge:
            start, body = _plain_response(413, _too_big())
            await send(start)
            await send(body)


class BodyTooLarge(Exception):
    """A request body went past :data:`MAX_BODY` while it was read."""


def _too_big() -> str:
    return f"Requête refusée : le fichier envoyé dépasse {MAX_BODY // MB} Mo."


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())


# --------------------------------------------------------------------------- paths


def inside(base: Path, relative: str | Path) -> Path | None:
    """``base / relative`` resolved, or ``None`` when it leaves ``base`` (``..``, links)."""
    text = str(relative)
    if "\x00" in text or not text.strip():
        return None
    root = base.resolve()
    try:
        candidate = (root / text).resolve()
    except (OSError, RuntimeError):
        return None
    return candidate if candidate.is_relative_to(root) and candidate != root else None


def sanitise_name(filename: str, extension: str, *, fallback: str = "fichier") -> str:
    """A file name safe on every system: ASCII letters, digits, ``-``, ``_``, and ``extension``.

    Browsers send the bare name, but some old ones sent a whole Windows path:
    only the last part is kept, whatever the separator.
    """
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    clean = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_stem).strip("-_").lower()[:80]
    return f"{clean or fallback}{extension}"


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name-2``, ``name-3``... when taken: an upload never replaces a file."""
    target = folder / name
    stem, dot, extension = name.rpartition(".")
    number = 2
    while target.exists():
        target = folder / f"{stem}-{number}{dot}{extension}"
        number += 1
    return target


# --------------------------------------------------------------------------- upload types

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
    (b"BM", ".bmp"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
)


def image_extension(head: bytes) -> str | None:
    """The extension of a logo picture from its first bytes (the formats dladocs accepts)."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    for magic, extension in _IMAGE_MAGIC:
        if head.startswith(magic):
            return extension
    return None


def _text_like(head: bytes) -> bool:
    # A CSV export: text without NUL bytes, in UTF-8 (with or without BOM) or a Latin encoding.
    return bool(head) and b"\x00" not in head


def answers_extension(head: bytes) -> str | None:
    """Evaluation answers: filled PDF grids or CSV exports of the online form."""
    if head.startswith(b"%PDF-"):
        return ".pdf"
    return ".csv" if _text_like(head) and not head.startswith((b"PK", b"\x89PNG")) else None


def attendance_extension(head: bytes) -> str | None:
    """Attendance exports of the videoconference tool: CSV, or an Excel workbook."""
    if head.startswith(b"PK\x03\x04"):
        return ".xlsx"
    return ".csv" if _text_like(head) and not head.startswith(b"%PDF-") else None
