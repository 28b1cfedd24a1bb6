"""Crash safety: a save killed at any moment leaves every file as it was or as it was meant to be.

The real program (``python -m wizard mark``, and the wizard's Ctrl+S through
a Pilot script) is started and killed with SIGKILL at random moments: no
``finally``, no ``atexit``, exactly what a power cut or ``kill -9`` does to
the process. After each kill every portfolio file parses with ``tomllib``
and is byte for byte its old or its new content, ``check`` still reads the
portfolio, and no half-written temporary file is taken for a municipality.
Where the portfolio folder cannot be locked (``HUSKURAGE_WITHOUT=fcntl``,
Windows), a killed save may leave its lock file behind; the next save takes
it over.

The kill moments are not uniform over the run (most of a ``mark`` is Python
starting up): they follow the moment the file flips from old to new, found
by a stochastic approximation as the loop runs, so most kills land in the
few milliseconds around the write. No hook in the program widens the window.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

from support import ROOT, snapshot_files
from wizard import store
from support import typed_demo  # the demo without its register: the company and city files are what a save writes
from wizard.store import lock

pytestmark = pytest.mark.slow

KILLS = int(os.environ.get("HUSKURAGE_KILLS", "500"))
TUI_KILLS = int(os.environ.get("HUSKURAGE_TUI_KILLS", "30"))
CITY = "cities/1480-goteborg.toml"
STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")  # a history time stamp: the clock is not ours


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HUSKURAGE_LANG": "sv"}
    env.pop("HUSKURAGE_DEBUG", None)
    return env


def _write_atomically(path: Path, data: bytes) -> None:
    """The test's own reset between kills: never a half-written file either."""
    tmp = path.with_name(".reset-" + path.name)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _check_in_process(root: Path) -> tuple[int, str]:
    from wizard import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["check", str(root)])
    return code, out.getvalue() + err.getvalue()


class Portfolio:
    """The demo on disk, what each file held before, and what a finished ``mark`` writes."""

    def __init__(self, root: Path, command: list[str]) -> None:
        self.root = root
        self.command = command
        store.init(root, typed_demo())
        self.old = snapshot_files(root)
        self.codes = set(store.open(root).portfolio.cities)
        self.check_code, _ = _check_in_process(root)
        reference = root.parent / "reference"
        shutil.copytree(root, reference)
        done = subprocess.run(self._command(reference), env=_env(), capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        self.new = snapshot_files(reference)[CITY]
        assert self.new != self.old[CITY]
        shutil.rmtree(reference)

    def _command(self, root: Path) -> list[str]:
        return [sys.executable, "-m", "wizard", "mark", str(root), *self.command]

    def start(self) -> subprocess.Popen:
        return subprocess.Popen(self._command(self.root), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def reset(self) -> None:
        path = self.root / CITY
        if path.read_bytes() != self.old[CITY]:
            _write_atomically(path, self.old[CITY])

    def verify(self) -> tuple[bool, int]:
        """Every promise after a kill; returns (the city file is new, temp files lying around)."""
        temps = 0
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root).as_posix()
            if path.is_dir():
                assert rel in ("cities", "logos"), f"unexpected folder {rel}"
                continue
            if path.name.startswith(".tmp-"):
                assert path.parent.name == "cities", rel
                temps += 1
                continue
            if lock.is_lock_file(rel):  # where the folder cannot be locked: a killed holder's, the next save takes it over
                continue
            raw = path.read_bytes()
            tomllib.loads(raw.decode("utf-8"))  # every file parses
            if rel == CITY:
                assert raw == self.old[CITY] or STAMP.sub(b"T", raw) == STAMP.sub(b"T", self.new), "half-written city"
            elif rel == CITY + ".bak":
                assert raw == self.old[CITY], "the backup is not the previous version"
            else:
                assert raw == self.old.get(rel), f"{rel} changed or appeared"
        opened = store.open(self.root)
        assert set(opened.portfolio.cities) == self.codes and not opened.duplicates and not opened.ignored
        code, output = _check_in_process(self.root)
        assert code == self.check_code, output  # never 2, "unreadable"
        return (self.root / CITY).read_bytes() != self.old[CITY], temps


def _calibrate(p: Portfolio, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        p.reset()
        t0 = time.perf_counter()
        p.start().wait(timeout=60)
        times.append(time.perf_counter() - t0)
    p.reset()
    return statistics.median(times)


def test_mark_killed_at_random_moments_leaves_every_file_old_or_new(tmp_path):
    p = Portfolio(tmp_path / "p", ["1480", "partner_meeting", "doing", "--on", "2026-01-15", "--note", "Mötet flyttat."])
    rng = random.Random(int(os.environ.get("HUSKURAGE_SEED", "6")))
    runtime = _calibrate(p)
    # `flip` tracks the delay at which 40 % of the runs have written (or finished): a little before the
    # rename, where the temp file is being written and synced. A fifth of the kills are anywhere in the run.
    flip = 0.9 * runtime
    kills = finished = old = new = mid_write = 0
    started = time.monotonic()
    # Until one kill has caught a save mid-write (a temp file left behind), go on, up to twice as long:
    # on a RAM disk, where fsync costs nothing, that window is a fraction of a millisecond.
    while kills < KILLS or (mid_write == 0 and kills < 2 * KILLS):
        assert time.monotonic() - started < 600, f"only {kills} kills in 10 minutes"
        p.reset()
        if rng.random() < 0.8:
            delay = max(0.0, rng.gauss(flip, 0.004))
        else:
            delay = rng.uniform(0.0, runtime)
        proc = p.start()
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        else:
            finished += 1
        proc.wait(timeout=60)
        is_new, temps = p.verify()
        new, old = new + is_new, old + (not is_new)
        mid_write = max(mid_write, temps)  # temp files left behind: kills between open(tmp) and rename
        flip += -0.003 if (is_new or proc.returncode == 0) else 0.002
    print(f"{kills} kills ({finished} runs finished first): {old} old, {new} new, {mid_write} killed mid-write")
    assert old >= KILLS // 20 and new >= KILLS // 20, "the kills did not straddle the write"
    assert mid_write >= 1 or KILLS < 100, "no kill landed while the file was being written"
    # What killed saves left of the lock (the lock file, filelock's markers moved aside) goes with one uncut save.
    p.reset()
    assert p.start().wait(timeout=60) == 0
    assert not [name for name in os.listdir(p.root) if lock.is_lock_file(name)], os.listdir(p.root)


# ------------------------------------------------------------------ the wizard's save

PILOT_SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from support.tui import app_for, at_step, on_step, wait_for

    async def main():
        app = app_for(Path({root!r}), Path({data!r}), start_step=1)
        company = Path({root!r}) / "huskurage.toml"
        async with app.run_test(size=(100, 30)) as pilot:
            await at_step(pilot, 1, timeout=60)
            field = app.screen.query_one("#name")
            print("READY", flush=True)
            n = 0
            while True:
                n += 1
                field.value = f"Namn {{n}}"
                print(f"SAVING {{n}}", flush=True)
                await pilot.press("ctrl+s")
                await wait_for(pilot, lambda: f'"Namn {{n}}"' in company.read_text(encoding="utf-8"), timeout=60, what="the typed name saved")
                print(f"SAVED {{n}}", flush=True)

    asyncio.run(main())
    """
)


def test_the_wizard_s_save_killed_at_random_moments_leaves_every_file_old_or_new(tmp_path):
    pytest.importorskip("textual")
    rng = random.Random(int(os.environ.get("HUSKURAGE_SEED", "6")))
    root = tmp_path / "p"
    store.init(root, typed_demo())
    original = snapshot_files(root)
    company = original["huskurage.toml"]
    name_line = 'name = "Demobostäder AB"'.encode()
    assert name_line in company

    def version(n: int) -> bytes:
        return company if n == 0 else company.replace(name_line, f'name = "Namn {n}"'.encode())

    script = PILOT_SCRIPT.format(tests=str(ROOT / "tests"), root=str(root), data=str(tmp_path / "data"))
    saves = mid_save = 0
    for i in range(TUI_KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", script], env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
        )
        ready = proc.stdout.readline()
        if ready.strip() != "READY":
            proc.kill()
            pytest.fail(f"the wizard did not start: {ready}{proc.stderr.read()}")
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        lines = proc.stdout.read().split()
        proc.stdout.close()
        proc.stderr.close()
        saving = max([int(n) for w, n in itertools.pairwise(lines) if w == "SAVING"], default=0)
        saved = max([int(n) for w, n in itertools.pairwise(lines) if w == "SAVED"], default=0)
        saves += saved
        mid_save += saving > saved
        now = snapshot_files(root)
        raw = now.pop("huskurage.toml")
        tomllib.loads(raw.decode("utf-8"))
        assert raw in (version(saved), version(saving)), f"kill {i}: the company file is neither save {saved} nor {saving}"
        if "huskurage.toml.bak" in now:
            bak = now.pop("huskurage.toml.bak")
            assert re.sub(rb'name = "Namn \d+"', name_line, bak) == company, "the backup is half-written"
        temps = [k for k in now if Path(k).name.startswith(".tmp-")]
        for k in temps:
            now.pop(k)
        for k in [k for k in now if lock.is_lock_file(k)]:  # where the folder cannot be locked: a killed holder's
            now.pop(k)
        assert now == {k: v for k, v in original.items() if k != "huskurage.toml"}, f"kill {i}: other files changed"
        assert set(store.open(root).portfolio.cities) == {"0180", "0380", "1480"}
        code, output = _check_in_process(root)
        assert code in (0, 1), output
        _write_atomically(root / "huskurage.toml", company)  # the next run starts from the original again
    print(f"{TUI_KILLS} kills of the wizard: {saves} saves completed, {mid_save} kills during a save")
    assert saves > 0 and mid_save > 0, "the kills never landed among the saves"
