"""The cyclic collector is paused where the program builds what lives on, and always switched back on."""

from __future__ import annotations

import gc

from support.tui import app_for, at_step, goto_step, sync, wait_for
from wizard import memory, model, store


def test_a_portfolio_loads_without_collections_and_the_collector_comes_back(demo_dir, monkeypatch):
    seen: list[bool] = []
    real = model.city_from_dict

    def spy(data, prefix=""):
        seen.append(gc.isenabled())
        return real(data, prefix)

    monkeypatch.setattr(model, "city_from_dict", spy)
    assert gc.isenabled()
    store.open(demo_dir)
    assert seen == [False, False, False] and gc.isenabled()


def test_a_paused_block_restores_what_was_there_even_on_error():
    gc.disable()
    try:
        with memory.collection_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
    try:
        with memory.collection_paused():
            raise KeyError("x")
    except KeyError:
        pass
    assert gc.isenabled()


@sync
async def test_the_tui_collects_again_once_its_first_screen_is_up(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        await wait_for(pilot, gc.isenabled, what="the collector back on")
    assert gc.isenabled()


def test_only_memory_py_freezes_or_unfreezes():
    """The performance trick has one owner (issue 10, item 9): a screen calling gc.freeze itself undid another's."""
    import ast

    from support import ROOT

    callers = set()
    for path in (ROOT / "wizard").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("freeze", "unfreeze") and getattr(node.value, "id", "") == "gc":
                callers.add(path.relative_to(ROOT).as_posix())
    assert callers == {"wizard/memory.py"}


@sync
async def test_a_screen_replaced_by_f2_is_freed_and_what_lives_on_is_frozen_again(demo_dir, tmp_path):
    import weakref

    app = app_for(demo_dir, tmp_path / "data", start_step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 3)
        first = weakref.ref(app.screen)
        assert gc.get_freeze_count() > 0  # the wizard, once built
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.screen.name == "dashboard", what="the dashboard")
        await pilot.press("f2")
        await at_step(pilot, 3)

        def collected() -> bool:
            gc.collect()
            return first() is None

        await wait_for(pilot, collected, what="the first wizard screen collected")
        await goto_step(pilot, 5)  # a step mounted: what lives on is out of the collector's sight again
        assert gc.get_freeze_count() > 0
