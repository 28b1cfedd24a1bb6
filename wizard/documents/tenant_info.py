"""tenant-info/<code>-<slug>: the tenant letter of one municipality, in its sign languages.

Three forms of one letter: ``.md`` for colleagues (``output/tenant-info.md.j2``),
``.html`` and ``.pdf`` for tenants (``output/tenant-info.html.j2``: a letterhead
with the company, the date and how to reach it, the letter, and the insert for
new tenancy contracts on a page of its own). The words are the same in all three.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from wizard.documents import environment

if TYPE_CHECKING:
    from wizard.documents.view import PortfolioView
    from wizard.model import City


def render(view: PortfolioView, city: "City") -> str:
    """tenant-info/<code>-<slug>.md: the letter to the tenants of one municipality, one per sign language."""
    return environment.render("tenant-info.md.j2", **_context(view, city))


def render_html(view: PortfolioView, city: "City") -> str:
    """tenant-info/<code>-<slug>.html: the same letter as a printable A4 page for every household."""
    return environment.render("tenant-info.html.j2", **_context(view, city))


def render_pdf(view: PortfolioView, city: "City") -> bytes:
    """tenant-info/<code>-<slug>.pdf: the letter as the households get it, the contract insert on its own page."""
    from wizard.documents import pdf

    return pdf.render(render_html(view, city))


def _context(view: PortfolioView, city: "City") -> dict[str, Any]:
    from wizard.documents.formatting import long_date

    v = view.city_view(city)
    letters = [
        {
            **block,
            "t": partial(_t_in, view, block["lang"]),
            "commitment": view.commitment_name(v.tenant_commitment, block["lang"]) if v.tenant_commitment else "",
            "banner": view.banner(block["lang"]),
            "date": long_date(view.today, block["lang"]),
            "dir": view.direction(block["lang"]),
            "html_lang": view.html_lang(block["lang"]),
        }
        for block in view.sign_languages(city)
    ]
    route = view.reporting(city)
    return {
        "letters": letters,
        "lang": letters[0]["lang"],
        "company": view.settings.company.name or "–",
        "city": v.name,
        "home_visits": view.settings.action_plan.home_visits,
        "print_id": view.print_id(city, "letter", v.languages[0]),
        "sender": [x.strip() for x in ((route.phone, route.web) if route else ()) if x.strip()],
    }


def _t_in(view: "PortfolioView", lang: str, key: str, **params: Any) -> str:
    return view.t(key, lang, **params)
