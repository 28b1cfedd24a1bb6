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
    """Whether every company-level step is done (or done with warnings), as the wizard's step list would show it.

    Only those steps' states are worked out, from the findings they own (``validation.validate_company``). With
    290 municipalities and 6,000 entrances the whole validation took most of the dashboard's own start-up, for
    findings this choice never reads.
    """
    from wizard.tui.steps import STEPS
    from wizard.tui.steps.state import DONE, WARNINGS, step_states, visited
    from wizard.validation import validate_company

    company = {info.number for info in STEPS if info.key in COMPANY_STEPS}
    findings = validate_company(session.portfolio, session.catalog, sources=session.store.sources, today=today)
    states = step_states(session.portfolio, session.catalog, findings, visited(session.drafts), numbers=company)
    return all(state in (DONE, WARNINGS) for state in states.values())
