"""Round trips over whole generated portfolios: nothing is lost, nothing changes that was not changed.

``unit/test_store_patching.py`` proves these for one city or the company file at a time;
here hypothesis makes whole portfolios (the company file and several
municipalities, every field, text with quotes, newlines, control characters
and any Unicode, numbers at the edges of the 64-bit range, infinities):

* save -> load gives the same model;
* load + save with no change writes nothing and leaves every byte, also of
  files laid out by hand (comments, key order, inline tables);
* an edit to one municipality rewrites that file only;
* the exported ``plan.toml`` -> ``huskurage init --from`` -> the same model,
  logos included.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from support import snapshot_files
from wizard import model, privacy, store
from wizard.model import (
    ActionPlan,
    Advice,
    City,
    Company,
    Decision,
    HistoryEntry,
    HuskurageContact,
    LogoPermission,
    NumberCheck,
    Partner,
    Portfolio,
    ProgressEntry,
    ReportingRoute,
    Settings,
    Sign,
    Sizing,
    Survey,
    Training,
)

EXAMPLES = settings(max_examples=int(os.environ.get("HUSKURAGE_ROUNDTRIP_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TODAY = dt.date(2026, 11, 20)

_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=24),
    st.sampled_from(['"', "'''", '"""', "\\", "\n", "\r\n", "\t", "\x1b[2J", "# inte en kommentar", "[rubrik]", "a = 1", "å ä ö", "🙂", "e\u0301"]),
)
_ID = st.sampled_from(["place_signs", "inform_tenants", "fit_resources", "caretaker", "2026-Q3", "a.b", "ö", " ", '"']) | st.text(min_size=1, max_size=6)
_INT = st.integers(-(2**63), 2**63 - 1)
_FLOAT = st.floats(allow_nan=False, allow_infinity=False)  # inf and nan are refused on load (model._Reader.number)
_NUMBER = _INT | _FLOAT
_DATE = st.none() | st.dates()

_PROGRESS = st.dictionaries(_ID, st.builds(ProgressEntry, _TEXT, _DATE, _TEXT), max_size=3)
_HISTORY = st.lists(st.builds(HistoryEntry, st.datetimes(), _TEXT, _TEXT, _TEXT), max_size=3)
_ROUTE = st.builds(ReportingRoute, _TEXT, _TEXT, _TEXT, _TEXT)
_SETTINGS = st.builds(
    Settings,
    company=st.builds(Company, _TEXT, _TEXT, _TEXT, _DATE),
    reporting=_ROUTE,
    number_checks=st.dictionaries(_ID, st.builds(NumberCheck, st.dates(), _TEXT), max_size=2),
    huskurage=st.builds(HuskurageContact, _TEXT, _DATE, _TEXT, _TEXT, st.booleans()),
    sizing=st.builds(Sizing, *[_NUMBER] * 7),
    advice=st.builds(Advice, _TEXT, st.lists(_TEXT, max_size=3), st.booleans(), _TEXT, st.booleans(), st.lists(_TEXT, max_size=2), _TEXT),
    action_plan=st.builds(ActionPlan, _TEXT, st.booleans(), st.dictionaries(_ID, _TEXT, max_size=2), st.dictionaries(_ID, _NUMBER, max_size=2)),
    cadences=st.dictionaries(_ID, _NUMBER, max_size=3),
    progress=_PROGRESS,
    history=_HISTORY,
    decision=st.builds(Decision, st.none() | _NUMBER),
)


def _city(code: str) -> st.SearchStrategy[City]:
    return st.builds(
        City,
        code=st.just(code),
        name=_TEXT,
        apartments=_NUMBER,
        entrances=_NUMBER,
        signs_up=_NUMBER,
        wave=_NUMBER,
        staff_hours_per_week=_NUMBER,
        duty_days_per_week=_NUMBER,
        training=st.dictionaries(_ID, st.builds(Training, _NUMBER, _NUMBER), max_size=2),
        partners=st.lists(st.builds(Partner, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _DATE, _TEXT), max_size=3),
        sign=st.builds(
            Sign,
            st.lists(_TEXT, max_size=2),
            st.lists(_TEXT, max_size=2),
            st.lists(_TEXT, min_size=1, max_size=2),
            st.dictionaries(_ID, st.builds(LogoPermission, _TEXT, _DATE, _TEXT), max_size=2),
            _TEXT,
            st.lists(_TEXT, max_size=2),
        ),
        reporting=st.none() | _ROUTE,
        progress=_PROGRESS,
        reports=st.dictionaries(_ID, _NUMBER, max_size=2),
        handled_in_time=st.dictionaries(_ID, _NUMBER, max_size=2),
        surveys=st.lists(st.builds(Survey, _DATE, _NUMBER, st.dictionaries(_ID, _NUMBER, max_size=3)), max_size=2),
        follow_ups=st.dictionaries(_ID, st.dates(), max_size=2),
        history=_HISTORY,
    )


@st.composite
def portfolios(draw: st.DrawFn) -> Portfolio:
    codes = draw(st.lists(st.from_regex(r"[0-9]{4}", fullmatch=True), max_size=4, unique=True))
    cities = {code: draw(_city(code)) for code in sorted(codes)}
    return Portfolio(settings=draw(_SETTINGS), cities=cities)


def _files(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot_files(root).items() if not k.endswith(".bak")}


@EXAMPLES
@given(portfolio=portfolios())
def test_a_saved_portfolio_loads_as_the_same_model_and_saving_it_again_writes_nothing(portfolio):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        store.init(root, copy.deepcopy(portfolio))
        written = snapshot_files(root)
        opened = store.open(root)
        assert opened.portfolio == portfolio
        opened.portfolio.settings = copy.deepcopy(opened.portfolio.settings)  # equal, but not the same objects
        for code in list(opened.portfolio.cities):
            opened.portfolio.cities[code] = copy.deepcopy(opened.portfolio.cities[code])
        assert opened.save() == []
        assert snapshot_files(root) == written


def _by_hand(text: str) -> str:
    """The same data as a person might lay it out: comments everywhere, a key of our own, inline tables."""
    import tomlkit

    doc = tomlkit.parse(text)
    doc.add(tomlkit.comment("skriven för hand"))
    doc["vår_egen_nyckel"] = "behåll mig"
    for key in list(doc.keys()):
        item = doc[key]
        if isinstance(item, tomlkit.items.Table) and not item.is_super_table() and len(item) and all(
            not isinstance(v, (dict, list)) for v in item.values()
        ):
            inline = tomlkit.inline_table()
            inline.update(item.unwrap())
            doc[key] = inline
        elif not isinstance(item, (tomlkit.items.Table, tomlkit.items.AoT)):
            item.comment("ändrad för hand")
    return "# Vår fil\n" + doc.as_string()


@EXAMPLES
@given(portfolio=portfolios(), data=st.data())
def test_hand_laid_out_files_stay_byte_identical_and_an_edit_touches_only_its_file(portfolio, data):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        store.init(root, copy.deepcopy(portfolio))
        for path in [root / model.COMPANY_FILE, *store.list_city_files(root)]:
            path.write_text(_by_hand(path.read_text(encoding="utf-8")), encoding="utf-8")
        hand = _files(root)
        opened = store.open(root)
        assert opened.portfolio == portfolio  # the layout changed nothing the model sees
        assert opened.save() == [] and _files(root) == hand
        if not portfolio.cities:
            return
        code = data.draw(st.sampled_from(sorted(portfolio.cities)))
        edited = data.draw(_city(code))
        opened.portfolio.cities[code] = copy.deepcopy(edited)
        opened.save()
        after = _files(root)
        changed = {k for k in hand if hand[k] != after.get(k)}
        assert changed <= {opened.sources[code]}, changed
        again = store.open(root)
        assert again.portfolio.cities[code] == edited
        assert again.portfolio == Portfolio(portfolio.settings, {**portfolio.cities, code: edited})
        text = (root / opened.sources[code]).read_text(encoding="utf-8")
        assert text.startswith("# Vår fil\n") and "vår_egen_nyckel" in text  # the person's lines survive


def _init_from(plan: Path, root: Path) -> tuple[int, str]:
    from wizard import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(["init", str(root), "--from", str(plan)])
    return code, out.getvalue()


@EXAMPLES
# Any bytes after a PNG's signature: a logo must be the picture its name says (documents/logos.py).
@given(portfolio=portfolios(), logo=st.binary(max_size=64).map(lambda tail: b"\x89PNG\r\n\x1a\n" + tail))
def test_an_exported_plan_recreates_the_same_portfolio_with_init_from(portfolio, logo):
    from wizard.documents import export

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        if portfolio.cities:
            first = next(iter(portfolio.cities.values()))
            first.sign.logos = [*first.sign.logos, "logos/kommun.png"]
        store.init(source, copy.deepcopy(portfolio))
        (source / "logos" / "kommun.png").write_bytes(logo)
        out = Path(tmp) / "out"
        assume(not any(list(privacy.scan(part)) for part in [portfolio.settings, *portfolio.cities.values()]))  # never exported
        export(store.open(source).portfolio, out, formats=("toml",), today=TODAY, logos_root=source, force=True, with_history=True)
        code, said = _init_from(out / "plan.toml", Path(tmp) / "again")
        assert code == 0, said
        again = Path(tmp) / "again"
        assert store.open(again).portfolio == portfolio
        if portfolio.cities:
            assert (again / "logos" / "kommun.png").read_bytes() == logo
