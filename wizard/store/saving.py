"""One save, file by file: is it still as it was read, what is the new text, write it.

:class:`Store` (``portfolio.py``) decides which files changed and holds the
portfolio's lock (``lock.py``) around the whole save; for each file this
module:

1. checks the file on disk against what was read (:func:`on_disk`): the
   same bytes, or bytes that parse to the same data (someone only added a
   comment). Otherwise it is someone else's change, a conflict: nothing of
   the save is written.
2. renders the new text: the change patched into the user's file
   (``patching.py``), or a new file written out in full.
3. verifies it: the text parsed back with ``tomllib`` and built into the
   model must be exactly the model being saved.
4. writes it atomically, keeping ``<file>.bak`` (``writing.py``), and
   remembers what is now on disk, so the next save checks against it.
"""

from __future__ import annotations

import os
import stat as stat_mod
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from wizard import model
from wizard.i18n import t
from wizard.store import patching, writing
from wizard.store.errors import LoadError, StoreError, UnsafePathError, reason, rel, shown, symlink_error
from wizard.store.reading import BOM, FileState, digest, parse, read_bytes


@dataclass
class Job:
    """One file to write: its current state (None for a new file) and the model dict to store."""

    path: Path
    state: FileState | None
    new: dict[str, Any]
    code: str | None = None  # for a city: the key in portfolio.cities; None: the company file
    text: str = ""
    parsed: dict[str, Any] | None = None  # the text as tomllib reads it back
    previous: os.stat_result | None = None

    @property
    def build(self) -> Callable[..., Any]:
        return model.settings_from_dict if self.code is None else model.city_from_dict

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        """Parsed text -> the model dict it stands for, to verify the result."""
        if self.code is None:
            return model.settings_to_dict(model.settings_from_dict(data))
        return model.city_to_dict(model.city_from_dict(data, "check: "))


def base_of(root: Path, state: FileState, build: Callable[..., Any]) -> dict[str, Any]:
    """The model as read from the file, as ``*_to_dict`` gives it (computed once, when needed)."""
    if state.base is None:
        to_dict = model.settings_to_dict if build is model.settings_from_dict else model.city_to_dict
        state.base = to_dict(build(state.data, f"{rel(root, state.path)}: "))
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


def prepare(root: Path, job: Job, conflicts: list[Path]) -> bool:
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
        job.text = patching.render_new(job.new)
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
        raw, job.previous = found
        text = raw.decode("utf-8")  # it parsed, so it decodes
        bom = text.startswith(BOM)
        body = text[1:] if bom else text
        try:
            out = patching.render_merged(body, base_of(root, job.state, job.build), job.new)
        except Exception as e:  # tomlkit could not take this file apart safely
            raise _cannot_edit(root, path, str(e)) from e
        job.text = (BOM if bom else "") + out
        if job.text == text:
            job.state.base = job.new
            return False
    try:
        job.parsed = tomllib.loads(job.text.removeprefix(BOM))
        verified = job.check(job.parsed)
    except Exception as e:
        raise _cannot_edit(root, path, str(e)) from e
    if not patching.same(verified, job.new):
        raise _cannot_edit(root, path, t("store.save.verify_failed"))
    job.new = verified
    return True


def _cannot_edit(root: Path, path: Path, detail: str) -> StoreError:
    message = t("store.save.cannot_edit", file=shown(root, path), detail=detail)
    return StoreError(message, path, kind="cannot_edit")


def write(root: Path, job: Job) -> FileState:
    """Write the prepared text atomically; what is on disk now."""
    try:
        raw = job.text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise StoreError(
            t("store.save.unencodable", file=shown(root, job.path), detail=repr(e.object[e.start : e.end])),
            job.path,
            kind="unencodable",
        ) from None
    try:
        st = writing.write_atomic(job.path, raw, job.previous)
    except OSError as e:
        message = t("store.save.failed", file=shown(root, job.path), reason=reason(e))
        raise StoreError(message, job.path, kind="write_failed") from e
    state = FileState(job.path, digest(raw), st.st_size, st.st_mtime_ns, st.st_ino, job.parsed or {}, base=job.new)
    if job.code is not None:
        state.code = job.new["code"]
    return state
