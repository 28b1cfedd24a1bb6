"""The calendar and plan.toml rendered in forked children: same bytes, clean errors, nothing half-written, no fork from threads."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import threading
from pathlib import Path

import pytest

from support import TEXT_FORMATS, exported, leftovers
from wizard.demo import demo_portfolio
from wizard.documents import ExportError, action_plan, export, follow_up_ics, output_set
from wizard.documents import children as forked

TODAY = dt.date(2026, 11, 16)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the forked child is used on Linux only")


@pytest.fixture
def children(monkeypatch):
    """The pids of the children an export forks."""
    pids: list[int] = []
    real = forked.Detached.__init__

    def spy(self, *args):
        real(self, *args)
        pids.append(self.pid)

    monkeypatch.setattr(forked.Detached, "__init__", spy)
    return pids


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_forked_calendar_gives_the_same_bytes_as_rendering_in_one_process(tmp_path, children):
    export(demo_portfolio(), tmp_path / "one", lang="en", today=TODAY, parallel=False)
    assert children == []
    export(demo_portfolio(), tmp_path / "two", lang="en", today=TODAY, parallel=True)
    assert len(children) == 2 and all(map(_reaped, children))
    assert exported(tmp_path / "one") == exported(tmp_path / "two")
    export(demo_portfolio(), tmp_path / "ics-only", formats=["ics"], today=TODAY, parallel=True)
    assert sorted(exported(tmp_path / "ics-only")) == ["follow-up.ics"]


def test_the_command_line_forks_and_a_thread_does_not(tmp_path, children):
    """A process with one thread forks by default; from a worker thread (the TUI) it renders in-process."""
    export(demo_portfolio(), tmp_path / "main", today=TODAY)
    assert len(children) == 2

    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(export(demo_portfolio(), tmp_path / "thread", today=TODAY)))
    worker.start()
    worker.join()
    assert len(children) == 2, "forked from a process with two threads"
    assert len(done) == 1 and exported(tmp_path / "thread") == exported(tmp_path / "main")


def _previous_set(out: Path) -> dict:
    export(demo_portfolio(), out, today=TODAY, parallel=False)
    return exported(out)


def _renamed():
    p = demo_portfolio()
    p.settings.company.name = "Nytt namn AB"
    return p


def test_a_bug_in_the_child_is_a_clean_export_error_and_nothing_changes(tmp_path, monkeypatch, children):
    out = tmp_path / "out"
    before = _previous_set(out)

    def broken(doc):
        raise KeyError("cadence")

    monkeypatch.setattr(follow_up_ics, "render", broken)
    with pytest.raises(ExportError) as e:
        export(_renamed(), out, today=TODAY, parallel=True)
    assert e.value.code == "failed" and "follow-up.ics" in e.value.message and "KeyError" in e.value.message
    assert exported(out) == before and leftovers(tmp_path) == [] and leftovers(out) == []
    assert len(children) == 2 and all(map(_reaped, children))


def test_a_full_disk_in_the_child_says_so(tmp_path, monkeypatch):
    out = tmp_path / "new" / "out"
    real = output_set.write_file

    def disk_full(path, content):
        if path.name == "follow-up.ics":
            raise OSError(28, "No space left on device")
        real(path, content)

    monkeypatch.setattr(output_set, "write_file", disk_full)
    with pytest.raises(ExportError) as e:
        export(demo_portfolio(), out, today=TODAY, parallel=True)
    assert e.value.code == "failed" and "No space left on device" in e.value.message
    assert list(tmp_path.iterdir()) == [], "the folders made for the export are gone again"


def test_a_child_that_is_killed_fails_the_export(tmp_path, monkeypatch):
    out = tmp_path / "out"
    before = _previous_set(out)
    monkeypatch.setattr(follow_up_ics, "render", lambda doc: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(ExportError) as e:
        export(_renamed(), out, today=TODAY, parallel=True)
    assert "SIGKILL" in e.value.message
    assert exported(out) == before and leftovers(tmp_path) == []


def test_a_failure_in_this_process_stops_the_child_first(tmp_path, monkeypatch, children):
    out = tmp_path / "out"
    before = _previous_set(out)
    started = threading.Event()

    def slow_calendar(doc):
        import time

        time.sleep(60)  # still running when the other document fails
        return b""

    def broken_action_plan(doc):  # rendered in this process
        started.set()
        raise OSError(5, "I/O error")

    monkeypatch.setattr(follow_up_ics, "render", slow_calendar)
    monkeypatch.setattr(action_plan, "render", broken_action_plan)
    with pytest.raises(ExportError) as e:
        export(_renamed(), out, today=TODAY, parallel=True)
    assert started.is_set() and "I/O error" in e.value.message
    assert len(children) == 2 and all(map(_reaped, children)), "a child was left running"
    assert exported(out) == before and leftovers(tmp_path) == []


def test_an_export_error_raised_in_the_child_keeps_its_wording(tmp_path, monkeypatch):
    def refuse(doc):
        raise ExportError("unknown_language", value="xx")

    monkeypatch.setattr(follow_up_ics, "render", refuse)
    with pytest.raises(ExportError) as e:
        export(demo_portfolio(), tmp_path / "out", today=TODAY, parallel=True)
    assert e.value.code == "unknown_language" and e.value.params == {"value": "xx"}
    assert list(tmp_path.iterdir()) == []


def test_when_no_process_can_be_forked_the_calendar_is_rendered_here(tmp_path, monkeypatch):
    export(demo_portfolio(), tmp_path / "one", today=TODAY, parallel=False, formats=TEXT_FORMATS)

    def no_more_processes():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(forked.os, "fork", no_more_processes)
    files = export(demo_portfolio(), tmp_path / "two", today=TODAY, parallel=True, formats=TEXT_FORMATS)
    assert len(files) == 16
    assert exported(tmp_path / "one") == exported(tmp_path / "two")


def test_where_there_is_no_fork_at_all_every_document_is_rendered_here_with_the_same_bytes(tmp_path, monkeypatch, children):
    """Windows has no ``os.fork``: asked to fork or left to decide, the export renders in this process."""
    export(demo_portfolio(), tmp_path / "forked", today=TODAY, parallel=True)
    assert len(children) == 2
    monkeypatch.delattr(os, "fork")
    export(demo_portfolio(), tmp_path / "asked", today=TODAY, parallel=True)
    export(demo_portfolio(), tmp_path / "default", today=TODAY)
    assert len(children) == 2  # no more children
    assert exported(tmp_path / "forked") == exported(tmp_path / "asked") == exported(tmp_path / "default")
