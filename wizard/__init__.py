"""huskurage: plan and track a Huskurage rollout at a Swedish landlord."""

import os as _os

__version__ = "0.1.0"

if _os.environ.get("HUSKURAGE_WITHOUT"):  # the tests' stand-in for Windows: wizard/without.py
    from wizard.without import hide as _hide

    _hide(_os.environ["HUSKURAGE_WITHOUT"])
