"""The portfolio at a glance: totals, and progress over time as a chart in the terminal.

The totals are the table's (and ``huskurage status``'s) figures summed; the
chart replays the cities' dated history (timeline.py): checklist items done
and entrances with a sign, in percent, at the end of each month. Both follow
the portfolio while the screen is open: a reload (Ctrl+R works here too) or a
settled conflict redraws them, and the banner tells of files changed on disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from wizard.i18n import t
from wizard.parse import stored_count
from wizard.tui import bindings
from wizard.tui.dashboard.child import DashboardChild
from wizard.tui.dashboard.entrances import areas_text
from wizard.tui.dashboard.rows import percent, totals
from wizard.tui.dashboard.timeline import Point, percents, progress_over_time
from wizard.tui.help import HelpTopic

if TYPE_CHECKING:
    from wizard.tui.dashboard.protocol import Dashboard


AREAS_SHOWN = 8  # municipalities whose signs per area the summary lists; the rest are counted


def totals_text(dashboard: "Dashboard") -> Table:
    s = totals(dashboard.rows.values())
    p = s.progress
    cities = dashboard.portfolio.cities.values()
    pilots = sum(1 for r in dashboard.rows.values() if r.progress.wave == 0)
    last = max((q for c in cities for q in c.reports), default=None)
    reports = sum(stored_count(c.reports.get(last, 0)) for c in cities) if last else 0
    lines = [
        (t("dashboard.summary.cities"), t("dashboard.summary.cities_value", n=s.cities, pilots=pilots)),
        (t("dashboard.summary.checklist"), t("dashboard.summary.of", n=p.done, total=p.total, share=percent(p.checklist))),
        (t("dashboard.summary.signs"), t("dashboard.summary.of", n=p.signs_up, total=p.entrances, share=percent(p.signs))),
        (t("dashboard.summary.informed"), t("dashboard.summary.cities_of", n=p.informed, total=s.cities)),
        (t("dashboard.summary.partners"), t("dashboard.summary.cities_of", n=p.partners_complete, total=s.cities)),
        (t("dashboard.summary.overdue"), t("dashboard.summary.cities_of", n=s.overdue, total=s.cities)),
        (t("dashboard.summary.reports"), t("dashboard.summary.reports_value", n=reports, quarter=last or "—")),
    ]
    divided = [c for c in dashboard.portfolio.sorted_cities() if c.buildings]
    for i, city in enumerate(divided[:AREAS_SHOWN]):  # where the register was imported: signs per area
        lines.append((t("dashboard.summary.areas") if i == 0 else "", f"{city.name}: {areas_text(city)}"))
    if len(divided) > AREAS_SHOWN:
        lines.append(("", t("dashboard.summary.more_cities", n=len(divided) - AREAS_SHOWN)))
    # Two columns: a long value (a municipality's many areas) wraps within its own, never under the labels.
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for label, value in lines:
        grid.add_row(Text(label), Text(value))
    return grid


class SummaryScreen(DashboardChild):
    CSS_PATH = "summary.tcss"

    def __init__(self, dashboard: "Dashboard") -> None:
        super().__init__(dashboard, name="summary")
        bindings.install(self, "summary", "changes", "language")

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Header()
        yield Static("", id="changes", markup=False)
        yield Static(totals_text(self.dashboard), id="summary-totals", markup=False)
        yield Static(t("dashboard.summary.chart_title"), id="chart-title", markup=False)
        yield PlotextPlot(id="chart")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = t("dashboard.summary.title")
        self.draw(progress_over_time(self.dashboard.portfolio, self.dashboard.catalog, self.dashboard.today))
        self.follow_dashboard()

    def cities_changed(self, codes: tuple[str, ...]) -> None:
        """Totals and chart follow the portfolio (the banner follows in :class:`DashboardChild`)."""
        self.query_one("#summary-totals", Static).update(totals_text(self.dashboard))
        self.draw(progress_over_time(self.dashboard.portfolio, self.dashboard.catalog, self.dashboard.today))

    def draw(self, points: list[Point]) -> None:
        from textual_plotext import PlotextPlot

        chart = self.query_one("#chart", PlotextPlot)
        plt = chart.plt
        plt.clear_figure()
        drawn = False
        for share, label in ((lambda p: p.checklist, "line_checklist"), (lambda p: p.signs, "line_signs")):
            xs, ys = percents(points, share)
            if xs:  # a line of nothing but 0-of-0 points is not drawn (nor could plotext draw it)
                plt.plot(xs, ys, label=t(f"dashboard.summary.{label}"), marker="braille")
                drawn = True
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100])
        if drawn:  # plotext places the month labels along the drawn lines
            step = max(2, len(points) // 6)  # labels apart, so plotext never has to shift one that would overlap
            ticks = list(range(len(points) - 1, -1, -step))[::-1]
            positions: list[float] = list(ticks)  # the type plotext declares; the same int values
            plt.xticks(positions, [points[i].day.strftime("%Y-%m") for i in ticks])
        chart.refresh()  # drawn again when the portfolio changed while the screen is open

    def action_back(self) -> None:
        self.dismiss()

    def help_topic(self) -> HelpTopic:
        return HelpTopic(t("dashboard.summary.title"), t("dashboard.help.summary_intro"), ("summary", "changes"))
