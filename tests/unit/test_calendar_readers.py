"""follow-up.ics read back by three readers that share no code: icalendar, vobject and ics (issue 17, class 8).

Whatever a company's name or a note holds (commas, semicolons, backslashes,
quotes, newlines, control and bidi characters), every text property
(``X-WR-CALNAME``, ``SUMMARY``, ``DESCRIPTION``, ``CATEGORIES``) is escaped
per RFC 5545 §3.3.11, so each reader gets the same text back: the value on
one line, with nothing a terminal or a reader would obey.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wizard.demo import demo_portfolio
from wizard.documents import render_follow_up_ics

TODAY = dt.date(2026, 11, 20)
OBEYED = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from(list(',;\\"\n\r\t:\x1b\x9b\u202e\u2066')),
    max_size=40,
)


def _expected(text: str) -> str:
    """The text as a calendar must carry it (written here on its own): one line, single spaces, a C0 control or
    DEL a space, a C1 or bidi control gone."""
    return " ".join(OBEYED.sub(lambda m: " " if m.group() < "\x80" else "", text).split())


def _unescape(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT, undone: ics 0.7 keeps X- properties as written."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _read(data: bytes):
    import ics
    import vobject
    from icalendar import Calendar

    ical = Calendar.from_ical(data)
    vcal = vobject.readOne(data.decode("utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        icscal = ics.Calendar(data.decode("utf-8"))
    return ical, vcal, icscal


@settings(max_examples=12, deadline=None)
@given(company=_TEXT, place=_TEXT)
@example(company='Hem, Bo; AB\\ "x"\nnytt\x1b]2;t\x07 \u202eslut', place="a,b;c\\d\ne")
def test_every_reader_reads_the_same_texts(company, place):
    """The company's name (the calendar's name, the category of its own events) and a municipality's name."""
    import dataclasses

    portfolio = demo_portfolio()
    portfolio.settings.company.name = company
    # A code the catalog does not know: the calendar names the place as the file does.
    portfolio.cities["9999"] = dataclasses.replace(portfolio.cities["1480"], code="9999", name=place)
    data = render_follow_up_ics(portfolio, today=TODAY)
    ical, vcal, icscal = _read(data)

    name = _unescape(str(ical["X-WR-CALNAME"]))  # icalendar too keeps a property it has no type for as written
    assert name.endswith(" " + (_expected(company) or "–")), name
    assert vcal.contents["x-wr-calname"][0].value == name
    assert [_unescape(line.value) for line in icscal.extra if line.name == "X-WR-CALNAME"] == [name]

    events = {str(e["UID"]): e for e in ical.walk("VEVENT")}
    by_vobject = {e.uid.value: e for e in vcal.vevent_list}
    by_ics = {e.uid: e for e in icscal.events}
    assert set(events) == set(by_vobject) == set(by_ics)
    for uid, event in events.items():
        summary, description = str(event["SUMMARY"]), str(event["DESCRIPTION"])
        categories = [str(c) for c in event["CATEGORIES"].cats]
        assert by_vobject[uid].summary.value == summary == by_ics[uid].name
        assert by_vobject[uid].description.value == description == by_ics[uid].description
        assert by_vobject[uid].categories.value == categories and set(categories) == by_ics[uid].categories
        for text in (summary, description, *categories):
            assert not OBEYED.search(text.replace("\n", "")), text
    summaries = " | ".join(str(e["SUMMARY"]) for e in events.values())
    assert _expected(place) in summaries, summaries[:300]
    if _expected(company):
        assert any(_expected(company) in [str(c) for c in e["CATEGORIES"].cats] for e in events.values())
