"""Hostile input: broken and malicious portfolios through every command and the wizard's open.

Each case of ``hostile/corpus.py`` (and portfolios hypothesis makes up) goes
through ``check``, ``status``, ``status --json``, ``export`` (plain and
``--force``) and ``mark``, and through the TUI's open. The promises:

* the exit code follows the contract (0 clean, 1 findings, 2 unreadable);
* there is a clear message, naming the broken file, never a traceback nor
  the catch-all "unexpected error";
* nothing in the portfolio changes (``mark`` may write only its own city,
  and only when it succeeds);
* no control character from a file reaches the terminal;
* no export reads anything outside the portfolio into a document, nor
  writes anything outside the export folder;
* the wizard shows the load-error screen for an unreadable portfolio, and
  opens (and leaves without writing) one that merely has findings.
"""

from __future__ import annotations

import base64
import datetime as dt
import dataclasses
import inspect
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from support import ROOT, run_cli, snapshot_files
from guarantees.hostile.corpus import CASES, CLEAN, FINDINGS, GBG, UNREADABLE, Case, make_demo

SECRET = Path("/etc/passwd").read_bytes() if Path("/etc/passwd").is_file() else b"root:x:0:0:root:/root:/bin/sh\n"
# What a terminal obeys or a reader misreads: C0 but tab and newline, DEL, C1, bidi controls, lone surrogates
# (the undecodable bytes of a file name). Written here on its own, not taken from wizard.terminal.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
UNEXPECTED = ("Traceback", "oväntat fel", "unexpected error")
# "must be a number, but is a number": a message that names the same kind twice says nothing (class 11).
SAME_KIND_TWICE = re.compile(r"ska vara (?:en |ett )?+(\w+)[^.]*?, men är (?:en |ett )?+\1\b")

CASE_PARAMS = [pytest.param(case, id=case.name) for case in CASES]


# ------------------------------------------------------------------ running the commands

def fingerprint(root):
    """Every name below root: its kind, and a file's bytes as a hash (a symlink swapped for a file is a change)."""
    import hashlib
    import os

    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                out[rel] = "link:" + os.readlink(path)
            elif os.path.isdir(path):
                out[rel] = "dir"
            elif os.path.isfile(path):
                with open(path, "rb") as f:
                    out[rel] = hashlib.sha256(f.read()).hexdigest()
            else:
                out[rel] = "other"
    return out


DRIVER = textwrap.dedent(
    """
    import contextlib, io, json, sys, traceback
    sys.path.insert(0, {root!r})
    from wizard import cli
    {fingerprint}
    jobs = json.load(sys.stdin)
    for job in jobs:
        job["results"] = {{}}
        for name, argv in job["commands"].items():
            out, err = io.StringIO(), io.StringIO()
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    code = cli.main(argv)
            except BaseException:
                code = None
                err.write(traceback.format_exc())
            after = fingerprint(job["root"])
            job["results"][name] = {{"code": code, "out": out.getvalue(), "err": err.getvalue(), "after": after}}
    sys.__stdout__.write(json.dumps(jobs))
    """
).format(root=str(ROOT), fingerprint=textwrap.indent(inspect.getsource(fingerprint), "    ").strip())


# Every format but PDF: a PDF is the same HTML laid out by WeasyPrint, whose fetcher loads data: URIs only
# (documents/pdf.py, tests/unit/test_pdf.py), so the files a hostile portfolio could smuggle in are read,
# and refused, by the same code either way. With PDF each export of each case takes tens of seconds.
FORMATS = ["--format", "md,toml,ics,html"]


def _commands(root: Path, out: Path, case: Case) -> dict[str, list[str]]:
    return {
        "check": ["check", str(root)],
        "status": ["status", str(root)],
        "status --json": ["status", str(root), "--json"],
        "status --city": ["status", str(root), "--city", case.mark_city],
        "export": ["export", str(root), "--out", str(out / "plain"), *FORMATS],
        "export --force": ["export", str(root), "--out", str(out / "forced"), "--force", *FORMATS],
        "export --report": ["export", str(root), "--out", str(out / "report"), "--force", "--report", "2026", *FORMATS],
        "mark": ["mark", str(root), case.mark_city, "partner_meeting", "doing", "--on", "2026-01-15"],  # last: it writes
    }


def _run_all(jobs: list[dict]) -> list[dict]:
    """Every command of every job in one fresh interpreter, each through ``cli.main`` as ``python -m wizard`` runs it.

    One interpreter for the whole corpus, not one per command: the corpus stays a few seconds, and the
    commands still run outside pytest's process (a hard crash could not take the test run with it).
    """
    env = {**os.environ, "HUSKURAGE_LANG": "sv", "PYTHONPATH": str(ROOT)}
    env.pop("HUSKURAGE_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", DRIVER], input=json.dumps(jobs), capture_output=True, text=True, env=env, timeout=900
    )
    assert done.returncode == 0 and not done.stderr, done.stderr[-3000:]
    return json.loads(done.stdout)


@dataclasses.dataclass
class Ran:
    base: Path  # the case's own folder: the portfolio and the export folder
    root: Path
    out: Path
    before: dict[str, str]
    outside: set[str]
    results: dict[str, dict]


@pytest.fixture(scope="module")
def corpus_runs(tmp_path_factory) -> dict[str, Ran]:
    """Every case built, then every command run on it: once for the module."""
    runs, jobs = {}, []
    for i, case in enumerate(CASES):
        base = tmp_path_factory.mktemp(f"case{i}")
        root = make_demo(base / "p")
        case.build(root)
        out = base / "out"
        runs[case.name] = Ran(base, root, out, fingerprint(root), set(os.listdir(base)), {})
        jobs.append({"name": case.name, "root": str(root), "commands": _commands(root, out, case)})
    for job in _run_all(jobs):
        runs[job["name"]].results = job["results"]
    return runs


def _secret_in(folder: Path) -> list[str]:
    markers = [SECRET[:24], base64.b64encode(SECRET)[:24], base64.b64encode(SECRET[:48])[:24]]
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(m and m in data for m in markers):
                found.append(str(path))
    return found


def _read_alike(data: bytes) -> None:
    """A calendar as icalendar and vobject read it (two readers sharing no code): the same name, the same events."""
    import vobject
    from icalendar import Calendar

    ical = Calendar.from_ical(data)
    vcal = vobject.readOne(data.decode("utf-8"))
    # icalendar keeps a property it has no type for as written: RFC 5545 TEXT escapes undone here
    name = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(ical["X-WR-CALNAME"]))
    assert vcal.contents["x-wr-calname"][0].value == name
    assert not CONTROL.search(name), name
    by_ical = {str(e["UID"]): str(e["SUMMARY"]) for e in ical.walk("VEVENT")}
    assert by_ical == {e.uid.value: e.summary.value for e in getattr(vcal, "vevent_list", [])}
    assert not any(CONTROL.search(summary) for summary in by_ical.values()), by_ical


def _assert_clear(name: str, result: dict, expected: int) -> None:
    text = result["out"] + result["err"]
    assert result["code"] == expected, f"{name}: exit {result['code']}, expected {expected}:\n{text[-2000:]}"
    for word in UNEXPECTED:
        assert word not in text, f"{name}: {text[-2000:]}"
    assert not CONTROL.search(text), f"{name}: a control character reached the terminal: {text[-500:]!r}"
    assert not SAME_KIND_TWICE.search(text), f"{name}: {text[-500:]}"
    if expected == UNREADABLE:
        assert result["err"].strip(), f"{name}: no message"


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_every_command_on_a_hostile_portfolio(corpus_runs, case):
    ran = corpus_runs[case.name]
    root, out, before, results = ran.root, ran.out, ran.before, ran.results

    _assert_clear("check", results["check"], case.check)
    _assert_clear("status", results["status"], case.status_code)
    _assert_clear("status --json", results["status --json"], case.status_code)
    if case.status_code == CLEAN:
        json.loads(results["status --json"]["out"])
    assert results["status --city"]["code"] in (CLEAN, UNREADABLE), results["status --city"]
    _assert_clear("status --city", results["status --city"], results["status --city"]["code"])
    _assert_clear("export", results["export"], case.export_code)
    _assert_clear("export --force", results["export --force"], UNREADABLE if case.check == UNREADABLE else CLEAN)
    _assert_clear("export --report", results["export --report"], UNREADABLE if case.check == UNREADABLE else CLEAN)
    if case.check == UNREADABLE:
        for name in ("check", "status", "export"):
            assert case.names in results[name]["err"], f"{name} does not name {case.names}: {results[name]['err']}"
        assert not out.exists(), "an unreadable portfolio was exported"
    if case.export_code != CLEAN:
        assert not (out / "plain").exists(), "export went ahead despite errors"
    for name, result in results.items():
        if name != "mark":
            assert result["after"] == before, f"`{name}` changed the portfolio"
    assert set(os.listdir(ran.base)) <= ran.outside | {"out"}, "something was written outside the export folder"
    if out.exists():
        assert not _secret_in(out), "a file from outside the portfolio was read into an export"
        for path in out.rglob("*"):
            assert path.resolve().is_relative_to(out.resolve()), path
        for calendar in out.rglob("*.ics"):
            _read_alike(calendar.read_bytes())

    _assert_clear("mark", results["mark"], case.mark)
    after = results["mark"]["after"]
    if case.mark == UNREADABLE:
        assert after == before, "a refused mark changed the portfolio"
    else:
        target = next(k for k in after if k.startswith(f"cities/{case.mark_city}-") and k.endswith(".toml"))
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        stem = target.removeprefix("cities/").removesuffix(".toml")
        archive = {k for k in changed if k == "history" or (k.startswith(f"history/{stem}-") and k not in before)}
        assert changed - archive <= {target, target + ".bak"}, changed  # and its history rows moved to a new archive
        status = tomllib.loads((root / target).read_text(encoding="utf-8"))["progress"]["partner_meeting"]["status"]
        assert status == "doing"


@pytest.mark.parametrize(
    "name",
    ["invalid toml in a city", "a schema from the future", "two files for one municipality", "a logo climbing out with .."],
)
def test_the_real_binary_gives_the_same_answers(tmp_path, name):
    """The exit codes above, through ``python -m wizard`` itself (its own process per command)."""
    case = next(c for c in CASES if c.name == name)
    root = make_demo(tmp_path / "p")
    case.build(root)
    before = snapshot_files(root)
    for command, expected in (("check", case.check), ("status", case.status_code)):
        done = run_cli(command, root, env={"HUSKURAGE_LANG": "sv"})
        assert done.returncode == expected, done.stderr
        assert "Traceback" not in done.stdout + done.stderr
    done = run_cli("export", root, "--out", tmp_path / "out", *FORMATS, env={"HUSKURAGE_LANG": "sv"})
    assert done.returncode == case.export_code, done.stderr
    done = run_cli("mark", root, case.mark_city, "partner_meeting", "doing", env={"HUSKURAGE_LANG": "sv"})
    assert done.returncode == case.mark, done.stderr
    if case.mark != CLEAN:
        assert snapshot_files(root) == before


def test_a_logo_path_never_brings_a_file_from_outside_into_a_sign(tmp_path):
    """Forced past the findings, every trick still yields a sign without the file."""
    from wizard import store
    from wizard.documents import export

    root = make_demo(tmp_path / "p")
    os.symlink("/etc/passwd", root / "logos" / "polisen.png")
    os.symlink("/etc", root / "logos" / "etc")
    (root / "logos" / "riktig.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    tricks = [
        "/etc/passwd",
        "logos/../../../../../../etc/passwd",
        "logos\\..\\..\\..\\etc\\passwd",
        "logos/polisen.png",
        "logos/etc/passwd.png",
        "file:///etc/passwd",
        "logos/%2e%2e/%2e%2e/etc/passwd",
    ]
    s = store.open(root)
    s.portfolio.cities["1480"].sign.logos = [*tricks, "logos/riktig.png"]
    out = tmp_path / "out"
    skipped: list[str] = []
    export(s.portfolio, out, formats=("html", "toml"), logos_root=root, force=True, progress=skipped.append)
    assert not _secret_in(out)
    sign = (out / "signs" / "1480-goteborg.html").read_text(encoding="utf-8")
    assert base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()[:8] in sign  # the real logo is there
    for trick in tricks:  # and each trick was reported, not silently dropped
        assert any(trick in message for message in skipped), (trick, skipped)


# ------------------------------------------------------------------ the wizard's open


@pytest.mark.slow
@pytest.mark.parametrize("case", CASE_PARAMS)
def test_the_wizard_opens_a_hostile_portfolio_without_crashing_or_writing(tmp_path, case):
    from support.tui import app_for, screen_text, sync, wait_for

    root = make_demo(tmp_path / "p")
    case.build(root)
    before = fingerprint(root)

    @sync
    async def drive():
        app = app_for(root, tmp_path / "data")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.screen.name == "load-error" or getattr(app.screen, "session", None), timeout=30, what="the portfolio opened or its load error shown")
            if case.check == UNREADABLE:
                assert app.screen.name == "load-error"
                assert case.names in screen_text(app).replace("\n", " ")
            else:
                assert app.screen.name != "load-error", screen_text(app)
                screen = app.screen
                if hasattr(screen, "action_goto"):  # every step of the wizard shows these values
                    for number in range(1, 11):
                        screen.action_goto(number)
                        await wait_for(pilot, lambda n=number: not app.is_running or app.screen.step == n, timeout=30, what="the step shown or the app closed")
                        if not app.is_running:
                            break  # it crashed: leaving run_test raises the error
            await pilot.press("ctrl+q")
            await pilot.pause()

    drive()
    assert fingerprint(root) == before, "opening and quitting changed the portfolio"


# ------------------------------------------------------------------ made up by hypothesis

_KEYS = [
    "schema", "code", "name", "apartments", "entrances", "signs_up", "wave", "staff_hours_per_week",
    "duty_days_per_week", "training", "partners", "sign", "progress", "reports", "history",
]
_SCALAR = st.one_of(
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),  # inf and nan: refused on load, see the corpus
    st.text(max_size=12),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_KEYS) | st.text(min_size=1, max_size=6), inner, max_size=3),
    max_leaves=12,
)
_DOCUMENT = st.fixed_dictionaries(
    {"schema": st.one_of(st.just(1), _VALUE), "code": st.one_of(st.just("1480"), _VALUE)},
    optional={k: _VALUE for k in _KEYS[2:]},
)
_TOKENS = [b"\x00", b"\xff", b"[", b"]]", b'"', b"'''", b"=", b"\n[progress]\n", b"\\u", b"1e400", b"\r", b"\x1b[2J", b"#", b"{", b"\xf0\x9f"]


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    """The demo's Göteborg file with a few bytes flipped, cut, or hostile tokens dropped in."""
    raw = bytearray(draw(st.just(_demo_city())))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw)))
        action = draw(st.sampled_from(["insert", "delete", "flip", "truncate"]))
        if action == "insert":
            raw[at:at] = draw(st.sampled_from(_TOKENS) | st.binary(min_size=1, max_size=4))
        elif action == "delete":
            del raw[at : at + draw(st.integers(1, 20))]
        elif action == "flip" and at < len(raw):
            raw[at] = draw(st.integers(0, 255))
        elif action == "truncate":
            del raw[at:]
    return bytes(raw)


_DEMO_CITY: list[bytes] = []


def _demo_city() -> bytes:
    if not _DEMO_CITY:
        with tempfile.TemporaryDirectory() as tmp:
            _DEMO_CITY.append((make_demo(Path(tmp) / "p") / GBG).read_bytes())
    return _DEMO_CITY[0]


def _in_process(*argv: str) -> tuple[int, str]:
    import contextlib
    import io

    from wizard import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(list(argv))
    return code, out.getvalue()


def _through_the_commands(raw: bytes, name: str = "1480-goteborg.toml") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_demo(Path(tmp) / "p")
        (root / GBG).unlink()
        (root / "cities" / name).write_bytes(raw)
        before = snapshot_files(root)
        code, text = _in_process("check", str(root))
        assert code in (CLEAN, FINDINGS, UNREADABLE), text
        for argv, allowed in (
            (["status", str(root)], {CLEAN, UNREADABLE}),
            (["status", str(root), "--json"], {CLEAN, UNREADABLE}),
            (["export", str(root), "--out", str(Path(tmp) / "out"), "--force", "--format", "md,html"], {CLEAN, UNREADABLE}),
        ):
            got, out = _in_process(*argv)
            assert got in allowed, (argv[0], got, code, out)
            if argv[0] == "status" or code == UNREADABLE:  # export may still stop, with its own clear message
                assert (got == UNREADABLE) == (code == UNREADABLE), (argv[0], got, code, out)
            text += out
        for word in UNEXPECTED:
            assert word not in text, text
        assert not CONTROL.search(text), text
        assert snapshot_files(root) == before


_HYPOTHESIS = settings(max_examples=int(os.environ.get("HUSKURAGE_HOSTILE_EXAMPLES", "60")), deadline=None,
                       suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.slow
@_HYPOTHESIS
@given(document=_DOCUMENT)
def test_made_up_city_files_of_any_shape_get_a_clear_answer(document):
    import tomli_w

    try:
        raw = tomli_w.dumps(document).encode("utf-8")
    except (TypeError, ValueError):  # tomli_w cannot write every value (e.g. a time zone on a time)
        assume(False)
    _through_the_commands(raw)


_TEXT = st.text(max_size=30) | st.sampled_from(["\x1b[2J", "\x9b31m", "[bold]", "\u202e", "å" * 500, "", " ", "\r\n"])
# Wrong but finite: up to a trillion either way (beyond that, and inf/nan, the corpus has cases of its own).
_COUNT = st.integers(-(10**12), 10**12) | st.floats(-1e12, 1e12, allow_nan=False) | st.sampled_from([2**63 - 1, -(2**63)])


@st.composite
def _typed_city(draw: st.DrawFn) -> tuple[str, bytes]:
    """A city file of the right shape with values at the edges: loads, so every command must cope."""
    import tomli_w

    from wizard import model

    city = model.City(
        code=draw(st.sampled_from(["1480", "9999", "0000"])),
        name=draw(_TEXT),
        apartments=draw(_COUNT),
        entrances=draw(_COUNT),
        signs_up=draw(_COUNT),
        wave=draw(_COUNT),
        staff_hours_per_week=draw(_COUNT),
        duty_days_per_week=draw(_COUNT),
        training={draw(_TEXT): model.Training(draw(_COUNT), draw(_COUNT)) for _ in range(draw(st.integers(0, 2)))},
        partners=[
            model.Partner(draw(st.sampled_from(["police", "other", "x"]) | _TEXT), draw(_TEXT), draw(_TEXT), draw(_TEXT),
                          draw(_TEXT), draw(_TEXT), draw(st.none() | st.dates()))
            for _ in range(draw(st.integers(0, 3)))
        ],
        sign=model.Sign(draw(st.lists(_TEXT, max_size=2)), draw(st.lists(_TEXT, max_size=2)), draw(st.lists(st.sampled_from(["sv", "en"]) | _TEXT, min_size=1, max_size=2))),
        progress={
            draw(st.sampled_from(["place_signs", "inform_tenants", "fit_resources"]) | _TEXT): model.ProgressEntry(
                draw(st.sampled_from(["todo", "doing", "done", "skipped"]) | _TEXT), draw(st.none() | st.dates()), draw(_TEXT)
            )
            for _ in range(draw(st.integers(0, 3)))
        },
        reports={draw(st.sampled_from(["2026-Q1", "2026-Q5"]) | _TEXT): draw(_COUNT) for _ in range(draw(st.integers(0, 2)))},
        history=[model.HistoryEntry(draw(st.datetimes()), draw(_TEXT), draw(_TEXT), draw(_TEXT)) for _ in range(draw(st.integers(0, 2)))],
    )
    data = model.city_to_dict(city)
    name = model.city_filename(city.code, "x")
    return name, tomli_w.dumps(data).encode("utf-8")


@pytest.mark.slow
@_HYPOTHESIS
@given(named=_typed_city())
def test_well_formed_city_files_with_values_at_the_edges_get_a_clear_answer(named):
    _through_the_commands(named[1], named[0])


@pytest.mark.slow
@_HYPOTHESIS
@given(raw=_mutated())
def test_damaged_city_files_get_a_clear_answer(raw):
    _through_the_commands(raw)


# ------------------------------------------------------------------ every date the format allows (issue 17, class 5)

_ANY_DAY = st.dates(dt.date.min, dt.date.max)
_ANY_OFFSET = st.none() | st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
_ANY_MOMENT = st.builds(
    lambda day, seconds, zone: dt.datetime.combine(day, dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60), zone),
    _ANY_DAY, st.integers(0, 86399), _ANY_OFFSET,
) | st.sampled_from([dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(-dt.timedelta(hours=14))),
                     dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=14)))])


@st.composite
def _dated(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """The demo's Göteborg and company files with dates anywhere in TOML's range, in every place a date goes."""
    import tomli_w

    from wizard import model
    from wizard.demo import demo_portfolio

    p = demo_portfolio()
    city = p.cities["1480"]
    for entry in list(city.progress.values()) + list(p.settings.progress.values()):
        if draw(st.booleans()):
            entry.date = draw(_ANY_DAY)
            entry.status = draw(st.sampled_from(["done", "doing"]))
    for partner in city.partners:
        if draw(st.booleans()):
            partner.last_contact = draw(_ANY_DAY)
    if draw(st.booleans()):
        p.settings.company.decision_date = draw(_ANY_DAY)
    for entry in city.history + p.settings.history:
        entry.at = draw(_ANY_MOMENT)
    return tomli_w.dumps(model.city_to_dict(city)).encode(), tomli_w.dumps(model.settings_to_dict(p.settings)).encode()


@pytest.mark.slow
@_HYPOTHESIS
@given(files=_dated(), on=st.sampled_from(["0001-01-01", "9999-12-31", "2026-01-15"]))
def test_every_date_the_format_allows_gets_an_answer_never_an_unexpected_error(files, on):
    city, company = files
    with tempfile.TemporaryDirectory() as tmp:
        root = make_demo(Path(tmp) / "p")
        (root / GBG).write_bytes(city)
        (root / "huskurage.toml").write_bytes(company)
        text = ""
        for argv, allowed in (
            (["check", str(root)], {CLEAN, FINDINGS}),
            (["status", str(root)], {CLEAN}),
            (["status", str(root), "--json"], {CLEAN}),
            (["status", str(root), "--city", "1480"], {CLEAN}),
            (["export", str(root), "--out", str(Path(tmp) / "out"), "--force", *FORMATS], {CLEAN}),
            # A day check calls an error (before 2000, or to come) is refused by mark with its reason, nothing
            # written (issue 16, item 3), unless the item had that very error already; a plausible day is saved.
            (["mark", str(root), "1480", "partner_meeting", "done", "--on", on], {CLEAN} if on == "2026-01-15" else {CLEAN, UNREADABLE}),
            (["mark", str(root), "1480", "place_signs", "doing"], {CLEAN, FINDINGS, UNREADABLE}),
        ):
            got, out = _in_process(*argv)
            assert got in allowed, (argv, got, out)
            text += out
        for word in UNEXPECTED:
            assert word not in text, text


def test_mark_on_an_empty_date_is_refused(tmp_path):
    root = make_demo(tmp_path / "p")
    before = snapshot_files(root)
    for on in ("", " ", "\t"):
        code, out = _in_process("mark", str(root), "1480", "partner_meeting", "done", "--on", on)
        assert code == UNREADABLE and "--on" in out or "datum" in out.lower(), out
    assert snapshot_files(root) == before
