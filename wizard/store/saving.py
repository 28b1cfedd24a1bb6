"""One save, file by file: is it still as it was read, what is the new text, write it.

:class:`Store` (``portfolio.py``) decides which files changed and holds the
portfolio's lock (``lock.py``) around the whole save; this module:

1. checks each file on disk against what was read (:func:`on_disk`): the
   same bytes, or bytes that parse to the same data (someone only added a
   comment). Otherwise it is someone else's change, a conflict: nothing of
   the save is written.
2. renders the new text: the change patched into the user's file
   (``patching.py``; history rows appended as text and capped, ``history.py``),
   or a new file written out in full.
3. verifies it: the text parsed back with ``tomllib`` and built into the
   model must be exactly the model being saved, and no bigger than the
   loader reads (:data:`~wizard.store.reading.MAX_FILE_BYTES`).
4. writes it (:func:`write`): every new file staged beside its file and
   synced, each file checked once more, then moved into place, history
   archives before the files they were moved out of (``writing.py``).
"""

from __future__ import annotations

import datetime as dt
import os
import stat as stat_mod
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterator

from wizard import model
from wizard.i18n import t
from wizard.store import buildings, folder, history, patching, writing
from wizard.store.errors import (
    ConflictError,
    LoadError,
    StoreError,
    UnsafePathError,
    conflict,
    reason,
    rel,
    shown,
    symlink_error,
)
from wizard.store.reading import BOM, MAX_FILE_BYTES, FileState, digest, parse, read_bytes


@dataclass
class Archive:
    """History rows moved out of a file, and where they go."""

    path: Path
    text: str
    written: bool  # the same file is there already (a save cut short after writing it)


@dataclass
class Job:
    """One file to write: its current state (None for a new file) and the model dict to store."""

    path: Path
    state: FileState | None
    new: dict[str, Any]
    code: str | None = None  # for a city: the key in portfolio.cities; None: the company file
    stock: bool = False  # the city's buildings file rather than the city file
    text: str = ""
    parsed: dict[str, Any] | None = None  # the text as tomllib reads it back
    expected: writing.Expected | None = None  # the file on disk as checked, which the save replaces
    archive: Archive | None = None
    moved: int = 0  # history rows moved to the archive, which leave the model once written

    @property
    def build(self) -> Callable[..., Any]:
        if self.code is None:
            return model.settings_from_dict
        return model.stock_from_dict if self.stock else model.city_from_dict

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        """Parsed text -> the model dict it stands for, to verify the result."""
        return _TO_DICT[self.build](self.build(data, "check: "))


_TO_DICT: dict[Callable[..., Any], Callable[[Any], dict[str, Any]]] = {
    model.settings_from_dict: model.settings_to_dict,
    model.city_from_dict: model.city_to_dict,
    model.stock_from_dict: model.buildings_to_dict,
}


def base_of(root: Path, state: FileState, build: Callable[..., Any]) -> dict[str, Any]:
    """The model as read from the file, as ``*_to_dict`` gives it (computed once, when needed)."""
    if state.base is None:
        state.base = _TO_DICT[build](build(state.data, f"{rel(root, state.path)}: "))
    return state.base


def on_disk(root: Path, state: FileState) -> tuple[bytes, os.stat_result] | None:
    """The file's bytes and stat when it still holds what was read; None when someone else changed it.

    Other bytes that parse to the same data (a comment added, a blank line)
    are no change. A file that cannot be read any more raises LoadError
    (UnsafePathError for a symlink swapped in).
    """
    raw, st = read_bytes(root, state.path)
    if digest(raw) != state.digest:
        try:
            now = parse(root, state.path, raw)
        except LoadError:
            return None
        if not patching.same(now, state.data):
            return None
    return raw, st


# ------------------------------------------------------------------ preparing


def prepare(root: Path, job: Job, conflicts: list[Path], today: dt.date) -> bool:
    """Check the file on disk and render the new text; False when nothing needs writing."""
    path = job.path
    if job.state is None:
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            st = None
        if st is not None:
            if stat_mod.S_ISLNK(st.st_mode):
                raise symlink_error(root, path)
            conflicts.append(path)  # someone else created it since we looked
            return False
        write_new = buildings.render_new if job.stock else patching.render_new
        rendered = history.render(None, None, None, job.new, patching.render_merged, write_new)
        job.text = rendered.text
    else:
        try:
            found = on_disk(root, job.state)
        except UnsafePathError:
            raise
        except LoadError:  # deleted, replaced by a folder, unreadable: not ours to overwrite
            found = None
        if found is None:
            conflicts.append(path)
            return False
        raw, st = found
        job.expected = writing.Expected(st, digest(raw))
        text = raw.decode("utf-8")  # it parsed, so it decodes
        bom = BOM if text.startswith(BOM) else ""
        body = text[len(bom) :]
        newline = patching.majority_newline(body)
        try:
            merge: Callable[[str, dict[str, Any], dict[str, Any]], str] = partial(patching.render_merged, newline=newline)
            if job.stock:  # a large file: only the buildings that changed go through tomlkit
                merge = buildings.merger(job.state.data, merge)
            base = base_of(root, job.state, job.build)
            rendered = history.render(body, job.state.data, base, job.new, merge, patching.render_new, newline)
        except Exception as e:  # tomlkit could not take this file apart safely
            raise _cannot_edit(root, path, str(e)) from e
        job.text = bom + rendered.text
        if job.text == text:
            job.state.base = job.new
            return False
    _verify(root, job, rendered.kept)
    if rendered.moved:
        _archive(root, job, rendered, today)
    return True


def _verify(root: Path, job: Job, kept: dict[str, Any]) -> None:
    """The new text reads back as exactly the model, and the loader will read it."""
    size = len(job.text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        message = t(
            "store.save.too_big",
            file=shown(root, job.path),
            size=f"{size / 1024 / 1024:.1f}",
            limit=MAX_FILE_BYTES // 1024 // 1024,
        )
        raise StoreError(message, job.path, kind="too_big")
    try:
        job.parsed = tomllib.loads(job.text.removeprefix(BOM))
        verified = job.check(job.parsed)
    except Exception as e:
        raise _cannot_edit(root, job.path, str(e)) from e
    if not patching.same(verified, kept):
        raise _cannot_edit(root, job.path, t("store.save.verify_failed"))
    job.new = verified


def _archive(root: Path, job: Job, rendered: history.Rendered, today: dt.date) -> None:
    """The rows moved out of the file, in a new archive file (``history.py`` checked they are those rows)."""
    code = job.new.get("code") if job.code is not None else None
    text = history.archive_text(rendered.moved, code, rel(root, job.path), today, patching.majority_newline(job.text))
    if history.count_rows(text) != len(rendered.moved_rows):
        raise _cannot_edit(root, job.path, t("store.save.verify_failed"))
    folder.ensure_dir(root, history.HISTORY_DIR)
    path, written = history.archive_path(root, job.path, today, text)
    job.archive = Archive(path, text, written)
    job.moved = len(rendered.moved_rows)


def _cannot_edit(root: Path, path: Path, detail: str) -> StoreError:
    message = t("store.save.cannot_edit", file=shown(root, path), detail=detail)
    return StoreError(message, path, kind="cannot_edit")


# ------------------------------------------------------------------ writing


def write(root: Path, jobs: list[Job], remember: Callable[[Job, FileState], None]) -> list[Path]:
    """Write the prepared files: all staged, all checked once more, then each moved into place.

    ``remember`` learns each file written, as it is. A file that changed on
    disk since it was checked is not replaced (ConflictError); the files
    written before it stay written, and the message says which.
    """
    staged: list[tuple[Job, writing.Staged, writing.Staged | None]] = []
    written: list[Path] = []
    try:
        for job in jobs:
            with _naming(root, job.path):
                archive = None
                if job.archive is not None and not job.archive.written:
                    archive = writing.stage(job.archive.path, _encode(root, job.archive.path, job.archive.text), None)
                staged.append((job, writing.stage(job.path, _encode(root, job.path, job.text), job.expected), archive))
        changed = [s.path for _, s, _ in staged if not writing.unchanged(s.path, s.expected)]
        if changed:
            raise conflict(root, changed)
        for job, file, archive in staged:
            with _naming(root, job.path):
                if archive is not None:
                    writing.commit(archive)
                try:
                    writing.commit(file)
                except writing.Changed:
                    if archive is not None:  # the rows stay in the file: their archive goes again
                        os.unlink(archive.path)
                    raise _late_conflict(root, job.path, written) from None
            remember(job, _state(job, file))
            written.append(job.path)
    finally:
        for _, file, archive in staged:
            writing.discard(file)
            if archive is not None:
                writing.discard(archive)
    return written


@contextmanager
def _naming(root: Path, path: Path) -> Iterator[None]:
    """An OSError while writing ``path`` becomes the message that names it and says the old version is there."""
    try:
        yield
    except OSError as e:
        message = t("store.save.failed", file=shown(root, path), reason=reason(e))
        raise StoreError(message, path, kind="write_failed") from e


def _encode(root: Path, path: Path, text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise StoreError(
            t("store.save.unencodable", file=shown(root, path), detail=repr(e.object[e.start : e.end])),
            path,
            kind="unencodable",
        ) from None


def _state(job: Job, file: writing.Staged) -> FileState:
    """What is on disk now: the guard for the next save."""
    raw = job.text.encode("utf-8")
    st = file.stat
    state = FileState(job.path, digest(raw), st.st_size, st.st_mtime_ns, st.st_ino, job.parsed or {}, base=job.new)
    if job.code is not None:
        state.code = job.new["code"]
    return state


def _late_conflict(root: Path, path: Path, written: list[Path]) -> ConflictError:
    """A file changed on disk during the save, after it was checked; the files before it were written."""
    if not written:
        return conflict(root, [path])
    message = t("store.conflict_partly", files=shown(root, path), saved=", ".join(shown(root, p) for p in written))
    return ConflictError(message, path, [path])
