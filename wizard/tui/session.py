"""One open portfolio: the store, the catalog and what the user typed but could not save yet.

No Textual here: the wizard, the tests and (later) the dashboard share it.
Saving goes through the store, which writes only changed files atomically and
refuses to overwrite a file someone else changed since it was read; the
screens then ask (``wizard/tui/saving.py``), and the session settles the
answer: :meth:`Session.take_both`, :meth:`Session.reload`, :meth:`Session.keep_mine`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.tui import locations


if TYPE_CHECKING:
    from wizard.catalog import Catalog
    from wizard.merge import Merge
    from wizard.model import City, Portfolio, Settings
    from wizard.store import Store
    from wizard.validation import Finding


class Stamp:
    """What :meth:`Session.stamp` returns: the edit count, the city objects (by identity), the settings (by value)."""

    __slots__ = ("edits", "cities", "settings")

    def __init__(self, edits: int, cities: tuple["City", ...], settings: "Settings") -> None:
        self.edits, self.cities, self.settings = edits, cities, settings

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Stamp)
            and self.edits == other.edits
            and len(self.cities) == len(other.cities)
            and all(a is b for a, b in zip(self.cities, other.cities, strict=True))
            and self.settings == other.settings
        )

    __hash__ = None  # type: ignore[assignment]


class Session:
    """The open portfolio and the app-side state that goes with it."""

    def __init__(self, store: "Store", root: Path, catalog: "Catalog", *, data_dir: Path | None = None) -> None:
        self.store = store
        self.root = Path(root)
        self.catalog = catalog
        self.data_dir = data_dir
        self.drafts: dict[str, str] = locations.drafts(self.root, data_dir)
        self._saved_drafts = dict(self.drafts)
        self.touched: set[str] = set()  # city codes edited since the last save
        self.refused: set[int] = set()  # wizard steps whose Next was refused since they last passed
        self._edits = 0  # goes up with every touch, reload and forget_findings (see stamp)
        # Validation per city, kept until the city is touched or replaced: today -> code -> (city, file, findings).
        self._city_findings: dict[dt.date | None, dict[str, tuple["City", str, list["Finding"]]]] = {}

    @classmethod
    def open(cls, root: Path, catalog: "Catalog", *, data_dir: Path | None = None) -> "Session":
        """Open an existing portfolio; raises the store's ``LoadError``/``StoreError``."""
        from wizard import store  # imported when first needed

        session = cls(store.open(root), root, catalog, data_dir=data_dir)
        locations.remember(root, data_dir)
        return session

    @classmethod
    def create(cls, root: Path, portfolio: "Portfolio", catalog: "Catalog", *, data_dir: Path | None = None) -> "Session":
        from wizard import store

        session = cls(store.init(root, portfolio), root, catalog, data_dir=data_dir)
        locations.remember(root, data_dir)
        return session

    @property
    def portfolio(self) -> "Portfolio":
        return self.store.portfolio

    def findings(self, today: dt.date | None = None) -> list["Finding"]:
        """Every finding in the portfolio, in :func:`wizard.validation.validate`'s order.

        The wizard asks on every change of step, and validating 290 cities
        takes longer than drawing the step. So each city's findings are kept
        until the city is :meth:`touch`-ed or replaced by another object (a
        reload, a conflict resolved); the company file is checked every time.
        """
        from wizard import model
        from wizard.validation import validate

        portfolio, sources = self.portfolio, self.store.sources
        cache = self._city_findings.setdefault(today, {})
        files: dict[str, str] = {}
        stale: dict[str, "model.City"] = {}
        for code, city in portfolio.cities.items():
            files[code] = sources.get(city.code) or f"{model.CITIES_DIR}/{model.city_filename(city.code, city.name)}"
            kept = cache.get(code)
            if kept is None or kept[0] is not city or kept[1] != files[code]:
                stale[code] = city
        # One call for the company file, the duplicate claims and the cities not validated since they changed.
        fresh = validate(
            model.Portfolio(portfolio.settings, stale),
            self.catalog,
            sources=sources,
            duplicates=self.store.duplicates,
            today=today,
            whole=portfolio,  # "no number to call in Uppsala, Göteborg" counts every city, checked again or not
        )
        duplicates = [f for f in fresh if f.code == "duplicate_city"]
        by_file: dict[str, list["Finding"]] = {}
        for finding in fresh:
            if finding.code != "duplicate_city":
                by_file.setdefault(finding.file, []).append(finding)
        for code, city in stale.items():
            cache[code] = (city, files[code], by_file.get(files[code], []))
        for code in cache.keys() - files.keys():
            del cache[code]
        out = by_file.get(model.COMPANY_FILE, [])
        for code in sorted(portfolio.cities):
            out.extend(cache[code][2])
        return out + duplicates

    def touch(self, *codes: str) -> None:
        """Note that these cities were edited, so a quick save writes them and :meth:`findings` checks them again."""
        self.touched.update(codes)
        self._edits += 1
        for cache in self._city_findings.values():
            for code in codes:
                cache.pop(code, None)

    def forget_findings(self) -> None:
        """Validate every city again on the next :meth:`findings` (after edits made without :meth:`touch`)."""
        self._edits += 1
        self._city_findings.clear()

    def stamp(self) -> "Stamp":
        """Equal to an earlier stamp only when the portfolio cannot have changed in between.

        For views that are costly to rebuild from the whole portfolio (the step
        list, the follow-up preview): rebuild when the stamp differs. Cities count
        as changed when touched or replaced (a reload), the company file by value.
        """
        import copy

        portfolio = self.portfolio
        return Stamp(self._edits, tuple(portfolio.cities.values()), copy.deepcopy(portfolio.settings))

    def save(self, everything: bool = False) -> list[Path]:
        """Write what changed (the store raises ``ConflictError`` on a foreign change).

        A quick save (on a change of step) writes the company file and the cities
        edited since the last save; ``everything`` lets the store compare every
        file (on quit and Ctrl+S), so nothing is ever left unsaved.
        """
        if everything:
            written = self.store.save()
        else:
            written = [p for p in [self.store.save_settings()] if p]
            for code in sorted(self.touched):
                if code in self.portfolio.cities:
                    path = self.store.save_city(code)
                    if path:
                        written.append(path)
        self.touched.clear()
        self.save_drafts()
        return written

    def save_drafts(self) -> None:
        if self.drafts != self._saved_drafts:
            locations.save_drafts(self.root, self.drafts, self.data_dir)
            self._saved_drafts = dict(self.drafts)

    # ----------------------------------------------------------- someone else saved a file meanwhile

    def code_of(self, path: Path) -> str | None:
        """The municipality whose file (or buildings file) ``path`` is; None for the company file (or a file of no city)."""
        resolved = Path(path).resolve()
        for code, rel in self.store.sources.items():
            if (self.root / rel).resolve() == resolved:
                return code
        return self.store.code_of(resolved) if self.store.is_buildings_file(resolved) else None

    def relative(self, path: Path) -> str:
        """``path`` as written inside the portfolio (``cities/0380-uppsala.toml``)."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def mine(self, path: Path) -> dict[str, Any] | None:
        """Our version of a file, as the model holds it now (None: a city file no longer in the model)."""
        from wizard import model

        if Path(path).resolve() == self.store.company_path.resolve():
            return model.settings_to_dict(self.portfolio.settings)
        code = self.code_of(path)
        if code not in self.portfolio.cities:
            return None
        if self.store.is_buildings_file(path):
            return model.buildings_to_dict(self.portfolio.cities[code])
        return model.city_to_dict(self.portfolio.cities[code])

    def merge(self, path: Path) -> "Merge":
        """Our changes to a file against theirs on disk, field by field, from what we read; nothing changes.

        Raises the store's ``StoreError`` when their version cannot be read.
        """
        from wizard.merge import three_way

        theirs = self.store.on_disk(path)
        return three_way(self.store.as_read(path) or {}, self.mine(path) or {}, theirs)

    def take_both(self, paths: list[Path]) -> None:
        """Load their version of each file and make our changes again on top, field by field (nothing written).

        Where both changed the same field, ours counts. The merge is worked out
        again from the version the store loads, so a change saved in between is
        never reverted unasked.
        """
        from wizard import model
        from wizard.merge import three_way

        for path in paths:
            base, mine, code = self.store.as_read(path) or {}, self.mine(path), self.code_of(path)
            self.store.reload(path)
            theirs = self.mine(path)
            if mine is None or theirs is None:  # gone from the model or from the disk: theirs stands
                continue
            merged = three_way(base, mine, theirs).merged
            if code is None:
                self.portfolio.settings = model.settings_from_dict(merged)
            elif self.store.is_buildings_file(path):  # the entrances: ours on top of theirs, the city file as it is
                city = self.portfolio.cities[code]
                city.buildings = model.stock_from_dict(merged, f"{self.relative(path)}: ").buildings
                city.count_buildings()
                self.touch(code)
            else:
                self.portfolio.cities[code] = model.city_from_dict(merged, f"{self.relative(path)}: ")
                self.touch(code)
        self._edits += 1

    def keep_mine(self, paths: list[Path]) -> None:
        """Resolve a conflict in our favour: take their file as the base, then put our version back."""
        import copy

        portfolio = self.portfolio
        settings = copy.deepcopy(portfolio.settings)
        by_file = {self.store.city_path(code).resolve(): copy.deepcopy(city) for code, city in portfolio.cities.items()}
        buildings = {
            self.store.buildings_path(code).resolve(): copy.deepcopy(city.buildings)
            for code, city in portfolio.cities.items()
            if city.buildings
        }
        for path in paths:
            resolved = Path(path).resolve()
            self.store.reload(path)
            if resolved == self.store.company_path.resolve():
                portfolio.settings = settings
            elif resolved in buildings and (code := self.code_of(resolved)) in portfolio.cities:
                portfolio.cities[code].buildings = buildings[resolved]
                portfolio.cities[code].count_buildings()
                self.touch(code)
            elif resolved in by_file:
                mine = by_file[resolved]
                portfolio.cities[mine.code] = mine
                self.touch(mine.code)
        ordered = sorted(portfolio.cities.items())
        portfolio.cities.clear()
        portfolio.cities.update(ordered)

    def reload(self, path: Path | None = None) -> None:
        """Take the version on disk (of one file, or of all) and drop our drafts for it."""
        self.store.reload(path)
        self._edits += 1
        if path is None:
            self.drafts.clear()
