"""A wheel installed into a fresh venv, run from another folder, carries its data."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from support import ROOT


@pytest.mark.slow
def test_wheel_in_fresh_venv_runs_init_and_check(tmp_path: Path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("huskurage-*.whl"))
    assert len(wheels) == 1
    assert not [n for n in zipfile.ZipFile(wheels[0]).namelist() if "__pycache__" in n]  # no byte code, no kept parses
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheels[0])], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    exe = env_dir / "bin" / "huskurage"
    where = subprocess.run(
        [str(py), "-c", "import wizard; print(wizard.__file__)"], cwd=elsewhere, capture_output=True, text=True
    )
    assert str(env_dir) in where.stdout  # the installed copy, not the checkout
    r = subprocess.run([str(exe), "init", "X", "--demo"], cwd=elsewhere, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(exe), "check", "X"], cwd=elsewhere, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([str(py), "-m", "wizard", "status", "X", "--city", "goteborg"], cwd=elsewhere, capture_output=True, text=True)
    assert r.returncode == 0 and "Göteborg" in r.stdout
