"""Shared by the dashboard's tests: a generated 290-city portfolio, and waiting for the dashboard's screens.

(No tests here; the name keeps it among the files the dashboard owns.)
"""

from __future__ import annotations

import importlib.util
import shutil
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT
from tui_support import wait_for


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def p290_master(tmp_path_factory) -> Path:
    """All 290 municipalities (seed 1), generated once; tests work on a copy (``p290``)."""
    root = tmp_path_factory.mktemp("generated") / "p290"
    _generator().generate(root, 290)
    return root


@pytest.fixture
def p290(p290_master, tmp_path) -> Path:
    root = tmp_path / "p290"
    shutil.copytree(p290_master, root)
    return root


def read_toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def city_file(root: Path, code: str) -> Path:
    return next((root / "cities").glob(f"{code}-*.toml"))


async def on_dashboard(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.screen.name == "dashboard" and app.screen.bench_ready(), what="the dashboard")


async def on_city(pilot, code: str) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.screen.name == "city" and app.screen.code == code, what=f"municipality {code}")
