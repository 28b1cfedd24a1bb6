"""The wizard under stress: huge pastes, tiny terminals, odd characters, keys faster than saves.

Driven with Pilot through the same factory the CLI uses. Each test checks
what a user would notice: the program keeps running, the field holds exactly
what was typed or pasted, and after the save the file on disk holds it too.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from support import snapshot_files
from support.tui import app_for, at_step, goto_step, on_screen, on_step, screen_text, sync, wait_for

pytestmark = pytest.mark.slow

SIZE = (100, 30)


def company(root: Path) -> dict:
    return tomllib.loads((root / "huskurage.toml").read_text(encoding="utf-8"))


def _deliver(app, event) -> None:
    """Hand an event to the app the way its terminal driver does."""
    event.set_sender(app)
    app._driver.send_message(event)


def burst(app, keys: list[str]) -> None:
    """Keys as a terminal delivers them when they come faster than the app handles them (a held-down key,
    a fast typist, a laggy ssh link): all queued at once, none waiting for the one before."""
    from textual import events
    from textual.keys import KEY_NAME_REPLACEMENTS, _character_to_key

    for key in keys:
        if len(key) == 1:  # a character: named as Textual's own terminal parser names it
            name = key if key.isalnum() else _character_to_key(key)
            _deliver(app, events.Key(KEY_NAME_REPLACEMENTS.get(name, name), key))
        else:
            _deliver(app, events.Key(key, None))


async def paste(pilot, selector: str, text: str) -> None:
    """A bracketed paste, as a terminal sends it."""
    from textual import events

    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    if hasattr(widget, "clear"):
        widget.clear()
    else:
        widget.value = ""
    await pilot.pause()
    _deliver(pilot.app, events.Paste(text))
    await pilot.pause()


LONG_LINE = ("Bostäder [bold]AB[/] \"citat\" \\ 🙂 e\u0301 👨\u200d👩\u200d👧 ") * 400
LONG_TEXT = "\n".join(f"Rad {n}: ring 112 om det är akut — “citat” 🙂 [red]inte markup[/]" for n in range(160))


@sync
async def test_a_10000_character_paste_is_kept_whole_in_the_field_and_the_file(demo_dir, tmp_path):
    line = LONG_LINE[:10_000].strip()
    assert len(line) > 9_990
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=SIZE) as pilot:
        await at_step(pilot, 1)
        await paste(pilot, "#name", line)
        await wait_for(pilot, lambda: app.screen.query_one("#name").value == line, what="the paste")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: company(demo_dir)["company"]["name"] == line, what="the save")

        await goto_step(pilot, 2)
        text = LONG_TEXT[:10_000].strip()
        await paste(pilot, "#notes", text)
        await wait_for(pilot, lambda: app.screen.query_one("#notes").text == text, what="the paste into notes")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: company(demo_dir)["huskurage"]["notes"] == text, what="the save of notes")
        screen_text(app)  # and it still renders
        await pilot.press("ctrl+q")
    assert company(demo_dir)["company"]["name"] == line
    assert company(demo_dir)["huskurage"]["notes"] == text


@sync
async def test_every_step_survives_a_40x12_terminal_and_comes_back_unchanged(demo_dir, tmp_path):
    before = snapshot_files(demo_dir)
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=SIZE) as pilot:
        await at_step(pilot, 1)
        for number in range(1, 11):
            await goto_step(pilot, number)
            shown = screen_text(app)
            await pilot.resize_terminal(40, 12)
            await wait_for(pilot, lambda: app.size == (40, 12), what="the small terminal")
            assert screen_text(app).strip()  # something sensible is drawn, no crash
            await pilot.press("tab", "tab")  # and it still takes keys
            await pilot.resize_terminal(*SIZE)
            await wait_for(pilot, lambda: app.size == SIZE, what="the terminal back")
            assert on_step(app, number) and f"Steg {number} av 10" in screen_text(app)
            assert screen_text(app).split()[:3] == shown.split()[:3]
        await pilot.press("ctrl+q")
    assert snapshot_files(demo_dir) == before  # resizing is not an edit


async def enter(pilot, field, text: str) -> None:
    """Type ``text`` key by key as a terminal sends it; a joined emoji (ZWJ) is pasted, as it only can be."""
    field.focus()
    field.value = ""
    await pilot.pause()
    if "\u200d" in text:  # typed, Textual drops the invisible joiner (not printable); a paste keeps it
        from textual import events

        _deliver(pilot.app, events.Paste(text))
    else:
        for char in text:
            burst(pilot.app, [char])
            await pilot.pause()
    await wait_for(pilot, lambda: field.value == text, what=f"{text!r} in the field")


NAMES = [
    "Bostäder 🙂 AB",
    "Cafe\u0301 Ångström",  # a combining accent
    "👨\u200d👩\u200d👧 Familjebostäder",  # a family emoji: one glyph, five code points
    "🇸🇪 Hem",  # a flag: two regional indicators
    "שלום Bostad",  # right to left
    "Ｆｕｌｌｗｉｄｔｈ ＡＢ",
]


@pytest.mark.parametrize("name", NAMES, ids=["emoji", "combining", "zwj", "flag", "rtl", "fullwidth"])
@sync
async def test_emoji_and_combining_characters_in_names_are_typed_shown_and_saved_exactly(demo_dir, tmp_path, name):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=SIZE) as pilot:
        await at_step(pilot, 1)
        field = app.screen.query_one("#name")
        await enter(pilot, field, name)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: on_step(app, 2), what="step 2")
        assert company(demo_dir)["company"]["name"] == name

        await goto_step(pilot, 6)  # a partner with the same name, through the modal
        app.screen.query_one("#partners").focus()
        await pilot.press("a")
        await on_screen(pilot, "PartnerModal")
        await enter(pilot, app.screen.query_one("#organisation"), name)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_step(app, 6), what="back from the modal")
        for size in ((40, 12), SIZE):  # wide and combining glyphs at both widths
            await pilot.resize_terminal(*size)
            await wait_for(pilot, lambda s=size: app.size == s, what="the terminal resized")
            screen_text(app)
        await pilot.press("ctrl+q")
    organisations = [
        p.get("organisation")
        for f in (demo_dir / "cities").glob("*.toml")
        for p in tomllib.loads(f.read_text(encoding="utf-8")).get("partners", [])
    ]
    assert name in organisations


async def _burst_into_security_contact(pilot, app, keys: list[str]) -> str:
    field = app.screen.query_one("#security_contact")
    field.focus()
    field.value = ""
    await pilot.pause()
    burst(app, keys)
    return "".join(k for k in keys if len(k) == 1)


@sync
async def test_keys_typed_faster_than_the_saves_between_them_are_all_saved(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=SIZE) as pilot:
        await at_step(pilot, 1)
        keys = [k for letter in "abcdefghijkl" for k in [letter] * 25 + ["ctrl+s"]]  # 300 letters, 12 saves
        expected = await _burst_into_security_contact(pilot, app, keys)
        field = app.screen.query_one("#security_contact")
        await wait_for(pilot, lambda: field.value == expected, timeout=30, what="every key in the field")
        await pilot.pause()
        # The last Ctrl+S came after the last letter: the file must have every letter.
        assert company(demo_dir)["company"].get("security_contact") == expected


@sync
async def test_a_name_typed_just_before_quit_is_not_lost(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=SIZE) as pilot:
        await at_step(pilot, 1)
        expected = await _burst_into_security_contact(pilot, app, [*"Trygghetschefen", "ctrl+q"])
        await wait_for(pilot, lambda: not app.is_running, timeout=30, what="the quit")
    assert company(demo_dir)["company"].get("security_contact") == expected


@sync
async def test_text_typed_just_before_next_is_still_there_on_coming_back(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=SIZE) as pilot:
        await at_step(pilot, 1)
        expected = await _burst_into_security_contact(pilot, app, [*"Trygghetschefen", "ctrl+n"])
        await wait_for(pilot, lambda: on_step(app, 2), what="step 2")
        await goto_step(pilot, 1)
        assert app.screen.query_one("#security_contact").value == expected


@sync
async def test_next_and_back_held_down_never_crash_nor_lose_what_was_typed(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=SIZE) as pilot:
        await at_step(pilot, 1)
        field = app.screen.query_one("#security_contact")
        field.focus()
        field.value = ""
        await pilot.press(*"Trygghetschefen")
        for keys in (["ctrl+n"] * 15, ["ctrl+t"] * 15, ["ctrl+n", "ctrl+t"] * 10):
            burst(app, keys)  # Next and Back held down: a save on every step change
            for _ in range(30):
                await pilot.pause()
            await wait_for(pilot, lambda: 1 <= getattr(app.screen, "step", 0) <= 10, what="a step")
        await goto_step(pilot, 1)
        assert app.screen.query_one("#security_contact").value == "Trygghetschefen"
        assert company(demo_dir)["company"]["security_contact"] == "Trygghetschefen"
        await pilot.press("ctrl+q")
    assert company(demo_dir)["company"]["security_contact"] == "Trygghetschefen"
    for path in [demo_dir / "huskurage.toml", *(demo_dir / "cities").glob("*.toml")]:
        tomllib.loads(path.read_text(encoding="utf-8"))
