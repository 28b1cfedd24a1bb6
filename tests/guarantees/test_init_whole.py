"""``init`` makes a whole portfolio or nothing, and says which (issue 17, classes 6 and 10).

It stages everything in a hidden folder inside the target and moves the parts
into place, the company file last; a full disk, a link where ``logos/``
belongs, or a plan that is not a regular file leave nothing behind and say
"Nothing has been created", and the same command then works.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from support import run_cli, snapshot_files
from wizard import store
from wizard.demo import demo_portfolio
from wizard.store import writing

SV = {"env": {"HUSKURAGE_LANG": "sv"}}


@pytest.mark.parametrize("at", [1, 2, 4])
def test_a_full_disk_leaves_nothing_and_says_so_and_the_retry_works(tmp_path, monkeypatch, at):
    root = tmp_path / "new" / "p"
    real = writing._write_new
    calls = []

    def full(path, data, mode, **kw):
        calls.append(path)
        if len(calls) == at:
            raise OSError(28, "No space left on device")
        return real(path, data, mode, **kw)

    monkeypatch.setattr(writing, "_write_new", full)
    with pytest.raises(store.StoreError) as e:
        store.init(root, demo_portfolio())
    assert e.value.kind == "init_failed"
    assert "No space left on device" in e.value.message and "Ingenting har skapats" in e.value.message
    assert "tidigare versionen" not in e.value.message
    assert list(tmp_path.iterdir()) == [], "no half portfolio, no folder made for it"
    monkeypatch.undo()
    store.init(root, demo_portfolio())
    assert run_cli("check", root, **SV).returncode == 0


def test_a_full_disk_in_an_existing_folder_leaves_it_as_it_was(tmp_path, monkeypatch):
    root = tmp_path / "p"
    root.mkdir()
    (root / "README.txt").write_text("mine\n")
    before = snapshot_files(root)
    monkeypatch.setattr(writing, "_write_new", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(store.StoreError):
        store.init(root, demo_portfolio())
    assert snapshot_files(root) == before and sorted(os.listdir(root)) == ["README.txt"]


def test_a_killed_init_is_cleaned_by_the_next(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child: killed by its own hand while writing the cities
        try:
            real = writing._write_new

            def killed(path, data, mode, **kw):
                if "cities" in str(path):
                    os.kill(os.getpid(), 9)
                return real(path, data, mode, **kw)

            writing._write_new = killed
            store.init(root, demo_portfolio())
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert not (root / "huskurage.toml").exists(), "no portfolio that check could call clean"
    assert run_cli("check", root, **SV).returncode == 2
    done = run_cli("init", root, "--demo", **SV)
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(root)) == ["cities", "huskurage.toml", "logos"]


def _plan(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    store.init(src, demo_portfolio())
    (src / "logos" / "polisen.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    text = (src / "cities" / "1480-goteborg.toml").read_text(encoding="utf-8")
    text = re.sub(r"^logos = .*$", 'logos = ["logos/polisen.png"]', text, count=1, flags=re.M)  # in place of the demo's list
    (src / "cities" / "1480-goteborg.toml").write_text(text, encoding="utf-8")
    assert run_cli("export", src, "--out", tmp_path / "exp", "--format", "toml", **SV).returncode == 0
    return tmp_path / "exp" / "plan.toml"


def test_init_from_a_plan_into_a_folder_whose_logos_is_a_link_changes_nothing(tmp_path):
    plan = _plan(tmp_path)
    root = tmp_path / "p"
    root.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, root / "logos")
    done = run_cli("init", root, "--from", plan, **SV)
    assert done.returncode == 2 and "symbolisk länk" in done.stderr and "Ingenting har skapats" in done.stderr
    assert sorted(os.listdir(root)) == ["logos"] and os.listdir(elsewhere) == []
    os.unlink(root / "logos")
    assert run_cli("init", root, "--from", plan, **SV).returncode == 0
    assert (root / "logos" / "polisen.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_init_from_anything_but_a_regular_file_is_refused_at_once(tmp_path, kind):
    source = {"fifo": tmp_path / "plan.fifo", "folder": tmp_path, "device": Path("/dev/zero")}[kind]
    if kind == "fifo":
        os.mkfifo(source)  # nobody writes to it: reading would wait forever
    done = run_cli("init", tmp_path / "p", "--from", source, **SV)
    assert done.returncode == 2 and "ingen vanlig fil" in done.stderr and "Ingenting har skapats" in done.stderr
    assert not (tmp_path / "p").exists()


def test_init_from_a_plan_bigger_than_any_export_is_refused(tmp_path):
    from wizard.documents.plan_toml import PLAN_MAX_BYTES

    big = tmp_path / "plan.toml"
    with open(big, "wb") as f:
        f.truncate(PLAN_MAX_BYTES + 1)  # sparse: costs no disk
    done = run_cli("init", tmp_path / "p", "--from", big, **SV)
    assert done.returncode == 2 and "större än" in done.stderr
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("thing", ["link", "file"])
def test_init_from_a_plan_with_years_of_history_into_a_folder_whose_history_is_in_the_way(tmp_path, thing):
    """A plan whose rows pass the cap makes ``history/`` (their archive): a link there is never written through, a
    file there is named, and nothing is made; with the way clear the same command works."""
    import datetime as dt

    from wizard.documents import export
    from wizard.model import HistoryEntry

    p = demo_portfolio()
    start = dt.datetime(2026, 11, 1, 8, 0)
    p.cities["1480"].history += [HistoryEntry(start + dt.timedelta(minutes=n), "signs_up", str(n), str(n + 1)) for n in range(1200)]
    export(p, tmp_path / "exp", formats=("toml",), with_history=True)
    root, elsewhere = tmp_path / "p", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    if thing == "link":
        os.symlink(elsewhere, root / "history")
    else:
        (root / "history").write_text("mine\n", encoding="utf-8")
    done = run_cli("init", root, "--from", tmp_path / "exp" / "plan.toml", **SV)
    expected = "symbolisk länk" if thing == "link" else "innehåller redan"
    assert done.returncode == 2 and expected in done.stderr and "history" in done.stderr, done.stderr
    assert "Ingenting har skapats" in done.stderr
    assert sorted(os.listdir(root)) == ["history"] and os.listdir(elsewhere) == []
    os.unlink(root / "history")
    assert run_cli("init", root, "--from", tmp_path / "exp" / "plan.toml", **SV).returncode == 0
    assert sorted(os.listdir(root / "history")) and run_cli("check", root, **SV).returncode in (0, 1)
