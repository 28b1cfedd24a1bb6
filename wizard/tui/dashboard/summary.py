"""The portfolio at a glance: totals, and progress over time as a chart in the terminal.

The totals are the table's (and ``huskurage status``'s) figures summed; the
chart replays the cities' dated history (timeline.py): checklist items done
and entrances with a sign, in percent, at the end of each month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from wizard.i18n import t
from wizard.tui.dashboard import keys
from wizard.tui.dashboard.rows import percent, totals
from wizard.tui.dashboard.timeline import Point, progress_over_time

if TYPE_CHECKING:
    from wizard.tui.dashboard.screen import DashboardScreen


def totals_text(dashboard: "DashboardScreen") -> str:
    s = totals(dashboard.rows.values())
    cities = dashboard.portfolio.cities.values()
    pilots = sum(1 for r in dashboard.rows.values() if r.progress.wave == 0)
    last = max((q for c in cities for q in c.reports), default=None)
    reports = sum(c.reports.get(last, 0) for c in cities if isinstance(c.reports.get(last, 0), int)) if last else 0
    lines = [
        (t("dashboard.summary.cities"), t("dashboard.summary.cities_value", n=s.cities, pilots=pilots)),
        (t("dashboard.summary.checklist"), t("dashboard.summary.of", n=s.done, total=s.total, share=percent(s.share))),
        (t("dashboard.summary.signs"), t("dashboard.summary.of", n=s.signs_up, total=s.entrances, share=percent(s.signs_share))),
        (t("dashboard.summary.informed"), t("dashboard.summary.cities_of", n=s.informed, total=s.cities)),
        (t("dashboard.summary.partners"), t("dashboard.summary.cities_of", n=s.partners_complete, total=s.cities)),
        (t("dashboard.summary.overdue"), t("dashboard.summary.cities_of", n=s.overdue, total=s.cities)),
        (t("dashboard.summary.reports"), t("dashboard.summary.reports_value", n=reports, quarter=last or "—")),
    ]
    width = max(len(label) for label, _ in lines) + 2
    return "\n".join(f"{label:<{width}}{value}" for label, value in lines)


class SummaryScreen(Screen):
    CSS_PATH = "summary.tcss"

    def __init__(self, dashboard: "DashboardScreen") -> None:
        super().__init__(name="summary")
        keys.install(self, "summary", "language")
        self.dashboard = dashboard

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Header()
        yield Static(totals_text(self.dashboard), id="summary-totals", markup=False)
        yield Static(t("dashboard.summary.chart_title"), id="chart-title", markup=False)
        yield PlotextPlot(id="chart")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = t("dashboard.summary.title")
        points = progress_over_time(self.dashboard.portfolio, self.dashboard.catalog, self.dashboard.today)
        self.draw(points)

    def draw(self, points: list[Point]) -> None:
        from textual_plotext import PlotextPlot

        plt = self.query_one("#chart", PlotextPlot).plt
        plt.clear_figure()
        xs = list(range(len(points)))
        plt.plot(xs, [round(p.share * 100, 1) for p in points], label=t("dashboard.summary.line_checklist"), marker="braille")
        plt.plot(xs, [round(p.signs_share * 100, 1) for p in points], label=t("dashboard.summary.line_signs"), marker="braille")
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100])
        step = max(2, len(points) // 6)  # labels apart, so plotext never has to shift one that would overlap
        ticks = list(range(len(points) - 1, -1, -step))[::-1]
        plt.xticks(ticks, [points[i].day.strftime("%Y-%m") for i in ticks])

    def action_back(self) -> None:
        self.dismiss()

    def action_toggle_language(self) -> None:
        self.dashboard.action_toggle_language()

    def action_help(self) -> None:
        from wizard.tui.dashboard.modals import KeysHelp

        self.app.push_screen(KeysHelp(t("dashboard.summary.title"), t("dashboard.help.summary_intro"), ("summary",)))

    def save_before_quit(self, then: Callable[[], object]) -> None:
        def leave() -> None:
            if self.app.screen is self:
                self.dismiss()
            then()

        self.dashboard.save_before_quit(leave)
