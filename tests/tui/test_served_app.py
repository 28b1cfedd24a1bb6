"""The app's side of the browser door (issue 15), with Pilot: the dashboard's export, and what changes in a browser.

In a terminal, ``e`` on the dashboard writes the documents and stops there. In a
browser (``App.is_web``, here made true for the app under test) the written files
are also handed to the browser as one zip, the export stays inside the
portfolio's folder, and Ctrl+O does not open other folders on the server.
"""

from __future__ import annotations

import io
import zipfile

import pytest

import support
from support.dashboard import on_dashboard
from support.tui import app_for, goto_step, sync, wait_for


def deliveries(app) -> list[tuple[bytes, dict]]:
    """What the app hands to the browser from now on (the bytes and the arguments)."""
    sent: list[tuple[bytes, dict]] = []
    app.deliver_binary = lambda file, **kwargs: sent.append((file.read(), kwargs))
    return sent


@pytest.fixture
def in_a_browser(monkeypatch):
    from wizard.tui.app import HuskurageApp

    monkeypatch.setattr(HuskurageApp, "is_web", property(lambda self: True))


def exported(root) -> dict[str, bytes]:
    """The documents in the portfolio's export folder (not the export's own room)."""
    return support.exported(root / "export")


@sync
async def test_e_on_the_dashboard_exports_every_document_and_in_a_terminal_downloads_nothing(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        sent = deliveries(app)
        await on_dashboard(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: (demo_dir / "export" / "action-plan.md").is_file(), what="the export", timeout=120)
        await wait_for(pilot, lambda: not app.workers, what="the export's worker to end", timeout=120)
        assert sent == []
    files = exported(demo_dir)
    assert "plan.toml" in files and any(name.startswith("signs/") for name in files)


@sync
async def test_in_a_browser_the_dashboard_export_is_downloaded_as_one_zip(demo_dir, tmp_path, in_a_browser):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        sent = deliveries(app)
        await on_dashboard(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: sent, what="a download", timeout=120)
    (data, kwargs), = sent
    assert kwargs["mime_type"] == "application/zip" and kwargs["save_filename"].startswith("huskurage-export-")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == exported(demo_dir)


@sync
async def test_in_a_browser_the_export_stays_in_the_portfolio_and_ctrl_o_opens_nothing_else(demo_dir, tmp_path, in_a_browser):
    app = app_for(demo_dir, tmp_path / "data")
    outside = tmp_path / "elsewhere"
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.name == "dashboard"  # not the welcome screen with its folders
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.screen.name == "wizard", what="the wizard")
        await goto_step(pilot, 10)
        step = app.screen.current
        step.query_one("#out").value = str(outside)
        await pilot.pause()  # the field's own check of the typed text first
        step.start_export()
        await pilot.pause()
        assert "portföljens mapp" in step.query_one("#f-out").message
    assert not outside.exists()
