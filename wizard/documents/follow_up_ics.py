"""follow-up.ics: the follow-up schedule as an iCalendar file (RFC 5545), one all-day event per follow-up.

Built with icalendar and written by ``ics.py`` (shared values rendered once,
lines folded by slices: the same bytes as icalendar's own ``to_ical``). The
same events as a document: ``follow_up.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from wizard import __version__
from wizard.documents.formatting import one_line

if TYPE_CHECKING:
    from wizard.documents import ics
    from wizard.documents.view import PortfolioView


def render(view: PortfolioView) -> bytes:
    """The follow-up calendar (RFC 5545), built and written with icalendar (see ``ics.py``)."""
    from wizard.documents import ics

    return ics.to_ical(calendar(view))


def calendar(view: PortfolioView) -> "ics.SharedValuesCalendar":
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

    from wizard.documents import ics

    lang = view.lang
    cal = ics.SharedValuesCalendar()
    cal.add("version", "2.0")
    cal.add("prodid", f"-//huskurage//huskurage {__version__}//{lang.upper()}")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # X- properties are text (RFC 5545 3.8.8.2), but icalendar writes a value it has no type for as it is:
    # a comma would end the name in other readers, a newline start a property. vText escapes, like SUMMARY's.
    cal.add("x-wr-calname", vText(one_line(view.t("ics.calendar_name", company=one_line(view.settings.company.name) or "–"))))
    if view.findings:
        cal.add("x-wr-caldesc", vText(one_line(view.banner(lang)[0])))
    share = cal.share
    stamp = share(vDatetime(dt.datetime.combine(view.today, dt.time(), dt.timezone.utc)))
    transparent = share(vText("TRANSPARENT"))
    # Shared property values: one per day (start, end), per (cadence, city, area, overdue) summary,
    # per (cadence, note) description, per place category.
    days: dict[dt.date, tuple[Any, Any]] = {}
    summaries: dict[tuple[str, str | None, str, bool], Any] = {}
    descriptions: dict[tuple[str, str], Any] = {}
    categories: dict[str, Any] = {}
    for e in view.events:
        row = view.event_row(e)
        span = days.get(e.date)
        if span is None:
            start, end = share(vDate(e.date)), share(vDate(e.date + dt.timedelta(days=1)))
            start.params["VALUE"] = end.params["VALUE"] = "DATE"
            span = days[e.date] = (start, end)
        key = (e.cadence_id, e.city_code, e.area, e.overdue)
        summary = summaries.get(key)
        if summary is None:
            text = view.t("ics.summary", what=row["what"], where=row["where"])
            if e.overdue:
                text = view.t("ics.overdue", summary=text)
            summary = summaries[key] = share(vText(one_line(text)))
        note = row["note"]
        description = descriptions.get((e.cadence_id, note))
        if description is None:
            parts = [row["help"], view.t("ics.who", role=row["who"]), note + "." if note else ""]
            description = descriptions[e.cadence_id, note] = share(vText("\n\n".join(p for p in map(one_line, parts) if p)))
        category = categories.get(row["category"])
        if category is None:
            category = categories[row["category"]] = share(vCategory([one_line(row["category"]) or view.t("common.company_level")]))
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
