"""plan.toml: the whole plan in one TOML file, and reading it back (``huskurage init --from``).

:func:`render` writes the company file's tables, every city (``[[cities]]``,
the whole portfolio whatever the selection) and the logos (base64);
:func:`plan_to_portfolio` and :func:`plan_logos` turn a parsed ``plan.toml``
back into a portfolio and its logo files.
"""

from __future__ import annotations

import base64
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from wizard import __version__, model
from wizard.documents.errors import ExportError
from wizard.documents.formatting import one_line
from wizard.documents.logos import LOGO_TYPES
from wizard.i18n import t

PLAN_MAX_BYTES = 64 * 1024 * 1024
"""The largest plan.toml ``init --from`` reads: 290 municipalities and their logos (2 MB each) fit many times."""

if TYPE_CHECKING:
    from wizard.documents.view import PortfolioView
    from wizard.model import Portfolio


def render(view: PortfolioView) -> str:
    """The whole plan in one TOML file: the company file's tables, ``[[cities]]``, ``[logos]`` (base64).

    The history rows only with ``--with-history`` (``view.with_history``).

    Written by tomli_w (every string a single-line basic string, escaped), with
    a short comment on top; tomllib reads it back.
    """
    import tomli_w

    logos = view.logos.all(view.full, view.city_name)
    p = view.full
    company = p.settings.company.name or "–"
    comments = [
        view.t("toml.header", company=company, date=view.today.isoformat(), version=__version__),
        view.t("toml.recreate"),
    ]
    if view.findings:
        comments.append(view.t("toml.findings", n=len(view.findings)))
    if not view.with_history:
        comments.append(view.t("toml.without_history"))
    settings = model.settings_to_dict(p.settings)
    if not view.with_history:  # the readers need the plan, not who changed what when
        settings.pop("history", None)
    data: dict[str, Any] = {"schema": settings.pop("schema")}
    data["export"] = {"version": __version__, "date": view.today, "lang": view.lang, "open_findings": len(view.findings)}
    data.update(settings)
    cities = []
    for city in p.sorted_cities():
        d = model.city_to_dict(city)
        d.pop("schema", None)
        if not view.with_history:
            d.pop("history", None)
        cities.append(d)
    if cities:
        data["cities"] = cities
    if logos:
        data["logos"] = {path: base64.b64encode(logos[path]).decode("ascii") for path in sorted(logos)}
    return "".join(f"# {one_line(c)}\n" for c in comments) + "\n" + tomli_w.dumps(data)


def plan_to_portfolio(data: dict[str, Any]) -> "Portfolio":
    """The portfolio an exported ``plan.toml`` (parsed by tomllib) describes.

    Raises :class:`model.SchemaError` (with the place) for a wrong shape, like
    reading the portfolio files does. Logos travel separately: :func:`plan_logos`.
    """
    where = "plan.toml: "
    if not isinstance(data, dict):
        raise model.SchemaError(where, "expected_table")
    settings_data = {k: v for k, v in data.items() if k not in ("cities", "export", "logos")}
    settings = model.settings_from_dict(settings_data, where)
    cities_data = data.get("cities", [])
    if not isinstance(cities_data, list):
        raise model.SchemaError(f"{where}cities", "wrong_type", expected="list")
    cities: dict[str, model.City] = {}
    for i, raw in enumerate(cities_data):
        if not isinstance(raw, dict):
            raise model.SchemaError(f"{where}cities[{i}]", "expected_table")
        city = model.city_from_dict({"schema": settings.schema, **raw}, f"{where}cities[{i}]")
        if city.code in cities:
            raise model.SchemaError(f"{where}cities[{i}].code", "duplicate_city", value=city.code)
        cities[city.code] = city
    return model.Portfolio(settings=settings, cities={code: cities[code] for code in sorted(cities)})


def plan_logos(data: dict[str, Any]) -> dict[str, bytes]:
    """The logo files embedded in an exported ``plan.toml``: portfolio-relative path -> bytes.

    Only plain paths inside ``logos/`` are accepted; anything else raises ExportError.
    """
    table = data.get("logos", {}) if isinstance(data, dict) else {}
    if not isinstance(table, dict):
        raise ExportError("plan_not_a_table", where="logos")
    out: dict[str, bytes] = {}
    for path, encoded in table.items():
        rel = PurePosixPath(path)
        if rel.is_absolute() or ".." in rel.parts or len(rel.parts) < 2 or rel.parts[0] != model.LOGOS_DIR or "\\" in path:
            raise ExportError("plan_logo", path=path, reason=t("exports.logo.outside"))
        if rel.suffix.lower() not in LOGO_TYPES:
            raise ExportError("plan_logo", path=path, reason=t("exports.logo.type"))
        try:
            out[path] = base64.b64decode(str(encoded), validate=True)
        except ValueError as e:
            raise ExportError("plan_logo", path=path, reason=str(e)) from None
    return out
