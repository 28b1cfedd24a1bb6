"""Text on its way to a terminal: control characters shown, never obeyed.

A name, a note or a file name in a portfolio can hold anything: ``ESC ]52``
(writes the user's clipboard), ``ESC ]2`` (retitles the window), the 8-bit
CSI ``0x9B``, a right-to-left override (U+202E) that makes ``gpj.exe`` read
``exe.jpg``. None of it may reach the terminal as it is. Every route out
goes through this module: the command line prints through :func:`shown`
(``cli.say``), ``status --json`` through :func:`json_shown`, the TUI's
title, sub-title and notifications through :func:`shown` and every line it
draws through :func:`inert` (``tui/terminal_filter.py``).

What is neutralised (:data:`UNSAFE`): C0 controls but tab and newline, DEL,
C1 controls, the bidirectional formatting characters (embeddings,
overrides, isolates, the marks) and lone surrogates, which is what a file
name that is not valid UTF-8 becomes in Python (``os.fsdecode``): the raw
byte ``0x9B`` would otherwise reach a terminal that takes it for a CSI, or
stop a strict UTF-8 stdout with an error.
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath

_C0 = "\x00-\x08\x0b-\x1f"  # C0 but tab and newline
# DEL and C1; Arabic letter mark, LRM/RLM, LRE..RLO, LRI..PDI; line and paragraph separators (a newline
# in disguise); lone surrogates (the undecodable bytes of a file name).
_REST = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
UNSAFE = re.compile(f"[{_C0}{_REST}]")
_ONE_LINE_UNSAFE = re.compile(f"[{_C0}\t\n{_REST}]")
_JSON_UNSAFE = re.compile(f"[{_REST}]")  # json.dumps escapes C0 itself
_SURROGATES = re.compile("[\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str) -> str:
    """``text`` as a terminal may show it: every unsafe character written out (``\\x1b``, ``\\u202e``)."""
    return UNSAFE.sub(_visible, text)


def shown_line(text: str) -> str:
    """Like :func:`shown`, and tab and newline written out too: one line whatever the text holds (a path)."""
    return _ONE_LINE_UNSAFE.sub(_visible, text)


def path(value: str | os.PathLike[str] | PurePath) -> str:
    """A path as the user may read it: one line, nothing a terminal obeys, undecodable bytes as ``\\xNN``."""
    return shown_line(os.fspath(value))


def json_shown(text: str) -> str:
    """JSON for a terminal: ``json`` escapes C0 itself but not DEL, C1, bidi controls or lone surrogates.

    They become ``\\uXXXX``, which any JSON reader turns back into the same text.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def inert(text: str) -> str:
    """``text`` for a screen already laid out: what takes no cell removed, a lone surrogate (one cell) as U+FFFD."""
    return UNSAFE.sub("", _SURROGATES.sub("\ufffd", text))
