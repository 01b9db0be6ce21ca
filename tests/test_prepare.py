"""Pictures analysed ahead, while LibreOffice converts: the same answers, none of the work again."""

from __future__ import annotations

import io
import os
import sys
import time
import zipfile
from collections import OrderedDict
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

import dladocs.recognition
import dladocs.recognition._recogniser as recogniser
from dladocs import _prepare
from dladocs.emblem import emblem_png
from dladocs.recognition import EMBLEM_ID, Recogniser, adopt

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="idle scheduling is Linux's"
)


def _logo() -> Image.Image:
    image = Image.new("RGB", (600, 240), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 220, 220), fill=(200, 30, 30))
    draw.rectangle((260, 90, 580, 150), fill=(20, 140, 60))
    return image


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _office_file(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        for name, data in members.items():
            package.writestr(name, data)
    return path


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    emblem = Image.open(io.BytesIO(emblem_png(300))).convert("RGB")
    return _office_file(
        tmp_path / "support.pptx",
        {
            "ppt/media/image1.png": _png(emblem),
            "ppt/media/image2.png": _png(_logo()),
            "ppt/media/notes.txt": b"not a picture",
            "ppt/media/broken.png": b"\x89PNG\r\n\x1a\n not really",
            "ppt/slides/slide1.xml": b"<sld/>",
        },
    )


@pytest.fixture
def empty_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recogniser, "_SHARED_EMBLEMS", OrderedDict())
    monkeypatch.setattr(recogniser, "_SHARED_HASHES", OrderedDict())


def test_the_pictures_of_an_office_file_are_its_readable_media(deck: Path, tmp_path: Path) -> None:
    pictures = list(_prepare.pictures([deck, tmp_path / "absent.docx"]))
    assert [p.size for p in pictures] == [(450, 300), (600, 240)]
    huge = _office_file(
        tmp_path / "grand.docx", {"word/media/image1.png": _png(Image.new("RGB", (2000, 1500)))}
    )
    assert list(_prepare.pictures([huge])) == []  # too large to be shared by pixels


@linux_only
def test_analyses_made_ahead_spare_the_recogniser_its_work(
    deck: Path, empty_caches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _prepare.ahead([deck], complete=True) as found:
        pass
    assert len(found) == 2
    # Made in another process: nothing is cached here until adopted.
    assert not recogniser._SHARED_EMBLEMS and not recogniser._SHARED_HASHES
    adopt(found)
    references = Recogniser({"partenaire": _logo()})
    calls: list[str] = []
    monkeypatch.setattr(recogniser, "find_emblem", lambda *a, **k: calls.append("emblem"))
    monkeypatch.setattr(recogniser, "_hashes", lambda *a: calls.append("hashes"))
    emblem, logo = list(_prepare.pictures([deck]))
    assert references.identify(emblem.copy()) == EMBLEM_ID
    assert references.identify(logo.copy()) == "partenaire"
    assert calls == []  # both answers came from the analyses made ahead


@linux_only
def test_the_analyses_are_those_made_here(deck: Path, empty_caches: None) -> None:
    with _prepare.ahead([deck], complete=True) as found:
        pass
    made_here = dict(filter(None, (recogniser.prepare(p) for p in _prepare.pictures([deck]))))
    assert found == made_here


@linux_only
def test_the_process_runs_at_idle_priority_and_is_stopped_with_the_block(
    deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    def slow(image: Image.Image) -> object:
        time.sleep(60)  # far longer than the block
        return None

    monkeypatch.setattr(dladocs.recognition, "prepare", slow)
    started = time.monotonic()
    with _prepare.ahead([deck]) as found:
        (child,) = multiprocessing.active_children()
        deadline = time.monotonic() + 20
        while os.sched_getscheduler(child.pid) != os.SCHED_IDLE:  # type: ignore[arg-type]
            assert time.monotonic() < deadline, "the process never went idle"
            time.sleep(0.05)
    assert time.monotonic() - started < 30  # stopped, not waited for
    assert not child.is_alive()
    assert found == {}  # nothing finished, nothing handed over


def test_nothing_is_done_ahead_where_idle_scheduling_is_missing(
    deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_prepare, "can_run_idle", lambda: False)
    with _prepare.ahead([deck]) as found:
        pass
    assert found == {}
