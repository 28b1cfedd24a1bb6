"""No case data: the model has no place for it, and what a person adds by hand never leaves the folder.

DESIGN.md: the program never holds information about individual cases,
victims or suspects. The model's fields are the whole of what it reads; a
key typed into a file by hand (say a tenant's name) is kept in that file,
as every unknown key is, but no export and no ``status`` output carries it.
"""

from __future__ import annotations

import dataclasses
import json

from support import run_cli
from wizard import model

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
    "Partner": {"kind", "organisation", "phone", "hours", "email", "contact_person", "last_contact", "hours_en"},
    "Sign": {"logos", "extra_lines", "languages", "permissions", "printed", "extra_lines_en"},  # printed: a hash of the sign's text
    "Training": {"staff", "trained"},
    "City": {"code", "name", "apartments", "entrances", "signs_up", "wave", "staff_hours_per_week",
             "duty_days_per_week", "training", "partners", "sign", "reporting", "progress", "reports", "handled_in_time",
             "surveys", "follow_ups", "history", "schema"},
    "Portfolio": {"settings", "cities"},
}


def test_the_model_holds_only_reviewed_fields_and_reports_are_counts_per_quarter():
    found = {
        name: {f.name for f in dataclasses.fields(cls)}
        for name, cls in vars(model).items()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
    }
    assert found == REVIEWED
    assert model.City.__dataclass_fields__["reports"].type == "dict[str, int]"  # "2026-Q3" -> a count, nothing else
    assert model.City.__dataclass_fields__["handled_in_time"].type == "dict[str, int]"  # of those, handled in time
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
