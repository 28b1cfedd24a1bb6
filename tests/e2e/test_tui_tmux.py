"""The real program in a real terminal (tmux): type a company name, Next, quit, and the file has it.

Runs ``.venv/bin/huskurage`` (the console script, as ``make test`` installs
it); where it is not installed, ``python -m wizard``, the same entry point.
Skipped, with the reason, when tmux is missing.
"""

from __future__ import annotations

import tomllib

import pytest

from support.tmux import huskurage_command, tmux_or_skip, user_env

pytestmark = [pytest.mark.tmux, pytest.mark.slow]


@pytest.fixture
def tmux(tmp_path):
    yield from tmux_or_skip(tmp_path, "wizard", 100, 30)


def test_type_a_name_next_quit_and_the_file_has_it(tmux, tmp_path):
    root = tmp_path / "bolaget"
    env = user_env(tmp_path)
    tmux.start([*huskurage_command(), str(root)], env, tmp_path)
    tmux.wait_for("1. Företaget")
    tmux.keys("Tmux [bold] AB", literal=True)
    shown = tmux.wait_for("Tmux [bold] AB")
    assert "Företagets namn" in shown
    tmux.keys("C-n")
    tmux.wait_for("2. Kontakt med Huskurage")
    tmux.keys("C-q")
    tmux.wait_for_exit()
    company = tomllib.loads((root / "huskurage.toml").read_text(encoding="utf-8"))["company"]
    assert company["name"] == "Tmux [bold] AB"
