"""Every exported document, rendered from the model by Jinja2 templates in ``output/``.

``export()`` writes the whole set (``action-plan.md``, ``follow-up.md``,
``follow-up.ics``, ``plan.toml``, ``progress.md``, ``signs/<code>-<slug>.html``,
``tenant-info/<code>-<slug>.md``) into a temporary folder next to the output
folder and only then moves the files into place, so a failed export never
leaves a half-written set. Where a fork is safe (Linux, a process with one
thread: the command line), ``plan.toml`` and, together, ``follow-up.ics``
and ``follow-up.md`` are rendered into that folder by two forked children
while this process renders the rest (:class:`_Detached`); a failure there is
an :class:`ExportError` like any other. The calendar's lines are made by
icalendar, each shared value once (``ics.py``). The ``render_*``
functions give one document as text, for previews in the TUI and for tests.

User text is never markup. HTML templates are autoescaped. In Markdown
templates every ``{{ value }}`` passes through :func:`md_escape` (the
environment's ``finalize``), so a ``|`` or a newline in a name cannot break a
table and ``*`` or ``<script>`` stay literal; only values wrapped in
``Markup`` pass unescaped.

Output is deterministic: ``today`` fixes every date (the ICS ``DTSTAMP`` is
its midnight UTC), the version comes from ``wizard.__version__``, cities come
in kommunkod order. ``follow-up.ics`` is built with icalendar and
``plan.toml`` written with tomli_w; the tests read them back with icalendar
and tomllib. jinja2, icalendar and tomli_w are imported inside the functions
that use them.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
from functools import lru_cache, partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Callable, Sequence

from wizard import __version__, model
from wizard.documents.environment import render as _render
from wizard.documents.children import fork_is_safe
from wizard.documents.errors import ExportError
from wizard.documents.output_set import write_set
from wizard.documents.view import NumberRow, PortfolioView
from wizard.documents.formatting import fmt_date, fmt_number, fmt_share, fmt_weekday_date, md_escape, month_name, one_line
from wizard.documents.logos import LOGO_TYPES
from wizard.documents.logos import Logos as _Logos
from wizard.documents.formatting import is_count as _is_count
from wizard.i18n import LANGUAGES, t

if TYPE_CHECKING:
    from wizard import ics
    from wizard.catalog import Catalog
    from wizard.model import City, Portfolio

FORMATS = ("md", "toml", "ics", "html")
SIGNS_DIR = "signs"
TENANT_DIR = "tenant-info"


def _t_in(doc: "PortfolioView", lang: str, key: str, **params: Any) -> str:
    return doc.t(key, lang, **params)


# ------------------------------------------------------------------ documents


def _action_plan(doc: PortfolioView) -> str:
    from wizard import schedule
    from wizard.sizing import FORMULA

    lang = doc.lang
    s = doc.settings
    steps, acute, variant = doc.advice(lang)
    wanted = doc.commitments.get(s.action_plan.wanted_commitment)
    example = None
    if wanted is not None:
        reported = dt.date(doc.today.year, 12, 23)
        while not schedule.is_working_day(reported):
            reported -= dt.timedelta(days=1)
        example = (reported, schedule.add_working_days(reported, wanted.working_days))
    roles = [(r.name(lang), s.action_plan.roles.get(r.id) or r.duty(lang)) for r in doc.catalog.roles]
    totals: dict[str, list[Any]] = {}
    for city in doc.portfolio.sorted_cities():
        for rid, tr in city.training.items():
            acc = totals.setdefault(rid, [0, 0])
            acc[0] += tr.staff if _is_count(tr.staff) else 0
            acc[1] += tr.trained if _is_count(tr.trained) else 0
    sz = s.sizing
    assumptions = [
        (doc.t("sizing.reports_per_1000_apartments"), fmt_number(sz.reports_per_1000_apartments, lang, 1)),
        (doc.t("sizing.hours_handling"), fmt_number(sz.hours_handling, lang, 1)),
        (doc.t("sizing.hours_home_visit"), fmt_number(sz.hours_home_visit, lang, 1)),
        (doc.t("sizing.hours_follow_up"), fmt_number(sz.hours_follow_up, lang, 1)),
        (doc.t("sizing.home_visit_share"), fmt_share(sz.home_visit_share, lang) if _is_count(sz.home_visit_share) else str(sz.home_visit_share)),
        (doc.t("sizing.peak_factor"), fmt_number(sz.peak_factor, lang, 1)),
        (doc.t("sizing.working_weeks"), fmt_number(sz.working_weeks, lang)),
    ]
    police = doc.number("11414")
    return _render(
        "action-plan.md.j2",
        **doc.common(),
        settings=s,
        decision=s.company.decision_date,
        contact_status=_contact_status(doc, s.huskurage.status),
        steps=steps,
        acute=acute,
        variant=variant,
        reason=s.advice.reason,
        child_concern=s.advice.child_concern,
        wanted=wanted,
        wanted_name=doc.commitment_name(s.action_plan.wanted_commitment),
        example=example,
        home_visits=s.action_plan.home_visits,
        roles=roles,
        training=doc.training_rows({k: (v[0], v[1]) for k, v in totals.items()}),
        cities=[doc.city_view(c) for c in doc.portfolio.sorted_cities()],
        numbers=[(n.name(lang), n.number, n.hours(lang) or doc.t("common.none"), n.verified_on) for n in doc.catalog.numbers],
        police_number=police.number if police else "114 14",
        assumptions=assumptions,
        formula=[line.texts(lang) for line in FORMULA],
        sizing_rows=[
            (
                doc.city_name(c),
                fmt_number(sc.reports_per_year, lang, 1),
                fmt_number(sc.hours_needed_per_week, lang, 1),
                fmt_number(sc.hours_available_per_week, lang, 1),
                doc.commitment_name(sc.keepable) if sc.keepable else doc.t("sizing.none"),
                doc.commitment_name(sc.wanted),
                sc.warning,
            )
            for c in doc.portfolio.sorted_cities()
            if (sc := doc.city_sizing.get(c.code)) is not None
        ],
    )


def _contact_status(doc: PortfolioView, status: str) -> str:
    try:
        return doc.t(f"contact_status.{status}")
    except KeyError:
        return status


def _follow_up(doc: PortfolioView) -> str:
    from wizard import schedule

    lang = doc.lang
    rows = [doc.event_row(e) for e in doc.events]
    months: list[tuple[str, list[dict[str, Any]]]] = []
    for row in rows:
        if row["overdue"]:
            continue
        label = month_name(row["date"], lang)
        if not months or months[-1][0] != label:
            months.append((label, []))
        months[-1][1].append(row)
    cadences = []
    for c in doc.catalog.cadences:
        every = schedule.interval(c, doc.settings)
        cadences.append(
            (
                c.title(lang),
                doc.t("follow.level_company") if c.level == "company" else doc.t("follow.level_city"),
                doc.t("follow.off") if not every else doc.t("follow.every_one") if every == 1 else doc.t("follow.every", n=every),
                doc.roles[c.role].name(lang) if c.role in doc.roles else c.role,
            )
        )
    return _render(
        "follow-up.md.j2",
        **doc.common(),
        start=doc.today,
        end=schedule.add_months(doc.today, doc.horizon),
        months_count=doc.horizon,
        overdue=[r for r in rows if r["overdue"]],
        months=months,
        cadences=cadences,
    )


def _ics(doc: PortfolioView) -> bytes:
    """The follow-up calendar (RFC 5545), built and written with icalendar (see ``ics.py``)."""
    from wizard import ics

    return ics.to_ical(_calendar(doc))


def _calendar(doc: PortfolioView) -> "ics.SharedValuesCalendar":
    """The follow-up calendar: all-day events on working days, a stable uid each.

    All-day events (``DTSTART;VALUE=DATE``, ``DTEND`` the next day), the
    schedule's stable uid each, ``DTSTAMP`` fixed to ``today`` midnight UTC,
    one category per municipality (the company's name for company events).

    A 290-municipality portfolio has ~7,000 events, so the property values
    are built once and shared between events (``SharedValuesCalendar.share``):
    the stamp, the start and end ``vDate`` of each day, the summary per
    (cadence, place, overdue), the description per (cadence, note), the
    category per place. They are icalendar's own property types, set on each
    event as they are (like ``add(name, value, encode=False)``), so icalendar
    does not infer a type and build parameters for each value again.
    Properties are written in the order set (``sorted=False``).
    """
    from icalendar import Event as VEvent
    from icalendar.prop import vCategory, vDate, vDatetime, vText

    from wizard import ics

    lang = doc.lang
    cal = ics.SharedValuesCalendar()
    cal.add("version", "2.0")
    cal.add("prodid", f"-//huskurage//huskurage {__version__}//{lang.upper()}")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(doc.t("ics.calendar_name", company=one_line(doc.settings.company.name) or "–")))
    if doc.findings:
        cal.add("x-wr-caldesc", one_line(doc.banner(lang)[0]))
    share = cal.share
    stamp = share(vDatetime(dt.datetime.combine(doc.today, dt.time(), dt.timezone.utc)))
    transparent = share(vText("TRANSPARENT"))
    # Shared property values: one per day (start, end), per (cadence, city, overdue) summary,
    # per (cadence, note) description, per place category.
    days: dict[dt.date, tuple[Any, Any]] = {}
    summaries: dict[tuple[str, str | None, bool], Any] = {}
    descriptions: dict[tuple[str, str], Any] = {}
    categories: dict[str, Any] = {}
    for e in doc.events:
        row = doc.event_row(e)
        span = days.get(e.date)
        if span is None:
            start, end = share(vDate(e.date)), share(vDate(e.date + dt.timedelta(days=1)))
            start.params["VALUE"] = end.params["VALUE"] = "DATE"
            span = days[e.date] = (start, end)
        key = (e.cadence_id, e.city_code, e.overdue)
        summary = summaries.get(key)
        if summary is None:
            text = doc.t("ics.summary", what=row["what"], where=row["where"])
            if e.overdue:
                text = doc.t("ics.overdue", summary=text)
            summary = summaries[key] = share(vText(one_line(text)))
        note = row["note"]
        description = descriptions.get((e.cadence_id, note))
        if description is None:
            parts = [row["help"], doc.t("ics.who", role=row["who"]), note + "." if note else ""]
            description = descriptions[e.cadence_id, note] = share(vText("\n\n".join(p for p in map(one_line, parts) if p)))
        category = categories.get(row["category"])
        if category is None:
            category = categories[row["category"]] = share(vCategory([one_line(row["category"]) or doc.t("common.company_level")]))
        # Item assignment (icalendar's documented dict interface) = add(..., encode=False) on a new event.
        event = VEvent()
        event["UID"] = vText(e.uid)
        event["DTSTAMP"] = stamp
        event["DTSTART"], event["DTEND"] = span
        event["SUMMARY"] = summary
        event["DESCRIPTION"] = description
        event["CATEGORIES"] = category
        event["TRANSP"] = transparent
        cal.add_component(event)
    return cal


def _progress(doc: PortfolioView) -> str:
    from wizard.progress import portfolio_progress

    lang = doc.lang
    pp = portfolio_progress(doc.portfolio, doc.catalog)
    by_code = {c.code: c for c in pp.cities}
    company_items = [
        (
            i.title(lang),
            _status(doc, doc.settings.progress.get(i.id)),
            doc.settings.progress.get(i.id),
        )
        for i in doc.catalog.items("company")
    ]
    company_overdue = doc.overdue(None)
    cities = []
    quarters: dict[str, int] = {}
    for city in doc.portfolio.sorted_cities():
        v = doc.city_view(city)
        cp = by_code[city.code]
        items = [(i.title(lang), _status(doc, city.progress.get(i.id)), city.progress.get(i.id)) for i in doc.catalog.items("city")]
        reports = {q: n for q, n in sorted(city.reports.items()) if _is_count(n)}
        for q, n in reports.items():
            quarters[q] = quarters.get(q, 0) + int(n)
        cities.append(
            {
                "view": v,
                "p": cp,
                "checklist": items,
                "missing": v.missing_kinds,
                "reports": ", ".join(f"{q}: {fmt_number(n, lang)}" for q, n in reports.items()),
                "overdue": [e.title(lang) + " (" + fmt_date(e.date) + ")" for e in v.overdue],
            }
        )
    return _render(
        "progress.md.j2",
        **doc.common(),
        pp=pp,
        complete_partners=sum(1 for c in pp.cities if c.partners_registered >= c.partners_expected),
        overdue_total=len(company_overdue) + sum(len(c["view"].overdue) for c in cities),
        company_items=company_items,
        company_overdue=[e.title(lang) + " (" + fmt_date(e.date) + ")" for e in company_overdue],
        cities=cities,
        quarters=sorted(quarters.items()),
    )


def _status(doc: PortfolioView, entry: model.ProgressEntry | None) -> str:
    status = entry.status if entry else "todo"
    try:
        return doc.t(f"status.{status}")
    except KeyError:
        return status


def _sign(doc: PortfolioView, city: "City", logos: list[tuple[str, str]]) -> str:
    v = doc.city_view(city)
    blocks = []
    for lg in v.languages:
        steps, acute, _ = doc.advice(lg)
        local, national = doc.sign_numbers(city, lg)
        blocks.append({"lang": lg, "steps": steps, "acute": acute, "local": local, "national": national})
    primary = blocks[0]
    # Custom steps are the company's own words, in one language: show them once.
    step_rows = []
    for i, step in enumerate(primary["steps"]):
        others = [b["steps"][i] for b in blocks[1:] if i < len(b["steps"]) and b["steps"][i] != step]
        step_rows.append((step, others))
    local_rows = list(zip(*(b["local"] for b in blocks)))
    national_rows = list(zip(*(b["national"] for b in blocks)))
    acute = [b["acute"] for b in blocks if b["acute"]]
    extra_lines = [x for x in city.sign.extra_lines if x.strip()]
    fixed = _sign_fixed_height(len(blocks), bool(doc.findings))
    density = next(
        (
            d
            for d in SIGN_DENSITIES
            if fixed + _sign_height(d, step_rows, local_rows, national_rows, extra_lines, bool(logos), len(blocks))
            <= SIGN_USABLE_MM
        ),
        SIGN_DENSITIES[-1],
    )
    # Beyond the tightest layout, shrink the body as a whole rather than spill onto a second page.
    zoom = 1.0
    while zoom > 0.5 and fixed + _sign_height(
        density, step_rows, local_rows, national_rows, extra_lines, bool(logos), len(blocks), zoom
    ) > SIGN_USABLE_MM:
        zoom = round(zoom - 0.02, 2)
    zoom_style = f"zoom: {zoom:.2f}" if zoom < 1 else ""
    return _render(
        "sign.html.j2",
        lang=primary["lang"],
        langs=v.languages,
        tr=lambda lg, key, **kw: doc.t(key, lg, **kw),
        company=doc.settings.company.name,
        city=v.name,
        code=city.code,
        step_rows=step_rows,
        acute=acute,
        local_rows=local_rows,
        national_rows=national_rows,
        extra_lines=extra_lines,
        logos=logos,
        density=density,
        zoom_style=zoom_style,
        banner=doc.banner(primary["lang"]),
        version=__version__,
        today=doc.today,
    )


# Sign layout: the densities of sign.html.j2 (step font size in pt, gap below a
# step in mm, scale of the number rows) and the height one A4 page offers
# inside the margins, kept a little short of 297 - 20 mm for safety.
SIGN_DENSITIES = ("roomy", "normal", "dense", "tight")
_SIGN_STYLE = {"roomy": (22, 5.0, 1.0), "normal": (20, 4.0, 1.0), "dense": (17, 2.5, 0.92), "tight": (15, 1.5, 0.8)}
SIGN_USABLE_MM = 272.0
_PT = 0.3528  # mm per point


@lru_cache(maxsize=8192)
def _text_lines(text: str, width_mm: float, pt: float, em: float = 0.62) -> int:
    """Lines a text wraps to: DejaVu Sans Bold averages about 0.62 em per character."""
    per_line = max(1, int(width_mm / (pt * _PT * em)))
    words, lines, used = text.split(), 1, 0
    for w in words:
        n = len(w) + (1 if used else 0)
        if used and used + n > per_line:
            lines, used = lines + 1, len(w)
        else:
            used += n
    return lines


def _sign_height(
    density: str,
    steps: list[tuple[str, list[str]]],
    local: list[tuple[NumberRow, ...]],
    national: list[tuple[NumberRow, ...]],
    extra: list[str],
    has_logos: bool,
    languages: int,
    zoom: float = 1.0,
) -> float:
    """A conservative estimate of the sign's body (all but footer and banner) in mm.

    ``zoom`` < 1 shrinks the body: everything gets smaller, and the text also
    wraps into fewer lines because the zoomed box is relatively wider.
    """
    pt, gap, scale = _SIGN_STYLE[density]
    z = zoom
    width = (182 - (pt * 1.7 * _PT + pt * 0.5 * _PT) * z) / z  # page minus margins, number badge and its gap
    height = (30 if density in ("roomy", "normal") else 26) + 5 * (languages - 1)  # header
    height += 10 + 4 * (languages - 1)  # "do this"
    for primary, others in steps:
        height += _text_lines(primary, width, pt) * pt * 1.22 * _PT + gap
        for other in others:
            height += _text_lines(other, width, pt * 0.72, 0.55) * pt * 0.72 * 1.22 * _PT + 0.5
    height += 36 * scale  # the 112 box with the acute line

    label_width = (88 - 33 * z) / z  # half the page minus the number column (31 mm + gap)

    def rows(table: list[tuple[NumberRow, ...]]) -> float:
        total = 12.0 * scale  # heading
        for row in table:
            first = row[0]
            left = _text_lines(first.label, label_width, 10 * scale) * 4.3
            subs = {r.sublabel for r in row if r.sublabel} | {r.label for r in row[1:] if r.label != first.label}
            left += sum(_text_lines(x, label_width, 8 * scale, 0.55) * 3.4 for x in subs)
            right = 5.0 + (_text_lines(first.hours, 31, 8 * scale, 0.55) * 3.4 if first.hours else 0)
            total += max(left, right) * scale + 2.2
        return total

    height += max(rows(local), rows(national))
    height += sum(_text_lines(x, 182 / z, 12, 0.55) * 5.2 + 1 for x in extra) + (3 if extra else 0)
    height += 20 if has_logos else 0
    return height * z


def _sign_fixed_height(languages: int, banner: bool) -> float:
    """The footer (and the open-findings banner), which never shrink."""
    return 24 + 4 * (languages - 1) + (12 if banner else 0)


def _tenant_info(doc: PortfolioView, city: "City") -> str:
    v = doc.city_view(city)
    letters = []
    for lg in v.languages:
        steps, acute, _ = doc.advice(lg)
        local, national = doc.sign_numbers(city, lg)
        letters.append(
            {
                "lang": lg,
                "t": partial(_t_in, doc, lg),
                "steps": steps,
                "acute": acute,
                "local": local,
                "national": national,
                "commitment": doc.commitment_name(v.tenant_commitment, lg) if v.tenant_commitment else "",
                "banner": doc.banner(lg),
            }
        )
    return _render(
        "tenant-info.md.j2",
        letters=letters,
        company=doc.settings.company.name or "–",
        city=v.name,
        home_visits=doc.settings.action_plan.home_visits,
        extra_lines=[x for x in city.sign.extra_lines if x.strip()],
        version_line=doc.t("common.version_line", v.languages[0], version=__version__, date=doc.today.isoformat()),
    )


# ------------------------------------------------------------------ plan.toml


def _plan_toml(doc: PortfolioView, logos: dict[str, bytes]) -> str:
    """The whole plan in one TOML file: the company file's tables, ``[[cities]]``, ``[logos]`` (base64).

    Written by tomli_w (every string a single-line basic string, escaped), with
    a short comment on top; tomllib reads it back.
    """
    import tomli_w

    p = doc.full
    company = p.settings.company.name or "–"
    comments = [
        doc.t("toml.header", company=company, date=doc.today.isoformat(), version=__version__),
        doc.t("toml.recreate"),
    ]
    if doc.findings:
        comments.append(doc.t("toml.findings", n=len(doc.findings)))
    settings = model.settings_to_dict(p.settings)
    data: dict[str, Any] = {"schema": settings.pop("schema")}
    data["export"] = {"version": __version__, "date": doc.today, "lang": doc.lang, "open_findings": len(doc.findings)}
    data.update(settings)
    cities = []
    for city in p.sorted_cities():
        d = model.city_to_dict(city)
        d.pop("schema", None)
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


# ------------------------------------------------------------------ public render API


def _doc(portfolio: "Portfolio", lang: str, today: dt.date | None, **kw: Any) -> PortfolioView:
    return PortfolioView(portfolio, _check_lang(lang), today or dt.date.today(), **kw)


def render_action_plan(portfolio: "Portfolio", lang: str = "sv", today: dt.date | None = None, **kw: Any) -> str:
    return _action_plan(_doc(portfolio, lang, today, **kw))


def render_follow_up(portfolio: "Portfolio", lang: str = "sv", today: dt.date | None = None, **kw: Any) -> str:
    return _follow_up(_doc(portfolio, lang, today, **kw))


def render_follow_up_ics(portfolio: "Portfolio", lang: str = "sv", today: dt.date | None = None, **kw: Any) -> bytes:
    return _ics(_doc(portfolio, lang, today, **kw))


def render_progress(portfolio: "Portfolio", lang: str = "sv", today: dt.date | None = None, **kw: Any) -> str:
    return _progress(_doc(portfolio, lang, today, **kw))


def render_sign(
    portfolio: "Portfolio", code: str, lang: str = "sv", today: dt.date | None = None, *, logos_root: Path | None = None, **kw: Any
) -> str:
    """The sign of one municipality; its languages are the city's ``sign.languages``, not ``lang``."""
    doc = _doc(portfolio, lang, today, **kw)
    city = portfolio.cities[code]
    return _sign(doc, city, _Logos(logos_root, None).uris(city, doc.city_name(city)))


def render_tenant_info(portfolio: "Portfolio", code: str, lang: str = "sv", today: dt.date | None = None, **kw: Any) -> str:
    """The tenant letter of one municipality, in the city's sign languages."""
    doc = _doc(portfolio, lang, today, **kw)
    return _tenant_info(doc, portfolio.cities[code])


def render_plan_toml(
    portfolio: "Portfolio", lang: str = "sv", today: dt.date | None = None, *, logos_root: Path | None = None, **kw: Any
) -> str:
    doc = _doc(portfolio, lang, today, **kw)
    return _plan_toml(doc, _Logos(logos_root, None).all(doc))


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ExportError("unknown_language", value=lang)
    return lang


# ------------------------------------------------------------------ export


def export(
    portfolio: "Portfolio",
    out_dir: Path,
    *,
    formats: Sequence[str] = FORMATS,
    lang: str = "sv",
    cities: list[str] | None = None,
    today: dt.date | None = None,
    horizon_months: int = 24,
    force: bool = False,
    findings: Sequence[Any] = (),
    logos_root: Path | None = None,
    progress: Callable[[str], None] | None = None,
    catalog: "Catalog | None" = None,
    parallel: bool | None = None,
) -> list[Path]:
    """Write the documents of ``formats`` into ``out_dir``; return the files written, in order.

    ``findings`` are the open findings of ``validate``; with any error among
    them nothing is exported unless ``force``, and then every document says on
    top that it was exported with open findings. ``cities`` (kommunkoder or
    names) limits the per-municipality documents and the reports to those
    municipalities; ``plan.toml`` always holds the whole plan. All or nothing:
    on any failure an :class:`ExportError` is raised and ``out_dir`` is as it was.

    ``parallel``: render ``plan.toml``, and ``follow-up.ics`` with
    ``follow-up.md`` (the largest documents: the whole plan, and some 70,000
    calendar lines for 290 municipalities), in two forked child processes
    while this one renders the rest. None (the default) does so only where
    that is safe: on Linux, in a process with no other thread (the command
    line; not the TUI, which exports from a worker thread). True forks
    wherever ``os.fork`` exists, False never forks; the bytes written are
    the same either way.
    """
    out_dir = Path(out_dir)
    for f in formats:
        if f not in FORMATS:
            raise ExportError("unknown_format", value=f, allowed=", ".join(FORMATS))
    _check_lang(lang)
    errors = [f for f in findings if getattr(f, "severity", "error") == "error"]
    if errors and not force:
        raise ExportError("open_findings", n=len(errors))
    codes = _resolve_cities(portfolio, cities)
    today = today or dt.date.today()
    doc = PortfolioView(
        portfolio,
        lang,
        today,
        catalog=catalog,
        cities=codes,
        findings=errors,
        horizon_months=horizon_months,
    )
    logos = _Logos(logos_root, progress)
    jobs: list[tuple[str, Callable[[], str | bytes]]] = []
    if "md" in formats:
        jobs += [
            ("action-plan.md", lambda: _action_plan(doc)),
            ("follow-up.md", lambda: _follow_up(doc)),
            ("progress.md", lambda: _progress(doc)),
        ]
    if "ics" in formats:
        jobs.append(("follow-up.ics", lambda: _ics(doc)))
    if "toml" in formats:
        jobs.append(("plan.toml", lambda: _plan_toml(doc, logos.all(doc))))
    for city in doc.portfolio.sorted_cities():
        stem = doc.stem(city)
        if "html" in formats:
            jobs.append((f"{SIGNS_DIR}/{stem}.html", partial(lambda c: _sign(doc, c, logos.uris(c, doc.city_name(c))), city)))
        if "md" in formats:
            jobs.append((f"{TENANT_DIR}/{stem}.md", partial(lambda c: _tenant_info(doc, c), city)))
    stale_dirs = []
    if codes is None:
        stale_dirs = [d for d, fmt in ((SIGNS_DIR, "html"), (TENANT_DIR, "md")) if fmt in formats]
    detach: list[list[str]] = []
    if hasattr(os, "fork") and (parallel if parallel is not None else fork_is_safe()):
        # Two children while this process writes the rest: plan.toml, and the calendar with follow-up.md,
        # which list the same events (so the events are computed once, in that child, and never here).
        if "toml" in formats:
            detach.append(["plan.toml"])
        if "ics" in formats:
            detach.append(["follow-up.ics", "follow-up.md"] if "md" in formats else ["follow-up.ics"])
    # The portfolio and catalog live through the whole export, and what an
    # export builds (~7,000 calendar events, hundreds of documents) is freed by
    # reference counting; left on, the cyclic garbage collector walks it all
    # again and again (the calendar alone renders ~15% faster without it for
    # 290 municipalities), and in a forked child it would copy every page of
    # the portfolio it visits.
    from wizard import memory

    with memory.collection_paused():
        return write_set(out_dir, jobs, stale_dirs, progress, detach)


def _resolve_cities(portfolio: "Portfolio", cities: Sequence[str] | None) -> list[str] | None:
    if cities is None:
        return None
    codes = []
    for query in cities:
        if query in portfolio.cities:
            codes.append(query)
            continue
        hits = [c.code for c in portfolio.cities.values() if model.fold(c.name) == model.fold(query)]
        if not hits:
            raise ExportError("unknown_city", value=query)
        codes.append(hits[0])
    return list(dict.fromkeys(codes))



