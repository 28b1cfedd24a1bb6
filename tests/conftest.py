"""Shared fixtures: a demo portfolio on disk, and a way to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _swedish(monkeypatch):
    """Every test starts in Swedish, whatever the developer's environment says."""
    from wizard import i18n

    monkeypatch.delenv("HUSKURAGE_LANG", raising=False)
    i18n.set_language("sv")
    yield
    i18n.set_language("sv")


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line in a child process, as a user would run it."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("HUSKURAGE_LANG", None) if not env or "HUSKURAGE_LANG" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "wizard", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
    )


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    from wizard import store
    from wizard.demo import demo_portfolio

    root = tmp_path / "demo"
    store.init(root, demo_portfolio())
    return root


def snapshot_files(root: Path) -> dict[str, bytes]:
    """Every file below root with its bytes, to prove what changed and what did not."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
