"""Files and folders the user may not read or change (issue 17, class 11): the file named, the reason given.

A folder that cannot be listed, a file that cannot be read, a file or folder
made immutable (``chattr +i``): every command answers with the contract's
exit code and the message every other error gives, naming the file and the
system's reason, never "unexpected error"; nothing changes. Tests run as
root here, which no permission bit stops: a listing or a read refused is
made so in this process, and immutability is real (``chattr``), where the
system has it.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from guarantees.hostile.corpus import GBG, make_demo
from support import snapshot_files
from wizard import cli

UNEXPECTED = ("Traceback", "oväntat fel", "unexpected error")
COMMANDS = [["check"], ["status"], ["status", "--json"], ["export", "--force"], ["mark", "1480", "partner_meeting", "doing"]]


def _run(root: Path, argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    args = [argv[0], str(root), *argv[1:]]
    if argv[0] == "export":
        args += ["--out", str(root.parent / "out")]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(args)
    return code, out.getvalue()


def _refuse(monkeypatch, function: str, target: Path) -> None:
    """``os.<function>`` on ``target`` fails as it does for a user without the permission (EACCES)."""
    real = getattr(os, function)

    def refused(path, *args, **kwargs):
        if isinstance(path, (str, bytes, os.PathLike)) and Path(os.fsdecode(path)) == target:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, function, refused)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("what", ["the cities folder cannot be listed", "a city file cannot be read", "the company file cannot be read"])
def test_what_cannot_be_read_is_named_with_the_reason(tmp_path, monkeypatch, what, command):
    monkeypatch.setenv("HUSKURAGE_LANG", "sv")
    root = make_demo(tmp_path / "p")
    before = snapshot_files(root)
    if what == "the cities folder cannot be listed":
        _refuse(monkeypatch, "scandir", root / "cities")
        _refuse(monkeypatch, "listdir", root / "cities")
        named = "cities"
    elif what == "a city file cannot be read":
        _refuse(monkeypatch, "open", root / GBG)
        named = GBG
    else:
        _refuse(monkeypatch, "open", root / "huskurage.toml")
        named = "huskurage.toml"
    code, text = _run(root, command)
    monkeypatch.undo()
    if command[0] == "mark" and named == "huskurage.toml":
        assert code == 0, text  # mark reads its one city alone
    else:
        assert code == 2, text
        assert named in text and "Permission denied" in text, text
    for word in UNEXPECTED:
        assert word not in text, text
    if command[0] != "mark" or code != 0:
        assert snapshot_files(root) == before


def _chattr(flag: str, path: Path) -> None:
    subprocess.run(["chattr", flag, str(path)], check=True, capture_output=True)


@pytest.fixture
def immutable():
    """``chattr +i`` where it works (root, a file system with attributes); each path made mutable again after."""
    if not shutil.which("chattr") or os.geteuid() != 0:
        pytest.skip("chattr +i needs root and chattr")
    made: list[Path] = []

    def make(path: Path) -> None:
        try:
            _chattr("+i", path)
        except subprocess.CalledProcessError:
            pytest.skip("this file system has no immutable attribute")
        made.append(path)

    yield make
    for path in reversed(made):
        _chattr("-i", path)


@pytest.mark.parametrize("which", [GBG, "cities"])
def test_an_immutable_file_or_folder_is_named_with_the_reason_and_the_backup_kept(tmp_path, monkeypatch, immutable, which):
    monkeypatch.setenv("HUSKURAGE_LANG", "sv")
    root = make_demo(tmp_path / "p")
    bak = root / (GBG + ".bak")
    bak.write_bytes(b"the user's older backup\n")
    before = snapshot_files(root)
    immutable(root / which)
    code, text = _run(root, ["mark", "1480", "partner_meeting", "doing"])
    assert code == 2, text
    assert GBG in text and "Operation not permitted" in text, text
    assert "partner_meeting" not in text.split("\n")[0] or "done" not in text
    for word in UNEXPECTED:
        assert word not in text, text
    assert snapshot_files(root) == before, "the older .bak is replaced only once the new file is in place"
    assert sorted(os.listdir(root / "cities")) == sorted(p.split("/")[-1] for p in before if p.startswith("cities/"))


def test_a_float_schema_is_named_as_a_whole_number(tmp_path, monkeypatch):
    monkeypatch.setenv("HUSKURAGE_LANG", "en")
    root = make_demo(tmp_path / "p")
    path = root / GBG
    path.write_text(path.read_text(encoding="utf-8").replace("schema = 1\n", "schema = 1.0\n", 1), encoding="utf-8")
    code, text = _run(root, ["check"])
    assert code == 2 and GBG in text and "schema" in text, text
    assert "must be a number, but is a number" not in text
    assert "whole number" in text, text
