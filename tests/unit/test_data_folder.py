"""The shipped TOML files are parsed once per change (wizard/data_folder.py): what a start-up saves, and what it must never cost."""

from __future__ import annotations

import os
import pickle
import tomllib
from pathlib import Path

import pytest

from wizard import catalog, data_folder
from wizard.data_folder import read_toml


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "numbers.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _no_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tomllib parsed a file whose parse was kept")

    monkeypatch.setattr(tomllib, "load", refuse)


def test_a_file_read_again_is_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file(tmp_path, 'number = "114 14"\nverified_on = 2026-11-01\n')
    first = read_toml(path)
    _no_parse(monkeypatch)
    assert read_toml(path) == first == tomllib.loads(path.read_text(encoding="utf-8"))


def test_a_changed_file_is_read_anew(tmp_path: Path) -> None:
    path = _file(tmp_path, 'number = "114 14"\n')
    read_toml(path)
    path.write_text('number = "112"\nhours = "Dygnet runt"\n', encoding="utf-8")
    assert read_toml(path) == {"number": "112", "hours": "Dygnet runt"}


def test_a_change_that_keeps_the_size_is_read_anew(tmp_path: Path) -> None:
    path = _file(tmp_path, 'number = "114 14"\n')
    read_toml(path)
    stat = path.stat()
    path.write_text('number = "114 15"\n', encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert read_toml(path) == {"number": "114 15"}


def test_a_broken_file_still_raises_though_its_old_parse_is_kept(tmp_path: Path) -> None:
    path = _file(tmp_path, 'number = "114 14"\n')
    read_toml(path)
    path.write_text('number = "114 14\n', encoding="utf-8")
    with pytest.raises(tomllib.TOMLDecodeError):
        read_toml(path)


def test_a_planted_cache_runs_no_code(tmp_path: Path) -> None:
    path = _file(tmp_path, 'number = "114 14"\n')
    read_toml(path)
    cache = data_folder._cache_path(path)
    stat = path.stat()
    stamp = (data_folder.CACHE_VERSION, stat.st_mtime_ns, stat.st_size)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(marker),))

    cache.write_bytes(pickle.dumps((stamp, {"number": Payload()})))
    assert read_toml(path) == {"number": "114 14"}
    assert not marker.exists()


@pytest.mark.parametrize("junk", [b"", b"not a pickle", pickle.dumps("a string"), pickle.dumps((1, 2, 3))])
def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path, junk: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file(tmp_path, 'number = "114 14"\n')
    cache = data_folder._cache_path(path)
    cache.parent.mkdir()
    cache.write_bytes(junk)
    assert read_toml(path) == {"number": "114 14"}
    _no_parse(monkeypatch)
    assert read_toml(path) == {"number": "114 14"}


def test_a_folder_that_cannot_be_written_only_costs_speed(tmp_path: Path) -> None:
    path = _file(tmp_path, 'number = "114 14"\n')
    (tmp_path / "__pycache__").write_text("a file where the folder would be", encoding="utf-8")
    assert read_toml(path) == {"number": "114 14"}
    assert read_toml(path) == {"number": "114 14"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["__pycache__", "numbers.toml"]  # no temporary file left


def test_the_catalog_read_from_kept_parses_is_the_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped data, copied: read once with tomllib, then from what was kept, the same catalog."""
    import shutil

    folder = tmp_path / "checklists"
    shutil.copytree(data_folder.data_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    fresh = catalog.load.__wrapped__(folder)
    _no_parse(monkeypatch)
    assert catalog.load.__wrapped__(folder) == fresh
