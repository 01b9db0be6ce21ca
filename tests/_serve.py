"""Helpers for the ``dladocs serve`` tests: a client on a project copy, and the forms of a page."""

from __future__ import annotations

import html as html_module
import re
from html.parser import HTMLParser
from pathlib import Path

from starlette.testclient import TestClient

from dladocs.serve.app import create_app
from dladocs.serve.state import ServerState

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def client_for(workspace: Path, project: Path | None) -> tuple[TestClient, ServerState]:
    state = ServerState(workspace=workspace, project=project, port=PORT)
    return TestClient(create_app(state), base_url=BASE, follow_redirects=True), state


class _Forms(HTMLParser):
    """The successful controls of each form, as a browser would submit them (no button)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, list[tuple[str, str]]] = {}
        self.current: list[tuple[str, str]] | None = None
        self.textarea: str | None = None
        self.text = ""
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.current = self.forms.setdefault(a.get("id") or a.get("action", ""), [])
        elif self.current is None:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.current.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = a.get("name", ""), ""
        elif tag == "select":
            self.select, self.options = a.get("name", ""), []
        elif tag == "option" and self.select is not None:
            self.options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if self.current is None:
            return
        if tag == "textarea" and self.textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            self.current.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = next(
                (v for v, s in self.options if s), self.options[0][0] if self.options else ""
            )
            self.current.append((self.select, chosen))
            self.select = None
        elif tag == "form":
            self.current = None


def form_of(html: str, key: str = "formulaire") -> dict[str, str]:
    """The form ``key`` (its id, else its action) of ``html``: name → value, last one wins."""
    parser = _Forms()
    parser.feed(html)
    return dict(parser.forms[key])


def error_beside(html: str, name: str) -> str:
    """The error message shown under the field ``name``."""
    field_id = "f-" + re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")
    found = re.search(rf'<p class="erreur" id="err-{re.escape(field_id)}">(.*?)</p>', html, re.S)
    return html_module.unescape(found.group(1)) if found else ""
