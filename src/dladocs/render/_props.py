"""Document properties (title, author, subject, keywords, language, dates).

They are written into every office file so that the PDFs LibreOffice makes
from them carry the same metadata, and their dates come from the project or
``SOURCE_DATE_EPOCH``, never from the clock, so that builds are reproducible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dladocs.project import Project
    from dladocs.types import DocumentType, Region


FICTION_NOTE = (
    "Données fictives : les structures participantes, les questions, les retours "
    "d'expérience, les réponses à l'évaluation et le bilan sont inventés pour l'exemple."
)


def fictitious(project: Project) -> bool:
    """Whether the project declares its data fictitious (or is the bundled example)."""
    return bool(project.is_example or project.accompaniment.fictitious)


@dataclass(frozen=True, slots=True)
class DocumentProperties:
    title: str
    author: str
    subject: str
    keywords: str
    when: dt.datetime
    language: str = "fr-FR"
    comments: str = ""

    @classmethod
    def from_context(cls, context: Mapping[str, Any], project: Project) -> DocumentProperties:
        from dladocs._facts import document_date

        document = context.get("document", {})
        region = context.get("region", {})
        title = f"{document.get('titre', '')} — {context.get('titre', '')}".strip(" —")
        author = project.consultant.name
        if project.consultant.organisation:
            author += f", {project.consultant.organisation}"
        keywords = ", ".join(
            k
            for k in (
                "DLA",
                "SIAE",
                "marketing digital",
                "FSE",
                region.get("nom", ""),
                project.accompaniment.programme,
            )
            if k
        )
        subject = f"{project.accompaniment.sector} — {region.get('nom', '')}".strip(" —")
        when = dt.datetime.combine(document_date(project), dt.time(12, 0))
        # Fictitious data is declared once in the text and here, where any reader's tool shows it.
        comments = FICTION_NOTE if fictitious(project) else ""
        if comments:
            keywords += ", données fictives"
        # Metadata is searched as typed: plain hyphens, not the text's non-breaking ones.
        title, subject = (text.replace("\u2011", "-") for text in (title, subject))
        return cls(title, author, subject, keywords.replace("\u2011", "-"), when, comments=comments)

    @classmethod
    def for_document(
        cls, document: DocumentType, project: Project, region: Region
    ) -> DocumentProperties:
        """The properties :meth:`from_context` gives, without rendering the document's context.

        Used for the PDFs, which are post-processed after rendering.
        """
        from dladocs import typography as ty

        context = {
            "document": {"titre": ty.fr(document.title)},
            "titre": ty.fr(project.accompaniment.title),
            "region": {"nom": region.name},
        }
        return cls.from_context(context, project)

    def apply_pptx(self, prs: Any) -> None:
        self._apply(prs.core_properties)

    def apply_docx(self, document: Any) -> None:
        self._apply(document.core_properties)

    def _apply(self, props: Any) -> None:
        # Office files cap these properties at 255 characters; the project allows 300 per key.
        props.title = _cap(self.title)
        props.author = _cap(self.author)
        props.last_modified_by = _cap(self.author)
        props.subject = _cap(self.subject)
        props.keywords = _cap(self.keywords)
        props.language = self.language
        props.created = self.when
        props.modified = self.when
        props.last_printed = self.when
        props.revision = 1
        props.comments = self.comments
        props.category = "DLA"


PROPERTY_MAX = 255


def _cap(text: str) -> str:
    """``text`` cut to the 255 characters a core property holds, with « … » when cut."""
    return text if len(text) <= PROPERTY_MAX else text[: PROPERTY_MAX - 1].rstrip() + "…"
