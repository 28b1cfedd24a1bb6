"""The portfolio lock: one save at a time, a clear refusal when it waits too long, freed when its holder dies.

``wizard/store/lock.py``. ``tests/guarantees/test_concurrency.py`` races
real ``mark`` processes through it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from support import ROOT
from wizard import store
from wizard.demo import demo_portfolio
from wizard.store import lock


def test_a_second_holder_is_refused_with_a_plain_message_until_the_first_lets_go(tmp_path):
    with lock.locked(tmp_path):
        with pytest.raises(store.StoreError) as e:
            with lock.locked(tmp_path, timeout=0):
                pass
        assert e.value.kind == "busy" and "sparar" in e.value.message
    with lock.locked(tmp_path, timeout=0):  # free again
        pass


def test_a_save_while_another_holds_the_lock_writes_nothing(tmp_path):
    store.init(tmp_path, demo_portfolio())
    s = store.open(tmp_path)
    path = tmp_path / "cities" / "1480-goteborg.toml"
    before = path.read_bytes()
    s.portfolio.cities["1480"].apartments = 1
    with lock.locked(tmp_path):
        with pytest.raises(store.StoreError) as e:
            with pytest.MonkeyPatch.context() as m:
                m.setattr(lock, "TIMEOUT", 0)
                s.save()
        assert e.value.kind == "busy"
    assert path.read_bytes() == before
    assert s.save() == [path]  # and once free, the same save goes through


def test_a_holder_killed_with_sigkill_frees_the_lock(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from wizard.store import lock
        with lock.locked(Path({str(tmp_path)!r})):
            print("HELD", flush=True)
            sys.stdin.read()  # until killed
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "HELD"
        with pytest.raises(store.StoreError):
            with lock.locked(tmp_path, timeout=0):
                pass
    finally:
        holder.kill()
        holder.wait(timeout=60)
    with lock.locked(tmp_path, timeout=0):
        pass
