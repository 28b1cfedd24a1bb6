"""The command line: a thin layer over the core (DESIGN.md, "Command line contract").

Exit codes: 0 success (``check``: clean), 1 findings, 2 an unreadable
portfolio, a usage error or anything else that stopped the command. Every
error is one clear message on stderr, never a traceback
(``HUSKURAGE_DEBUG=1`` shows it). ``check``, ``status`` and ``mark`` import
neither Textual nor, unless they need dates, ``holidays``: heavy imports live
inside the commands that use them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, NoReturn, Sequence

from wizard import __version__, i18n, memory, terminal
from wizard.i18n import t

if TYPE_CHECKING:  # imported by the commands that need them, not at start-up
    from wizard.catalog import Catalog, Municipality
    from wizard.entrances import Place
    from wizard.register import RegisterError
    from wizard.documents.errors import ExportError
    from wizard.model import City, HistoryEntry, Portfolio, Settings
    from wizard.store import Store
    from wizard.store.errors import StoreError
    from wizard.validation import Finding

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_READER_GONE = 141  # 128 + SIGPIPE: what a shell reports for a tool whose reader closed the pipe
COMMANDS = ("init", "demo", "check", "status", "mark", "survey", "numbers", "import", "entrances", "export", "serve", "redact")


def say(text: str = "", *, err: bool = False) -> None:
    """Print one message: the only way the command line writes to the terminal.

    Text from the user's files and paths reaches a terminal shown, never
    obeyed (:func:`wizard.terminal.shown`): a name holding ``ESC ]52`` must
    not fill the clipboard, a file name with the byte ``0x9B`` must not start
    a CSI, and neither may stop a strict UTF-8 stdout with an error.
    """
    stream = sys.stderr if err else sys.stdout
    print(terminal.shown(text), file=stream, flush=True)


class CliError(Exception):
    """One clear message for the user and the exit code to go with it."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _user_facing() -> tuple[type[StoreError] | type[ExportError], ...]:
    kinds: list[type[StoreError] | type[ExportError]] = []
    for module, name in (("wizard.store", "StoreError"), ("wizard.documents", "ExportError")):
        mod = sys.modules.get(module)  # only if a command imported it: no import cost here
        if mod is not None:
            kinds.append(getattr(mod, name))
    return tuple(kinds)


class _Parser(argparse.ArgumentParser):
    """argparse, but errors become our message and help is our own text."""

    def error(self, message: str) -> NoReturn:
        raise CliError(t("cli.usage_error", detail=message, prog=self.prog))


def _parser() -> _Parser:
    p = _Parser(prog="huskurage", add_help=False)
    p.add_argument("-h", "--help", action="store_true")
    p.add_argument("--version", action="store_true")
    p.add_argument("--lang", choices=i18n.LANGUAGES)
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    s = sub.add_parser("init", add_help=False)
    s.add_argument("dir", type=Path)
    g = s.add_mutually_exclusive_group()
    g.add_argument("--demo", action="store_true")
    g.add_argument("--from", dest="from_file", type=Path)

    s = sub.add_parser("demo", add_help=False)
    s.add_argument("--export", type=Path)

    s = sub.add_parser("check", add_help=False)
    s.add_argument("dir", type=Path)

    s = sub.add_parser("status", add_help=False)
    s.add_argument("dir", type=Path)
    s.add_argument("--city")
    s.add_argument("--json", action="store_true")
    s.add_argument("--with-history", action="store_true")

    s = sub.add_parser("mark", add_help=False)
    s.add_argument("dir", type=Path)
    s.add_argument("city")
    s.add_argument("item")
    s.add_argument("status")
    s.add_argument("--on")
    s.add_argument("--note")
    s.add_argument("--entrance", action="append")
    s.add_argument("--entrances-from", type=Path)

    s = sub.add_parser("survey", add_help=False)
    s.add_argument("dir", type=Path)
    s.add_argument("city")
    s.add_argument("answers", nargs="*")
    s.add_argument("--on", required=True)
    s.add_argument("--respondents", required=True)

    s = sub.add_parser("numbers", add_help=False)
    s.add_argument("dir", type=Path)
    s.add_argument("--verified-on", dest="verified_on")
    s.add_argument("--number", action="append")
    s.add_argument("--note")

    s = sub.add_parser("import", add_help=False)
    s.add_argument("dir", type=Path)
    s.add_argument("file", type=Path)
    s.add_argument("--dry-run", action="store_true")

    s = sub.add_parser("entrances", add_help=False)
    s.add_argument("dir", type=Path)
    s.add_argument("--city", action="append")
    s.add_argument("--area")
    s.add_argument("--missing", choices=("sign", "letter", "inspection"))
    s.add_argument("--csv", action="store_true")

    s = sub.add_parser("export", add_help=False)
    s.add_argument("dir", type=Path)
    s.add_argument("--out", type=Path)
    s.add_argument("--format")  # default: every format (PDF when the system can make it)
    s.add_argument("--city", action="append")
    s.add_argument("--force", action="store_true")
    s.add_argument("--months", type=int, default=24)
    s.add_argument("--report")
    s.add_argument("--with-history", action="store_true")

    s = sub.add_parser("redact", add_help=False)
    s.add_argument("dir", type=Path)
    s.add_argument("text")

    s = sub.add_parser("serve", add_help=False)
    s.add_argument("dir", type=Path)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--token-file", type=Path)
    s.add_argument("--max-sessions", type=int, default=10)

    for name in COMMANDS:
        sub.choices[name].add_argument("-h", "--help", action="store_true")
        # SUPPRESS: without --lang after the command, the one before it (`huskurage --lang en export`) holds.
        sub.choices[name].add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    memory.skip_final_collection()
    for stream in (sys.stdout, sys.stderr):  # a terminal that is not UTF-8: \xe5, never UnicodeEncodeError
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    i18n.set_language(i18n.default_language())
    try:
        code = _run(args_list)
        sys.stdout.flush()  # here, where a reader gone is caught, not at exit
        return code
    except BrokenPipeError:
        return _reader_gone()
    except CliError as e:
        say(e.message, err=True)
        return e.code
    except KeyboardInterrupt:
        say(t("cli.interrupted"), err=True)
        return 130
    except Exception as e:  # the contract: one clear message, never a traceback
        if isinstance(e, _user_facing()):  # StoreError, ExportError: already worded for the user
            say(e.message, err=True)
            return EXIT_ERROR
        if os.environ.get("HUSKURAGE_DEBUG"):
            raise
        say(t("cli.internal_error", error=f"{type(e).__name__}: {e}"), err=True)
        return EXIT_ERROR


def _reader_gone() -> int:
    """The output went to a reader that stopped reading (``huskurage --help | head``): end quietly, as Unix tools do.

    What is still buffered goes nowhere (the interpreter's last flush would
    raise again), and the exit code is the one a tool killed by SIGPIPE has.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_READER_GONE


# Options that take a value: their value is not the first positional argument.
_VALUED = {
    "--lang", "--on", "--note", "--out", "--format", "--city", "--from", "--export", "--months", "--respondents", "--report",
    "--verified-on", "--number", "--host", "--port", "--token-file", "--max-sessions", "--entrance", "--entrances-from", "--area", "--missing",
}


def _first_positional(argv: list[str]) -> int | None:
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg == "--":
            return i + 1 if i + 1 < len(argv) else None
        elif arg.startswith("-"):
            skip = arg in _VALUED
        else:
            return i
    return None


def _run(argv: list[str]) -> int:
    # `huskurage DIR` opens the TUI on DIR; argparse cannot tell DIR from a command.
    tui_dir: Path | None = None
    first = _first_positional(argv)
    if first is not None and argv[first] not in COMMANDS:
        tui_dir = Path(argv[first])
        argv = argv[:first] + argv[first + 1 :]
    if "-h" in argv or "--help" in argv:
        # Help needs no other argument: `huskurage mark --help` must not ask for DIR first.
        if "--lang" in argv and argv.index("--lang") + 1 < len(argv) and argv[argv.index("--lang") + 1] in i18n.LANGUAGES:
            i18n.set_language(argv[argv.index("--lang") + 1])
        first = _first_positional(argv)
        command = argv[first] if first is not None and argv[first] in COMMANDS else None
        say(t(f"cli.help.{command}" if command else "cli.help.main"))
        return EXIT_OK
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command == "survey" and not any(e.startswith("-") for e in extra):
        args.answers += extra  # QUESTION=PERCENT after the options: argparse does not join them up itself
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.lang:
        i18n.set_language(args.lang)
    if args.version:
        say(f"huskurage {__version__}")
        return EXIT_OK
    if tui_dir is not None and args.command:
        raise CliError(t("cli.usage_error", detail=terminal.path(tui_dir), prog="huskurage"))
    command = args.command or "tui"
    return globals()[f"cmd_{command}"](args, tui_dir) if command == "tui" else globals()[f"cmd_{command}"](args)


# ------------------------------------------------------------------ helpers


def _catalog() -> Catalog:
    from wizard import catalog

    return catalog.load()


def _find_city(query: str, present: set[str] | None = None) -> Municipality:
    """A municipality by code or name (:func:`wizard.parse.municipality`, the contract); a miss suggests names."""
    from wizard import parse

    try:
        return parse.municipality(query, _catalog(), present or ())
    except parse.ParseError as e:
        raise CliError(e.message()) from None


def _city_in(query: str, codes: set[str]) -> Municipality:
    """A municipality of this portfolio, by code or name."""
    muni = _find_city(query, codes)
    if muni.code not in codes:
        raise CliError(t("cli.city_not_in_portfolio", name=muni.name, code=muni.code))
    return muni


def _parse_date(text: str) -> dt.date:
    from wizard import parse

    try:
        return parse.date(text)
    except parse.ParseError as e:
        raise CliError(t("cli.bad_date", value=text, reason=e.message())) from None


def _require_dir(path: Path) -> None:
    if not path.is_dir():
        raise CliError(t("cli.no_portfolio", path=terminal.path(path)))


def _print_findings(findings: list[Finding]) -> None:
    for f in findings:
        kind = t("cli.severity." + f.severity)
        say(terminal.shown_line(f"{f.location}: {kind}: {f.message()}"))  # one finding, one line


def _open(root: Path) -> Store:
    from wizard import store

    _require_dir(root)
    return store.open(root)


def _findings(st: Store, catalog: Catalog) -> list[Finding]:
    from wizard.validation import validate

    return validate(
        st.portfolio,
        catalog,
        sources=st.sources,
        duplicates=st.duplicates,
        today=dt.date.today(),
    )


# ------------------------------------------------------------------ commands


def cmd_tui(args: argparse.Namespace, path: Path | None) -> int:
    from wizard.tui.app import make_app

    make_app(path, lang=i18n.language()).run()
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from wizard import store
    from wizard.model import Portfolio

    logos: dict[str, bytes] = {}
    if args.demo:
        from wizard.demo import demo_logos, demo_portfolio

        portfolio = demo_portfolio()
        logos = demo_logos()
    elif args.from_file:
        portfolio, logos = _portfolio_from_plan(args.from_file)
    else:
        portfolio = Portfolio()
        portfolio.settings.cadences = {c.id: c.months for c in _catalog().cadences}
    store.init(args.dir, portfolio, logos)
    say(t("cli.init.done", path=terminal.path(args.dir)))
    return EXIT_OK


def _portfolio_from_plan(path: Path) -> tuple[Portfolio, dict[str, bytes]]:
    import tomllib

    from wizard.documents import plan_logos, plan_to_portfolio
    from wizard.model import SchemaError

    raw = _read_plan(path)
    try:
        data = tomllib.loads(raw.decode("utf-8").removeprefix("\ufeff"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError, ValueError) as e:
        raise CliError(t("cli.bad_plan", path=terminal.path(path), error=str(e))) from None
    try:
        return plan_to_portfolio(data), plan_logos(data)
    except SchemaError as e:
        raise CliError(t("cli.bad_plan_field", path=terminal.path(path), where=e.where)) from None


def _read_plan(path: Path) -> bytes:
    """The bytes of the plan file: a regular file only (never a FIFO that blocks, nor /dev/zero), at most
    :data:`~wizard.documents.plan_toml.PLAN_MAX_BYTES`, whatever its size says."""
    import stat as stat_mod

    from wizard.documents.plan_toml import PLAN_MAX_BYTES

    shown = terminal.path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        raise CliError(t("cli.cannot_read", path=shown, error=e.strerror or str(e))) from None
    try:
        st = os.fstat(fd)
        if not stat_mod.S_ISREG(st.st_mode):
            raise CliError(t("cli.plan_not_a_file", path=shown))
        chunks, size = [], 0
        while chunk := os.read(fd, min(1 << 20, PLAN_MAX_BYTES + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > PLAN_MAX_BYTES:
                raise CliError(t("cli.plan_too_big", path=shown, limit=PLAN_MAX_BYTES // (1024 * 1024)))
        return b"".join(chunks)
    except OSError as e:
        raise CliError(t("cli.cannot_read", path=shown, error=e.strerror or str(e))) from None
    finally:
        os.close(fd)


def cmd_demo(args: argparse.Namespace) -> int:
    if args.export:
        from wizard.demo import demo_logos, demo_portfolio
        from wizard.documents import export

        written = export(
            demo_portfolio(), args.export, lang=i18n.language(), today=dt.date.today(), logos=demo_logos(), notice=_notice
        )
        say(t("cli.export.done", n=len(written), path=terminal.path(args.export)))
        return EXIT_OK
    from wizard.tui.app import make_app

    make_app(None, demo=True, lang=i18n.language()).run()  # the app makes the temporary copy
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    with memory.collection_paused():
        st = _open(args.dir)
        catalog = _catalog()
        findings = _findings(st, catalog)
        memory.aged()  # all of it lives until check exits: no young collection walks 6,000 entrances for nothing
    if not findings:
        say(t("cli.check.clean", n=len(st.portfolio.cities)))
        return EXIT_OK
    _print_findings(findings)
    say(t("cli.check.summary", n=len(findings)))
    return EXIT_FINDINGS


def cmd_status(args: argparse.Namespace) -> int:
    from wizard.model import STATUSES
    from wizard.progress import city_progress, portfolio_progress

    st = _open(args.dir)
    catalog = _catalog()
    portfolio = st.portfolio
    if args.city:
        cities = [portfolio.cities[_city_in(args.city, set(portfolio.cities)).code]]
    else:
        cities = portfolio.sorted_cities()
    rows = [city_progress(c, catalog) for c in cities]
    total = portfolio_progress(portfolio, catalog)
    follow = _follow_ups(portfolio, catalog)
    items = catalog.items("city")
    stale = _stale(portfolio, catalog, cities)
    if args.json:
        out: dict[str, Any] = {
            "portfolio": {
                "company": portfolio.settings.company.name,
                "cities": len(portfolio.cities),
                "done": total.done,
                "total": total.total,
                "signs_up": total.signs_up,
                "entrances": total.entrances,
                "tenants_informed": total.informed,
                "items": [_item_json(portfolio.settings, i.id) for i in catalog.items("company")],
            },
            "cities": [
                {
                    "code": r.code,
                    "name": r.name,
                    "county": r.county,
                    "wave": r.wave,
                    "done": r.done,
                    "total": r.total,
                    "signs_up": r.signs_up,
                    "entrances": r.entrances,
                    "tenants_informed": r.tenants_informed.isoformat() if r.tenants_informed else None,
                    "partners_registered": r.partners_registered,
                    "partners_expected": r.partners_expected,
                    "next_follow_up": follow[r.code][0],
                    "overdue": follow[r.code][1],
                    "signs_out_of_date": r.code in stale,
                    "items": [_item_json(c, i.id) for i in items],
                    **_buildings_json(c),
                    **({"history": _history_json(c.history)} if args.with_history else {}),
                }
                for r, c in zip(rows, cities, strict=True)
            ],
        }
        if args.with_history:  # who changed what when: only when asked for (DESIGN.md, Privacy)
            out["portfolio"]["history"] = _history_json(portfolio.settings.history)
        import json  # (status --json alone: check and the rest do without)

        say(terminal.json_shown(json.dumps(out, ensure_ascii=False, indent=2)))
        return EXIT_OK
    say(t("cli.status.header", company=portfolio.settings.company.name or "—", n=len(portfolio.cities)))
    company_items = catalog.items("company")
    settings = portfolio.settings
    say(
        t(
            "cli.status.company",
            done=sum(1 for i in company_items if settings.status_of(i.id) == "done"),
            total=sum(1 for i in company_items if settings.status_of(i.id) != "skipped"),
        )
    )
    for r in rows:
        nxt, overdue = follow[r.code]
        row = t(
            "cli.status.row",
            code=r.code,
            name=r.name,
            done=r.done,
            total=r.total,
            signs=r.signs_up,
            entrances=r.entrances,
            informed=r.tenants_informed.isoformat() if r.tenants_informed else "—",
            partners=r.partners_registered,
            expected=r.partners_expected,
            next=nxt or "—",
        )
        say(row + (" " + t("cli.status.overdue", n=overdue) if overdue else ""))
        if r.code in stale:
            say("    " + t("findings.signs_out_of_date", city=r.name))
        if args.city:
            for i in items:
                e = cities[0].progress.get(i.id)
                status = e.status if e else "todo"
                date = e.date.isoformat() if e and e.date else ""
                note = f" — {e.note}" if e and e.note else ""
                word = t(f"cli.status.{status}") if status in STATUSES else status
                say(f"    [{word:>8}] {i.id:<20} {i.title(i18n.language())} {date}{note}")
    say(
        t(
            "cli.status.total",
            done=total.done,
            total=total.total,
            signs=total.signs_up,
            entrances=total.entrances,
            informed=total.informed,
            n=len(portfolio.cities),
        )
    )
    return EXIT_OK


def _stale(portfolio: Portfolio, catalog: Catalog, cities: Iterable[City]) -> set[str]:
    """Codes of the cities whose printed signs no longer say what the plan says."""
    printed = [c for c in cities if c.sign.printed]
    if not printed:
        return set()
    from wizard.documents.sign import stale_cities

    return {c.code for c in stale_cities(portfolio, catalog, dt.date.today(), printed)}


def _buildings_json(city: City) -> dict[str, Any]:
    """``areas`` (signs up per area) and ``buildings`` with their entrances; both empty for a city without buildings."""
    areas: dict[str, dict[str, Any]] = {}
    for b in city.buildings:
        area = areas.setdefault(b.area, {"name": b.area, "buildings": 0, "entrances": 0, "apartments": 0, "signs_up": 0})
        area["buildings"] += 1
        area["entrances"] += len(b.entrances)
        area["apartments"] += b.apartments
        area["signs_up"] += sum(e.sign_placed is not None for e in b.entrances)

    def day(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "areas": list(areas.values()),
        "buildings": [
            {
                "id": b.id, "area": b.area, "designation": b.designation, "address": b.address, "apartments": b.apartments,
                "entrances": [
                    {"label": e.label, "address": e.address, "apartments": e.apartments, "sign_placed": day(e.sign_placed),
                     "inspected": day(e.inspected), "printed": e.printed, "letter_delivered": day(e.letter_delivered)}
                    for e in b.entrances
                ],
            }
            for b in city.buildings
        ],
    }


def _item_json(city: City | Settings, item_id: str) -> dict[str, Any]:
    e = city.progress.get(item_id)
    return {
        "id": item_id,
        "status": e.status if e else "todo",
        "date": e.date.isoformat() if e and e.date else None,
        "note": e.note if e else "",
    }


def _history_json(history: list[HistoryEntry]) -> list[dict[str, Any]]:
    return [{"at": h.at.isoformat(), "field": h.field, "old": h.old, "new": h.new} for h in history]


def _follow_ups(portfolio: Portfolio, catalog: Catalog) -> dict[str, tuple[str | None, int]]:
    """Per city: the next follow-up date (ISO) and how many are overdue."""
    from wizard import schedule

    today = dt.date.today()
    return {
        code: (nxt.isoformat() if nxt else None, n)
        for code, (nxt, n) in schedule.follow_up_summary(portfolio, catalog.cadences, today).items()
    }


def cmd_mark(args: argparse.Namespace) -> int:
    from wizard import model, store
    from wizard.progress import PRINT_SIGNS, Refused, SignsFirst, checked_city, record_follow_up, set_status

    note = None if args.note is None else _note(args.note)
    catalog = _catalog()
    _require_dir(args.dir)
    muni = _find_city(args.city, _present(args.dir))
    items = {i.id: i for i in catalog.items("city")}
    # A city-level follow-up that is not itself a checklist item has its own "last done" record.
    follow_ups = [c.id for c in catalog.cadences_for("city") if c.id not in items]
    if args.item not in items and args.item not in follow_ups:
        import difflib

        close = difflib.get_close_matches(args.item, [*items, *follow_ups], n=3)
        hint = t("parse.did_you_mean", names=", ".join(close)) if close else ""
        raise CliError(t("cli.mark.unknown_item", item=args.item, items=", ".join(items), follow_ups=", ".join(follow_ups)) + hint)
    if args.status not in model.STATUSES:
        raise CliError(t("cli.mark.unknown_status", status=args.status, allowed=", ".join(model.STATUSES)))
    if args.item in follow_ups and (args.status != "done" or args.note is not None) and not _for_entrances(args):
        raise CliError(t("cli.mark.follow_up_done_only", item=args.item))
    today = dt.date.today()
    on = _parse_date(args.on) if args.on is not None else today  # `--on ''` is a date left out, refused
    st = store.open_city(args.dir, muni.code)
    city = st.portfolio.cities.get(muni.code)
    if city is None:
        raise CliError(t("cli.city_not_in_portfolio", name=muni.name, code=muni.code))
    if _for_entrances(args):
        return _mark_entrances(args, st, city, on)
    printed: Callable[[City], str] | None = None
    if args.item == PRINT_SIGNS and args.status == "done":
        printed = _sign_fingerprint(args.dir, catalog, on)
    day: dt.date | None = None if args.status == "todo" else on  # an item to do has no date: nothing was done

    def change(trial: City) -> bool:
        if args.item in follow_ups:
            return record_follow_up(trial, args.item, on, catalog, today)
        return set_status(trial, args.item, args.status, day, note, printed=printed)

    try:  # what `check` would call an error (and `export` refuse) is refused here, and nothing is written
        warnings = checked_city(city, change, catalog, today)
    except SignsFirst:
        raise CliError(t("cli.mark.signs_first", name=muni.name)) from None
    except Refused as e:
        raise CliError(t("cli.refused", name=muni.name, reason=e.message())) from None
    lang = i18n.language()
    cadence = catalog.cadence(args.item)
    item = items[args.item].title(lang) if args.item in items else cadence.title(lang) if cadence else args.item
    status = t(f"cli.status.{args.status}")
    if warnings is None:
        say(t("cli.mark.unchanged", name=muni.name, item=item, status=status))
        return EXIT_OK
    st.save_city(muni.code)
    if day is None:
        say(t("cli.mark.done_undated", name=muni.name, item=item, status=status))
    else:
        say(t("cli.mark.done", name=muni.name, item=item, status=status, date=on.isoformat()))
    for warning in warnings:
        say(t("cli.mark.warning", name=muni.name, reason=warning.message()), err=True)
    return EXIT_OK


def _for_entrances(args: argparse.Namespace) -> bool:
    return bool(args.entrance) or args.entrances_from is not None


def _mark_entrances(args: argparse.Namespace, st: Store, city: City, on: dt.date) -> int:
    """``mark DIR C place_signs done --entrance U-101/A ...``: the sign placed (or inspected, letter delivered) there."""
    from wizard import entrances

    field = entrances.ITEM_FIELDS.get(args.item)
    if field is None or args.status not in ("done", "todo") or args.note is not None:
        raise CliError(t("cli.mark.entrance_items", items=", ".join(entrances.ITEM_FIELDS)))
    if not city.buildings:
        raise CliError(t("cli.mark.no_buildings", name=city.name))
    names = list(args.entrance or [])
    if args.entrances_from is not None:
        names += _entrance_names(args.entrances_from, city)
    found = []
    for name in names:
        try:
            found.append(entrances.find(city, name))
        except entrances.UnknownEntrance as e:
            hint = t("parse.did_you_mean", names=", ".join(e.close)) if e.close else ""
            raise CliError(t("cli.mark.unknown_entrance", entrance=e.text, name=city.name) + hint) from None
    changed = entrances.record(found, field, on if args.status == "done" else None)
    if changed:
        st.save_city(city.code)
    say(t("cli.mark.entrances_done", n=changed, of=len(found), item=args.item, status=args.status, name=city.name,
          signs=city.signs_up, entrances=city.entrances))
    return EXIT_OK


def _entrance_names(path: Path, city: City) -> list[str]:
    """The entrances a list read back names (``entrances --csv``, ticked off and saved): its Fastighet and Port columns."""
    from wizard.entrances import key_of
    from wizard.model import Building, Entrance
    from wizard.register import RegisterError, columns, table

    try:
        read = table.read(path)
        mapping = columns.recognise(read.header, read.numbers[0], required=("building",))
    except RegisterError as e:
        raise CliError(_register_message(terminal.path(path), e)) from None
    b, port = mapping.columns["building"], mapping.columns.get("entrance")
    out = []
    for row in read.rows:
        building = row[b].strip() if b < len(row) else ""
        label = row[port].strip() if port is not None and port < len(row) else ""
        if building:
            out.append(key_of(Building(building), Entrance(label)))
    return out


def cmd_entrances(args: argparse.Namespace) -> int:
    """The entrances still to do, per municipality, area and building: the caretaker's route list, or CSV for Excel."""
    from wizard import entrances

    st = _open(args.dir)
    portfolio = st.portfolio
    if args.city:
        cities = [portfolio.cities[_city_in(c, set(portfolio.cities)).code] for c in args.city]
    else:
        cities = portfolio.sorted_cities()
    today = dt.date.today()
    months = portfolio.settings.cadences.get(entrances.INSPECTION_CADENCE)
    months = months if isinstance(months, int) else None
    found = [
        p for p in entrances.places(cities, area=args.area)
        if args.missing is None or entrances.is_missing(p, args.missing, today, months)
    ]
    header = [t(f"cli.entrances.column.{c}") for c in ENTRANCE_COLUMNS]
    lines = [_entrance_cells(p) for p in found]
    if args.csv:
        _write_csv([header, *lines])
        return EXIT_OK
    if not found:
        say(t("cli.entrances.none"))
        return EXIT_OK
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]
    for row in [header, *lines]:
        say(terminal.shown_line("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()))
    say(t("cli.entrances.count", n=len(found)))
    return EXIT_OK


ENTRANCE_COLUMNS = ("municipality", "area", "building", "address", "entrance", "entrance_address", "apartments",
                    "sign_placed", "inspected", "letter_delivered")


def _entrance_cells(place: Place) -> list[str]:
    b, e = place.building, place.entrance

    def day(d: dt.date | None) -> str:
        return d.isoformat() if d else ""

    return [place.city.name, b.area, b.id, b.address, e.label, e.address, str(e.apartments),
            day(e.sign_placed), day(e.inspected), day(e.letter_delivered)]


def _write_csv(rows: list[list[str]]) -> None:
    """CSV as Excel in Sweden opens it: UTF-8 with a BOM, ``;``, CRLF; a cell Excel would take for a formula is quoted
    as text (a leading ``'``), which the import reads back as it was."""
    import csv
    import io

    from wizard.register.table import as_text_cell

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([as_text_cell(terminal.shown(c)) for c in row])
    sys.stdout.write("\ufeff" + buf.getvalue())
    sys.stdout.flush()


def _note(text: str) -> str:
    """``--note`` as it may be saved: checked before anything is read or written (:func:`wizard.privacy.note`)."""
    from wizard import parse, privacy

    try:
        return privacy.note(text)
    except parse.ParseError as e:
        raise CliError(t("cli.mark.note_refused", reason=e.message())) from None


def _present(root: Path) -> set[str]:
    """The codes of the portfolio's municipalities, from the file names alone (no file is parsed)."""
    from wizard import model

    return {p.name[:4] for p in (root / model.CITIES_DIR).glob("[0-9][0-9][0-9][0-9]-*.toml")}


def cmd_survey(args: argparse.Namespace) -> int:
    """Record a customer survey (NKI) for one municipality: respondents and the share answering yes per question."""
    from wizard import parse, store
    from wizard.model import Survey
    from wizard.progress import Refused, record_survey

    catalog = _catalog()
    _require_dir(args.dir)
    muni = _find_city(args.city, _present(args.dir))
    on = _parse_date(args.on)
    try:
        respondents = parse.count(args.respondents)
    except parse.ParseError as e:
        raise CliError(t("cli.survey.bad_respondents", value=args.respondents, reason=e.message())) from None
    questions = ", ".join(q.id for q in catalog.questions)
    if not args.answers:
        raise CliError(t("cli.survey.no_answers", questions=questions))
    yes: dict[str, float] = {}
    for answer in args.answers:
        question, sep, value = answer.partition("=")
        try:
            share = parse.number(value.removesuffix("%")) if sep else None
        except parse.ParseError:
            share = None
        if share is None:
            raise CliError(t("cli.survey.bad_answer", value=answer, questions=questions))
        yes[question.strip()] = share
    st = store.open_city(args.dir, muni.code)
    city = st.portfolio.cities.get(muni.code)
    if city is None:
        raise CliError(t("cli.city_not_in_portfolio", name=muni.name, code=muni.code))
    try:
        changed = record_survey(city, Survey(date=on, respondents=respondents, yes=yes), catalog, dt.date.today())
    except Refused as e:
        raise CliError(t("cli.refused", name=muni.name, reason=e.message())) from None
    if changed:
        st.save_city(muni.code)
    print(t("cli.survey.done" if changed else "cli.survey.unchanged", name=muni.name, date=on.isoformat(), n=respondents))
    return EXIT_OK


MISSING_SHOWN = 20  # entrances not in the file, listed per municipality; the rest are counted


def cmd_import(args: argparse.Namespace) -> int:
    """Bring in the property register: buildings and entrances per municipality, from CSV or XLSX."""
    from wizard.register import RegisterError, columns, merging, table

    catalog = _catalog()
    st = _open(args.dir)
    shown = terminal.path(args.file)
    try:
        read = table.read(args.file)
        mapping = columns.recognise(read.header, read.numbers[0])
        say(t("register.report.read", file=shown, kind=read.kind, detail=read.detail, rows=len(read.rows)))
        say(t("register.report.mapping"))
        width = max(len(c) for c, _ in mapping.lines())
        for column, what in mapping.lines():
            say(f"  {column.ljust(width)}  → {what}")
        rows = merging.rows(read, mapping, st.portfolio, catalog)
    except RegisterError as e:
        raise CliError(_register_message(shown, e)) from None
    changes = merging.merge(st.portfolio, rows)
    for change in changes:
        city = st.portfolio.cities[change.code]
        say(t("register.report.city", code=change.code, name=change.name, buildings_added=change.buildings_added,
              entrances_added=change.entrances_added, entrances_changed=change.entrances_changed,
              buildings_changed=change.buildings_changed, buildings=len(city.buildings), entrances=city.entrances,
              apartments=city.apartments))
        if change.missing:
            say(t("register.report.missing", code=change.code, name=change.name, n=len(change.missing)))
            for building, label in change.missing[:MISSING_SHOWN]:
                say(t("register.report.missing_entrance", building=building, entrance=label or "—"))
            if len(change.missing) > MISSING_SHOWN:
                say(t("register.report.more", n=len(change.missing) - MISSING_SHOWN))
    if args.dry_run:
        say(t("register.report.dry_run"))
        return EXIT_OK
    written = st.save()
    if not written:
        say(t("register.report.unchanged"))
        return EXIT_OK
    names = [str(p.relative_to(st.root)) for p in written]
    shown_files = ", ".join(names[:MISSING_SHOWN]) + (t("register.report.more_files", n=len(names) - MISSING_SHOWN) if len(names) > MISSING_SHOWN else "")
    say(t("register.report.saved", files=shown_files))
    return EXIT_OK


def _register_message(file: str, e: RegisterError) -> str:
    if e.row is not None and e.column is not None:
        return t("register.at", file=file, row=e.row, column=e.column, message=e.message)
    if e.row is not None:
        return t("register.at_row", file=file, row=e.row, message=e.message)
    return t("register.at_file", file=file, message=e.message)


def _report_year(text: str | None) -> int | None:
    """``--report YYYY``: a year from 2000 up to this one (a report on a year to come has nothing to report)."""
    if text is None:
        return None
    this_year = dt.date.today().year
    if not re.fullmatch(r"[0-9]{4}", text.strip()) or not 2000 <= int(text) <= this_year:
        raise CliError(t("cli.export.bad_year", value=text, last=this_year))
    return int(text)


def _sign_fingerprint(root: Path, catalog: Catalog, day: dt.date) -> Callable[[City], str]:
    """What the city's sign says as printed on ``day`` (the whole portfolio is read: the sign needs the company's settings)."""
    from wizard import store
    from wizard.documents.sign import fingerprint_of

    portfolio = store.open(root).portfolio

    def printed(city: City) -> str:  # the municipality's own sign, or an area's (City.for_area)
        read = portfolio.cities.get(city.code) or city
        return fingerprint_of(portfolio, read.for_area(city.sign_area) if city.sign_area else read, catalog, day)

    return printed


def cmd_numbers(args: argparse.Namespace) -> int:
    """The national numbers and their checks; with --verified-on, record a real check of them."""
    from wizard import model

    catalog = _catalog()
    ids = [n.id for n in catalog.numbers]
    for wanted in args.number or []:
        if wanted not in ids:
            raise CliError(t("cli.numbers.unknown", value=wanted, ids=", ".join(ids)))
    if args.verified_on is None:
        settings = _open(args.dir).portfolio.settings
        today = dt.date.today()
        for n in catalog.numbers:
            if args.number and n.id not in args.number:
                continue
            say(t("cli.numbers.row", id=n.id, number=n.number, name=n.name(i18n.language())))
            check = settings.number_checks.get(n.id)
            if check is not None:
                note = f" – {check.note}" if check.note else ""
                say(t("cli.numbers.checked", date=check.verified_on.isoformat(), note=note))
            else:
                say(t("cli.numbers.never", source=n.source_date or t("cli.numbers.undated")))
            recent = check is not None and check.verified_on >= _year_before(today)
            if n.pilot and not recent:
                say(t("cli.numbers.not_printed"))
        return EXIT_OK
    from wizard import store

    day = _parse_date(args.verified_on)
    if day > dt.date.today():
        raise CliError(t("cli.numbers.future", date=day.isoformat()))
    note = _note(args.note) if args.note else ""  # the same guard as a checklist note
    _require_dir(args.dir)
    st = store.open(args.dir)
    settings = st.portfolio.settings
    chosen = args.number or ids
    now = dt.datetime.now().replace(microsecond=0)
    for nid in chosen:
        old = settings.number_checks.get(nid)
        settings.number_checks[nid] = model.NumberCheck(day, note)
        before = old.verified_on.isoformat() if old else ""
        settings.history.append(model.HistoryEntry(now, f"number_checks.{nid}.verified_on", before, day.isoformat()))
    st.save_settings()
    say(t("cli.numbers.recorded", date=day.isoformat(), n=len(chosen)))
    return EXIT_OK


def _year_before(day: dt.date) -> dt.date:
    from wizard.schedule import add_months

    return add_months(day, -12)


def _notice(message: str) -> None:
    """What the user must know about an export that still succeeds (a logo left out, no PDFs here)."""
    say(message, err=True)


def cmd_export(args: argparse.Namespace) -> int:
    from wizard.documents import FORMATS, export
    from wizard.validation import CASE_DATA

    formats = FORMATS if args.format is None else tuple(f.strip() for f in args.format.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise CliError(t("cli.export.unknown_format", formats=", ".join(unknown), allowed=",".join(FORMATS)))
    report_year = _report_year(args.report)
    st = _open(args.dir)
    catalog = _catalog()
    codes = None
    if args.city:
        codes = []
        for q in args.city:
            codes.append(_city_in(q, set(st.portfolio.cities)).code)
    findings = [f for f in _findings(st, catalog) if f.severity == "error"]
    case_data = [f for f in findings if f.code == CASE_DATA]
    if case_data:  # no --force for this one: case data never leaves the folder
        _print_findings(case_data)
        say(t("cli.export.case_data", n=len(case_data)), err=True)
        return EXIT_FINDINGS
    whole = [f for f in findings if not f.blocks]  # the others hold back only some signs and letters
    if whole and not args.force:
        _print_findings(whole)
        say(t("cli.export.refused", n=len(whole)), err=True)
        return EXIT_FINDINGS
    out = args.out or (st.root / "export")  # the portfolio's real folder: a link that leads to it is no link on the output path
    written = export(
        st.portfolio,
        out,
        formats=formats,
        lang=i18n.language(),
        cities=codes,
        today=dt.date.today(),
        horizon_months=args.months,
        force=args.force,
        findings=findings,
        logos_root=args.dir,
        report_year=report_year,
        notice=_notice,
        with_history=args.with_history,
    )
    say(t("cli.export.done", n=len(written), path=terminal.path(out)))
    _sign_languages_note(st.portfolio, codes, formats, catalog)
    return EXIT_OK


def _sign_languages_note(portfolio: Portfolio, codes: Iterable[str], formats: Iterable[str], catalog: Catalog) -> None:
    """Say that signs and letters are in each municipality's own sign languages when that is not --lang."""
    if not {"html", "md", "pdf"} & set(formats):
        return
    lang = i18n.language()
    cities = [c for c in portfolio.sorted_cities() if codes is None or c.code in codes]
    if all(list(dict.fromkeys(c.sign.languages)) == [lang] for c in cities):
        return
    names = {lg.id: lg.name(lang) for lg in catalog.languages}
    each = "; ".join(f"{c.name or c.code}: {', '.join(names.get(x, x) for x in dict.fromkeys(c.sign.languages))}" for c in cities)
    say(t("cli.export.sign_languages", each=each))


def cmd_redact(args: argparse.Namespace) -> int:
    from wizard import redact
    from wizard.tui import locations

    _require_dir(args.dir)
    try:
        result = redact.redact(args.dir, args.text, [locations.data_dir() / locations.DRAFTS])
    except redact.RedactError as e:
        raise CliError(e.message) from None
    for path in result.not_text:
        say(t("cli.redact.not_text", path=redact.shown(args.dir, path)), err=True)
    if not result.changes:
        say(t("cli.redact.none", path=terminal.path(args.dir)), err=True)
        return EXIT_FINDINGS
    say(t("cli.redact.done", n=result.places, files=len(result.changes)))
    for change in result.changes:
        say(f"  {redact.shown(args.dir, change.path)}: {change.places}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """The app in a browser (wizard/web): aiohttp and textual-serve are imported here and nowhere else."""
    from wizard.web import access

    if not 0 <= args.port <= 65535:
        raise CliError(t("cli.serve.bad_port", port=args.port))
    if args.max_sessions < 1:
        raise CliError(t("cli.serve.bad_max_sessions", n=args.max_sessions))
    root = args.dir.expanduser().resolve()
    _open(root)  # a portfolio that does not load is refused here, once, rather than in every browser
    if args.token_file is not None:
        try:
            token, fresh = access.from_file(args.token_file.expanduser())
        except access.TokenFileError as e:
            raise CliError(e.message) from None
    else:
        token, fresh = access.new_token(), True

    from wizard.web.server import HuskurageServer

    server = HuskurageServer(root, token=token, host=args.host, port=args.port, max_sessions=args.max_sessions)

    def announce(url: str) -> None:
        # The token is printed here, once, and never logged: the access log shows route patterns only.
        if fresh:
            say(t("cli.serve.started", folder=terminal.path(root), url=f"{url}?token={token}"))
        else:
            say(t("cli.serve.started_token_file", folder=terminal.path(root), url=url, path=terminal.path(args.token_file)))

    try:
        server.serve(announce=announce)
    except OSError as e:
        raise CliError(t("cli.serve.cannot_listen", host=args.host, port=args.port, error=e.strerror or str(e))) from None
    say(t("cli.serve.stopped"))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
