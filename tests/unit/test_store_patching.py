"""Lossless edits: the model's change patched into the user's own file, everything else kept.

``wizard/store/patching.py``. Load and save without a change leaves every
byte; an edit keeps comments, key order, layouts and keys the program does
not know; the result always reads back as the model (hypothesis, over
cities, company settings and the layouts people write by hand).
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import snapshot_files
from wizard import model, store
from wizard.demo import demo_portfolio
from wizard.progress import set_status
from wizard.model import (
    ActionPlan,
    Advice,
    City,
    Company,
    HistoryEntry,
    HuskurageContact,
    Partner,
    Portfolio,
    ProgressEntry,
    Settings,
    Sign,
    Sizing,
    Training,
)


# A city file as a person might have edited it: comments everywhere, their own
# key order (name before code), keys the program does not know, a trailing
# comment on a value, an inline table and no blank line between two partners.
HAND_WRITTEN = """\
# Göteborg: vår största kommun
schema = 1
name = "Göteborg"   # som på skylten
code = "1480"
apartments = 1200 # räknat 2026
entrances = 80
signs_up = 10
our_own_note = "ringer Anna varannan vecka"

training = { caretaker = { staff = 10, trained = 4 } }

# Lokala samarbetspartner
[[partners]]
kind = "police"   # lokalpolisområde Centrum
organisation = "Polisen"
phone = "114 14"
email = "gammal@polisen.example"
[[partners]]
kind = "social_services"
organisation = "Socialtjänsten"
phone = "031-123"

[sign]
languages = ["sv"]
paper = "A4 matt"  # okänd nyckel

[progress.place_signs]
status = "doing"   # 10 av 80
date = 2026-02-01

[local]
# en egen tabell som programmet inte känner till
owner = "Förvaltning Väst"
"""


def _write_hand_written(root: Path) -> Path:
    store.init(root, Portfolio())
    path = root / "cities" / "1480-goteborg.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def _changes(before: str, after: str) -> list[str]:
    """The lines a diff tool would show, without context."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_load_and_save_without_change_writes_nothing_and_keeps_bytes(tmp_path):
    root = tmp_path / "p"
    store.init(root, demo_portfolio())
    path = _write_hand_written(tmp_path / "q")
    before = {**snapshot_files(root)}
    hand_before = path.read_bytes()

    for r in (root, tmp_path / "q"):
        s = store.open(r)
        assert s.save() == []
        assert s.save_settings() is None
        assert all(s.save_city(code) is None for code in s.portfolio.cities)

    assert snapshot_files(root) == before
    assert path.read_bytes() == hand_before
    assert not list(tmp_path.rglob("*.bak"))


def test_an_edit_keeps_comments_key_order_and_unknown_keys(tmp_path):
    path = _write_hand_written(tmp_path)
    s = store.open(tmp_path)
    city = s.portfolio.cities["1480"]
    city.apartments = 1300
    city.partners[0].email = ""  # dropped by the model: the line goes
    city.partners[1].phone = "031-365 00 00"
    city.training["caretaker"].trained = 6
    city.progress["place_signs"] = ProgressEntry("done", dt.date(2026, 3, 1))
    assert s.save() == [path]

    after = path.read_text(encoding="utf-8")
    assert _changes(HAND_WRITTEN, after) == [
        "-apartments = 1200 # räknat 2026",
        "+apartments = 1300 # räknat 2026",
        "-training = { caretaker = { staff = 10, trained = 4 } }",
        "+training = { caretaker = { staff = 10, trained = 6 } }",
        '-email = "gammal@polisen.example"',
        '-phone = "031-123"',
        '+phone = "031-365 00 00"',
        '-status = "doing"   # 10 av 80',
        "-date = 2026-02-01",
        '+status = "done"   # 10 av 80',
        "+date = 2026-03-01",
    ]
    data = tomllib.loads(after)
    assert data["our_own_note"] == "ringer Anna varannan vecka"
    assert data["sign"]["paper"] == "A4 matt" and data["local"] == {"owner": "Förvaltning Väst"}
    assert store.open(tmp_path).portfolio.cities["1480"] == city


def test_new_keys_tables_and_list_items_are_added_readably(tmp_path):
    path = _write_hand_written(tmp_path)
    s = store.open(tmp_path)
    city = s.portfolio.cities["1480"]
    city.progress["inform_tenants"] = ProgressEntry("todo", note="efter skyltarna")
    city.partners.append(Partner("womens_shelter", "Kvinnojouren", "031-99"))
    city.history.append(HistoryEntry(dt.datetime(2026, 3, 1, 9, 30), "apartments", "1200", "1300"))
    city.reports["2026-Q1"] = 2
    s.save()

    after = path.read_text(encoding="utf-8")
    added = [line[1:] for line in _changes(HAND_WRITTEN, after) if line.startswith("+")]
    removed = [line for line in _changes(HAND_WRITTEN, after) if line.startswith("-")]
    assert removed == []
    assert "[progress.inform_tenants]" in added and 'note = "efter skyltarna"' in added
    assert added.count("[[partners]]") == 1 and 'organisation = "Kvinnojouren"' in added
    assert "at = 2026-03-01T09:30:00" in added  # a TOML datetime without a zone
    # a new table is set off by a blank line, like the rest of the file
    assert '\n\n[[partners]]\nkind = "womens_shelter"' in after
    assert '[progress.inform_tenants]\nstatus = "todo"\nnote = "efter skyltarna"\n\n[local]' in after
    assert store.open(tmp_path).portfolio.cities["1480"] == city


def test_removing_a_partner_in_the_middle_keeps_the_others_comments(tmp_path):
    root = tmp_path
    store.init(root, Portfolio())
    path = root / "cities" / "0180-stockholm.toml"
    text = (
        'schema = 1\ncode = "0180"\nname = "Stockholm"\n\n'
        '[[partners]]\nkind = "police" # första\n\n'
        '[[partners]]\nkind = "other" # andra\n\n'
        '[[partners]]\nkind = "huskurage" # tredje\n'
    )
    path.write_text(text, encoding="utf-8")
    s = store.open(root)
    del s.portfolio.cities["0180"].partners[1]
    s.save()
    after = path.read_text(encoding="utf-8")
    assert "# första" in after and "# tredje" in after and "# andra" not in after
    assert [p.kind for p in store.open(root).portfolio.cities["0180"].partners] == ["police", "huskurage"]


def test_windows_line_endings_stay(tmp_path):
    path = _write_hand_written(tmp_path)
    path.write_bytes(HAND_WRITTEN.replace("\n", "\r\n").encode("utf-8"))
    s = store.open(tmp_path)
    s.portfolio.cities["1480"].apartments = 5
    s.portfolio.cities["1480"].progress["quality_review"] = ProgressEntry("doing")
    s.save()
    raw = path.read_bytes()
    assert b"apartments = 5 # r" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")


_SPECIAL = st.sampled_from(
    ['"', "'''", '"""', "\n", "\r\n", "\t", "[bold]", "[/]", "\\", "å ä ö", "🙂", "\x7f", "a = 1", "# no"]
)


_TEXT = st.one_of(st.text(st.characters(exclude_categories=("Cs",)), max_size=20), _SPECIAL)


_KEY = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8),
    st.sampled_from(["place_signs", "2026-Q3", "a.b", " "]),
)


_DATE = st.one_of(st.none(), st.dates())


_NUMBER = st.one_of(st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False, allow_infinity=False))


_CITY_PARTS = dict(
    name=_TEXT,
    apartments=_NUMBER,
    entrances=st.integers(0, 10**6),
    signs_up=st.integers(-5, 10**6),
    wave=st.integers(0, 9),
    staff_hours_per_week=st.floats(allow_nan=False, allow_infinity=False),
    duty_days_per_week=st.integers(0, 7),
    training=st.dictionaries(_KEY, st.builds(Training, st.integers(0, 999), st.integers(0, 999)), max_size=3),
    partners=st.lists(st.builds(Partner, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _DATE), max_size=4),
    sign=st.builds(
        Sign, st.lists(_TEXT, max_size=3), st.lists(_TEXT, max_size=3), st.lists(_TEXT, min_size=1, max_size=2)
    ),
    progress=st.dictionaries(_KEY, st.builds(ProgressEntry, _TEXT, _DATE, _TEXT), max_size=4),
    reports=st.dictionaries(_KEY, st.integers(0, 10**6), max_size=3),
    history=st.lists(st.builds(HistoryEntry, st.datetimes(), _TEXT, _TEXT, _TEXT), max_size=4),
)


_CODE = st.from_regex(r"[0-9]{4}", fullmatch=True)


def _cities(code: st.SearchStrategy[str] = _CODE) -> st.SearchStrategy[City]:
    return st.builds(City, code=code, **_CITY_PARTS)


_PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(city=_cities())
def test_property_a_new_city_file_reads_back_as_the_same_model(city):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        store.init(root, Portfolio(cities={city.code: city}))
        assert store.open(root).portfolio.cities == {city.code: city}


@_PROPERTY
@given(first=_cities(st.just("1480")), second=_cities(st.just("1480")))
def test_property_editing_a_file_keeps_the_user_s_lines_and_reads_back_as_the_model(first, second):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        store.init(root, Portfolio(cities={"1480": first}))
        path = root / "cities" / model.city_filename("1480", first.name)
        mine = "# mine\n" + path.read_text(encoding="utf-8") + '\n[local]\nowner = "Väst"\n'
        path.write_text(mine, encoding="utf-8")
        s = store.open(root)
        s.portfolio.cities["1480"] = second
        s.save()
        assert store.open(root).portfolio.cities == {"1480": second}
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# mine\n") and tomllib.loads(text)["local"] == {"owner": "Väst"}
        assert s.save() == []  # and then it is clean


@st.composite
def _city_and_small_edit(draw: st.DrawFn) -> tuple[City, City]:
    """A city and the same city after the kind of edit a user makes: a few fields, one list item."""
    first = draw(_cities(st.just("1480")))
    second = copy.deepcopy(first)
    for name in draw(st.lists(st.sampled_from(sorted(_CITY_PARTS)), max_size=3, unique=True)):
        setattr(second, name, draw(_CITY_PARTS[name]))
    for name, item in (("partners", _CITY_PARTS["partners"]), ("history", _CITY_PARTS["history"])):
        items = getattr(second, name)
        new_item = draw(item.filter(bool))[0]
        action = draw(st.sampled_from(["keep", "edit", "delete", "insert", "append"]))
        if action == "append" or (action == "insert" and not items):
            items.append(new_item)
        elif items and action != "keep":
            i = draw(st.integers(0, len(items) - 1))
            if action == "edit":
                items[i] = new_item
            elif action == "delete":
                del items[i]
            else:
                items.insert(i, new_item)
    if second.progress and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(second.progress)))
        second.progress[key] = draw(_CITY_PARTS["progress"].filter(bool)).popitem()[1]
    return first, second


@_PROPERTY
@given(pair=_city_and_small_edit())
def test_property_small_edits_read_back_as_the_model(pair):
    first, second = pair
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        store.init(root, Portfolio(cities={"1480": first}))
        s = store.open(root)
        s.portfolio.cities["1480"] = copy.deepcopy(second)
        s.save()
        assert store.open(root).portfolio.cities == {"1480": second}
        assert s.save() == []


def _lines(raw: bytes) -> list[tuple[bytes, bytes]]:
    """(text, ending) per line."""
    out = []
    for piece in raw.split(b"\n")[:-1]:
        out.append((piece[:-1], b"\r\n") if piece.endswith(b"\r") else (piece, b"\n"))
    return out


@_PROPERTY
@given(pair=_city_and_small_edit(), endings=st.lists(st.booleans(), min_size=1), mark=st.booleans())
def test_property_every_line_keeps_its_own_ending_and_new_lines_take_the_file_s_majority(pair, endings, mark):
    """A file with CRLF on some lines and LF on others (two people, two systems): an edit leaves both as they were."""
    first, second = pair
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        store.init(root, Portfolio(cities={"1480": first}))
        path = root / "cities" / model.city_filename("1480", first.name)
        lines = _lines(path.read_bytes())
        mixed = [(text, b"\r\n" if endings[i % len(endings)] else b"\n") for i, (text, _) in enumerate(lines)]
        path.write_bytes(b"".join(text + end for text, end in mixed))
        s = store.open(root)
        edited = copy.deepcopy(second)
        if mark:  # what `mark` does: a status, its date, a history row appended
            set_status(edited, "quality_review", "done", dt.date(2026, 11, 20), None)
        s.portfolio.cities["1480"] = copy.deepcopy(edited)
        s.save()
        assert store.open(root).portfolio.cities == {"1480": edited}
        crlf = sum(end == b"\r\n" for _, end in mixed)
        majority = b"\r\n" if crlf > len(mixed) - crlf else b"\n"
        after = _lines(path.read_bytes())
        before_count = {}
        for text, end in mixed:
            before_count.setdefault(text, []).append(end)
        after_count: dict[bytes, int] = {}
        for text, _ in after:
            after_count[text] = after_count.get(text, 0) + 1
        for text, end in after:
            if text not in before_count:
                assert end == majority, (text, end)  # a new or changed line
            elif len(before_count[text]) == 1 and after_count[text] == 1:
                assert end == before_count[text][0], (text, end)  # a line kept as it was


_SETTINGS = st.builds(
    Settings,
    company=st.builds(Company, _TEXT, _TEXT, _TEXT, _DATE),
    huskurage=st.builds(HuskurageContact, _TEXT, _DATE, _TEXT, _TEXT, st.booleans()),
    sizing=st.builds(Sizing, *[st.floats(allow_nan=False, allow_infinity=False)] * 6, st.integers(0, 53)),
    advice=st.builds(Advice, _TEXT, st.lists(_TEXT, max_size=3), st.booleans(), _TEXT),
    action_plan=st.builds(
        ActionPlan,
        _TEXT,
        st.booleans(),
        st.dictionaries(_KEY, _TEXT, max_size=3),
        st.dictionaries(_KEY, st.integers(0, 100), max_size=3),
    ),
    cadences=st.dictionaries(_KEY, st.integers(0, 120), max_size=3),
    progress=_CITY_PARTS["progress"],
    history=_CITY_PARTS["history"],
)


@_PROPERTY
@given(first=_SETTINGS, second=_SETTINGS)
def test_property_company_settings_round_trip_and_edit(first, second):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        store.init(root, Portfolio(settings=first))
        s = store.open(root)
        assert s.portfolio.settings == first
        s.portfolio.settings = second
        s.save()
        assert store.open(root).portfolio.settings == second


# Other ways a person may write the same data; tomlkit needs care with each.
LAYOUTS = {
    "inline tables": """\
schema = 1
code = "1480"
name = "G"
partners = [{kind = "police", phone = "114 14"}, {kind = "other", organisation = "X"}]
sign = {languages = ["sv"], logos = ["logos/a.png"]}
progress = {place_signs = {status = "done", date = 2026-01-01}}
history = [{at = 2026-01-01T10:00:00, field = "f", old = "a", new = "b"}]
""",
    "dotted keys": """\
schema = 1
code = "1480"
name = "G"
progress.place_signs.status = "done"
progress.place_signs.date = 2026-01-01
sign.languages = ["sv"]
training.caretaker.staff = 3
reports."2026-Q1" = 2
""",
    "tables out of order": """\
schema = 1
code = "1480"
name = "G"

[progress.place_signs]
status = "done"

[sign]
languages = ["sv"]

[progress.train_staff]
status = "todo"

[[history]]
at = 2026-01-01T10:00:00
field = "f"
old = "a"
new = "b"

[training.caretaker]
staff = 1
trained = 0
""",
    "multi-line values": """\
schema = 1
code = "1480"
name = \"\"\"Göte
borg\"\"\"

[sign]
extra_lines = [
  "rad ett",  # kommentar
  "rad två",
]
languages = ['sv', 'en']
""",
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(other=_cities(st.just("1480")), data=st.data())
def test_property_edits_to_any_layout_read_back_as_the_model(layout, other, data):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        store.init(root, Portfolio())
        path = root / "cities" / "1480-g.toml"
        path.write_text(LAYOUTS[layout], encoding="utf-8")
        s = store.open(root)
        edited = copy.deepcopy(s.portfolio.cities["1480"])
        for name in data.draw(st.lists(st.sampled_from(sorted(_CITY_PARTS)), max_size=3, unique=True)):
            setattr(edited, name, getattr(other, name))
        s.portfolio.cities["1480"] = copy.deepcopy(edited)
        s.save()
        assert store.open(root).portfolio.cities == {"1480": edited}


def test_a_table_that_moves_up_when_the_one_before_it_goes_keeps_its_line_ending():
    """Found by the property above: [training.00] removed, [training.place_signs] added after [training.0].

    The diff pairs the tables' equal bodies and leaves the header [training.0] unpaired; it is still the
    file's own line (CRLF here), not a new one (the file's majority, LF).
    """
    from wizard.store.patching import keep_line_endings

    before = "a = 1\n\n[t.00]\r\nx = 0\ny = 0\r\n\n[t.0]\r\nx = 0\ny = 0\r\n\n[s]\n"
    after = "a = 1\n\n[t.0]\nx = 0\ny = 0\n\n[t.ps]\nx = 0\ny = 0\n\n[s]\n"
    assert keep_line_endings(before, after, "\n") == (
        "a = 1\n\n[t.0]\r\nx = 0\ny = 0\r\n\n[t.ps]\nx = 0\ny = 0\r\n\n[s]\n"
    )
