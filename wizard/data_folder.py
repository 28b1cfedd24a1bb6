"""Where the data files live (``checklists/``) and the error a broken one raises.

Its own small module so that the modules reading those files (the catalog,
the translations of a sign, the case-data word lists, the holidays) need not
import each other to find them.
"""

from __future__ import annotations

from pathlib import Path


class CatalogError(ValueError):
    """A data file in ``checklists/`` is missing or malformed (a programming error)."""

    def __init__(self, file: Path | str, key: str, problem: str) -> None:
        self.file = str(file)
        self.key = key
        self.problem = problem
        where = f"{self.file}: {key}" if key else self.file
        super().__init__(f"{where}: {problem}")


DATA_DIR_CANDIDATES = (
    Path(__file__).resolve().parent / "checklists",  # inside the installed wheel
    Path(__file__).resolve().parent.parent / "checklists",  # source checkout
)


def data_dir() -> Path:
    """The first candidate folder that holds the data files."""
    for candidate in DATA_DIR_CANDIDATES:
        if (candidate / "steps.toml").is_file():
            return candidate
    raise CatalogError(
        DATA_DIR_CANDIDATES[0], "", "no checklists/ folder found; looked in " + ", ".join(map(str, DATA_DIR_CANDIDATES))
    )
