"""Step 6: the local partners of each municipality; expected kinds that are missing are flagged."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Select, Static

from wizard.i18n import language, t
from wizard.tui.steps.base import Step, load_messages
from wizard.tui.tcss import beside
from wizard.tui.widgets.fields import FormField, show_date
from wizard.tui.widgets.table import clip, current_key, sync_rows

if TYPE_CHECKING:
    from wizard.model import City, Partner, Portfolio
    from wizard.validation import Finding


class PartnersStep(Step):
    DEFAULT_CSS = beside(__file__)
    LOAD_MESSAGES = load_messages(Select)
    BINDINGS = [
        Binding("a", "add", show=False, id="partners.add"),
        Binding("e", "edit", show=False, id="partners.edit"),
        Binding("delete", "remove", show=False, id="partners.remove"),
        Binding("c", "copy", show=False, id="partners.copy"),
    ]

    def compose_form(self) -> ComposeResult:
        yield FormField(t("tui.partners.city"), Select([], allow_blank=True, id="city", compact=True, prompt=t("tui.partners.choose_city")), id="f-city")
        yield Static("", id="missing", markup=False)
        table: DataTable[Any] = DataTable(id="partners", cursor_type="row", zebra_stripes=True)
        for key in ("kind", "organisation", "phone", "last_contact"):
            table.add_column(t(f"tui.partners.col.{key}"), key=key)
        yield table
        with Horizontal(id="buttons"):
            yield Button(t("tui.partners.add"), id="add", compact=True, variant="primary")
            yield Button(t("tui.partners.edit"), id="edit", compact=True)
            yield Button(t("tui.partners.remove"), id="remove", compact=True)
            yield Button(t("tui.partners.copy"), id="copy", compact=True)
        yield Static(t("tui.partners.keys"), id="keys", markup=False)

    # ----------------------------------------------------------- model

    def city(self) -> "City | None":
        code = self.query_one("#city", Select).value
        return self.session.portfolio.cities.get(code) if isinstance(code, str) else None

    def load_fields(self, portfolio: "Portfolio") -> None:
        self.fill_city_select(self.query_one("#city", Select), portfolio)
        self.refresh_city()

    def write_fields(self, portfolio: "Portfolio") -> None:
        """Partners are written to the model as each modal closes."""

    def refresh_city(self) -> None:
        city = self.city()
        lang = language()
        table = self.query_one("#partners", DataTable)
        rows = {}
        if city is not None:
            for i, p in enumerate(city.partners):
                kind = self.session.catalog.partner_kind(p.kind)
                rows[str(i)] = (clip(kind.name(lang) if kind else p.kind, 18), clip(p.organisation, 26), p.phone, show_date(p.last_contact))
        sync_rows(table, rows)
        missing = self.missing(city) if city else []
        box = self.query_one("#missing", Static)
        if city is None:
            box.update(t("tui.partners.no_cities"))
        elif missing:
            box.update("▲ " + t("tui.partners.missing", kinds=", ".join(missing)))
        else:
            box.update("✔ " + t("tui.partners.all_expected"))
        box.set_class(bool(missing) or city is None, "-warning")
        for button in ("edit", "remove", "copy"):
            self.query_one(f"#{button}", Button).disabled = not rows
        self.query_one("#add", Button).disabled = city is None

    def missing(self, city: "City") -> list[str]:
        have = {p.kind for p in city.partners}
        return [k.name(language()) for k in self.session.catalog.partner_kinds if k.expected and k.id not in have]

    @on(Select.Changed, "#city")
    def _city_changed(self) -> None:
        self.refresh_city()

    # ----------------------------------------------------------- editing

    def _index(self) -> int | None:
        key = current_key(self.query_one("#partners", DataTable))
        return int(key) if key is not None else None

    def action_add(self) -> None:
        city = self.city()
        if city is None:
            return
        from wizard.tui.steps.partner_modal import PartnerModal

        missing = [k.id for k in self.session.catalog.partner_kinds if k.expected and k.id not in {p.kind for p in city.partners}]
        from wizard.model import Partner

        start = Partner(kind=missing[0] if missing else "other")

        def done(partner: "Partner | None") -> None:
            if partner is not None:
                city.partners.append(partner)
                self.session.touch(city.code)
                self.refresh_city()
                table = self.query_one("#partners", DataTable)
                table.move_cursor(row=len(city.partners) - 1)
                table.focus()

        self.app.push_screen(PartnerModal(start, self.session.catalog, city.name, _areas(city)), done)

    def action_edit(self) -> None:
        city, index = self.city(), self._index()
        if city is None or index is None:
            return
        from wizard.tui.steps.partner_modal import PartnerModal

        def done(partner: "Partner | None") -> None:
            if partner is not None:
                city.partners[index] = partner
                self.session.touch(city.code)
                self.refresh_city()

        self.app.push_screen(PartnerModal(city.partners[index], self.session.catalog, city.name, _areas(city)), done)

    def action_remove(self) -> None:
        city, index = self.city(), self._index()
        if city is None or index is None:
            return
        from wizard.tui.widgets.confirm import Confirm

        partner = city.partners[index]

        def answer(yes: bool | None) -> None:
            if yes:
                del city.partners[index]
                self.session.touch(city.code)
                self.refresh_city()

        self.app.push_screen(
            Confirm(t("tui.partners.remove_question", organisation=partner.organisation or partner.kind), t("tui.partners.remove_yes"), t("tui.partners.remove_no")),
            answer,
        )

    def action_copy(self) -> None:
        city, index = self.city(), self._index()
        if city is None or index is None:
            return
        from wizard.tui.steps.partner_modal import CopyModal
        from wizard.tui.widgets.confirm import Confirm

        partner = city.partners[index]
        others = [(c.code, c.name) for c in self.session.portfolio.sorted_cities() if c.code != city.code]
        if not others:
            self.notify(t("tui.partners.copy_nowhere"), timeout=3)
            return

        def done(codes: list[str] | None) -> None:
            cities = [self.session.portfolio.cities[code] for code in codes or []]
            having = [c for c in cities if same_partner(c, partner) is not None]
            if not having:
                copy(cities, replace=False)
                return
            from wizard.sizing import joined

            question = t("tui.partners.copy_exists", names=joined([c.name for c in having], None), organisation=partner.organisation)
            self.app.push_screen(
                Confirm(question, t("tui.partners.copy_replace"), t("tui.partners.copy_skip"), danger=False),
                lambda replace: copy(cities, replace=bool(replace)),
            )

        def copy(cities: list["City"], replace: bool) -> None:
            """Add the partner where it is not; where it is, replace that entry with this one, or leave it (the default)."""
            copied = 0
            for target in cities:
                index = same_partner(target, partner)
                if index is None:
                    target.partners.append(dataclasses.replace(partner))
                elif replace:
                    target.partners[index] = dataclasses.replace(partner)
                else:
                    continue
                copied += 1
                self.session.touch(target.code)
            skipped = len(cities) - copied
            if skipped:
                self.notify(t("tui.partners.copied_skipped", n=copied, skipped=skipped), timeout=4)
            elif copied:
                self.notify(t("tui.partners.copied", n=copied), timeout=3)

        self.app.push_screen(CopyModal(partner, others), done)

    @on(DataTable.RowSelected, "#partners")
    def _row_selected(self) -> None:
        self.action_edit()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        if event.button.id in ("add", "edit", "remove", "copy"):
            event.stop()
            getattr(self, f"action_{event.button.id}")()

    # ----------------------------------------------------------- checking

    def field_for(self, finding: "Finding") -> FormField | None:
        return None

    def step_problems(self) -> list[tuple[str, bool]]:
        return [
            ("▲ " + t("tui.partners.missing_in", name=city.name, kinds=", ".join(missing)), False)
            for city in self.session.portfolio.sorted_cities()
            if (missing := self.missing(city))
        ]


def _areas(city: "City") -> list[str]:
    """The municipality's areas, as its buildings name them (none: partners serve the whole municipality)."""
    return list(dict.fromkeys(b.area for b in city.buildings if b.area))


def same_partner(city: "City", partner: "Partner") -> int | None:
    """Where ``city`` already has this partner (the same kind and organisation, however spelt), or None."""
    from wizard.model import fold

    wanted = (partner.kind, fold(partner.organisation).strip())
    for index, theirs in enumerate(city.partners):
        if (theirs.kind, fold(theirs.organisation).strip()) == wanted:
            return index
    return None
