"""Helpers the tests share (imported as ``support``; fixtures live in ``tests/conftest.py``).

- this module: the repository's root, the real command line in a child process, a folder's bytes
- ``support.pdf``: a PDF's text and pages as pdftotext and pdfinfo read them
- ``support.signs``: the worst case a sign must carry
- ``support.tui``: building the app as the CLI does, waiting on conditions in Pilot
- ``support.dashboard``: waiting for the dashboard's screens, finding a city file
- ``support.tmux``: the real binary in a real terminal
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.model import Portfolio

ROOT = Path(__file__).resolve().parents[2]

#: Every export format but PDF: for tests about how a set is written, where PDFs would only add time.
TEXT_FORMATS = ("md", "toml", "ics", "html")


def typed_demo() -> "Portfolio":
    """The demo without its property register: every municipality's counts typed, as for a landlord that never
    imported one (a municipality without buildings works exactly as before the register came)."""
    from wizard.demo import demo_portfolio

    return without_buildings(demo_portfolio())


def without_buildings(portfolio: "Portfolio") -> "Portfolio":
    """``portfolio`` with its property register taken away (as ``plan.toml`` carries it): the typed counts count again."""
    for city in portfolio.cities.values():
        city.buildings = []
        city.count_buildings()
    return portfolio


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line in a child process, as a user would run it."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    if not env or "HUSKURAGE_LANG" not in env:
        full_env.pop("HUSKURAGE_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "wizard", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
    )


def snapshot_files(root: Path) -> dict[str, bytes]:
    """Every file below root with its bytes, to prove what changed and what did not."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def exported(out: Path) -> dict[str, bytes]:
    """The documents of an export folder with their bytes: every file but the export's own room (``.huskurage-export``)."""
    return {rel: data for rel, data in snapshot_files(out).items() if not rel.startswith(".huskurage-export")}


def leftovers(folder: Path) -> list[str]:
    """What an export left that is not a document: anything named huskurage but the export's own room, and in
    the room (``.huskurage-export``) anything but its record of what it wrote and its lock."""
    names = [p.name for p in folder.iterdir() if "huskurage" in p.name and p.name != ".huskurage-export"]
    room = folder / ".huskurage-export"
    if room.is_dir():
        names += [f"{room.name}/{p.name}" for p in room.iterdir() if p.name not in ("written.json", "lock")]
    return sorted(names)


def generator():
    """``benchmarks/generate.py`` as a module: the synthetic portfolios of the benchmarks."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
