"""The real program in a real terminal (tmux): type a company name, Next, quit, and the file has it.

Runs ``.venv/bin/huskurage`` (the console script, as ``make test`` installs
it); where it is not installed, ``python -m wizard``, the same entry point.
Skipped, with the reason, when tmux is missing.
"""

from __future__ import annotations

import signal
import tomllib

import pytest

from support.tmux import huskurage_command, tmux_or_skip, user_env, wait_for_process_exit

pytestmark = [pytest.mark.tmux, pytest.mark.slow]


@pytest.fixture
def tmux(tmp_path):
    yield from tmux_or_skip(tmp_path, "wizard", 100, 30)


def test_type_a_name_next_quit_and_the_file_has_it(tmux, tmp_path):
    root = tmp_path / "bolaget"
    env = user_env(tmp_path)
    tmux.start([*huskurage_command(), str(root)], env, tmp_path)
    tmux.wait_for("Mappen finns inte")  # a new folder: asked first, a mistyped path makes nothing
    tmux.move("Left")  # from No to Yes
    tmux.keys("Enter")
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


# ---------------------------------------------------------------- the window closes under the program (issue 16, item 1)


def start_new_portfolio(tmux, tmp_path):
    """A new portfolio at step 2, the company named and saved by Next; returns its folder."""
    root = tmp_path / "bolaget"
    root.mkdir()  # an empty folder: a new portfolio without a question
    tmux.start([*huskurage_command(), str(root)], user_env(tmp_path), tmp_path)
    tmux.wait_for("1. Företaget")
    tmux.keys("Hangup AB", literal=True)
    tmux.keys("C-n")
    tmux.wait_for("2. Kontakt med Huskurage")
    return root


def type_step_2_notes(tmux) -> None:
    """Contact person and notes typed in step 2, not yet saved by any step change."""
    tmux.move("Tab")  # from the status to the date
    tmux.move("Tab")  # to the contact person
    tmux.keys("Anna Andersson", literal=True)
    tmux.move("Tab")  # the notes
    tmux.keys("Ring tillbaka i mars", literal=True)
    tmux.wait_for("Ring tillbaka i mars")


def reopen_at_step_2(tmux, root, tmp_path) -> str:
    tmux.start([*huskurage_command(), str(root)], user_env(tmp_path), tmp_path)
    tmux.wait_for("1. Företaget")
    tmux.keys("C-n")
    return tmux.wait_for("2. Kontakt med Huskurage")


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_hang_up_or_terminate_signal_saves_the_step_as_ctrl_q_does(tmux, tmp_path, sig):
    root = start_new_portfolio(tmux, tmp_path)
    type_step_2_notes(tmux)
    pid = tmux.program_pid()
    tmux.send_signal(sig)
    wait_for_process_exit(pid)
    huskurage = tomllib.loads((root / "huskurage.toml").read_text(encoding="utf-8"))["huskurage"]
    assert (huskurage["person"], huskurage["notes"]) == ("Anna Andersson", "Ring tillbaka i mars")
    tmux.kill()
    shown = reopen_at_step_2(tmux, root, tmp_path)
    assert "Anna Andersson" in shown and "Ring tillbaka i mars" in shown


def test_closing_the_window_saves_the_step_as_ctrl_q_does(tmux, tmp_path):
    """``tmux kill-session``, a closed terminal window or an SSH drop: SIGHUP, and the terminal is gone."""
    root = start_new_portfolio(tmux, tmp_path)
    tmux.keys("C-p")
    tmux.keys("steg 5", literal=True)
    tmux.keys("Enter")
    tmux.wait_for("5. Råden till grannarna")
    tmux.keys("Down", "Down", "Space")  # the third choice: the company's own steps
    tmux.wait_for("Era egna steg, ett per rad")  # their field shows
    tmux.move("Tab")
    tmux.keys("Ring 112 om det är akut", literal=True)
    tmux.wait_for("Ring 112 om det är akut")
    pid = tmux.program_pid()
    tmux.close_window()
    wait_for_process_exit(pid)
    advice = tomllib.loads((root / "huskurage.toml").read_text(encoding="utf-8"))["advice"]
    assert (advice["variant"], advice["custom_steps"]) == ("custom", ["Ring 112 om det är akut"])
