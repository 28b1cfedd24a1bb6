"""The Jinja2 environments that turn the templates in ``output/`` into text, built once per process.

``render(name, **context)`` renders one template: ``*.html.j2`` and ``*.svg.j2`` autoescaped,
``*.md.j2`` with every ``{{ value }}`` passed through :func:`md_escape` (the
environment's ``finalize``) unless it is ``Markup``. Compiled templates are
kept in memory for the process and in jinja2's bytecode cache between runs.
jinja2 is imported when the first template is rendered, not before.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from wizard.documents.formatting import fmt_date, md_escape

_PACKAGE = Path(__file__).resolve().parent.parent  # wizard/
TEMPLATE_DIR_CANDIDATES = (
    _PACKAGE / "output",  # inside the installed wheel
    _PACKAGE.parent / "output",  # source checkout
)


def template_dir() -> Path:
    for candidate in TEMPLATE_DIR_CANDIDATES:
        if (candidate / "action-plan.md.j2").is_file():
            return candidate
    raise FileNotFoundError("output/ templates not found")


@lru_cache(maxsize=2)
def environment(kind: str = "md") -> Any:
    """The Jinja2 environment for ``kind`` ("md" or "html"), built once; templates compiled once.

    HTML is autoescaped. Markdown has no autoescape; instead ``finalize``
    passes every ``{{ value }}`` through :func:`md_escape` unless it is
    ``Markup``, so user text can never become Markdown or HTML.
    """
    import jinja2
    from markupsafe import Markup

    from wizard.terminal import inert

    # The same few thousand texts (names, roles, dates, numbers) are escaped
    # over and over: ~110,000 values, ~8,000 distinct, for 290 municipalities.
    escape_text = lru_cache(maxsize=16384)(md_escape)

    def md_finalize(value: Any) -> Any:
        if value is None:
            return ""
        if type(value) is str:
            return escape_text(value)
        return value if isinstance(value, Markup) else md_escape(value)

    def html_finalize(value: Any) -> Any:
        if value is None:
            return ""
        return inert(value) if type(value) is str else value  # autoescape does the rest

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        autoescape=kind == "html",
        finalize=md_finalize if kind == "md" else html_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["date"] = fmt_date
    return env


@lru_cache(maxsize=1)
def _bytecode_cache() -> Any:
    """Templates compiled once, not once per run: jinja2's bytecode cache.

    Its default folder is per user in the system temp folder, created private
    (0700) and refused when someone else owns it. An entry is used only when
    the template's source and the jinja2/Python versions match. The cache is
    an optimization: when it cannot be read or written, templates are simply
    compiled from source (None: no safe folder at all).
    """
    import jinja2

    class QuietCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, EOFError, ValueError, TypeError):  # unreadable or damaged entry
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    try:
        return QuietCache()
    except (OSError, RuntimeError):
        return None


def render(name: str, **context: Any) -> str:
    """The template ``output/<name>`` rendered with ``context``."""
    kind = "html" if name.endswith((".html.j2", ".svg.j2")) else "md"
    return environment(kind).get_template(name).render(**context)
