"""``huskurage redact DIR TEXT``: a text out of every file of a portfolio, and every other byte kept.

For the day someone asks "is my neighbour's name in your system?": after it
no file of the portfolio (current values, history, ``.bak`` files, exported
documents in the folder, the wizard's drafts) holds the text in any form,
``check`` is clean, and comments, key order and every other byte remain.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from support import run_cli, snapshot_files
from wizard import redact, store
from wizard.demo import demo_portfolio

NAME = "Anna Andersson"


def _drafts(data: Path, root: Path, values: dict[str, str]) -> Path:
    data.mkdir(parents=True, exist_ok=True)
    path = data / "drafts.json"
    path.write_text(json.dumps({str(root.resolve()): values}, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _everywhere(root: Path, data: Path) -> None:
    """A name in a value, in a comment, in history, in a .bak, in an export and in a draft, as it could get there."""
    city = root / "cities" / "1480-goteborg.toml"
    text = city.read_text(encoding="utf-8")
    text = text.replace('note = "Fastighetsskötarna återstår."', f'note = "Fastighetsskötarna återstår, {NAME}."  # {NAME} ringde')
    text += f'\n[[history]]\nat = 2026-11-20T10:00:00\nfield = "progress.train_staff.note"\nold = "{NAME}"\nnew = ""\n'
    city.write_text(text, encoding="utf-8")
    (root / "cities" / "1480-goteborg.toml.bak").write_text(text, encoding="utf-8")
    export = root / "export"
    export.mkdir()
    (export / "progress.md").write_text(f"| Utbilda personalen | Pågår | {NAME} |\n", encoding="utf-8")
    _drafts(data, root, {"2.person": f'{NAME} "Anki"'})


def test_redact_removes_a_name_from_every_file_and_says_how_many_places(demo_dir, tmp_path):
    data = tmp_path / "data"
    _everywhere(demo_dir, data)
    done = run_cli("redact", demo_dir, NAME, env={"HUSKURAGE_DATA_DIR": str(data)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Texten är borttagen. Ändrade ställen: 8, i filer: 4.",
        "  cities/1480-goteborg.toml: 3",  # the note, the comment, the history row
        "  cities/1480-goteborg.toml.bak: 3",
        "  export/progress.md: 1",
        f"  {data / 'drafts.json'}: 1",
    ]
    grep = subprocess.run(["grep", "-r", NAME, str(demo_dir), str(data)], capture_output=True, text=True)
    assert grep.returncode == 1 and grep.stdout == ""
    assert run_cli("check", demo_dir).returncode == 0
    text = (demo_dir / "cities" / "1480-goteborg.toml").read_text(encoding="utf-8")
    assert 'note = "Fastighetsskötarna återstår, ."  #  ringde' in text  # the comment stays, without the name
    assert json.loads((data / "drafts.json").read_text(encoding="utf-8")) == {str(demo_dir.resolve()): {"2.person": ' "Anki"'}}


def test_redact_makes_no_backup_of_what_it_removes(demo_dir, tmp_path):
    city = demo_dir / "cities" / "1480-goteborg.toml"
    city.write_text(city.read_text(encoding="utf-8").replace("Fastighetsskötarna", NAME), encoding="utf-8")
    assert not city.with_name(city.name + ".bak").exists()
    assert run_cli("redact", demo_dir, NAME, env={"HUSKURAGE_DATA_DIR": str(tmp_path / "d")}).returncode == 0
    assert sorted(p.name for p in city.parent.iterdir() if p.is_file()) == ["0180-stockholm.toml", "0380-uppsala.toml", "1480-goteborg.toml"]
    assert not list(city.parent.glob("*/*.bak"))  # nor beside the buildings files


@pytest.mark.parametrize("text", ["", "a", " ", "  ", " å \n"])
def test_an_empty_or_one_character_text_is_refused_and_nothing_changes(demo_dir, tmp_path, text):
    before = snapshot_files(demo_dir)
    done = run_cli("redact", demo_dir, text, env={"HUSKURAGE_DATA_DIR": str(tmp_path / "d")})
    assert done.returncode == 2
    assert "minst 2 tecken" in done.stderr and done.stdout == ""
    assert snapshot_files(demo_dir) == before


def test_a_text_that_is_nowhere_exits_1_and_nothing_changes(demo_dir, tmp_path):
    before = snapshot_files(demo_dir)
    done = run_cli("redact", demo_dir, "Ingen Alls", env={"HUSKURAGE_DATA_DIR": str(tmp_path / "d")})
    assert done.returncode == 1
    assert "finns inte i någon fil" in done.stderr
    assert snapshot_files(demo_dir) == before


@pytest.mark.parametrize("text", ["schema", "code", "1480", "[[partners]]"])
def test_a_text_that_is_part_of_a_files_structure_is_refused_and_nothing_changes(demo_dir, tmp_path, text):
    before = snapshot_files(demo_dir)
    done = run_cli("redact", demo_dir, text, env={"HUSKURAGE_DATA_DIR": str(tmp_path / "d")})
    assert done.returncode == 2
    assert "inte gå att läsa in" in done.stderr
    assert snapshot_files(demo_dir) == before


def test_a_file_that_is_not_text_is_named_and_never_edited(demo_dir, tmp_path):
    logo = demo_dir / "logos" / "polisen.png"
    logo.parent.mkdir(exist_ok=True)
    logo.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + NAME.encode() + b"\xff\x00")
    before = logo.read_bytes()
    done = run_cli("redact", demo_dir, NAME, env={"HUSKURAGE_DATA_DIR": str(tmp_path / "d")})
    assert done.returncode == 1
    assert "logos/polisen.png, som inte är en textfil" in done.stderr
    assert logo.read_bytes() == before


def test_a_link_out_of_the_portfolio_is_not_followed(demo_dir, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(NAME, encoding="utf-8")
    os.symlink(outside, demo_dir / "link.txt")
    os.symlink(tmp_path, demo_dir / "linked-folder")
    done = run_cli("redact", demo_dir, NAME, env={"HUSKURAGE_DATA_DIR": str(tmp_path / "d")})
    assert done.returncode == 1
    assert outside.read_text(encoding="utf-8") == NAME


def test_the_name_escaped_as_toml_and_json_and_in_either_unicode_form_is_removed(tmp_path):
    import unicodedata

    root = tmp_path / "p"
    store.init(root, demo_portfolio())
    name = 'Åsa "Åke" Öberg\\'
    company = root / "huskurage.toml"
    original = company.read_bytes()
    text = company.read_text(encoding="utf-8")
    as_toml = 'Åsa \\"Åke\\" Öberg\\\\'  # inside a TOML string: quotes and the backslash escaped
    edited = text.replace('person = "', f'person = "{as_toml} ', 1) + f"# {unicodedata.normalize('NFD', name)}\n"
    company.write_text(edited, encoding="utf-8")
    assert store.open(root).portfolio.settings.huskurage.person.startswith(name)
    drafts = tmp_path / "d" / "drafts.json"
    drafts.parent.mkdir()
    drafts.write_text(json.dumps({"a": name, "b": [name]}, ensure_ascii=True), encoding="utf-8")  # \u00c5, \"
    result = redact.redact(root, name, [drafts])
    assert result.places == 4
    assert company.read_bytes() == original.replace(b'person = "', b'person = " ', 1) + b"# \n"
    assert json.loads(drafts.read_text(encoding="utf-8")) == {"a": "", "b": [""]}


# ------------------------------------------------------------------ any text, anywhere


@pytest.fixture(scope="module")
def master(tmp_path_factory) -> Path:
    """A portfolio with comments, a .bak (after a save), a leftover temporary file and drafts."""
    root = tmp_path_factory.mktemp("master") / "p"
    st_ = store.init(root, demo_portfolio())
    city = root / "cities" / "0380-uppsala.toml"
    city.write_text("# Uppsala: andra vågen\n" + city.read_text(encoding="utf-8").replace("\n[sign]", "  # skylten\n[sign]", 1), encoding="utf-8")
    st_ = store.open(root)
    st_.portfolio.cities["0380"].signs_up = 40
    st_.save()
    (root / "cities" / ".tmp-0380-uppsala.toml-1-abcd").write_text("schema = 1\n", encoding="utf-8")
    return root


texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=2, max_size=12).filter(lambda s: len(s.strip()) >= 2)


@given(text=texts, spots=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=6))
@settings(max_examples=int(os.environ.get("HUSKURAGE_REDACT_EXAMPLES", 150)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_redact_of_any_text_inserted_anywhere_leaves_no_occurrence_and_every_other_byte(master, text, spots):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(master, root)
        drafts = _drafts(Path(tmp) / "data", root, {"2.person": "Föreningen"})
        files = [*sorted(p for p in root.rglob("*") if p.is_file()), drafts]
        original = {p: p.read_bytes() for p in files}
        encoded = text.encode("utf-8")
        assume(not any(form in data for data in original.values() for form in redact.forms(text)))
        for which, where in spots:
            path = files[which % len(files)]
            data = path.read_bytes()
            chars = data.decode("utf-8")
            at = where % (len(chars) + 1)
            path.write_bytes((chars[:at] + text + chars[at:]).encode("utf-8"))
        inserted = {p: p.read_bytes() for p in files}
        assume(sum(d.count(encoded) for d in inserted.values()) == len(spots))  # no insertion made a second one
        result = redact.redact(root, text, [drafts])
        assert result.places == len(spots)
        for path in files:
            assert path.read_bytes() == original[path], path
        assert {p for p in root.rglob("*") if p.is_file()} | {drafts} == set(files)  # no .bak, no leftovers
