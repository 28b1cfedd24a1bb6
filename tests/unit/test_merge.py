"""Two people changed one file: both count where they changed different fields (wizard/merge.py)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from wizard import model
from wizard.demo import demo_portfolio
from wizard.merge import three_way


def company() -> dict:
    return model.settings_to_dict(demo_portfolio().settings)


def uppsala() -> dict:
    return model.city_to_dict(demo_portfolio().cities["0380"])


def test_different_fields_both_count():
    base, mine, theirs = company(), company(), company()
    mine["huskurage"]["person"] = "Anna"
    theirs["company"]["security_contact"] = "Berit"
    m = three_way(base, mine, theirs)
    assert m.merged["huskurage"]["person"] == "Anna" and m.merged["company"]["security_contact"] == "Berit"
    assert m.mine_changed == [("huskurage", "person")] and m.theirs_changed == [("company", "security_contact")]
    assert not m.clashes
    model.settings_from_dict(m.merged)  # still a company file


def test_the_same_field_changed_differently_is_a_clash_and_mine_counts_in_the_merge():
    base, mine, theirs = company(), company(), company()
    mine["huskurage"]["person"], theirs["huskurage"]["person"] = "Anna", "Berit"
    m = three_way(base, mine, theirs)
    assert m.clashes == [("huskurage", "person")] and m.merged["huskurage"]["person"] == "Anna"


def test_the_same_change_on_both_sides_is_no_clash():
    base, mine, theirs = company(), company(), company()
    mine["company"]["name"] = theirs["company"]["name"] = "Nya Bostäder AB"
    assert not three_way(base, mine, theirs).clashes


def test_history_keeps_both_sides_entries_theirs_first():
    base, mine, theirs = uppsala(), uppsala(), uppsala()
    entry = {"at": dt.datetime(2026, 11, 20, 9, 0), "field": "signs_up", "old": "34", "new": "40"}
    mine["signs_up"], theirs["entrances"] = 40, 95
    mine["history"] = [*base.get("history", []), entry]
    theirs["history"] = [*base.get("history", []), {**entry, "field": "entrances", "old": "90", "new": "95"}]
    m = three_way(base, mine, theirs)
    assert not m.clashes
    assert [h["field"] for h in m.merged["history"][-2:]] == ["entrances", "signs_up"]
    assert (m.merged["signs_up"], m.merged["entrances"]) == (40, 95)


def test_a_partner_added_by_them_and_a_contact_logged_by_me_on_another_is_a_clash_of_the_list():
    base, mine, theirs = uppsala(), uppsala(), uppsala()
    mine["partners"][0]["last_contact"] = dt.date(2026, 11, 20)
    theirs["partners"].append({"kind": "other", "organisation": "Kvinnojouren"})
    m = three_way(base, mine, theirs)
    assert m.clashes == [("partners",)]  # the list moved under us: asked, never merged by position


values = st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=3))
tables = st.dictionaries(st.sampled_from("abcd"), values, max_size=4)


@given(tables, tables, tables)
def test_one_side_unchanged_gives_the_other(base, mine, theirs):
    assert three_way(base, base, theirs).merged == theirs
    assert three_way(base, mine, base).merged == mine


@given(tables, tables, tables)
def test_every_field_comes_from_the_side_that_changed_it(base, mine, theirs):
    m = three_way(base, mine, theirs)
    for key in set(base) | set(mine) | set(theirs):
        got = m.merged.get(key, "absent")
        b, y, t = (side.get(key, "absent") for side in (base, mine, theirs))
        assert got == (y if y != b else t)
        assert ((key,) in m.clashes) == (y != b and t != b and y != t)


def test_the_store_gives_the_merge_what_it_read_and_what_is_on_disk_now(demo_dir):
    from wizard import store

    opened = store.open(demo_dir)
    company = demo_dir / "huskurage.toml"
    read = opened.as_read(company)
    company.write_text(company.read_text(encoding="utf-8").replace("Demobostäder AB", "Deras AB"), encoding="utf-8")
    opened.portfolio.settings.company.name = "Mitt AB"
    assert read["company"]["name"] == "Demobostäder AB" == opened.as_read(company)["company"]["name"]
    assert opened.on_disk(company)["company"]["name"] == "Deras AB"
    assert opened.portfolio.settings.company.name == "Mitt AB"  # looking changed nothing
    city = next((demo_dir / "cities").glob("0380-*.toml"))
    assert opened.as_read(city)["code"] == "0380" == opened.on_disk(city)["code"]
