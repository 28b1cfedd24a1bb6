"""Reading a whole portfolio, or the one city ``mark`` needs, into the model.

Only ``tomllib`` is used, so a 290-city portfolio opens fast. What was read
from each file is kept (:class:`Loaded`), for the save's check against
someone else's change. Every broken file is reported, not only the first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from wizard import model
from wizard.i18n import t
from wizard.store import folder
from wizard.store.errors import LoadError, StoreError, load_error, shown, symlink_error
from wizard.store.reading import FileState, city_of, locate_file, read_state, settings_of, stock_of


@dataclass
class Loaded:
    """A portfolio as read: the model, and what was read from each file."""

    root: Path
    portfolio: model.Portfolio
    company: FileState | None = None  # None when only one city was read
    files: dict[Path, FileState] = field(default_factory=dict)  # every city file read, duplicates included
    by_code: dict[str, Path] = field(default_factory=dict)  # portfolio.cities key -> the file it came from
    ignored: list[Path] = field(default_factory=list)  # *.toml files in cities/ not named like city files
    only_city: str | None = None  # the one city read, for mark
    stocks: dict[str, FileState] = field(default_factory=dict)  # city code -> its buildings file, where it has one


def read_buildings(root: Path, city_file: Path, city: model.City) -> FileState | None:
    """The city's buildings file (``cities/<code>-<slug>/buildings.toml``), put into ``city``; None without one.

    Its counts then come from its buildings (:meth:`model.City.count_buildings`).
    A file that claims another municipality's code is refused.
    """
    if not folder.has_buildings(root, city_file):
        return None
    path = folder.buildings_path(city_file)
    state = read_state(root, path)
    stock = stock_of(root, state)
    if stock.code != city.code:
        line, col = locate_file(root, path, ["code"])
        what = t("store.city.buildings_code_mismatch", code=city.code, found=stock.code)
        raise load_error(root, path, what, "code_mismatch", line, col)
    city.buildings = stock.buildings
    city.count_buildings()
    return state


def read_company(root: Path) -> tuple[FileState, model.Settings]:
    path = root / model.COMPANY_FILE
    try:
        state = read_state(root, path)
    except LoadError as e:
        if e.kind == "missing":
            raise folder.missing_company(root) from None
        raise
    return state, settings_of(root, state)


def portfolio(root: Path | str) -> Loaded:
    """The company file and every city file. Raises LoadError (or UnsafePathError).

    Two files claiming one code do not stop loading: the first (by name) is
    in the model, the other is remembered for validation.
    """
    root = Path(root).resolve()  # one spelling of every path, whatever symlinks lead here
    folder.check_root(root)
    errors: list[StoreError] = []
    settings_state = settings = None
    try:
        settings_state, settings = read_company(root)
    except StoreError as e:
        errors.append(e)
    files, ignored = folder.scan_cities(root)
    states: dict[Path, FileState] = {}
    cities: dict[str, tuple[model.City, Path]] = {}
    stocks: dict[str, FileState] = {}
    for path in files:
        try:
            state = read_state(root, path)
            city = city_of(root, state)
        except StoreError as e:
            errors.append(e)
            continue
        states[path] = state
        if city.code in cities:
            continue
        cities[city.code] = (city, path)
        try:
            stock = read_buildings(root, path, city)
        except StoreError as e:
            errors.append(e)
            continue
        if stock is not None:
            stocks[city.code] = stock
    if errors:
        errors[0].errors = errors
        raise errors[0]
    assert settings is not None
    return Loaded(
        root,
        model.Portfolio(settings=settings, cities={code: cities[code][0] for code in sorted(cities)}),
        settings_state,
        states,
        {code: cities[code][1] for code in sorted(cities)},
        ignored,
        stocks=stocks,
    )


def one_city(root: Path | str, code: str) -> Loaded:
    """Only the one file ``cities/<code>-*.toml`` (none when the portfolio has no file for the code).

    Two files for one code, or a file whose ``code`` disagrees with its
    name, raise LoadError.
    """
    root = Path(root).resolve()  # one spelling of every path, whatever symlinks lead here
    folder.check_root(root)
    company = root / model.COMPANY_FILE
    if os.path.islink(company):
        raise symlink_error(root, company)
    if not os.path.lexists(company):
        raise folder.missing_company(root)
    if not folder.CODE.fullmatch(code):
        raise StoreError(t("store.city.bad_code", code=code), kind="bad_code")
    files, _ = folder.scan_cities(root)
    mine = [p for p in files if p.name.startswith(f"{code}-")]
    if len(mine) > 1:
        names = ", ".join(shown(root, p) for p in mine)
        raise LoadError(t("store.city.duplicate", code=code, files=names), mine[0], kind="duplicate_city")
    loaded = Loaded(root, model.Portfolio(), only_city=code)
    if mine:
        state = read_state(root, mine[0])
        city = city_of(root, state)
        if city.code != code:
            line, col = locate_file(root, mine[0], ["code"])
            what = t("store.city.code_mismatch", code=code, found=city.code)
            raise load_error(root, mine[0], what, "code_mismatch", line, col)
        loaded.files[mine[0]] = state
        loaded.by_code[code] = mine[0]
        loaded.portfolio.cities[code] = city
        stock = read_buildings(root, mine[0], city)
        if stock is not None:
            loaded.stocks[code] = stock
    return loaded
