"""Fuzz the portfolio loader with atheris: any bytes as a city file, never anything but a clear LoadError.

Run by ``tests/guarantees/test_fuzz.py`` for a bounded number of runs; by hand,
longer, as ``python tests/guarantees/fuzz/fuzz_loader.py -runs=200000 CORPUS_DIR`` (any
libFuzzer option works). The seed corpus is the demo's Göteborg file, so the
fuzzer starts from a valid portfolio and mutates towards the edges.

The promise checked for every input: ``store.open`` and ``store.open_city``
either load the portfolio (and then ``validate`` runs without an exception
and nothing on disk changed) or raise a ``StoreError`` whose message names
the file. Anything else is a crash, which atheris reports with the input.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

with atheris.instrument_imports(include=["wizard"]):
    from wizard import catalog, store
    from wizard.demo import demo_portfolio
    from wizard.validation import validate

ROOT = Path(os.environ.get("HUSKURAGE_FUZZ_DIR") or tempfile.mkdtemp(prefix="huskurage-fuzz-")) / "p"
CITY = ROOT / "cities" / "1480-goteborg.toml"
CATALOG = None


def setup() -> bytes:
    global CATALOG
    store.init(ROOT, demo_portfolio())
    CATALOG = catalog.load()
    return CITY.read_bytes()


def test_one_input(data: bytes) -> None:
    CITY.write_bytes(data)
    for opener in (store.open, lambda root: store.open_city(root, "1480")):
        try:
            opened = opener(ROOT)
        except store.StoreError as e:
            assert e.message and "cities/1480-goteborg.toml" in e.message, e.message
            continue
        if opened.portfolio.cities and opened._only_city is None:
            validate(opened.portfolio, CATALOG, sources=opened.sources, duplicates=opened.duplicates)
    assert CITY.read_bytes() == data  # reading never writes


def main(argv: list[str]) -> None:
    seed = setup()
    corpus = [a for a in argv[1:] if not a.startswith("-")]
    for folder in corpus:
        os.makedirs(folder, exist_ok=True)
        if not os.listdir(folder):
            Path(folder, "demo-goteborg.toml").write_bytes(seed)
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
