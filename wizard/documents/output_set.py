"""Writing an output set: all documents or none, never half a set.

:func:`write_set` checks the target first (:func:`_check_target`), renders
every document into a staging folder beside the output folder (some of
them in forked children, ``children.py``), and only then publishes: a new
folder is renamed into place, an existing one gets each file replaced with
the old one kept aside until all are in (:func:`_publish`), so any failure
puts the previous set back. When every municipality is exported, the files
of municipalities no longer in the portfolio go with the old set. :func:`write_file` is the one place a document's
bytes reach the disk.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Sequence

from wizard.documents.children import Detached
from wizard.documents.errors import ExportError
from wizard.i18n import t

_OWN_CITY_FILE = re.compile(r"^\d{4}-[a-z0-9-]*\.(html|md|pdf)$")

_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_file(path: Path, content: str | bytes) -> None:
    """One new file: open, write, close (no fsync: atomicity comes from the temporary folder and rename)."""
    data = memoryview(content.encode("utf-8") if isinstance(content, str) else content)
    fd = os.open(path, _CREATE_FLAGS, 0o666)
    try:
        while data:
            data = data[os.write(fd, data) :]
    finally:
        os.close(fd)


def _check_target(out_dir: Path, rels: Iterable[str]) -> None:
    """Fail before anything is written when the output folder cannot take the set."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError("not_a_folder", path=str(out_dir))
    for parent in out_dir.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ExportError("file_in_the_way", path=str(parent))
            break
    for rel in rels:
        target = out_dir / rel
        for sub in list(reversed(PurePosixPath(rel).parents))[1:]:
            p = out_dir / sub
            if p.exists() and not p.is_dir():
                raise ExportError("file_in_the_way", path=str(p))
        if target.is_dir() and not target.is_symlink():
            raise ExportError("folder_in_the_way", path=str(target))


def _make_temp(out_dir: Path) -> tuple[Path, list[Path]]:
    """A temporary folder beside ``out_dir`` (inside it when the parent cannot take one).

    Returns the folder and the folders created for it, to remove on failure.
    """
    created: list[Path] = []
    missing = [p for p in [out_dir.parent, *out_dir.parent.parents] if not p.exists()]
    try:
        for p in reversed(missing):
            p.mkdir()
            created.append(p)
    except OSError as e:
        _remove_empty(created)
        raise ExportError("unwritable", path=str(out_dir), reason=e.strerror or str(e)) from None
    prefix = f".{out_dir.name or 'export'}.huskurage-"
    try:
        tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.parent))
        if out_dir.is_dir() and os.stat(tmp).st_dev != os.stat(out_dir).st_dev:
            shutil.rmtree(tmp, ignore_errors=True)
            raise OSError("cross-device")
        return tmp, created
    except OSError as first:
        if out_dir.is_dir():
            try:
                return Path(tempfile.mkdtemp(prefix=".huskurage-export-", dir=out_dir)), created
            except OSError as e:
                first = e
        _remove_empty(created)
        raise ExportError("unwritable", path=str(out_dir), reason=first.strerror or str(first)) from None


def _remove_empty(dirs: Iterable[Path]) -> None:
    for d in sorted(dirs, key=lambda p: len(p.parts), reverse=True):
        try:
            d.rmdir()
        except OSError:
            pass


def write_set(
    out_dir: Path,
    jobs: list[tuple[str, Callable[[], str | bytes]]],
    stale_dirs: list[str],
    progress: Callable[[str], None] | None,
    detach: Sequence[Sequence[str]] = (),
) -> list[Path]:
    """Render and write ``jobs`` into a temporary folder, then move them into ``out_dir``.

    ``detach``: groups of documents, each group rendered in order by a forked
    child of its own (:class:`Detached`).
    """
    rels = [rel for rel, _ in jobs]
    _check_target(out_dir, rels)
    tmp, created_parents = _make_temp(out_dir)
    children: list[Detached] = []
    try:
        staged = tmp / "new"
        staged.mkdir()
        renders = dict(jobs)
        for group in detach:
            for rel in group:
                (staged / rel).parent.mkdir(parents=True, exist_ok=True)
            try:
                children.append(Detached([(staged / rel, renders[rel]) for rel in group], write_file))
            except OSError:  # no process or pipe to spare (EAGAIN, EMFILE): rendered here instead
                pass
        away = {path for c in children for path in c.paths}
        made = {staged}
        for rel, render in jobs:
            if progress:
                progress(t("exports.progress_msg.writing", path=rel))
            path = staged / rel
            if path in away:
                continue
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            write_file(path, render())
        while children:
            children[0].wait()
            children.pop(0)
        if not out_dir.exists():
            os.rename(staged, out_dir)
        else:
            _publish(staged, out_dir, rels, stale_dirs, tmp / "previous")
    except ExportError:
        _cleanup(tmp, created_parents, children)
        raise
    except (OSError, MemoryError) as e:
        _cleanup(tmp, created_parents, children)
        reason = getattr(e, "strerror", None) or str(e) or type(e).__name__
        if isinstance(e, PermissionError):
            raise ExportError("unwritable", path=str(out_dir), reason=reason) from None
        raise ExportError("failed", path=str(out_dir), reason=reason) from None
    except BaseException:
        _cleanup(tmp, created_parents, children)
        raise
    shutil.rmtree(tmp, ignore_errors=True)
    if progress:
        progress(t("exports.progress_msg.done", n=len(rels), path=str(out_dir)))
    return [out_dir / rel for rel in rels]


def _cleanup(tmp: Path, created: list[Path], children: Sequence[Detached] = ()) -> None:
    for child in children:  # stopped and reaped before its folder goes
        child.kill()
    shutil.rmtree(tmp, ignore_errors=True)
    _remove_empty(created)


def _publish(staged: Path, out_dir: Path, rels: list[str], stale_dirs: list[str], backup: Path) -> None:
    """Move the staged files over the old ones; on any failure put the old set back."""
    done: list[tuple[Path, Path | None, Path | None]] = []  # (target, its backup, new file moved in)
    made: list[Path] = []
    wanted = set(rels)
    stale = []
    for d in stale_dirs:
        folder = out_dir / d
        if folder.is_dir():
            for p in sorted(folder.iterdir()):
                rel = f"{d}/{p.name}"
                if rel not in wanted and _OWN_CITY_FILE.match(p.name) and p.is_file() and not p.is_symlink():
                    stale.append(rel)
    try:
        for rel in [*rels, *stale]:
            target = out_dir / rel
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True)
                made.append(target.parent)
            old = None
            if target.exists() or target.is_symlink():
                old = backup / rel
                old.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, old)
            done.append((target, old, None))
            if rel in wanted:
                os.replace(staged / rel, target)
                done[-1] = (target, old, staged / rel)
    except BaseException:
        for target, old, new in reversed(done):
            try:
                if new is not None:
                    os.replace(target, new)
                if old is not None:
                    os.replace(old, target)
            except OSError:
                pass
        _remove_empty(made)
        raise
