"""Inline Markdown (markdown-it-py's inline tokens) as the plain text slides show."""

from __future__ import annotations

from typing import Any

from dladocs.content._model import Link


def plain(children: list[Any]) -> str:
    """Plain text of inline tokens: emphasis dropped, link text kept, soft breaks as spaces."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append("\n")
        elif child.type == "image":
            parts.append(plain(child.children or []))
    return "".join(parts)


def images(children: list[Any]) -> list[Any]:
    return [child for child in children if child.type == "image"]


def strong(children: list[Any]) -> tuple[str, str]:
    """The first bold run, and the text after it (without a leading « : » or dash)."""
    start = next((i for i, c in enumerate(children) if c.type == "strong_open"), None)
    if start is None:
        return "", ""
    end = next(
        (i for i in range(start, len(children)) if children[i].type == "strong_close"),
        len(children),
    )
    strong = plain(children[start + 1 : end]).strip()
    rest = plain(children[end + 1 :]).strip().lstrip(":—–-").strip()
    return strong, rest


def links(children: list[Any]) -> tuple[Link, ...]:
    links: list[Link] = []
    for index, child in enumerate(children):
        if child.type == "link_open":
            end = next(
                (i for i in range(index, len(children)) if children[i].type == "link_close"),
                len(children),
            )
            links.append(Link(plain(children[index + 1 : end]), str(child.attrs.get("href", ""))))
    return tuple(links)
