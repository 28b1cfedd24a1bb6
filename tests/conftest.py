"""Fixtures every layer of the tests shares: Swedish by default, the demo on disk, the 290-city portfolio.

Helpers that are not fixtures live in ``tests/support/`` (``from support import run_cli``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import generator, typed_demo


@pytest.fixture(autouse=True)
def _swedish(monkeypatch):
    """Every test starts in Swedish, whatever the developer's environment says."""
    from wizard import i18n

    monkeypatch.delenv("HUSKURAGE_LANG", raising=False)
    i18n.set_language("sv")
    yield
    i18n.set_language("sv")


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    from wizard import store
    from wizard.demo import demo_logos, demo_portfolio

    root = tmp_path / "demo"
    store.init(root, demo_portfolio())
    for relative, data in demo_logos().items():  # as huskurage init --demo writes them
        (root / relative).write_bytes(data)
    return root


@pytest.fixture
def typed_demo_dir(tmp_path: Path) -> Path:
    """The demo on disk without its property register (``support.typed_demo``): counts typed in the city files."""
    from wizard import store
    from wizard.demo import demo_logos

    root = tmp_path / "demo"
    store.init(root, typed_demo())
    for relative, data in demo_logos().items():
        (root / relative).write_bytes(data)
    return root


@pytest.fixture(scope="session")
def p290_master(tmp_path_factory) -> Path:
    """All 290 municipalities (seed 1), generated once per session; tests work on a copy (``p290``)."""
    root = tmp_path_factory.mktemp("generated") / "p290"
    generator().generate(root, 290)
    return root


@pytest.fixture
def p290(p290_master, tmp_path) -> Path:
    root = tmp_path / "p290"
    shutil.copytree(p290_master, root)
    return root
