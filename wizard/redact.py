"""``huskurage redact DIR TEXT``: one text out of every file of a portfolio. No Textual.

For the day someone asks "is my neighbour's name in your system?": the text
goes from the current files, their ``.bak`` copies, leftovers of an
interrupted save, documents exported into the folder, and the drafts the
wizard keeps for this portfolio in the user's data folder
(:mod:`wizard.tui.locations`). Afterwards no file holds it, in any of the
forms a file can store it in: as typed, in the other Unicode normal form
(``å`` as one character or as ``a`` and a ring), and escaped the way a TOML
or JSON string writes quotes, backslashes and control characters.

Every other byte stays: comments, key order, line endings. Each file is
replaced atomically (temporary file, fsync, rename) and no new ``.bak`` is
made, which would keep the text. Before anything is written every change is
tried: a TOML or JSON file that reads now must read afterwards, and a
portfolio file must still load into the model; otherwise nothing is
written and the error names the file (the text is then part of the file's
structure, a key name or a municipality code, and must be changed by hand).
A file that is not text (a logo, a PDF) is never edited; if it holds the text
it is named, for the user to remove.
"""

from __future__ import annotations

import json
import os
import stat as stat_mod
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from wizard import model
from wizard.i18n import t

MIN_LENGTH = 2  # a shorter text would rewrite every file


class RedactError(Exception):
    """Why nothing was removed; ``message`` is in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Change:
    path: Path
    places: int


@dataclass
class Result:
    changes: list[Change] = field(default_factory=list)  # files rewritten, with the places removed in each
    not_text: list[Path] = field(default_factory=list)  # files holding the text that are not text: not touched

    @property
    def places(self) -> int:
        return sum(c.places for c in self.changes)


# ------------------------------------------------------------------ the text's forms


def _toml_escaped(text: str) -> str:
    """``text`` inside a TOML basic string, as tomlkit and tomli_w write it."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def forms(text: str) -> list[bytes]:
    """Every way a file can hold ``text``, as UTF-8 bytes, longest first."""
    found: set[str] = set()
    for normal in (text, unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)):
        found |= {normal, _toml_escaped(normal), json.dumps(normal, ensure_ascii=False)[1:-1]}
        found.add(json.dumps(normal)[1:-1])  # \u00e5 for å, as json.dumps writes by default
    return sorted({f.encode("utf-8") for f in found if f}, key=lambda b: (-len(b), b))


def remove(data: bytes, text_forms: Sequence[bytes]) -> tuple[bytes, int]:
    """``data`` without any of ``text_forms``, and how many places were removed.

    Repeated until none is left: taking ``ab`` out of ``aabb`` leaves an ``ab``.
    """
    places = 0
    while True:
        before = places
        for form in text_forms:
            n = data.count(form)
            if n:
                data = data.replace(form, b"")
                places += n
        if places == before:
            return data, places


# ------------------------------------------------------------------ which files


def portfolio_files(root: Path) -> list[Path]:
    """Every regular file in the portfolio folder and below it, never through a link, in a stable order."""
    out: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if stat_mod.S_ISREG(st.st_mode):
                out.append(path)
    return out


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _load_check(root: Path, path: Path) -> Callable[[bytes], Any] | None:
    """What must still hold of a file after the change: it reads as TOML or JSON, a portfolio file loads."""
    name = path.name
    if name.endswith(".json"):
        return lambda data: json.loads(data.decode("utf-8"))
    if not (name.endswith(".toml") or name.endswith(".toml.bak")):
        return None
    if path == root / model.COMPANY_FILE:
        return lambda data: model.settings_from_dict(tomllib.loads(data.decode("utf-8")), f"{name}: ")
    if path.parent == root / model.CITIES_DIR and name.endswith(".toml"):
        return lambda data: model.city_from_dict(tomllib.loads(data.decode("utf-8")), f"{name}: ")
    return lambda data: tomllib.loads(data.decode("utf-8"))


def _holds(check: Callable[[bytes], Any], data: bytes) -> bool:
    try:
        check(data)
    except (ValueError, UnicodeDecodeError, RecursionError):  # TOMLDecodeError, JSONDecodeError, SchemaError
        return False
    return True


# ------------------------------------------------------------------ the command


def check_text(text: str) -> None:
    """Refuse a text that would take too much with it: empty, one character, or only spaces."""
    if len(text.strip()) < MIN_LENGTH:
        raise RedactError(t("cli.redact.too_short", n=MIN_LENGTH))


def redact(root: Path, text: str, extra: Sequence[Path] = (), *, lock: Callable[[Path], Any] | None = None) -> Result:
    """Remove ``text`` from every file of the portfolio at ``root`` and from ``extra`` files (the drafts).

    Raises :class:`RedactError` (nothing written) for a text that is too short
    or when a file would no longer read afterwards. ``lock`` is the store's
    portfolio lock, held while the files are read and replaced.
    """
    check_text(text)
    text_forms = forms(text)
    root = Path(root)
    if lock is None:
        from wizard.store.lock import locked

        lock = locked
    with lock(root):
        planned: list[tuple[Path, bytes, int, os.stat_result, bytes]] = []
        result = Result()
        for path in [*portfolio_files(root), *(p for p in extra if p.is_file() and not p.is_symlink())]:
            try:
                data = path.read_bytes()
                previous = os.lstat(path)
            except OSError as e:
                raise RedactError(t("cli.redact.unreadable", path=shown(root, path), error=e.strerror or str(e))) from None
            if not any(f in data for f in text_forms):
                continue
            new, places = remove(data, text_forms)
            if not _is_text(new):  # a text file is text without the text too; a logo or a PDF is not
                result.not_text.append(path)
                continue
            check = _load_check(root, path)
            if check is not None and _holds(check, data) and not _holds(check, new):
                raise RedactError(t("cli.redact.would_break", path=shown(root, path)))
            planned.append((path, new, places, previous, data))
        from wizard.store.reading import digest
        from wizard.store.writing import Changed, Expected, replace_without_backup

        for path, new, places, previous, old in planned:
            try:
                replace_without_backup(path, new, Expected(previous, digest(old)))  # a .bak would keep the text
            except Changed:
                raise RedactError(t("cli.redact.changed", path=shown(root, path))) from None
            result.changes.append(Change(path, places))
    return result


def shown(root: Path, path: Path) -> str:
    """A file as messages name it: relative to the portfolio when inside it."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
