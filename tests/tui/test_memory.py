"""The cyclic collector is paused where the program builds what lives on, and always switched back on."""

from __future__ import annotations

import gc

from support.tui import app_for, at_step, on_step, sync, wait_for
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
