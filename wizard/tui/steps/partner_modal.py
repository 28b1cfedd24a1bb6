"""Add or edit one partner (a modal beside the step that opens it), and copy partners to other municipalities."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Select, SelectionList, Static

from wizard import validation
from wizard.i18n import language, t
from wizard.model import Partner
from wizard.tui.tcss import beside
from wizard.tui.host import host
from wizard.tui.widgets.fields import FieldInput, FormField, done_date_input, show_date, text_input

if TYPE_CHECKING:
    from wizard.catalog import Catalog

TEXT_FIELDS = ("organisation", "phone", "hours", "hours_en", "email", "contact_person")
PHONE = re.compile(r"[0-9+\-\s()]{2,30}")


class PartnerModal(ModalScreen["Partner | None"]):
    """Returns the edited partner, or None when cancelled."""

    DEFAULT_CSS = "PartnerModal { align: center middle; }\n" + beside(__file__)
    BINDINGS = [Binding("escape", "dismiss(None)", show=False), Binding("ctrl+s", "save", show=False, priority=True)]

    def __init__(self, partner: Partner | None, catalog: Catalog, city_name: str, areas: Sequence[str] = ()) -> None:
        """``areas``: the municipality's areas (its buildings'); with any, the partner may serve one of them only."""
        super().__init__()
        self.partner = partner or Partner()
        self.catalog = catalog
        self.city_name = city_name
        self.areas = list(dict.fromkeys([*areas, self.partner.area] if self.partner.area else areas))
        if self.areas:  # one field more: the form scrolls rather than push the buttons off a 24-row terminal
            self.add_class("-areas")

    def compose(self) -> ComposeResult:
        lang = language()
        title = t("tui.partner.edit_title" if self.partner.organisation else "tui.partner.add_title", city=self.city_name)
        with Vertical(id="dialog"):
            yield Static(title, id="title", markup=False)
            with VerticalScroll(id="form"):
                kinds = [(k.name(lang), k.id) for k in self.catalog.partner_kinds]
                yield FormField(t("tui.partner.kind"), Select(kinds, allow_blank=False, value=self._kind(), id="kind", compact=True), id="f-kind")
                yield Static("", id="kind-hint", markup=False)
                if self.areas:  # a municipality in areas: the whole of it, or one area's own partner
                    choices: list[tuple[Text, str]] = [(Text(t("tui.partner.whole_municipality", city=self.city_name)), "")]
                    choices += [(Text(a), a) for a in self.areas]
                    yield FormField(
                        t("tui.partner.area"),
                        Select(choices, allow_blank=False, value=self.partner.area, id="area", compact=True),
                        id="f-area",
                    )
                for key in TEXT_FIELDS:
                    yield FormField(
                        t(f"tui.partner.{key}"),
                        text_input(
                            id=key, value=getattr(self.partner, key), required=key == "organisation", phone=key == "phone",
                            rule=validation.email if key == "email" else None,
                        ),
                        id=f"f-{key}",
                    )
                yield FormField(
                    t("tui.partner.last_contact"),
                    done_date_input(host(self).today, id="last_contact", value=show_date(self.partner.last_contact)),
                    id="f-last_contact",
                )
                yield Static(t("tui.partner.privacy"), id="privacy", markup=False)
            with Horizontal(id="buttons"):
                yield Button(t("tui.partner.save"), id="save", variant="primary", compact=True)
                yield Button(t("tui.partner.cancel"), id="cancel", compact=True)

    def _kind(self) -> str:
        ids = [k.id for k in self.catalog.partner_kinds]
        return self.partner.kind if self.partner.kind in ids else "other"

    def _selected_kind(self) -> str:
        kind = self.query_one("#kind", Select).value
        assert isinstance(kind, str)  # allow_blank=False: always one of the kinds
        return kind

    def on_mount(self) -> None:
        self._show_hint()
        self.query_one("#kind", Select).focus()

    @on(Select.Changed, "#kind")
    def _show_hint(self) -> None:
        kind = self.catalog.partner_kind(self._selected_kind())
        self.query_one("#kind-hint", Static).update(kind.hint(language()) if kind else "")

    def action_save(self) -> None:
        # Ctrl+S is a priority binding: wait for the keys typed just before it to reach the focused field.
        if not (self.app.focused or self).call_later(self._save_checked):
            self.call_later(self._save_checked)

    def _save_checked(self) -> None:
        ok = True
        for key in (*TEXT_FIELDS, "last_contact"):
            widget = self.query_one(f"#{key}", FieldInput)
            problem = widget.problem()
            if key == "phone" and not problem and widget.value.strip() and not PHONE.fullmatch(widget.value.strip()):
                problem = t("findings.phone_format", value=widget.value.strip())
            self.query_one(f"#f-{key}", FormField).show_message(problem)
            if problem:
                if ok:
                    widget.focus()
                ok = False
        if not ok:
            return
        values = {key: self.query_one(f"#{key}", FieldInput).parsed("") for key in TEXT_FIELDS}
        area = self.query_one("#area", Select).value if self.areas else self.partner.area
        self.dismiss(
            dataclasses.replace(
                self.partner,
                kind=self._selected_kind(),
                area=area if isinstance(area, str) else "",
                last_contact=self.query_one("#last_contact", FieldInput).parsed(None),
                **values,
            )
        )

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class CopyModal(ModalScreen["list[str] | None"]):
    """Choose the municipalities a partner is copied to; returns their codes."""

    DEFAULT_CSS = "CopyModal { align: center middle; }\n" + beside(__file__)
    BINDINGS = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, partner: Partner, cities: list[tuple[str, str]]) -> None:
        super().__init__()
        self.partner = partner
        self.cities = cities

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(t("tui.partner.copy_title", organisation=self.partner.organisation), id="title", markup=False)
            yield SelectionList[str](*[(Text(name), code) for code, name in self.cities], id="targets")
            yield Static(t("tui.partner.copy_hint"), id="privacy", markup=False)
            with Horizontal(id="buttons"):
                yield Button(t("tui.partner.copy"), id="copy", variant="primary", compact=True)
                yield Button(t("tui.partner.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#targets").focus()

    @on(Button.Pressed, "#copy")
    def _copy(self) -> None:
        self.dismiss(list(self.query_one("#targets", SelectionList).selected))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
