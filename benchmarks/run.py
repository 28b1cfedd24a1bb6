"""The performance targets of the issues, measured against baselines in the same run.

    python benchmarks/run.py [--only NAME[,NAME]] [--quick] [--verbose] [--keep] [--strict]

``make bench`` runs this. It prints one line per figure on stdout:

    <name> <value> <unit> target <target> ok|MISS

A ratio (unit ``x``) compares the program with a baseline measured in the
same run: the two are run in turn (the order alternating), and the figure is
the median of the ratios of adjacent runs, so a busy machine slows both alike;
absolute seconds are never a target. Latencies measured inside one process
(unit ``ms``) are medians too.

Every child process starts from a temporary folder with a clean environment
(``PATH``, ``LANG``, a temporary ``HOME``; ``NO_COLOR`` passed on when set) and
a byte-code cache in the work folder, warmed by one run of each command that is
not counted. Peak memory is each child's own ``ru_maxrss`` (``os.wait4``).

Add a figure by writing a function ``def name(b: Bench) -> Iterator[Result]``
decorated with ``@figure``; ``Bench`` gives the portfolios, the commands and
the measuring helpers. ``--verbose`` prints the medians behind each figure on
stderr. Exit code 0 unless a figure could not be measured (2), or with
``--strict`` a target was missed (1).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# ------------------------------------------------------------------ results


@dataclass
class Result:
    name: str
    value: float
    unit: str  # "x" (a ratio), "ms", "files"
    target: float
    detail: str = ""  # what the value was computed from, for --verbose
    ok: bool | None = None  # None: value <= target

    def passed(self) -> bool:
        return self.value <= self.target if self.ok is None else self.ok

    def line(self) -> str:
        return f"{self.name} {_num(self.value)} {self.unit} target {self.target:g} {'ok' if self.passed() else 'MISS'}"


def _num(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"


@dataclass
class Sample:
    seconds: float  # wall time, spawn to exit
    cpu_seconds: float  # the child's user + system time
    maxrss_kb: int
    returncode: int
    stdout: str = ""


FIGURES: list[Callable[["Bench"], Iterator[Result]]] = []


def figure(func: Callable[["Bench"], Iterator[Result]]) -> Callable[["Bench"], Iterator[Result]]:
    FIGURES.append(func)
    return func


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# ------------------------------------------------------------------ the bench


class BenchError(RuntimeError):
    """A figure could not be measured (a command failed)."""


class Skip(Exception):
    """A figure whose feature does not exist yet; said on stderr, no line on stdout."""


class Bench:
    """The work folder, the portfolios, the commands, and the ways of measuring them."""

    def __init__(self, work: Path, *, quick: bool = False, verbose: bool = False) -> None:
        self.work = work
        self.quick = quick
        self.verbose = verbose
        self.python = sys.executable
        self.cwd = work / "cwd"  # children run from here, never from the checkout
        self.cwd.mkdir()
        home = work / "home"
        home.mkdir()
        self.env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TMPDIR": str(work / "tmp"),
            "PYTHONPYCACHEPREFIX": str(work / "pycache"),
        }
        (work / "tmp").mkdir()
        if "NO_COLOR" in os.environ:
            self.env["NO_COLOR"] = os.environ["NO_COLOR"]
        if not self._importable():
            self.env["PYTHONPATH"] = str(ROOT)  # a checkout whose venv lacks the editable install
        self._warm: set[str] = set()
        # Children are started by a small process, so their peak RSS is not inflated by ours (spawner.py).
        self._spawner = subprocess.Popen(
            [self.python, "-I", "-S", str(HERE / "spawner.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def close(self) -> None:
        self._spawner.stdin.close()
        self._spawner.wait()

    def log(self, text: str) -> None:
        if self.verbose:
            print(f"  {text}", file=sys.stderr, flush=True)

    def reps(self, n: int) -> int:
        return max(3, n // 3) if self.quick else n

    def _importable(self) -> bool:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
        env["HOME"] = self.env["HOME"]
        r = subprocess.run([self.python, "-c", "import wizard"], cwd=self.cwd, env=env, capture_output=True)
        return r.returncode == 0

    # ---------------------------------------------------------- commands

    @cached_property
    def huskurage(self) -> list[str]:
        """The command line as a user runs it: the console script beside this python, else ``-m wizard``."""
        script = Path(self.python).parent / "huskurage"
        if script.is_file() and os.access(script, os.X_OK) and "PYTHONPATH" not in self.env:
            return [str(script)]
        return [self.python, "-m", "wizard"]

    def script(self, name: str, *args: str | Path) -> list[str]:
        return [self.python, str(HERE / name), *map(str, args)]

    def cli(self, *args: str | Path) -> list[str]:
        return [*self.huskurage, *map(str, args)]

    # ---------------------------------------------------------- portfolios

    @cached_property
    def generator(self):
        spec = importlib.util.spec_from_file_location("bench_generate", HERE / "generate.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    @cached_property
    def p290(self) -> Path:
        """All 290 municipalities; figures that write to it work on a copy (:meth:`copy`)."""
        root = self.work / "p290"
        t0 = time.perf_counter()
        self.generator.generate(root, 290)
        self.log(f"generated 290 cities in {time.perf_counter() - t0:.1f} s")
        return root

    @cached_property
    def p290_buildings(self) -> Path:
        """290 municipalities with 30,000 apartments in buildings (about 6,000 entrances), and its register."""
        root = self.work / "p290-buildings"
        t0 = time.perf_counter()
        self.generator.generate(root, 290, buildings=30_000, register=self.work / "register.csv")
        self.log(f"generated 290 cities with buildings in {time.perf_counter() - t0:.1f} s")
        return root

    @cached_property
    def register_xlsx(self) -> Path:
        """The same register as a workbook (openpyxl writes it; the import reads it with python-calamine)."""
        import csv

        import openpyxl

        self.p290_buildings  # noqa: B018 (writes register.csv)
        book = openpyxl.Workbook()
        sheet = book.active
        with open(self.work / "register.csv", encoding="utf-8-sig", newline="") as f:
            for i, row in enumerate(csv.reader(f, delimiter=";")):
                sheet.append(row if i == 0 else [*row[:5], int(row[5])])
        path = self.work / "register.xlsx"
        book.save(path)
        return path

    @cached_property
    def demo(self) -> Path:
        from wizard import store
        from wizard.demo import demo_portfolio

        root = self.work / "demo"
        store.init(root, demo_portfolio())
        return root

    def copy(self, source: Path, name: str) -> Path:
        target = self.work / name
        shutil.copytree(source, target, symlinks=True)
        return target

    # ---------------------------------------------------------- measuring

    def run(self, cmd: Sequence[str], *, capture: bool = False, timeout: float = 300, ok: tuple[int, ...] = (0, 1)) -> Sample:
        """One whole process: wall time from spawn to exit and the child's own peak RSS.

        ``ok``: the exit codes that count as a run (``check`` exits 1 on findings).
        """
        out, err = self.work / "child.out", self.work / "child.err"
        request = {"cmd": list(map(str, cmd)), "cwd": str(self.cwd), "env": self.env, "timeout": timeout}
        self._spawner.stdin.write(json.dumps({**request, "stdout": str(out), "stderr": str(err)}) + "\n")
        self._spawner.stdin.flush()
        answer = json.loads(self._spawner.stdout.readline() or '{"error": "the spawner died"}')
        if "error" in answer:
            raise BenchError(f"{' '.join(map(str, cmd))}: {answer['error']}")
        stdout = out.read_text("utf-8", "replace") if capture else ""
        stderr = err.read_text("utf-8", "replace")
        sample = Sample(answer["seconds"], answer["cpu_seconds"], answer["maxrss_kb"], answer["status"], stdout)
        if sample.returncode not in ok:
            raise BenchError(f"{' '.join(map(str, cmd))} exited {sample.returncode}: {stderr.strip()[-2000:]}")
        return sample

    def warm(self, key: str, cmd: Sequence[str], ok: tuple[int, ...] = (0, 1)) -> None:
        """Run a command once uncounted, so byte code and OS caches are warm."""
        if key not in self._warm:
            self.run(cmd, ok=ok)
            self._warm.add(key)

    def compare(
        self,
        subject: Callable[[int], Sequence[str]],
        baseline: Callable[[int], Sequence[str]],
        reps: int,
        *,
        before: Callable[[int, str], None] | None = None,
        after: Callable[[int, str], None] | None = None,
        ok: tuple[int, ...] = (0, 1),
    ) -> tuple[list[Sample], list[Sample]]:
        """``reps`` runs of each after one warm-up, interleaved (the order alternates).

        ``subject(i)`` / ``baseline(i)`` give the command of run ``i`` (-1 is the
        warm-up); ``before``/``after(i, which)`` run outside the timed region.
        """
        runs: dict[str, list[Sample]] = {"subject": [], "baseline": []}
        commands = {"subject": subject, "baseline": baseline}
        for i in range(-1, reps):
            order = ("baseline", "subject") if i % 2 == 0 else ("subject", "baseline")
            for which in order:
                if before:
                    before(i, which)
                sample = self.run(commands[which](i), ok=ok)
                if after:
                    after(i, which)
                if i >= 0:
                    runs[which].append(sample)
        return runs["subject"], runs["baseline"]

    def compare_many(self, commands: dict[str, Sequence[str]], reps: int, ok: tuple[int, ...] = (0, 1)) -> dict[str, list[Sample]]:
        """``reps`` rounds after one warm-up, each running every command once, the order turning each round.

        Like :meth:`compare` for more than two: the runs of one round are
        adjacent in time, so a burst of load tends to hit them all.
        """
        names = list(commands)
        runs: dict[str, list[Sample]] = {name: [] for name in names}
        for i in range(-1, reps):
            turn = i % len(names)
            for name in names[turn:] + names[:turn]:
                sample = self.run(commands[name], ok=ok)
                if i >= 0:
                    runs[name].append(sample)
        return runs

    def ratio(self, name: str, subject: list[Sample], baseline: list[Sample], target: float, what: str = "seconds") -> Result:
        """The median of the per-pair ratios: run ``i`` of the program over run ``i`` of the baseline.

        The two runs of a pair are adjacent in time, so a burst of load from
        elsewhere on the machine tends to hit both; the medians of each side
        are in the detail (``--verbose``).
        """
        if what == "seconds":
            get, unit = (lambda x: x.seconds), "s"
        else:
            get, unit = (lambda x: x.maxrss_kb / 1024), "MiB"
        value = median([get(s) / get(b) for s, b in zip(subject, baseline, strict=True)])
        s, b = median([get(x) for x in subject]), median([get(x) for x in baseline])
        detail = f"median {s:.3f} {unit} / baseline {b:.3f} {unit} over {len(subject)} runs each"
        if what == "seconds":
            cs, cb = median([x.cpu_seconds for x in subject]), median([x.cpu_seconds for x in baseline])
            detail += f"; CPU time {cs:.3f} s / {cb:.3f} s = {cs / cb:.2f}x"
        return Result(name, value, "x", target, detail)

    def probe(self, cmd: Sequence[str]) -> dict:
        """A child that measures itself and prints one JSON object as its last line."""
        sample = self.run(cmd, capture=True, ok=(0,))
        lines = [line for line in sample.stdout.splitlines() if line.strip()]
        if not lines:
            raise BenchError(f"{' '.join(cmd)} printed nothing")
        return json.loads(lines[-1])


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    """Every file below ``root``: modification time and a hash of its bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            out[str(path.relative_to(root))] = (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def changed(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


# ------------------------------------------------------------------ figures: issue 2 (core)


@figure
def check_290(b: Bench) -> Iterator[Result]:
    """``huskurage check`` on 290 cities vs a bare tomllib parse of the same files: time and peak memory."""
    root = b.p290
    subject, baseline = b.compare(lambda i: b.cli("check", root), lambda i: b.script("baseline_tomllib.py", root), b.reps(15))
    if {s.returncode for s in subject} - {0, 1}:
        raise BenchError("check did not run")
    yield b.ratio("check_290_vs_tomllib", subject, baseline, 1.5)
    yield b.ratio("check_290_peak_memory_vs_tomllib", subject, baseline, 2, what="memory")


@figure
def mark_290(b: Bench) -> Iterator[Result]:
    """``huskurage mark`` on 290 cities vs on the 3-city demo; it writes one city file and its .bak."""
    big, small = b.copy(b.p290, "mark-290"), b.copy(b.demo, "mark-demo")
    city_file = "cities/1480-goteborg.toml"
    expected = [city_file, city_file + ".bak"]
    # Alternate the status, so every run changes the file and has to write it.
    status = lambda i: "done" if i % 2 else "doing"  # noqa: E731
    mark = lambda root: lambda i: b.cli("mark", root, "Göteborg", "quality_review", status(i), "--on", "2026-11-02")  # noqa: E731
    wrong: list[list[str]] = []
    shots: dict[str, dict] = {}

    def before(i: int, which: str) -> None:
        if which == "subject":
            shots["before"] = snapshot(big)

    def after(i: int, which: str) -> None:
        if which == "subject":
            diff = changed(shots["before"], snapshot(big))
            if diff != expected:
                wrong.append(diff)

    subject, baseline = b.compare(mark(big), mark(small), b.reps(15), before=before, after=after)
    yield b.ratio("mark_290_vs_demo", subject, baseline, 1.3)
    files = len(wrong[0]) if wrong else len(expected)
    yield Result(
        "mark_290_files_written",
        files,
        "files",
        len(expected),
        detail=f"runs that wrote something else: {wrong[:3]}" if wrong else f"every run wrote exactly {expected}",
        ok=not wrong,
    )


# ------------------------------------------------------------------ figures: issue 14 (buildings and entrances)


@figure
def import_register(b: Bench) -> Iterator[Result]:
    """``huskurage import`` of a 6,000-entrance register (CSV and XLSX) into the 290-city portfolio vs a bare parse of
    the same file plus writing the buildings files with tomlkit (``baseline_register.py``); each run starts afresh."""
    b.p290_buildings  # noqa: B018 (the register)
    for kind, register in (("csv", b.work / "register.csv"), ("xlsx", b.register_xlsx)):
        yield _import_once(b, kind, register)


def _import_once(b: Bench, kind: str, register: Path) -> Result:
    target, out = b.work / f"import-{kind}", b.work / f"baseline-{kind}"

    def before(i: int, which: str) -> None:
        shutil.rmtree(target if which == "subject" else out, ignore_errors=True)
        if which == "subject":
            shutil.copytree(b.p290, target, symlinks=True)

    subject, baseline = b.compare(
        lambda i: b.cli("import", target, register), lambda i: b.script("baseline_register.py", register, out), b.reps(9),
        before=before, ok=(0,),
    )
    return b.ratio(f"import_6000_{kind}_vs_parse_and_tomlkit", subject, baseline, 3)


@figure
def buildings_6000(b: Bench) -> Iterator[Result]:
    """With 6,000 entrances: ``check`` vs bare tomllib of the same files; marking one entrance vs one checklist item."""
    root = b.p290_buildings
    subject, baseline = b.compare(lambda i: b.cli("check", root), lambda i: b.script("baseline_tomllib.py", root), b.reps(15))
    if {s.returncode for s in subject} - {0, 1}:
        raise BenchError("check did not run")
    yield b.ratio("check_6000_entrances_vs_tomllib", subject, baseline, 1.5)
    marked = b.copy(root, "mark-entrance")
    status = lambda i: "done" if i % 2 else "todo"  # noqa: E731
    entrance = lambda i: b.cli("mark", marked, "Stockholm", "place_signs", status(i), "--entrance", "0180-0001/A", "--on", "2026-11-02")  # noqa: E731
    item = lambda i: b.cli("mark", marked, "Stockholm", "quality_review", "done" if i % 2 else "doing", "--on", "2026-11-02")  # noqa: E731
    subject, baseline = b.compare(entrance, item, b.reps(15))
    yield b.ratio("mark_entrance_vs_mark_item", subject, baseline, 1.3)


@figure
def dashboard_6000(b: Bench) -> Iterator[Result]:
    """The dashboard's open with 6,000 entrances vs its Textual floor: the same files parsed (buildings files too),
    the dashboard's widgets and one row per municipality, no huskurage code (``tui_probe.py table-floor``); then
    a drill-down keystroke in the entrances' tab (median ms per kind of keystroke, target 50 ms, issue 14)."""
    _need_tui()
    root = b.copy(b.p290_buildings, "dashboard-6000")
    opened, floor = b.script("tui_probe.py", "open", root), b.script("tui_probe.py", "table-floor", root)
    subject, baseline = b.compare(lambda i: opened, lambda i: floor, b.reps(7), ok=(0,))
    yield b.ratio("dashboard_open_6000_entrances_vs_floor", subject, baseline, 1.15)
    # A drill-down keystroke in the entrances of the municipality with the most (dashboard_bench.py drill), per kind:
    # the cursor moved, a level up or down, a filter keystroke over the addresses, one entrance marked (saved, fsync).
    from dashboard_bench import DRILL_CITY

    probe = b.probe(b.script("dashboard_bench.py", "drill", b.copy(b.p290_buildings, "dashboard-6000-drill")))
    for kind, ms in probe["by_kind"].items():
        detail = f"{len(ms)} keystrokes in {DRILL_CITY}'s entrances ({max(probe['rows'])} rows at most), max {max(ms):.1f} ms"
        yield Result(f"dashboard_drill_{kind}_6000", median(ms), "ms", 50, detail)
    saved = probe["saved_ms"]
    detail = f"{len(saved)} entrances marked in {DRILL_CITY}, max {max(saved):.1f} ms (the key to its buildings file written and synced)"
    yield Result("dashboard_entrance_saved_6000", median(saved), "ms", 30, detail)


# ------------------------------------------------------------------ figures: issue 17 (saves that lose nothing)


def _with_history(root: Path, rows: int) -> Path:
    """Göteborg with ``rows`` more history rows, as years of follow-up leave them (or a file from before the cap)."""
    import datetime as dt

    path = root / "cities" / "1480-goteborg.toml"
    start = dt.datetime(2026, 7, 1, 8, 0)
    block = '\n[[history]]\nat = {at}\nfield = "progress.partner_meeting.status"\nold = "doing"\nnew = "done"\n'
    text = "".join(block.format(at=(start + dt.timedelta(minutes=n)).isoformat()) for n in range(rows))
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return root


@figure
def mark_history(b: Bench) -> Iterator[Result]:
    """``huskurage mark`` on a Göteborg with 30,000 history rows vs on the demo (issue 17: large files stay fast).

    A file keeps at most ``history.CAP`` rows; the oldest go to a dated archive
    (``wizard/store/history.py``). Three figures: a city whose 30,000 rows
    are mostly archived already (what years of marks leave), a city at the cap
    (the most a file holds), and the one mark that moves the rows out of a file
    written with all 30,000 (by hand, or before the cap), each run on a fresh
    copy, against reading that portfolio with bare tomllib (it must read it once).
    """
    from wizard.store import history

    small = b.copy(b.demo, "history-demo")
    status = lambda i: "done" if i % 2 else "doing"  # noqa: E731
    mark = lambda root: lambda i: b.cli("mark", root, "Göteborg", "quality_review", status(i), "--on", "2026-11-02")  # noqa: E731

    archived = _with_history(b.copy(b.demo, "history-30k"), 30_000)
    b.run(mark(archived)(0))  # the one move, uncounted
    subject, baseline = b.compare(mark(archived), mark(small), b.reps(15))
    yield b.ratio("mark_30k_history_vs_demo", subject, baseline, 2)

    at_cap = _with_history(b.copy(b.demo, "history-cap"), history.CAP - b.reps(15) - 2)
    subject, baseline = b.compare(mark(at_cap), mark(small), b.reps(15))
    yield b.ratio("mark_history_at_cap_vs_demo", subject, baseline, 2)

    legacy = _with_history(b.copy(b.demo, "history-legacy"), 30_000)
    fresh = b.work / "history-legacy-run"

    def before(i: int, which: str) -> None:
        if which == "subject":
            shutil.rmtree(fresh, ignore_errors=True)
            shutil.copytree(legacy, fresh)

    # It has to read the 3 MB once and write them once, synced (the archive): at most 3x reading them.
    subject, baseline = b.compare(lambda i: mark(fresh)(i), lambda i: b.script("baseline_tomllib.py", legacy), b.reps(5), before=before)
    result = b.ratio("mark_30k_history_first_move_vs_tomllib", subject, baseline, 3)
    result.detail += "; once per file written before the cap: it reads 3 MB and moves 29,500 rows to the archive"
    yield result


@figure
def save_window(b: Bench) -> Iterator[Result]:
    """How long a save leaves the file unguarded: the last check to the new file in place (issue 17)."""
    answer = b.probe(b.script("save_window.py", b.work / "save-window", 200 if not b.quick else 50))
    rename, swap = sorted(answer["rename"]), sorted(answer["swap"])
    p95 = rename[int(len(rename) * 0.95)]
    detail = f"where names cannot be swapped: median {median(rename):.0f} µs, 95th percentile {p95:.0f} µs, max {rename[-1]:.0f} µs"
    if swap:
        detail += (
            f"; where they can (this system): none, a change meanwhile is swapped back; "
            f"the new file shows for {median(swap):.0f} µs (median) before the old one is checked"
        )
    yield Result("save_window_rename_us", median(rename), "us", 100, detail)


# ------------------------------------------------------------------ figures: issue 3 (exports)


@figure
def export_290(b: Bench) -> Iterator[Result]:
    """Every text document for 290 cities vs ``huskurage check`` on the same portfolio, whole process.

    The text formats only, as when this figure was set: PDFs (WeasyPrint lays out
    every page, ~0.5 s a sign) are a different kind of work and not in this ratio.
    """
    root = b.p290
    outs = b.work / "exports"
    outs.mkdir()

    def after(i: int, which: str) -> None:
        if which == "subject":
            out = outs / f"out{i}"
            if not (out / "action-plan.md").is_file():
                raise BenchError(f"export wrote no action-plan.md into {out}")
            shutil.rmtree(out)

    subject, baseline = b.compare(
        lambda i: b.cli("export", root, "--out", outs / f"out{i}", "--format", "md,toml,ics,html"),
        lambda i: b.cli("check", root),
        b.reps(5),
        after=after,  # an export that refused (exit 1, findings) wrote no action plan: a failure here
    )
    yield b.ratio("export_290_vs_check", subject, baseline, 3)


# ------------------------------------------------------------------ figures: issue 4 (the wizard TUI)


def _need_tui() -> None:
    if importlib.util.find_spec("wizard.tui.app") is None:
        raise Skip("wizard/tui/app.py does not exist yet")


@figure
def tui_cold_start(b: Bench) -> Iterator[Result]:
    """``huskurage DEMO`` to the wizard's first step, whole process, headless, vs what bare Textual costs for it.

    The target is against ``tui_probe.py floor``: a Textual app with the same
    widgets and no huskurage code, i.e. the part of the start-up no app code
    can remove. The ratio to a bare hello app stays, for information.
    """
    _need_tui()
    demo = b.copy(b.demo, "tui-demo")
    runs = b.compare_many(
        {
            "subject": b.script("tui_probe.py", "open", demo, "--screen", "wizard"),
            "floor": b.script("tui_probe.py", "floor"),
            "hello": b.script("tui_probe.py", "hello"),
        },
        b.reps(9),
        ok=(0,),
    )
    yield b.ratio("tui_cold_start_vs_floor", runs["subject"], runs["floor"], 1.10)
    yield b.ratio("tui_cold_start_vs_hello", runs["subject"], runs["hello"], 1.3)


@figure
def tui_290(b: Bench) -> Iterator[Result]:
    """The wizard with 290 cities open: step switches in-process (median ms), peak memory vs the hello app."""
    _need_tui()
    root = b.copy(b.p290, "tui-290")
    b.warm("tui-steps", b.script("tui_probe.py", "steps", root, 10, "--screen", "wizard"), ok=(0,))  # byte code of every step module
    result = b.probe(b.script("tui_probe.py", "steps", root, 30, "--screen", "wizard"))
    ms, first = result["ms"], result["first_visit_ms"]
    detail = f"{len(ms)} switches, median {median(ms):.1f} ms, max {max(ms):.1f} ms"
    if first:
        detail += f"; first visits median {median(first):.1f} ms"
    yield Result("tui_step_switch_290", median(ms), "ms", 50, detail)
    subject, baseline = b.compare(
        lambda i: b.script("tui_probe.py", "open", root, "--screen", "wizard"), lambda i: b.script("tui_probe.py", "hello"), b.reps(5), ok=(0,)
    )
    yield b.ratio("tui_290_peak_memory_vs_hello", subject, baseline, 2, what="memory")


# ------------------------------------------------------------------ figures: issue 5 (the dashboard)
@figure
def dashboard_290(b: Bench) -> Iterator[Result]:
    """Issue 5: open, filter keystroke, status change to saved, peak memory (290 cities)."""
    _need_tui()
    from dashboard_bench import figures

    yield from figures(b, Result, median)


# ------------------------------------------------------------------ figures: issue 15 (the browser door)


class _ServeProbe:
    """serve_probe.py kept running (server and browser up), asked for one measurement at a time."""

    def __init__(self, b: Bench, root: Path, mark: str) -> None:
        self.proc = subprocess.Popen(
            [*b.script("serve_probe.py", root, mark)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=b.cwd, env=b.env
        )

    def ask(self, command: str) -> dict:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise BenchError(f"serve_probe.py ended before answering {command!r}")
        answer = json.loads(line)
        if "error" in answer:
            raise BenchError(answer["error"])
        return answer

    def close(self) -> None:
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait(timeout=180)


def _need_browser() -> None:
    _need_tui()
    if importlib.util.find_spec("textual_serve") is None or importlib.util.find_spec("playwright") is None:
        raise Skip("textual-serve or playwright is not installed (pip install -e '.[test]')")
    if not Path("/usr/bin/chromium").exists():
        raise Skip("/usr/bin/chromium is not installed (apt-get install chromium)")


@figure
def served(b: Bench) -> Iterator[Result]:
    """Issue 15: the served page to the dashboard vs the terminal's own cold start to it; keystrokes with 10 sessions.

    One run alternates three ways of reaching the demo's dashboard: a fresh
    browser context opening the page (navigation start to the dashboard
    drawn, timed in the page); ``huskurage DEMO`` in a pseudo-terminal of the
    size the page asked for (spawn to the dashboard's bytes written: the
    terminal's own cold start, real driver, real output); and a bare
    websocket client on the same server (connect to the dashboard's bytes:
    what the server and the app cost, without a browser drawing on the same
    two cores). Each figure is the median of the ratios of adjacent runs.
    The keystroke figure opens 10 tabs on the 290-city portfolio and presses a
    key (Down, Up) in all of them at once, 10 rounds: the median, per tab, of
    the time from the key's message leaving the page to the update drawn; the
    figure is the worst tab's median.
    """
    _need_browser()
    if not hasattr(os, "fork"):
        raise Skip("the terminal's cold start is measured in a pseudo-terminal (POSIX)")
    demo = b.copy(b.demo, "serve-demo")
    probe = _ServeProbe(b, demo, "av 3 kommuner")
    runs: dict[str, list[float]] = {"page": [], "terminal": [], "socket": []}
    arrived: list[float] = []
    browser_cpu: list[float] = []
    try:
        warm = probe.ask("page")  # warm-up: byte code, the browser's first context
        size = f"{warm['cols']} {warm['rows']}"
        probe.ask(f"terminal {size}")
        probe.ask(f"socket {size}")
        for i in range(b.reps(9)):
            order = ("page", "terminal", "socket")
            for which in order[i % 3 :] + order[: i % 3]:
                answer = probe.ask(which if which == "page" else f"{which} {size}")
                runs[which].append(answer["ms"])
                if which == "page":
                    arrived.append(answer["arrived"])
                    browser_cpu.append(answer["browser_cpu_ms"])
    finally:
        probe.close()
    page, terminal, socket = runs["page"], runs["terminal"], runs["socket"]
    detail = (
        f"{size.replace(' ', 'x')} cells; medians: page drawn {median(page):.0f} ms (its bytes arrived {median(arrived):.0f} ms), "
        f"terminal {median(terminal):.0f} ms, websocket client {median(socket):.0f} ms, over {len(page)} runs each; "
        f"Chromium's own CPU per page {median(browser_cpu):.0f} ms, on the same {os.cpu_count()} cores as the server and the app"
    )
    yield Result("served_page_to_dashboard_vs_terminal", median([p / t for p, t in zip(page, terminal, strict=True)]), "x", 2, detail)
    yield Result("served_socket_to_dashboard_vs_terminal", median([s / t for s, t in zip(socket, terminal, strict=True)]), "x", 1.3, detail)

    big = b.copy(b.p290, "serve-290")
    probe = _ServeProbe(b, big, "av 290 kommuner")
    try:
        probe.ask("keys 1 2")  # warm-up
        tabs = probe.ask(f"keys 10 {b.reps(10)}")["ms"]
    finally:
        probe.close()
    medians = sorted(median(ms) for ms in tabs)
    every = sorted(x for ms in tabs for x in ms)
    detail = (
        f"{len(tabs)} sessions x {len(tabs[0])} keys: per-session medians {', '.join(f'{m:.0f}' for m in medians)} ms; "
        f"all keys median {median(every):.0f} ms, 95th percentile {every[int(len(every) * 0.95) - 1]:.0f} ms, max {every[-1]:.0f} ms"
    )
    yield Result("served_keystroke_10_sessions_290", medians[-1], "ms", 100, detail)


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="run.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--only", help="comma-separated figure functions to run (default: all): " + ", ".join(f.__name__ for f in FIGURES))
    p.add_argument("--quick", action="store_true", help="a third of the repetitions (at least 3), for a smoke run")
    p.add_argument("--verbose", "-v", action="store_true", help="medians and timings on stderr")
    p.add_argument("--keep", action="store_true", help="keep the work folder and say where it is")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = p.parse_args(argv)
    chosen = FIGURES
    if args.only:
        names = {n.strip() for n in args.only.split(",")}
        unknown = names - {f.__name__ for f in FIGURES}
        if unknown:
            p.error(f"unknown figure(s): {', '.join(sorted(unknown))}")
        chosen = [f for f in FIGURES if f.__name__ in names]
    work = Path(tempfile.mkdtemp(prefix="huskurage-bench-"))
    failed = missed = False
    t_all = time.perf_counter()
    bench = None
    try:
        bench = Bench(work, quick=args.quick, verbose=args.verbose)
        bench.log(f"command: {' '.join(bench.huskurage)}; work folder {work}")
        for func in chosen:
            t0 = time.perf_counter()
            try:
                for result in func(bench):
                    print(result.line(), flush=True)
                    bench.log(f"{result.name}: {result.detail}")
                    missed |= not result.passed()
            except BenchError as e:
                failed = True
                print(f"{func.__name__}: could not measure: {e}", file=sys.stderr, flush=True)
            except Skip as e:
                print(f"{func.__name__}: skipped: {e}", file=sys.stderr, flush=True)
            bench.log(f"[{func.__name__} took {time.perf_counter() - t0:.1f} s]")
    finally:
        if bench is not None:
            bench.close()
        if args.keep:
            print(f"work folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if args.verbose:
        print(f"  [total {time.perf_counter() - t_all:.1f} s]", file=sys.stderr)
    return 2 if failed else 1 if missed and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
