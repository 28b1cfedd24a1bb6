"""History rows on disk: appended as text, capped, the oldest moved byte for byte to a dated archive.

``wizard/store/history.py``. A ``mark`` on a municipality followed for
years (30,000 rows) must not rewrite the whole file with tomlkit: the rows
already in the file never pass through it, and a file keeps at most
``history.CAP`` rows, the older ones in ``history/<file>-<date>.toml``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from support import snapshot_files
from wizard import store
from wizard.demo import demo_portfolio
from wizard.model import HistoryEntry
from wizard.progress import set_status
from wizard.store import history, writing

GBG = "cities/1480-goteborg.toml"
NOW = dt.datetime(2026, 12, 6, 9, 30)


def _rows(n: int, start: dt.datetime = dt.datetime(2026, 7, 1, 8, 0)) -> str:
    """``n`` rows as the program writes them, one with a comment of the user's own."""
    out = []
    for i in range(n):
        at = (start + dt.timedelta(minutes=i)).isoformat()
        note = "# kollad av Kim\n" if i == 1 else ""
        out.append(f'\n[[history]]\n{note}at = {at}\nfield = "signs_up"\nold = "{i}"\nnew = "{i + 1}"\n')
    return "".join(out)


OWN = len(demo_portfolio().cities["1480"].history)  # the demo's own rows in Göteborg


def _portfolio(tmp_path: Path, extra_rows: int) -> tuple[Path, Path]:
    root = tmp_path / "p"
    store.init(root, demo_portfolio())
    path = root / GBG
    path.write_text(path.read_text(encoding="utf-8") + _rows(extra_rows), encoding="utf-8")
    return root, path


def _mark(root: Path) -> store.Store:
    s = store.open_city(root, "1480")
    s.clock = lambda: NOW
    set_status(s.portfolio.cities["1480"], "quality_review", "done", dt.date(2026, 12, 6), None, now=NOW)
    s.save_city("1480")
    return s


@pytest.fixture
def tomlkit_reads(monkeypatch) -> list[str]:
    """Every text tomlkit parses during the test."""
    import tomlkit

    seen: list[str] = []
    real = tomlkit.parse
    monkeypatch.setattr(tomlkit, "parse", lambda text: seen.append(text) or real(text))
    return seen


def test_appending_rows_keeps_the_rows_there_byte_for_byte_and_tomlkit_never_reads_them(tmp_path, tomlkit_reads):
    root, path = _portfolio(tmp_path, 200)
    before = path.read_text(encoding="utf-8")
    _mark(root)
    after = path.read_text(encoding="utf-8")
    rows_before = before[before.index("[[history]]") :]
    assert after[after.index("[[history]]") :].startswith(rows_before)  # kept, comment and all
    added = after[after.index("[[history]]") + len(rows_before) :]
    assert added == '\n[[history]]\nat = 2026-12-06T09:30:00\nfield = "progress.quality_review.status"\nold = "todo"\nnew = "done"\n'
    assert tomlkit_reads and not any("[[history]]" in text for text in tomlkit_reads)
    assert store.open(root).portfolio.cities["1480"].history[-1].at == NOW


def test_rows_that_are_not_the_file_s_last_tables_take_the_whole_file_way_and_read_back(tmp_path):
    root, path = _portfolio(tmp_path, 3)
    path.write_text(path.read_text(encoding="utf-8") + '\n[local]\nowner = "Väst"\n', encoding="utf-8")
    s = _mark(root)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["local"] == {"owner": "Väst"} and data["history"][-1]["field"] == "progress.quality_review.status"
    assert store.open(root).portfolio.cities["1480"] == s.portfolio.cities["1480"]


def test_past_the_cap_the_oldest_rows_move_byte_for_byte_to_a_dated_archive(tmp_path):
    root, path = _portfolio(tmp_path, history.CAP)  # the demo's own rows and CAP more: over already
    rows_before = path.read_text(encoding="utf-8")
    rows_before = rows_before[rows_before.index("[[history]]") :]
    s = _mark(root)
    archive = root / "history" / "1480-goteborg-2026-12-06.toml"
    text = archive.read_text(encoding="utf-8")
    moved = tomllib.loads(text)
    assert moved["code"] == "1480" and moved["moved_from"] == GBG and moved["moved_on"] == dt.date(2026, 12, 6)
    assert len(moved["history"]) == OWN + history.CAP + 1 - history.KEEP
    assert text[text.index("[[history]]") :] in rows_before  # the user's comment went along
    kept = tomllib.loads(path.read_text(encoding="utf-8"))["history"]
    assert len(kept) == history.KEEP and kept[-1]["field"] == "progress.quality_review.status"
    ats = [row["at"] for row in moved["history"] + kept]
    assert len(ats) == OWN + history.CAP + 1 and ats[OWN:] == sorted(ats[OWN:])  # oldest first, none lost
    assert len(set(ats)) == len(ats)  # none twice
    assert len(s.portfolio.cities["1480"].history) == history.KEEP  # the moved rows left the model too
    assert s.save_city("1480") is None  # and the store is clean
    opened = store.open(root)
    assert opened.portfolio.cities["1480"] == s.portfolio.cities["1480"] and not opened.ignored


def test_a_municipality_followed_for_years_30000_rows_is_marked_without_tomlkit_reading_its_rows(tmp_path, tomlkit_reads):
    root, path = _portfolio(tmp_path, 30_000)
    _mark(root)
    assert not any("[[history]]" in text for text in tomlkit_reads)
    assert len(tomllib.loads(path.read_text(encoding="utf-8"))["history"]) == history.KEEP
    (archive,) = (root / "history").iterdir()
    assert len(tomllib.loads(archive.read_text(encoding="utf-8"))["history"]) == OWN + 30_001 - history.KEEP
    before = snapshot_files(root)
    s = store.open_city(root, "1480")  # the next mark: a file of KEEP rows, nothing moved
    s.portfolio.cities["1480"].history.append(HistoryEntry(NOW, "signs_up", "1", "2"))
    s.save_city("1480")
    changed = {k for k in set(before) | set(snapshot_files(root)) if before.get(k) != snapshot_files(root).get(k)}
    assert changed == {GBG, GBG + ".bak"}


def _city_file_fails(monkeypatch, path: Path, error: BaseException) -> None:
    """Moving the city file into place fails with ``error``; its archive, moved first, went in."""
    real_commit = writing.commit

    def commit(staged):
        if staged.path == path:
            raise error
        return real_commit(staged)

    monkeypatch.setattr(writing, "commit", commit)


def test_a_save_cut_short_after_its_archive_moves_the_same_rows_into_the_same_file_again(tmp_path, monkeypatch):
    root, path = _portfolio(tmp_path, history.CAP)
    before = path.read_bytes()
    with monkeypatch.context() as m:
        _city_file_fails(m, path, OSError(5, "Input/output error"))
        with pytest.raises(store.StoreError):
            _mark(root)
    assert path.read_bytes() == before  # the rows are still in the file, and in the archive
    (archive,) = (root / "history").iterdir()
    _mark(root)
    assert list((root / "history").iterdir()) == [archive]  # not a second copy


def test_a_conflict_at_the_last_moment_takes_the_archive_back(tmp_path, monkeypatch):
    root, path = _portfolio(tmp_path, history.CAP)
    before = path.read_bytes()
    _city_file_fails(monkeypatch, path, writing.Changed(path))
    with pytest.raises(store.ConflictError):
        _mark(root)
    assert path.read_bytes() == before and list((root / "history").iterdir()) == []


@pytest.mark.parametrize("what", ["symlink", "file"])
def test_an_archive_folder_that_is_not_a_folder_stops_the_save_before_anything_is_written(tmp_path, what):
    root, path = _portfolio(tmp_path, history.CAP)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if what == "symlink":
        (root / "history").symlink_to(elsewhere)
    else:
        (root / "history").write_text("mine\n", encoding="utf-8")
    before = snapshot_files(root)
    with pytest.raises(store.StoreError):
        _mark(root)
    assert snapshot_files(root) == before and list(elsewhere.iterdir()) == []


def test_a_save_that_would_make_a_file_the_loader_refuses_is_refused_and_nothing_changes(tmp_path):
    root = tmp_path / "p"
    store.init(root, demo_portfolio())
    path = root / GBG
    padding = store.MAX_FILE_BYTES - path.stat().st_size - 40
    path.write_text(path.read_text(encoding="utf-8") + "# " + "x" * padding + "\n", encoding="utf-8")
    store.open(root)  # it loads
    before = snapshot_files(root)
    with pytest.raises(store.StoreError) as e:
        _mark(root)
    assert e.value.kind == "too_big" and GBG in e.value.message and "Ingenting har sparats" in e.value.message
    assert snapshot_files(root) == before


@pytest.mark.parametrize("endings", ["\r\n", "mixed"])
def test_rows_written_with_windows_line_endings_take_the_same_way_and_keep_their_endings(tmp_path, tomlkit_reads, endings):
    """A file saved on Windows (``\\r\\n``), or by two people on two systems (the rows ``\\r\\n``, the rest ``\\n``):
    its rows are found as rows, so the mark appends and archives without tomlkit reading them, every line
    keeps its ending, and the added ones end as most of the file's do."""
    root, path = _portfolio(tmp_path, history.CAP + 200)
    raw = path.read_bytes()
    head, rows = raw[: raw.index(b"\n[[history]]")], raw[raw.index(b"\n[[history]]") :]
    raw = (head if endings == "mixed" else head.replace(b"\n", b"\r\n")) + rows.replace(b"\n", b"\r\n")
    path.write_bytes(raw)
    _mark(root)
    assert not any("[[history]]" in text for text in tomlkit_reads)
    after = path.read_bytes()
    before_rows = raw[: raw.index(b"\r\n[[history]]")]
    head_after = after[: after.index(b"\r\n[[history]]")]
    for line in before_rows.splitlines(keepends=True):  # the part before the rows: each line with its own ending
        assert line in head_after, line
    bare = lambda data: data.replace(b"\r\n", b"").count(b"\n")  # noqa: E731 - lines ending \n alone
    assert bare(head_after) == bare(before_rows)  # the mark's new lines end as most of the file's do: \r\n
    (archive,) = (root / "history").iterdir()
    for data in (after[after.index(b"\r\n[[history]]") :], archive.read_bytes()):
        assert b"\n" not in data.replace(b"\r\n", b""), "a row's line lost its \\r"
    assert len(tomllib.loads(after.decode("utf-8"))["history"]) == history.KEEP
    assert len(tomllib.loads(archive.read_text(encoding="utf-8"))["history"]) == OWN + history.CAP + 201 - history.KEEP
    assert store.open(root).portfolio.cities["1480"].history[-1].at == NOW
