"""The font of the EU mention, shipped with dladocs and embedded in what it writes.

Article 4(4) of Reg. 821/2014 and Annex IX, point 1.3 of Reg. 2021/1060 allow
Arial, Auto, Calibri, Garamond, Trebuchet, Tahoma, Verdana and Ubuntu for the
text used with the emblem.  Only Ubuntu may be redistributed (Ubuntu Font
Licence 1.0, ``LICENCE.txt`` beside the files; its fsType is 0, "installable
embedding"), so dladocs ships it and sets the mention in it by default: a PDF
made on a machine without Microsoft fonts then carries an allowed font, never
Liberation Sans.  A project may choose Arial or Calibri instead
(``[sortie] police_mention``) when its readers have them, or keep the font of
its template or theme (``"modele"``).

The files are ``tools/convert_ubuntu_font.py``'s conversion of the WOFF files
of the npm package ``@fontsource/ubuntu`` (latin and latin-ext merged: every
French character, but not the narrow no-break space U+202F).  The licence
counts a format conversion as a Modified Version and its clause 2(c) wants a
Modified Version renamed « Ubuntu derivative X »: the shipped family is
« Ubuntu derivative dladocs ».  Its name still starts with « Ubuntu », which is
what the font rules (E14-08, E21-05) look for.

Embedding, so that the mention looks the same everywhere:

* PDF (reportlab): :func:`mention_font_file` is registered and embedded;
* DOCX: the fonts are added as Word does, obfuscated ``word/fonts/*.odttf``
  parts named in ``fontTable.xml`` with ``w:embedTrueTypeFonts`` in the
  settings (ECMA-376 Part 1, §17.8.1 and §17.8.3.3); Word and LibreOffice
  both read them;
* PPTX: as PowerPoint does, ``ppt/fonts/*.fntdata`` parts (Embedded OpenType,
  uncompressed) listed in ``p:embeddedFontLst`` of the presentation;
* LibreOffice sessions started by dladocs also get the files in their
  profile (:func:`install_for_libreoffice`), whatever they can read embedded.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import struct
import uuid
from pathlib import Path

__all__ = [
    "DEFAULT_CHOICE",
    "FONT_DIR",
    "apply",
    "embed",
    "install_for_libreoffice",
    "mention_family",
    "mention_font_file",
]

FONT_DIR = Path(__file__).parent
_FILES = {False: "UbuntuDerivativeDladocs-Regular.ttf", True: "UbuntuDerivativeDladocs-Bold.ttf"}
# The licence (clause 2(c)) wants a converted Ubuntu renamed « Ubuntu derivative X ».
SHIPPED = "Ubuntu derivative dladocs"
_STEM = _FILES[False].split("-")[0]  # the files' and the embedded parts' name
# ``[sortie] police_mention`` → the family written in documents (None: the template's).
CHOICES = {"ubuntu": SHIPPED, "arial": "Arial", "calibri": "Calibri", "modele": None}
DEFAULT_CHOICE = "ubuntu"


def mention_family(choice: str = DEFAULT_CHOICE) -> str | None:
    """The family for the EU mention, from the project's choice (None: keep the template's)."""
    return CHOICES.get(choice, SHIPPED)


def mention_font_file(bold: bool = False) -> Path:
    """The shipped Ubuntu TrueType file."""
    return FONT_DIR / _FILES[bold]


def install_for_libreoffice(user_folder: Path) -> None:
    """Put the shipped fonts in a LibreOffice profile (``user/fonts``), read at start-up."""
    target = user_folder / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    for name in _FILES.values():
        shutil.copyfile(FONT_DIR / name, target / name)


# --------------------------------------------------------------------------- OOXML embedding

_FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def apply(parts: dict[str, bytes], fmt: str, family: str | None) -> None:
    """Set the mention's character style of a DOCX to ``family`` (the band's ``police_ue``),
    and embed Ubuntu when it is the one (PPTX: the deck renderer writes the family itself).
    ``None``: the template's own font stands, nothing is embedded.

    ``parts`` is the package's parts by name, changed in place: the build reads and
    writes each file once (:func:`dladocs._archive.normalise` gives them here).
    """
    if not family:
        return
    if fmt == "docx":
        _restyle_docx(parts, family)
    if family == SHIPPED:
        embed(parts, fmt)


_MENTION_STYLE = re.compile(
    rb'(<w:style [^>]*w:styleId="MentionUE"[^>]*>.*?<w:rPr>)(.*?)(</w:rPr>)', re.S
)


def _restyle_docx(parts: dict[str, bytes], family: str) -> None:
    styles = parts.get("word/styles.xml")
    if styles is None:
        return
    fonts = f'<w:rFonts w:ascii="{family}" w:hAnsi="{family}" w:cs="{family}"/>'.encode()

    def restyle(match: re.Match[bytes]) -> bytes:
        inner = re.sub(rb"<w:rFonts[^>]*/>", b"", match.group(2))
        return match.group(1) + fonts + inner + match.group(3)

    updated, count = _MENTION_STYLE.subn(restyle, styles, count=1)
    if count:  # a template without the mention style keeps its own fonts
        parts["word/styles.xml"] = updated


def embed(parts: dict[str, bytes], fmt: str) -> None:
    """Embed the shipped Ubuntu (regular and bold) in a DOCX's or PPTX's ``parts``, in place."""
    if fmt == "docx":
        _embed_docx(parts)
    elif fmt == "pptx":
        _embed_pptx(parts)


def _font_key(bold: bool) -> str:
    """A fixed GUID per file (reproducible builds), as Word writes it."""
    digest = hashlib.sha256(mention_font_file(bold).read_bytes()).digest()
    return "{" + str(uuid.UUID(bytes=digest[:16])).upper() + "}"


def obfuscate(font: bytes, key: str) -> bytes:
    """ECMA-376 font obfuscation: the first 32 bytes XORed with the key's bytes, reversed."""
    digits = key.strip("{}").replace("-", "")
    secret = bytes.fromhex(digits)[::-1]
    head = bytes(b ^ secret[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


def _add_default(types: bytes, extension: str, content_type: str) -> bytes:
    if f'Extension="{extension}"'.encode() in types:
        return types
    entry = f'<Default Extension="{extension}" ContentType="{content_type}"/>'.encode()
    return re.sub(rb"(<Types[^>]*>)", lambda m: m.group(1) + entry, types, count=1)


def _add_rels(rels: bytes | None, entries: list[tuple[str, str]]) -> bytes:
    body = "".join(
        f'<Relationship Id="{rid}" Type="{_FONT_REL}" Target="{target}"/>'
        for rid, target in entries
    ).encode()
    if rels is None:
        return (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            + f'<Relationships xmlns="{_RELS_NS}">'.encode()
            + body
            + b"</Relationships>"
        )
    return rels.replace(b"</Relationships>", body + b"</Relationships>")


def _free_id(rels: bytes | None, stem: str) -> str:
    used = set(re.findall(rb'Id="([^"]+)"', rels or b""))
    number = 1
    while f"{stem}{number}".encode() in used:
        number += 1
    return f"{stem}{number}"


def _embed_docx(parts: dict[str, bytes]) -> bool:
    table = parts.get("word/fontTable.xml")
    settings = parts.get("word/settings.xml")
    if table is None or settings is None or any(n.startswith(f"word/fonts/{_STEM}") for n in parts):
        return False
    rels_name = "word/_rels/fontTable.xml.rels"
    rels = parts.get(rels_name)
    entries, embeds = [], []
    for bold in (False, True):
        rid = _free_id(rels, "rIdUbuntu")
        key = _font_key(bold)
        name = f"fonts/{_FILES[bold].replace('.ttf', '.odttf')}"
        parts[f"word/{name}"] = obfuscate(mention_font_file(bold).read_bytes(), key)
        entries.append((rid, name))
        rels = _add_rels(rels, [(rid, name)])
        tag = "w:embedBold" if bold else "w:embedRegular"
        embeds.append(f'<{tag} r:id="{rid}" w:fontKey="{key}"/>')
    parts[rels_name] = rels or b""
    font = (
        f'<w:font w:name="{SHIPPED}" xmlns:r="{_R_NS}"><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/>' + "".join(embeds) + "</w:font>"
    ).encode()
    table = re.sub(
        rb'<w:font w:name="' + re.escape(SHIPPED.encode()) + rb'"(?:/>|>.*?</w:font>)',
        b"",
        table,
        flags=re.S,
    )
    parts["word/fontTable.xml"] = table.replace(b"</w:fonts>", font + b"</w:fonts>")
    if b"embedTrueTypeFonts" not in settings:
        # Right after w:zoom, or first: CT_Settings orders embedTrueTypeFonts early.
        settings = re.sub(
            rb"(<w:settings[^>]*>(?:\s*<w:writeProtection[^>]*/>)?(?:\s*<w:view[^>]*/>)?"
            rb"(?:\s*<w:zoom[^>]*/>)?(?:\s*<w:removePersonalInformation[^>]*/>)?"
            rb"(?:\s*<w:removeDateAndTime[^>]*/>)?(?:\s*<w:doNotDisplayPageBoundaries[^>]*/>)?"
            rb"(?:\s*<w:displayBackgroundShape[^>]*/>)?(?:\s*<w:printPostScriptOverText[^>]*/>)?"
            rb"(?:\s*<w:printFractionalCharacterWidth[^>]*/>)?(?:\s*<w:printFormsData[^>]*/>)?)",
            lambda m: m.group(1) + b'<w:embedTrueTypeFonts/><w:saveSubsetFonts w:val="0"/>',
            settings,
            count=1,
        )
        parts["word/settings.xml"] = settings
    parts["[Content_Types].xml"] = _add_default(
        parts["[Content_Types].xml"],
        "odttf",
        "application/vnd.openxmlformats-officedocument.obfuscatedFont",
    )
    return True


def _embed_pptx(parts: dict[str, bytes]) -> bool:
    presentation = parts.get("ppt/presentation.xml")
    if presentation is None or b"embeddedFontLst" in presentation:
        return False
    rels_name = "ppt/_rels/presentation.xml.rels"
    rels = parts.get(rels_name)
    ids = []
    for bold in (False, True):
        rid = _free_id(rels, "rIdUbuntu")
        name = f"fonts/{_FILES[bold].replace('.ttf', '.fntdata')}"
        parts[f"ppt/{name}"] = eot(mention_font_file(bold).read_bytes())
        rels = _add_rels(rels, [(rid, name)])
        ids.append(rid)
    parts[rels_name] = rels or b""
    listing = (
        f'<p:embeddedFontLst><p:embeddedFont><p:font typeface="{SHIPPED}" pitchFamily="34" '
        f'charset="0"/><p:regular r:id="{ids[0]}"/><p:bold r:id="{ids[1]}"/>'
        "</p:embeddedFont></p:embeddedFontLst>"
    ).encode()
    # CT_Presentation: ... sldSz, notesSz, smartTags?, embeddedFontLst?, custShowLst? ...
    updated, count = re.subn(
        rb"(<p:notesSz[^>]*/>(?:<p:smartTags[^>]*/>)?)",
        lambda m: m.group(1) + listing,
        presentation,
        count=1,
    )
    if not count:
        return False
    parts["ppt/presentation.xml"] = updated
    parts["[Content_Types].xml"] = _add_default(
        parts["[Content_Types].xml"], "fntdata", "application/x-fontdata"
    )
    return True


def _tables(font: bytes) -> dict[bytes, bytes]:
    """The tables of a TrueType file by tag (a few lines: fontTools is not a run-time need)."""
    (count,) = struct.unpack_from(">H", font, 4)
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * index)
        tables[tag] = font[offset : offset + length]
    return tables


def _name(table: bytes, number: int) -> str:
    """A Windows Unicode (3, 1, en-US) name record."""
    count, strings = struct.unpack_from(">HH", table, 2)[0], struct.unpack_from(">H", table, 4)[0]
    for index in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(
            ">6H", table, 6 + 12 * index
        )
        if (platform, encoding, language, name_id) == (3, 1, 0x409, number):
            return table[strings + offset : strings + offset + length].decode("utf-16-be")
    return ""


def eot(font: bytes) -> bytes:
    """An Embedded OpenType wrapper (version 0x00020001, not compressed) around a TrueType,
    the form PowerPoint stores in ``.fntdata`` parts."""
    tables = _tables(font)
    os2, head, names = tables[b"OS/2"], tables[b"head"], tables[b"name"]
    weight, fs_type = struct.unpack_from(">H", os2, 4)[0], struct.unpack_from(">H", os2, 8)[0]
    panose = os2[32:42]
    ranges = struct.unpack_from(">4I", os2, 42)
    (selection,) = struct.unpack_from(">H", os2, 62)
    pages = struct.unpack_from(">2I", os2, 78) if len(os2) >= 86 else (0, 0)
    (checksum,) = struct.unpack_from(">I", head, 8)
    fixed = struct.pack(
        "<IIII10sBBIHH4I2I5I",
        0,  # EOTSize, set below
        len(font),
        0x00020001,
        0,  # flags: not compressed, not XOR-encrypted
        panose,
        1,  # DEFAULT_CHARSET
        1 if selection & 1 else 0,
        weight,
        fs_type,
        0x504C,  # magic number
        *ranges,
        *pages,
        checksum,
        0,
        0,
        0,
        0,
    )
    strings = b""
    for number in (1, 2, 5, 4):  # family, style, version, full name; each after a padding
        data = _name(names, number).encode("utf-16-le")
        strings += struct.pack("<HH", 0, len(data)) + data
    strings += struct.pack("<HH", 0, 0)  # padding and an empty RootString
    header = fixed + strings
    return struct.pack("<I", len(header) + len(font)) + header[4:] + font
