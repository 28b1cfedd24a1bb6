"""The guarantees again, as on a system without ``os.fork``, ``fcntl`` and ``os.link`` (Windows has none).

``HUSKURAGE_WITHOUT=fork,fcntl,link`` (``wizard/without.py``) takes them
away in every process of a second pytest run of the crash, concurrency and
hostile tests, so the fallbacks are exercised on every run: the lock file
instead of ``flock`` on the folder, documents rendered in one process
instead of forked children, ``.bak`` copied instead of hard-linked. The kill
and race counts are lower than in the first run unless set
(``HUSKURAGE_KILLS``, ``HUSKURAGE_TUI_KILLS``, ``HUSKURAGE_RACE_ROUNDS``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from support import ROOT

pytestmark = pytest.mark.slow

WITHOUT = "fork,fcntl,link"
COUNTS = {"HUSKURAGE_KILLS": "250", "HUSKURAGE_TUI_KILLS": "15", "HUSKURAGE_RACE_ROUNDS": "12"}


def _env() -> dict[str, str]:
    env = {**COUNTS, **os.environ, "HUSKURAGE_WITHOUT": WITHOUT, "PYTHONPATH": str(ROOT)}
    env.pop("HUSKURAGE_DEBUG", None)
    return env


def test_the_switch_takes_them_away_and_the_program_takes_its_fallbacks(tmp_path):
    probe = textwrap.dedent(
        f"""
        import json, os, sys
        from pathlib import Path
        from wizard import store
        from wizard.demo import demo_portfolio
        from wizard.store import lock
        try:
            import fcntl
            has_fcntl = True
        except ImportError:
            has_fcntl = False
        root = Path({str(tmp_path / "p")!r})
        s = store.init(root, demo_portfolio())
        form, held = lock._lock_for(root)
        kind = type(getattr(form, "lock", form)).__name__
        form.close()
        s.portfolio.cities["1480"].staff_hours_per_week = 1  # the city file (apartments are counted from its buildings)
        s.save()
        bak = root / "cities" / "1480-goteborg.toml.bak"
        print(json.dumps({{"fork": hasattr(os, "fork"), "link": hasattr(os, "link"), "fcntl": has_fcntl,
                          "lock": kind, "held": held, "bak_links": os.stat(bak).st_nlink,
                          "left": sorted(p.name for p in root.iterdir())}}))
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], env=_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stderr
    seen = json.loads(done.stdout)
    assert seen == {
        "fork": False,
        "link": False,
        "fcntl": False,
        "lock": "SoftFileLock",  # filelock's lock where there is no flock
        "held": True,
        "bak_links": 1,  # a copy
        "left": ["cities", "huskurage.toml", "logos"],  # the lock file went with the save
    }


@pytest.mark.parametrize("guarantee", ["test_crash.py", "test_concurrency.py", "test_hostile.py"])
def test_the_guarantee_holds_without_fork_fcntl_and_link(guarantee):
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"tests/guarantees/{guarantee}"],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3000,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
