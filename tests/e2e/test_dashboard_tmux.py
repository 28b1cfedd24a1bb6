"""The real program in a real terminal (tmux), on 290 municipalities at 80x24:
filter to one, open it, mark an item, quit, and the file has it.

Runs ``.venv/bin/huskurage`` (the console script); where it is not installed,
``python -m wizard``, the same entry point. Skipped, with the reason, when
tmux is missing.
"""

from __future__ import annotations

import time
import tomllib

import pytest

from support.tmux import huskurage_command, tmux_or_skip, user_env
from support.dashboard import city_file

pytestmark = [pytest.mark.tmux, pytest.mark.slow]


@pytest.fixture
def tmux(tmp_path):
    yield from tmux_or_skip(tmp_path, "dashboard", 80, 24)


def test_filter_to_one_open_it_mark_an_item_quit_and_the_file_has_it(tmux, p290, tmp_path):
    kiruna = city_file(p290, "2584")
    before = tomllib.loads(kiruna.read_text(encoding="utf-8"))
    old = before["progress"]["fit_resources"]["status"]  # the first item on the checklist
    key, new = ("d", "doing") if old != "doing" else ("x", "done")
    env = user_env(tmp_path)
    tmux.start([*huskurage_command(), str(p290)], env, tmp_path)
    tmux.wait_for("290 av 290 kommuner")
    tmux.keys("/")  # typed as fast as tmux can: "/", the name and Enter reach the program back to back
    tmux.keys("kiruna", literal=True)
    tmux.keys("Enter")
    tmux.wait_for("Kiruna (2584)")
    tmux.wait_for("Avsätt personaltid")
    tmux.keys(key)
    deadline = time.monotonic() + 20
    while tomllib.loads(kiruna.read_text(encoding="utf-8"))["progress"]["fit_resources"]["status"] != new:
        assert time.monotonic() < deadline, tmux.screen()
        time.sleep(0.2)
    tmux.keys("C-q")
    tmux.wait_for_exit()
    after = tomllib.loads(kiruna.read_text(encoding="utf-8"))
    assert after["progress"]["fit_resources"]["status"] == new
    last = after["history"][-1]
    assert (last["field"], last["old"], last["new"]) == ("progress.fit_resources.status", old, new)
    assert len(after["history"]) == len(before["history"]) + 1
