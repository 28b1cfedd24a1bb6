"""The loader under a coverage-guided fuzzer (atheris), for a bounded number of runs in CI.

The harness is ``tests/guarantees/fuzz/fuzz_loader.py``; it fails on any exception from
``store.open``/``store.open_city`` other than a ``StoreError`` naming the
file, and on any write. Without atheris (it ships wheels for Linux only) the
test is skipped; the hypothesis tests in ``test_hostile.py``
(damaged and made-up city files) fuzz the same loader everywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from support import ROOT

RUNS = int(os.environ.get("HUSKURAGE_FUZZ_RUNS", "2000"))


@pytest.mark.slow
def test_the_loader_survives_the_fuzzer(tmp_path):
    pytest.importorskip("atheris", reason="atheris is not installed (pip install atheris; Linux wheels only)")
    corpus = tmp_path / "corpus"
    env = {**os.environ, "HUSKURAGE_FUZZ_DIR": str(tmp_path), "HUSKURAGE_LANG": "sv", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "guarantees" / "fuzz" / "fuzz_loader.py"), f"-runs={RUNS}", "-seed=6", "-max_len=8192",
         f"-artifact_prefix={tmp_path}/", str(corpus)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    report = done.stdout[-3000:] + done.stderr[-3000:]
    assert done.returncode == 0, report
    assert f"Done {RUNS} runs" in done.stderr, report
    assert not list(tmp_path.glob("crash-*")), report
    assert len(list(corpus.iterdir())) > 1, "the fuzzer found no new paths through the loader"
