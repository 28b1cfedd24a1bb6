"""History rows on disk: appended without rewriting the file, capped, the oldest moved to a dated archive.

Every change the program records is a ``[[history]]`` row at the end of the
file (``model.py`` makes the rows; nothing here depends on their keys, so
their shape can change). Patching a file with tomlkit costs time in
proportion to the whole file (some 20 seconds for 30,000 rows), so a save
that only appends rows does not hand the rows to tomlkit: the part of the
file before the first row is patched (``patching.py``), the rows already
there are kept byte for byte, and the new ones are written after them. Any
other change to the history (a row edited or removed), or rows that are not
the file's last tables, takes the whole-file way.

A file keeps at most :data:`CAP` rows. A save that would pass it moves the
oldest rows, all but the newest :data:`KEEP`, byte for byte into a new file
``history/<file name>-<date>.toml`` (written before the file they leave), and
they leave the model too: the program reads no archive back. So a file never
grows past some hundred kB of history, and ``mark`` stays fast however long
a municipality has been followed up.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat as stat_mod
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from wizard.store.patching import same

CAP = 1000
"""Rows a file holds at most; a save that would hold more moves the oldest out."""

KEEP = 500
"""Rows left in the file when the oldest are moved out (so that happens once per 500 new rows)."""

HISTORY_DIR = "history"
"""The folder of the archives, beside ``cities/``."""

_ROW = re.compile(r"^[ \t]*\[\[[ \t]*history[ \t]*\]\][ \t]*(?:#[^\n]*)?\r?$", re.M)  # a line ending \r\n or \n
_HEADER = re.compile(r"^[ \t]*\[", re.M)
_BLANK_END = re.compile(r"\n[ \t]*\r?\n$")


@dataclass
class Rendered:
    """A file's new text, the model dict it holds, and the rows moved out of it (as text, oldest first)."""

    text: str
    kept: dict[str, Any]
    moved: str = ""
    moved_rows: list[Any] = field(default_factory=list)  # the moved rows as tomllib reads them, to verify the archive


def render(
    body: str | None,
    data: dict[str, Any] | None,
    base: dict[str, Any] | None,
    new: dict[str, Any],
    merge: Callable[[str, dict[str, Any], dict[str, Any]], str],
    write_new: Callable[[dict[str, Any]], str],
    newline: str = "\n",
) -> Rendered:
    """The new text of a file (``body`` and ``data`` as read, None for a new file) holding ``new``.

    ``merge`` patches a text with the change ``base -> new`` (``patching.render_merged``),
    ``write_new`` writes a whole new file; ``newline`` ends the lines this adds.
    """
    rows = new.get("history")
    rows = rows if isinstance(rows, list) else []
    moving = len(rows) - KEEP if len(rows) > CAP else 0
    kept = {**new, "history": rows[moving:]} if moving else new
    if body is None or data is None or base is None:
        return Rendered(write_new(kept), kept, *_rendered_rows(rows[:moving], newline))
    fast = _append_only(body, data, base, new, kept, moving, merge, newline)
    if fast is not None:
        return fast
    return Rendered(merge(body, base, kept), kept, *_rendered_rows(rows[:moving], newline))


def _append_only(
    body: str,
    data: dict[str, Any],
    base: dict[str, Any],
    new: dict[str, Any],
    kept: dict[str, Any],
    moving: int,
    merge: Callable[[str, dict[str, Any], dict[str, Any]], str],
    newline: str,
) -> Rendered | None:
    """The new text when the rows already in the file stay as they are and new ones follow; None otherwise."""
    old_rows, new_rows = base.get("history", []), new.get("history", [])
    if not isinstance(old_rows, list) or not isinstance(new_rows, list) or len(new_rows) < len(old_rows):
        return None
    if not same(new_rows[: len(old_rows)], old_rows):
        return None
    parts = _split(body, data)
    if parts is None:
        return None
    head, texts = parts
    rest_base = {k: v for k, v in base.items() if k != "history"}
    rest_new = {k: v for k, v in new.items() if k != "history"}
    if not same(rest_base, rest_new):
        head = merge(head, rest_base, rest_new)
    moved_existing = min(moving, len(texts))
    appended = new_rows[len(old_rows) :]
    moved_appended = appended[: moving - moved_existing]
    appended = appended[len(moved_appended) :]
    moved = "".join(texts[:moved_existing])
    raw_rows = data.get("history", [])
    moved_rows = list(raw_rows[:moved_existing])
    if moved_appended:
        text, rows_read = _rendered_rows(moved_appended, newline)
        moved = _ending(moved, newline) + text if moved else text
        moved_rows += rows_read
    tail = "".join(texts[moved_existing:])
    if appended:
        blank = len(texts) <= 1 or any(_BLANK_END.search(t) for t in texts[:-1])
        before = tail if tail else head
        sep = newline if blank and not _BLANK_END.search(_ending(before, newline)) and before.strip() else ""
        joined = (newline if blank else "").join(_row_text(r, newline) for r in appended)
        if tail:
            tail = _ending(tail, newline) + sep + joined
        else:
            head = _ending(head, newline) + sep if head.strip() else head
            tail = joined
        if blank and _BLANK_END.search(body):  # the file ended with a blank line: so it does still
            tail += newline
    return Rendered(head + tail, kept, moved, moved_rows)


def _split(text: str, data: dict[str, Any]) -> tuple[str, list[str]] | None:
    """The text before the first row, and each row's text, when the rows are the file's last tables."""
    rows = data.get("history")
    if rows is None:
        return text, []
    starts = [m.start() for m in _ROW.finditer(text)]
    if not isinstance(rows, list) or not starts or len(starts) != len(rows):
        return None
    at = set(starts)
    if any(m.start() not in at for m in _HEADER.finditer(text, starts[0])):
        return None  # another table after the rows, or a line inside a text that looks like one
    head = text[: starts[0]]
    try:
        before = tomllib.loads(head)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None
    if not same(before, {k: v for k, v in data.items() if k != "history"}):
        return None
    return head, [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]


def count_rows(text: str) -> int:
    """How many rows a text holds: its ``[[history]]`` lines."""
    return sum(1 for _ in _ROW.finditer(text))


def _row_text(row: dict[str, Any], newline: str) -> str:
    import tomlkit

    text = tomlkit.dumps({"history": [row]})
    return text.replace("\n", newline) if newline != "\n" else text


def _rendered_rows(rows: list[dict[str, Any]], newline: str) -> tuple[str, list[Any]]:
    """Rows written out afresh (for the archive), and what they read back as."""
    if not rows:
        return "", []
    text = newline.join(_row_text(r, newline) for r in rows)
    return text, tomllib.loads(text)["history"]


def _ending(text: str, newline: str) -> str:
    return text if not text or text.endswith("\n") else text + newline


# ------------------------------------------------------------------ the archive


def archive_text(moved: str, code: str | None, source: str, today: dt.date, newline: str = "\n") -> str:
    """An archive file: what it is, then the moved rows byte for byte."""
    import tomlkit

    about: dict[str, Any] = {"schema": 1}
    if code is not None:
        about["code"] = code
    about["moved_from"] = source
    about["moved_on"] = today
    head = tomlkit.dumps(about).replace("\n", newline)
    return head + newline + _ending(moved, newline)


def archive_path(root: Path, source: Path, today: dt.date, text: str) -> tuple[Path, bool]:
    """``history/<file name>-<date>.toml``, ``-2``, ``-3`` … when one exists with other bytes; and whether it holds these.

    A save cut short after writing its archive moves the same rows again
    next time: the same bytes on the same day find their file written.
    """
    data = text.encode("utf-8")
    folder = root / HISTORY_DIR
    n = 1
    while True:
        path = folder / f"{source.stem}-{today.isoformat()}{'' if n == 1 else f'-{n}'}.toml"
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return path, False
        if stat_mod.S_ISREG(st.st_mode) and st.st_size == len(data):
            try:
                with open(path, "rb") as f:
                    if f.read() == data:
                        return path, True
            except OSError:
                pass
        n += 1
