"""Inspect and verify any file: ``dladocs check``, and the last step of every build.

The same engine judges files dladocs wrote and files made by hand: inspection
turns the file into surfaces, the rule sets and the plugins' checks turn the
surfaces into violations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dladocs.errors import DladocsError
from dladocs.types import CheckOptions, CheckState, Inspection, Picture, Requirement, Violation

if TYPE_CHECKING:
    import pluggy
    from PIL import Image

    from dladocs.project import Project
    from dladocs.types import DocumentType, Region

Status = Literal["ok", "fail", "error", "unverifiable"]


@dataclass(slots=True)
class FileCheck:
    """The verdict on one file."""

    path: Path
    status: Status
    violations: list[Violation] = field(default_factory=list)
    error: str = ""
    surfaces: int = 0
    inspection: Inspection | None = None
    # The rule set applied, and whether it was read from the file's own keywords.
    programme: str = ""
    programme_from_file: bool = False

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "error"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "warning"]

    def as_json(self, base: Path | None = None) -> dict[str, Any]:
        path = self.path
        if base is not None and self.path.is_relative_to(base):
            path = self.path.relative_to(base)
        data: dict[str, Any] = {
            "path": str(path),
            "status": self.status,
            "violations": [v.as_json() for v in self.violations],
        }
        if self.error:
            data["error"] = self.error
        if self.programme:
            data["programme"] = self.programme
        return data


class LogoIdentifier:
    """Which logo a picture shows: by the tag dladocs wrote, else by its image.

    A tag is trusted for logos nobody gave a reference image for; an
    ``eu-emblem`` tag, or the tag of a logo passed as a reference (``--logo
    avise=...``), must also look like it: a theme that swaps the emblem, or a
    placeholder left where the real Avise logo should be, is caught.  Results
    are cached by the image's hash, so each distinct image is analysed once.
    """

    def __init__(
        self,
        references: Mapping[str, Image.Image] | None = None,
        exact: Mapping[str, str] | None = None,
    ) -> None:
        from dladocs.recognition import Recogniser as ImageRecogniser  # by the image alone

        self._images = ImageRecogniser(dict(references or {}))
        self._referenced = frozenset(references or {})
        # sha256 of image bytes → logo id: the very file dladocs placed is that logo,
        # whatever its looks (a plain-coloured logo has no useful fingerprint).
        self._exact = dict(exact or {})
        self._cache: dict[str, str | None] = {}
        self._emblems: dict[str, Any] = {}

    def emblem(self, picture: Picture) -> Any:
        """Where the flag is in the picture and how it looks (:class:`dladocs.recognition.EmblemMatch`)."""
        key = picture.sha256 or None
        if key is not None and key in self._emblems:
            return self._emblems[key]
        image = picture.load() if picture.load is not None else None
        match = self._images.emblem(image, key=key) if image is not None else None
        if key is not None:
            self._emblems[key] = match
        return match

    def __call__(self, picture: Picture) -> str | None:
        tag = picture.tag
        if picture.sha256 and picture.sha256 in self._exact:
            return self._exact[picture.sha256]
        if tag is None and picture.name.startswith("dladocs:"):
            return None  # a chart or a QR code dladocs placed itself: not a logo
        if tag is not None and tag != "eu-emblem" and tag not in self._referenced:
            return tag
        key = picture.sha256 or None
        if key is not None and key in self._cache:
            return self._cache[key]
        image = picture.load() if picture.load is not None else None
        result = self._images.identify(image, key=key) if image is not None else None
        if key is not None:
            self._cache[key] = result
        return result


def reference_images(references: Mapping[str, Path]) -> dict[str, Image.Image]:
    """Open the reference logos given with ``--logo ID=PATH`` (refusing unreadable ones clearly)."""
    from PIL import Image

    from dladocs.images import prepare_logo

    images: dict[str, Image.Image] = {}
    for logo_id, path in references.items():
        prepared = prepare_logo(path, label=logo_id)
        import io

        images[logo_id] = Image.open(io.BytesIO(prepared.png)).convert("RGBA")
    return images


def verify(
    inspection: Inspection,
    *,
    pm: pluggy.PluginManager,
    options: CheckOptions,
    requirements: Sequence[Requirement],
    recognise: LogoIdentifier,
    document: DocumentType | None = None,
    project: Project | None = None,
    region: Region | None = None,
) -> list[Violation]:
    """Every violation on every surface: the programme's rules, the always-on rules, the plugins' checks."""
    from dladocs.plugins import get_rule_sets, run_checks

    rule_sets = get_rule_sets(pm)
    check_programme(options.programme, rule_sets)
    state = CheckState(inspection, list(requirements), options, recognise, recognise.emblem)
    violations: list[Violation] = []
    for rule_set in rule_sets.values():
        if rule_set.id == options.programme or rule_set.always:
            violations += rule_set.check(state)
    violations += run_checks(pm, document, inspection, project, region)
    violations += _reading(state)
    if options.strict:
        violations = [
            v
            if v.severity == "error"
            else Violation(v.rule, "error", v.surface, v.message, v.source)
            for v in violations
        ]
    return _ordered(violations)


def _reading(state: CheckState) -> list[Violation]:
    """Pages only a picture, repairs made on reading (see :mod:`dladocs.reading`)."""
    from dladocs.reading import reading_violations
    from dladocs.rules import surface_logos

    def emblem_on(surface: Any) -> bool:
        return any(item.logo == "eu-emblem" for item in surface_logos(surface, state))

    return reading_violations(state.inspection, emblem_on)


def file_status(violations: Sequence[Violation]) -> Status:
    """« fail » when a rule is broken, « unverifiable » when only unreadable pages stop the
    verdict (never « ok »: the mention could not be read), else « ok »."""
    from dladocs.reading import UNVERIFIABLE

    errors = [v for v in violations if v.severity == "error"]
    if any(v.rule != UNVERIFIABLE for v in errors):
        return "fail"
    return "unverifiable" if errors else "ok"


def not_a_file(path: Path) -> str:
    """Why ``path`` cannot be read as a document: missing, a folder, or not a regular file."""
    if path.is_dir():
        return "c'est un dossier, pas un fichier"
    if path.exists():
        return "ce n'est pas un fichier ordinaire (périphérique, tube ou raccourci cassé)"
    return "fichier introuvable"


def check_programme(programme: str, rule_sets: Mapping[str, Any]) -> None:
    """Refuse a programme no rule set implements, naming those that exist."""
    if programme not in rule_sets or rule_sets[programme].always:
        known = ", ".join(sorted(k for k, v in rule_sets.items() if not v.always))
        raise DladocsError(f"programme « {programme} » inconnu ; programmes connus : {known}")


def programme_of(inspection: Inspection, rule_sets: Mapping[str, Any]) -> str | None:
    """The programme a file declares among its keywords (dladocs writes it there), if any."""
    keywords = str(inspection.metadata.get("keywords", ""))
    declared = {word.strip().lower() for word in keywords.replace(";", ",").split(",")}
    for name, rule_set in rule_sets.items():
        if not rule_set.always and name.lower() in declared:
            return str(name)
    return None


def _ordered(violations: list[Violation]) -> list[Violation]:
    kinds = {"slide": 0, "page": 0, "header": 1, "body": 2}
    unique: list[Violation] = []
    for violation in violations:
        if violation not in unique:
            unique.append(violation)
    return sorted(
        unique,
        key=lambda v: (
            kinds.get(v.surface.kind, 3),
            v.surface.index,
            v.surface.variant,
            v.severity != "error",
            v.rule,
        ),
    )


def check_files(
    paths: Sequence[Path],
    *,
    options: CheckOptions,
    pm: pluggy.PluginManager | None = None,
) -> list[FileCheck]:
    """``dladocs check``: each file inspected and verified; unreadable files reported, never raised.

    With ``options.programme`` empty, each file is judged by the programme
    it declares in its keywords (files dladocs made say which), else by
    :data:`~dladocs.types.CURRENT_PROGRAMME`.
    """
    import dataclasses

    from dladocs.inspect import inspect_file
    from dladocs.plugins import get_plugin_manager, get_rule_sets
    from dladocs.types import CURRENT_PROGRAMME

    pm = pm or get_plugin_manager()
    rule_sets = get_rule_sets(pm)
    check_programme(options.programme or CURRENT_PROGRAMME, rule_sets)
    references = reference_images(options.references)
    recognise = LogoIdentifier(references)
    from dladocs.reading import is_form

    emblem = Requirement(
        "eu-emblem", options.emblem_scope, "presence", "emblème de l'Union européenne"
    )
    logos = [Requirement(logo_id, "document", "REF-01", logo_id) for logo_id in options.references]
    results: list[FileCheck] = []
    for path in paths:
        if not path.is_file():
            results.append(
                FileCheck(path, "error", error=f"{not_a_file(path)} : vérifiez le chemin")
            )
            continue
        try:
            inspection = inspect_file(path)
        except DladocsError as exc:
            results.append(FileCheck(path, "error", error=exc.message))
            continue
        declared = None if options.programme else programme_of(inspection, rule_sets)
        programme = options.programme or declared or CURRENT_PROGRAMME
        # Forms, attendance sheets, certificates: the statement on every page (E14-02).
        every_page = is_form(inspection, options.document_type)
        statement = Requirement(
            "eu-statement",
            "every-surface" if every_page else "document",
            "statement",
            "mention du cofinancement",
        )
        requirements = [emblem, statement, *logos]
        violations = verify(
            inspection,
            pm=pm,
            options=dataclasses.replace(options, programme=programme),
            requirements=requirements,
            recognise=recognise,
        )
        status = file_status(violations)
        results.append(
            FileCheck(
                path,
                status,
                violations,
                surfaces=len(inspection.surfaces),
                programme=programme,
                programme_from_file=declared is not None,
            )
        )
    return results
