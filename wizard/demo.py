"""The built-in demo portfolio, mirroring the seed interview.

A landlord with housing in Stockholm, Göteborg and Uppsala that tells
neighbours to call the police first, promises to act on non-acute reports at
the latest the next working day, usually with a home visit, and is half-way
through the rollout: signs up everywhere in Stockholm and Göteborg, Uppsala
still going up.

Two years of history, so the yearly report for 2026 has a year before to
compare with (``tests/unit/test_report.py`` computes it by hand): 2025 is the
year before the rollout (a baseline customer survey in September, one first
contact with the police in Stockholm), 2026 the rollout year, its signs,
training and partner contacts dated in each city's history, its reports per
quarter with how many were handled in time, and a second survey.

Phone numbers: 112 and 114 14 are the real national numbers. Every local
number is from the series the Swedish Post and Telecom Authority (PTS) sets
aside for fiction (08-46 500 4xx, 031-390 06 xx, 070-17 406 xx), so a printed
demo sign can never send anyone to a real stranger's phone.

The property register (issue 14): every municipality's entrances in
buildings, made here by :func:`_register` so that they add up to the figures
the story tells (Stockholm 160 entrances and 2,400 apartments, Göteborg 210
and 3,100, Uppsala 90 and 1,200), and dated by :func:`_mark` as the
checklist and history have it: the signs up between the print and the day
``place_signs`` was done (Uppsala's first 34 entrances, the rest still
without), the letters where ``inform_tenants`` is done, Stockholm's
inspection round of its quality review half-way. Street names and property
designations are invented ("Demogatan 3"), never a real address.
"""

from __future__ import annotations

import datetime as dt

from wizard import entrances
from wizard.model import (
    ActionPlan,
    Advice,
    Building,
    City,
    Company,
    Entrance,
    HistoryEntry,
    HuskurageContact,
    LogoPermission,
    NumberCheck,
    Partner,
    Portfolio,
    ProgressEntry,
    ReportingRoute,
    Settings,
    Sign,
    Sizing,
    Survey,
    Training,
)

D = dt.date


# ------------------------------------------------------------------ placeholder logos

#: The marks Göteborg's adapted sign lists in its note (the seed's central Göteborg: Huskurage,
#: the police, the women's shelter, the disturbance service, the city), as plainly fake placeholders.
DEMO_LOGOS = {
    "logos/demo-huskurage.svg": "Huskurage",
    "logos/demo-polisen.svg": "Polisen",
    "logos/demo-kvinnojouren.svg": "Kvinnojouren",
    "logos/demo-storningsjouren.svg": "Störningsjouren",
    "logos/demo-staden.svg": "Staden",
}


def _placeholder_svg(name: str) -> bytes:
    """A grey dashed box that says DEMO and the organisation: nobody can take it for a real mark."""
    from xml.sax.saxutils import escape

    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="90" viewBox="0 0 300 90">'
        '<rect x="2" y="2" width="296" height="86" rx="6" fill="#f2f2f2" stroke="#777" stroke-width="3" stroke-dasharray="10 6"/>'
        '<text x="150" y="30" font-family="DejaVu Sans, sans-serif" font-size="16" fill="#555" '
        'text-anchor="middle">DEMO – inte en riktig logga</text>'
        '<text x="150" y="64" font-family="DejaVu Sans, sans-serif" font-size="24" font-weight="bold" '
        f'fill="#555" text-anchor="middle">{escape(name)}</text></svg>'
    ).encode("utf-8")


def demo_logos() -> dict[str, bytes]:
    """The demo's logo files by path inside the portfolio: ``huskurage init --demo`` writes them to ``logos/``."""
    return {path: _placeholder_svg(name) for path, name in DEMO_LOGOS.items()}


def _permissions(paths: list[str]) -> dict[str, LogoPermission]:
    note = "Platshållare i demon: byt mot den riktiga loggan och skriv in vem som godkände den."
    return {p: LogoPermission(approved_by="Demobostäder AB (demo)", approved_on=D(2026, 4, 28), note=note) for p in paths}


def _done(day: dt.date, note: str = "") -> ProgressEntry:
    return ProgressEntry("done", day, note)


def _history(*rows: tuple[str, str, str, str]) -> list[HistoryEntry]:
    return [HistoryEntry(dt.datetime.fromisoformat(at), field, old, new) for at, field, old, new in rows]


def demo_settings() -> Settings:
    return Settings(
        company=Company(
            name="Demobostäder AB",
            org_number="556677-8899",
            security_contact="Säkerhetsansvarig, säkerhet@demobostader.example",
            decision_date=D(2026, 3, 2),
        ),
        # Kundtjänst from PTS's fiction series, like every local number of the demo.
        reporting=ReportingRoute(
            phone="08-46 500 400", hours="vardagar 08–16", hours_en="weekdays 08–16", web="demobostader.example/trygghet"
        ),
        huskurage=HuskurageContact(
            status="cooperating",
            date=D(2026, 1, 20),
            person="Föreningen Huskurage, kontakt via huskurage.se",
            notes="Genomgång av modellen och skylten. Vi har valt att be grannarna ringa polisen först.",
            model_studied=True,
        ),
        sizing=Sizing(),
        # The demo company's own (invented) calls, so that its check is clean; the pilot lines for
        # men and trans people are not checked, so its signs leave them out (shared/domain.md §7).
        number_checks={
            nid: NumberCheck(D(2026, 11, 2), "Demo: påhittad kontroll – ring numren själva innan ni trycker.")
            for nid in ("emergency", "police_non_urgent", "womens_helpline", "perpetrator_helpline",
                        "children_helpline", "victim_helpline")
        },
        advice=Advice(
            variant="police_first",
            child_concern=True,
            tell_us=True,
            reason=(
                "Vi vill inte att någon ska bli angripen av en våldsverkare. "
                "Grannen ringer polisen först, ringer sedan på och går därefter in i sin egen lägenhet."
            ),
            reason_en=(
                "We do not want anyone to be attacked by the person using violence. "
                "The neighbour calls the police first, then rings the doorbell, then goes back into their own apartment."
            ),
        ),
        action_plan=ActionPlan(
            wanted_commitment="next_working_day",
            home_visits=True,
            training_targets={
                "customer_service": 100,
                "property_manager": 100,
                "caretaker": 80,
                "security_manager": 100,
                "disturbance_on_call": 100,
            },
        ),
        cadences={
            "nki_survey": 12,
            "huskurage_check_in": 6,
            "action_plan_review": 12,
            "training_refresh": 12,
            "partner_check_in": 6,
            "sign_inspection": 6,
            "quality_review": 12,
            "number_check": 6,
            "new_tenant_info_audit": 3,
        },
        progress={
            "contact_huskurage": _done(D(2026, 1, 20)),
            "study_model": _done(D(2026, 2, 10)),
            "management_decision": _done(D(2026, 3, 2), "Ledningsgruppens beslut."),
            "set_sizing": _done(D(2026, 3, 16)),
            "write_action_plan": _done(D(2026, 4, 14)),
            "review_advice": _done(D(2026, 3, 30), "Polisen först, sedan ringa på, sedan in i lägenheten."),
            "nki_safety_questions": ProgressEntry("doing", D(2026, 9, 1), "Trygghetsfrågor med i höstens NKI."),
            "huskurage_check_in": _done(D(2026, 10, 6)),
        },
        history=_history(
            ("2026-01-20T10:15:00", "progress.contact_huskurage.status", "todo", "done"),
            ("2026-03-02T14:00:00", "progress.management_decision.status", "todo", "done"),
            ("2026-04-14T09:30:00", "progress.write_action_plan.status", "doing", "done"),
        ),
    )


def _partners(city: str, area: str, fiction: list[str]) -> list[Partner]:
    """The five partner kinds the seed names, plus Huskurage; local numbers from PTS's fiction series."""
    return [
        Partner("police", f"Polisen, lokalpolisområde {area}", "114 14", "Dygnet runt", last_contact=D(2026, 9, 14),
                hours_en="Day and night"),
        Partner("social_services", f"Socialtjänsten, {city}", fiction[0], "Vardagar 08–16.30", last_contact=D(2026, 9, 2),
                hours_en="Weekdays 08–16.30"),
        Partner("social_services_out_of_hours", f"Socialjouren, {city}", "112", "Kvällar, nätter och helger via SOS Alarm",
                hours_en="Evenings, nights and weekends through SOS Alarm"),
        Partner("womens_shelter", f"Kvinnojouren i {city}", fiction[1], "Jourtelefon alla dagar", last_contact=D(2026, 8, 25),
                hours_en="Helpline every day"),
        Partner("disturbance_on_call", f"Störningsjouren {city}", fiction[2], "Kvällar och nätter", hours_en="Evenings and nights"),
        Partner("huskurage", "Föreningen Huskurage", "", "", email="info@huskurage.example", last_contact=D(2026, 10, 6)),
    ]


def _training(staff: dict[str, tuple[int, int]]) -> dict[str, Training]:
    return {role: Training(s, tr) for role, (s, tr) in staff.items()}


def _survey(day: dt.date, respondents: int, aware: int, knows: int, safe: int) -> Survey:
    """A customer survey's results (checklists/nki.toml): respondents and the percent answering yes."""
    return Survey(day, respondents, {"aware": aware, "knows_what_to_do": knows, "safe_stairwell": safe})


def _trained(at: str, counts: dict[str, int]) -> list[tuple[str, str, str, str]]:
    """History rows for staff trained, a minute apart, as the yearly report reads them (nobody trained before)."""
    start = dt.datetime.fromisoformat(at)
    return [
        ((start + dt.timedelta(minutes=i)).isoformat(), f"training.{role}.trained", "0", str(n))
        for i, (role, n) in enumerate(counts.items())
    ]


# ------------------------------------------------------------------ the property register

# Entrances per building, taken in turn (2 to 6), and apartments per entrance above or below the
# municipality's average, in pairs (one entrance +n, the next -n), so the totals come out exact.
_ENTRANCES = (3, 2, 4, 3, 5, 2, 6, 3, 4, 2)
_SPREAD = (2, 0, 3, 1, 3, 2, 1)


def _register(city: City, prefix: str, streets: dict[str, list[str]]) -> None:
    """``city``'s buildings, ``<prefix>-101`` on, filling its ``entrances`` and ``apartments`` exactly.

    ``streets`` names the invented streets of each area (``""``: a municipality
    not divided in areas); the buildings are shared out over the areas in
    turn, numbered along their street (odd side), entrances labelled A, B, C.
    """
    total, apartments = int(city.entrances), int(city.apartments)
    sizes: list[int] = []
    left = total
    while left > max(_ENTRANCES):
        sizes.append(min(_ENTRANCES[len(sizes) % len(_ENTRANCES)], left - 2))  # at least 2 left for the last one
        left -= sizes[-1]
    sizes.append(left)
    areas = list(streets)
    per_area = [sizes[i :: len(areas)] for i in range(len(areas))]
    i = 0  # the entrance's place in the municipality, for its apartments
    for area, area_sizes in zip(areas, per_area):
        for n, size in enumerate(area_sizes):
            street = streets[area][n % len(streets[area])]
            number = 2 * (n // len(streets[area])) + 1
            building = Building(
                f"{prefix}-{101 + len(city.buildings)}",
                area,
                designation=f"{city.name} Demo {len(city.buildings) + 1}:1",
                address=f"{street} {number}",
            )
            for label in "ABCDEF"[:size]:
                even = apartments * (i + 1) // total - apartments * i // total  # the average, shared out to the last one
                step = _SPREAD[(i // 2) % len(_SPREAD)] if i + 1 < total or i % 2 else 0
                building.entrances.append(Entrance(label, apartments=even + (step if i % 2 == 0 else -step)))
                i += 1
            city.buildings.append(building)
    city.count_buildings()


def _mark(city: City, field: str, first: dt.date, last: dt.date, places: list[entrances.Place] | None = None) -> None:
    """``field`` (``sign_placed``, ``letter_delivered``, ``inspected``) recorded for ``places`` (every entrance of
    ``city``), in the register's order, spread evenly over the working days from ``first`` to ``last``, as
    ``huskurage mark --entrance`` records it (a sign placed notes the printed sign's fingerprint)."""
    from wizard.schedule import is_working_day

    days = [first + dt.timedelta(n) for n in range((last - first).days + 1)]
    days = [d for d in days if is_working_day(d)]
    todo = entrances.places([city]) if places is None else places
    for n, day in enumerate(days):
        entrances.record(todo[n * len(todo) // len(days) : (n + 1) * len(todo) // len(days)], field, day)


def demo_cities() -> dict[str, City]:
    stockholm = City(
        code="0180",
        name="Stockholm",
        apartments=2400,
        entrances=160,
        signs_up=160,
        wave=0,
        staff_hours_per_week=6,
        duty_days_per_week=5,
        training=_training({"customer_service": (12, 12), "property_manager": (6, 6), "caretaker": (14, 11)}),
        partners=_partners("Stockholm", "Norrmalm", ["08-46 500 401", "08-46 500 402", "08-46 500 403"]),
        # Kvinnofridslinjen answers through interpreters (NCK; shared/domain.md §7): worth a line in a bilingual stock.
        sign=Sign(
            logos=(logos := ["logos/demo-huskurage.svg", "logos/demo-polisen.svg", "logos/demo-staden.svg"]),
            permissions=_permissions(logos),
            extra_lines=["Kvinnofridslinjen tar hjälp av tolk om du vill prata ett annat språk."],
            extra_lines_en=["Kvinnofridslinjen uses interpreters if you want to speak another language."],
            languages=["sv", "en"],
        ),
        progress={
            "fit_resources": _done(D(2026, 3, 16)),
            "train_staff": _done(D(2026, 4, 28)),
            "register_partners": _done(D(2026, 4, 21)),
            "partner_meeting": _done(D(2026, 9, 14)),
            "adapt_sign": _done(D(2026, 4, 30)),
            "print_signs": _done(D(2026, 5, 8)),
            "place_signs": _done(D(2026, 5, 22)),
            "inform_tenants": _done(D(2026, 5, 27), "Hemma hos-information i alla brevlådor."),
            "new_tenant_insert": _done(D(2026, 6, 1)),
            "quality_review": ProgressEntry("doing", D(2026, 11, 2)),
        },
        reports={"2026-Q2": 1, "2026-Q3": 3},
        handled_in_time={"2026-Q2": 1, "2026-Q3": 2},
        surveys=[_survey(D(2025, 9, 22), 310, 14, 22, 71), _survey(D(2026, 9, 21), 296, 46, 41, 78)],
        history=_history(
            *_trained("2026-04-28T15:00:00", {"customer_service": 12, "property_manager": 6, "caretaker": 11}),
            ("2026-05-22T16:00:00", "signs_up", "0", "160"),
            ("2026-05-22T16:05:00", "progress.place_signs.status", "doing", "done"),
            ("2026-05-27T11:40:00", "progress.inform_tenants.status", "todo", "done"),
            ("2026-09-14T10:00:00", "partners[0].last_contact", "2025-11-04", "2026-09-14"),
        ),
    )
    goteborg = City(
        code="1480",
        name="Göteborg",
        apartments=3100,
        entrances=210,
        signs_up=210,
        wave=1,
        staff_hours_per_week=8,
        duty_days_per_week=5,
        training=_training({"customer_service": (15, 13), "property_manager": (8, 8), "caretaker": (20, 12)}),
        partners=[
            *_partners("Göteborg", "Centrum", ["031-390 06 01", "031-390 06 02", "031-390 06 03"]),
            Partner("honour_violence", "Stödet mot hedersrelaterat våld, Göteborg", "031-390 06 04", "Vardagar 08–16.30",
                    hours_en="Weekdays 08–16.30"),
        ],
        sign=Sign(logos=list(DEMO_LOGOS), permissions=_permissions(list(DEMO_LOGOS)), languages=["sv"]),
        reporting=ReportingRoute(phone="031-390 06 00"),  # Göteborg has its own kundtjänst
        progress={
            "fit_resources": _done(D(2026, 3, 16)),
            "train_staff": ProgressEntry("doing", D(2026, 5, 4), "Fastighetsskötarna återstår."),
            "register_partners": _done(D(2026, 5, 5)),
            "partner_meeting": _done(D(2026, 8, 25)),
            "adapt_sign": _done(D(2026, 5, 12), "Loggor: Huskurage, polisen, kvinnojouren, störningsjouren, staden."),
            "print_signs": _done(D(2026, 5, 19)),
            "place_signs": _done(D(2026, 6, 12)),
            "inform_tenants": _done(D(2026, 6, 15)),
            "new_tenant_insert": ProgressEntry("doing", D(2026, 9, 1)),
        },
        reports={"2026-Q3": 2},
        handled_in_time={"2026-Q3": 2},
        surveys=[_survey(D(2025, 9, 22), 402, 11, 19, 68), _survey(D(2026, 9, 21), 388, 38, 35, 74)],
        history=_history(
            *_trained("2026-05-04T14:00:00", {"customer_service": 13, "property_manager": 8, "caretaker": 12}),
            ("2026-06-12T15:15:00", "signs_up", "0", "210"),
            ("2026-06-12T15:20:00", "progress.place_signs.status", "doing", "done"),
        ),
    )
    uppsala = City(
        code="0380",
        name="Uppsala",
        apartments=1200,
        entrances=90,
        signs_up=34,
        wave=2,
        staff_hours_per_week=4,
        duty_days_per_week=5,
        training=_training({"customer_service": (5, 2), "property_manager": (3, 1), "caretaker": (7, 0)}),
        partners=[
            p
            for p in _partners("Uppsala", "Uppsala", ["070-17 406 01", "070-17 406 02", "070-17 406 03"])
            if p.kind != "disturbance_on_call"
        ],
        sign=Sign(
            logos=(logos := ["logos/demo-huskurage.svg", "logos/demo-polisen.svg"]),
            permissions=_permissions(logos),
            languages=["sv"],
        ),
        progress={
            "fit_resources": _done(D(2026, 9, 7)),
            "train_staff": ProgressEntry("doing", D(2026, 10, 12)),
            "register_partners": ProgressEntry("doing", D(2026, 10, 5), "Störningsjour upphandlas."),
            "adapt_sign": _done(D(2026, 10, 20)),
            "print_signs": _done(D(2026, 10, 28)),
            "place_signs": ProgressEntry("doing", D(2026, 11, 9), "34 av 90 portar klara."),
        },
        surveys=[_survey(D(2025, 9, 22), 151, 9, 18, 73), _survey(D(2026, 9, 21), 147, 12, 20, 72)],
        history=_history(
            *_trained("2026-10-12T09:00:00", {"customer_service": 2, "property_manager": 1}),
            ("2026-11-09T12:55:00", "signs_up", "0", "34"),
            ("2026-11-09T13:00:00", "progress.place_signs.status", "todo", "doing"),
        ),
    )
    _register(stockholm, "S", {"Vasastan": ["Demogatan", "Exempelvägen"], "Kungsholmen": ["Provgatan"],
                               "Östermalm": ["Påhittsgatan", "Låtsasgränd"]})
    _mark(stockholm, "sign_placed", D(2026, 5, 11), D(2026, 5, 22))
    _mark(stockholm, "letter_delivered", D(2026, 5, 25), D(2026, 5, 27))
    # The quality review's inspection round, under way: Vasastan and Kungsholmen done, Östermalm's (overdue) to come.
    seen = [p for p in entrances.places([stockholm]) if p.building.area != "Östermalm"]
    _mark(stockholm, "inspected", D(2026, 11, 2), D(2026, 11, 6), seen)
    _register(goteborg, "G", {"": ["Demogatan", "Exempelgatan", "Provvägen"]})
    _mark(goteborg, "sign_placed", D(2026, 5, 20), D(2026, 6, 12))
    _mark(goteborg, "letter_delivered", D(2026, 6, 12), D(2026, 6, 15))
    _register(uppsala, "U", {"": ["Demogatan", "Exempelgatan"]})
    _mark(uppsala, "sign_placed", D(2026, 10, 28), D(2026, 11, 9), entrances.places([uppsala])[:34])  # "34 av 90 portar klara"
    return {c.code: c for c in (stockholm, uppsala, goteborg)}


def demo_portfolio() -> Portfolio:
    return Portfolio(settings=demo_settings(), cities=demo_cities())
