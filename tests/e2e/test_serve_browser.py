"""``huskurage serve`` in the system Chromium, as a colleague uses it (issue 15).

The real server on the demo, on a free port; Playwright opens the page with
the token, types as a user would, and the assertions are on the files on disk.
The screen is read from the page's websocket (support/browser.py). A
screenshot of the served dashboard is written to ``build/screenshots/``.
"""

from __future__ import annotations

import io
import subprocess
import tomllib
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest

from support import ROOT, exported, run_cli, snapshot_files
from support.browser import Tab, chromium_browser, served
from support.dashboard import city_file

pytestmark = [pytest.mark.chromium, pytest.mark.slow]

SCREENSHOTS = ROOT / "build" / "screenshots"
UPPSALA, GOTEBORG = "0380", "1480"
FIRST_ITEM = "fit_resources"  # the first item of a municipality's checklist
FIRST_TITLE = "Avsätt personaltid"


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as b:
        yield b


@pytest.fixture
def server(demo_dir, tmp_path):
    with served(demo_dir, data_dir=tmp_path / "data") as s:
        yield s


def read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def status_of(root: Path, code: str, item: str = FIRST_ITEM) -> str:
    return read(city_file(root, code)).get("progress", {}).get(item, {}).get("status", "todo")


def key_for_a_change(root: Path, code: str) -> tuple[str, str]:
    """A status key that changes the first item, and the status it gives."""
    return ("d", "doing") if status_of(root, code) != "doing" else ("x", "done")


def open_city(tab: Tab, name: str, code: str) -> None:
    tab.wait_for_text("3 av 3 kommuner")  # the dashboard is drawn
    tab.keys("/", name.lower(), "Enter")
    tab.wait_for_text(f"{name} ({code})")
    tab.wait_for_text(FIRST_TITLE)


def children_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def only_local(requests: list[str], port: int) -> list[str]:
    """The requests that went anywhere but this server."""
    return [u for u in requests if not (urlparse(u).hostname == "127.0.0.1" and urlparse(u).port == port)]


def test_a_colleague_marks_an_item_in_the_browser_and_the_city_file_has_it(browser, server, demo_dir):
    before_files = set(snapshot_files(demo_dir))
    before = read(city_file(demo_dir, UPPSALA))
    key, new = key_for_a_change(demo_dir, UPPSALA)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = Tab.open(context, server.url)
    tab.wait_for_text("3 av 3 kommuner")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.wait_for_selector("body.-first-byte")
    tab.page.screenshot(path=str(SCREENSHOTS / "served-dashboard.png"))

    open_city(tab, "Uppsala", UPPSALA)
    tab.keys(key)
    tab.wait(lambda: status_of(demo_dir, UPPSALA) == new, f"{FIRST_ITEM} = {new} in the Uppsala file")
    after = read(city_file(demo_dir, UPPSALA))
    assert len(after["history"]) == len(before["history"]) + 1
    last = after["history"][-1]
    assert (last["field"], last["new"]) == (f"progress.{FIRST_ITEM}.status", new)

    # The page loaded nothing from outside this server: no font service, nothing.
    assert tab.requests and not only_local(tab.requests, server.port), tab.requests

    # A closed browser: the app quits, nothing half-written, no lock held.
    context.close()
    server.log.wait_for(r"session ended")
    assert children_of(server.proc.pid) == []
    files = set(snapshot_files(demo_dir))
    assert files - before_files == {f"cities/{city_file(demo_dir, UPPSALA).name}.bak"}, files ^ before_files
    done = run_cli("mark", demo_dir, "uppsala", "train_staff", "done", "--on", "2026-11-20")
    assert done.returncode == 0, done.stderr  # the portfolio lock is free at once
    assert "did not end" not in server.log.text() and "Unknown child" not in server.log.text(), server.log.text()


@contextmanager
def two_browsers(browser, server, *cities: tuple[str, str]) -> Iterator[tuple[Tab, Tab]]:
    """Two colleagues, each in a browser of their own, each with a municipality open."""
    contexts = [browser.new_context(), browser.new_context()]
    tabs = [Tab.open(c, server.url) for c in contexts]
    for tab, (name, code) in zip(tabs, cities, strict=True):
        open_city(tab, name, code)
    yield tabs[0], tabs[1]
    for c in contexts:
        c.close()


def test_two_browsers_marking_different_municipalities_at_once_both_land(browser, server, demo_dir):
    key_u, new_u = key_for_a_change(demo_dir, UPPSALA)
    key_g, new_g = key_for_a_change(demo_dir, GOTEBORG)
    with two_browsers(browser, server, ("Uppsala", UPPSALA), ("Göteborg", GOTEBORG)) as (a, b):
        a.keys(key_u)
        b.keys(key_g)  # typed right after: both saves meet at the portfolio lock
        a.wait(lambda: status_of(demo_dir, UPPSALA) == new_u, "Uppsala saved")
        b.wait(lambda: status_of(demo_dir, GOTEBORG) == new_g, "Göteborg saved")
    for code, new in ((UPPSALA, new_u), (GOTEBORG, new_g)):
        last = read(city_file(demo_dir, code))["history"][-1]
        assert (last["field"], last["new"]) == (f"progress.{FIRST_ITEM}.status", new)


def test_the_same_municipality_in_two_browsers_the_second_is_asked(browser, server, demo_dir):
    key, new = key_for_a_change(demo_dir, UPPSALA)
    with two_browsers(browser, server, ("Uppsala", UPPSALA), ("Uppsala", UPPSALA)) as (a, b):
        a.keys(key)
        a.wait(lambda: status_of(demo_dir, UPPSALA) == new, "the first save")
        saved = city_file(demo_dir, UPPSALA).read_bytes()
        b.keys("s")  # another status on the same item, from a tab that read the file before the first save
        b.wait_for_text("Uppsala: någon annan har ändrat filen")  # the dashboard's conflict question
        assert city_file(demo_dir, UPPSALA).read_bytes() == saved  # nothing written over unasked


def test_without_the_token_the_page_is_403_and_nothing_else(browser, server):
    context = browser.new_context()
    page = context.new_page()
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws))
    for url in (server.base, f"{server.base}?token=", f"{server.base}?token={server.token[:-1]}x", f"{server.base}?token={'a' * 5000}"):
        response = page.goto(url)
        assert response is not None and response.status == 403, url
        assert page.content().count("403") == 1 and "terminal" not in page.content()
    assert sockets == []
    context.close()


def test_the_cap_on_sessions_shows_a_page_that_says_so(browser, demo_dir, tmp_path):
    with served(demo_dir, "--max-sessions", "1", data_dir=tmp_path / "data") as server:
        one, two = browser.new_context(), browser.new_context()
        a = Tab.open(one, server.url)
        a.wait_for_text("3 av 3 kommuner")
        page = two.new_page()
        response = page.goto(server.url)
        assert response is not None and response.status == 429
        assert "Alla platser är upptagna" in page.inner_text("h1")
        one.close()
        server.log.wait_for(r"session ended")
        b = Tab.open(two, server.url)  # a place is free again
        b.wait_for_text("3 av 3 kommuner")
        two.close()


def test_export_from_the_dashboard_downloads_the_written_files(browser, server, demo_dir):
    context = browser.new_context(accept_downloads=True)
    tab = Tab.open(context, server.url)
    tab.wait_for_text("3 av 3 kommuner")
    with tab.page.expect_download(timeout=120_000) as started:
        tab.keys("e")
    download = started.value
    assert download.suggested_filename.startswith("huskurage-export-") and download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(downloaded(download, server))) as archive:
        names = sorted(archive.namelist())
        written = sorted(exported(demo_dir / "export"))  # the documents, not the export's own room
        assert names == written and "action-plan.md" in names and any(n.startswith("signs/") for n in names)
        for name in names:
            assert archive.read(name) == (demo_dir / "export" / name).read_bytes(), name
    context.close()


def downloaded(download, server) -> bytes:
    """The downloaded file's bytes; a download the browser gave up on fails with why and the server's log."""
    failure = download.failure()  # waits for the download to end
    assert failure is None, f"the download failed: {failure}; the server's log:\n{server.log.text()[-4000:]}"
    return Path(download.path()).read_bytes()


def to_step(tab: Tab, key: str, number: int) -> None:
    """From the dashboard to the wizard (F2), then to a step through the step list (Ctrl+G)."""
    tab.wait_for_text("3 av 3 kommuner")
    tab.keys("F2")
    tab.wait(lambda: "Steg " in tab.text() and " av 10" in tab.text(), "the wizard")
    tab.keys("Control+g", key, "Enter")
    tab.wait_for_text(f"Steg {number} av 10")


def test_export_from_the_review_step_downloads_the_written_files(browser, server, demo_dir):
    context = browser.new_context(accept_downloads=True)
    tab = Tab.open(context, server.url)
    to_step(tab, "End", 10)
    tab.wait_for_text("En relativ mapp ligger i portföljens mapp.")  # the form is drawn down to the button
    with tab.page.expect_download(timeout=120_000) as started:
        tab.click_text("Exportera")  # the button, clicked with the mouse
    tab.wait_for_text("filer skrivna i export")
    with zipfile.ZipFile(io.BytesIO(downloaded(started.value, server))) as archive:
        assert archive.read("action-plan.md") == (demo_dir / "export" / "action-plan.md").read_bytes()
        assert len(archive.namelist()) == len(exported(demo_dir / "export"))
    context.close()


def test_a_closed_tab_saves_what_was_being_typed(browser, server, demo_dir):
    context = browser.new_context()
    tab = Tab.open(context, server.url)
    to_step(tab, "Home", 1)
    tab.click_text("Demobostäder AB")  # the company's name, in its field: the cursor goes where it was clicked
    tab.keys(" Norr")
    tab.wait(lambda: "Norr" in field(tab, "Företagets namn"), "the typed letters in the field")
    shown = field(tab, "Företagets namn")
    context.close()  # no Ctrl+S, no step change: the tab is just closed
    server.log.wait_for(r"session ended")
    assert read(demo_dir / "huskurage.toml")["company"]["name"] == shown


def field(tab: Tab, label: str) -> str:
    """The text a form field shows beside its label."""
    line = next(line for line in tab.text().splitlines() if label in line)
    return line.split(label, 1)[1].strip()
