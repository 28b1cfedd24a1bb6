"""Every exported document (being moved here from ``wizard/exports.py``)."""
