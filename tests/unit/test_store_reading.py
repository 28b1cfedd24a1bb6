"""Reading a file: never through a link, never too big, and every problem in plain words with its line.

``wizard/store/reading.py`` (the safe open, UTF-8, ``tomllib``) and
``wizard/store/wording.py`` (tomllib's and the model's complaints as one
sentence naming file, line and column). Every test also proves that a file
that fails to load is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, snapshot_files
from wizard import i18n, store
from wizard.demo import demo_portfolio
from wizard.model import (
    City,
    HistoryEntry,
    Partner,
    Portfolio,
    ProgressEntry,
)


def _broken(tmp_path: Path, content: bytes, name: str = "cities/1480-goteborg.toml") -> store.LoadError:
    store.init(tmp_path, demo_portfolio())
    (tmp_path / name).parent.mkdir(exist_ok=True)
    (tmp_path / name).write_bytes(content)
    before = snapshot_files(tmp_path)
    with pytest.raises(store.LoadError) as e:
        store.open(tmp_path)
    assert snapshot_files(tmp_path) == before
    return e.value


def test_invalid_toml_names_file_line_and_column_in_plain_swedish(tmp_path):
    err = _broken(tmp_path, b'schema = 1\ncode = "1480"\napartments 1200\n')
    assert (err.line, err.column) == (3, 12)
    assert err.message == (
        "cities/1480-goteborg.toml, rad 3, kolumn 12: ogiltig TOML (förväntade '=' efter nyckeln). Filen har inte ändrats."
    )
    i18n.set_language("en")
    with pytest.raises(store.LoadError) as e:
        store.open(tmp_path)
    assert e.value.message == (
        "cities/1480-goteborg.toml, line 3, column 12: invalid TOML (expected '=' after the key). "
        "The file has not been changed."
    )


@pytest.mark.parametrize(
    "content, line, column, words",
    [
        (b'schema = 1\nname = "G\xf6teborg"\n', 2, 10, "inte giltig UTF-8 (byte 0xF6)"),
        (b'schema = 1\ncode = "14\x0080"\n', 2, 11, "NUL-byte"),
        (b'schema = 1\ncode = "1480\n', 2, 13, "texten avslutas inte med citattecken på samma rad"),
        (b'schema = 1\nnote = """open\n', 3, 1, "texten avslutas inte med citattecken"),
        (b"schema = 1\ncode = 1480\ncode = 1481", 3, 12, "samma nyckel anges två gånger"),
        (b"schema = 1\n[progress\n", 2, 10, "förväntade ']' i slutet av rubriken"),
        (b"schema = 1\ndate = 2026-02-30\n", 2, 8, "ogiltigt datum"),
        (b"schema = 1\ndate = 2026-13-01\n", 2, 12, "förväntade radslut efter värdet"),
        (b"schema = 1\napartments = " + b"9" * 5000 + b"\n", 2, 14, "ett tal har orimligt många siffror"),
        (b"schema = 1\nx = " + b"[" * 50_000 + b"]" * 50_000 + b"\n", None, None, "för djupt nästlade"),
        (b"", None, None, "filen är tom"),
    ],
    ids=["utf8", "nul", "open-string", "open-multiline", "duplicate", "heading", "date", "month", "digits", "deep", "empty"],
)
def test_broken_bytes_give_file_line_column_and_plain_words(tmp_path, content, line, column, words):
    err = _broken(tmp_path, content)
    assert (err.line, err.column) == (line, column)
    where = f", rad {line}, kolumn {column}" if line else ""
    assert err.message.startswith(f"cities/1480-goteborg.toml{where}: ")
    assert words in err.message and err.message.endswith(". Filen har inte ändrats.")


def test_a_schema_from_a_newer_program_is_refused(tmp_path):
    err = _broken(tmp_path, b'# ny\nschema = 2\ncode = "1480"\n')
    assert (err.line, err.kind) == (2, "newer_schema")
    assert "gjord av en nyare version av huskurage" in err.message and "schema 2" in err.message


@pytest.mark.parametrize(
    "content, line, words",
    [
        (b'schema = 1\ncode = "1480"\napartments = "m\xc3\xa5nga"\n', 3, "apartments ska vara ett tal, men är text"),
        (
            b'schema = 1\ncode = "1480"\n\n[[partners]]\nkind = "police"\n\n'
            b'[[partners]]\nkind = "other"\nphone = 11414\n',
            9,
            "partners[1].phone ska vara text inom citattecken, men är ett tal",
        ),
        (
            b'schema = 1\ncode = "1480"\n[progress.place_signs]\nstatus = "done"\ndate = "2026-03-01"\n',
            5,
            "skriv 2026-03-01 i stället för \"2026-03-01\"",
        ),
        (b'code = "1480"\nname = "x"\n', None, "schema saknas"),
    ],
)
def test_wrong_types_name_the_key_and_its_line(tmp_path, content, line, words):
    err = _broken(tmp_path, content)
    assert err.line == line
    assert words in err.message, err.message
    assert err.message.endswith("Filen har inte ändrats.")


def test_missing_company_file_folder_for_a_file_and_huge_file(tmp_path):
    store.init(tmp_path / "a", demo_portfolio())
    (tmp_path / "a" / "huskurage.toml").unlink()
    with pytest.raises(store.LoadError) as e:
        store.open(tmp_path / "a")
    assert "huskurage.toml saknas" in e.value.message

    store.init(tmp_path / "b", demo_portfolio())
    (tmp_path / "b" / "cities" / "2480-umea.toml").mkdir()
    with pytest.raises(store.LoadError) as e:
        store.open(tmp_path / "b")
    assert e.value.message == "cities/2480-umea.toml är en mapp, men ska vara en fil"

    big = b'schema = 1\ncode = "1480"\nname = "' + b"x" * (store.MAX_FILE_BYTES + 10) + b'"\n'
    err = _broken(tmp_path / "c", big)
    assert "filen är för stor" in err.message

    with pytest.raises(store.LoadError) as e:
        store.open(tmp_path / "nowhere")
    assert "finns inte" in e.value.message


def test_symlinks_are_refused(tmp_path):
    outside = tmp_path / "outside.toml"
    outside.write_text('schema = 1\ncode = "2480"\nname = "Umeå"\n', encoding="utf-8")
    root = tmp_path / "p"
    store.init(root, demo_portfolio())
    (root / "cities" / "2480-umea.toml").symlink_to(outside)
    before = snapshot_files(root)
    with pytest.raises(store.UnsafePathError) as e:
        store.open(root)
    assert "symbolisk länk" in e.value.message
    with pytest.raises(store.UnsafePathError):
        store.open_city(root, "2480")
    assert snapshot_files(root) == before

    root2 = tmp_path / "q"
    store.init(root2, demo_portfolio())
    real = tmp_path / "company.toml"
    (root2 / "huskurage.toml").rename(real)
    (root2 / "huskurage.toml").symlink_to(real)
    with pytest.raises(store.UnsafePathError):
        store.open(root2)


def test_open_never_imports_tomlkit_and_a_290_city_portfolio_opens_fast(tmp_path):
    root = tmp_path / "big"
    city = City(
        code="1000",
        name="Kommun",
        apartments=1000,
        entrances=50,
        partners=[Partner("police", f"Polisen {n}", "114 14", "Dygnet runt") for n in range(8)],
        progress={f"item_{n}": ProgressEntry("done", dt.date(2026, 1, 1 + n), "ok") for n in range(10)},
        history=[HistoryEntry(dt.datetime(2026, 1, 1, 8, n), f"f{n}", "a", "b") for n in range(20)],
    )
    store.init(root, Portfolio(cities={"1000": city}))
    text = (root / "cities" / "1000-kommun.toml").read_text(encoding="utf-8")
    for i in range(1, 290):
        code = f"{1000 + i:04d}"
        (root / "cities" / f"{code}-kommun.toml").write_text(text.replace('"1000"', f'"{code}"'), encoding="utf-8")
    script = f"""
import json, sys, time, tomllib
from pathlib import Path
files = sorted(Path({str(root)!r}).rglob("*.toml"))
def bare():
    for p in files:
        with open(p, "rb") as f:
            tomllib.load(f)
from wizard import store
def ours():
    assert len(store.open({str(root)!r}).portfolio.cities) == 290
best = {{}}
for name, fn in (("bare", bare), ("ours", ours)) * 3:
    t0 = time.perf_counter(); fn(); best[name] = min(best.get(name, 9e9), time.perf_counter() - t0)
print(json.dumps({{"tomlkit": "tomlkit" in sys.modules, **best}}))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(out.stdout)
    assert result["tomlkit"] is False
    # tomlkit parses ~8x slower than tomllib; building the model costs a little on top
    assert result["ours"] < 4 * result["bare"], result


@pytest.mark.parametrize(
    "content, line, where",
    [
        (b'schema = 1\ncode = "1480"\n\n[[history]]\nat = 2026-11-02T10:00:00\nfield = "x"\n\n[[history]]\nat = "yesterday"\nfield = "x"\n', 9, "history[1].at"),
        (b'schema = 1\ncode = "1480"\n\n[[history]]\nat = 2026-11-02T10:00:00\nfield = 12\n', 6, "history[0].field"),
    ],
)
def test_a_wrong_history_row_is_named_among_rows_read_at_once(tmp_path, content, line, where):
    """History rows are read without a reader each when every value is of its kind; a wrong one is still named."""
    err = _broken(tmp_path, content)
    assert err.line == line and where in err.message, err.message


@pytest.mark.parametrize(
    "entrance, where",
    [
        ('{ label = "A", apartments = "tolv" }', "buildings[0].entrances[1].apartments"),
        ('{ label = "A", apartments = 12, sign_placed = 2026-05-04T08:00:00 }', "buildings[0].entrances[1].sign_placed"),
        ('{ label = 1, apartments = 12 }', "buildings[0].entrances[1].label"),
        ('"A"', "buildings[0].entrances[1]"),
    ],
)
def test_a_wrong_entrance_is_named_among_entrances_read_at_once(tmp_path, entrance, where):
    """Entrances are read without a reader each when every value is of its kind; a wrong one is still named, with its line."""
    content = f'schema = 1\ncode = "1480"\n\n[[buildings]]\nid = "G-1"\nentrances = [\n    {{ label = "B" }},\n    {entrance},\n]\n'
    err = _broken(tmp_path, content.encode(), "cities/1480-goteborg/buildings.toml")
    assert where in err.message and err.message.startswith("cities/1480-goteborg/buildings.toml"), err.message
