"""The portfolio lock: one save at a time, a clear refusal when it waits too long, freed when its holder dies.

``wizard/store/lock.py``, in both its forms: ``flock`` on the folder (what
this system offers) and the lock file used where a folder cannot be locked
(Windows; no ``fcntl``: filelock's soft lock, as ``HUSKURAGE_WITHOUT=fcntl``
gets in a child process). ``tests/guarantees/test_concurrency.py`` races
real ``mark`` processes through it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from support import ROOT, typed_demo  # the demo's counts typed: the city file is what changes
from wizard import store
from wizard.store import lock


@pytest.fixture(params=["folder", "lock file"])
def form(request, monkeypatch) -> str:
    """Which form of the lock this test runs with; for the lock file, as where there is no flock."""
    if request.param == "lock file":
        filelock = lock._filelock()
        monkeypatch.setattr(lock._Folder, "open", classmethod(lambda cls, root: None))
        monkeypatch.setattr(filelock, "FileLock", filelock.SoftFileLock)
    return request.param


def _names(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_second_holder_is_refused_with_a_plain_message_until_the_first_lets_go(tmp_path, form):
    with lock.locked(tmp_path):
        with pytest.raises(store.StoreError) as e:
            with lock.locked(tmp_path, timeout=0):
                pass
        assert e.value.kind == "busy" and "sparar" in e.value.message
    with lock.locked(tmp_path, timeout=0):  # free again
        pass
    assert _names(tmp_path) == []  # and nothing is left behind


def test_a_save_while_another_holds_the_lock_writes_nothing(tmp_path, form, monkeypatch):
    store.init(tmp_path, typed_demo())
    s = store.open(tmp_path)
    path = tmp_path / "cities" / "1480-goteborg.toml"
    before = path.read_bytes()
    s.portfolio.cities["1480"].apartments = 1
    with lock.locked(tmp_path):
        monkeypatch.setattr(lock, "TIMEOUT", 0)
        with pytest.raises(store.StoreError) as e:
            s.save()
        assert e.value.kind == "busy"
    assert path.read_bytes() == before
    assert s.save() == [path]  # and once free, the same save goes through
    assert _names(tmp_path) == ["cities", "huskurage.toml", "logos"]


def test_a_holder_killed_with_sigkill_frees_the_lock(tmp_path, form):
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from wizard.store import lock
        with lock.locked(Path({str(tmp_path)!r})):
            print("HELD", flush=True)
            sys.stdin.read()  # until killed
        """
    )
    env = {**os.environ, "HUSKURAGE_WITHOUT": "fcntl" if form == "lock file" else ""}
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout.readline().strip() == "HELD"
        with pytest.raises(store.StoreError):
            with lock.locked(tmp_path, timeout=0):
                pass
    finally:
        holder.kill()
        holder.wait(timeout=60)
        holder.stdin.close()
        holder.stdout.close()
    if form == "lock file":
        assert _names(tmp_path) == [lock.LOCK_FILE]  # the dead holder's, naming its process
    with lock.locked(tmp_path, timeout=0):  # taken over at once: its holder is gone
        pass
    assert _names(tmp_path) == []


@pytest.mark.parametrize("thing", ["folder", "symlink"])
def test_a_lock_file_that_is_not_a_file_is_refused_at_once_and_not_followed(tmp_path, monkeypatch, thing):
    monkeypatch.setattr(lock._Folder, "open", classmethod(lambda cls, root: None))
    target = tmp_path / "elsewhere"
    target.write_text("someone's file\n", encoding="utf-8")
    root = tmp_path / "p"
    root.mkdir()
    if thing == "folder":
        (root / lock.LOCK_FILE).mkdir()
    else:
        (root / lock.LOCK_FILE).symlink_to(target)
    with pytest.raises(store.StoreError) as e:
        with lock.locked(root):
            pass
    assert e.value.kind == "lock_not_file" and lock.LOCK_FILE in e.value.message
    assert target.read_text(encoding="utf-8") == "someone's file\n"


def test_what_a_save_killed_while_taking_a_dead_holders_lock_over_left_goes_with_the_next_save(tmp_path, monkeypatch):
    """filelock moves a dead holder's lock file aside (``.huskurage.lock.break.<pid>.<token>``) while it takes it
    over; a save killed just then leaves that behind. The next save removes what dead processes left, and only that."""
    monkeypatch.setattr(lock._Folder, "open", classmethod(lambda cls, root: None))
    filelock = lock._filelock()
    monkeypatch.setattr(filelock, "FileLock", filelock.SoftFileLock)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])  # a process that ran and is reaped: its pid names no one
    dead.wait(timeout=60)
    with lock.locked(tmp_path):
        host = (tmp_path / lock.LOCK_FILE).read_text(encoding="utf-8").splitlines()[1]
    token = "0123456789abcdef" * 2
    left = {
        f"{lock.LOCK_FILE}.break.{dead.pid}.{token}": "",  # killed right after making it
        f"{lock.LOCK_FILE}.restore.{dead.pid}.{token}": f"{dead.pid}\n{host}\n",  # a dead holder's marker, moved aside
        f"{lock.LOCK_FILE}.break.{dead.pid}.{token[::-1]}": f"filelock/break\n{dead.pid}\n",
    }
    kept = {
        f"{lock.LOCK_FILE}.break.{os.getpid()}.{token}": "",  # a live process's: it may still be unwinding
        f"{lock.LOCK_FILE}.break.{dead.pid}.{'f' * 32}": f"{os.getpid()}\n{host}\n",  # names a live holder
        f"{lock.LOCK_FILE}.restore.{dead.pid}.{'e' * 32}": f"{dead.pid}\nanother-machine\n",  # another machine's pids
        f"{lock.LOCK_FILE}.notes": "the user's own file",
    }
    for name, text in {**left, **kept}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with lock.locked(tmp_path, timeout=0):
        pass
    assert _names(tmp_path) == sorted(kept)
