"""Validation: each rule a user can break, and where the finding points."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from wizard import catalog, model
from wizard.demo import demo_portfolio
from wizard.validation import email, org_number, validate


@pytest.fixture(scope="module")
def cat():
    return catalog.load()


def codes(findings):
    return [f.code for f in findings]


def test_demo_is_clean(cat):
    assert validate(demo_portfolio(), cat, today=dt.date(2026, 11, 27)) == []


@pytest.mark.parametrize(
    "value,expected",
    [
        ("556677-8899", None),
        ("5566778899", None),
        ("556677-8898", "org_number_check_digit"),
        ("556677-889", "org_number_format"),
        ("abc", "org_number_format"),
        ("", None),
        ("212000-0142", None),  # a public authority's number (Luhn-valid)
        ("16556677-8899", None),  # the 12-digit form: 16 before the ten digits (issue 16, item 15)
        ("165566778899", None),
        ("16556677-8898", "org_number_check_digit"),
        ("19556677-8899", "org_number_format"),  # only 16 is an organisation's prefix
    ],
)
def test_org_number(value, expected):
    assert org_number(value) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        ("info@huskurage.example", None),
        ("kvinnojouren.uppsala@telia.com", None),
        ("", None),
        ("polisen.se", "email_format"),  # no @
        ("info@huskurage", "email_format"),  # no domain
        ("info @huskurage.se", "email_format"),
        ("a@b@c.se", "email_format"),
    ],
)
def test_a_partners_email_is_checked(cat, value, expected):
    """Issue 16, item 15: any text passed as an e-mail address."""
    assert email(value) == expected
    p = demo_portfolio()
    p.cities["1480"].partners[2].email = value
    found = [f for f in validate(p, cat) if f.code == "email_format"]
    assert [(f.location, f.severity) for f in found] == ([] if expected is None else [("cities/1480-goteborg.toml: partners[2].email", "warning")])


def test_location_names_file_and_field(cat):
    p = demo_portfolio()
    p.cities["1480"].partners[2].phone = "ring oss"
    found = [f for f in validate(p, cat) if f.code == "phone_format"]
    assert [f.location for f in found] == ["cities/1480-goteborg.toml: partners[2].phone"]
    assert "ring oss" in found[0].message()


def test_counts_negative_fractional_and_signs_over_entrances(cat):
    p = demo_portfolio()
    city = p.cities["0380"]
    city.apartments = -5
    city.entrances = 10.5
    city.signs_up = 200
    city.entrances = 90
    city.training["caretaker"].trained = 99
    found = {(f.path, f.code) for f in validate(p, cat)}
    assert ("apartments", "negative") in found
    assert ("signs_up", "signs_exceed_entrances") in found
    assert ("training.caretaker.trained", "trained_exceeds_staff") in found
    city.entrances = 10.5
    assert ("entrances", "not_whole") in {(f.path, f.code) for f in validate(p, cat)}


def test_tenant_information_before_signs(cat):
    p = demo_portfolio()
    sthlm = p.cities["0180"]
    sthlm.progress["inform_tenants"].date = dt.date(2026, 5, 1)  # signs went up 2026-05-22
    f = [x for x in validate(p, cat) if x.code == "tenants_informed_before_signs_date"]
    assert len(f) == 1 and "2026-05-22" in f[0].message()
    upp = p.cities["0380"]  # signs still going up
    upp.progress["inform_tenants"] = model.ProgressEntry("done", dt.date(2026, 11, 20))
    assert "tenants_informed_before_signs" in codes(validate(p, cat))


def test_custom_advice_needs_112(cat):
    p = demo_portfolio()
    p.settings.advice = model.Advice(variant="custom", custom_steps=["Ring på", "Ring polisen"])
    assert "custom_advice_without_112" in codes(validate(p, cat))
    p.settings.advice.custom_steps.append("Ring 112 om det är akut")
    assert "custom_advice_without_112" not in codes(validate(p, cat))
    p.settings.advice.custom_steps = ["Ring 1120"]  # not the number 112
    assert "custom_advice_without_112" in codes(validate(p, cat))


def test_unknown_municipality_mismatch_and_duplicates(cat):
    p = demo_portfolio()
    p.cities["9999"] = model.City(code="9999", name="Ingenstans")
    found = validate(
        p,
        cat,
        sources={"1480": "cities/0180-stockholm.toml"},
        duplicates={"0380": ["cities/0380-uppsala.toml", "cities/0380-upsala.toml"]},
    )
    assert ("cities/9999-ingenstans.toml", "unknown_municipality") in {(f.file, f.code) for f in found}
    assert ("cities/0180-stockholm.toml", "code_file_mismatch") in {(f.file, f.code) for f in found}
    dup = [f for f in found if f.code == "duplicate_city"]
    assert dup and "0380-upsala.toml" in dup[0].message()


def test_dates_out_of_order_and_in_future(cat):
    p = demo_portfolio()
    h = p.cities["0180"].history
    h[0], h[1] = h[1], h[0]
    found = validate(p, cat, today=dt.date(2026, 11, 27))
    assert "history_out_of_order" in codes(found)
    p.cities["1480"].partners[0].last_contact = dt.date(2027, 1, 1)
    assert "date_in_future" in codes(validate(p, cat, today=dt.date(2026, 11, 27)))


def test_unknown_item_status_and_level(cat):
    p = demo_portfolio()
    p.cities["0180"].progress["fly_to_moon"] = model.ProgressEntry("done", dt.date(2026, 1, 1))
    p.cities["0180"].progress["place_signs"] = dataclasses.replace(p.cities["0180"].progress["place_signs"], status="finished")
    p.cities["0180"].progress["study_model"] = model.ProgressEntry("todo")  # company-level item
    found = codes(validate(p, cat))
    assert {"unknown_item", "unknown_status", "item_wrong_level"} <= set(found)


def test_logo_paths_must_stay_in_portfolio(cat):
    p = demo_portfolio()
    p.cities["0180"].sign.logos = ["logos/ok.png", "../../etc/passwd", "/tmp/x.png"]
    found = [f.path for f in validate(p, cat) if f.code == "logo_outside_portfolio"]
    assert found == ["sign.logos[1]", "sign.logos[2]"]


def test_every_message_renders_in_both_languages(cat):
    p = demo_portfolio()
    p.settings.company.org_number = "123"
    p.cities["0180"].signs_up = 999
    for f in validate(p, cat):
        assert f.message("sv") and f.message("en") and f.message("sv") != f.message("en")
