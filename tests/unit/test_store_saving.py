"""A save writes only what changed, and never over someone else's change.

``wizard/store/saving.py`` and ``Store.save`` (``portfolio.py``): only the
files whose model changed are written; a file changed on disk since it was
read (or deleted, or unreadable, or swapped for a symlink) is a conflict,
and then nothing of the save is written.
"""

from __future__ import annotations

import os

import pytest

from support import snapshot_files
from wizard import store
from wizard.store import writing
from wizard.demo import demo_portfolio
from wizard.model import (
    City,
)


def test_only_changed_files_are_written(tmp_path, monkeypatch):
    store.init(tmp_path, demo_portfolio())
    s = store.open(tmp_path)
    stats = {p: os.stat(p) for p in tmp_path.rglob("*.toml")}
    written = []
    real = writing.write_atomic
    monkeypatch.setattr(writing, "write_atomic", lambda path, *a: written.append(path) or real(path, *a))

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
    store.init(tmp_path, demo_portfolio())
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
    store.init(tmp_path, demo_portfolio())
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
    store.init(tmp_path, demo_portfolio())
    s = store.open(tmp_path)
    path = tmp_path / "cities" / "1480-goteborg.toml"
    path.write_text("# granskad av Kim\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    s.portfolio.cities["1480"].signs_up = 1
    s.save()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# granskad av Kim\n") and "\nsigns_up = 1\n" in text


def test_two_stores_same_city_one_wins_and_the_other_is_told(tmp_path):
    store.init(tmp_path, demo_portfolio())
    a, b = store.open(tmp_path), store.open(tmp_path)
    a.portfolio.cities["1480"].apartments = 1
    b.portfolio.cities["1480"].apartments = 2
    a.save()
    with pytest.raises(store.ConflictError):
        b.save()
    assert store.open(tmp_path).portfolio.cities["1480"].apartments == 1


def test_two_stores_different_cities_both_changes_kept(tmp_path):
    store.init(tmp_path, demo_portfolio())
    a, b = store.open_city(tmp_path, "1480"), store.open_city(tmp_path, "0180")
    a.portfolio.cities["1480"].apartments = 1
    b.portfolio.cities["0180"].apartments = 2
    a.save()
    b.save()
    fresh = store.open(tmp_path).portfolio.cities
    assert (fresh["1480"].apartments, fresh["0180"].apartments) == (1, 2)


def test_a_file_that_became_unreadable_is_never_overwritten(tmp_path):
    store.init(tmp_path, demo_portfolio())
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
    store.init(tmp_path, demo_portfolio())
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
    store.init(tmp_path, demo_portfolio())
    s = store.open(tmp_path)
    before = snapshot_files(tmp_path)
    s.portfolio.cities["0180"].apartments = 1
    s.portfolio.cities["../x"] = City(code="../x", name="x")
    with pytest.raises(store.StoreError):
        s.save()
    assert snapshot_files(tmp_path) == before


def test_a_symlink_swapped_in_before_save_is_not_written_through(tmp_path):
    root = tmp_path / "p"
    store.init(root, demo_portfolio())
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
