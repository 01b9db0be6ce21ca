"""The :class:`Recogniser`: names the logo a picture shows, with caches per document and per process."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from PIL import Image

from dladocs.recognition._emblem import EMBLEM_ID, EmblemMatch, find_emblem
from dladocs.recognition._fingerprints import (
    _ASPECT_SLACK,
    _MAX_HAMMING,
    _PLAIN_TOLERANCE,
    _Hash,
    _hashes,
    _Plain,
    _plain_colour,
    hamming,
)

# Images up to this many pixels are also keyed on their pixels: the same logo embedded
# in a PNG, a PDF image and a converted PDF has three file hashes but one analysis.
PIXEL_KEY_MAX = 2_000_000


# Emblem analyses by pixels, shared by every build of the process: a worker of a national
# build meets the same emblem in every region, a tool that imports dladocs in every build.
# An analysis depends on the pixels alone, so sharing it changes no result.
_SHARED_EMBLEMS: OrderedDict[str, EmblemMatch | None] = OrderedDict()
_SHARED_MAX = 1024  # small records; a national build meets a few hundred distinct crops


def find_emblem_shared(
    image: Image.Image, *, pixels: str | None = None, **options: Any
) -> EmblemMatch | None:
    """:func:`find_emblem` with ``options``, shared by pixels across the process.

    The rules render the band of every page of every PDF to see whether the
    emblem shows there: pages of a deck, and the same deck in every region of a
    national build, give the same pixels, analysed once.
    """
    pixels = pixels or _pixels_key(image)
    if pixels is None:
        return find_emblem(image, **options)
    key = f"{pixels}:{sorted(options.items())}" if options else pixels
    return _shared(_SHARED_EMBLEMS, key, lambda: find_emblem(image, **options))


# Fingerprints of pictures by pixels, shared the same way: each region of a national build
# has its own set of reference logos, hence its own Recogniser, but its pictures are the same.
_SHARED_HASHES: OrderedDict[str, tuple[_Hash | None, _Hash | None]] = OrderedDict()


def _hashes_shared(image: Image.Image, pixels: str | None) -> tuple[_Hash | None, _Hash | None]:
    """:func:`_hashes` of ``image``, whose pixels are keyed ``pixels``, shared across the process."""
    if pixels is None:
        return _hashes(image)
    return _shared(_SHARED_HASHES, pixels, lambda: _hashes(image))


Analysis = tuple[EmblemMatch | None, tuple[_Hash | None, _Hash | None]]


def prepare(image: Image.Image) -> tuple[str, Analysis] | None:
    """Analyse ``image`` as :meth:`Recogniser.identify` would, ahead of time.

    The emblem search and the fingerprints depend on the pixels alone; they
    are kept for the process by pixels, and returned with that key so that
    another process can :func:`adopt` them.  None for a picture too large to
    be keyed by pixels (it is left alone).
    """
    pixels = _pixels_key(image)
    if pixels is None:
        return None
    return pixels, (find_emblem_shared(image, pixels=pixels), _hashes_shared(image, pixels))


def adopt(analyses: Mapping[str, Analysis]) -> None:
    """Keep the analyses :func:`prepare` made in another process, as if made here."""
    for pixels, (emblem, hashes) in analyses.items():
        _keep(_SHARED_EMBLEMS, pixels, emblem)
        _keep(_SHARED_HASHES, pixels, hashes)


_Value = TypeVar("_Value")


def _shared(cache: OrderedDict[str, _Value], key: str, analyse: Callable[[], _Value]) -> _Value:
    """``cache[key]``, made by ``analyse`` when missing; the least recently used goes first."""
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    return _keep(cache, key, analyse())


def _keep(cache: OrderedDict[str, _Value], key: str, value: _Value) -> _Value:
    cache[key] = value
    cache.move_to_end(key)
    if len(cache) > _SHARED_MAX:
        cache.popitem(last=False)
    return value


def _pixels_key(image: Image.Image) -> str | None:
    width, height = image.size
    if width * height > PIXEL_KEY_MAX:
        return None
    digest = hashlib.sha256(image.tobytes()).hexdigest()
    return f"pixels:{image.mode}:{width}x{height}:{digest}"


class Recogniser:
    """Names the logo a picture shows: the EU emblem or one of the reference logos.

    ``references`` maps logo ids to reference images (``--logo avise=avise.png``).
    A picture matches a reference when their fingerprints are within
    ``_MAX_HAMMING`` bits and their proportions within 15 %, compared whole
    and, when either has a uniform margin, without it.  Results are cached
    under the key the caller passes (the picture's sha256), so a logo repeated
    on every page of a document is analysed once.
    """

    def __init__(self, references: Mapping[str, Image.Image] | None = None) -> None:
        self._references: list[tuple[str, _Hash | None, _Hash | None]] = []
        # Plain single-colour references have no fingerprint: they are known by colour and shape.
        self._plain: list[tuple[str, _Plain]] = []
        for logo_id, reference in (references or {}).items():
            whole, trimmed = _hashes(reference)
            if whole is not None or trimmed is not None:
                self._references.append((logo_id, whole, trimmed))
            else:
                plain = _plain_colour(reference)
                if plain is not None:
                    self._plain.append((logo_id, plain))
        self._identified: dict[str, str | None] = {}
        self._emblems: dict[str, EmblemMatch | None] = {}

    @property
    def references(self) -> tuple[str, ...]:
        """The ids of the usable references (blank images are left out)."""
        return tuple(logo_id for logo_id, _, _ in self._references)

    def emblem(self, image: Image.Image, key: str | None = None) -> EmblemMatch | None:
        """:func:`find_emblem`, cached under ``key`` and under the image's pixels."""
        if key is not None and key in self._emblems:
            return self._emblems[key]
        pixels = _pixels_key(image)
        if pixels is not None and pixels in self._emblems:
            match = self._emblems[pixels]
        else:
            match = find_emblem_shared(image, pixels=pixels)
        for name in (key, pixels):
            if name is not None:
                self._emblems[name] = match
        return match

    def identify(self, image: Image.Image, key: str | None = None) -> str | None:
        """``"eu-emblem"``, the id of the closest reference logo, or None."""
        if key is not None and key in self._identified:
            return self._identified[key]
        pixels = _pixels_key(image)
        if pixels is not None and pixels in self._identified:
            result = self._identified[pixels]
        else:
            result = EMBLEM_ID if self.emblem(image, key) is not None else None
            if result is None and self._references:
                result = self._closest(image, pixels)
            if result is None and self._plain:
                result = self._same_plain(image)
        for name in (key, pixels):
            if name is not None:
                self._identified[name] = result
        return result

    def _same_plain(self, image: Image.Image) -> str | None:
        """The plain reference of the same colour and proportions as ``image``, if it is plain too.

        A one-colour logo placed by dladocs is recognised in the office files by
        its bytes; in the PDF LibreOffice re-encodes it, and its fingerprint is
        empty.  Its colour and proportions then decide, so that the verdict is
        the same with and without ``--pdf``.
        """
        mine = _plain_colour(image)
        if mine is None:
            return None
        best: tuple[float, str] | None = None
        for logo_id, theirs in self._plain:
            ratio = mine.aspect / theirs.aspect
            if not 1 / _ASPECT_SLACK <= ratio <= _ASPECT_SLACK:
                continue
            distance = max(abs(a - b) for a, b in zip(mine.colour, theirs.colour, strict=True))
            if distance <= _PLAIN_TOLERANCE and (best is None or distance < best[0]):
                best = (distance, logo_id)
        return None if best is None else best[1]

    def _closest(self, image: Image.Image, pixels: str | None = None) -> str | None:
        whole, trimmed = _hashes_shared(image, pixels)
        # A picture without margin is its own trimmed version, and so is a
        # reference: compare content with content whichever had padding.
        best: tuple[int, str] | None = None
        for logo_id, ref_whole, ref_trimmed in self._references:
            pairs = (
                (whole, ref_whole),
                (trimmed or whole, ref_trimmed or ref_whole),
            )
            for mine, theirs in pairs:
                if mine is None or theirs is None:
                    continue
                ratio = mine.aspect / theirs.aspect
                if not 1 / _ASPECT_SLACK <= ratio <= _ASPECT_SLACK:
                    continue
                distance = hamming(mine.value, theirs.value)
                if distance <= _MAX_HAMMING and (best is None or distance < best[0]):
                    best = (distance, logo_id)
        return None if best is None else best[1]
