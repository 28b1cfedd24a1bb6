"""The portfolio folder: which files it has, and which paths are inside it.

``huskurage.toml`` (the company), ``cities/<code>-<slug>.toml`` (one per
municipality), beside it ``cities/<code>-<slug>/buildings.toml`` where the
municipality's buildings and entrances are recorded, and ``logos/``. Temporary files (``.tmp-…``) and backups
(``….bak``) are never named like a city file, so no loader takes one for a
municipality. Nothing here follows a symbolic link out of the folder.
"""

from __future__ import annotations

import os
import re
import stat as stat_mod
from pathlib import Path

from wizard import model, terminal
from wizard.i18n import t
from wizard.store.errors import LoadError, StoreError, UnsafePathError, file_error, reason, shown, symlink_error

CITY_NAME = re.compile(r"[0-9]{4}-[^/\\]*\.toml")
CODE = re.compile(r"[0-9]{4}")


def is_city_file(name: str) -> bool:
    """``1480-goteborg.toml`` is; ``.tmp-…``, ``….toml.bak`` and ``notes.toml`` are not."""
    return CITY_NAME.fullmatch(name) is not None


def scan_cities(root: Path) -> tuple[list[Path], list[Path]]:
    """City files in ``cities/`` (sorted), and other ``*.toml`` files there that are not read."""
    cdir = root / model.CITIES_DIR
    try:
        st = os.lstat(cdir)
    except FileNotFoundError:
        return [], []
    except OSError as e:
        raise file_error(root, cdir, "unreadable", reason=reason(e)) from None
    if stat_mod.S_ISLNK(st.st_mode):
        raise symlink_error(root, cdir)
    if not stat_mod.S_ISDIR(st.st_mode):
        raise file_error(root, cdir, "cities_not_folder")
    files, ignored = [], []
    try:
        with os.scandir(cdir) as it:
            for entry in it:
                if is_city_file(entry.name):
                    files.append(cdir / entry.name)
                elif entry.name.endswith(".toml") and not entry.name.startswith("."):
                    ignored.append(cdir / entry.name)
    except OSError as e:
        raise file_error(root, cdir, "unreadable", reason=reason(e)) from None
    return sorted(files), sorted(ignored)


def buildings_path(city_file: Path) -> Path:
    """Where the buildings of the city in ``city_file`` live: ``cities/0380-uppsala/buildings.toml``."""
    return city_file.with_suffix("") / model.BUILDINGS_FILE


def buildings_owner(root: Path, path: Path) -> Path | None:
    """The city file whose buildings file ``path`` is (named like it), or None for any other path."""
    folder = path.parent
    if path.name != model.BUILDINGS_FILE or folder.parent != root / model.CITIES_DIR:
        return None
    owner = folder.with_name(folder.name + ".toml")
    return owner if is_city_file(owner.name) else None


def has_buildings(root: Path, city_file: Path) -> bool:
    """Whether the city has a buildings file; its folder must be a real folder (never a link) when it is there."""
    folder = city_file.with_suffix("")
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return False
    except OSError as e:
        raise file_error(root, folder, "unreadable", reason=reason(e)) from None
    if stat_mod.S_ISLNK(st.st_mode):
        raise symlink_error(root, folder)
    if not stat_mod.S_ISDIR(st.st_mode):
        raise file_error(root, folder, "buildings_not_folder")
    return os.path.lexists(folder / model.BUILDINGS_FILE)


def ensure_buildings_dir(root: Path, city_file: Path) -> None:
    """The city's buildings folder exists before its file is written there; a link or a file in its place is refused."""
    ensure_dir(root, city_file.with_suffix("").relative_to(root).as_posix())


def list_city_files(root: Path) -> list[Path]:
    """Every city file of the portfolio, by name; temp files and backups never match."""
    return scan_cities(Path(root).resolve())[0]


def inside(root: Path, relative: str) -> Path:
    """``root / relative``, refusing absolute paths, ``..`` and symlinks on the way."""
    rel = relative.replace("\\", "/")
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if rel.startswith("/") or re.match(r"[A-Za-z]:", rel) or ".." in parts or not parts:
        raise UnsafePathError(t("store.unsafe.outside", file=relative), root / rel, kind="outside")
    path = root
    for part in parts:
        path = path / part
        if os.path.islink(path):
            raise symlink_error(root, path)
    return path


def check_root(root: Path) -> None:
    """The portfolio folder exists and is a folder."""
    try:
        st = os.stat(root)
    except FileNotFoundError:
        raise LoadError(t("store.file.root_missing", root=terminal.path(root)), root, kind="root_missing") from None
    except OSError as e:
        message = t("store.file.root_unreadable", root=terminal.path(root), reason=reason(e))
        raise LoadError(message, root, kind="root_unreadable") from None
    if not stat_mod.S_ISDIR(st.st_mode):
        raise LoadError(t("store.file.root_not_folder", root=terminal.path(root)), root, kind="root_not_folder")


def missing_company(root: Path) -> LoadError:
    message = t("store.file.missing_company", file=model.COMPANY_FILE, root=terminal.path(root))
    return LoadError(message, root / model.COMPANY_FILE, kind="missing_company")


def ensure_dir(root: Path, name: str) -> None:
    """``root/name`` exists as a folder before a file is written there; a symlink or a file in its place is refused."""
    path = root / name
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        os.mkdir(path)
        return
    if stat_mod.S_ISLNK(st.st_mode):
        raise symlink_error(root, path)
    if not stat_mod.S_ISDIR(st.st_mode):
        raise StoreError(t("store.save.not_folder", file=shown(root, path)), path, kind="not_folder")
