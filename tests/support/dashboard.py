"""Shared by the dashboard's tests: reading a city file, and waiting for the dashboard's screens."""

from __future__ import annotations

import tomllib
from pathlib import Path

from support.tui import wait_for


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
