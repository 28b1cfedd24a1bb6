"""Where the app keeps its own small files: recent portfolios and unsaved drafts.

All paths go through here (STYLE.md 14). The folder is the user's data
directory from platformdirs, or ``HUSKURAGE_DATA_DIR`` when set (tests, or a
user who wants it elsewhere). Nothing here holds case data: the recent list
is folder paths, drafts are what the user typed into a field that could not
yet be saved (a number or a date that does not parse).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

APP_NAME = "huskurage"
MAX_RECENT = 8
DRAFTS = "drafts.json"  # every portfolio's drafts, by folder; ``huskurage redact`` cleans it too


def data_dir() -> Path:
    override = os.environ.get("HUSKURAGE_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def _read(name: str, default: Any, base: Path | None) -> Any:
    try:
        return json.loads(((base or data_dir()) / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def _write(name: str, value: Any, base: Path | None) -> None:
    """Best effort: losing the recent list must never stop the user's work."""
    folder = base or data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.tmp"
        tmp.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, folder / name)
    except OSError:
        pass


def recent(base: Path | None = None) -> list[Path]:
    """Recently opened portfolios, newest first, those that still exist."""
    paths = _read("recent.json", [], base)
    if not isinstance(paths, list):
        return []
    return [Path(p) for p in paths if isinstance(p, str) and Path(p).is_dir()]


def remember(path: Path, base: Path | None = None) -> None:
    resolved = str(Path(path).resolve())
    paths = [p for p in _read("recent.json", [], base) if isinstance(p, str) and p != resolved]
    _write("recent.json", [resolved, *paths][:MAX_RECENT], base)


def drafts(portfolio: Path, base: Path | None = None) -> dict[str, str]:
    """Field texts typed into a portfolio's wizard that could not be saved yet."""
    table = _read(DRAFTS, {}, base)
    entry = table.get(str(Path(portfolio).resolve())) if isinstance(table, dict) else None
    return {k: v for k, v in entry.items() if isinstance(v, str)} if isinstance(entry, dict) else {}


def save_drafts(portfolio: Path, values: dict[str, str], base: Path | None = None) -> None:
    table = _read(DRAFTS, {}, base)
    if not isinstance(table, dict):
        table = {}
    key = str(Path(portfolio).resolve())
    if values:
        table[key] = dict(sorted(values.items()))
    elif key in table:
        del table[key]
    else:
        return
    _write(DRAFTS, table, base)
