"""Step 1: who is rolling out Huskurage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult

from wizard import validation
from wizard.i18n import t
from wizard.tui.steps.base import Step
from wizard.tui.tcss import beside
from wizard.tui.widgets.fields import FieldInput, FormField, assign, date_input, float_input, show_date, show_number, text_input

if TYPE_CHECKING:
    from wizard.model import Portfolio
    from wizard.validation import Finding


ROUTE_FIELDS = ("phone", "hours", "hours_en", "web")  # model.ReportingRoute, each an input "reporting_<field>"

class CompanyStep(Step):
    DEFAULT_CSS = beside(__file__)

    def compose_form(self) -> ComposeResult:
        yield FormField(t("tui.company.name"), text_input(id="name", required=True), id="f-name")
        yield FormField(
            t("tui.company.org_number"),
            text_input(id="org_number", placeholder="556677-8899", rule=validation.org_number, max_length=15),
            hint=t("tui.company.org_number_hint"),
            id="f-org_number",
        )
        yield FormField(
            t("tui.company.security_contact"),
            text_input(id="security_contact"),
            hint=t("tui.company.security_contact_hint"),
            id="f-security_contact",
        )
        yield FormField(
            t("tui.company.decision_date"),
            date_input(id="decision_date"),
            hint=t("tui.company.decision_date_hint"),
            id="f-decision_date",
        )
        yield FormField(
            t("tui.company.cost_per_sign"),
            float_input(id="cost_per_sign", rule=validation.COST_PER_SIGN),
            hint=t("tui.company.cost_per_sign_hint"),
            id="f-cost_per_sign",
        )
        yield FormField(
            t("tui.company.reporting_phone"),
            text_input(id="reporting_phone", phone=True, placeholder="08-123 456 00", rule=validation.phone, max_length=30),
            hint=t("tui.company.reporting_phone_hint"),
            id="f-reporting_phone",
        )
        yield FormField(
            t("tui.company.reporting_hours"),
            text_input(id="reporting_hours"),
            hint=t("tui.company.reporting_hours_hint"),
            id="f-reporting_hours",
        )
        yield FormField(
            t("tui.company.reporting_hours_en"),
            text_input(id="reporting_hours_en"),
            hint=t("tui.company.reporting_hours_en_hint"),
            id="f-reporting_hours_en",
        )
        yield FormField(t("tui.company.reporting_web"), text_input(id="reporting_web"), id="f-reporting_web")

    def load_fields(self, portfolio: "Portfolio") -> None:
        c = portfolio.settings.company
        self.query_one("#name", FieldInput).value = c.name
        self.query_one("#org_number", FieldInput).value = c.org_number
        self.query_one("#security_contact", FieldInput).value = c.security_contact
        self.query_one("#decision_date", FieldInput).value = show_date(c.decision_date)
        self.query_one("#cost_per_sign", FieldInput).value = show_number(portfolio.settings.decision.cost_per_sign)
        r = portfolio.settings.reporting
        for key in ROUTE_FIELDS:
            self.query_one(f"#reporting_{key}", FieldInput).value = getattr(r, key)

    def write_fields(self, portfolio: "Portfolio") -> None:
        c = portfolio.settings.company
        # A text that does not parse, or that the case-data guard refuses, leaves the model's text as it was.
        for key in ("name", "org_number", "security_contact"):
            widget = self.query_one(f"#{key}", FieldInput)
            if widget.parses():
                setattr(c, key, widget.parsed(""))
        r = portfolio.settings.reporting
        for key in ROUTE_FIELDS:
            widget = self.query_one(f"#reporting_{key}", FieldInput)
            if widget.parses():
                setattr(r, key, widget.parsed(""))
        decision = self.query_one("#decision_date", FieldInput)
        if decision.parses():
            c.decision_date = decision.parsed(None)
        cost = self.query_one("#cost_per_sign", FieldInput)
        if cost.parses():
            assign(portfolio.settings.decision, "cost_per_sign", cost.parsed(None))

    def field_for(self, finding: "Finding") -> FormField | None:
        key = finding.path.removeprefix("company.").removeprefix("decision.").replace("reporting.", "reporting_")
        fields = (
            "name", "org_number", "security_contact", "decision_date", "cost_per_sign",
            *(f"reporting_{key}" for key in ROUTE_FIELDS),
        )
        return self.query_one(f"#f-{key}", FormField) if key in fields else None
