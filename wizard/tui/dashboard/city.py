"""One municipality: its checklist, partners, follow-ups, signs and report counts.

Every change is one key (or one short field) and is saved at once, to this
city's file only, with a dated history row (see ``DashboardScreen.apply``).
Reports are counts per quarter, with how many of them were handled in time
beside them, and the screen says why: this program never holds anything
about an individual case. A recurring follow-up is closed from its row
(``x`` today, ``e`` another day): its own record, the checklist untouched.
A customer survey (NKI) is recorded in a form (``k``, from any tab; ``survey.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Input, Static, TabbedContent, TabPane

from wizard import entrances, model, parse, validation
from wizard.i18n import language, t
from wizard.progress import Refused
from wizard.tui import bindings
from wizard.tui.dashboard import edits
from wizard.tui.dashboard.checklist import ChecklistKeys, day, item_rows
from wizard.tui.dashboard.child import DashboardChild
from wizard.tui.dashboard.entrances import EntrancesView
from wizard.tui.dashboard.modals import Answer, ValueModal
from wizard.tui.dashboard.rows import percent
from wizard.tui.dashboard.survey import SurveyModal
from wizard.tui.help import HelpTopic
from wizard.tui.widgets.table import current_key, fit, sync_rows

if TYPE_CHECKING:
    from wizard import schedule
    from wizard.catalog import Catalog
    from wizard.tui.dashboard.protocol import Dashboard

TABS = ("tab-checklist", "tab-partners", "tab-follow", "tab-reports", "tab-entrances")
TABLE_OF_TAB = {"tab-checklist": "items", "tab-partners": "partners", "tab-follow": "events", "tab-reports": "counts",
                "tab-entrances": "entrances"}
FOLLOW_UP_MONTHS = 12


def _count(value: object) -> Text:
    return Text("—" if value is None else str(value), justify="right")


class CityScreen(ChecklistKeys, DashboardChild):
    CSS_PATH = "city.tcss"

    def __init__(self, dashboard: "Dashboard", code: str) -> None:
        super().__init__(dashboard, name="city")
        bindings.install(self, "city", "changes", "language")
        self.code = code
        self.row_cadence: dict[str, str] = {}  # follow-up tab: row key -> cadence id

    @property
    def city(self) -> model.City | None:
        return self.dashboard.portfolio.cities.get(self.code)

    @property
    def catalog(self) -> Catalog:
        return self.dashboard.catalog

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="heading", markup=False)
        yield Static("", id="changes", markup=False)
        with TabbedContent(id="tabs"):
            with TabPane(t("dashboard.city.tab.checklist"), id="tab-checklist"):
                yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
            with TabPane(t("dashboard.city.tab.partners"), id="tab-partners"):
                yield DataTable(id="partners", cursor_type="row", zebra_stripes=True)
                yield Static("", id="missing", markup=False)
            with TabPane(t("dashboard.city.tab.follow"), id="tab-follow"):
                yield DataTable(id="events", cursor_type="row", zebra_stripes=True)
                yield Static(t("dashboard.city.follow_hint"), classes="hint", markup=False)
            with TabPane(t("dashboard.city.tab.reports"), id="tab-reports"):
                yield Static("", id="signs", markup=False)
                yield Static("", id="surveys", markup=False)
                yield Static(t("dashboard.city.privacy"), id="privacy", markup=False)
                yield DataTable(id="counts", cursor_type="row", zebra_stripes=True)
            if self.city is not None and self.city.buildings:  # the register: only where it was imported
                with TabPane(t("dashboard.city.tab.entrances"), id="tab-entrances"):
                    yield EntrancesView(id="entrances-view")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        for table_id, scope, columns in (
            ("items", "checklist", ("item", "status", "date", "note")),
            ("partners", "partners", ("kind", "organisation", "last_contact", "phone")),
            ("events", "follow", ("date", "what", "remark")),
            ("counts", "reports", ("quarter", "count", "handled")),
        ):
            table = self.query_one(f"#{table_id}", DataTable)
            if scope:
                bindings.install(table, scope)
            for column in columns:
                table.add_column(t(f"dashboard.city.column.{column}"), key=column)
        self.refresh_from_model()
        counts = self.query_one("#counts", DataTable)
        counts.move_cursor(row=counts.row_count - 1)  # this quarter
        self.set_focus(self.query_one("#items", DataTable))  # at once: keys may follow
        self.follow_dashboard()

    def cities_changed(self, codes: tuple[str, ...]) -> None:
        if self.code in codes:
            self.refresh_from_model()

    # ---------------------------------------------------------------- showing the city

    def refresh_from_model(self) -> None:
        """Bring every list up to date by diff; called after each change and each reload."""
        city = self.city
        if city is None:  # its file went away (a reload)
            self.notify(t("dashboard.city.gone", code=self.code), severity="warning", markup=False)
            self.dismiss()
            return
        row = self.dashboard.rows[self.code]
        p = row.progress
        self.sub_title = f"{p.name} ({p.code})"
        wave = t("dashboard.cell.pilot") if p.wave == 0 else str(p.wave)
        self.query_one("#heading", Static).update(
            t(
                "dashboard.city.heading",
                name=p.name,
                code=p.code,
                county=p.county or "—",
                wave=wave,
                done=p.done,
                total=p.total,
                signs=p.signs_up,
                entrances=p.entrances,
                partners=p.partners_registered,
                expected=p.partners_expected,
            )
        )
        lang = language()
        self._sync("items", item_rows(city, self.catalog, "city"), flexible=3)
        self._sync(
            "partners",
            {
                str(i): (
                    self._kind_name(partner.kind, lang),
                    partner.organisation,
                    day(partner.last_contact),
                    partner.phone,
                )
                for i, partner in enumerate(city.partners)
            },
            flexible=1,
        )
        missing = [self._kind_name(k, lang) for k in p.missing_kinds]
        self.query_one("#missing", Static).update(
            t("dashboard.city.missing", kinds=", ".join(missing)) if missing else t("dashboard.city.partners_hint")
        )
        self.query_one("#missing", Static).set_class(bool(missing), "warning")
        self._sync("events", self._follow_ups(city, lang), flexible=2)
        signs = t(
            "dashboard.city.signs_counted" if city.buildings else "dashboard.city.signs",
            signs=p.signs_up, entrances=p.entrances, share=percent(p.signs),
        )
        if row.signs_out_of_date:  # check's warning, where the signs are counted
            signs = t("findings.signs_out_of_date", city=p.name or p.code) + "\n" + signs
        self.query_one("#signs", Static).update(signs)
        self.query_one("#signs", Static).set_class(row.signs_out_of_date, "warning")
        self.query_one("#surveys", Static).update(self._latest_survey(city, lang))
        for view in self.query(EntrancesView):
            view.show(city)
        sync_rows(
            self.query_one("#counts", DataTable),
            {
                q: (q, _count(city.reports.get(q)), _count(city.handled_in_time.get(q)))
                for q in edits.recent_quarters(city, self.dashboard.today)
            },
        )

    def _sync(self, table_id: str, rows: dict[str, tuple[Any, ...]], flexible: int) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        labels = [str(c.label) for c in table.ordered_columns]
        sync_rows(table, fit(rows, labels, flexible, self.app.size.width))

    def on_resize(self) -> None:
        if self.city is not None:
            self.refresh_from_model()

    def _kind_name(self, kind: str, lang: str) -> str:
        found = self.catalog.partner_kind(kind)
        return found.name(lang) if found else kind

    def _latest_survey(self, city: model.City, lang: str) -> str:
        """The latest customer survey, as the yearly report gives its shares; the key that records one."""
        from wizard.documents.formatting import fmt_number, fmt_share

        dated = [s for s in city.surveys if s.date is not None]
        if not dated:
            return t("dashboard.city.no_survey")
        latest = max(dated, key=lambda s: s.date or dt.date.min)
        shares = ", ".join(
            f"{q.short(lang)} {fmt_share(v / 100, lang)}"
            for q in self.catalog.questions
            if isinstance(v := latest.yes.get(q.id), (int, float)) and not isinstance(v, bool)
        )
        day = latest.date.isoformat() if latest.date else ""
        return t("dashboard.city.survey", date=day, n=fmt_number(latest.respondents, lang), shares=shares)

    def _follow_ups(self, city: model.City, lang: str) -> dict[str, tuple[Any, ...]]:
        """Overdue follow-ups first, then the coming year's, from the same schedule as the exports.

        Remembers which cadence each row is (``self.row_cadence``), for closing it with ``x`` or ``e``.
        """
        from wizard import schedule

        settings = self.dashboard.portfolio.settings
        cadences = self.catalog.cadences_for("city")
        today = self.dashboard.today
        late = schedule.overdue(city, settings, cadences, today)
        coming = schedule.events(model.Portfolio(settings=settings, cities={city.code: city}), cadences, today, FOLLOW_UP_MONTHS)
        rows: dict[str, tuple[Any, ...]] = {}
        self.row_cadence = {}
        for event in late:
            remark = t("dashboard.city.overdue_since", date=event.date.isoformat())
            rows["late-" + event.uid] = (Text(event.date.isoformat(), style="bold red"), _title(event, lang), Text(remark, style="bold red"))
            self.row_cadence["late-" + event.uid] = event.cadence_id
        for event in coming:
            if event.overdue:
                continue
            rows[event.uid] = (event.date.isoformat(), _title(event, lang), event.note(lang))
            self.row_cadence[event.uid] = event.cadence_id
        return rows

    # ---------------------------------------------------------------- moving around

    def action_back(self) -> None:
        self.dismiss()

    def action_tab(self, number: int) -> None:
        tab = TABS[number - 1]
        if not self.query(f"#{tab}"):
            return
        self.query_one("#tabs", TabbedContent).active = tab
        self.set_focus(self.query_one(f"#{TABLE_OF_TAB[tab]}", DataTable))

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id or ""
        if pane in TABLE_OF_TAB:
            self.set_focus(self.query_one(f"#{TABLE_OF_TAB[pane]}", DataTable))

    def help_topic(self) -> HelpTopic:
        scopes = ("city", "checklist", "partners", "follow", "reports", "entrances", "changes")
        return HelpTopic(t("dashboard.help.city_title"), t("dashboard.help.city_intro"), scopes)

    # ---------------------------------------------------------------- changes

    def _partner(self) -> tuple[int, model.Partner] | None:
        key, city = current_key(self.query_one("#partners", DataTable)), self.city
        if key is None or city is None or not key.isdigit() or int(key) >= len(city.partners):
            return None
        return int(key), city.partners[int(key)]

    def action_contact_today(self) -> None:
        found = self._partner()
        if found is None:
            return
        index, partner = found
        today = self.dashboard.today
        what = t("dashboard.city.what_contact", organisation=partner.organisation or partner.kind, date=today.isoformat())
        self._apply(edits.contact(self.code, index, partner, today), what)
        self._say_who_is_behind()

    def action_edit_contact(self) -> None:
        found = self._partner()
        if found is None:
            return
        index, partner = found

        def answered(answer: Answer | None) -> None:
            if answer is not None:
                day = answer.value.isoformat() if answer.value else "—"
                what = t("dashboard.city.what_contact", organisation=partner.organisation or partner.kind, date=day)
                self._apply(edits.contact(self.code, index, partner, answer.value), what)
                self._say_who_is_behind()

        modal = ValueModal(
            t("dashboard.edit.contact_title", organisation=partner.organisation or partner.kind),
            partner.last_contact.isoformat() if partner.last_contact else "",
            self._trying(parse.optional_date, lambda day: edits.contact(self.code, index, partner, day)),
            placeholder=t("dashboard.edit.date_placeholder"),
        )
        self.app.push_screen(modal, answered)

    def _say_who_is_behind(self) -> None:
        """After a contact is logged: if the partner check-in is still overdue, name the partners that keep it so."""
        from wizard import schedule
        from wizard.sizing import joined

        city = self.city
        if city is None:
            return
        behind = schedule.partners_behind(city, self.dashboard.portfolio.settings, self.catalog.cadences_for("city"), self.dashboard.today)
        if behind:
            names = [t("dashboard.city.partner_behind", organisation=p.organisation or p.kind, date=p.last_contact.isoformat() if p.last_contact else "—") for p in behind]
            self.notify(t("dashboard.city.check_in_still_late", partners=joined(names, None), n=len(behind)), severity="warning", timeout=8, markup=False)

    def action_edit_count(self, field: str) -> None:
        city = self.city
        if city is None or field not in edits.COUNT_FIELDS:
            return
        if city.buildings:  # counted from its entrances: marked there, never typed
            self.notify(t("dashboard.edit.counted_from_buildings"), severity="warning", markup=False)
            return

        def checked(text: str) -> int:
            value = parse.count(text)
            if field == "signs_up" and value > parse.stored_count(city.entrances):
                raise ValueError(t("dashboard.edit.more_than_entrances", entrances=city.entrances))
            if field == "entrances" and value < parse.stored_count(city.signs_up):
                raise ValueError(t("dashboard.edit.fewer_than_signs", signs=city.signs_up))
            return value

        def answered(answer: Answer | None) -> None:
            if answer is not None:
                self._apply(edits.count(self.code, field, answer.value), f"{t(f'dashboard.edit.{field}_title')}: {answer.value}")

        modal = ValueModal(t(f"dashboard.edit.{field}_title"), str(getattr(city, field)), self._trying(checked, lambda n: edits.count(self.code, field, n)))
        self.app.push_screen(modal, answered)

    # ---------------------------------------------------------------- entrances (tab 5)

    def action_mark_entrance(self, field: str) -> None:
        """The entrance under the cursor: ``field`` today, or (sign, letter) taken back when it was set."""
        views, city = self.query(EntrancesView), self.city
        key = views.first().current() if views else None
        if key is None or city is None:
            return
        try:
            place = entrances.find(city, key)
        except entrances.UnknownEntrance:  # gone with a reload since the row was drawn
            return
        day = None if getattr(place.entrance, field) is not None and field != "inspected" else self.dashboard.today
        what = t(f"dashboard.entrances.what.{field}", entrance=key, date=day.isoformat() if day else "—")
        self._apply(edits.entrance(self.code, key, field, day), what)

    def action_entrance_open(self) -> None:
        """Enter on the entrances' tab: the area's buildings, or the building's entrances, under the cursor."""
        for view in self.query(EntrancesView):
            view.open(view.current())

    def action_entrance_up(self) -> None:
        """Backspace on the entrances' tab: one level up (entrances -> buildings -> areas)."""
        for view in self.query(EntrancesView):
            view.up()

    def action_focus_entrance_filter(self) -> None:
        for found in self.query("#entrance-filter"):
            self.set_focus(found)

    def action_clear_entrance_filter(self) -> None:
        """Esc in the filter: the filter emptied, back to the list (a second Esc leaves the municipality)."""
        for found in self.query("#entrance-filter").results(Input):
            found.value = ""
        self.action_focus_entrances()

    def action_focus_entrances(self) -> None:
        for found in self.query("#entrances"):
            self.set_focus(found)

    def _cadence(self) -> tuple[str, str] | None:
        """The follow-up under the cursor in the follow-up tab: (cadence id, its title)."""
        key = current_key(self.query_one("#events", DataTable))
        cadence = self.catalog.cadence(self.row_cadence.get(key or "", ""))
        return (cadence.id, cadence.title(language())) if cadence is not None else None

    def _record_follow_up(self, day: dt.date) -> None:
        found = self._cadence()
        if found is not None:
            cadence_id, title = found
            self._apply(edits.follow_up(self.code, cadence_id, day), t("dashboard.city.what_follow_up", what=title, date=day.isoformat()))

    def action_follow_up_done(self) -> None:
        self._record_follow_up(self.dashboard.today)

    def action_follow_up_date(self) -> None:
        found = self._cadence()
        if found is None:
            return

        def checked(text: str) -> dt.date:
            day = parse.date(text)
            if code := validation.follow_up(found[0], day, self.dashboard.today, self.catalog):
                raise Refused(code, value=day.isoformat())
            return day

        def answered(answer: Answer | None) -> None:
            if answer is not None:
                self._record_follow_up(answer.value)

        modal = ValueModal(
            t("dashboard.edit.follow_up_title", what=found[1]),
            self.dashboard.today.isoformat(),
            checked,
            hint=t("dashboard.edit.follow_up_hint"),
            placeholder=t("dashboard.edit.date_placeholder"),
        )
        self.app.push_screen(modal, answered)

    def action_record_survey(self) -> None:
        """A customer survey (NKI) for this municipality, in a form; saved once the core accepts it (``huskurage survey``'s rules)."""
        city = self.city
        if city is None:
            return
        today = self.dashboard.today

        def answered(survey: model.Survey | None) -> None:
            if survey is not None:
                day = survey.date.isoformat() if survey.date else ""
                self._apply(edits.survey(self.code, survey, today), t("dashboard.city.what_survey", date=day, n=survey.respondents))

        title = t("dashboard.survey.title", name=self.dashboard.name_of(self.code), code=self.code)
        modal = SurveyModal(title, self.catalog, today, lambda survey: self.dashboard.try_edit(edits.survey(self.code, survey, today)))
        self.app.push_screen(modal, answered)

    def _quarter(self) -> str | None:
        return current_key(self.query_one("#counts", DataTable))

    def action_report_step(self, step: int) -> None:
        quarter, city = self._quarter(), self.city
        if quarter is None or city is None:
            return
        value = max(0, parse.stored_count(city.reports.get(quarter, 0)) + step)
        self._apply(edits.report(self.code, quarter, value), t("dashboard.city.what_report", quarter=quarter, n=value))

    def action_edit_report(self) -> None:
        quarter, city = self._quarter(), self.city
        if quarter is None or city is None:
            return

        def answered(answer: Answer | None) -> None:
            if answer is not None:
                self._apply(edits.report(self.code, quarter, answer.value), t("dashboard.city.what_report", quarter=quarter, n=answer.value))

        def checked(text: str) -> int:
            value = parse.count(text)
            handled = city.handled_in_time.get(quarter)
            if code := validation.handled_in_time(handled, value) if handled is not None else None:
                raise Refused(code, value=handled, reports=value, quarter=quarter)
            return value

        current = city.reports.get(quarter)
        modal = ValueModal(
            t("dashboard.edit.report_title", quarter=quarter),
            "" if current is None else str(current),
            checked,
            hint=t("dashboard.city.privacy"),
        )
        self.app.push_screen(modal, answered)

    def action_edit_handled(self) -> None:
        """How many of the quarter's reports were acted on within the commitment: entered beside the count."""
        quarter, city = self._quarter(), self.city
        if quarter is None or city is None:
            return

        def checked(text: str) -> int:
            value = parse.count(text)
            reports = city.reports.get(quarter)
            if code := validation.handled_in_time(value, reports):
                raise Refused(code, value=value, reports=reports or 0, quarter=quarter)
            return value

        def answered(answer: Answer | None) -> None:
            if answer is not None:
                what = t("dashboard.city.what_handled", quarter=quarter, n=answer.value)
                self._apply(edits.handled(self.code, quarter, answer.value), what)

        current = city.handled_in_time.get(quarter)
        modal = ValueModal(
            t("dashboard.edit.handled_title", quarter=quarter, reports=city.reports.get(quarter, "—")),
            "" if current is None else str(current),
            checked,
            hint=t("dashboard.city.privacy"),
        )
        self.app.push_screen(modal, answered)


def _title(event: "schedule.Event", lang: str) -> str:
    """The follow-up's title, with its area where it is one area's round (the sign inspection of a divided municipality)."""
    title = event.title(lang)
    return t("dashboard.city.follow_up_in_area", title=title, area=event.area) if event.area else title
