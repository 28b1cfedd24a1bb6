"""Step 7: the internal action plan: the promise to tenants, home visits, roles, training targets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Checkbox, RadioButton, RadioSet, Static

from wizard import sizing, validation
from wizard.i18n import language, t
from wizard.tui.host import host
from wizard.tui.steps.base import Step, load_messages
from wizard.tui.tcss import beside
from wizard.tui.widgets.fields import ChoiceSet, FieldInput, FormField, assign, int_input, show_number, text_input

if TYPE_CHECKING:
    from wizard.model import Portfolio
    from wizard.validation import Finding


class ActionPlanStep(Step):
    DEFAULT_CSS = beside(__file__)
    LOAD_MESSAGES = load_messages(RadioSet, Checkbox)
    BINDINGS = [Binding("f5", "preview", show=False, id="action_plan.preview")]

    def compose_form(self) -> ComposeResult:
        lang = language()
        catalog = self.session.catalog
        yield Static(t("tui.action_plan.routine"), id="routine", markup=False)
        yield Static(t("tui.action_plan.commitment"), classes="heading", markup=False)
        with ChoiceSet(id="wanted"):
            for c in catalog.commitments:
                yield RadioButton(c.name(lang), id=f"c-{c.id}")
        yield Static("", id="keepable", markup=False)
        yield Checkbox(t("tui.action_plan.home_visits"), id="home_visits", compact=True)
        yield Static(t("tui.action_plan.roles"), classes="heading", markup=False)
        for role in catalog.roles:
            # The standard text under the field, whole: as a placeholder it was cut at the field's width.
            yield FormField(
                role.name(lang),
                text_input(id=f"role-{role.id}", placeholder=t("tui.action_plan.role_placeholder")),
                hint=t("tui.action_plan.role_standard", duty=role.duty(lang)),
                id=f"f-role-{role.id}",
            )
        yield Static(t("tui.action_plan.training"), classes="heading", markup=False)
        with Vertical(id="targets"):  # one role a line: two a line left an empty half beside the fifth
            for role in catalog.roles:
                yield FormField(role.name(lang), int_input(id=f"target-{role.id}", rule=validation.PERCENT, placeholder="%"), id=f"f-target-{role.id}")
        yield Button(t("tui.action_plan.preview"), id="preview", compact=True)

    # ----------------------------------------------------------- model

    def load_fields(self, portfolio: "Portfolio") -> None:
        plan = portfolio.settings.action_plan
        catalog = self.session.catalog
        wanted = plan.wanted_commitment if catalog.commitment(plan.wanted_commitment) else catalog.commitments[0].id
        self.query_one("#wanted", ChoiceSet).press(f"c-{wanted}")
        self.query_one("#home_visits", Checkbox).value = plan.home_visits
        for role in catalog.roles:
            self.query_one(f"#role-{role.id}", FieldInput).value = plan.roles.get(role.id, "")
            target = plan.training_targets.get(role.id)
            self.query_one(f"#target-{role.id}", FieldInput).value = show_number(target) if target is not None else ""
        self.show_keepable()

    def write_fields(self, portfolio: "Portfolio") -> None:
        plan = portfolio.settings.action_plan
        pressed = self.query_one("#wanted", ChoiceSet).pressed_id
        if pressed:
            plan.wanted_commitment = pressed.removeprefix("c-")
        plan.home_visits = self.query_one("#home_visits", Checkbox).value
        for role in self.session.catalog.roles:
            field = self.query_one(f"#role-{role.id}", FieldInput)
            wording = field.parsed("")
            if not field.parses():
                pass  # refused by the case-data guard: the plan keeps the role's wording as it was
            elif wording:
                plan.roles[role.id] = wording
            else:
                plan.roles.pop(role.id, None)
            target = self.query_one(f"#target-{role.id}", FieldInput)
            if target.parses():
                value = target.parsed(None)
                if value is None:
                    plan.training_targets.pop(role.id, None)
                else:
                    assign(plan.training_targets, role.id, value)

    def show_keepable(self) -> None:
        self.write_fields(self.session.portfolio)
        catalog = self.session.catalog
        result = sizing.size_portfolio(self.session.portfolio, catalog.commitments)
        box = self.query_one("#keepable", Static)
        if not result.cities:
            box.update(t("tui.action_plan.no_sizing"))
            box.set_class(False, "-warning")
            return
        lines = []
        everywhere = catalog.commitment(result.keepable_everywhere) if result.keepable_everywhere else None
        lines.append(t("tui.action_plan.keepable", keepable=everywhere.name(language()) if everywhere else t("tui.resources.none")))
        lines += ["▲ " + sizing.qualified_verdict(c, self.session.portfolio, catalog) for c in result.warnings]
        box.update("\n".join(lines))
        box.set_class(bool(result.warnings), "-warning")

    @on(RadioSet.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self.show_keepable()

    # ----------------------------------------------------------- preview

    def action_preview(self) -> None:
        from wizard import documents
        from wizard.tui.widgets.preview import PreviewScreen

        self.to_model(self.session.portfolio)
        text = documents.render_action_plan(self.session.portfolio, language(), host(self).today)
        self.app.push_screen(PreviewScreen(t("tui.action_plan.preview_title"), text))

    @on(Button.Pressed, "#preview")
    def _preview(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_preview()

    # ----------------------------------------------------------- checking

    def field_for(self, finding: "Finding") -> FormField | None:
        path = finding.path
        if path.startswith("action_plan.training_targets."):
            role = path.rsplit(".", 1)[1]
            found = self.query(f"#f-target-{role}")
            return found.first(FormField) if found else None
        if path.startswith("action_plan.roles."):
            role = path.rsplit(".", 1)[1]
            found = self.query(f"#f-role-{role}")
            return found.first(FormField) if found else None
        return None
