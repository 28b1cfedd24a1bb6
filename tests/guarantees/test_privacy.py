"""No case data: the model has no place for it, and what a person adds by hand never leaves the folder.

DESIGN.md: the program never holds information about individual cases,
victims or suspects. The model's fields are the whole of what it reads; a
key typed into a file by hand (say a tenant's name) is kept in that file,
as every unknown key is, but no export and no ``status`` output carries it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from support import run_cli
from wizard import model, privacy

# Every field the program reads and writes, reviewed for privacy: organisations, counts per role and per
# quarter, dates and statuses. A new field is a privacy decision: add it here only after that review.
REVIEWED = {
    "Company": {"name", "org_number", "security_contact", "decision_date"},
    "HuskurageContact": {"status", "date", "person", "notes", "model_studied"},
    "Sizing": {"reports_per_1000_apartments", "hours_handling", "hours_home_visit", "hours_follow_up",
               "home_visit_share", "peak_factor", "working_weeks"},
    "Advice": {"variant", "custom_steps", "child_concern", "tell_us", "reason", "custom_steps_en", "reason_en"},
    # The landlord's own service number and hours: organisational, printed for every tenant.
    "ReportingRoute": {"phone", "hours", "hours_en", "web"},
    # When the company called a national number; the note says how, never about a case.
    "NumberCheck": {"verified_on", "note"},
    # Who lent a logo: an organisation or a role ("Göteborgs stad, kommunikation"), and when.
    "LogoPermission": {"approved_by", "approved_on", "note"},
    "ActionPlan": {"wanted_commitment", "home_visits", "roles", "training_targets"},
    "ProgressEntry": {"status", "date", "note"},
    "HistoryEntry": {"at", "field", "old", "new"},
    "Settings": {"company", "reporting", "huskurage", "sizing", "advice", "action_plan", "cadences", "number_checks",
                 "progress", "history", "decision", "schema"},
    "Decision": {"cost_per_sign"},  # kronor per printed sign
    "Survey": {"date", "respondents", "yes"},  # a survey's respondents and percent answering yes per question: no answers
    # A partner's area: the stadsdel or lokalpolisområde it serves (an organisation's reach, never a tenant's home).
    "Partner": {"kind", "organisation", "phone", "hours", "email", "contact_person", "last_contact", "hours_en", "area"},
    "Sign": {"logos", "extra_lines", "languages", "permissions", "printed", "extra_lines_en", "printed_areas"},  # printed: a hash of the sign's text
    "Training": {"staff", "trained"},
    # sign_area: set only on the copy an area's own sign is made from (the area's name), never saved.
    "City": {"code", "name", "apartments", "entrances", "signs_up", "wave", "staff_hours_per_week",
             "duty_days_per_week", "training", "partners", "sign", "reporting", "progress", "reports", "handled_in_time",
             "surveys", "follow_ups", "history", "schema", "buildings", "typed_counts", "sign_area"},
    # The landlord's own stock, where signs hang (issue 14): ids, addresses, apartment counts and the dates a sign
    # went up, was inspected and a letter delivered. Never a tenant, never why anyone went there.
    "Building": {"id", "area", "designation", "address", "entrances"},
    "Entrance": {"label", "address", "apartments", "sign_placed", "inspected", "printed", "letter_delivered"},
    "Portfolio": {"settings", "cities"},
}


def test_the_model_holds_only_reviewed_fields_and_reports_are_counts_per_quarter():
    found = {
        name: {f.name for f in dataclasses.fields(cls)}
        for name, cls in vars(model).items()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
    }
    assert found == REVIEWED
    assert model.City.__dataclass_fields__["reports"].type == "dict[str, Count]"  # "2026-Q3" -> a count, nothing else
    assert model.City.__dataclass_fields__["handled_in_time"].type == "dict[str, Count]"  # of those, handled in time
    assert model.Count == int | float  # a number as the file holds it (check flags a fraction): never text
    assert model.Survey.__dataclass_fields__["yes"].type == "dict[str, float]"  # question id -> a percent


CASE = "Anna Andersson, lgh 1203, slag hördes 23.40"


def test_case_data_typed_into_a_file_by_hand_never_reaches_an_export_or_status(demo_dir, tmp_path):
    city = demo_dir / "cities" / "1480-goteborg.toml"
    text = city.read_text(encoding="utf-8")
    text = text.replace("[sign]\n", f'[sign]\narende = "{CASE}"\n', 1)
    text = text.replace('kind = "police"\n', f'kind = "police"\nanmalare = "{CASE}"\n', 1)
    text += f'\n[arenden.2026-11-20]\nbeskrivning = "{CASE}"\n'
    city.write_text(text, encoding="utf-8")
    company = demo_dir / "huskurage.toml"
    company.write_text(company.read_text(encoding="utf-8") + f'\n[egna_anteckningar]\nfall = "{CASE}"\n', encoding="utf-8")

    out = tmp_path / "out"
    done = run_cli("export", demo_dir, "--out", out)
    assert done.returncode == 0, done.stderr
    written = [p for p in out.rglob("*") if p.is_file()]
    assert len(written) >= 7
    for path in written:
        assert "Andersson" not in path.read_text(encoding="utf-8", errors="replace"), path
    status = run_cli("status", demo_dir, "--json")
    assert status.returncode == 0 and "Andersson" not in status.stdout
    json.loads(status.stdout)
    assert CASE in city.read_text(encoding="utf-8")  # and the person's own lines stay in their file


# ------------------------------------------------------------------ what the exports carry


def test_exports_and_status_carry_no_history_unless_asked_for(demo_dir, tmp_path):
    import tomllib

    from wizard.demo import demo_portfolio

    plain, full = tmp_path / "plain", tmp_path / "full"
    assert run_cli("export", demo_dir, "--out", plain, "--format", "md,toml").returncode == 0
    assert run_cli("export", demo_dir, "--out", full, "--format", "md,toml", "--with-history").returncode == 0
    plan = tomllib.loads((plain / "plan.toml").read_text(encoding="utf-8"))
    assert "history" not in plan and all("history" not in c for c in plan["cities"])
    assert "progress.place_signs.status" not in (plain / "progress.md").read_text(encoding="utf-8")
    plan = tomllib.loads((full / "plan.toml").read_text(encoding="utf-8"))
    demo = demo_portfolio()
    assert len(plan["history"]) == len(demo.settings.history)
    assert [len(c["history"]) for c in plan["cities"]] == [len(c.history) for c in demo.sorted_cities()]
    progress = (full / "progress.md").read_text(encoding="utf-8")
    assert "## Ändringar" in progress and "| 2026-05-22 | Stockholm | Sätt upp skylten i varje port: status | Pågår | Klar |" in progress
    assert "15:20" not in progress  # days, never times of day

    status = json.loads(run_cli("status", demo_dir, "--json").stdout)
    assert "history" not in status["portfolio"] and all("history" not in c for c in status["cities"])
    status = json.loads(run_cli("status", demo_dir, "--json", "--with-history").stdout)
    assert {"at": "2026-05-22T16:05:00", "field": "progress.place_signs.status", "old": "doing", "new": "done"} in status["cities"][0]["history"]
    assert len(status["portfolio"]["history"]) == len(demo.settings.history)


def test_report_counts_below_3_never_leave_the_security_function_in_the_progress_report():
    from wizard import documents
    from wizard.demo import demo_portfolio

    p = demo_portfolio()
    p.cities["0180"].reports = {"2026-Q3": 1, "2026-Q4": 7}
    p.cities["1480"].reports = {"2026-Q3": 2, "2026-Q4": 0}
    p.cities["0380"].reports = {"2026-Q3": 9}
    text = documents.render_progress(p, "sv", dt.date(2026, 11, 27), with_history=True)
    assert "2026-Q3: < 3, 2026-Q4: 7." in text and "2026-Q3: < 3, 2026-Q4: < 3." in text and "2026-Q3: 9." in text
    assert "| 2026-Q3 | 9–13 |" in text and "| 2026-Q4 | 7–9 |" in text


counts = st.lists(st.integers(0, 40), max_size=8)


@given(counts=counts, which=st.integers(0, 7), other=st.integers(0, privacy.SMALL_COUNT - 1))
@settings(max_examples=500, deadline=None)
def test_no_count_below_3_can_be_worked_out_from_what_is_shown(counts, which, other):
    """Whatever a withheld count is (0, 1 or 2), the shown count and every total it is part of read the same."""
    if not counts or not privacy.withheld(counts[which % len(counts)]):
        return
    changed = list(counts)
    changed[which % len(counts)] = other
    assert privacy.report_total(changed) == privacy.report_total(counts)
    assert privacy.report_count(other) == privacy.report_count(counts[which % len(counts)]) == "< 3"
