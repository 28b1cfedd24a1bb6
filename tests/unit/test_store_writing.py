"""The atomic write: temporary file, fsync, the old file to ``.bak``, the new one in place; no litter on failure.

``wizard/store/writing.py``, both ways it moves a file into place: by
swapping the two names in one step (Linux) and by a rename after a last
check (elsewhere, and where a file system cannot swap). ``tests/guarantees/
test_crash.py`` kills the real program around this moment; these tests pin
down the order of the steps and what a failure at each leaves behind.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from support import typed_demo  # the demo's counts typed: the city file is what changes
from wizard import store
from wizard.model import City
from wizard.store import writing


@pytest.fixture(params=["swap", "rename"])
def way(request, monkeypatch) -> str:
    if request.param == "rename":
        monkeypatch.setattr(writing, "exchange", lambda a, b: False)  # as where names cannot be swapped
    elif not sys.platform.startswith("linux"):
        pytest.skip("names are swapped on Linux only")
    return request.param


def _leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(".tmp-*"))


def test_bak_holds_the_previous_bytes(tmp_path, way):
    store.init(tmp_path, typed_demo())
    path = tmp_path / "cities" / "1480-goteborg.toml"
    first = path.read_bytes()
    s = store.open(tmp_path)
    s.portfolio.cities["1480"].apartments = 1
    s.save()
    second = path.read_bytes()
    assert Path(f"{path}.bak").read_bytes() == first
    s.portfolio.cities["1480"].apartments = 2
    s.save()
    assert Path(f"{path}.bak").read_bytes() == second
    assert _leftovers(tmp_path) == []


def test_a_save_is_temp_file_fsync_then_the_new_file_in_place_then_bak_then_fsync_folder(tmp_path, monkeypatch, way):
    store.init(tmp_path, typed_demo())
    s = store.open(tmp_path)
    events: list[str] = []
    opened: dict[int, Path] = {}

    def short(p) -> str:
        return re.sub(r"-\d+-[0-9a-f]{8}$", "-*", Path(p).name) if p is not None else "?"

    def track(module, name):
        real = getattr(module, name)

        def call(*args, **kwargs):
            result = real(*args, **kwargs)
            if name == "open":
                opened[result] = Path(args[0])
            elif name == "fsync":
                events.append(f"fsync {short(opened.get(args[0]))}")
            elif name != "exchange" or result:
                events.append(f"{name} {short(args[0])} -> {short(args[1])}")
            return result

        return call

    for name in ("open", "fsync", "link", "replace"):
        monkeypatch.setattr(writing.os, name, track(os, name))
    monkeypatch.setattr(writing, "exchange", track(writing, "exchange"))
    s.portfolio.cities["1480"].apartments = 1
    s.save()
    first = "fsync .tmp-1480-goteborg.toml-*"  # the new bytes are on disk before anything is renamed
    if way == "swap":
        assert events == [
            first,
            "exchange .tmp-1480-goteborg.toml-* -> 1480-goteborg.toml",  # one step: new in, old out
            "replace .tmp-1480-goteborg.toml-* -> 1480-goteborg.toml.bak",  # the old one, checked, to .bak
            "fsync cities",
        ]
    else:
        assert events == [
            first,
            "replace .tmp-1480-goteborg.toml-* -> 1480-goteborg.toml",  # a copy of the old one, checked, waits beside it
            "replace .tmp-1480-goteborg.toml.bak-* -> 1480-goteborg.toml.bak",  # .bak only once the new one is in
            "fsync cities",
        ]


def test_a_failed_move_into_place_leaves_the_old_file_its_bak_and_no_temporary_file(tmp_path, monkeypatch, way):
    store.init(tmp_path, typed_demo())
    path = tmp_path / "cities" / "1480-goteborg.toml"
    s = store.open(tmp_path)
    s.portfolio.cities["1480"].apartments = 1
    s.save()
    before, bak = path.read_bytes(), Path(f"{path}.bak").read_bytes()
    s.portfolio.cities["1480"].apartments = 2

    def no_room(*args):
        raise OSError(28, "No space left on device")

    real_replace = os.replace
    if way == "swap":
        monkeypatch.setattr(writing, "exchange", no_room)
    else:
        monkeypatch.setattr(writing.os, "replace", lambda src, dst: no_room() if Path(dst) == path else real_replace(src, dst))
    with pytest.raises(store.StoreError) as e:
        s.save()
    assert "kunde inte sparas" in e.value.message and "tidigare versionen finns kvar" in e.value.message
    assert path.read_bytes() == before and Path(f"{path}.bak").read_bytes() == bak  # the older .bak stays too
    assert _leftovers(tmp_path) == []


def test_a_bak_that_cannot_be_replaced_does_not_undo_the_save(tmp_path, way):
    store.init(tmp_path, typed_demo())
    path = tmp_path / "cities" / "1480-goteborg.toml"
    Path(f"{path}.bak").mkdir()  # someone's folder by that name
    s = store.open(tmp_path)
    s.portfolio.cities["1480"].apartments = 1
    assert s.save() == [path]
    assert "apartments = 1\n" in path.read_text(encoding="utf-8")
    assert Path(f"{path}.bak").is_dir() and _leftovers(tmp_path) == []


@pytest.mark.parametrize("links", ["there", "missing"])
def test_no_file_ever_has_two_names_and_the_backup_keeps_bytes_and_permissions(tmp_path, monkeypatch, way, links):
    """The loader refuses a file with a hard link, so a save never makes one, with or without ``os.link``."""
    store.init(tmp_path, typed_demo())
    path = tmp_path / "cities" / "1480-goteborg.toml"
    path.chmod(0o640)
    first = path.read_bytes()
    s = store.open(tmp_path)
    if links == "missing":
        monkeypatch.delattr(writing.os, "link")  # HUSKURAGE_WITHOUT=link, Windows without hard links
    seen: list[int] = []
    real_replace = os.replace

    def replace(src, dst):
        real_replace(src, dst)
        seen.extend(os.lstat(p).st_nlink for p in tmp_path.rglob("*") if p.is_file())

    monkeypatch.setattr(writing.os, "replace", replace)
    s.portfolio.cities["1480"].apartments = 1
    s.portfolio.cities["2084"] = City(code="2084", name="Malung-Sälen")  # and a new file
    assert sorted(s.save()) == [tmp_path / "cities" / "1480-goteborg.toml", tmp_path / "cities" / "2084-malung-salen.toml"]
    assert seen and set(seen) == {1}
    bak = Path(f"{path}.bak")
    assert bak.read_bytes() == first
    assert bak.stat().st_mode & 0o777 == path.stat().st_mode & 0o777 == 0o640
    assert store.open(tmp_path).portfolio.cities["1480"].apartments == 1 and _leftovers(tmp_path) == []
