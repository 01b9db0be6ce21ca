"""Parse a content module (Markdown, Marp conventions) into slides and fiche parts.

Slides are split on lines holding exactly ``---`` before Markdown parsing,
as Marp does: in CommonMark a ``---`` under a paragraph would make a heading.
Each chunk is then parsed with markdown-it-py; its token line maps give the
line numbers of the French error messages.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from dladocs.content._inline import images as _images
from dladocs.content._inline import links as _links
from dladocs.content._inline import plain as _inline_text
from dladocs.content._inline import strong as _strong
from dladocs.content._model import (
    DIRECTIVES,
    FICHE_PARTS,
    LAYOUTS,
    SCHEMAS,
    FichePart,
    Item,
    Module,
    Picture,
    Section,
    Slide,
)
from dladocs.errors import DladocsError

# ``<!-- key: value -->`` with no space before the colon: French notes write « Outil : … ».
_DIRECTIVE = re.compile(r"^<!--\s*([A-Za-zÀ-ÿ_-]+):\s*([^\s]*)\s*-->$")
_BOX = re.compile(r"^\[( |x|X)\]\s+")
_SOURCE = re.compile(r"^Source\s*:")
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_FIGURES = 4


class ContentError(DladocsError):
    """A content module breaks the format: the message names the file and the line."""


def parse_module(path: Path, name: str | None = None) -> Module:
    """Read and parse the module at ``path``; raise :class:`ContentError` on bad input."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(
            f"{path} : lecture impossible ({exc.strerror or exc})", path=path
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(
            f"{path} : le module n'est pas en UTF-8 (octet {exc.start}) : réenregistrez-le en UTF-8",
            path=path,
        ) from None
    return parse_text(text, path, name or path.stem)


def parse_text(text: str, path: Path, name: str) -> Module:
    slides: list[Slide] = []
    fiche: list[FichePart] = []
    for first_line, chunk in _chunks(text):
        parsed = _Chunk(path, first_line).parse(chunk)
        if isinstance(parsed, Slide):
            slides.append(parsed)
        elif isinstance(parsed, FichePart):
            fiche.append(parsed)
    return Module(name, path, tuple(slides), tuple(fiche))


def _chunks(text: str) -> list[tuple[int, str]]:
    """The chunks between ``---`` lines, each with the number of its first line (from 1)."""
    chunks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 1
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if line.strip() == "---" and not fenced:
            chunks.append((start, "\n".join(current)))
            current, start = [], number + 1
        else:
            current.append(line)
    chunks.append((start, "\n".join(current)))
    return [(line, chunk) for line, chunk in chunks if chunk.strip()]


def _closest(value: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
    return f"{hint} ; valeurs possibles : {', '.join(choices)}"


class _Chunk:
    """The state of the walk over one chunk's tokens."""

    def __init__(self, path: Path, first_line: int) -> None:
        self.path = path
        self.first = first_line
        self.slide = Slide(path, first_line)
        self.fiche: FichePart | None = None
        self.section: Section | None = None  # the current ## block
        self.sub: Section | None = None  # the current ### block
        self.directives: dict[str, tuple[str, int]] = {}

    def fail(self, line: int, message: str) -> ContentError:
        return ContentError(f"{self.path}, ligne {line} : {message}", path=self.path)

    def parse(self, text: str) -> Slide | FichePart | None:
        from markdown_it import MarkdownIt

        tokens = MarkdownIt("commonmark").parse(text)
        depth = 0
        in_item = False
        for index, token in enumerate(tokens):
            line = self.first + (token.map[0] if token.map else 0)
            if token.type == "heading_open":
                heading = " ".join(_inline_text(tokens[index + 1].children or []).split())
                self._heading(token.tag, heading, line)
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
            elif token.type == "list_item_open":
                in_item = True
            elif token.type == "list_item_close":
                in_item = False
            elif token.type == "inline" and tokens[index - 1].type == "paragraph_open":
                if in_item:
                    self._item(token, depth - 1, line)
                    in_item = False  # a second paragraph of the item is body text
                else:
                    self._paragraph(token, line)
            elif token.type in ("html_block", "html_inline"):
                self._comment(token.content, line)
            elif token.type in ("fence", "code_block"):
                self._add_paragraph(token.content.strip())
        return self._finish()

    # ------------------------------------------------------------------ elements

    def _heading(self, tag: str, text: str, line: int) -> None:
        if tag == "h1":
            if self.slide.title:
                raise self.fail(
                    line,
                    f"deuxième titre « # {text} » sur la même diapositive (déjà « {self.slide.title} ») : "
                    "séparez les diapositives par une ligne « --- »",
                )
            self.slide.title = text
            self.section = self.sub = None
        elif tag == "h2":
            self.section = Section(text, line)
            self.sub = None
            self.slide.sections.append(self.section)
        else:
            self.sub = Section(text, line)
            if self.section is None:
                self.section = Section("", line)
                self.slide.sections.append(self.section)
            self.section.children.append(self.sub)

    def _target(self) -> Section | None:
        return self.sub or self.section

    def _item(self, token: Any, level: int, line: int) -> None:
        children = token.children or []
        for picture in _images(children):
            self._picture(picture, line)
        text = " ".join(_inline_text([c for c in children if c.type != "image"]).split())
        if not text:
            return
        checked: bool | None = None
        box = _BOX.match(text)
        if box:
            checked = box.group(1) != " "
            text = text[box.end() :]
        strong, rest = _strong(children)
        item = Item(text, line, level, checked, strong, rest, _links(children))
        target = self._target()
        (target.items if target is not None else self.slide.items).append(item)

    def _paragraph(self, token: Any, line: int) -> None:
        children = token.children or []
        for picture in _images(children):
            self._picture(picture, line)
        text = _inline_text([c for c in children if c.type != "image"])
        body: list[str] = []
        for part in text.split("\n"):
            if _SOURCE.match(part.strip()):
                source = part.strip()
                target = self._target()
                (target.sources if target is not None else self.slide.sources).append(source)
            elif part.strip():
                body.append(part.strip())
        if body:
            self._add_paragraph(" ".join(body))

    def _add_paragraph(self, text: str) -> None:
        target = self._target()
        (target.paragraphs if target is not None else self.slide.paragraphs).append(text)

    def _picture(self, image: Any, line: int) -> None:
        alt = _inline_text(image.children or []).strip() or image.content.strip()
        src = str(image.attrs.get("src", ""))
        if not alt:
            raise self.fail(
                line,
                f"l'image « {src} » n'a pas de texte alternatif : écrivez ce qu'elle montre entre "
                "les crochets, ![ce que montre l'image](chemin) ; il est lu aux personnes qui ne la voient pas",
            )
        if "://" in src:
            raise self.fail(
                line, f"l'image « {src} » est une adresse web : placez le fichier dans images/"
            )
        path = (self.path.parent / src).resolve()
        if path.suffix.lower() not in PICTURE_SUFFIXES:
            raise self.fail(
                line,
                f"l'image « {src} » n'est pas au format PNG ou JPEG : exportez-la en PNG",
            )
        if not path.is_file():
            raise self.fail(
                line,
                f"l'image « {src} » est introuvable (cherchée dans {path.parent}) ; le chemin part "
                "du dossier du module",
            )
        try:
            from PIL import Image

            with Image.open(path) as opened:
                opened.verify()  # a renamed or truncated file is said here, not in the renderer
        except (
            Exception
        ) as exc:  # Pillow raises many kinds of errors for a file that is not an image
            raise self.fail(
                line,
                f"l'image « {src} » n'est pas une image PNG ou JPEG lisible ({type(exc).__name__}) : "
                "réexportez-la en PNG",
            ) from None
        self.slide.pictures.append(Picture(path, alt, line))

    def _comment(self, content: str, line: int) -> None:
        text = content.strip()
        if not text.startswith("<!--"):
            return  # other HTML is not shown: Markdown only
        match = _DIRECTIVE.match(text)
        if match:
            key, value = match.group(1), match.group(2)
            if key not in DIRECTIVES:
                raise self.fail(line, f"directive « {key} » inconnue{_closest(key, DIRECTIVES)}")
            if key in self.directives:
                raise self.fail(
                    line,
                    f"directive « {key} » donnée deux fois (ligne {self.directives[key][1]}) : "
                    "une seule par diapositive",
                )
            choices = {"disposition": LAYOUTS, "schema": SCHEMAS, "fiche": FICHE_PARTS}[key]
            if value not in choices:
                what = {
                    "disposition": "disposition",
                    "schema": "schéma",
                    "fiche": "partie de fiche",
                }
                raise self.fail(line, f"{what[key]} « {value} » inconnue{_closest(value, choices)}")
            self.directives[key] = (value, line)
            return
        note = text.removeprefix("<!--").removesuffix("-->").strip()
        if note:
            self.slide.notes.append(note)

    # ------------------------------------------------------------------ result

    def _finish(self) -> Slide | FichePart | None:
        slide = self.slide
        if "fiche" in self.directives:
            kind, line = self.directives["fiche"]
            return FichePart(
                kind, self.path, line, slide.sections, slide.items, slide.paragraphs, slide.sources
            )
        layout, layout_line = self.directives.get("disposition", ("liste", self.first))
        slide.layout = layout
        # On a slide, a source line under a ## block is still the slide's source (its foot).
        for section in slide.sections:
            slide.sources += [s for s in section.sources if s not in slide.sources]
            section.sources.clear()
        empty = not (slide.items or slide.paragraphs or slide.sections or slide.pictures)
        if not slide.title:
            if empty and not slide.notes:
                return None
            raise self.fail(
                self.first,
                "diapositive sans titre : commencez-la par une ligne « # Titre »",
            )
        if layout == "schema":
            if "schema" not in self.directives:
                raise self.fail(
                    layout_line,
                    "disposition « schema » sans « <!-- schema: NOM --> » ; schémas possibles : "
                    + ", ".join(SCHEMAS),
                )
            slide.schema = self.directives["schema"][0]
            if len(slide.items) < 2:
                raise self.fail(
                    layout_line, "un schéma demande au moins deux puces (ses étiquettes)"
                )
        elif "schema" in self.directives:
            raise self.fail(
                self.directives["schema"][1],
                "« schema: » ne sert qu'avec « <!-- disposition: schema --> »",
            )
        if layout == "titre" and slide.pictures:
            raise self.fail(
                slide.pictures[0].line,
                "une diapositive « titre » ne montre pas d'image : choisissez la disposition "
                "« liste » (l'image à droite du texte)",
            )
        self._check_layout(slide, layout_line)
        return slide

    def _check_layout(self, slide: Slide, line: int) -> None:
        layout = slide.layout
        if layout == "chiffres-cles":
            if not slide.items or len(slide.items) > MAX_FIGURES:
                raise self.fail(
                    line,
                    f"« chiffres-cles » attend de 1 à {MAX_FIGURES} puces « - **27 %** texte » "
                    f"({len(slide.items)} ici)",
                )
            bad = next((item for item in slide.items if not item.strong), None)
            if bad is not None:
                raise self.fail(
                    bad.line,
                    f"la puce « {bad.text} » n'a pas son chiffre en gras : « - **27 %** texte »",
                )
        elif layout in ("deux-colonnes", "trois-niveaux", "cas"):
            wanted = {"deux-colonnes": 2, "trois-niveaux": 3, "cas": 3}[layout]
            if len(slide.sections) != wanted:
                raise self.fail(
                    line,
                    f"la disposition « {layout} » attend {wanted} blocs « ## Sous-titre » "
                    f"({len(slide.sections)} ici)",
                )
            if layout == "cas" and not (
                slide.sources or any(section.sources for section in slide.sections)
            ):
                raise self.fail(
                    line,
                    "un cas réel cite sa source : ajoutez une ligne « Source : Organisme, « titre », date, URL »",
                )
        elif layout == "sondage" and not slide.items:
            raise self.fail(line, "un sondage attend sa question puis ses réponses en puces")
        elif layout == "checklist" and not slide.items:
            raise self.fail(line, "une liste à cocher attend des puces « - [ ] élément »")
