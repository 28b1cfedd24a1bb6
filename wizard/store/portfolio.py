"""The :class:`Store`: an open portfolio, the model and what was read from each of its files.

Saving touches only the files whose model changed; all of them are checked
for someone else's change before the first one is written, under the
portfolio's lock (``lock.py``); each file then goes through ``saving.py``.
The store also tells which files changed on disk since (for the TUI's
"changed outside" question) and reloads them.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Callable

from wizard import memory, model, terminal
from wizard.i18n import t
from wizard.store import folder, loading, lock, saving, writing
from wizard.store.errors import LoadError, StoreError, UnsafePathError, conflict, rel, shown
from wizard.store.patching import same
from wizard.store.reading import FileState, city_of, digest, read_bytes, read_state, settings_of, stock_of


class Store:
    """An open portfolio: the model, and what was read from each of its files.

    Edit ``portfolio`` freely, then :meth:`save`. A city added to
    ``portfolio.cities`` becomes a new file; a city leaves only through
    :meth:`remove_city` (deleting it from the dict alone never deletes a file).
    """

    def __init__(self, root: Path, portfolio: model.Portfolio, *, only_city: str | None = None) -> None:
        self.root = root
        self.portfolio = portfolio
        self.ignored: list[Path] = []  # *.toml files in cities/ that are not named like city files
        self._only_city = only_city  # set by open_city: the settings are not read and not saved
        self._settings_loaded = only_city is None
        self._settings: FileState | None = None
        self._files: dict[Path, FileState] = {}  # every city file read, duplicates included
        self._by_code: dict[str, Path] = {}  # portfolio.cities key -> the file it came from
        self._stocks: dict[str, FileState] = {}  # portfolio.cities key -> its buildings file, as read
        self.clock: Callable[[], dt.datetime] = dt.datetime.now  # dates the history archives

    @classmethod
    def of(cls, loaded: loading.Loaded) -> "Store":
        """The store of a portfolio just read."""
        store = cls(loaded.root, loaded.portfolio, only_city=loaded.only_city)
        store._take(loaded)
        return store

    # ---------------------------------------------------------------- paths

    @property
    def company_path(self) -> Path:
        return self.root / model.COMPANY_FILE

    def city_path(self, code: str) -> Path:
        """The file the city came from, or where a new city will be written."""
        if code in self._by_code:
            return self._by_code[code]
        city = self.portfolio.cities[code]
        if not folder.CODE.fullmatch(city.code):
            raise StoreError(t("store.city.bad_code", code=city.code), kind="bad_code")
        return self.root / model.CITIES_DIR / model.city_filename(city.code, city.name)

    def buildings_path(self, code: str) -> Path:
        """Where the city's buildings are (or will be) written: ``cities/<code>-<slug>/buildings.toml``."""
        if code in self._stocks:
            return self._stocks[code].path
        return folder.buildings_path(self.city_path(code))

    def code_of(self, path: Path | str) -> str | None:
        """The municipality whose city file or buildings file ``path`` is; None for any other file."""
        try:
            target = self.root / self._relative(path)
        except UnsafePathError:
            return None
        owner = folder.buildings_owner(self.root, target) or target
        return next((code for code, p in self._by_code.items() if p == owner), None)

    def is_buildings_file(self, path: Path | str) -> bool:
        try:
            return folder.buildings_owner(self.root, self.root / self._relative(path)) is not None
        except UnsafePathError:
            return False

    @property
    def sources(self) -> dict[str, str]:
        """City code -> the file it was read from, relative to the portfolio (for validation)."""
        return {code: rel(self.root, path) for code, path in self._by_code.items()}

    @property
    def duplicates(self) -> dict[str, list[str]]:
        """City code -> every file that claims it, when more than one does."""
        claims: dict[str, list[str]] = {}
        for path, state in sorted(self._files.items()):
            if state.code is not None:
                claims.setdefault(state.code, []).append(rel(self.root, path))
        return {code: files for code, files in claims.items() if len(files) > 1}

    def safe_path(self, relative: str) -> Path:
        """A path inside the portfolio (e.g. a logo), refusing ``..``, absolute paths and symlinks."""
        return folder.inside(self.root, relative)

    # ---------------------------------------------------------------- saving

    def save(self) -> list[Path]:
        """Write every changed file, nothing else; return the paths written.

        All files are checked for conflicts before the first one is written.
        """
        return self._save(self._settings_loaded, list(self.portfolio.cities))

    def save_settings(self) -> Path | None:
        if not self._settings_loaded:
            raise StoreError(t("store.settings_not_loaded"), self.company_path, kind="settings_not_loaded")
        written = self._save(True, [])
        return written[0] if written else None

    def save_city(self, code: str) -> Path | None:
        if code not in self.portfolio.cities:
            raise KeyError(code)
        written = self._save(False, [code])
        return written[0] if written else None

    def _save(self, settings: bool, codes: list[str]) -> list[Path]:
        jobs = []
        if settings:
            new = model.settings_to_dict(self.portfolio.settings)
            if self._changed(self._settings, new, model.settings_from_dict):
                jobs.append(saving.Job(self.company_path, self._settings, new))
        for code in codes:
            city = self.portfolio.cities[code]
            new = model.city_to_dict(city)
            state = self._files.get(self._by_code[code]) if code in self._by_code else None
            if self._changed(state, new, model.city_from_dict):
                path = state.path if state else self.city_path(code)
                jobs.append(saving.Job(path, state, new, code=code))
            # The buildings file: written when the city has buildings; a model without them never empties one.
            if city.buildings:
                new = model.buildings_to_dict(city)
                stock = self._stocks.get(code)
                if self._changed(stock, new, model.stock_from_dict):
                    jobs.append(saving.Job(self.buildings_path(code), stock, new, code=code, stock=True))
        if not jobs:
            return []
        if any(j.state is None and j.code is not None for j in jobs):
            folder.ensure_dir(self.root, model.CITIES_DIR)
        for job in jobs:
            if job.stock and job.state is None:
                folder.ensure_buildings_dir(self.root, self.city_path(job.code or ""))
        today = self.clock().date()
        with lock.locked(self.root):
            conflicts: list[Path] = []
            ready = [job for job in jobs if saving.prepare(self.root, job, conflicts, today)]
            if conflicts:
                raise conflict(self.root, conflicts)
            return saving.write(self.root, ready, self._remember)

    def _changed(self, state: FileState | None, new: dict[str, Any], build: Callable[..., Any]) -> bool:
        if state is None:
            return True
        return not same(saving.base_of(self.root, state, build), new)

    def _remember(self, job: saving.Job, state: FileState) -> None:
        """A file just written: the guard for the next save; history rows moved to its archive leave the model."""
        owner: model.Settings | model.City
        if job.code is None:
            self._settings = state
            owner = self.portfolio.settings
        elif job.stock:
            self._stocks[job.code] = state
            return  # a buildings file has no history
        else:
            self._files[job.path] = state
            self._by_code[job.code] = job.path
            owner = self.portfolio.cities[job.code]
        del owner.history[: job.moved]

    # ---------------------------------------------------------------- removing

    def remove_city(self, code: str) -> None:
        """Take the city out of the model and delete its file; ``<file>.bak`` keeps it.

        Refused (ConflictError) when the file changed on disk since it was read.
        """
        path = self._by_code.get(code)
        if path is not None:
            with lock.locked(self.root):
                state, stock = self._files[path], self._stocks.get(code)
                found = self._still_there(state)
                stock_found = self._still_there(stock) if stock is not None else False
                changed = [s.path for s, f in ((state, found), (stock, stock_found)) if s is not None and f is None]
                if changed:
                    raise conflict(self.root, changed)
                if found:
                    writing.move_to_backup(path)
                if stock is not None and stock_found:
                    writing.move_to_backup(stock.path)
            del self._files[path]
            del self._by_code[code]
            self._stocks.pop(code, None)
        self.portfolio.cities.pop(code, None)

    def _still_there(self, state: FileState) -> bool | None:
        """True: the file holds what was read; False: gone or unreadable; None: someone else changed it."""
        try:
            found = saving.on_disk(self.root, state)
        except UnsafePathError:
            raise
        except LoadError:
            return False
        return None if found is None else True

    # ---------------------------------------------------------------- watching and reloading

    def changed_on_disk(self) -> list[Path]:
        """Files whose content changed since they were read or written here (deleted ones too).

        A full store also lists city files that appeared since.
        """
        out = []
        states = ([self._settings] if self._settings else []) + list(self._files.values()) + list(self._stocks.values())
        for state in states:
            try:
                st = os.lstat(state.path)
            except OSError:
                out.append(state.path)
                continue
            if state.same_stat(st):
                continue
            try:
                raw, _ = read_bytes(self.root, state.path)
            except StoreError:
                out.append(state.path)
                continue
            if digest(raw) != state.digest:
                out.append(state.path)
        if self._only_city is None:
            try:
                files, _ = folder.scan_cities(self.root)
            except StoreError:
                files = []
            out.extend(p for p in files if p not in self._files)
        for code, path in self._by_code.items():  # a buildings file that appeared since (git pull, an import)
            if code not in self._stocks and os.path.lexists(folder.buildings_path(path)):
                out.append(folder.buildings_path(path))
        return out

    def reload(self, path: Path | None = None) -> None:
        """Re-read one file (or all); the model's unsaved changes to it are replaced.

        Raises LoadError when the file no longer loads; the store is then unchanged.
        """
        if path is None:
            if self._only_city is not None:
                fresh = loading.one_city(self.root, self._only_city)
            else:
                with memory.collection_paused():
                    fresh = loading.portfolio(self.root)
            self._adopt(fresh)
            return
        target = folder.inside(self.root, self._relative(path))
        if target == self.company_path:
            state = read_state(self.root, target)
            self.portfolio.settings = settings_of(self.root, state)
            self._settings, self._settings_loaded = state, True
            return
        owner = folder.buildings_owner(self.root, target)
        if owner is not None:
            self._reload_buildings(owner)
            return
        if target.parent != self.root / model.CITIES_DIR or not folder.is_city_file(target.name):
            message = t("store.unsafe.not_portfolio_file", file=shown(self.root, target))
            raise UnsafePathError(message, target, kind="not_portfolio_file")
        owned = next((code for code, owner in self._by_code.items() if owner == target), None)
        if not os.path.lexists(target):
            self._files.pop(target, None)
            if owned is not None:
                self._release(owned)
            return
        state = read_state(self.root, target)
        city = city_of(self.root, state)
        self._files[target] = state
        if owned is not None and owned != city.code:
            self._release(owned)
        if self._by_code.get(city.code, target) == target:
            self._by_code[city.code] = target
            self._keep_buildings(city)
            self.portfolio.cities[city.code] = city
            sort_cities(self.portfolio)

    def _keep_buildings(self, city: model.City) -> None:
        """A city file read again: the buildings are another file's, so the model's stay (or are read, if new here)."""
        before = self.portfolio.cities.get(city.code)
        if before is not None and (before.buildings or city.code in self._stocks):
            city.buildings = before.buildings
            city.count_buildings()
            return
        stock = loading.read_buildings(self.root, self._by_code[city.code], city)
        if stock is not None:
            self._stocks[city.code] = stock

    def _reload_buildings(self, owner: Path) -> None:
        """Read the buildings file of the city in ``owner`` again (gone: the city's typed counts hold again)."""
        code = next((c for c, p in self._by_code.items() if p == owner), None)
        if code is None:
            return
        city = self.portfolio.cities[code]
        try:
            stock = loading.read_buildings(self.root, owner, city)
        except LoadError as e:
            if e.kind != "missing":
                raise
            stock = None
        if stock is None:
            self._stocks.pop(code, None)
            city.buildings = []
            city.count_buildings()
        else:
            self._stocks[code] = stock

    def as_read(self, path: Path) -> dict[str, Any] | None:
        """What ``path`` held when it was last read or written here, as ``model.*_to_dict`` gives it.

        The base of a three-way merge (:mod:`wizard.merge`); None for a file this store never read.
        """
        target = folder.inside(self.root, self._relative(path))
        if target == self.company_path:
            return saving.base_of(self.root, self._settings, model.settings_from_dict) if self._settings else None
        if folder.buildings_owner(self.root, target) is not None:
            stock = next((s for s in self._stocks.values() if s.path == target), None)
            return saving.base_of(self.root, stock, model.stock_from_dict) if stock else None
        state = self._files.get(target)
        return saving.base_of(self.root, state, model.city_from_dict) if state else None

    def on_disk(self, path: Path) -> dict[str, Any]:
        """What ``path`` holds now, as ``model.*_to_dict`` gives it; the store and the model are left as they are.

        Raises ``LoadError`` when the file is gone or does not load.
        """
        target = folder.inside(self.root, self._relative(path))
        state = read_state(self.root, target)
        if target == self.company_path:
            return model.settings_to_dict(settings_of(self.root, state))
        if folder.buildings_owner(self.root, target) is not None:
            return model.buildings_to_dict(stock_of(self.root, state))
        return model.city_to_dict(city_of(self.root, state))

    def _relative(self, path: Path | str) -> str:
        """``path`` relative to the root, also when it was reached through a symlinked folder."""
        given = Path(os.path.abspath(path))
        for candidate in (given, Path(os.path.realpath(given.parent)) / given.name):
            try:
                return candidate.relative_to(self.root).as_posix()
            except ValueError:
                continue
        raise UnsafePathError(t("store.unsafe.outside", file=terminal.path(path)), given, kind="outside")

    def _release(self, code: str) -> None:
        """The city's file is gone or now claims another code: another file for the code may take over."""
        gone = self._by_code.pop(code)
        self._stocks.pop(code, None)
        self.portfolio.cities.pop(code, None)
        for other, state in sorted(self._files.items()):
            if other != gone and state.code == code:
                self._by_code[code] = other
                city = self.portfolio.cities[code] = city_of(self.root, state)
                stock = loading.read_buildings(self.root, other, city)
                if stock is not None:
                    self._stocks[code] = stock
                sort_cities(self.portfolio)
                break

    def _adopt(self, fresh: loading.Loaded) -> None:
        """Take over a fresh reading of the portfolio, keeping this Portfolio object."""
        self.portfolio.settings = fresh.portfolio.settings
        self.portfolio.cities.clear()
        self.portfolio.cities.update(fresh.portfolio.cities)
        self._take(fresh)

    def _take(self, loaded: loading.Loaded) -> None:
        self._settings, self._settings_loaded = loaded.company, loaded.only_city is None
        self._files, self._by_code, self.ignored = loaded.files, loaded.by_code, loaded.ignored
        self._stocks = loaded.stocks


def sort_cities(portfolio: model.Portfolio) -> None:
    items = sorted(portfolio.cities.items())
    portfolio.cities.clear()
    portfolio.cities.update(items)
