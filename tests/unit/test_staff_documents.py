"""What staff and the board read: the action plan's call scripts and special cases, the home visit, the decision paper.

Each test reads a document as the person it is for would: a role's own
script, the section on home visits, the board's paper.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from wizard import catalog as catalog_module
from wizard.demo import demo_portfolio
from wizard.documents import render_action_plan, render_decision
from wizard.model import Partner, Training

TODAY = dt.date(2026, 11, 16)
CAT = catalog_module.load()


def _section(text: str, heading: str) -> str:
    """From ``heading`` to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = text.index(heading + "\n")
    following = re.compile(rf"^#{{1,{len(level)}}} ", re.M)
    m = following.search(text, start + len(heading))
    return text[start : m.start() if m else len(text)]


@pytest.fixture(scope="module", params=["sv", "en"])
def plan(request) -> tuple[str, str]:
    return request.param, render_action_plan(demo_portfolio(), request.param, TODAY)


def _script(lang: str, text: str, role_id: str) -> str:
    return _section(text, f"### {CAT.role(role_id).name(lang)}")


@pytest.mark.parametrize("case", CAT.script.cases, ids=lambda c: c.id)
def test_each_special_case_is_in_the_script_of_every_role_that_needs_it(plan, case):
    lang, text = plan
    for role in CAT.roles:
        script = _script(lang, text, role.id)
        assert (case.title(lang) in script) == (role.id in case.roles), (role.id, case.id)
    cases = _section(text, f"## 7. {'Särskilda fall' if lang == 'sv' else 'Special cases'}")
    detail = _section(cases, f"### {case.title(lang)}")
    for step in case.steps:
        assert step(lang) in detail


def test_the_cases_say_what_the_issue_asks_for(plan):
    lang, text = plan
    if lang != "sv":
        return
    victim = _section(text, "### Den som hör av sig är själv utsatt")
    for words in ("Kvinnofridslinjen: 020-50 50 50", "Kvinno- eller tjejjour", "Socialtjänsten", "byta lås", "byte till en annan lägenhet", "hyran när en partner flyttar ut"):
        assert words in victim
    honour = _section(text, "### Hedersrelaterat våld och förtryck")
    assert "Resurs mot hedersrelaterat våld och förtryck" in honour and "där kommunen har en" in honour
    # Only Göteborg has the resource: the referral says so rather than sending Stockholm's staff to look for it.
    assert "Resurs mot hedersrelaterat våld och förtryck: det lokala numret där kommunen har ett (Göteborg)" in honour
    assert "Socialtjänsten: det lokala numret, under kommunen i avsnitt 9" in honour  # every municipality has one
    child = _section(text, "### Ett barn kan fara illa")
    assert "orosanmälan" in child and "BRIS (för barn och unga under 18 år): 116 111" in child
    assert not re.search(r"\d+\s*kap\.|§", text)  # no paragraph of the Social Services Act is cited


def test_every_role_that_takes_reports_has_a_whole_call_script(plan):
    lang, text = plan
    for role in CAT.roles:
        script = _script(lang, text, role.id)
        assert role.acute(lang) in script and role.non_acute(lang) in script
        if role.ask:
            for line in (*role.ask, *role.call_112, *CAT.script.never_write):
                assert line(lang) in script
            assert ("avsnitt 9" if lang == "sv" else "section 9") in script


def test_which_number_depends_on_the_time_of_day_per_municipality(plan):
    lang, text = plan
    if lang != "sv":
        return
    stockholm = _section(text, "### Stockholm (0180)")
    assert "| När det pågår | Nödnummer (SOS Alarm) | 112 | Dygnet runt |" in stockholm
    assert "| Dagtid på vardagar | Socialtjänsten, Stockholm | 08-46 500 401 | Vardagar 08–16.30 |" in stockholm
    assert "| Kvällar, nätter och helger | Socialjouren, Stockholm | 112 | Kvällar, nätter och helger via SOS Alarm |" in stockholm
    assert "|  | Störningsjouren Stockholm | 08-46 500 403 | Kvällar och nätter |" in stockholm
    goteborg = _section(text, "### Göteborg (1480)")
    assert "Stödet mot hedersrelaterat våld, Göteborg | 031-390 06 04" in goteborg


def test_no_after_hours_route_is_said_in_the_table():
    p = demo_portfolio()
    uppsala = p.cities["0380"]
    uppsala.partners = [x for x in uppsala.partners if x.kind != "social_services_out_of_hours"]
    text = _section(render_action_plan(p, "sv", TODAY), "### Uppsala (0380)")
    assert "| Kvällar, nätter och helger | **Ingen registrerad: akut 112, annars nästa arbetsdag** | – | – |" in text
    assert "det saknas en väg efter kontorstid (socialjouren och störningsjour)" in text


def test_section_4_speaks_to_the_reporter_and_the_home_visit_apart(plan):
    lang, text = plan
    headings = ("### Till den som hörde av sig", "### Vid hembesöket") if lang == "sv" else ("### To the person who reported it", "### At the home visit")
    reporter, visit = (_section(text, h) for h in headings)
    assert ("nästa gång" if lang == "sv" else "next time") in reporter
    # Nothing in the home visit part can be read as telling the visited household what to do next time.
    assert not re.search(r"nästa gång|next time|hyresgäst|tenant", visit, re.I)
    for step in CAT.script.home_visit:
        assert step(lang) in visit
    assert "020-50 50 50" in visit
    # A child at risk: the reporter hears that the company reports it and that they may too, anonymously (domain.md §2).
    assert ("bolaget gör en orosanmälan" if lang == "sv" else "the company makes a report of concern") in reporter
    assert ("även anonymt" if lang == "sv" else "even anonymously") in reporter


def test_the_sizing_verdict_is_qualified_where_more_than_hours_is_missing(plan):
    lang, text = plan
    if lang == "sv":
        assert "Uppsala: personalen hinner hålla åtagandet ”senast nästa arbetsdag”, men det saknas en väg efter kontorstid (störningsjour)" in text
    else:
        assert "Uppsala: the staff time suffices for the commitment “at the latest the next working day”, but a route after office hours is missing" in text


def test_a_municipality_with_nothing_missing_gets_the_plain_verdict():
    p = demo_portfolio()
    gbg = p.cities["1480"]
    gbg.training = {role: Training(4, 4) for role in ("customer_service", "property_manager", "caretaker")}
    text = _section(render_action_plan(p, "sv", TODAY), "### Göteborg (1480)")
    assert "Göteborg: personalen kan hålla åtagandet ”senast nästa arbetsdag”." in text
    gbg.partners = [x for x in gbg.partners if x.kind != "womens_shelter"]
    text = _section(render_action_plan(p, "sv", TODAY), "### Göteborg (1480)")
    assert "men kvinno- eller tjejjour saknas bland samarbetspartnerna." in text


# ------------------------------------------------------------------ the decision paper


def test_before_the_decision_it_is_a_proposal_with_room_to_sign():
    p = demo_portfolio()
    p.settings.company.decision_date = None
    text = render_decision(p, "sv", TODAY)
    assert text.startswith("# Beslutsunderlag: Huskurage hos Demobostäder AB")
    assert "**Förslag:**" in text and "Underskrift:" in text


def test_once_decided_it_is_the_record_of_the_decision():
    text = render_decision(demo_portfolio(), "sv", TODAY)
    assert text.startswith("# Beslut: Huskurage hos Demobostäder AB")
    assert "**Beslutat 2026-03-02:**" in text and "Demobostäder AB beslutade 2026-03-02" in text
    assert "Underskrift" not in text


def test_the_print_run_is_one_sign_per_entrance_at_the_cost_entered():
    p = demo_portfolio()
    text = render_decision(p, "sv", TODAY)
    assert "| **Totalt** | **460** | **–** |" in text and "guidens steg 1, Företaget" in text
    assert "huskurage.toml" not in text  # the board reads no file names
    p.settings.decision.cost_per_sign = 35
    text = render_decision(p, "sv", TODAY)
    assert "| Stockholm | 160 | 5 600 kr |" in text  # 160 entrances × 35 kr
    assert "| **Totalt** | **460** | **16 100 kr** |" in text


def test_the_board_reads_the_objections_with_their_sources():
    text = render_decision(demo_portfolio(), "sv", TODAY)
    for c in CAT.criticism:
        assert c.text("sv") in text and f"]({c.source})" in text  # named by its site, the whole address the link
    assert "([mobil.vt.se](https://mobil.vt.se/" in text and "([bra.se](https://bra.se/" in text
    assert "det farligaste ögonblicket" in text and "Kvartal" in text


def test_the_training_plan_counts_who_is_still_to_train():
    text = render_decision(demo_portfolio(), "sv", TODAY)
    # caretakers: 80 % of 41 is 32.8, so 33 must be trained; 23 are: 10 to go.
    assert "| Bovärd / fastighetsskötare | 80 % | 41 | 23 | 10 |" in text


def test_the_decision_paper_carries_no_case_data_and_no_notes():
    p = demo_portfolio()
    p.cities["1480"].partners.append(Partner("other", "Anna Andersson", "070-17 406 99"))
    text = render_decision(p, "sv", TODAY) + render_decision(p, "en", TODAY)
    notes = [e.note for c in p.cities.values() for e in c.progress.values() if e.note]
    assert not [n for n in notes if n in text] and "Anna Andersson" not in text


def test_the_board_sees_where_the_commitment_cannot_be_kept_and_what_to_fix():
    p = demo_portfolio()
    p.cities["0380"].staff_hours_per_week = 0.1  # far below the 0.6 hours a week Uppsala's cases need
    text = render_decision(p, "sv", TODAY)
    row = next(line for line in text.splitlines() if line.startswith("| Uppsala |"))
    assert "inget ⚠" in row and "Det saknas en väg efter kontorstid (störningsjour)" in row
    assert "⚠ Här räcker inte bemanningen till ”senast nästa arbetsdag”" in text
    assert "⚠" not in next(line for line in text.splitlines() if line.startswith("| Stockholm |"))


def test_the_hours_are_those_set_aside_and_one_municipality_is_named():
    text = render_decision(demo_portfolio(), "sv", TODAY)
    assert "avsätter bolaget 18,0 timmar personaltid per vecka sammanlagt" in text  # 6 + 4 + 8 set aside
    assert "i 3 kommuner, 6 700 lägenheter och 460 portar, i etapper enligt nedan," in text
    p = demo_portfolio()
    for code in ("0180", "1480"):
        del p.cities[code]
    text = render_decision(p, "en", TODAY)
    assert "in Uppsala, 1,200 apartments and 90 entrances, and sets aside" in text
    assert "The whole rollout is one wave." in text and "pilot area" not in text
    p.cities["0380"].wave = 0
    p.settings.company.decision_date = None
    assert "Proposal:** Demobostäder AB introduces Huskurage" in render_decision(p, "en", TODAY)


def test_a_local_resource_no_municipality_has_is_not_pointed_to():
    p = demo_portfolio()
    p.cities["1480"].partners = [x for x in p.cities["1480"].partners if x.kind != "honour_violence"]
    text = render_action_plan(p, "en", TODAY)
    assert "Resource against honour-related violence and oppression: no municipality has one registered yet" in text
