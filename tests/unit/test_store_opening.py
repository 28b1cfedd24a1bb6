"""Opening, making and reloading a portfolio: which files are read, which are cities, which paths are inside.

``wizard/store/__init__.py`` (``open``, ``open_city``, ``init``),
``loading.py``, ``folder.py``, and the :class:`Store`'s reloads and city
bookkeeping in ``portfolio.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from support import snapshot_files, typed_demo
from wizard import store
from wizard.demo import demo_portfolio
from wizard.model import (
    City,
    Portfolio,
    ProgressEntry,
)


def test_init_writes_a_portfolio_that_opens_to_the_same_model(tmp_path):
    portfolio = demo_portfolio()
    store.init(tmp_path / "p", portfolio)
    again = store.open(tmp_path / "p")
    assert again.portfolio == demo_portfolio()
    names = sorted(p.relative_to(tmp_path / "p" / "cities").as_posix() for p in (tmp_path / "p" / "cities").rglob("*"))
    assert names == [
        "0180-stockholm", "0180-stockholm.toml", "0180-stockholm/buildings.toml",  # the property register beside the city
        "0380-uppsala", "0380-uppsala.toml", "0380-uppsala/buildings.toml",
        "1480-goteborg", "1480-goteborg.toml", "1480-goteborg/buildings.toml",
    ]
    assert (tmp_path / "p" / "logos").is_dir()
    text = (tmp_path / "p" / "cities" / "1480-goteborg.toml").read_text(encoding="utf-8")
    assert "\n[[partners]]\n" in text and "\n[[history]]\n" in text  # readable tables, not one long line


def test_init_refuses_an_existing_portfolio_and_changes_nothing(tmp_path):
    root = tmp_path / "p"
    store.init(root, demo_portfolio())
    before = snapshot_files(root)
    with pytest.raises(store.StoreError) as e:
        store.init(root, Portfolio())
    assert "innehåller redan en portfölj" in e.value.message
    assert snapshot_files(root) == before


def test_a_temp_file_left_by_a_crash_is_not_loaded_as_a_city(tmp_path):
    store.init(tmp_path, demo_portfolio())
    cities = tmp_path / "cities"
    half_written = 'schema = 1\ncode = "1480"\nname = "HALF'
    (cities / ".tmp-1480-goteborg.toml-4242-deadbeef").write_text(half_written, encoding="utf-8")
    (cities / "1480-goteborg.toml.bak").write_text("broken [", encoding="utf-8")
    (cities / ".tmp-9999-x.toml").write_text('schema = 1\ncode = "9999"\n', encoding="utf-8")
    s = store.open(tmp_path)
    assert sorted(s.portfolio.cities) == ["0180", "0380", "1480"]
    assert [p.name for p in store.list_city_files(tmp_path)] == [
        "0180-stockholm.toml",
        "0380-uppsala.toml",
        "1480-goteborg.toml",
    ]
    assert not store.is_city_file(".tmp-1480-goteborg.toml") and not store.is_city_file("1480-goteborg.toml.bak")


def test_every_broken_file_is_listed_not_only_the_first(tmp_path):
    store.init(tmp_path, demo_portfolio())
    (tmp_path / "cities" / "0180-stockholm.toml").write_bytes(b"x = \n")
    (tmp_path / "cities" / "1480-goteborg.toml").write_bytes(b"\xff\n")
    with pytest.raises(store.LoadError) as e:
        store.open(tmp_path)
    assert [err.path.name for err in e.value.errors] == ["0180-stockholm.toml", "1480-goteborg.toml"]


def test_changed_on_disk_and_reload_all(tmp_path):
    store.init(tmp_path, demo_portfolio())
    s = store.open(tmp_path)
    portfolio = s.portfolio
    assert s.changed_on_disk() == []
    company = tmp_path / "huskurage.toml"
    renamed = company.read_text(encoding="utf-8").replace("Demobostäder AB", "Nya Bostäder AB")
    company.write_text(renamed, encoding="utf-8")
    new_city = tmp_path / "cities" / "2480-umea.toml"
    new_city.write_text('schema = 1\ncode = "2480"\nname = "Umeå"\n', encoding="utf-8")
    assert s.changed_on_disk() == [company, new_city]
    s.reload()
    assert s.portfolio is portfolio  # screens holding the portfolio see the reload
    assert portfolio.settings.company.name == "Nya Bostäder AB"
    assert list(portfolio.cities) == ["0180", "0380", "1480", "2480"]
    assert s.changed_on_disk() == []


def test_a_new_city_becomes_a_new_file_named_by_code_and_slug(tmp_path):
    store.init(tmp_path, demo_portfolio())
    s = store.open(tmp_path)
    s.portfolio.cities["2084"] = City(code="2084", name="Malung-Sälen", apartments=40)
    expected = tmp_path / "cities" / "2084-malung-salen.toml"
    assert s.city_path("2084") == expected
    assert s.save() == [expected]
    assert not Path(f"{expected}.bak").exists()
    assert store.open(tmp_path).portfolio.cities["2084"] == s.portfolio.cities["2084"]


def test_remove_city_deletes_the_file_and_keeps_a_bak(tmp_path):
    store.init(tmp_path, demo_portfolio())
    path = tmp_path / "cities" / "0380-uppsala.toml"
    before = path.read_bytes()
    s = store.open(tmp_path)
    s.remove_city("0380")
    assert "0380" not in s.portfolio.cities and not path.exists()
    assert Path(f"{path}.bak").read_bytes() == before
    assert sorted(store.open(tmp_path).portfolio.cities) == ["0180", "1480"]


def test_a_city_only_dropped_from_the_dict_keeps_its_file(tmp_path):
    store.init(tmp_path, demo_portfolio())
    s = store.open(tmp_path)
    del s.portfolio.cities["0380"]
    assert s.save() == []
    assert (tmp_path / "cities" / "0380-uppsala.toml").exists()


def test_the_actual_file_name_is_kept_and_duplicates_are_reported(tmp_path):
    store.init(tmp_path, typed_demo())  # counts typed: the edit below is the city file's
    cities = tmp_path / "cities"
    (cities / "1480-goteborg.toml").rename(cities / "1481-gbg.toml")
    (cities / "1480-kopia.toml").write_text('schema = 1\ncode = "0180"\nname = "Kopia"\n', encoding="utf-8")
    (cities / "goteborg.toml").write_text("schema = 1\n", encoding="utf-8")
    s = store.open(tmp_path)
    assert s.sources["1480"] == "cities/1481-gbg.toml"
    assert s.sources["0180"] == "cities/0180-stockholm.toml"
    assert s.duplicates == {"0180": ["cities/0180-stockholm.toml", "cities/1480-kopia.toml"]}
    assert s.ignored == [cities / "goteborg.toml"]
    s.portfolio.cities["1480"].apartments = 1
    assert s.save() == [cities / "1481-gbg.toml"]  # written where it came from

    s.reload(cities / "0180-stockholm.toml")  # still the one in the model
    assert s.sources["0180"] == "cities/0180-stockholm.toml"
    (cities / "0180-stockholm.toml").unlink()
    s.reload(cities / "0180-stockholm.toml")  # gone: the other file for the code takes over
    assert s.sources["0180"] == "cities/1480-kopia.toml" and s.portfolio.cities["0180"].name == "Kopia"


def test_open_city_reads_only_that_city_and_writes_only_it(tmp_path):
    store.init(tmp_path, demo_portfolio())
    (tmp_path / "cities" / "0180-stockholm.toml").write_bytes(b"broken = [")  # not needed, not read
    (tmp_path / "huskurage.toml").write_bytes(b"\xff broken too")
    s = store.open_city(tmp_path, "1480")
    assert list(s.portfolio.cities) == ["1480"]
    s.portfolio.cities["1480"].progress["quality_review"] = ProgressEntry("done", dt.date(2026, 5, 4))
    assert s.save() == [tmp_path / "cities" / "1480-goteborg.toml"]
    with pytest.raises(store.StoreError):
        s.save_settings()
    assert store.open_city(tmp_path, "1480").portfolio.cities["1480"] == s.portfolio.cities["1480"]
    assert store.open_city(tmp_path, "2480").portfolio.cities == {}  # no file for that code


def test_open_city_refuses_a_file_whose_code_disagrees_with_its_name(tmp_path):
    store.init(tmp_path, demo_portfolio())
    path = tmp_path / "cities" / "1480-goteborg.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('code = "1480"', 'code = "1481"'), encoding="utf-8")
    with pytest.raises(store.LoadError) as e:
        store.open_city(tmp_path, "1480")
    assert e.value.line == 2
    assert 'filnamnet anger kommunkod 1480, men filen har code = "1481"' in e.value.message


def test_open_city_refuses_two_files_for_one_code(tmp_path):
    store.init(tmp_path, demo_portfolio())
    (tmp_path / "cities" / "1480-kopia.toml").write_bytes((tmp_path / "cities" / "1480-goteborg.toml").read_bytes())
    with pytest.raises(store.LoadError) as e:
        store.open_city(tmp_path, "1480")
    assert "1480-goteborg.toml" in e.value.message and "1480-kopia.toml" in e.value.message


def test_a_portfolio_reached_through_a_symlinked_folder_works(tmp_path):
    store.init(tmp_path / "real", typed_demo())  # counts typed: the edit below is the city file's
    (tmp_path / "link").symlink_to(tmp_path / "real")
    s = store.open(tmp_path / "link")
    s.portfolio.cities["1480"].apartments = 1
    assert s.save() == [tmp_path / "real" / "cities" / "1480-goteborg.toml"]
    s.reload(tmp_path / "link" / "cities" / "1480-goteborg.toml")  # either spelling of the path
    s.reload(tmp_path / "real" / "huskurage.toml")
    assert s.portfolio.cities["1480"].apartments == 1


def test_paths_leaving_the_portfolio_are_refused(tmp_path):
    store.init(tmp_path / "p", demo_portfolio())
    s = store.open(tmp_path / "p")
    assert s.safe_path("logos/polisen.png") == tmp_path / "p" / "logos" / "polisen.png"
    for bad in ("../secret.png", "/etc/passwd", "logos/../../x", "C:\\x.png"):
        with pytest.raises(store.UnsafePathError):
            s.safe_path(bad)
    with pytest.raises(store.UnsafePathError):
        s.reload(tmp_path / "elsewhere.toml")
