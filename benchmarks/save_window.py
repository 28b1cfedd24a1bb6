"""How long a save leaves a file unguarded: from its last check to the new file in place.

    python benchmarks/save_window.py FOLDER [SAVES]

Saves the demo's Göteborg ``SAVES`` times each way (``wizard/store/writing.py``)
and prints one JSON object: per save, in microseconds,

- ``rename``: where names cannot be swapped (Windows, macOS, some file
  systems): from the end of the last check that the file is still the one
  read to the end of the rename over it. A change landing in this window
  is overwritten.
- ``swap``: where they can (Linux): from the swap to the end of the check of
  the file swapped out. A change landing here is swapped back, not lost:
  this is the time a reader could see the new file before that.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from wizard import store  # noqa: E402
from wizard.demo import demo_portfolio  # noqa: E402
from wizard.store import writing  # noqa: E402


def measure(root: Path, saves: int, swap: bool) -> list[float]:
    s = store.init(root, demo_portfolio())
    path = root / "cities" / "1480-goteborg.toml"
    windows: list[float] = []
    marks: dict[str, float] = {}
    real_unchanged, real_replace, real_exchange = writing.unchanged, os.replace, writing.exchange

    def unchanged(target, expected):
        result = real_unchanged(target, expected)
        marks["checked"] = time.perf_counter()
        return result

    def replace(src, dst):
        real_replace(src, dst)
        if Path(dst) == path:
            windows.append((time.perf_counter() - marks["checked"]) * 1e6)

    def exchange(a, b):
        marks["swapped"] = time.perf_counter()
        return real_exchange(a, b)

    def checked_out(target, expected):
        result = real_unchanged(target, expected)
        if Path(target) != path and "swapped" in marks:
            windows.append((time.perf_counter() - marks.pop("swapped")) * 1e6)
        return result

    if swap:
        writing.exchange, writing.unchanged = exchange, checked_out
    else:
        writing.exchange, writing.unchanged, writing.os.replace = (lambda a, b: False), unchanged, replace
    try:
        for i in range(saves):
            s.portfolio.cities["1480"].apartments = 3100 + i % 2 + 1
            s.save_city("1480")
    finally:
        writing.exchange, writing.unchanged, writing.os.replace = real_exchange, real_unchanged, real_replace
    return windows


def main() -> None:
    folder, saves = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 200
    swap_ok = writing.exchange(*_pair(folder))
    result = {"rename": measure(folder / "rename", saves, swap=False)}
    result["swap"] = measure(folder / "swap", saves, swap=True) if swap_ok else []
    print(json.dumps(result))


def _pair(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    a, b = folder / "swap-a", folder / "swap-b"
    a.write_text("a")
    b.write_text("b")
    return a, b


if __name__ == "__main__":
    main()
