"""Reading one file of the portfolio: safely, fast, and with what was read remembered.

:func:`read_bytes` opens a regular file inside the portfolio without ever
following a symbolic link (``O_NOFOLLOW``, checked again on the open file),
without hanging on a FIFO (``O_NONBLOCK``) and without reading more than
:data:`MAX_FILE_BYTES`. :func:`parse` decodes UTF-8 (a byte order mark is
allowed, UTF-16 and NUL bytes are named) and parses with the standard
library's ``tomllib``; every failure becomes a :class:`LoadError` in plain
words with its line and column (``wording.py``).

A :class:`FileState` is what was read from one file: the parsed data and a
hash of the bytes, with size, mtime and inode. It is the guard against lost
updates: a save writes only over a file that still holds these bytes.
"""

from __future__ import annotations

import errno
import os
import re
import stat as stat_mod
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from wizard import model
from wizard.i18n import t
from wizard.store import wording
from wizard.store.errors import LoadError, StoreError, file_error, load_error, reason, rel, symlink_error

try:  # the built-in module: no OpenSSL to load, unlike hashlib
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

MAX_FILE_BYTES = 5 * 1024 * 1024
"""A portfolio file is a few kB; anything this big is damaged or hostile."""

O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
O_BINARY = getattr(os, "O_BINARY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO named like a city file must not hang us
BOM = "\ufeff"


def digest(raw: bytes) -> bytes:
    """The hash that tells whether a file still holds the bytes that were read."""
    return blake2b(raw, digest_size=16).digest()


@dataclass(slots=True)
class FileState:
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


def read_bytes(root: Path, path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file inside the portfolio; never follows a symlink."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise file_error(root, path, "missing") from None
    except OSError as e:
        raise file_error(root, path, "unreadable", reason=reason(e)) from None
    if stat_mod.S_ISLNK(st.st_mode):
        raise symlink_error(root, path)
    if stat_mod.S_ISDIR(st.st_mode):
        raise file_error(root, path, "folder")
    if not stat_mod.S_ISREG(st.st_mode):
        raise file_error(root, path, "special")
    try:
        fd = os.open(path, os.O_RDONLY | O_NOFOLLOW | _O_NONBLOCK | O_BINARY)
    except FileNotFoundError:
        raise file_error(root, path, "missing") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise symlink_error(root, path) from None
        raise file_error(root, path, "unreadable", reason=reason(e)) from None
    try:
        st = os.fstat(fd)
        if not stat_mod.S_ISREG(st.st_mode):
            raise file_error(root, path, "special")
        outside(root, path, st)
        if st.st_size > MAX_FILE_BYTES:
            raise too_big(root, path, st.st_size)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, max(st.st_size + 1, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise too_big(root, path, total)
        return b"".join(chunks), st
    except OSError as e:
        raise file_error(root, path, "unreadable", reason=reason(e)) from None
    finally:
        os.close(fd)


def outside(root: Path, path: Path, st: os.stat_result) -> None:
    """Refuse a file that may be another one outside the portfolio: more than one name, or another device.

    A hard link to ``/etc/passwd`` is ``/etc/passwd``, as a mount in ``cities/``
    is another file system: neither is a symbolic link, and both bring in a
    file from outside. The checks are made on the file as opened.
    """
    if st.st_nlink > 1:
        raise file_error(root, path, "hard_link", n=st.st_nlink)
    try:
        root_dev = os.stat(root).st_dev
    except OSError:
        return
    if st.st_dev != root_dev:
        raise file_error(root, path, "other_device")


def too_big(root: Path, path: Path, size: int) -> LoadError:
    return load_error(
        root,
        path,
        t("store.size.too_big", size=f"{size / 1024 / 1024:.1f}", limit=MAX_FILE_BYTES // 1024 // 1024),
        "too_big",
    )


def _decode(root: Path, path: Path, raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # an editor's "Unicode": say so, not "NUL byte"
        raise load_error(root, path, t("store.encoding.utf16"), "utf16", 1, 1)
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = wording.byte_line_col(raw, nul)
        raise load_error(root, path, t("store.encoding.nul"), "nul", line, col)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = wording.byte_line_col(raw, e.start)
        raise load_error(root, path, t("store.encoding.utf8", byte=f"{raw[e.start]:02X}"), "utf8", line, col) from None
    return text[1:] if text.startswith(BOM) else text


def parse(root: Path, path: Path, raw: bytes) -> dict[str, Any]:
    """The file's bytes as ``tomllib`` reads them, or a LoadError in plain words."""
    text = _decode(root, path, raw)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise wording.toml_error(root, path, text, e) from None
    except RecursionError:
        raise load_error(root, path, t("store.toml.nested"), "nested") from None
    except ValueError:  # an integer beyond Python's digit limit
        m = re.search(r"[0-9_]{1000,}", text)
        line, col = wording.line_col(text, m.start()) if m else (None, None)
        raise load_error(root, path, t("store.toml.huge_number"), "huge_number", line, col) from None
    if not data:
        raise load_error(root, path, t("store.file.empty"), "empty")
    schema = data.get("schema")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > model.SCHEMA:
        line, col = wording.locate(text, ["schema"]) or (None, None)
        what = t("store.schema.newer", found=schema, known=model.SCHEMA)
        raise load_error(root, path, what, "newer_schema", line, col)
    return data


def read_state(root: Path, path: Path) -> FileState:
    raw, st = read_bytes(root, path)
    data = parse(root, path, raw)
    return FileState(path, digest(raw), st.st_size, st.st_mtime_ns, st.st_ino, data)


def to_model(root: Path, state: FileState, build: Callable[[dict[str, Any], str], Any]) -> Any:
    """``*_from_dict`` with its SchemaError turned into a LoadError that names the line."""
    prefix = f"{rel(root, state.path)}: "
    try:
        return build(state.data, prefix)
    except model.SchemaError as e:
        key = e.where[len(prefix) :] if e.where.startswith(prefix) else e.where
        parts = wording.key_parts(key)
        where = locate_file(root, state.path, parts)
        error = load_error(root, state.path, wording.schema_message(e, key, state.data, parts), e.code, *where)
        error.where = e.where
        raise error from None
    except RecursionError:
        raise load_error(root, state.path, t("store.toml.nested"), "nested") from None
    except (TypeError, ValueError, AttributeError, KeyError) as e:  # hostile input must never be a traceback
        raise load_error(root, state.path, t("store.schema.unexpected", detail=str(e)), "unexpected") from e


def settings_of(root: Path, state: FileState) -> model.Settings:
    return to_model(root, state, model.settings_from_dict)


def city_of(root: Path, state: FileState) -> model.City:
    city = to_model(root, state, model.city_from_dict)
    state.code = city.code
    return city


def stock_of(root: Path, state: FileState) -> model.City:
    """A buildings file read into a City that holds its code and buildings only."""
    stock = to_model(root, state, model.stock_from_dict)
    state.code = stock.code
    return stock


def locate_file(root: Path, path: Path, parts: list[str | int]) -> tuple[int | None, int | None]:
    """Where ``parts`` is written in the file on disk, or (None, None)."""
    try:
        text = read_bytes(root, path)[0].decode("utf-8")
    except (StoreError, UnicodeDecodeError):
        return None, None
    return wording.locate(text.removeprefix(BOM), parts) or (None, None)
