"""A new portfolio: made whole in a staging folder, then moved into place, or not made at all.

``init`` on a full disk, or into a folder whose ``logos/`` is a link, must
not leave half a portfolio that ``check`` calls clean, nor say that nothing
changed when something did. So everything (``huskurage.toml``, ``cities/``,
``logos/`` and the logos of a plan) is written first into a hidden folder
inside the target, ``.huskurage-init-<pid>-<random>``; only then are the
parts moved into place, the company file last (without it no loader sees a
portfolio). Any failure moves back what was moved and removes what was made,
the target folder too when this call made it. A staging folder left by a
killed ``init`` is removed by the next one (its process is gone).
"""

from __future__ import annotations

import os
import re
import shutil
import stat as stat_mod
from pathlib import Path
from typing import Callable

from wizard import model, terminal
from wizard.i18n import t
from wizard.store.errors import StoreError, UnsafePathError, reason
from wizard.store.folder import CODE, inside
from wizard.store.history import CAP, HISTORY_DIR
from wizard.store.writing import fsync_dir

STAGING = ".huskurage-init-"
_STAGING_NAME = re.compile(re.escape(STAGING) + r"(\d+)-[0-9a-f]+")


def check(root: Path, portfolio: model.Portfolio, logos: dict[str, bytes]) -> None:
    """Refuse, before anything is made: a file as the folder, a portfolio already there, a link or a file in the way."""
    shown = terminal.path(root)
    if os.path.lexists(root) and not os.path.isdir(root):
        raise StoreError(t("store.file.root_not_folder", root=shown), root, kind="root_not_folder")
    for name in (model.COMPANY_FILE, model.CITIES_DIR):
        if os.path.lexists(root / name):
            raise StoreError(t("store.init.exists", root=shown, file=name), root / name, kind="exists")
    for code, city in portfolio.cities.items():
        if not CODE.fullmatch(city.code) or code != city.code:
            raise StoreError(t("store.city.bad_code", code=city.code), kind="bad_code")
    _in_the_way(root, model.LOGOS_DIR, folder_may_stay=True)  # the user's own logos/ stays, the plan's go in
    rows = [len(portfolio.settings.history), *(len(city.history) for city in portfolio.cities.values())]
    if max(rows) > CAP:  # rows past the cap go to history/, moved in whole
        _in_the_way(root, HISTORY_DIR, folder_may_stay=False)
    for relative in logos:
        target = inside(root, relative)  # no .., no absolute path, no link on the way
        if os.path.lexists(target):
            raise StoreError(t("store.init.exists", root=shown, file=relative), target, kind="exists")


def _in_the_way(root: Path, name: str, *, folder_may_stay: bool) -> None:
    """Refuse a link as ``root/name`` (never written through), and anything else there but a folder that may stay."""
    where, shown = root / name, terminal.path(root)
    if os.path.islink(where):
        raise UnsafePathError(t("store.init.link", root=shown, file=name), where, kind="symlink")
    if os.path.lexists(where) and not (folder_may_stay and os.path.isdir(where)):
        raise StoreError(t("store.init.exists", root=shown, file=name), where, kind="exists")


def create(root: Path, portfolio: model.Portfolio, logos: dict[str, bytes], save: Callable[[Path], object]) -> None:
    """Stage the whole portfolio (``save(staging)`` writes its files), then move it into place; all or nothing."""
    made = [p for p in [root, *root.parents] if not os.path.lexists(p)]
    moved: list[tuple[Path, Path]] = []
    staging: Path | None = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        _remove_killed_stagings(root)
        staging = root / f"{STAGING}{os.getpid()}-{os.urandom(4).hex()}"
        staging.mkdir()
        for name in (model.CITIES_DIR, model.LOGOS_DIR):
            (staging / name).mkdir()
        save(staging)
        for relative, data in sorted(logos.items()):
            target = inside(staging, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        parts = [model.CITIES_DIR, model.LOGOS_DIR, model.COMPANY_FILE]  # the company file last
        if os.path.isdir(staging / HISTORY_DIR):  # history rows past the cap, moved to their archive by the save
            parts.insert(0, HISTORY_DIR)
        if os.path.isdir(root / model.LOGOS_DIR):  # the user's own logos/ stays: only the plan's logos go in
            parts.remove(model.LOGOS_DIR)
            for relative in sorted(logos):
                src = inside(staging, relative)
                dst = inside(root, relative)
                dst.parent.mkdir(parents=True, exist_ok=True)
                _move(src, dst, moved)
        for name in parts:
            _move(staging / name, root / name, moved)
        fsync_dir(root)
    except BaseException as e:
        _undo(moved, staging, made)
        cause = e.__cause__ if isinstance(e, StoreError) and e.kind == "write_failed" else e
        if isinstance(cause, OSError):  # a full disk, a read-only folder: nothing of it is left
            message = t("store.init.failed", root=terminal.path(root), reason=reason(cause))
            raise StoreError(message, root, kind="init_failed") from e
        raise
    shutil.rmtree(staging, ignore_errors=True)


def _undo(moved: list[tuple[Path, Path]], staging: Path | None, made: list[Path]) -> None:
    """Everything back as it was: the parts moved back, the staging folder and the folders this call made gone."""
    for src, dst in reversed(moved):
        try:
            os.rename(dst, src)
        except OSError:
            pass
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
    for p in sorted(made, key=lambda p: len(p.parts), reverse=True):
        try:
            p.rmdir()
        except OSError:
            pass


def _move(src: Path, dst: Path, moved: list[tuple[Path, Path]]) -> None:
    if os.path.lexists(dst):  # appeared since the check: not ours to replace
        raise FileExistsError(17, os.strerror(17), str(dst))
    os.rename(src, dst)
    moved.append((src, dst))


def _remove_killed_stagings(root: Path) -> None:
    """What an ``init`` killed half-way left: its staging folder, once its process is gone."""
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        m = _STAGING_NAME.fullmatch(name)
        if not m or not stat_mod.S_ISDIR(os.lstat(root / name).st_mode):
            continue
        try:
            os.kill(int(m.group(1)), 0)
            continue  # still running: another init's
        except ProcessLookupError:
            shutil.rmtree(root / name, ignore_errors=True)
        except (PermissionError, OverflowError, OSError):
            continue
