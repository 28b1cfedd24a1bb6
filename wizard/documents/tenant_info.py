"""tenant-info/<code>-<slug>.md: the tenant letter of one municipality (template ``output/tenant-info.md.j2``)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from wizard.documents import environment

if TYPE_CHECKING:
    from wizard.documents.view import PortfolioView
    from wizard.model import City


def render(view: PortfolioView, city: "City") -> str:
    """tenant-info/<code>-<slug>.md: the letter to the tenants of one municipality, one per sign language."""
    v = view.city_view(city)
    letters = [
        {
            **block,
            "t": partial(_t_in, view, block["lang"]),
            "commitment": view.commitment_name(v.tenant_commitment, block["lang"]) if v.tenant_commitment else "",
            "banner": view.banner(block["lang"]),
        }
        for block in view.sign_languages(city)
    ]
    return environment.render(
        "tenant-info.md.j2",
        letters=letters,
        company=view.settings.company.name or "–",
        city=v.name,
        home_visits=view.settings.action_plan.home_visits,
        extra_lines=[x for x in city.sign.extra_lines if x.strip()],
        print_id=view.print_id(city, "letter", v.languages[0]),
    )


def _t_in(view: "PortfolioView", lang: str, key: str, **params: Any) -> str:
    return view.t(key, lang, **params)
