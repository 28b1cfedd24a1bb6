"""The ten steps of the wizard, as data: number, key, and where the step's widget lives.

Importing this module is cheap; a step's module (and its widgets) is imported
only when the user first opens that step (``base.step_class``, STYLE.md 18). Titles and help come
from ``strings/tui.toml`` under ``step.<key>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.i18n import t


@dataclass(frozen=True)
class StepInfo:
    number: int
    key: str
    module: str
    cls: str

    @property
    def title(self) -> str:
        return t(f"tui.step.{self.key}.title")

    @property
    def short(self) -> str:
        return t(f"tui.step.{self.key}.short")

    @property
    def help(self) -> str:
        return t(f"tui.step.{self.key}.help")


STEPS: tuple[StepInfo, ...] = (
    StepInfo(1, "company", "company", "CompanyStep"),
    StepInfo(2, "huskurage", "huskurage", "HuskurageStep"),
    StepInfo(3, "municipalities", "municipalities", "MunicipalitiesStep"),
    StepInfo(4, "resources", "resources", "ResourcesStep"),
    StepInfo(5, "advice", "advice", "AdviceStep"),
    StepInfo(6, "partners", "partners", "PartnersStep"),
    StepInfo(7, "action_plan", "action_plan", "ActionPlanStep"),
    StepInfo(8, "signs", "signs", "SignsStep"),
    StepInfo(9, "follow_up", "follow_up", "FollowUpStep"),
    StepInfo(10, "review", "review", "ReviewStep"),
)


def step(number: int) -> StepInfo:
    return STEPS[number - 1]
