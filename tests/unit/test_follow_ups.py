"""Recurring follow-ups that can be closed: each cadence's own "last done" record, and the schedule anchored on it.

Recording a sign inspection used to mean re-dating ``place_signs``, which
tripped the sign-before-tenants rule and then refused the export. Now a
city's follow-up has its own record (``[follow_ups]``), set by ``mark`` and the
dashboard through ``progress.record_follow_up``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from support import typed_demo
from wizard import catalog as catalog_module
from wizard import model, schedule, store
from wizard.demo import demo_portfolio
from wizard.documents import export
from wizard.progress import Refused, record_follow_up
from wizard.validation import validate

D = dt.date


@pytest.fixture(scope="module")
def cat():
    return catalog_module.load()


def _next(city: model.City, portfolio: model.Portfolio, cat, cadence: str, today: dt.date) -> dt.date:
    events = schedule.events(model.Portfolio(portfolio.settings, {city.code: city}), cat.cadences, today, 24)
    return next(e.date for e in events if e.cadence_id == cadence and not e.overdue)


def test_closing_an_inspection_moves_the_next_one_and_leaves_place_signs_untouched(cat):
    p = demo_portfolio()
    gbg = p.cities["1480"]
    placed = gbg.progress["place_signs"]
    assert _next(gbg, p, cat, "sign_inspection", D(2026, 11, 16)) == D(2026, 12, 14)  # 6 months after 2026-06-12

    assert record_follow_up(gbg, "sign_inspection", D(2026, 11, 20), cat, today=D(2026, 11, 20))

    assert _next(gbg, p, cat, "sign_inspection", D(2026, 11, 20)) == D(2027, 5, 20)
    assert gbg.progress["place_signs"] == placed  # the rollout item keeps its status and date
    assert gbg.follow_ups == {"sign_inspection": D(2026, 11, 20)}
    assert gbg.history[-1].field == "follow_ups.sign_inspection" and gbg.history[-1].new == "2026-11-20"
    assert validate(p, cat, today=D(2026, 11, 20)) == []


def test_the_later_of_the_record_and_the_checklist_item_anchors_the_next_one(cat):
    p = demo_portfolio()
    sthlm = p.cities["0180"]
    sthlm.follow_ups["training_refresh"] = D(2026, 1, 10)  # older than train_staff done 2026-04-28
    assert schedule.last_done(cat.cadence("training_refresh"), sthlm, p.settings) == D(2026, 4, 28)
    sthlm.follow_ups["training_refresh"] = D(2026, 10, 1)
    assert schedule.last_done(cat.cadence("training_refresh"), sthlm, p.settings) == D(2026, 10, 1)


def test_refresher_training_is_a_follow_up_per_municipality(cat):
    refresher = cat.cadence("training_refresh")
    assert refresher is not None and refresher.level == "city" and refresher.item == "train_staff"


def test_an_overdue_follow_up_is_no_longer_overdue_once_recorded(cat):
    p = demo_portfolio()
    sthlm = p.cities["0180"]
    today = D(2026, 11, 16)
    late = {e.cadence_id for e in schedule.overdue(sthlm, p.settings, cat.cadences, today)}
    assert "number_check" in late
    record_follow_up(sthlm, "number_check", today, cat, today)
    assert "number_check" not in {e.cadence_id for e in schedule.overdue(sthlm, p.settings, cat.cadences, today)}


@pytest.mark.parametrize(
    "cadence,day,code",
    [
        ("sign_inspection", D(2026, 12, 1), "date_in_future"),
        ("nki_survey", D(2026, 11, 1), "follow_up_not_city"),
        ("coffee_break", D(2026, 11, 1), "unknown_cadence"),
    ],
)
def test_a_wrong_record_is_refused_and_nothing_changes(cat, cadence, day, code):
    p = demo_portfolio()
    city = p.cities["0180"]
    before = (dict(city.follow_ups), list(city.history))
    with pytest.raises(Refused) as e:
        record_follow_up(city, cadence, day, cat, today=D(2026, 11, 16))
    assert e.value.code == code and e.value.message()
    assert (city.follow_ups, city.history) == before


def test_a_hand_edited_record_gets_a_finding(cat):
    p = demo_portfolio()
    p.cities["0180"].follow_ups = {"sign_inspection": D(2027, 1, 1), "nki_survey": D(2026, 1, 1), "typo": D(2026, 1, 1)}
    found = {(f.path, f.code) for f in validate(p, cat, today=D(2026, 11, 16))}
    assert found == {
        ("follow_ups.sign_inspection", "date_in_future"),
        ("follow_ups.nki_survey", "follow_up_not_city"),
        ("follow_ups.typo", "unknown_cadence"),
    }


def test_check_and_export_stay_clean_through_a_year_of_inspections(tmp_path, cat):
    """Every month of 2027 the caretakers inspect the signs and customer service checks the numbers, saved to disk."""
    root = tmp_path / "p"
    store.init(root, demo_portfolio())
    for month in range(1, 13):
        day = D(2027, month, 15)
        st = store.open(root)
        for code in st.portfolio.cities:
            city = st.portfolio.cities[code]
            record_follow_up(city, "sign_inspection", day, cat, today=day, now=dt.datetime.combine(day, dt.time(9)))
            record_follow_up(city, "number_check", day, cat, today=day, now=dt.datetime.combine(day, dt.time(9, 1)))
            st.save_city(code)
        # ... and, as `huskurage numbers DIR --verified-on DAY` records it, the national numbers they called
        checks = st.portfolio.settings.number_checks
        for nid, check in checks.items():
            checks[nid] = model.NumberCheck(day, check.note)
        st.save_settings()
        st = store.open(root)
        assert validate(st.portfolio, cat, today=day) == []  # what `huskurage check` reports: nothing
        written = export(st.portfolio, tmp_path / "out", today=day, findings=validate(st.portfolio, cat, today=day))
        assert written
        late = [e for c in st.portfolio.sorted_cities() for e in schedule.overdue(c, st.portfolio.settings, cat.cadences, day)]
        assert not [e for e in late if e.cadence_id in ("sign_inspection", "number_check")]
    final = store.open(root).portfolio
    assert final.cities["1480"].progress["place_signs"].date == D(2026, 6, 12)
    assert final.cities["1480"].follow_ups["sign_inspection"] == D(2027, 12, 15)


# ------------------------------------------------------------------ the sign inspection per area (issue 14, item 6)


def _goteborg_in_areas(p: model.Portfolio) -> model.City:
    """Centrum: one entrance inspected 2026-11-02, one sign up since 2026-10-01; Hisingen: signs up since May, never inspected."""
    gbg = p.cities["1480"]
    gbg.buildings = [
        model.Building("G-1", area="Centrum", entrances=[
            model.Entrance("A", apartments=10, sign_placed=D(2026, 5, 4), inspected=D(2026, 11, 2)),
            model.Entrance("B", apartments=8, sign_placed=D(2026, 10, 1)),
        ]),
        model.Building("G-2", area="Hisingen", entrances=[model.Entrance("A", apartments=20, sign_placed=D(2026, 5, 1))]),
    ]
    gbg.count_buildings()
    return gbg


def test_where_the_buildings_are_in_areas_each_area_has_its_own_inspection_round(cat):
    p = typed_demo()  # Göteborg's buildings in areas, Stockholm without any
    gbg = _goteborg_in_areas(p)
    events = [e for e in schedule.events(p, cat.cadences, D(2026, 11, 16), 12) if e.cadence_id == "sign_inspection" and e.city_code == "1480"]
    first = {e.area: e for e in reversed(events)}
    # Hisingen: nothing newer than place_signs done 2026-06-12; Centrum: every entrance seen since 2026-10-01.
    assert first["Hisingen"].date == D(2026, 12, 14)
    assert first["Centrum"].date == schedule.on_or_after_working_day(D(2027, 4, 1))
    assert first["Centrum"].city_name == "Centrum, Göteborg" and first["Centrum"].where("sv") == "Centrum, Göteborg"
    assert "-1480-centrum@" in first["Centrum"].uid and "-1480-hisingen@" in first["Hisingen"].uid
    assert schedule.next_follow_up(gbg, p.settings, cat.cadences, D(2026, 11, 16)) == min(
        e.date for e in schedule.events(model.Portfolio(p.settings, {"1480": gbg}), cat.cadences, D(2026, 11, 16), 12)
        if e.city_code == "1480" and not e.overdue
    )
    # Stockholm has no buildings: one round for the whole municipality, its uid as before.
    sthlm = [e for e in schedule.events(p, cat.cadences, D(2026, 11, 16), 12) if e.cadence_id == "sign_inspection" and e.city_code == "0180"]
    assert sthlm and all(e.area == "" and e.uid.endswith("-sign_inspection-0180@" + schedule.UID_DOMAIN) for e in sthlm)


def test_an_areas_round_is_overdue_on_its_own_and_closes_when_its_entrances_are_inspected(cat):
    from wizard import entrances

    p = demo_portfolio()
    gbg = _goteborg_in_areas(p)
    late = schedule.overdue(gbg, p.settings, cat.cadences, D(2027, 1, 11))
    assert [(e.cadence_id, e.area) for e in late if e.cadence_id == "sign_inspection"] == [("sign_inspection", "Hisingen")]
    entrances.record(entrances.places([gbg], area="Hisingen"), "inspected", D(2027, 1, 11))
    assert not [e for e in schedule.overdue(gbg, p.settings, cat.cadences, D(2027, 1, 11)) if e.cadence_id == "sign_inspection"]


def test_the_follow_up_plan_and_calendar_name_each_areas_round(cat, tmp_path):
    p = demo_portfolio()
    _goteborg_in_areas(p)
    written = export(p, tmp_path / "out", formats=("md", "ics"), today=D(2026, 11, 16))
    md = next(f for f in written if f.name == "follow-up.md").read_text(encoding="utf-8")
    ics = next(f for f in written if f.name == "follow-up.ics").read_text(encoding="utf-8")
    assert "Centrum, Göteborg" in md and "Hisingen, Göteborg" in md
    summaries = {line for line in ics.splitlines() if line.startswith("SUMMARY:Kontroll av skyltarna")}
    assert any("Centrum\\, Göteborg" in s for s in summaries) and any("Hisingen\\, Göteborg" in s for s in summaries)
