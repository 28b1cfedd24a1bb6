"""An export touches nothing it did not write, never writes through a link, and leaves no litter (issue 17, 1 and 7).

The output folder may hold the user's own files, and a folder on the way may
be a symbolic link someone planted: the export replaces or removes only the
files it wrote itself that are still as it wrote them (``.huskurage-export/``
keeps the record), refuses any link on the output path, and stages inside
that room, so a killed export's leftovers are cleaned by the next one.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from guarantees.hostile.corpus import make_demo
from support import exported, run_cli, snapshot_files
from wizard.demo import demo_portfolio
from wizard.documents import ExportError, export, output_set

TODAY_ARGS = {"env": {"HUSKURAGE_LANG": "sv"}}
USERS_OWN = {
    "signs/2024-julkampanj.html": b"<p>Our own campaign sign</p>\n",
    "tenant-info/2025-utkast.md": "Utkast, skrivet för hand\n".encode(),
    "anteckningar.txt": b"mine\n",
    "1480-goteborg.html": b"not in signs/: never ours\n",
}


def _users_folder(out: Path) -> None:
    for rel, data in USERS_OWN.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)


def _own_files(out: Path) -> dict[str, bytes]:
    return {rel: (out / rel).read_bytes() for rel in USERS_OWN if (out / rel).exists()}


def test_the_users_own_files_stay_byte_for_byte_through_every_export(tmp_path):
    root = make_demo(tmp_path / "p")
    out = tmp_path / "out"
    _users_folder(out)
    done = run_cli("export", root, "--out", out, **TODAY_ARGS)
    assert done.returncode == 0, done.stderr
    assert _own_files(out) == USERS_OWN
    assert (out / "signs" / "1480-goteborg.html").is_file()
    done = run_cli("export", root, "--out", out, **TODAY_ARGS)  # again: replaces its own files, nothing else
    assert done.returncode == 0, done.stderr
    assert _own_files(out) == USERS_OWN
    (root / "cities" / "0380-uppsala.toml").unlink()  # a municipality leaves: its old documents go, the user's stay
    done = run_cli("export", root, "--out", out, **TODAY_ARGS)
    assert done.returncode == 0, done.stderr
    assert not (out / "signs" / "0380-uppsala.html").exists() and not (out / "tenant-info" / "0380-uppsala.md").exists()
    assert _own_files(out) == USERS_OWN


@pytest.mark.parametrize("rel", ["tenant-info/1480-goteborg.md", "action-plan.md"])
def test_a_file_in_the_way_that_the_export_did_not_write_stops_it_and_nothing_changes(tmp_path, rel):
    """The user's own file under a document's name, or an exported file edited since: named, and left alone."""
    out = tmp_path / "out"
    export(demo_portfolio(), out, today=None)
    (out / rel).write_bytes(b"edited by hand\n")
    before = snapshot_files(out)
    p = demo_portfolio()
    p.settings.company.name = "Nytt namn AB"
    with pytest.raises(ExportError) as e:
        export(p, out)
    assert e.value.code == "not_ours" and rel.split("/")[-1] in e.value.message
    assert snapshot_files(out) == before


def test_a_stale_document_edited_by_the_user_is_kept(tmp_path):
    out = tmp_path / "out"
    export(demo_portfolio(), out)
    (out / "signs" / "0380-uppsala.html").write_bytes(b"kept: my changes\n")
    p = demo_portfolio()
    del p.cities["0380"]
    export(p, out)
    assert (out / "signs" / "0380-uppsala.html").read_bytes() == b"kept: my changes\n"
    assert not (out / "tenant-info" / "0380-uppsala.md").exists()


def _elsewhere(tmp_path: Path) -> Path:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "precious.txt").write_bytes(b"precious\n")
    return target


@pytest.mark.parametrize("link", ["out", "out/signs", "out/tenant-info", "parent", "out/.huskurage-export", "out/action-plan.md"])
def test_a_symlink_anywhere_on_the_output_path_is_refused(tmp_path, link):
    target = _elsewhere(tmp_path)
    out = tmp_path / "parent" / "out"
    if link == "parent":
        os.symlink(target, tmp_path / "parent")
    else:
        out.mkdir(parents=True)
        if link == "out":
            out.rmdir()
        os.symlink(target if link != "out/action-plan.md" else target / "precious.txt", tmp_path / "parent" / link)
    before = snapshot_files(target)
    done = run_cli("export", make_demo(tmp_path / "p"), "--out", out, **TODAY_ARGS)
    assert done.returncode == 2, done.stdout
    assert "symbolisk länk" in done.stderr and "Traceback" not in done.stderr
    assert snapshot_files(target) == before and sorted(os.listdir(target)) == ["precious.txt"]


def test_the_default_export_folder_as_a_symlink_out_of_the_portfolio_is_refused(tmp_path):
    root = make_demo(tmp_path / "p")
    target = _elsewhere(tmp_path)
    os.symlink(target, root / "export")
    done = run_cli("export", root, **TODAY_ARGS)
    assert done.returncode == 2 and "symbolisk länk" in done.stderr, done.stderr
    assert sorted(os.listdir(target)) == ["precious.txt"]


@pytest.mark.parametrize("at", [1, 5, 9])
def test_a_killed_export_leaves_nothing_the_next_one_does_not_clean(tmp_path, at):
    """SIGKILL in the middle of writing (the Nth document): nothing beside the output folder, and the next export
    leaves only the documents and its record."""
    out = tmp_path / "out"
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child: killed by its own hand at the Nth document
        try:
            calls = []
            real = output_set.write_file

            def killed(path, content):
                calls.append(path)
                if len(calls) == at:
                    os.kill(os.getpid(), signal.SIGKILL)
                real(path, content)

            output_set.write_file = killed
            export(demo_portfolio(), out, parallel=False)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert sorted(os.listdir(tmp_path)) == ["out"], "nothing beside the output folder"
    assert [p for p in out.iterdir()] == [out / ".huskurage-export"], "no document shows before the set is whole"
    written = export(demo_portfolio(), out)
    assert sorted(os.listdir(out / ".huskurage-export")) == ["lock", "written.json"]
    assert sorted(exported(out)) == sorted(str(p.relative_to(out)) for p in written)


def test_a_portfolio_opened_through_a_link_exports_into_its_real_folder(tmp_path):
    """The link the user typed to reach the portfolio is not on the output path: the export goes to the real folder."""
    root = make_demo(tmp_path / "p")
    os.symlink(root, tmp_path / "shortcut")
    done = run_cli("export", tmp_path / "shortcut", **TODAY_ARGS)
    assert done.returncode == 0, done.stderr
    assert (root / "export" / "action-plan.md").is_file() and str(root / "export") in done.stdout


def test_a_record_naming_files_outside_or_folders_neither_stops_the_export_nor_touches_them(tmp_path):
    """``written.json`` damaged or planted: entries that climb out, are absolute or name a folder are not this
    program's files. The export goes ahead, leaves them alone, and its next record holds its own documents only."""
    import json

    out = tmp_path / "out"
    target = _elsewhere(tmp_path)
    export(demo_portfolio(), out)
    record = out / ".huskurage-export" / "written.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    precious = output_set.digest((target / "precious.txt").read_bytes())  # as if this program had written it
    planted = {"../elsewhere/precious.txt": precious, str(target / "precious.txt"): precious, "signs/..": precious,
               "signs/../../elsewhere/precious.txt": precious, ".huskurage-export/written.json": precious, "": precious}
    data["files"].update(planted)
    record.write_text(json.dumps(data), encoding="utf-8")
    p = demo_portfolio()
    del p.cities["0380"]  # a municipality leaves: the export removes what it wrote for it, and only that
    written = export(p, out)
    assert sorted(os.listdir(target)) == ["precious.txt"] and (target / "precious.txt").read_bytes() == b"precious\n"
    assert not (out / "signs" / "0380-uppsala.html").exists()
    kept = json.loads(record.read_text(encoding="utf-8"))["files"]
    assert sorted(kept) == sorted(str(path.relative_to(out)) for path in written)


def _killed_while_publishing(out: Path, portfolio, when) -> None:
    """An export of ``portfolio`` into ``out`` in a child process, killed by its own hand right after the move
    for which ``when(src_folder, name, dst_folder, new_name, moves_so_far)`` is true."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            real = output_set._Folder.move
            moves = []

            def move(self, name, to, new_name):
                real(self, name, to, new_name)
                moves.append(new_name)
                if when(self, name, to, new_name, len(moves)):
                    os.kill(os.getpid(), signal.SIGKILL)

            output_set._Folder.move = move
            export(portfolio, out, parallel=False)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the export finished before the kill"


def test_an_export_killed_while_the_users_file_is_moved_aside_gives_it_back(tmp_path):
    """Each file in a document's place is moved aside to be checked; killed just then, the user's file is in the
    export's room. The next export puts it back, byte for byte, before it does anything else."""
    out = tmp_path / "out"
    export(demo_portfolio(), out)
    (out / "action-plan.md").write_bytes(b"my own plan, edited by hand\n")
    p = demo_portfolio()
    p.settings.company.name = "Nytt namn AB"
    _killed_while_publishing(out, p, lambda src, name, to, new_name, n: name == "action-plan.md" and to.path.name == "previous")
    assert not (out / "action-plan.md").exists(), "the kill did not land while the file was aside"
    with pytest.raises(ExportError) as e:  # and the next export stops at it, as at any file of the user's
        export(p, out)
    assert e.value.code == "not_ours"
    assert (out / "action-plan.md").read_bytes() == b"my own plan, edited by hand\n"


def test_an_export_killed_half_way_through_publishing_does_not_lock_the_folder_for_the_next(tmp_path):
    """Killed after moving some new documents in: those count as its own, so the next export (of another
    portfolio) replaces them, and the set is whole again."""
    out = tmp_path / "out"
    export(demo_portfolio(), out)
    p = demo_portfolio()
    p.settings.company.name = "Nytt namn AB"
    _killed_while_publishing(out, p, lambda src, name, to, new_name, n: src.path.name != "previous" and to.path.name != "previous" and n >= 6)
    q = demo_portfolio()
    q.settings.company.name = "Tredje namnet AB"
    written = export(q, out)
    assert sorted(exported(out)) == sorted(str(path.relative_to(out)) for path in written)
    assert "Tredje namnet AB" in (out / "action-plan.md").read_text(encoding="utf-8")
    assert sorted(os.listdir(out / ".huskurage-export")) == ["lock", "written.json"]
