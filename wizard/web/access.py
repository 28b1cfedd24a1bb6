"""Who may use a served portfolio: one random access token, compared in constant time.

Kept free of any web library so the rules can be tested on their own. A token is
43 URL-safe characters (32 random bytes, :func:`secrets.token_urlsafe`); a token
file holds one on its first line, and a missing token file is created with a new
token readable by its owner only, so a restarted server keeps the colleagues'
links working.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
from pathlib import Path

#: The longest token compared at all: anything longer is refused before any work is done on it.
MAX_TOKEN = 256
#: A token read from a file must be at least this long (128 bits as URL-safe base64 is 22 characters).
MIN_TOKEN = 22
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")


class TokenFileError(Exception):
    """The token file cannot be used; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def new_token() -> str:
    return secrets.token_urlsafe(32)


def matches(given: str | None, token: str) -> bool:
    """Whether ``given`` is the token, in time that does not depend on where they differ.

    ``hmac.compare_digest`` on bytes: on ``str`` it refuses non-ASCII text with
    a TypeError, and a request may carry any characters.
    """
    if not given or len(given) > MAX_TOKEN:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode("ascii"))


def valid(token: str) -> bool:
    return MIN_TOKEN <= len(token) <= MAX_TOKEN and _TOKEN.fullmatch(token) is not None


def from_file(path: Path) -> tuple[str, bool]:
    """The token kept in ``path`` and whether it was made just now (the file did not exist)."""
    from wizard.i18n import t

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        token = new_token()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(token + "\n")
        except OSError as e:
            raise TokenFileError(t("cli.serve.token_file_unwritable", path=str(path), error=e.strerror or str(e))) from None
        return token, True
    except (OSError, UnicodeDecodeError) as e:
        raise TokenFileError(t("cli.serve.token_file_unreadable", path=str(path), error=getattr(e, "strerror", None) or str(e))) from None
    token = text.splitlines()[0].strip() if text.strip() else ""
    if not valid(token):
        raise TokenFileError(t("cli.serve.token_file_weak", path=str(path), min=MIN_TOKEN))
    return token, False
