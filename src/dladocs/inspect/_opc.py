"""A small read-only OPC (Open Packaging Conventions) reader on top of :class:`SafeZip`.

python-pptx and python-docx cannot open ISO/IEC 29500 Strict files, read
members without size caps, and give up on packages with a broken relationship;
this reader does none of that.  Part names are case-insensitive, Strict
namespaces are rewritten to Transitional ones before parsing, and every XML
part goes through :func:`parse_xml`.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from dladocs.inspect._safety import NBSP, Limits, Refused, SafeZip, parse_xml, transitional

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "dsp": "http://schemas.microsoft.com/office/drawing/2008/diagram",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def qn(tag: str) -> str:
    """``"a:blip"`` → ``"{http://...drawingml/2006/main}blip"``."""
    prefix, _, local = tag.partition(":")
    return f"{{{NS[prefix]}}}{local}"


R_EMBED = qn("r:embed")
R_LINK = qn("r:link")
R_ID = qn("r:id")


@dataclass(frozen=True, slots=True)
class Relationship:
    """One relationship; ``target`` is a part name, or a URL when ``external``."""

    id: str
    type: str
    target: str
    external: bool

    def is_a(self, kind: str) -> bool:
        """Whether the relationship type ends with ``/kind`` (Strict and Transitional alike)."""
        return self.type.rsplit("/", 1)[-1] == kind


class Package:
    """An OPC package open for reading; parts and relationships are parsed once and cached."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.zip = SafeZip(path, limits)
        self.strict = False
        self._xml: dict[str, etree._Element] = {}
        self._rels: dict[str, dict[str, Relationship]] = {}

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, part: str) -> bool:
        return self.zip.has(part)

    def read(self, part: str) -> bytes:
        return self.zip.read(part)

    def xml(self, part: str) -> etree._Element:
        key = part.lstrip("/").lower()
        root = self._xml.get(key)
        if root is None:
            data = self.zip.read(part)
            converted = transitional(data)
            if converted is not data:
                self.strict = True
            root = parse_xml(converted, part.lstrip("/"), self.limits)
            resolve_alternate_content(root)
            self._xml[key] = root
        return root

    def rels(self, part: str) -> dict[str, Relationship]:
        """The relationships of ``part`` (``""`` for the package), by id; {} when absent."""
        key = part.lstrip("/").lower()
        cached = self._rels.get(key)
        if cached is not None:
            return cached
        folder, name = posixpath.split(part.lstrip("/"))
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        result: dict[str, Relationship] = {}
        if self.zip.has(rels_name):
            root = self.xml(rels_name)
            for element in root.iter(qn("rel:Relationship")):
                rid = element.get("Id")
                target = element.get("Target")
                if not rid or target is None:
                    continue
                external = element.get("TargetMode", "") == "External"
                if not external:
                    target = resolve_target(folder, target)
                result[rid] = Relationship(rid, element.get("Type", ""), target, external)
        self._rels[key] = result
        return result

    def related(self, part: str, kind: str) -> list[Relationship]:
        """Relationships of ``part`` whose type ends with ``/kind``, in document order."""
        return [rel for rel in self.rels(part).values() if rel.is_a(kind)]

    def main_part(self, fallback: str) -> str:
        """The office document part named by the package relationships."""
        for rel in self.related("", "officeDocument"):
            if not rel.external and self.has(rel.target):
                return rel.target
        if self.has(fallback):
            return fallback
        raise Refused(
            f"le document principal « {fallback} » manque dans le fichier{NBSP}: le document "
            "est incomplet ou endommagé\u202f; enregistrez-le de nouveau depuis son logiciel"
        )

    def first_related(self, part: str, kind: str) -> str | None:
        """The first internal, existing part related to ``part`` by ``kind``."""
        for rel in self.related(part, kind):
            if not rel.external and self.has(rel.target):
                return rel.target
        return None


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P_PIC = "{http://schemas.openxmlformats.org/presentationml/2006/main}pic"
_P_OLE = "{http://schemas.openxmlformats.org/presentationml/2006/main}oleObj"


def _understood(namespace: str | None) -> bool:
    """Whether current Office for Windows understands a namespace named in ``Requires``.

    Office understands the OOXML and Microsoft Office extension namespaces, but
    not the Mac-only ones (e.g. Word 2008 for Mac's PDF pictures, whose PNG
    fallback is what Windows shows) nor those of other vendors.
    """
    if not namespace:
        return False
    if "/office/mac/" in namespace or namespace.startswith("urn:schemas-microsoft-com:mac"):
        return False
    return namespace.startswith(
        (
            "http://schemas.openxmlformats.org/",
            "http://schemas.microsoft.com/office/",
            "urn:schemas-microsoft-com:",
        )
    )


def _branch(alternate: etree._Element) -> etree._Element | None:
    """The branch of an ``mc:AlternateContent`` that Office displays (ISO/IEC 29500-3)."""
    fallback = alternate.find(f"{_MC}Fallback")
    for choice in alternate.iterfind(f"{_MC}Choice"):
        prefixes = (choice.get("Requires") or "").split()
        if prefixes and all(_understood(choice.nsmap.get(prefix)) for prefix in prefixes):
            # An OLE object's preview picture may exist only in the fallback (the
            # choice points to a VML drawing instead); it is the same preview.
            if (
                fallback is not None
                and next(choice.iter(_P_OLE), None) is not None
                and next(choice.iter(_P_PIC), None) is None
                and next(fallback.iter(_P_PIC), None) is not None
            ):
                return fallback
            return choice
    return fallback


def resolve_alternate_content(root: etree._Element) -> None:
    """Replace every ``mc:AlternateContent`` by the content of the branch Office shows.

    Exactly one branch is kept, so nothing is counted twice and later code sees
    plain markup.
    """
    pending = list(root.iter(f"{_MC}AlternateContent"))
    for alternate in pending:
        parent = alternate.getparent()
        if parent is None or not _attached(alternate, root):
            continue
        branch = _branch(alternate)
        position = parent.index(alternate)
        if branch is not None:
            for offset, child in enumerate(list(branch)):
                parent.insert(position + offset, child)
        parent.remove(alternate)


def _attached(element: etree._Element, root: etree._Element) -> bool:
    node: etree._Element | None = element
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False


def resolve_target(folder: str, target: str) -> str:
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")


def core_properties(package: Package) -> dict[str, str]:
    """Title, author, subject and keywords from ``docProps/core.xml``, when present."""
    part = package.first_related("", "core-properties") or (
        "docProps/core.xml" if package.has("docProps/core.xml") else None
    )
    if part is None:
        return {}
    root = package.xml(part)
    wanted = {
        "title": qn("dc:title"),
        "author": qn("dc:creator"),
        "subject": qn("dc:subject"),
        "keywords": qn("cp:keywords"),
    }
    found: dict[str, str] = {}
    for key, tag in wanted.items():
        element = root.find(tag)
        if element is not None and element.text and element.text.strip():
            found[key] = element.text.strip()
    return found


def member_reader(path: Path, member: str, limits: Limits) -> Callable[[], bytes | None]:
    """Read one member later (for ``Picture.load``), reopening the file through its caps."""

    def read() -> bytes | None:
        try:
            with SafeZip(path, limits) as package:
                return package.read(member)
        except (Refused, OSError, zipfile.BadZipFile):
            return None

    return read
