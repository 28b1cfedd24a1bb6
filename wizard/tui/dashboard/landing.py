"""Where ``huskurage DIR`` lands: the dashboard once the company-level wizard steps are done.

The steps' state comes from the wizard's own computation
(:func:`wizard.tui.steps.state.step_states`), so the wizard's sidebar and
this choice never disagree. Company-level steps are those answered once for
the whole company; the municipality steps (3, 4, 6, 8) are what the dashboard
itself follows up, city by city.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.tui.session import Session

COMPANY_STEPS = ("company", "huskurage", "advice", "action_plan", "follow_up")


def company_steps_done(session: "Session", today: dt.date | None = None) -> bool:
    from wizard.tui.steps import STEPS
    from wizard.tui.steps.state import DONE, WARNINGS, step_states, visited

    states = step_states(session.portfolio, session.catalog, session.findings(today), visited(session.drafts))
    return all(states[info.number] in (DONE, WARNINGS) for info in STEPS if info.key in COMPANY_STEPS)
