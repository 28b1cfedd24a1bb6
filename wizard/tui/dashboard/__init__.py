"""The dashboard (issue 5): where a returning security manager lands, month after month.

- ``screen.py``   the portfolio table: one row per municipality, filter, sort, outside changes
- ``city.py``     one municipality: checklist, partners, follow-ups, signs and report counts
- ``summary.py``  totals and progress over time as a chart
- ``rows.py``, ``timeline.py``, ``edits.py``  what they show and change, without Textual
- ``protocol.py`` what the screens above the table may ask of it (they never import ``screen.py``)
- ``child.py``    what those screens share: the banner, the keys they pass on, leaving through the table
- ``landing.py``  whether ``huskurage DIR`` opens here or in the wizard

Its keys are in the app's one keymap (``wizard/tui/keymap.py``), its F1 and Ctrl+P are the app's
(``help.py``, ``commands.py``), and it saves and settles conflicts through ``wizard/tui/saving.py``.
"""
