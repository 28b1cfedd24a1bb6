"""ExportError: why an export or a document could not be made, in the user's language."""

from __future__ import annotations

from typing import Any

from wizard.i18n import t


class ExportError(Exception):
    """Why an export could not be written; ``message`` is localized, ``code``/``params`` stable."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        self.message = t(f"exports.error.{code}", **params)
        super().__init__(self.message)
