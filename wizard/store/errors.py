"""What goes wrong in the store, in plain words: the exceptions, and the messages that name the file.

Every error carries ``message``, localized plain words for the user, and
``kind``, the strings key, for callers that react to one case. A content
error names the file, the line and the column (``wording.py`` finds them)
and says that the file was not changed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from wizard import terminal
from wizard.i18n import t


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


def rel(root: Path, path: Path) -> str:
    """``path`` as the user sees it: relative to the portfolio when inside it."""
    inside, whole = os.path.join(str(root), ""), str(path)
    if whole.startswith(inside) and len(whole) > len(inside):  # the common case, without pathlib's parsing (twice a file)
        return whole[len(inside) :].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def shown(root: Path, path: Path) -> str:
    """``path`` for a message: relative to the portfolio, one line, nothing a terminal obeys (a name can hold anything)."""
    return terminal.path(rel(root, path))


def load_error(
    root: Path, path: Path, what: str, kind: str, line: int | None = None, column: int | None = None
) -> LoadError:
    """A content error: names file, line and column, and says the file is untouched."""
    file = shown(root, path)
    if line is not None and column is not None:
        where = t("store.location.line_col", file=file, line=line, column=column)
    elif line is not None:
        where = t("store.location.line", file=file, line=line)
    else:
        where = file
    return LoadError(t("store.load_error", location=where, what=what), path, line, column, kind=kind)


def file_error(root: Path, path: Path, kind: str, **params: Any) -> LoadError:
    """A file that cannot be read at all (missing, a folder, unreadable): ``store.file.<kind>``."""
    return LoadError(t(f"store.file.{kind}", file=shown(root, path), root=terminal.path(root), **params), path, kind=kind)


def symlink_error(root: Path, path: Path) -> UnsafePathError:
    return UnsafePathError(t("store.unsafe.symlink", file=shown(root, path)), path, kind="symlink")


def conflict(root: Path, paths: list[Path]) -> ConflictError:
    """The files changed on disk by someone else; nothing was written."""
    files = ", ".join(shown(root, p) for p in paths)
    return ConflictError(t("store.conflict", files=files), paths[0], paths)


def reason(e: OSError) -> str:
    """An OSError's reason in the operating system's words."""
    return e.strerror or str(e)
