"""What reaches the terminal (issue 17, classes 0 and 8): nothing from a file that a terminal would obey.

A name holding ``ESC ]52`` fills the user's clipboard, ``ESC ]2`` retitles
the window, the raw byte ``0x9B`` of a file name is an 8-bit CSI, ``U+202E``
turns the text around. The command line shows them written out
(``\\x1b]52``), the TUI too in its title, sub-title and notifications, and
takes them out of every other line it draws. Read here as the bytes the real
program writes: to a pseudo-terminal, and to a strict UTF-8 stdout.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guarantees.hostile.corpus import COMPANY, OSC, make_demo
from support import ROOT

# Written here on its own, not taken from wizard.terminal: an OSC (but Textual's own pointer shape and links),
# the C1 controls as UTF-8 (0xC2 0x80-0x9F: 0x9B is the 8-bit CSI), the bidi overrides and isolates.
OBEYED = re.compile(rb"\x1b\](?!22;[a-z-]+\x07|8;)|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
CONTROL_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
EVIL = "\\u001b]52;c;Y3VybA==\\u0007\\u001b]2;pwned\\u0007\\u009b31m\\u202e"
# Rich markup: were a name read as markup, a link to it would leave as Textual's own OSC 8 (which OBEYED lets pass)
LINK = "[link=https://evil.example/]x[/link][@click=app.quit]y[/]"


def _evil_portfolio(root: Path) -> Path:
    """The demo with escapes in the company's name and, in every city, a note and a partner's organisation."""
    make_demo(root)
    company = root / COMPANY
    company.write_text(company.read_text(encoding="utf-8").replace('name = "Demobostäder AB"', f'name = "{OSC}{LINK}Demobostäder AB"'), encoding="utf-8")
    for city in (root / "cities").glob("*.toml"):
        text = city.read_text(encoding="utf-8")
        text = re.sub(r'(?m)^(name = "[^"]*)"', lambda m: f'{m.group(1)}{LINK}"', text, count=1)
        text = re.sub(r'(?m)^organisation = "', lambda _: f'organisation = "{EVIL}PARTNERMARK ', text)
        text = re.sub(r'(?m)^note = "', lambda _: f'note = "{EVIL}NOTEMARK ', text)
        city.write_text(text, encoding="utf-8")
    with open(os.path.join(os.fsencode(root / "cities"), b"1480-\x9b\x1b]2;x.toml"), "wb") as f:
        f.write((root / "cities" / "1480-goteborg.toml").read_bytes())  # a second file for Göteborg: a finding naming it
    return root


def _escapes_in(output: bytes) -> list[bytes]:
    """What the program wrote that a terminal would obey and did not come from Textual; a byte that is not UTF-8."""
    try:
        output.decode("utf-8")
    except UnicodeDecodeError as e:
        return [output[e.start : e.start + 8]]
    return OBEYED.findall(output)


@pytest.mark.slow
def test_the_tui_writes_no_escape_from_a_file_to_the_terminal(tmp_path):
    """The dashboard, a municipality's page, the wizard's company step: the bytes written hold no escape from a file."""
    from support.pty import Terminal

    root = _evil_portfolio(tmp_path / "p")
    env = {"TERM": "xterm-256color", "HUSKURAGE_DATA_DIR": str(tmp_path / "data"), "HUSKURAGE_LANG": "sv",
           "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    term = Terminal([str(root)], env)
    try:
        term.wait_for("Göteborg".encode(), what="the dashboard")
        assert b"\\x1b]52;c;Y3VybCBldmls" in term.output, "the sub-title shows the escape written out"
        term.press("\r")
        term.wait_for(b"NOTEMARK", what="a municipality's page with its notes")
        term.press("\x1b")
        term.press("\x1bOQ")  # F2: the wizard
        term.wait_for("Företaget".encode(), what="the wizard")
        term.press("\x11")  # Ctrl+Q
    finally:
        term.close()
    assert not _escapes_in(term.output), _escapes_in(term.output)[:5]
    assert not re.search(rb"\x1b\]8;[^\x07\x1b]*evil\.example", term.output), "a name's markup became a link"


def test_a_strict_utf8_stdout_shows_what_a_file_name_holds(tmp_path):
    """A file name with the raw byte 0x9B and an escape: every command names it written out, never raw, never a crash."""
    root = _evil_portfolio(tmp_path / "p")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HUSKURAGE_LANG": "sv", "PYTHONIOENCODING": "utf-8:strict"}
    env.pop("HUSKURAGE_DEBUG", None)
    out = tmp_path / "out\n\x1b]2;x"
    for argv in (["check", root], ["status", root], ["status", root, "--json"], ["export", root, "--out", out, "--force"],
                 ["export", root, "--out", out], ["mark", root, "0180", "partner_meeting", "doing"], ["check", tmp_path / "nix\x9b"]):
        done = subprocess.run([sys.executable, "-m", "wizard", *map(os.fsencode, argv)], capture_output=True, env=env, timeout=120)
        written = done.stdout + done.stderr
        assert done.returncode in (0, 1, 2), written
        text = written.decode("utf-8")  # strict: the program wrote UTF-8 only
        assert "Traceback" not in text and "oväntat fel" not in text, text
        assert not CONTROL_TEXT.search(text.replace("\n", "").replace("\t", "")), text
        assert not _escapes_in(written), written
        if argv[0] == "check" and argv[1] == root:
            assert "1480-\\x9b\\x1b]2;x.toml" in text, text  # the file named, written out
        if "--json" in argv:
            json.loads(text)
        if argv[0] == "export" and done.returncode == 0:
            assert "\\x0a" in text, text  # the newline of the folder's name shown, not obeyed


# ------------------------------------------------------------------ the core's functions


@given(st.text())
def test_shown_text_holds_nothing_a_terminal_obeys_and_json_reads_back(text):
    from wizard import terminal

    assert not CONTROL_TEXT.search(terminal.shown(text).replace("\n", "").replace("\t", ""))
    assert "\n" not in terminal.path(text) and "\t" not in terminal.path(text)
    assert not CONTROL_TEXT.search(terminal.inert(text).replace("\n", "").replace("\t", ""))
    shown_json = terminal.json_shown(json.dumps({"v": text}, ensure_ascii=False))
    assert not CONTROL_TEXT.search(shown_json.replace("\n", "")), shown_json
    assert json.loads(shown_json) == {"v": text}


def test_the_tuis_title_and_notifications_show_escapes_written_out(tmp_path):
    from support.tui import app_for, screen_text, sync, wait_for

    root = _evil_portfolio(tmp_path / "p")

    @sync
    async def drive():
        app = app_for(root, tmp_path / "data")
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_for(pilot, lambda: getattr(app.screen, "session", None), what="the portfolio opened")
            app.screen.notify("Klart\x1b]52;c;eA==\x07\u202e", title="T\x9b")  # a screen's, as the dashboard's are
            await wait_for(pilot, lambda: list(app._notifications), what="the notification")  # run_test draws no toasts
            said = list(app._notifications)[-1]
            assert (said.message, said.title) == ("Klart\\x1b]52;c;eA==\\x07\\u202e", "T\\x9b")
            text = screen_text(app)
            assert "\\x1b]52;c;Y3VybCBldmls" in text  # the sub-title: the company's name
            assert not CONTROL_TEXT.search(text)

    drive()


def test_the_tuis_line_filter_leaves_no_unsafe_character_and_moves_no_cell():
    """What every line the TUI draws goes through: the same cells, nothing a terminal obeys."""
    from rich.cells import cell_len
    from rich.segment import Segment
    from textual.color import Color

    from wizard.tui.terminal_filter import INERT

    line = [Segment("Göteborg "), Segment("\x1b]52;c;eA==\x07X\u009b31m\u202eY\udc9bZ"), Segment(" ok")]
    out = INERT.apply(line, Color(0, 0, 0))
    assert sum(cell_len(s.text) for s in out) == sum(cell_len(s.text) for s in line)
    assert not CONTROL_TEXT.search("".join(s.text for s in out))
    assert "".join(s.text for s in out) == "Göteborg ]52;c;eA==X31mY\ufffdZ ok"
    clean = [Segment("Stockholm")]
    assert INERT.apply(clean, Color(0, 0, 0)) is clean  # a clean line (nearly all) passes as it is
