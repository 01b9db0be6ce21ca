"""Limits for files that come from strangers: size caps, safe zip reading, safe XML parsing.

Every limit below is checked *before* the expensive step it protects (the zip
central directory before ``zipfile`` parses it, declared sizes before any
member is inflated, markup counts before lxml builds a tree), and again while
reading, so that a lying header cannot get past it.  Crossing a limit raises
:class:`Refused` with a French message; ``inspect_file`` turns it into an
``UnreadableFileError`` naming the file.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from lxml import etree

MB = 1024 * 1024
NBSP = "\u00a0"


@dataclass(frozen=True, slots=True)
class Limits:
    """What one inspection may cost.  The defaults fit real documents with a wide margin.

    * ``max_file_bytes``: 200 MB, far above any deck or report with logos; refused
      before anything is parsed.
    * ``max_zip_entries`` and ``max_central_directory_bytes``: a Word or PowerPoint
      file has tens to a few thousand parts; 10,000 entries and a 32 MB central
      directory bound the memory ``zipfile`` spends on its index.
    * ``max_total_uncompressed``: 500 MB inflated for the whole package, counted from
      the declared sizes and again from the bytes really read.
    * ``max_xml_part_bytes``: 100 MB for one XML part (long reports stay in the tens of MB).
    * ``max_binary_part_bytes``: 200 MB for one media part.
    * ``max_ratio``: a deflated entry of at least ``ratio_min_size`` bytes may not
      inflate more than 400 times (ordinary XML compresses 5 to 50 times; deflate
      cannot exceed about 1,032, where zip bombs sit).
    * ``max_xml_tags``: 4 million tags in one XML part keeps an lxml tree under about
      1 GB; nesting is capped at 256 levels by libxml2 itself (no ``huge_tree``).
    * ``max_surfaces``: 5,000 slides, pages or sections.
    * ``max_pdf_operators``: 4 million content-stream operators for the whole file,
      form XObjects included each time they are drawn (a form draw costs 20), so a
      form drawn by a form drawn by a form cannot multiply the work; exhausting it
      takes a few seconds.
    * ``max_form_depth``: form XObjects nested 16 deep at most.
    * ``max_image_pixels``: ``Picture.load`` decodes at most 80 megapixels.
    """

    max_file_bytes: int = 200 * MB
    max_zip_entries: int = 10_000
    max_central_directory_bytes: int = 32 * MB
    max_total_uncompressed: int = 500 * MB
    max_xml_part_bytes: int = 100 * MB
    max_binary_part_bytes: int = 200 * MB
    max_ratio: float = 400.0
    ratio_min_size: int = 4 * MB
    max_xml_tags: int = 4_000_000
    max_surfaces: int = 5_000
    max_pdf_operators: int = 4_000_000
    max_form_depth: int = 16
    max_image_pixels: int = 80_000_000


DEFAULT_LIMITS = Limits()


PASSWORD_MESSAGE = (
    f"le fichier est protégé par un mot de passe{NBSP}: enregistrez-en une copie sans mot de "
    "passe puis relancez la vérification"
)


class Refused(Exception):
    """The file cannot be inspected; ``message`` says why and what to do, in French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Budget:
    """A countdown of work units; running out means the file is refused."""

    def __init__(self, limit: int, what: str) -> None:
        self.limit = limit
        self.used = 0
        self.what = what

    def spend(self, units: int = 1) -> None:
        self.used += units
        if self.used > self.limit:
            raise Refused(
                f"le fichier demande trop de travail pour être vérifié ({self.what}{NBSP}: "
                f"plus de {group_digits(self.limit)}){NBSP}: il est anormalement complexe ou "
                "malveillant\u202f; enregistrez-le de nouveau depuis son logiciel d'origine"
            )


def group_digits(number: int) -> str:
    """French digit grouping: 4 000 000."""
    return f"{number:,}".replace(",", "\u202f")


def check_file_size(path: Path, limits: Limits) -> int:
    """Return the size of ``path``; refuse empty and oversized files."""
    size = path.stat().st_size
    if size == 0:
        raise Refused(
            f"le fichier est vide (0 octet){NBSP}: vérifiez qu'il a été copié entièrement"
        )
    if size > limits.max_file_bytes:
        raise Refused(
            f"le fichier est trop gros pour être vérifié ({size // MB} Mo, au plus "
            f"{limits.max_file_bytes // MB} Mo){NBSP}: réduisez la taille des images puis "
            "relancez la vérification"
        )
    return size


# --------------------------------------------------------------------------- zip


def _central_directory(fh: BinaryIO, size: int) -> tuple[int, int]:
    """Entry count and central-directory size, read from the end records only."""
    tail_len = min(size, 65_536 + 22)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + 22 > len(tail):
        raise zipfile.BadZipFile("end of central directory not found")
    entries, cd_size = struct.unpack("<xxxxxxxxxxHI", tail[pos : pos + 16])
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        locator = pos - 20
        if locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
            (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
            fh.seek(offset)
            record = fh.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                entries, cd_size = struct.unpack("<QQ", record[32:48])
    return int(entries), int(cd_size)


def check_zip_index(path: Path, limits: Limits) -> None:
    """Refuse a zip whose index is too big, before ``zipfile`` reads it into memory."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        entries, cd_size = _central_directory(fh, size)
    if entries > limits.max_zip_entries or cd_size > limits.max_central_directory_bytes:
        raise Refused(
            f"le fichier contient trop d'éléments ({entries} entrées\u202f; au plus "
            f"{limits.max_zip_entries}){NBSP}: ce n'est pas un document ordinaire, "
            "enregistrez-le de nouveau depuis Word ou PowerPoint"
        )


_XML_SUFFIXES = (".xml", ".rels", ".vml")


def _unsafe_name(name: str) -> bool:
    """An entry name that is absolute or climbs out of the package (« ../ », « C:\\ »)."""
    normal = name.replace("\\", "/")
    if normal.startswith("/") or re.match(r"^[A-Za-z]:", normal):
        return True
    return ".." in normal.split("/")


class SafeZip:
    """A zip package whose members are read through size caps.

    The index is checked before ``zipfile`` parses it; declared sizes and ratios
    are checked before any member is inflated; members are read in chunks and
    stop at their cap, so a member larger than it claims is caught too.
    """

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.bytes_read = 0
        check_zip_index(path, limits)
        self._zip = zipfile.ZipFile(path)
        infos = self._zip.infolist()
        if len(infos) > limits.max_zip_entries:
            self.close()
            raise Refused(
                f"le fichier contient trop d'éléments ({len(infos)} entrées){NBSP}: "
                "enregistrez-le de nouveau depuis Word ou PowerPoint"
            )
        self._members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        try:
            for info in infos:
                if info.is_dir():
                    continue
                self._check_declared(info)
                self._check_local_header(info)
                total += info.file_size
                self._members[info.filename.lstrip("/").lower()] = info
            if total > limits.max_total_uncompressed:
                raise Refused(
                    f"le contenu décompressé du fichier serait trop gros ({total // MB} Mo, "
                    f"au plus {limits.max_total_uncompressed // MB} Mo){NBSP}: c'est le signe "
                    "d'une « bombe zip »\u202f; ne l'ouvrez pas et demandez une autre copie"
                )
        except Refused:
            self.close()
            raise

    def _check_declared(self, info: zipfile.ZipInfo) -> None:
        limits = self.limits
        if info.flag_bits & 0x1:
            raise Refused(PASSWORD_MESSAGE)
        if _unsafe_name(info.filename):
            # An Office package names its parts from its root; « ../ » or an absolute name
            # is what an archive made to write outside its folder looks like.
            raise Refused(
                f"l'archive est endommagée ou piégée{NBSP}: l'élément « {info.filename} » a un "
                "nom qui sort du document (« .. » ou chemin absolu)\u202f; demandez une autre "
                "copie du document"
            )
        cap = self._cap(info.filename)
        if info.file_size > cap:
            raise Refused(
                f"l'élément « {info.filename} » du fichier est trop gros une fois décompressé "
                f"({info.file_size // MB} Mo, au plus {cap // MB} Mo){NBSP}: c'est le signe "
                "d'une « bombe zip »\u202f; demandez une autre copie du document"
            )
        if (
            info.file_size >= limits.ratio_min_size
            and info.compress_size > 0
            and info.file_size / info.compress_size > limits.max_ratio
        ):
            ratio = info.file_size // info.compress_size
            raise Refused(
                f"l'élément « {info.filename} » est compressé {ratio} fois (au plus "
                f"{int(limits.max_ratio)}){NBSP}: c'est le signe d'une « bombe zip »\u202f; "
                "demandez une autre copie du document"
            )
        if info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
            zipfile.ZIP_BZIP2,
            zipfile.ZIP_LZMA,
        ):
            raise Refused(
                f"l'élément « {info.filename} » utilise une compression inconnue "
                f"(méthode {info.compress_type}){NBSP}: enregistrez le document de nouveau "
                "depuis Word ou PowerPoint"
            )

    def _check_local_header(self, info: zipfile.ZipInfo) -> None:
        """The sizes the entry's own header gives must be those of the central directory.

        A size changed in one place only (a damaged or forged archive) would
        otherwise go unnoticed for the parts that are never read in full.
        """
        fp = self._zip.fp
        if fp is None or info.flag_bits & 0x08:  # sizes in a data descriptor: nothing to compare
            return
        fp.seek(info.header_offset)
        header = fp.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise Refused(self._damaged(info, "son en-tête est introuvable"))
        compressed, size = struct.unpack("<II", header[18:26])
        if 0xFFFFFFFF in (compressed, size):
            return  # zip64: the sizes are in an extra field, checked when the part is read
        if (compressed, size) != (info.compress_size, info.file_size):
            raise Refused(
                self._damaged(
                    info, f"sa taille annoncée ({info.file_size} octets) varie d'un index à l'autre"
                )
            )

    @staticmethod
    def _damaged(info: zipfile.ZipInfo, why: str) -> str:
        return (
            f"l'archive est endommagée{NBSP}: l'élément « {info.filename} » est incohérent ({why})"
            "\u202f; demandez une copie complète ou enregistrez le document de nouveau depuis "
            "son logiciel"
        )

    def _cap(self, name: str) -> int:
        if name.lower().endswith(_XML_SUFFIXES):
            return self.limits.max_xml_part_bytes
        return self.limits.max_binary_part_bytes

    def names(self) -> list[str]:
        return [info.filename for info in self._members.values()]

    def has(self, name: str) -> bool:
        return name.lstrip("/").lower() in self._members

    def read(self, name: str) -> bytes:
        """The bytes of member ``name`` (case-insensitive, as OPC part names are)."""
        info = self._members.get(name.lstrip("/").lower())
        if info is None:
            raise Refused(
                f"l'élément « {name} » manque dans le fichier{NBSP}: le document est "
                "incomplet ou endommagé\u202f; enregistrez-le de nouveau depuis son logiciel"
            )
        cap = self._cap(info.filename)
        chunks: list[bytes] = []
        got = 0
        with self._zip.open(info) as member:
            while True:
                chunk = member.read(min(1 * MB, cap + 1 - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
                if got > cap:
                    raise Refused(
                        f"l'élément « {info.filename} » dépasse la taille permise une fois "
                        f"décompressé{NBSP}: c'est le signe d'une « bombe zip »\u202f; "
                        "demandez une autre copie du document"
                    )
        if got != info.file_size:
            # zipfile checks the CRC only when the declared size is reached: a part
            # larger than declared is silently cut, one smaller may pass unnoticed.
            raise Refused(
                f"l'archive est endommagée{NBSP}: l'élément « {info.filename} » annonce "
                f"{info.file_size} octets et en contient {got}\u202f; demandez une copie "
                "complète ou enregistrez le document de nouveau depuis son logiciel"
            )
        self.bytes_read += got
        if self.bytes_read > self.limits.max_total_uncompressed:
            raise Refused(
                f"le contenu décompressé du fichier dépasse "
                f"{self.limits.max_total_uncompressed // MB} Mo{NBSP}: c'est le signe d'une "
                "« bombe zip »\u202f; demandez une autre copie du document"
            )
        return b"".join(chunks)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- xml

_STRICT_NS = re.compile(rb"http://purl\.oclc\.org/ooxml/([A-Za-z]+)/([A-Za-z]+)")


def transitional(data: bytes) -> bytes:
    """Rewrite ISO/IEC 29500 Strict namespaces to their Transitional twins.

    Strict and Transitional differ in namespace URIs (and a few value types,
    handled where they are read); the element names are the same.
    """
    if b"purl.oclc.org/ooxml/" not in data:
        return data
    return _STRICT_NS.sub(rb"http://schemas.openxmlformats.org/\1/2006/\2", data)


def _parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, part: str, limits: Limits) -> etree._Element:
    """Parse one XML part safely, or refuse it with a French message.

    Entities are never expanded, nothing is fetched, a DTD is refused outright
    (OOXML forbids them, and Word refuses such files too), and libxml2's own
    limits stop nesting deeper than 256 levels without using Python recursion.
    """
    from lxml import etree

    tags = data.count(b"<")
    if tags > limits.max_xml_tags:
        raise Refused(
            f"l'élément « {part} » contient trop de balises ({group_digits(tags)}){NBSP}: le "
            "document est anormalement complexe ou malveillant"
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        text = str(exc)
        if "depth" in text.lower():
            raise Refused(
                f"l'élément « {part} » est imbriqué trop profondément (plus de 256 niveaux)"
                f"{NBSP}: le document est anormalement construit ou malveillant"
            ) from None
        if "entit" in text.lower() or "amplification" in text.lower():
            raise Refused(
                f"l'élément « {part} » utilise des entités XML{NBSP}: c'est interdit dans un "
                "document Office et peut servir d'attaque\u202f; demandez une autre copie"
            ) from None
        raise Refused(
            f"l'élément « {part} » n'est pas du XML valide ({text}){NBSP}: le document est "
            "endommagé\u202f; enregistrez-le de nouveau depuis son logiciel"
        ) from None
    if root.getroottree().docinfo.internalDTD is not None or b"<!DOCTYPE" in data[:4096]:
        raise Refused(
            f"l'élément « {part} » contient une déclaration DTD{NBSP}: c'est interdit dans un "
            "document Office et peut servir d'attaque (« billion laughs »)\u202f; demandez une "
            "autre copie du document"
        )
    return root


def read_head(path: Path, size: int = 1024) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def contains(path: Path, needle: bytes, limit: int) -> bool:
    """Whether ``needle`` occurs in the first ``limit`` bytes of ``path`` (streamed)."""
    keep = len(needle) - 1
    previous = b""
    seen = 0
    with path.open("rb") as fh:
        while seen < limit:
            chunk = fh.read(1 * MB)
            if not chunk:
                return False
            seen += len(chunk)
            if needle in previous + chunk:
                return True
            previous = chunk[-keep:] if keep else b""
    return False


def as_stream(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
