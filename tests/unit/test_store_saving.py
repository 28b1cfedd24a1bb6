"""A save writes only what changed, and never over someone else's change.

``wizard/store/saving.py`` and ``Store.save`` (``portfolio.py``): only the
files whose model changed are written; a file changed on disk since it was
read (or deleted, or unreadable, or swapped for a symlink) is a conflict,
and then nothing of the save is written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from support import snapshot_files, typed_demo  # the demo's counts typed: the city file is what changes
from wizard import store
from wizard.store import writing
from wizard.model import (
    City,
)


def test_only_changed_files_are_written(tmp_path, monkeypatch):
    store.init(tmp_path, typed_demo())
    s = store.open(tmp_path)
    stats = {p: os.stat(p) for p in tmp_path.rglob("*.toml")}
    written = []
    real = writing.stage
    monkeypatch.setattr(writing, "stage", lambda path, *a: written.append(path) or real(path, *a))

    s.portfolio.cities["0380"].signs_up += 1
    target = tmp_path / "cities" / "0380-uppsala.toml"
    assert s.save() == [target]
    assert written == [target]
    for p, before in stats.items():
        now = os.stat(p)
        same = (now.st_mtime_ns, now.st_ino) == (before.st_mtime_ns, before.st_ino)
        assert same == (p != target), p
    assert sorted(p.name for p in tmp_path.rglob("*.bak")) == ["0380-uppsala.toml.bak"]
    assert s.save() == []  # saved once, clean again


def test_company_settings_edit_touches_only_the_company_file(tmp_path):
    store.init(tmp_path, typed_demo())
    path = tmp_path / "huskurage.toml"
    path.write_text("# vår policy\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    before = snapshot_files(tmp_path)
    s = store.open(tmp_path)
    s.portfolio.settings.advice.variant = "huskurage"
    s.portfolio.settings.cadences["nki_survey"] = 24
    assert s.save() == [path]
    after = snapshot_files(tmp_path)
    assert {k for k in after if after[k] != before.get(k)} == {"huskurage.toml", "huskurage.toml.bak"}
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# vår policy\n") and 'variant = "huskurage"' in text
    assert store.open(tmp_path).portfolio.settings == s.portfolio.settings


def test_conflict_when_another_writer_changed_the_file_and_nothing_is_written(tmp_path):
    store.init(tmp_path, typed_demo())
    s = store.open(tmp_path)
    path = tmp_path / "cities" / "1480-goteborg.toml"
    theirs = path.read_text(encoding="utf-8").replace("apartments = 3100", "apartments = 3150")
    path.write_text(theirs, encoding="utf-8")
    before = snapshot_files(tmp_path)

    s.portfolio.cities["1480"].apartments = 9999
    s.portfolio.cities["0180"].apartments = 1  # another file in the same save
    with pytest.raises(store.ConflictError) as e:
        s.save()
    assert e.value.paths == [path]
    assert e.value.message.startswith("cities/1480-goteborg.toml har ändrats på disken")
    assert "Ingenting har sparats" in e.value.message
    assert snapshot_files(tmp_path) == before
    assert s.changed_on_disk() == [path]

    s.reload(path)  # the user chose to reload: their change is in, ours is gone
    assert s.portfolio.cities["1480"].apartments == 3150
    assert s.save() == [tmp_path / "cities" / "0180-stockholm.toml"]


def test_a_comment_added_by_someone_else_is_not_a_conflict_and_survives(tmp_path):
    store.init(tmp_path, typed_demo())
    s = store.open(tmp_path)
    path = tmp_path / "cities" / "1480-goteborg.toml"
    path.write_text("# granskad av Kim\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    s.portfolio.cities["1480"].signs_up = 1
    s.save()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# granskad av Kim\n") and "\nsigns_up = 1\n" in text


def test_two_stores_same_city_one_wins_and_the_other_is_told(tmp_path):
    store.init(tmp_path, typed_demo())
    a, b = store.open(tmp_path), store.open(tmp_path)
    a.portfolio.cities["1480"].apartments = 1
    b.portfolio.cities["1480"].apartments = 2
    a.save()
    with pytest.raises(store.ConflictError):
        b.save()
    assert store.open(tmp_path).portfolio.cities["1480"].apartments == 1


def test_two_stores_different_cities_both_changes_kept(tmp_path):
    store.init(tmp_path, typed_demo())
    a, b = store.open_city(tmp_path, "1480"), store.open_city(tmp_path, "0180")
    a.portfolio.cities["1480"].apartments = 1
    b.portfolio.cities["0180"].apartments = 2
    a.save()
    b.save()
    fresh = store.open(tmp_path).portfolio.cities
    assert (fresh["1480"].apartments, fresh["0180"].apartments) == (1, 2)


def test_a_file_that_became_unreadable_is_never_overwritten(tmp_path):
    store.init(tmp_path, typed_demo())
    s = store.open(tmp_path)
    path = tmp_path / "cities" / "1480-goteborg.toml"
    path.write_text("schema = 1\ncode = \n", encoding="utf-8")
    with pytest.raises(store.LoadError):
        s.reload(path)
    s.portfolio.cities["1480"].apartments = 1
    with pytest.raises(store.ConflictError):
        s.save()
    assert path.read_text(encoding="utf-8") == "schema = 1\ncode = \n"


def test_a_city_file_deleted_on_disk_is_a_conflict_not_a_resurrection(tmp_path):
    store.init(tmp_path, typed_demo())
    s = store.open(tmp_path)
    path = tmp_path / "cities" / "0380-uppsala.toml"
    path.unlink()
    s.portfolio.cities["0380"].apartments = 1
    with pytest.raises(store.ConflictError):
        s.save()
    assert not path.exists()
    assert path in s.changed_on_disk()
    s.reload(path)
    assert "0380" not in s.portfolio.cities


def test_a_new_city_with_a_bad_code_is_refused_before_anything_is_written(tmp_path):
    store.init(tmp_path, typed_demo())
    s = store.open(tmp_path)
    before = snapshot_files(tmp_path)
    s.portfolio.cities["0180"].apartments = 1
    s.portfolio.cities["../x"] = City(code="../x", name="x")
    with pytest.raises(store.StoreError):
        s.save()
    assert snapshot_files(tmp_path) == before


def test_a_symlink_swapped_in_before_save_is_not_written_through(tmp_path):
    root = tmp_path / "p"
    store.init(root, typed_demo())
    s = store.open(root)
    path = root / "cities" / "1480-goteborg.toml"
    victim = tmp_path / "victim.toml"
    victim.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(victim)
    before = victim.read_bytes()
    s.portfolio.cities["1480"].apartments = 1
    with pytest.raises(store.UnsafePathError):
        s.save()
    assert victim.read_bytes() == before


# ------------------------------------------------------------------ a change made while the save runs


@pytest.fixture(params=["swap", "rename"])
def way(request, monkeypatch) -> str:
    """How the new file takes its place: names swapped in one step (Linux), or a rename after a last check."""
    if request.param == "rename":
        monkeypatch.setattr(writing, "exchange", lambda a, b: False)
    elif not sys.platform.startswith("linux"):
        pytest.skip("names are swapped on Linux only")
    return request.param


REAL_REPLACE = os.replace


def _edit(path: Path, how: str) -> bytes:
    """Another program saves the file without the portfolio's lock, as editors do; returns what it wrote."""
    theirs = path.read_bytes() + "# granskad av Kim\n".encode()
    if how == "renamed":  # most editors: a new file renamed over the old one
        tmp = path.with_name(".editor-tmp")
        tmp.write_bytes(theirs)
        REAL_REPLACE(tmp, path)
    else:  # some write into the file itself
        with open(path, "r+b") as f:
            f.write(theirs)
            f.truncate()
    return theirs


def _when(moment: str, way: str, path: Path, edit, monkeypatch) -> None:
    """Run ``edit`` once, at ``moment`` of the save of ``path``."""
    done: list[bool] = []

    def once() -> None:
        if not done:
            done.append(True)
            edit()

    if moment == "after the new text was written":
        real_stage = writing.stage

        def stage(target, *args):
            staged = real_stage(target, *args)
            if target == path:
                once()
            return staged

        monkeypatch.setattr(writing, "stage", stage)
    elif way == "swap":  # the last moment: just before the names are swapped
        real_exchange = writing.exchange

        def exchange(a, b):
            if Path(b) == path:
                once()
            return real_exchange(a, b)

        monkeypatch.setattr(writing, "exchange", exchange)
    else:  # the last moment: after the last check, just before the rename

        def replace(src, dst):
            if Path(dst) == path and Path(src).name.startswith(".tmp-"):
                once()
            return REAL_REPLACE(src, dst)

        monkeypatch.setattr(writing.os, "replace", replace)


@pytest.mark.parametrize("how", ["renamed", "in place"])
@pytest.mark.parametrize("moment", ["after the new text was written", "in the last moment"])
def test_a_change_made_while_the_save_runs_is_kept_and_the_save_says_so(tmp_path, monkeypatch, way, moment, how, request):
    if way == "rename" and moment == "in the last moment":
        request.applymarker(
            pytest.mark.xfail(
                strict=True,
                reason="where names cannot be swapped (Windows, macOS, some file systems) a change in the microseconds "
                "between the last check and the rename is overwritten; make bench: save_window",
            )
        )
    store.init(tmp_path, typed_demo())
    s = store.open(tmp_path)
    path = tmp_path / "cities" / "1480-goteborg.toml"
    bak_before = Path(f"{path}.bak").exists()
    theirs: list[bytes] = []
    _when(moment, way, path, lambda: theirs.append(_edit(path, how)), monkeypatch)
    s.portfolio.cities["1480"].apartments = 1
    with pytest.raises(store.ConflictError) as e:
        s.save()
    assert e.value.paths == [path] and "Ingenting har sparats" in e.value.message
    assert path.read_bytes() == theirs[0]
    assert Path(f"{path}.bak").exists() == bak_before
    assert not list(tmp_path.rglob(".tmp-*"))
    assert s.changed_on_disk() == [path]


def test_a_file_someone_makes_while_a_new_city_is_saved_is_kept(tmp_path, monkeypatch, way):
    store.init(tmp_path, typed_demo())
    s = store.open(tmp_path)
    s.portfolio.cities["2084"] = City(code="2084", name="Malung-Sälen")
    path = s.city_path("2084")
    theirs = b'schema = 1\ncode = "2084"\nname = "Malung"\n'
    _when("after the new text was written", way, path, lambda: path.write_bytes(theirs), monkeypatch)
    with pytest.raises(store.ConflictError):
        s.save()
    assert path.read_bytes() == theirs and not list(tmp_path.rglob(".tmp-*"))


def test_when_the_second_file_changes_in_the_last_moment_the_first_is_saved_and_the_message_says_which(
    tmp_path, monkeypatch
):
    if not sys.platform.startswith("linux"):
        pytest.skip("names are swapped on Linux only")
    store.init(tmp_path, typed_demo())
    s = store.open(tmp_path)
    first, second = tmp_path / "cities" / "0180-stockholm.toml", tmp_path / "cities" / "1480-goteborg.toml"
    theirs: list[bytes] = []
    _when("in the last moment", "swap", second, lambda: theirs.append(_edit(second, "renamed")), monkeypatch)
    s.portfolio.cities["0180"].apartments = 1
    s.portfolio.cities["1480"].apartments = 1
    with pytest.raises(store.ConflictError) as e:
        s.save()
    assert e.value.paths == [second] and second.read_bytes() == theirs[0]
    assert "cities/1480-goteborg.toml ändrades på disken medan den sparades" in e.value.message
    assert "cities/0180-stockholm.toml har sparats" in e.value.message
    assert "apartments = 1\n" in first.read_text(encoding="utf-8")
    assert s.changed_on_disk() == [second]  # the first is remembered as written
    assert s.save() == [second]  # their change was a comment: saved again, ours goes in beside it
    assert b"apartments = 1\n" in second.read_bytes() and second.read_bytes().endswith("# granskad av Kim\n".encode())
