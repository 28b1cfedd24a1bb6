"""Writing an output set: all documents or none, and never a file this program did not write.

The output folder may hold the user's own files (a draft letter, last year's
campaign sign): an export replaces or removes only files it wrote itself and
that are still as it wrote them. What it wrote is recorded in the folder's
own hidden room, ``.huskurage-export/written.json`` (each file's hash); any
other file in the way stops the export before anything changes, naming it.

:func:`write_set`:

1. checks the output path: no symbolic link anywhere on it (a link in
   ``signs/`` or in the folder itself would send the documents elsewhere),
   no file where a folder belongs;
2. takes the room's lock (one export into a folder at a time) and removes
   what a killed export left there: the room is the place every export
   stages in, so a later one cleans up, and nothing is ever left beside it
   (killed while publishing, its journal says what it had moved aside, put
   back, and in, counted as its own: :func:`_recover`);
3. renders every document into ``.huskurage-export/staging-…/`` (some in
   forked children, ``children.py``); a file is created there, never
   opened over an existing one;
4. publishes (a journal first): each old file this program wrote is moved aside and checked
   (still the bytes it wrote?), then the new one renamed into place, every
   step relative to folders opened without following a link; any failure
   puts the previous set back. With every municipality exported, the files
   of municipalities no longer in the portfolio go, if the export wrote them.

A file the user's own that happens to hold exactly the bytes of the new
document is left as it is and counted as written. :func:`write_file` is the
one place a document's bytes reach the disk.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat as stat_mod
from contextlib import ExitStack, contextmanager, suppress
from hashlib import blake2b
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator, Sequence

from wizard import terminal
from wizard.documents.children import Detached
from wizard.documents.errors import ExportError
from wizard.i18n import t

ROOM = ".huskurage-export"  # the export's own hidden folder inside the output folder
RECORD = "written.json"
JOURNAL = "journal.json"  # in a staging folder, before publishing: what goes aside and what comes in (_recover)
_RECORD_MAX_BYTES = 16 * 1024 * 1024

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
_AT = os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd  # openat & co: no path is looked up twice


def write_file(path: Path, content: str | bytes) -> None:
    """One new file: created (never an existing one, never through a link), written, closed.

    No fsync: atomicity comes from the staging folder and the renames.
    """
    data = memoryview(content.encode("utf-8") if isinstance(content, str) else content)
    fd = os.open(path, _CREATE_FLAGS, 0o666)
    try:
        while data:
            data = data[os.write(fd, data) :]
    finally:
        os.close(fd)


def digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


# ------------------------------------------------------------------ folders opened without following links


class _Folder:
    """A folder opened once, without following a link; names inside it are looked up relative to it.

    Where the system has no ``openat`` (Windows), the path stands in for the descriptor.
    """

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self.fd = fd

    @classmethod
    def open(cls, path: Path, parent: "_Folder | None" = None) -> "_Folder":
        if not _AT:
            st = os.lstat(path)
            if not stat_mod.S_ISDIR(st.st_mode):
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
            return cls(path, None)
        name: str | Path = path.name if parent is not None else path
        fd = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent.fd if parent else None)
        return cls(path, fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def _at(self, name: str) -> dict:
        return {"dir_fd": self.fd} if self.fd is not None else {}

    def _name(self, name: str) -> str | Path:
        return name if self.fd is not None else self.path / name

    def lstat(self, name: str) -> os.stat_result | None:
        try:
            return os.stat(self._name(name), follow_symlinks=False, **self._at(name))
        except FileNotFoundError:
            return None

    def mkdir(self, name: str) -> None:
        os.mkdir(self._name(name), 0o777, **self._at(name))

    def child(self, name: str, *, create: bool = False) -> "_Folder":
        """The folder ``name`` inside this one (made when asked); a link or a file there raises."""
        st = self.lstat(name)
        if create and st is None:
            self.mkdir(name)
        elif st is not None and stat_mod.S_ISLNK(st.st_mode):
            where = self.path / name
            raise ExportError("symlink_on_path", path=_shown(where), real=_shown(os.path.realpath(where)))
        return _Folder.open(self.path / name, self)

    def read(self, name: str, limit: int) -> bytes | None:
        """A regular file's bytes (None when missing, a link, not a file, or bigger than ``limit``)."""
        try:
            fd = os.open(self._name(name), os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _BINARY | getattr(os, "O_NONBLOCK", 0), **self._at(name))
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat_mod.S_ISREG(st.st_mode) or st.st_size > limit:
                return None
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)

    def write(self, name: str, data: bytes) -> None:
        fd = os.open(self._name(name), _CREATE_FLAGS, 0o666, **self._at(name))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def move(self, name: str, to: "_Folder", new_name: str) -> None:
        if self.fd is not None and to.fd is not None:
            os.replace(name, new_name, src_dir_fd=self.fd, dst_dir_fd=to.fd)
        else:
            os.replace(self.path / name, to.path / new_name)

    def unlink(self, name: str) -> None:
        os.unlink(self._name(name), **self._at(name))

    def remove_tree(self, name: str) -> None:
        if self.fd is not None:
            shutil.rmtree(name, ignore_errors=True, dir_fd=self.fd)
        else:
            shutil.rmtree(self.path / name, ignore_errors=True)

    def names(self) -> list[str]:
        return sorted(os.listdir(self.fd if self.fd is not None else self.path))


@contextmanager
def _locked(room: _Folder) -> Iterator[None]:
    """One export into a folder at a time: ``flock`` on the room's lock file (released when a process dies,
    even by ``kill -9``), or ``filelock`` where there is no ``fcntl`` (Windows)."""
    try:
        import fcntl
    except ImportError:
        import filelock

        with filelock.FileLock(str(room.path / "lock.filelock")):
            yield
        return
    flags = os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC
    fd = os.open("lock" if room.fd is not None else room.path / "lock", flags, 0o666, **room._at("lock"))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# ------------------------------------------------------------------ the output path


def _shown(path: Path | str) -> str:
    return terminal.path(path)


def _check_path(out_dir: Path) -> list[Path]:
    """No link anywhere on the output path, no file where a folder must be; the folders still to make."""
    absolute = Path(os.path.abspath(out_dir))
    missing: list[Path] = []
    for path in [absolute, *absolute.parents]:
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            missing.append(path)
            continue
        except OSError as e:
            raise ExportError("unwritable", path=_shown(path), reason=e.strerror or str(e)) from None
        if stat_mod.S_ISLNK(st.st_mode):
            raise ExportError("symlink_on_path", path=_shown(path), real=_shown(os.path.realpath(path)))
        if not stat_mod.S_ISDIR(st.st_mode):
            raise ExportError("not_a_folder" if path == absolute else "file_in_the_way", path=_shown(path))
    return list(reversed(missing))


def _in_the_way(out: _Folder, rel: str) -> None:
    """Fail before anything is written when a folder on the way to ``rel`` is a link or a file, or ``rel`` a folder or a link."""
    parts = PurePosixPath(rel).parts
    with ExitStack() as stack:
        folder = out
        for i, part in enumerate(parts):
            st = folder.lstat(part)
            where = folder.path / part
            if st is None:
                return
            if stat_mod.S_ISLNK(st.st_mode):
                raise ExportError("symlink_on_path", path=_shown(where), real=_shown(os.path.realpath(where)))
            if i == len(parts) - 1:
                if stat_mod.S_ISDIR(st.st_mode):
                    raise ExportError("folder_in_the_way", path=_shown(where))
                return
            if not stat_mod.S_ISDIR(st.st_mode):
                raise ExportError("file_in_the_way", path=_shown(where))
            folder = _Folder.open(where, folder)
            stack.callback(folder.close)


# ------------------------------------------------------------------ the set


def _read_record(room: _Folder) -> dict[str, str]:
    raw = room.read(RECORD, _RECORD_MAX_BYTES)
    try:
        data = json.loads(raw.decode("utf-8")) if raw else {}
    except ValueError:
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str) and _a_document_name(k)}


def _a_document_name(rel: str) -> bool:
    """Whether ``rel`` could name a document of a set: a plain relative path down the output folder. Any other
    entry in a record (``..``, ``/etc/passwd``, ``signs/..``: damage, or planted) is not this program's file."""
    parts = rel.split("/")
    return all(part not in ("", ".", "..") and "\\" not in part and "\0" not in part for part in parts) and parts[0] != ROOM


def _recover(out: _Folder, room: _Folder, staging_name: str) -> None:
    """What an export killed while publishing left in its staging folder, set right before the folder goes.

    A file it had moved aside (its own old one, or the user's while it looked at it) goes back where its
    place is empty; a new document it had moved in counts as its own in the record, so the next export
    replaces it instead of stopping at it. An export killed before publishing left no journal: nothing moved.
    """
    with ExitStack() as stack:
        try:
            staging = room.child(staging_name)
            stack.callback(staging.close)
            raw = staging.read(JOURNAL, _RECORD_MAX_BYTES)
            journal = json.loads(raw.decode("utf-8")) if raw else None
            aside = staging.child("previous") if staging.lstat("previous") is not None else None
        except (OSError, ValueError, ExportError):
            return
        if aside is not None:
            stack.callback(aside.close)
        entries = journal if isinstance(journal, dict) else {}
        moved_aside, moved_in = entries.get("aside"), entries.get("new")
        record = _read_record(room)
        for key, rel in (moved_aside or {}).items() if isinstance(moved_aside, dict) else ():
            if aside is None or not isinstance(rel, str) or not _a_document_name(rel) or aside.lstat(str(key)) is None:
                continue
            with suppress(OSError, ExportError), _parent(out, rel) as folder:
                if folder is not None and folder.lstat(PurePosixPath(rel).name) is None:
                    aside.move(str(key), folder, PurePosixPath(rel).name)
        for rel, hashed in (moved_in or {}).items() if isinstance(moved_in, dict) else ():
            if not isinstance(rel, str) or not isinstance(hashed, str) or not _a_document_name(rel):
                continue
            with suppress(OSError, ExportError), _parent(out, rel) as folder:
                data = folder.read(PurePosixPath(rel).name, 1 << 40) if folder is not None else None
                if data is not None and digest(data) == hashed:
                    record[rel] = hashed
        with suppress(OSError):
            _write_record(room, record)


@contextmanager
def _parent(out: _Folder, rel: str) -> Iterator[_Folder | None]:
    """The folder holding ``rel`` in the output, opened without following a link; None when it is not there."""
    with ExitStack() as stack:
        folder = out
        for part in PurePosixPath(rel).parts[:-1]:
            if folder.lstat(part) is None:
                yield None
                return
            folder = folder.child(part)
            stack.callback(folder.close)
        yield folder


def _write_record(room: _Folder, files: dict[str, str]) -> None:
    data = json.dumps({"written_by": "huskurage", "files": dict(sorted(files.items()))}, indent=1).encode("utf-8")
    tmp = f"{RECORD}.{os.getpid()}.tmp"
    with suppress(FileNotFoundError):
        room.unlink(tmp)
    room.write(tmp, data)
    room.move(tmp, room, RECORD)


def write_set(
    out_dir: Path,
    jobs: list[tuple[str, Callable[[], str | bytes]]],
    stale_dirs: list[str],
    progress: Callable[[str], None] | None,
    detach: Sequence[Sequence[str]] = (),
) -> list[Path]:
    """Render ``jobs`` into the staging folder, then publish them in ``out_dir``; the files of the set.

    ``detach``: groups of documents, each group rendered in order by a forked
    child of its own (:class:`Detached`).
    """
    out_dir = Path(out_dir)
    rels = [rel for rel, _ in jobs]
    to_make = _check_path(out_dir)
    made: list[Path] = []
    try:
        for path in to_make:
            path.mkdir()
            made.append(path)
    except OSError as e:
        _remove_empty(made)
        raise _os_error(e, out_dir) from None
    with ExitStack() as stack:
        try:
            out = _Folder.open(Path(os.path.abspath(out_dir)))
            stack.callback(out.close)
            for rel in rels:
                _in_the_way(out, rel)
            room_made = out.lstat(ROOM) is None
            room = out.child(ROOM, create=True)
            stack.callback(room.close)
            stack.enter_context(_locked(room))
            for name in room.names():  # what a killed export left: only this lock's holder stages here
                if name.startswith("staging-"):
                    _recover(out, room, name)
                    room.remove_tree(name)
        except ExportError:
            _forget(out_dir, made)
            raise
        except OSError as e:
            _forget(out_dir, made)
            raise _os_error(e, out_dir) from None
        staging_name = f"staging-{os.getpid()}-{os.urandom(4).hex()}"
        children: list[Detached] = []
        try:
            room.mkdir(staging_name)
            staged = room.path / staging_name / "new"
            staged.mkdir()
            _render(staged, jobs, progress, detach, children)
            record = _read_record(room)
            _publish(out, room, staging_name, rels, stale_dirs, record)
        except BaseException as e:
            for child in children:  # stopped and reaped before its folder goes
                child.kill()
            room.remove_tree(staging_name)
            if made:
                _forget(out_dir, made)
            elif room_made:  # a folder that had no room before has none after a failed export
                out.remove_tree(ROOM)
            if isinstance(e, ExportError) or not isinstance(e, (OSError, MemoryError)):
                raise
            raise _os_error(e, out_dir) from None
        room.remove_tree(staging_name)
    if progress:
        progress(t("exports.progress_msg.done", n=len(rels), path=_shown(out_dir)))
    return [out_dir / rel for rel in rels]


def _os_error(e: BaseException, out_dir: Path) -> ExportError:
    reason = getattr(e, "strerror", None) or str(e) or type(e).__name__
    if isinstance(e, OSError) and e.errno == errno.ELOOP:
        return ExportError("symlink_on_path", path=_shown(getattr(e, "filename", None) or out_dir), real="?")
    if isinstance(e, PermissionError):
        return ExportError("unwritable", path=_shown(out_dir), reason=reason)
    return ExportError("failed", path=_shown(out_dir), reason=reason)


def _forget(out_dir: Path, made: list[Path]) -> None:
    """An export that made the output folder and failed takes it away again, room and all."""
    if made:
        shutil.rmtree(Path(os.path.abspath(out_dir)) / ROOM, ignore_errors=True)
    _remove_empty(made)


def _remove_empty(dirs: list[Path]) -> None:
    for d in sorted(dirs, key=lambda p: len(p.parts), reverse=True):
        with suppress(OSError):
            d.rmdir()


def _render(
    staged: Path,
    jobs: list[tuple[str, Callable[[], str | bytes]]],
    progress: Callable[[str], None] | None,
    detach: Sequence[Sequence[str]],
    children: list[Detached],
) -> None:
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


def _publish(
    out: _Folder,
    room: _Folder,
    staging_name: str,
    rels: list[str],
    stale_dirs: list[str],
    record: dict[str, str],
) -> None:
    """Move the staged files into place; only files of ``record`` still as written are replaced or removed.

    Every old file is first moved aside and checked there (the bytes moved
    are the bytes checked), and put back when it is not this program's; on
    any failure the whole old set comes back.
    """
    with ExitStack() as stack:

        def opened(folder: _Folder) -> _Folder:
            stack.callback(folder.close)
            return folder

        staging = opened(room.child(staging_name))
        aside = opened(staging.child("previous", create=True))
        trees: dict[str, dict[str, _Folder]] = {"out": {"": out}, "new": {"": opened(staging.child("new"))}}
        made: list[tuple[_Folder, str]] = []

        def folder_of(tree: str, rel: str, create: bool = False) -> _Folder | None:
            """The folder that holds ``rel`` in the output (made when asked) or in the staged set."""
            parent = str(PurePosixPath(rel).parent)
            parent = "" if parent == "." else parent
            folders = trees[tree]
            if parent not in folders:
                up = folder_of(tree, parent, create)
                if up is None:
                    return None
                name = PurePosixPath(parent).name
                if up.lstat(name) is None:
                    if not create:
                        return None
                    up.mkdir(name)
                    made.append((up, name))
                folders[parent] = opened(up.child(name))
            return folders[parent]

        wanted = set(rels)
        stale = [r for r in sorted(record) if r not in wanted and str(PurePosixPath(r).parent) in stale_dirs]
        written = dict(record)
        journal = {"aside": {str(n): rel for n, rel in enumerate([*rels, *stale])}, "new": {}}
        for rel in rels:
            staged = folder_of("new", rel)
            journal["new"][rel] = digest((staged.read(PurePosixPath(rel).name, 1 << 40) if staged else None) or b"")
        staging.write(JOURNAL, json.dumps(journal).encode("utf-8"))
        foreign: list[str] = []
        done: list[list] = []  # [folder, name, its name aside or None, new file moved in]
        try:
            for n, rel in enumerate([*rels, *stale]):
                keep = rel in wanted
                folder = folder_of("out", rel, create=keep)
                name = PurePosixPath(rel).name
                st = folder.lstat(name) if folder is not None else None
                if folder is None or st is None:
                    if keep:
                        new_folder = folder_of("new", rel)
                        assert new_folder is not None and folder is not None
                        data = new_folder.read(name, 1 << 40) or b""
                        new_folder.move(name, folder, name)
                        done.append([folder, name, None, True])
                        written[rel] = digest(data)
                    else:
                        written.pop(rel, None)
                    continue
                if not stat_mod.S_ISREG(st.st_mode):  # swapped in since the check
                    kind = "symlink_on_path" if stat_mod.S_ISLNK(st.st_mode) else "folder_in_the_way"
                    where = folder.path / name
                    raise ExportError(kind, path=_shown(where), real=_shown(os.path.realpath(where)))
                folder.move(name, aside, str(n))
                entry = [folder, name, str(n), False]
                done.append(entry)
                old = aside.read(str(n), 1 << 40)
                ours = old is not None and record.get(rel) == digest(old)
                incoming = folder_of("new", rel) if keep else None  # the staged new file's folder
                assert incoming is not None or not keep
                new = incoming.read(name, 1 << 40) if incoming is not None else None
                if not ours:  # the user's file: back in its place, untouched
                    aside.move(str(n), folder, name)
                    done.pop()
                    if keep and old is not None and new == old:
                        written[rel] = digest(old)  # it already holds exactly this document
                    elif keep:
                        foreign.append(rel)
                    else:
                        written.pop(rel, None)
                    continue
                if incoming is not None:  # kept
                    incoming.move(name, folder, name)
                    entry[3] = True
                    written[rel] = digest(new or b"")
                else:
                    written.pop(rel, None)  # a municipality no longer in the portfolio: its old file stays aside, and goes
            if foreign:
                files = ", ".join(_shown(out.path / rel) for rel in foreign[:5]) + (" …" if len(foreign) > 5 else "")
                raise ExportError("not_ours", files=files, n=len(foreign))
            _write_record(room, written)
        except BaseException:
            for folder, name, old_name, moved_in in reversed(done):
                with suppress(OSError):
                    if moved_in:
                        folder.unlink(name)
                    if old_name is not None:
                        aside.move(old_name, folder, name)
            for up, name in reversed(made):
                with suppress(OSError):
                    if up.fd is not None:
                        os.rmdir(name, dir_fd=up.fd)
                    else:
                        os.rmdir(up.path / name)
            raise
