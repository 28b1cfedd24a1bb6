"""One reading of typed text for the wizard, the dashboard and the command line (wizard/parse.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard import i18n, parse
from wizard.parse import ParseError


@pytest.fixture(autouse=True)
def swedish():
    i18n.set_language("sv")
    yield
    i18n.set_language("sv")


# ------------------------------------------------------------------ dates


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_every_iso_date_round_trips(day):
    assert parse.date(day.isoformat()) == day
    assert parse.date(f"  {day.isoformat()} ") == day
    assert parse.optional_date(day.isoformat()) == day


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_week_dates_and_compact_forms_are_refused_with_the_format_message(day):
    year, week, weekday = day.isocalendar()
    for text in (f"{year}-W{week:02d}-{weekday}", f"{year}W{week:02d}{weekday}", day.strftime("%Y%m%d")):
        assert dt.date.fromisoformat(text) == day  # what Python itself would have read
        with pytest.raises(ParseError) as e:
            parse.date(text)
        assert e.value.key == "parse.date.format"
        assert "ÅÅÅÅ-MM-DD" in str(e.value)


@pytest.mark.parametrize(
    "text", ["4 dec", "2026-1-5", "2026/11/20", "20-11-2026", "2026-11-20T10:00", "2026-11-20 10:00", "٢٠٢٦-١١-٢٠", "+2026-11-20"]
)
def test_other_forms_are_refused_with_the_format_message(text):
    with pytest.raises(ParseError) as e:
        parse.date(text)
    assert e.value.key == "parse.date.format"


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-00-10", "2025-02-29"])
def test_a_date_that_does_not_exist_says_so_and_names_it(text):
    with pytest.raises(ParseError) as e:
        parse.date(text)
    assert str(e.value) == f"Det datumet finns inte ({text})."
    assert e.value.message("en") == f"That date does not exist ({text})."


def test_empty_clears_an_optional_date_and_is_no_date():
    assert parse.optional_date("") is None
    assert parse.optional_date("   ") is None
    with pytest.raises(ParseError):
        parse.date("")


def test_a_parse_error_is_a_value_error_with_the_message_in_the_current_language():
    with pytest.raises(ValueError) as e:
        parse.date("igår")
    assert str(e.value) == "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-02."
    i18n.set_language("en")
    assert str(e.value) == "Type the date as YYYY-MM-DD, for example 2026-03-02."


# ------------------------------------------------------------------ numbers


@given(st.integers(min_value=0, max_value=parse.MAX_COUNT))
def test_every_count_round_trips_with_or_without_thousands_spaces(n):
    assert parse.count(str(n)) == n
    assert parse.count(f"{n:,}".replace(",", "\u00a0")) == n  # as Swedish formatting shows it
    assert parse.count(f" {n:,} ".replace(",", " ")) == n
    assert parse.whole_number(str(n)) == n


@pytest.mark.parametrize("text", ["", "-1", "2,5", "1.0", "tio", "²", "٣", "+3", "0x10", "1e3"])
def test_a_count_is_digits_only(text):
    with pytest.raises(ParseError) as e:
        parse.count(text)
    assert e.value.key == "parse.count.format"
    assert str(e.value) == "Skriv ett heltal, 0 eller mer."


def test_a_count_beyond_what_check_accepts_is_refused_as_typed():
    from wizard import validation

    assert parse.count(str(validation.MAX_COUNT)) == validation.MAX_COUNT
    with pytest.raises(ParseError) as e:
        parse.count("10 000 001")
    assert e.value.key == "parse.count.too_large"
    assert "10 000 000" in str(e.value) and "10,000,000" in e.value.message("en")
    with pytest.raises(ParseError):
        parse.count("9" * 30)  # would make the file unreadable (beyond TOML's 64 bits)


def test_whole_numbers_may_be_negative_and_numbers_take_a_decimal_comma():
    assert parse.whole_number("-5") == -5
    assert parse.whole_number("1 200") == 1200
    assert parse.number("2,5") == 2.5 and parse.number("2.5") == 2.5 and parse.number(",5") == 0.5
    assert parse.number("1 234,5") == 1234.5
    for bad, key in (("12a", "parse.whole_number.format"), ("2,5", "parse.whole_number.format")):
        with pytest.raises(ParseError) as e:
            parse.whole_number(bad)
        assert e.value.key == key
    with pytest.raises(ParseError) as e:
        parse.number("2,5,1")
    assert e.value.key == "parse.number.format"


def test_quarters_and_notes():
    assert parse.is_quarter("2026-Q3") and not parse.is_quarter("2026-Q5") and not parse.is_quarter("hösten")
    assert parse.note("  Tryckt\n hos   Unionen ") == "Tryckt hos Unionen"
    assert parse.note("å" * parse.NOTE_MAX) == "å" * parse.NOTE_MAX
    with pytest.raises(parse.ParseError) as e:
        parse.note("Ö" * 130_000)  # 22 of these once made a portfolio too big to read
    assert "130000 tecken" in str(e.value) and str(parse.NOTE_MAX) in str(e.value)


# ------------------------------------------------------------------ numbers as stored


@pytest.mark.parametrize(
    "value, expected",
    [(3, 3), (0, 0), (2.7, 2), (-3, 0), (-0.5, 0), (True, 0), ("12", 0), (None, 0), (float("inf"), 0), (float("nan"), 0)],
)
def test_a_stored_count_is_what_the_figures_count(value, expected):
    assert parse.stored_count(value) == expected
    assert parse.is_count(value) == (expected > 0 or value == 0)


# ------------------------------------------------------------------ municipalities


@pytest.fixture(scope="module")
def cat():
    from wizard import catalog

    return catalog.load()


@pytest.mark.parametrize(
    "query, code",
    [("1480", "1480"), ("goteborg", "1480"), ("GÖTEBORG", "1480"), (" Göteborgs stad ", "1480"), ("114", "0114"),
     ("malung salen", "2023"), ("Håbo", "0305"), ("0643", "0643")],
)
def test_a_municipality_by_code_or_name_any_case_with_or_without_diacritics(cat, query, code):
    assert parse.municipality(query, cat).code == code
    assert cat.search(query)[0].code == code  # the wizard's list starts with the command line's answer


def test_habo_is_ambiguous_unless_the_portfolio_holds_one_of_them(cat):
    with pytest.raises(parse.UnknownMunicipality) as e:
        parse.municipality("habo", cat)
    assert str(e.value) == "Hittar ingen kommun som heter 'habo'. Menade du: Håbo (0305), Habo (0643)?"
    assert parse.municipality("habo", cat, present={"0643", "1480"}).name == "Habo"
    assert [m.code for m in cat.search("habo")[:2]] == ["0305", "0643"]


def test_a_miss_suggests_the_closest_names(cat):
    with pytest.raises(parse.UnknownMunicipality) as e:
        parse.municipality("Göteborj", cat)
    assert "Göteborg" in e.value.message("en") and e.value.message("en").startswith("No municipality is called 'Göteborj'.")
    with pytest.raises(ParseError) as e:
        parse.municipality("Atlantis", cat)
    assert str(e.value) == "Hittar ingen kommun som heter 'Atlantis'."


def test_the_wizard_lists_exact_then_starting_then_containing_alphabetically(cat):
    upp = [m.name for m in cat.search("upp")]
    assert upp[:4] == ["Upplands Väsby", "Upplands-Bro", "Uppsala", "Uppvidinge"]  # then those of Uppsala län
    assert "Tierp" in upp[4:]
    stockholm = cat.search("stockholm")
    assert stockholm[0].name == "Stockholm" and len(stockholm) == 26  # then every municipality of Stockholms län
    assert [m.name for m in stockholm[1:3]] == ["Botkyrka", "Danderyd"]
    assert {m.code[:2] for m in cat.search("01")} == {"01"} and cat.search("01")[0].name == "Botkyrka"  # codes by their start
    assert cat.search("") == [] and cat.search(" - ") == []
    assert cat.search("xyzzy") == []
