"""The atomic write: temporary file, fsync, ``.bak``, rename, fsync of the folder; no litter on failure.

``wizard/store/writing.py``. ``tests/guarantees/test_crash.py`` kills the
real program around this moment; these tests pin down the order of the
steps and what a failure at each leaves behind.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from wizard import store
from wizard.store import writing
from wizard.demo import demo_portfolio


def _leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(".tmp-*"))


def test_bak_holds_the_previous_bytes(tmp_path):
    store.init(tmp_path, demo_portfolio())
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


def test_a_save_is_temp_file_fsync_backup_rename_fsync_folder(tmp_path, monkeypatch):
    store.init(tmp_path, demo_portfolio())
    s = store.open(tmp_path)
    events: list[str] = []
    opened: dict[int, Path] = {}

    def short(p) -> str:
        return re.sub(r"-\d+-[0-9a-f]{8}$", "-*", Path(p).name) if p is not None else "?"

    def track(name):
        real = getattr(os, name)

        def call(*args, **kwargs):
            result = real(*args, **kwargs)
            if name == "open":
                opened[result] = Path(args[0])
            elif name == "fsync":
                events.append(f"fsync {short(opened.get(args[0]))}")
            else:
                events.append(f"{name} {short(args[0])} -> {short(args[1])}")
            return result

        return call

    for name in ("open", "fsync", "link", "replace"):
        monkeypatch.setattr(writing.os, name, track(name))
    s.portfolio.cities["1480"].apartments = 1
    s.save()
    assert events == [
        "fsync .tmp-1480-goteborg.toml-*",  # the new bytes are on disk before anything is renamed
        "replace .tmp-1480-goteborg.toml-* -> 1480-goteborg.toml",  # a copy of the old one waits beside it, no link
        "replace .tmp-1480-goteborg.toml.bak-* -> 1480-goteborg.toml.bak",  # the old .bak goes only now
        "fsync cities",
    ]


@pytest.mark.parametrize("failing", ["1480-goteborg.toml", "1480-goteborg.toml.bak"], ids=["the file", "its backup"])
def test_a_failed_rename_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, failing):
    """Both temporary files (the new version and the backup being made) go again, whichever rename fails; the
    user's older ``.bak`` is replaced only once the new file is in place (an immutable file keeps both)."""
    store.init(tmp_path, demo_portfolio())
    path = tmp_path / "cities" / "1480-goteborg.toml"
    older_bak = path.with_name(path.name + ".bak")
    older_bak.write_bytes(b"the user's older backup\n")
    before = path.read_bytes()
    s = store.open(tmp_path)
    s.portfolio.cities["1480"].apartments = 1
    real_replace = os.replace

    def crash(src, dst):
        if Path(dst).name == failing:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(writing.os, "replace", crash)
    if failing.endswith(".bak"):  # the new file is in: the save is done, and says so; the older .bak stays
        assert s.save() == [path]
        assert b"apartments = 1\n" in path.read_bytes()
    else:
        with pytest.raises(store.StoreError) as e:
            s.save()
        assert "kunde inte sparas" in e.value.message and "tidigare versionen finns kvar" in e.value.message
        assert path.read_bytes() == before
    assert older_bak.read_bytes() == b"the user's older backup\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("how", ["no os.link", "links refused"])
def test_without_hard_links_the_backup_is_a_copy_with_the_same_bytes_and_permissions(tmp_path, monkeypatch, how):
    store.init(tmp_path, demo_portfolio())
    path = tmp_path / "cities" / "1480-goteborg.toml"
    path.chmod(0o640)
    first, old_inode = path.read_bytes(), path.stat().st_ino
    s = store.open(tmp_path)
    if how == "no os.link":
        monkeypatch.delattr(writing.os, "link")  # Windows without hard links, HUSKURAGE_WITHOUT=link
    else:

        def refused(*args, **kwargs):
            raise PermissionError(1, "Operation not permitted")  # FAT, some network shares

        monkeypatch.setattr(writing.os, "link", refused)
    s.portfolio.cities["1480"].apartments = 1
    assert s.save() == [path]
    bak = Path(f"{path}.bak")
    assert bak.read_bytes() == first and bak.stat().st_ino != old_inode  # a copy, not a link to the old file
    assert bak.stat().st_mode & 0o777 == path.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == []
