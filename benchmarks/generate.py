"""Write a synthetic portfolio over Sweden's real municipalities, for benchmarks and tests.

    python benchmarks/generate.py DIR --cities 290 [--seed 1] [--buildings 30000 [--register FILE.csv]]

``--cities 290`` covers every municipality; fewer take the first N by
kommunkod, so a smaller portfolio is a prefix of a larger one with the same
seed (each city's data depends only on the seed and its code). Every city has
8 partners (the 5 kinds expected everywhere and 3 more), a status on every
city-level checklist item, exactly 20 history rows, training counts by role,
report counts per quarter, entrances and signs consistent with its progress.
The company file is the demo's (``wizard.demo.demo_settings()``).

``--buildings N`` gives the landlord N apartments in buildings (issue 14): shared
out over the municipalities by their size, about 5 apartments an entrance and
2.4 entrances a building (30,000 apartments: about 2,500 buildings and 6,000
entrances), each municipality's signs and letters as its progress says; the
cities' other data stays as without it. ``--register FILE.csv`` also writes
them as the property register ``huskurage import`` reads (``;``, UTF-8 with BOM).
Addresses are fiction (``Exempelgatan``).

The files are written by ``wizard.store.init``: byte for byte what the program
itself writes. Same seed, same files. Dates lie between 2024-11 and
``ANCHOR`` and are fixed, so nothing depends on today's date.

Privacy holds here too: partners are organisations, reports are counts, and
every local number is from the Swedish Post and Telecom Authority's series
for fiction (070-17 406 xx), so a generated sign never dials a real stranger.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout without an installed wizard
    sys.path.insert(0, str(ROOT))

from wizard import history, model  # noqa: E402

ANCHOR = dt.date(2026, 10, 30)  # the latest date anything in a generated portfolio carries
HISTORY_ROWS = 20
PARTNERS = 8
ALL = 290
DEFAULT_SEED = 1

#: Larger municipalities get more apartments (a landlord is big where people live).
_BIG = {"0180": 12.0, "1480": 9.0, "1280": 7.0, "0380": 4.0, "0580": 3.0, "1880": 3.0, "0680": 2.5, "2480": 2.5}

_ROLE_STAFF = {  # role -> apartments per person (at least one)
    "customer_service": 350,
    "property_manager": 500,
    "caretaker": 140,
    "security_manager": 20_000,
    "disturbance_on_call": 1_500,
}


def _fiction_number(rng: random.Random) -> str:
    return f"070-17 406 {rng.randrange(100):02d}"


def _genitive(name: str) -> str:
    """Swedish genitive: ``Umeå`` -> ``Umeås``, but ``Västerås`` stays ``Västerås``."""
    return name if name[-1] in "sxzSXZ" else name + "s"


def _partners(rng: random.Random, name: str, slug: str, expected: list[str], optional: list[str]) -> list[model.Partner]:
    def last() -> dt.date:
        return ANCHOR - dt.timedelta(days=rng.randrange(10, 400))

    org = {
        "police": (f"Polisen, lokalpolisområde {name}", "114 14", "Dygnet runt"),
        "social_services": (f"Socialtjänsten, {_genitive(name)} kommun", _fiction_number(rng), "Vardagar 08–16.30"),
        "social_services_out_of_hours": (f"Socialjouren, {name}", "112", "Kvällar, nätter och helger via SOS Alarm"),
        "womens_shelter": (f"Kvinnojouren i {name}", _fiction_number(rng), "Jourtelefon alla dagar"),
        "disturbance_on_call": (f"Störningsjouren {name}", _fiction_number(rng), "Kvällar och nätter"),
        "victim_support": (f"Brottsofferjouren {name}", _fiction_number(rng), "Vardagar 09–15"),
        "tenants_association": (f"Hyresgästföreningen, region {name}", _fiction_number(rng), "Vardagar"),
        "municipality": (f"{_genitive(name)} kommun, trygghetssamordnare", _fiction_number(rng), "Vardagar 08–16"),
        "huskurage": ("Föreningen Huskurage", "", ""),
    }
    kinds = expected + rng.sample(optional, PARTNERS - len(expected))
    out = []
    for kind in kinds:
        organisation, phone, hours = org[kind]
        out.append(
            model.Partner(
                kind=kind,
                organisation=organisation,
                phone=phone,
                hours=hours,
                email=f"{kind.replace('_', '-')}@{slug}.example" if rng.random() < 0.6 else "",
                contact_person="Samordnare" if rng.random() < 0.3 else "",
                last_contact=last() if rng.random() < 0.8 else None,
            )
        )
    return out


def _progress(rng: random.Random, items: list[str]) -> dict[str, model.ProgressEntry]:
    """Items in checklist order: a prefix done (dated in order), the next one doing, the rest todo."""
    done = min(len(items), int(rng.triangular(0, len(items) + 1, len(items) * 0.6)))
    day = ANCHOR - dt.timedelta(days=rng.randrange(420, 700))
    out: dict[str, model.ProgressEntry] = {}
    for i, item in enumerate(items):
        if i < done:
            day += dt.timedelta(days=rng.randrange(3, 40))
            status = "skipped" if item == "partner_meeting" and rng.random() < 0.05 else "done"
            out[item] = model.ProgressEntry(status, min(day, ANCHOR), "")
        elif i == done:
            day += dt.timedelta(days=rng.randrange(1, 20))
            out[item] = model.ProgressEntry("doing", min(day, ANCHOR), "Pågår." if rng.random() < 0.5 else "")
        else:
            out[item] = model.ProgressEntry("todo")
    # The seed's rule: tenants are informed only once the signs are up.
    placed, informed = out.get("place_signs"), out.get("inform_tenants")
    if placed and informed and informed.status in ("doing", "done") and placed.status != "done":
        out["inform_tenants"] = model.ProgressEntry("todo")
    if "inform_tenants" in out and out["inform_tenants"].status == "done":
        out["inform_tenants"].note = "Hemma hos-information i alla brevlådor."
    return out


def _history(
    rng: random.Random,
    progress: dict[str, model.ProgressEntry],
    partners: list[model.Partner],
    reports: dict[str, int],
    entrances: int,
) -> list[model.HistoryEntry]:
    """Exactly HISTORY_ROWS dated changes in time order, drawn from what the city's data says happened."""
    rows: list[tuple[dt.datetime | dt.date, str, str, str]] = []

    def at(day: dt.date, first_hour: int = 7, last_hour: int = 17) -> dt.datetime:
        return dt.datetime.combine(min(day, ANCHOR), dt.time(rng.randrange(first_hour, last_hour + 1), rng.randrange(60)))

    previous: dt.date | None = None  # work on an item starts once the one before it is done
    for item, e in progress.items():
        if e.date is None:
            continue
        started = e.date - dt.timedelta(days=rng.randrange(1, 15))
        if previous:
            started = min(e.date, max(started, previous + dt.timedelta(days=1)))
        rows.append((at(started, 7, 11), f"progress.{item}.status", "todo", "doing"))
        if e.status in ("done", "skipped"):
            rows.append((at(e.date, 12, 17), f"progress.{item}.status", "doing", e.status))
        previous = e.date
    printed, placed = progress.get("print_signs"), progress.get("place_signs")
    if printed and printed.date and placed and placed.date and placed.status in ("doing", "done"):
        span = max(1, (placed.date - printed.date).days)
        up = 0
        for step in range(1, 4):  # the signs go up in a few rounds
            new = entrances * step // 4
            rows.append((at(printed.date + dt.timedelta(days=span * step // 4)), "signs_up", str(up), str(new)))
            up = new
    for i, p in enumerate(partners):
        if p.last_contact:
            rows.append((at(p.last_contact), f"partners[{i}].last_contact", "", p.last_contact.isoformat()))
    for quarter, count in reports.items():  # entered after the quarter, dated by the quarter of entry alone
        year, q = int(quarter[:4]), int(quarter[-1])
        end = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
        rows.append((history.quarter_start(min(end, ANCHOR)), f"reports.{quarter}", "", str(count)))
    day = ANCHOR - dt.timedelta(days=720)
    while len(rows) < HISTORY_ROWS:  # earlier check-ins with partners
        day += dt.timedelta(days=rng.randrange(5, 30))
        rows.append((at(day), f"partners[{rng.randrange(len(partners))}].last_contact", "", day.isoformat()))
    rows.sort(key=lambda r: (model.instant(r[0]), r[1:]))
    return [model.HistoryEntry(a, f, o, n) for a, f, o, n in rows[-HISTORY_ROWS:]]


def _quarters(last: dt.date, n: int) -> list[str]:
    year, q = last.year, (last.month - 1) // 3 + 1
    out = []
    for _ in range(n):
        out.append(f"{year}-Q{q}")
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return out[::-1]


def make_city(seed: int, code: str, name: str, items: list[str], expected: list[str], optional: list[str]) -> model.City:
    rng = random.Random(f"{seed}:{code}")
    slug = model.slug(name)
    apartments = int(min(60_000, max(60, rng.lognormvariate(6.9, 0.9) * _BIG.get(code, 1.0))))
    entrances = max(1, round(apartments / rng.uniform(8, 18)))
    progress = _progress(rng, items)
    placed = progress.get("place_signs")
    if placed and placed.status == "done":
        signs_up = entrances
    elif placed and placed.status == "doing":
        signs_up = rng.randrange(0, entrances + 1)
    else:
        signs_up = 0
    done = sum(e.status == "done" for e in progress.values())
    wave = 0 if done >= 9 and rng.random() < 0.3 else 1 if done >= 7 else 2 if done >= 4 else 3
    sizing = model.Sizing()
    per_case = sizing.hours_handling + sizing.home_visit_share * sizing.hours_home_visit + sizing.hours_follow_up
    need = apartments * sizing.reports_per_1000_apartments / 1000 * per_case * sizing.peak_factor / sizing.working_weeks
    trained_share = {"done": 1.0, "doing": rng.uniform(0.3, 0.9)}.get(progress.get("train_staff", model.ProgressEntry()).status, 0.0)
    training = {}
    for role, per in _ROLE_STAFF.items():
        staff = max(1, round(apartments / per * rng.uniform(0.7, 1.3)))
        training[role] = model.Training(staff, min(staff, round(staff * trained_share)))
    rate = apartments * sizing.reports_per_1000_apartments / 1000 / 4
    completed = _quarters(ANCHOR, 7)[:-1]  # the six quarters before the one ANCHOR is in
    reports = {q: max(0, round(rng.gauss(rate, max(0.5, rate**0.5)))) for q in completed}
    partners = _partners(rng, name, slug, expected, optional)
    return model.City(
        code=code,
        name=name,
        apartments=apartments,
        entrances=entrances,
        signs_up=signs_up,
        wave=wave,
        staff_hours_per_week=max(1.0, round(need * rng.uniform(0.6, 2.0) * 2) / 2),
        duty_days_per_week=5 if rng.random() < 0.9 else 4,
        training=training,
        partners=partners,
        sign=model.Sign(
            logos=[],
            extra_lines=[f"Frågor? Ring vår kundtjänst {_fiction_number(rng)}."] if rng.random() < 0.7 else [],
            languages=["sv", "en"] if rng.random() < 0.25 else ["sv"],
        ),
        progress=progress,
        reports=reports,
        history=_history(rng, progress, partners, reports, entrances),
    )


def add_buildings(portfolio: model.Portfolio, apartments: int, seed: int = DEFAULT_SEED) -> None:
    """``apartments`` apartments in buildings, shared out over the portfolio's municipalities by their size."""
    cities = [portfolio.cities[code] for code in sorted(portfolio.cities)]
    weight = sum(c.apartments for c in cities)
    for city in cities:
        rng = random.Random(f"{seed}:{city.code}:buildings")
        left = round(apartments * city.apartments / weight)
        areas = [f"Område {i + 1}" for i in range(1 + left // 3000)]
        placed, informed = city.progress.get("place_signs"), city.progress.get("inform_tenants")
        n = 0
        while left > 0:
            n += 1
            building = model.Building(f"{city.code}-{n:04d}", rng.choice(areas), address=f"Exempelgatan {n}")
            for label in "ABCDEF"[: rng.choice((1, 2, 2, 3, 3, 3, 4))]:
                size = min(left, rng.randint(3, 8))
                left -= size
                sign = placed.date if placed and (placed.status == "done" or (placed.status == "doing" and rng.random() < 0.5)) else None
                letter = informed.date if sign and informed and informed.status == "done" else None
                building.entrances.append(model.Entrance(label, apartments=size, sign_placed=sign, letter_delivered=letter))
                if not left:
                    break
            city.buildings.append(building)
        city.count_buildings()


def write_register(portfolio: model.Portfolio, path: Path) -> int:
    """The buildings as the property register ``huskurage import`` reads; the number of rows."""
    import csv

    rows = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, delimiter=";", lineterminator="\r\n")
        out.writerow(["Kommun", "Område", "Fastighet", "Adress", "Port", "Lägenheter"])
        for code in sorted(portfolio.cities):
            for b in portfolio.cities[code].buildings:
                for e in b.entrances:
                    out.writerow([code, b.area, b.id, b.address, e.label, e.apartments])
                    rows += 1
    return rows


def build_portfolio(cities: int, seed: int = DEFAULT_SEED) -> model.Portfolio:
    """The portfolio in memory: the first ``cities`` municipalities by code (all 290 at most)."""
    from wizard import catalog as catalog_mod
    from wizard.demo import demo_settings

    catalog = catalog_mod.load()
    munis = sorted(catalog.municipalities.values(), key=lambda m: m.code)
    if not 1 <= cities <= len(munis):
        raise ValueError(f"--cities must be 1..{len(munis)}, got {cities}")
    items = [i.id for i in catalog.items("city")]
    expected = [k.id for k in catalog.partner_kinds if k.expected]
    # The kinds the generated portfolio has always drawn from, so its cities (and the snapshots of them) stay the same.
    optional = [k.id for k in catalog.partner_kinds if not k.expected and k.id not in ("other", "honour_violence")]
    portfolio = model.Portfolio(settings=demo_settings())
    for m in munis[:cities]:
        portfolio.cities[m.code] = make_city(seed, m.code, m.name, items, expected, optional)
    return portfolio


def generate(root: Path, cities: int, seed: int = DEFAULT_SEED, buildings: int = 0, register: Path | None = None) -> model.Portfolio:
    """Build the portfolio and write it to ``root`` (which must not hold a portfolio yet)."""
    from wizard import store

    portfolio = build_portfolio(cities, seed)
    if buildings:
        add_buildings(portfolio, buildings, seed)
        if register is not None:
            write_register(portfolio, register)
    store.init(root, portfolio)
    return portfolio


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="generate.py", description=__doc__.split("\n\n")[0])
    p.add_argument("dir", type=Path, help="the portfolio folder to create")
    p.add_argument("--cities", type=int, default=ALL, help=f"number of municipalities, 1..{ALL} (default {ALL}: all)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    p.add_argument("--buildings", type=int, default=0, metavar="APARTMENTS", help="apartments in buildings and entrances")
    p.add_argument("--register", type=Path, help="with --buildings: also write them as a register CSV for huskurage import")
    args = p.parse_args(argv)
    from wizard.store import StoreError

    try:
        portfolio = generate(args.dir, args.cities, args.seed, args.buildings, args.register)
    except StoreError as e:
        print(e.message, file=sys.stderr)
        return 2
    except ValueError as e:
        p.error(str(e))
    print(f"{args.dir}: {len(portfolio.cities)} municipalities, seed {args.seed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
