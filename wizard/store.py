"""The portfolio directory <-> the model: fast reads, lossless writes.

A portfolio is ``huskurage.toml`` (company settings) and one file per
municipality, ``cities/<code>-<slug>.toml``. Reading uses ``tomllib`` only, so
a 290-city portfolio opens fast; for every file the store remembers what it
read (the parsed dict, a hash of the bytes, size, mtime and inode).

Writing touches only the files whose model changed. The file on disk is parsed
with tomlkit, checked against what was read (someone else's edit is never
overwritten: :class:`ConflictError`), and the change between the model as read
and the model now is applied to that document: only changed keys are set, keys
the model dropped are deleted, unknown keys, comments and key order survive.
The result is parsed back and compared with the model before anything is
written; then it replaces the file atomically (temp file in the same folder,
fsync, ``<file>.bak`` keeps the previous version, rename, fsync of the folder).

Nothing that fails to load is ever written: there is no :class:`Store` for an
unreadable portfolio, and a file that became unreadable on disk counts as a
conflict. Every error carries a plain-words message in the user's language.

``tomlkit``, ``difflib`` and ``fcntl`` are imported only when saving, so
``check`` and ``status`` pay for reading alone.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat as stat_mod
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from wizard import memory, model
from wizard.i18n import t

try:  # the built-in module: no OpenSSL to load, unlike hashlib
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

__all__ = [
    "StoreError",
    "LoadError",
    "ConflictError",
    "UnsafePathError",
    "Store",
    "init",
    "open",
    "open_city",
    "list_city_files",
    "is_city_file",
    "MAX_FILE_BYTES",
]

MAX_FILE_BYTES = 5 * 1024 * 1024
"""A portfolio file is a few kB; anything this big is damaged or hostile."""

_CITY_NAME = re.compile(r"[0-9]{4}-[^/\\]*\.toml")
_CODE = re.compile(r"[0-9]{4}")
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO named like a city file must not hang us
_O_BINARY = getattr(os, "O_BINARY", 0)
_BOM = "\ufeff"


# ------------------------------------------------------------------ errors


class StoreError(Exception):
    """Something the user must hear about; ``message`` is localized plain words."""

    def __init__(self, message: str, path: Path | None = None, *, kind: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.kind = kind  # the strings key, for callers that react to one case
        self.errors: list[StoreError] = [self]  # open(): every problem found in the same pass

    def __str__(self) -> str:
        return self.message


class LoadError(StoreError):
    """A file cannot be read into the model. ``line``/``column`` are 1-based or None.

    From :func:`open`, ``errors`` lists every problem found in the same pass
    (this one first), so a caller can show them all.
    """

    def __init__(
        self,
        message: str,
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
        *,
        kind: str = "",
    ) -> None:
        super().__init__(message, path, kind=kind)
        self.line = line
        self.column = column
        self.where: str | None = None  # for a wrong type: "cities/1480-goteborg.toml: partners[2].phone"


class ConflictError(StoreError):
    """Files changed on disk since they were read; nothing was written. ``paths`` lists them."""

    def __init__(self, message: str, path: Path | None = None, paths: list[Path] | None = None) -> None:
        super().__init__(message, path, kind="conflict")
        self.paths = paths or ([path] if path else [])


class UnsafePathError(StoreError):
    """A symlink, or a path that leaves the portfolio."""


# ------------------------------------------------------------------ helpers


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _load_error(
    root: Path, path: Path, what: str, kind: str, line: int | None = None, column: int | None = None
) -> LoadError:
    """A content error: names file, line and column, and says the file is untouched."""
    file = _rel(root, path)
    if line is not None and column is not None:
        where = t("store.location.line_col", file=file, line=line, column=column)
    elif line is not None:
        where = t("store.location.line", file=file, line=line)
    else:
        where = file
    return LoadError(t("store.load_error", location=where, what=what), path, line, column, kind=kind)


def _file_error(root: Path, path: Path, kind: str, **params: Any) -> LoadError:
    return LoadError(t(f"store.file.{kind}", file=_rel(root, path), root=str(root), **params), path, kind=kind)


def _symlink_error(root: Path, path: Path) -> UnsafePathError:
    return UnsafePathError(t("store.unsafe.symlink", file=_rel(root, path)), path, kind="symlink")


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def is_city_file(name: str) -> bool:
    """``1480-goteborg.toml`` is; ``.tmp-…``, ``….toml.bak`` and ``notes.toml`` are not."""
    return _CITY_NAME.fullmatch(name) is not None


def _scan_cities(root: Path) -> tuple[list[Path], list[Path]]:
    """City files in ``cities/`` (sorted), and other ``*.toml`` files there that are not read."""
    cdir = root / model.CITIES_DIR
    try:
        st = os.lstat(cdir)
    except FileNotFoundError:
        return [], []
    except OSError as e:
        raise _file_error(root, cdir, "unreadable", reason=e.strerror or str(e)) from None
    if stat_mod.S_ISLNK(st.st_mode):
        raise _symlink_error(root, cdir)
    if not stat_mod.S_ISDIR(st.st_mode):
        raise _file_error(root, cdir, "cities_not_folder")
    files, ignored = [], []
    try:
        with os.scandir(cdir) as it:
            for entry in it:
                if is_city_file(entry.name):
                    files.append(cdir / entry.name)
                elif entry.name.endswith(".toml") and not entry.name.startswith("."):
                    ignored.append(cdir / entry.name)
    except OSError as e:
        raise _file_error(root, cdir, "unreadable", reason=e.strerror or str(e)) from None
    return sorted(files), sorted(ignored)


def list_city_files(root: Path) -> list[Path]:
    """Every city file of the portfolio, by name; temp files and backups never match."""
    return _scan_cities(Path(root).resolve())[0]


# ------------------------------------------------------------------ reading


@dataclass(slots=True)
class _FileState:
    """What was read from one file: the guard against lost updates."""

    path: Path
    digest: bytes
    size: int
    mtime_ns: int
    ino: int
    data: dict[str, Any]  # what tomllib parsed
    code: str | None = None  # a city file's code as written inside it
    base: dict[str, Any] | None = None  # the model as read, as *_to_dict gives it (computed when needed)

    def same_stat(self, st: os.stat_result) -> bool:
        return (st.st_mtime_ns, st.st_size, st.st_ino) == (self.mtime_ns, self.size, self.ino)


def _read_bytes(root: Path, path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file inside the portfolio; never follows a symlink."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise _file_error(root, path, "missing") from None
    except OSError as e:
        raise _file_error(root, path, "unreadable", reason=e.strerror or str(e)) from None
    if stat_mod.S_ISLNK(st.st_mode):
        raise _symlink_error(root, path)
    if stat_mod.S_ISDIR(st.st_mode):
        raise _file_error(root, path, "folder")
    if not stat_mod.S_ISREG(st.st_mode):
        raise _file_error(root, path, "special")
    try:
        fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_BINARY)
    except FileNotFoundError:
        raise _file_error(root, path, "missing") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise _symlink_error(root, path) from None
        raise _file_error(root, path, "unreadable", reason=e.strerror or str(e)) from None
    try:
        st = os.fstat(fd)
        if not stat_mod.S_ISREG(st.st_mode):
            raise _file_error(root, path, "special")
        if st.st_size > MAX_FILE_BYTES:
            raise _too_big(root, path, st.st_size)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, max(st.st_size + 1, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise _too_big(root, path, total)
        return b"".join(chunks), st
    except OSError as e:
        raise _file_error(root, path, "unreadable", reason=e.strerror or str(e)) from None
    finally:
        os.close(fd)


def _too_big(root: Path, path: Path, size: int) -> LoadError:
    return _load_error(
        root,
        path,
        t("store.size.too_big", size=f"{size / 1024 / 1024:.1f}", limit=MAX_FILE_BYTES // 1024 // 1024),
        "too_big",
    )


def _decode(root: Path, path: Path, raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # an editor's "Unicode": say so, not "NUL byte"
        raise _load_error(root, path, t("store.encoding.utf16"), "utf16", 1, 1)
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _byte_line_col(raw, nul)
        raise _load_error(root, path, t("store.encoding.nul"), "nul", line, col)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _byte_line_col(raw, e.start)
        raise _load_error(root, path, t("store.encoding.utf8", byte=f"{raw[e.start]:02X}"), "utf8", line, col) from None
    return text[1:] if text.startswith(_BOM) else text


def _byte_line_col(raw: bytes, pos: int) -> tuple[int, int]:
    start = raw.rfind(b"\n", 0, pos) + 1
    return raw.count(b"\n", 0, pos) + 1, len(raw[start:pos].decode("utf-8", "replace")) + 1


_TOML_MESSAGE = re.compile(r"(?s)(.*?) \(at (?:line (\d+), column (\d+)|end of document)\)$")
# tomllib's messages (3.11-3.13) -> strings keys; the name in group 1, if any, is kept.
_TOML_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), key)
    for p, key in [
        (r"Expected '=' after a key", "expected_equals"),
        (r"Invalid statement", "invalid_statement"),
        (r"Expected newline or end of document", "expected_newline"),
        (r"Expected '\]' at the end of a table", "table_bracket"),
        (r"Expected '\]\]' at the end of an array", "array_bracket"),
        (r"Cannot declare (.+) twice", "declared_twice"),
        (r"Cannot overwrite a value", "duplicate_key"),
        (r"Duplicate inline table key '?(.+?)'?$", "duplicate_key_named"),
        (r"Cannot (?:mutate immutable|redefine) namespace (.+)", "namespace"),
        (r"Invalid initial character for a key", "bad_key"),
        (r"Unclosed array", "unclosed_array"),
        (r"Unclosed inline table", "unclosed_inline"),
        (r"Unescaped '\\' in a string", "backslash"),
        (r"Invalid hex value|Escaped character is not a Unicode", "bad_escape"),
        (r"Unterminated string|Expected (?:\"'''\"|'\"\"\"')$", "unterminated"),
        (r"Illegal character '\\n'", "unterminated_line"),  # a quoted text runs to the end of the line
        (r"Illegal character (.+)", "illegal_char"),
        (r"Invalid date or datetime", "invalid_date"),
        (r"Invalid value", "invalid_value"),
        (r"Expected (.+)", "expected"),
        (r"Found invalid character (.+)", "illegal_char"),
    ]
]


def _toml_error(root: Path, path: Path, text: str, e: tomllib.TOMLDecodeError) -> LoadError:
    """tomllib's error, with its line and column, in plain words."""
    raw_msg = str(e)
    line, col = getattr(e, "lineno", None), getattr(e, "colno", None)  # Python >= 3.14
    msg = getattr(e, "msg", None) or raw_msg
    m = _TOML_MESSAGE.match(raw_msg)
    if m:
        msg = m.group(1)
        if line is None and m.group(2):
            line, col = int(m.group(2)), int(m.group(3))
    if line is None:  # "end of document"
        line, col = _line_col(text, len(text))
    detail = msg
    for pattern, key in _TOML_REASONS:
        found = pattern.match(msg)
        if found:
            name = found.group(1) if found.groups() else None
            detail = t(f"store.toml.{key}", name=_key_name(name)) if name else t(f"store.toml.{key}")
            break
    return _load_error(root, path, t("store.toml.invalid", detail=detail), "invalid_toml", line, col)


def _key_name(name: str) -> str:
    """tomllib names keys as tuples, ``('progress', 'x')``: show ``progress.x``."""
    if name.startswith("(") and name.endswith(")"):
        import ast

        try:
            return ".".join(ast.literal_eval(name))
        except (ValueError, SyntaxError, TypeError):
            pass
    return name


def _parse(root: Path, path: Path, raw: bytes) -> dict[str, Any]:
    text = _decode(root, path, raw)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _toml_error(root, path, text, e) from None
    except RecursionError:
        raise _load_error(root, path, t("store.toml.nested"), "nested") from None
    except ValueError:  # an integer beyond Python's digit limit
        m = re.search(r"[0-9_]{1000,}", text)
        line, col = _line_col(text, m.start()) if m else (None, None)
        raise _load_error(root, path, t("store.toml.huge_number"), "huge_number", line, col) from None
    if not data:
        raise _load_error(root, path, t("store.file.empty"), "empty")
    schema = data.get("schema")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > model.SCHEMA:
        line, col = _locate(text, ["schema"]) or (None, None)
        what = t("store.schema.newer", found=schema, known=model.SCHEMA)
        raise _load_error(root, path, what, "newer_schema", line, col)
    return data


def _read_state(root: Path, path: Path) -> _FileState:
    raw, st = _read_bytes(root, path)
    data = _parse(root, path, raw)
    return _FileState(path, blake2b(raw, digest_size=16).digest(), st.st_size, st.st_mtime_ns, st.st_ino, data)


def _to_model(root: Path, state: _FileState, build: Callable[[dict[str, Any], str], Any]) -> Any:
    """``*_from_dict`` with its SchemaError turned into a LoadError that names the line."""
    prefix = f"{_rel(root, state.path)}: "
    try:
        return build(state.data, prefix)
    except model.SchemaError as e:
        key = e.where[len(prefix) :] if e.where.startswith(prefix) else e.where
        parts = _key_parts(key)
        where = _locate_file(root, state.path, parts)
        error = _load_error(root, state.path, _schema_message(e, key, state.data, parts), e.code, *where)
        error.where = e.where
        raise error from None
    except RecursionError:
        raise _load_error(root, state.path, t("store.toml.nested"), "nested") from None
    except (TypeError, ValueError, AttributeError, KeyError) as e:  # hostile input must never be a traceback
        raise _load_error(root, state.path, t("store.schema.unexpected", detail=str(e)), "unexpected") from e


def _settings_of(root: Path, state: _FileState) -> model.Settings:
    return _to_model(root, state, model.settings_from_dict)


def _city_of(root: Path, state: _FileState) -> model.City:
    city = _to_model(root, state, model.city_from_dict)
    state.code = city.code
    return city


# ------------------------------------------------------------------ plain-words schema errors


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time"
    if isinstance(value, list):
        return "list"
    return "table"


def _value_at(data: Any, parts: list[str | int]) -> Any:
    for part in parts:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _schema_message(e: model.SchemaError, key: str, data: dict[str, Any], parts: list[str | int]) -> str:
    if e.code == "missing":
        return t("store.schema.missing", key=key)
    if e.code == "out_of_range":
        return t("store.schema.out_of_range", key=key)
    if e.code == "not_a_code":
        return t("store.schema.not_a_code", key=key, value=e.params.get("value", ""))
    expected = e.params.get("expected", "table") if e.code == "wrong_type" else "table"
    actual = _value_at(data, parts)
    if actual is None:
        return t("store.schema.wrong_type_plain", key=key, expected=t(f"store.expected.{expected}"))
    if expected == "date" and isinstance(actual, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", actual.strip()):
        return t("store.schema.date_quoted", key=key, value=actual.strip())
    return t(
        "store.schema.wrong_type",
        key=key,
        expected=t(f"store.expected.{expected}"),
        actual=t(f"store.kind.{_kind_of(actual)}"),
    )


def _key_parts(key: str) -> list[str | int]:
    """``partners[2].phone`` -> ``["partners", 2, "phone"]``."""
    parts: list[str | int] = []
    for piece in key.split("."):
        m = re.fullmatch(r"(.*?)((?:\[\d+\])*)", piece)
        name, indexes = (m.group(1), m.group(2)) if m else (piece, "")
        if name:
            parts.append(name)
        parts.extend(int(i) for i in re.findall(r"\[(\d+)\]", indexes))
    return parts


_BARE_OR_QUOTED = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*"
_HEADER_LINE = re.compile(rf"\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(rf"\s*({_DOTTED})\s*=\s*")


def _split_dotted(key: str) -> list[str]:
    out = []
    for m in re.finditer(_BARE_OR_QUOTED, key):
        part = m.group(0)
        if part[0] == '"':
            try:
                part = tomllib.loads(f"k = {part}")["k"]
            except tomllib.TOMLDecodeError:
                part = part[1:-1]
        elif part[0] == "'":
            part = part[1:-1]
        out.append(part)
    return out


def _locate_file(root: Path, path: Path, parts: list[str | int]) -> tuple[int | None, int | None]:
    try:
        text = _read_bytes(root, path)[0].decode("utf-8")
    except (StoreError, UnicodeDecodeError):
        return None, None
    return _locate(text.removeprefix(_BOM), parts) or (None, None)


def _locate(text: str, target: list[str | int]) -> tuple[int, int] | None:
    """Best effort: the line and column where ``target`` (or its nearest table) is written."""
    current: list[str | int] = []
    aot_index: dict[tuple[str, ...], int] = {}
    best: tuple[int, int] | None = None
    best_len = 0
    multiline: str | None = None
    for lineno, line in enumerate(text.split("\n"), 1):
        if multiline:
            if multiline in line:
                multiline = None
            continue
        header = _HEADER_LINE.match(line) if line.lstrip().startswith("[") else None
        if header:
            names = _split_dotted(header.group(2))
            full: list[str | int] = []
            for i, name in enumerate(names):
                full.append(name)
                if tuple(names[: i + 1]) in aot_index and i < len(names) - 1:
                    full.append(aot_index[tuple(names[: i + 1])])
            if header.group(1) == "[[":
                aot_index[tuple(names)] = aot_index.get(tuple(names), -1) + 1
                full.append(aot_index[tuple(names)])
            current, candidate, column = full, full, len(line) - len(line.lstrip()) + 1
        else:
            m = _KEY_LINE.match(line)
            if not m:
                continue
            candidate, column = current + _split_dotted(m.group(1)), m.end() + 1
            rest = line[m.end() :]
            for quote in ('"""', "'''"):
                if rest.startswith(quote) and quote not in rest[3:]:
                    multiline = quote
        if len(candidate) > best_len and candidate == target[: len(candidate)]:
            best, best_len = (lineno, column), len(candidate)
            if best_len == len(target):
                break
    return best


# ------------------------------------------------------------------ comparing


def _same(a: Any, b: Any) -> bool:
    """Deep equality that tells 1, 1.0 and True apart and finds NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return a == b or (a != a and b != b)
    return a == b


# ------------------------------------------------------------------ merging into tomlkit


def _merge(get: Callable[[], Any], base: dict[str, Any], new: dict[str, Any], inline: bool = False) -> None:
    """Apply the change ``base -> new`` to a tomlkit table; what the model does not know stays.

    ``get`` fetches the table afresh before every step: tomlkit's view of a
    table split across the file goes stale after an edit. ``inline`` is set
    under dotted keys (``progress.place_signs.status = ...``), where a new
    ``[header]`` would capture the lines after it.
    """
    for key in base:
        if key not in new and key in get():
            del get()[key]
    for key, value in new.items():
        old = base.get(key, _MISSING)
        if old is not _MISSING and _same(old, value):
            continue
        container = get()
        if key not in container:
            _add(get, key, _inline(value) if inline else value)
            continue
        current = container[key]
        child_inline = inline or _is_dotted(container, key)
        if isinstance(value, dict) and isinstance(old, dict) and isinstance(current, dict):
            _merge(lambda key=key: get()[key], old, value, child_inline)
        elif _tables(value) and _tables(old) and isinstance(current, list) and len(current) == len(old):
            _merge_list(lambda key=key: get()[key], old, value, child_inline)
        else:
            _replace(container, key, current, _inline(value) if child_inline else value)


_MISSING = object()


def _tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(x, dict) for x in value)


def _is_dotted(container: Any, key: str) -> bool:
    """Whether ``key`` is written as part of a dotted key (``key.sub = ...``) in this table."""
    from tomlkit.container import Container

    if isinstance(container, Container):
        body = container.body
    else:
        body = getattr(getattr(container, "value", None), "body", None)
    return any(k is not None and k.key == key and k.is_dotted() for k, _ in body or ())


def _inline(value: Any) -> Any:
    """Tables as inline tables, arrays of tables as arrays of inline tables."""
    import tomlkit

    if isinstance(value, dict):
        table = tomlkit.inline_table()
        for k, v in value.items():
            table[k] = _inline(v)
        return table
    if _tables(value):
        array = tomlkit.array()
        for v in value:
            array.append(_inline(v))
        return array
    return value


def _replace(container: Any, key: str, current: Any, value: Any) -> None:
    from tomlkit.items import Array

    if isinstance(value, list) and isinstance(current, Array) and "\n" in current.as_string() and not _tables(value):
        import tomlkit

        array = tomlkit.array()
        array.extend(value)
        container[key] = array.multiline(True)
    else:
        container[key] = value


def _ends_blank(item: Any) -> bool:
    try:
        return item.as_string().endswith("\n\n")
    except Exception:  # an out-of-order table proxy has no text of its own
        return True


def _ensure_blank(item: Any) -> None:
    import tomlkit
    from tomlkit.items import AoT, Table

    if isinstance(item, AoT) and len(item):
        item = item[-1]
    if isinstance(item, Table) and not _ends_blank(item):
        item.add(tomlkit.nl())


def _add(get: Callable[[], Any], key: str, value: Any) -> None:
    """A key the file does not have yet: a new table is set off by blank lines."""
    import tomlkit
    from tomlkit.items import AoT, Array, InlineTable, Table

    container = get()
    if isinstance(container, InlineTable):
        item = tomlkit.item(_inline(value))
        if len(container):
            item.trivia.indent = " "  # tomlkit leaves "{a = 1,b = 2}" otherwise
        container[key] = item
        return
    if isinstance(value, (InlineTable, Array)) or not (isinstance(value, dict) or _tables(value)):
        container[key] = value
        return
    if isinstance(container, Table):
        last = next((v for _, v in reversed(container.value.body) if isinstance(v, (Table, AoT))), None)
        if last is not None:
            _ensure_blank(last)
    container[key] = value
    _ensure_blank(get()[key])  # a blank line too many at the end of the file is trimmed later


def _merge_list(get: Callable[[], Any], base: list[dict[str, Any]], new: list[dict[str, Any]], inline: bool) -> None:
    """Element-wise for arrays of tables: an edited partner keeps its comments, history appends."""
    import difflib

    ops = difflib.SequenceMatcher(None, [repr(x) for x in base], [repr(x) for x in new], autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        common = min(i2 - i1, j2 - j1)
        for k in range(common):
            _merge(lambda i=i1 + k: get()[i], base[i1 + k], new[j1 + k], inline)
        for k in reversed(range(i1 + common, i2)):
            del get()[k]
        for k, value in enumerate(new[j1 + common : j2]):
            _insert(get(), i1 + common + k, _inline(value) if inline else value)


def _insert(array: Any, index: int, value: dict[str, Any]) -> None:
    from tomlkit.items import AoT

    if not isinstance(array, AoT):
        array.insert(index, _inline(value))
        return
    blank_style = len(array) <= 1 or any(_ends_blank(array[k]) for k in range(len(array) - 1))
    if index >= len(array):
        array.append(value)
    else:
        array.insert(index, value)
    if blank_style:  # a blank line too many at the end of the file is trimmed later
        _ensure_blank(array[index])
        if index > 0:
            _ensure_blank(array[index - 1])


def _render_new(data: dict[str, Any]) -> str:
    import tomlkit

    return tomlkit.dumps(data)


def _render_merged(text: str, base: dict[str, Any], new: dict[str, Any]) -> str:
    import tomlkit

    doc = tomlkit.parse(text)
    _merge(lambda: doc, base, new)
    out = doc.as_string()
    if out.endswith("\n\n") and not text.endswith("\n\n"):
        out = out.rstrip("\n") + "\n"
    if "\r\n" in text:  # keep Windows line ends; tomllib reads \r\n in strings as \n
        out = re.sub(r"(?<!\r)\n", "\r\n", out)
    return out


# ------------------------------------------------------------------ writing


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # e.g. Windows: directories cannot be opened
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_name(path: Path, suffix: str = "") -> Path:
    # A dot first: no loader takes a temp file for a city (city names start with 4 digits).
    return path.with_name(f".tmp-{path.name}{suffix}-{os.getpid()}-{os.urandom(4).hex()}")


def _write_atomic(path: Path, data: bytes, previous: os.stat_result | None) -> os.stat_result:
    """Temp file in the same folder, fsync, previous version to ``.bak``, rename, fsync folder."""
    tmp = _temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY, 0o666)
    try:
        try:
            if previous is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, stat_mod.S_IMODE(previous.st_mode))
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        if previous is not None:
            _keep_backup(path)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)
    return st


def _keep_backup(path: Path) -> None:
    """``<file>.bak`` becomes the version about to be replaced, atomically."""
    bak = path.with_name(path.name + ".bak")
    tmp = _temp_name(path, ".bak")
    try:
        os.link(path, tmp)
    except OSError:  # no hard links here: copy
        raw = Path(path).read_bytes()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY, 0o666)
        try:
            os.write(fd, raw)
            os.fsync(fd)
        finally:
            os.close(fd)
    try:
        os.replace(tmp, bak)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@contextmanager
def _locked(root: Path, timeout: float = 10.0) -> Iterator[None]:
    """One writer at a time per portfolio: check-then-replace must not interleave.

    An advisory ``flock`` on the portfolio folder itself, so no lock file is
    left behind; the kernel releases it when a process dies.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks here
        yield
        return
    import time

    try:
        fd = os.open(root, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(t("store.busy"), root, kind="busy") from None
                time.sleep(0.01)
            except OSError:  # a file system without flock: carry on unlocked
                break
        yield
    finally:
        os.close(fd)


@dataclass
class _Job:
    """One file to write: its current state (None for a new file) and the model dict to store."""

    path: Path
    state: _FileState | None
    new: dict[str, Any]
    check: Callable[[dict[str, Any]], dict[str, Any]]  # parsed text -> model dict, to verify the result
    code: str | None = None  # for a city: the key in portfolio.cities
    text: str = ""
    parsed: dict[str, Any] | None = None  # the text as tomllib reads it back
    previous: os.stat_result | None = None


# ------------------------------------------------------------------ the store


class Store:
    """An open portfolio: the model, and what was read from each of its files.

    Edit ``portfolio`` freely, then :meth:`save`. A city added to
    ``portfolio.cities`` becomes a new file; a city leaves only through
    :meth:`remove_city` (deleting it from the dict alone never deletes a file).
    """

    def __init__(self, root: Path, portfolio: model.Portfolio, *, only_city: str | None = None) -> None:
        self.root = root
        self.portfolio = portfolio
        self.ignored: list[Path] = []  # *.toml files in cities/ that are not named like city files
        self._only_city = only_city  # set by open_city: the settings are not read and not saved
        self._settings_loaded = only_city is None
        self._settings: _FileState | None = None
        self._files: dict[Path, _FileState] = {}  # every city file read, duplicates included
        self._by_code: dict[str, Path] = {}  # portfolio.cities key -> the file it came from

    # ---------------------------------------------------------------- paths

    @property
    def company_path(self) -> Path:
        return self.root / model.COMPANY_FILE

    def city_path(self, code: str) -> Path:
        """The file the city came from, or where a new city will be written."""
        if code in self._by_code:
            return self._by_code[code]
        city = self.portfolio.cities[code]
        if not _CODE.fullmatch(city.code):
            raise StoreError(t("store.city.bad_code", code=city.code), kind="bad_code")
        return self.root / model.CITIES_DIR / model.city_filename(city.code, city.name)

    @property
    def sources(self) -> dict[str, str]:
        """City code -> the file it was read from, relative to the portfolio (for validation)."""
        return {code: _rel(self.root, path) for code, path in self._by_code.items()}

    @property
    def duplicates(self) -> dict[str, list[str]]:
        """City code -> every file that claims it, when more than one does."""
        claims: dict[str, list[str]] = {}
        for path, state in sorted(self._files.items()):
            if state.code is not None:
                claims.setdefault(state.code, []).append(_rel(self.root, path))
        return {code: files for code, files in claims.items() if len(files) > 1}

    def safe_path(self, relative: str) -> Path:
        """A path inside the portfolio (e.g. a logo), refusing ``..``, absolute paths and symlinks."""
        return _inside(self.root, relative)

    # ---------------------------------------------------------------- saving

    def save(self) -> list[Path]:
        """Write every changed file, nothing else; return the paths written.

        All files are checked for conflicts before the first one is written.
        """
        return self._save(self._settings_loaded, list(self.portfolio.cities))

    def save_settings(self) -> Path | None:
        if not self._settings_loaded:
            raise StoreError(t("store.settings_not_loaded"), self.company_path, kind="settings_not_loaded")
        written = self._save(True, [])
        return written[0] if written else None

    def save_city(self, code: str) -> Path | None:
        if code not in self.portfolio.cities:
            raise KeyError(code)
        written = self._save(False, [code])
        return written[0] if written else None

    def _save(self, settings: bool, codes: list[str]) -> list[Path]:
        jobs = []
        if settings:
            new = model.settings_to_dict(self.portfolio.settings)
            if self._changed(self._settings, new, model.settings_from_dict):
                jobs.append(_Job(self.company_path, self._settings, new, _settings_check))
        for code in codes:
            new = model.city_to_dict(self.portfolio.cities[code])
            state = self._files.get(self._by_code[code]) if code in self._by_code else None
            if self._changed(state, new, model.city_from_dict):
                path = state.path if state else self.city_path(code)
                jobs.append(_Job(path, state, new, _city_check, code=code))
        if not jobs:
            return []
        if any(j.state is None and j.code is not None for j in jobs):
            self._ensure_cities_dir()
        with _locked(self.root):
            conflicts = []
            ready = []
            for job in jobs:
                if self._prepare(job, conflicts):
                    ready.append(job)
            if conflicts:
                files = ", ".join(_rel(self.root, p) for p in conflicts)
                raise ConflictError(t("store.conflict", files=files), conflicts[0], conflicts)
            written = []
            for job in ready:
                self._write(job)
                written.append(job.path)
        return written

    def _changed(self, state: _FileState | None, new: dict[str, Any], build: Callable[..., Any]) -> bool:
        if state is None:
            return True
        return not _same(self._base(state, build), new)

    def _base(self, state: _FileState, build: Callable[..., Any]) -> dict[str, Any]:
        if state.base is None:
            to_dict = model.settings_to_dict if build is model.settings_from_dict else model.city_to_dict
            state.base = to_dict(build(state.data, f"{_rel(self.root, state.path)}: "))
        return state.base

    def _prepare(self, job: _Job, conflicts: list[Path]) -> bool:
        """Check the file on disk and render the new text; False when nothing needs writing."""
        root, path = self.root, job.path
        if job.state is None:
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                st = None
            if st is not None:
                if stat_mod.S_ISLNK(st.st_mode):
                    raise _symlink_error(root, path)
                conflicts.append(path)  # someone else created it since we looked
                return False
            job.text = _render_new(job.new)
        else:
            try:
                raw, job.previous = _read_bytes(root, path)
            except UnsafePathError:
                raise
            except LoadError:  # deleted, replaced by a folder, unreadable: not ours to overwrite
                conflicts.append(path)
                return False
            if blake2b(raw, digest_size=16).digest() != job.state.digest:
                try:
                    now = _parse(root, path, raw)
                except LoadError:
                    now = None
                if now is None or not _same(now, job.state.data):
                    conflicts.append(path)
                    return False
            text = raw.decode("utf-8")  # it parsed, so it decodes
            bom = text.startswith(_BOM)
            body = text[1:] if bom else text
            try:
                out = _render_merged(body, self._base(job.state, _build_of(job)), job.new)
            except Exception as e:  # tomlkit could not take this file apart safely
                raise self._cannot_edit(path, str(e)) from e
            job.text = (_BOM if bom else "") + out
            if job.text == text:
                job.state.base = job.new
                return False
        try:
            job.parsed = tomllib.loads(job.text.removeprefix(_BOM))
            verified = job.check(job.parsed)
        except Exception as e:
            raise self._cannot_edit(path, str(e)) from e
        if not _same(verified, job.new):
            raise self._cannot_edit(path, t("store.save.verify_failed"))
        job.new = verified
        return True

    def _cannot_edit(self, path: Path, detail: str) -> StoreError:
        message = t("store.save.cannot_edit", file=_rel(self.root, path), detail=detail)
        return StoreError(message, path, kind="cannot_edit")

    def _write(self, job: _Job) -> None:
        try:
            raw = job.text.encode("utf-8")
        except UnicodeEncodeError as e:
            raise StoreError(
                t("store.save.unencodable", file=_rel(self.root, job.path), detail=repr(e.object[e.start : e.end])),
                job.path,
                kind="unencodable",
            ) from None
        try:
            st = _write_atomic(job.path, raw, job.previous)
        except OSError as e:
            message = t("store.save.failed", file=_rel(self.root, job.path), reason=e.strerror or str(e))
            raise StoreError(message, job.path, kind="write_failed") from e
        state = _FileState(
            job.path,
            blake2b(raw, digest_size=16).digest(),
            st.st_size,
            st.st_mtime_ns,
            st.st_ino,
            job.parsed or {},
            base=job.new,
        )
        if job.code is None:
            self._settings = state
        else:
            state.code = job.new["code"]
            self._files[job.path] = state
            self._by_code[job.code] = job.path

    def _ensure_cities_dir(self) -> None:
        cdir = self.root / model.CITIES_DIR
        try:
            st = os.lstat(cdir)
        except FileNotFoundError:
            os.mkdir(cdir)
            return
        if stat_mod.S_ISLNK(st.st_mode):
            raise _symlink_error(self.root, cdir)

    # ---------------------------------------------------------------- removing

    def remove_city(self, code: str) -> None:
        """Take the city out of the model and delete its file; ``<file>.bak`` keeps it.

        Refused (ConflictError) when the file changed on disk since it was read.
        """
        path = self._by_code.get(code)
        if path is not None:
            state = self._files[path]
            with _locked(self.root):
                try:
                    raw, _ = _read_bytes(self.root, path)
                except UnsafePathError:
                    raise
                except LoadError:
                    raw = None
                if raw is not None:
                    if blake2b(raw, digest_size=16).digest() != state.digest:
                        try:
                            same = _same(_parse(self.root, path, raw), state.data)
                        except LoadError:
                            same = False
                        if not same:
                            raise ConflictError(t("store.conflict", files=_rel(self.root, path)), path)
                    os.replace(path, path.with_name(path.name + ".bak"))
                    _fsync_dir(path.parent)
            del self._files[path]
            del self._by_code[code]
        self.portfolio.cities.pop(code, None)

    # ---------------------------------------------------------------- watching and reloading

    def changed_on_disk(self) -> list[Path]:
        """Files whose content changed since they were read or written here (deleted ones too).

        A full store also lists city files that appeared since.
        """
        out = []
        states = ([self._settings] if self._settings else []) + list(self._files.values())
        for state in states:
            try:
                st = os.lstat(state.path)
            except OSError:
                out.append(state.path)
                continue
            if state.same_stat(st):
                continue
            try:
                raw, _ = _read_bytes(self.root, state.path)
            except StoreError:
                out.append(state.path)
                continue
            if blake2b(raw, digest_size=16).digest() != state.digest:
                out.append(state.path)
        if self._only_city is None:
            try:
                files, _ = _scan_cities(self.root)
            except StoreError:
                files = []
            out.extend(p for p in files if p not in self._files)
        return out

    def reload(self, path: Path | None = None) -> None:
        """Re-read one file (or all); the model's unsaved changes to it are replaced.

        Raises LoadError when the file no longer loads; the store is then unchanged.
        """
        if path is None:
            if self._only_city is not None:
                fresh = open_city(self.root, self._only_city)
            else:
                fresh = open(self.root)
            self._adopt(fresh)
            return
        target = _inside(self.root, self._relative(path))
        if target == self.company_path:
            state = _read_state(self.root, target)
            self.portfolio.settings = _settings_of(self.root, state)
            self._settings, self._settings_loaded = state, True
            return
        if target.parent != self.root / model.CITIES_DIR or not is_city_file(target.name):
            message = t("store.unsafe.not_portfolio_file", file=_rel(self.root, target))
            raise UnsafePathError(message, target, kind="not_portfolio_file")
        owned = next((code for code, owner in self._by_code.items() if owner == target), None)
        if not os.path.lexists(target):
            self._files.pop(target, None)
            if owned is not None:
                self._release(owned)
            return
        state = _read_state(self.root, target)
        city = _city_of(self.root, state)
        self._files[target] = state
        if owned is not None and owned != city.code:
            self._release(owned)
        if self._by_code.get(city.code, target) == target:
            self._by_code[city.code] = target
            self.portfolio.cities[city.code] = city
            _sort_cities(self.portfolio)

    def as_read(self, path: Path) -> dict[str, Any] | None:
        """What ``path`` held when it was last read or written here, as ``model.*_to_dict`` gives it.

        The base of a three-way merge (:mod:`wizard.merge`); None for a file this store never read.
        """
        target = _inside(self.root, self._relative(path))
        if target == self.company_path:
            return self._base(self._settings, model.settings_from_dict) if self._settings else None
        state = self._files.get(target)
        return self._base(state, model.city_from_dict) if state else None

    def on_disk(self, path: Path) -> dict[str, Any]:
        """What ``path`` holds now, as ``model.*_to_dict`` gives it; the store and the model are left as they are.

        Raises ``LoadError`` when the file is gone or does not load.
        """
        target = _inside(self.root, self._relative(path))
        state = _read_state(self.root, target)
        if target == self.company_path:
            return model.settings_to_dict(_settings_of(self.root, state))
        return model.city_to_dict(_city_of(self.root, state))

    def _relative(self, path: Path | str) -> str:
        """``path`` relative to the root, also when it was reached through a symlinked folder."""
        given = Path(os.path.abspath(path))
        for candidate in (given, Path(os.path.realpath(given.parent)) / given.name):
            try:
                return candidate.relative_to(self.root).as_posix()
            except ValueError:
                continue
        raise UnsafePathError(t("store.unsafe.outside", file=str(path)), given, kind="outside")

    def _release(self, code: str) -> None:
        """The city's file is gone or now claims another code: another file for the code may take over."""
        gone = self._by_code.pop(code)
        self.portfolio.cities.pop(code, None)
        for other, state in sorted(self._files.items()):
            if other != gone and state.code == code:
                self._by_code[code] = other
                self.portfolio.cities[code] = _city_of(self.root, state)
                _sort_cities(self.portfolio)
                break

    def _adopt(self, fresh: "Store") -> None:
        """Take over a freshly opened store's state, keeping this Portfolio object."""
        self.portfolio.settings = fresh.portfolio.settings
        self.portfolio.cities.clear()
        self.portfolio.cities.update(fresh.portfolio.cities)
        self._settings, self._settings_loaded = fresh._settings, fresh._settings_loaded
        self._files, self._by_code, self.ignored = fresh._files, fresh._by_code, fresh.ignored


def _build_of(job: _Job) -> Callable[..., Any]:
    return model.settings_from_dict if job.code is None else model.city_from_dict


def _settings_check(data: dict[str, Any]) -> dict[str, Any]:
    return model.settings_to_dict(model.settings_from_dict(data))


def _city_check(data: dict[str, Any]) -> dict[str, Any]:
    return model.city_to_dict(model.city_from_dict(data, "check: "))


def _sort_cities(portfolio: model.Portfolio) -> None:
    items = sorted(portfolio.cities.items())
    portfolio.cities.clear()
    portfolio.cities.update(items)


def _inside(root: Path, relative: str) -> Path:
    """``root / relative``, refusing absolute paths, ``..`` and symlinks on the way."""
    rel = relative.replace("\\", "/")
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if rel.startswith("/") or re.match(r"[A-Za-z]:", rel) or ".." in parts or not parts:
        raise UnsafePathError(t("store.unsafe.outside", file=relative), root / rel, kind="outside")
    path = root
    for part in parts:
        path = path / part
        if os.path.islink(path):
            raise _symlink_error(root, path)
    return path


def _check_root(root: Path) -> None:
    try:
        st = os.stat(root)
    except FileNotFoundError:
        raise LoadError(t("store.file.root_missing", root=str(root)), root, kind="root_missing") from None
    except OSError as e:
        message = t("store.file.root_unreadable", root=str(root), reason=e.strerror or str(e))
        raise LoadError(message, root, kind="root_unreadable") from None
    if not stat_mod.S_ISDIR(st.st_mode):
        raise LoadError(t("store.file.root_not_folder", root=str(root)), root, kind="root_not_folder")


def _missing_company(root: Path) -> LoadError:
    message = t("store.file.missing_company", file=model.COMPANY_FILE, root=str(root))
    return LoadError(message, root / model.COMPANY_FILE, kind="missing_company")


def _read_company(root: Path) -> tuple[_FileState, model.Settings]:
    path = root / model.COMPANY_FILE
    try:
        state = _read_state(root, path)
    except LoadError as e:
        if e.kind == "missing":
            raise _missing_company(root) from None
        raise
    return state, _settings_of(root, state)


# ------------------------------------------------------------------ entry points


def open(root: Path | str) -> Store:  # noqa: A001 - the store's verb
    """Load the company file and every city file. Raises LoadError (or UnsafePathError).

    Two files claiming one code do not stop loading: the first (by name) is in
    the model, ``Store.duplicates`` lists both for validation. Everything read
    lives on, so the cyclic collector is paused meanwhile (``memory.py``).
    """
    with memory.collection_paused():
        return _open(root)


def _open(root: Path | str) -> Store:
    root = Path(root).resolve()  # one spelling of every path, whatever symlinks lead here
    _check_root(root)
    errors: list[StoreError] = []
    settings_state = settings = None
    try:
        settings_state, settings = _read_company(root)
    except StoreError as e:
        errors.append(e)
    files, ignored = _scan_cities(root)
    states: dict[Path, _FileState] = {}
    cities: dict[str, tuple[model.City, Path]] = {}
    for path in files:
        try:
            state = _read_state(root, path)
            city = _city_of(root, state)
        except StoreError as e:
            errors.append(e)
            continue
        states[path] = state
        cities.setdefault(city.code, (city, path))
    if errors:
        errors[0].errors = errors
        raise errors[0]
    assert settings is not None
    portfolio = model.Portfolio(settings=settings, cities={code: cities[code][0] for code in sorted(cities)})
    store = Store(root, portfolio)
    store._settings = settings_state
    store._files = states
    store._by_code = {code: cities[code][1] for code in sorted(cities)}
    store.ignored = ignored
    return store


def open_city(root: Path | str, code: str) -> Store:
    """Only what ``mark`` needs: the one file ``cities/<code>-*.toml``.

    ``portfolio.cities`` then holds that city alone (or nothing, when the
    portfolio has no file for the code); the company settings are not read and
    cannot be saved from this store. Two files for one code, or a file whose
    ``code`` disagrees with its name, raise LoadError.
    """
    root = Path(root).resolve()  # one spelling of every path, whatever symlinks lead here
    _check_root(root)
    company = root / model.COMPANY_FILE
    if os.path.islink(company):
        raise _symlink_error(root, company)
    if not os.path.lexists(company):
        raise _missing_company(root)
    if not _CODE.fullmatch(code):
        raise StoreError(t("store.city.bad_code", code=code), kind="bad_code")
    files, _ = _scan_cities(root)
    mine = [p for p in files if p.name.startswith(f"{code}-")]
    if len(mine) > 1:
        names = ", ".join(_rel(root, p) for p in mine)
        raise LoadError(t("store.city.duplicate", code=code, files=names), mine[0], kind="duplicate_city")
    store = Store(root, model.Portfolio(), only_city=code)
    if mine:
        state = _read_state(root, mine[0])
        city = _city_of(root, state)
        if city.code != code:
            line, col = _locate_file(root, mine[0], ["code"])
            what = t("store.city.code_mismatch", code=code, found=city.code)
            raise _load_error(root, mine[0], what, "code_mismatch", line, col)
        store._files[mine[0]] = state
        store._by_code[code] = mine[0]
        store.portfolio.cities[code] = city
    return store


def init(root: Path | str, portfolio: model.Portfolio) -> Store:
    """Create a new portfolio folder from ``portfolio``; refuse to touch an existing one."""
    root = Path(root).resolve()  # one spelling of every path, whatever symlinks lead here
    if os.path.lexists(root) and not os.path.isdir(root):
        raise StoreError(t("store.file.root_not_folder", root=str(root)), root, kind="root_not_folder")
    for name in (model.COMPANY_FILE, model.CITIES_DIR):
        if os.path.lexists(root / name):
            raise StoreError(t("store.init.exists", root=str(root), file=name), root / name, kind="exists")
    for code, city in portfolio.cities.items():
        if not _CODE.fullmatch(city.code) or code != city.code:
            raise StoreError(t("store.city.bad_code", code=city.code), kind="bad_code")
    try:
        root.mkdir(parents=True, exist_ok=True)
        for name in (model.CITIES_DIR, model.LOGOS_DIR):
            (root / name).mkdir(exist_ok=True)
    except OSError as e:
        message = t("store.init.failed", root=str(root), reason=e.strerror or str(e))
        raise StoreError(message, root, kind="init_failed") from e
    _sort_cities(portfolio)
    store = Store(root, portfolio)
    store.save()
    return store
