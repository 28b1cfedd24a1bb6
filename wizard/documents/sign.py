"""signs/<code>-<slug>.html: the stairwell sign of one municipality (template ``output/sign.html.j2``).

One print-ready A4 page, standing alone (logos embedded), in the city's sign
languages. The page must never spill onto a second one, so the sign's height
is estimated here before it is rendered: the roomiest of
:data:`SIGN_DENSITIES` that fits, and beyond the tightest, the body zoomed
down as a whole (``test_sign_chromium.py`` prints every sign in Chromium: one page each).
"""

from __future__ import annotations

import datetime as dt
import weakref
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from wizard import __version__
from wizard.documents import environment

if TYPE_CHECKING:
    from wizard.catalog import Catalog
    from wizard.documents.view import NumberRow, PortfolioView
    from wizard.model import City, Portfolio


def render(view: PortfolioView, city: "City") -> str:
    """signs/<code>-<slug>.html: one A4 page in the city's sign languages, laid out to fit the page."""
    return environment.render("sign.html.j2", **_context(view, city))


def _context(view: PortfolioView, city: "City", zoom: float | None = None, grow: bool = False) -> dict[str, Any]:
    """What the template shows; ``zoom`` shrinks the body further than the estimate would (or, ``grow``, less)."""
    logos = view.logos.uris(city, view.city_name(city))
    v = view.city_view(city)
    blocks = view.sign_languages(city)
    primary = blocks[0]
    # Custom steps are the company's own words, in one language: show them once.
    step_rows = []
    for i, step in enumerate(primary["steps"]):
        others = _distinct((b["lang"], b["steps"][i]) for b in blocks if i < len(b["steps"]))[1:]
        step_rows.append((step, others))
    local_rows = list(zip(*(b["local"] for b in blocks), strict=True))
    national_rows = list(zip(*(b["national"] for b in blocks), strict=True))
    pairs = {key: _distinct((b["lang"], b[key]) for b in blocks if b[key]) for key in ("acute", "question", "also", "adaptation", "report")}
    acute, questions, also, adaptation, report = (pairs[k] for k in ("acute", "question", "also", "adaptation", "report"))
    # Each extra line in every sign language where the company wrote it (else once, as written).
    extra_rows = [_distinct((b["lang"], b["extra"][i]) for b in blocks) for i in range(len(primary["extra"]))]
    extra_lines = [line for row in extra_rows for _, line in row]
    fixed = _sign_fixed_height(len(blocks), bool(view.findings))
    fixed += _boxes_height(also, adaptation, report)
    density = next(
        (
            d
            for d in SIGN_DENSITIES
            if fixed + _sign_height(d, step_rows, local_rows, national_rows, extra_lines, bool(logos), len(blocks))
            <= SIGN_USABLE_MM
        ),
        SIGN_DENSITIES[-1],
    )
    # Beyond the tightest layout, shrink the body as a whole rather than spill onto a second page.
    estimate = 1.0
    while estimate > MIN_ZOOM and fixed + _sign_height(
        density, step_rows, local_rows, national_rows, extra_lines, bool(logos), len(blocks), estimate
    ) > SIGN_USABLE_MM:
        estimate = round(estimate - 0.02, 2)
    z = estimate if zoom is None else zoom if grow else min(estimate, zoom)
    return dict(
        lang=primary["lang"],
        langs=v.languages,
        html_lang={lg: view.html_lang(lg) for lg in v.languages},
        direction={lg: view.direction(lg) for lg in v.languages},
        tr=lambda lg, key, **kw: view.t(key, lg, **kw),
        company=view.settings.company.name,
        city=v.name,
        code=city.code,
        step_rows=step_rows,
        acute=acute,
        questions=questions,
        also_number=view.also_number if also else "",
        also=also,
        adaptation=adaptation,
        report=report,
        print_id=view.print_id(city, "sign", primary["lang"]),
        local_rows=local_rows,
        national_rows=national_rows,
        hours_of=hours_of,
        extra_rows=extra_rows,
        logos=logos,
        density=density,
        footer_mm=_sign_fixed_height(len(blocks), False),
        zoom_style=f"--z: {z:.2f}" if z < 1 else "",
        zoom=z,
        banner=view.banner(primary["lang"]),
        version=__version__,
        today=view.today,
    )


def preview_lines(view: PortfolioView, city: "City") -> list[str]:
    """The sign's words as lines, in its first language and in the order the printed page has them.

    The wizard's step 8 shows these as its preview: the same view, the same
    strings and the same advice, numbers and extra lines as :func:`render`,
    so the preview never says what the printed sign does not (issue 16: it
    headed "Hör du våld hos en granne?" where the sign asks "Är du orolig
    för att en granne far illa?").
    """
    primary = view.sign_languages(city)[0]
    lg = primary["lang"]
    lines = [view.t("sign.title", lg), primary["question"], "", view.t("sign.do_this", lg)]
    lines += [f"{i}. {step}" for i, step in enumerate(primary["steps"], 1)]
    if primary["adaptation"]:
        lines += ["", primary["adaptation"]]
    lines += ["", f"112  {primary['acute'] or view.t('sign.emergency', lg)}"]
    if primary["also"]:
        lines.append(f"{view.also_number}  {primary['also']}")
    if primary["report"]:
        lines += ["", primary["report"]]
    lines += ["", view.t("sign.local_heading", lg, city=view.city_view(city).name)]
    lines += [_number_line(row) for row in primary["local"]]
    lines += ["", view.t("sign.national_heading", lg)]
    lines += [_number_line(row) for row in primary["national"]]
    if primary["extra"]:
        lines += ["", *primary["extra"]]
    if view.settings.company.name:
        lines += ["", view.t("sign.footer", lg, company=view.settings.company.name)]
    return lines


def _number_line(row: "NumberRow") -> str:
    label = f"{row.label} ({row.sublabel})" if row.sublabel else row.label
    return f"{label}: {row.number}" + (f", {row.hours}" if row.hours else "")


def render_pdf(view: PortfolioView, city: "City") -> bytes:
    """signs/<code>-<slug>.pdf: the same sign as one A4 page of PDF for the print shop."""
    from wizard.documents import pdf

    return pdf.write([_one_page(view, city)])


def render_all_pdf(view: PortfolioView) -> bytes:
    """signs.pdf: every selected municipality's sign, one page each in kommunkod order, for the print shop.

    A municipality whose areas have partners of their own gets a page per such area after its own.
    """
    from wizard.documents import pdf

    docs = [
        _one_page(view, place)
        for city in view.portfolio.sorted_cities()
        if city.code not in view.held
        for place in view.sign_places(city)  # an area with partners of its own: its page after the municipality's
    ]
    return pdf.write(docs, title=view.t("sign.print_title", company=view.settings.company.name or "–"))


# The signs laid out for one export: signs.pdf and signs/<code>.pdf print the same pages, laid out once;
# a page is a municipality's or one of its areas' (the key PortfolioView.city_view uses).
_LAID_OUT: "weakref.WeakKeyDictionary[PortfolioView, dict[tuple[str, str], Any]]" = weakref.WeakKeyDictionary()


def _one_page(view: PortfolioView, city: "City") -> Any:
    """The sign laid out by the PDF renderer, as large as fits one page: the estimate is only an estimate.

    Shrunk step by step while it spills onto a second page; a sign the estimate
    shrank is grown back to the largest zoom that fits, found by halving (a few layouts).
    Each layout takes a second or more, so a view lays out each city's sign once.
    """
    laid_out = _LAID_OUT.setdefault(view, {})
    key = (city.code, city.sign_area)
    if key not in laid_out:
        laid_out[key] = _fit(view, city)
    return laid_out[key]


def _fit(view: PortfolioView, city: "City") -> Any:
    from wizard.documents import pdf

    def layout(zoom: float | None = None, grow: bool = False) -> Any:
        return pdf.document(environment.render("sign.html.j2", **_context(view, city, zoom, grow)))

    zoom = _context(view, city)["zoom"]
    doc = layout()
    while len(doc.pages) > 1 and zoom > MIN_ZOOM:
        zoom = round(zoom - ZOOM_STEP, 2)
        doc = layout(zoom)
    if len(doc.pages) > 1:
        return doc  # even the smallest readable zoom spills over: printed as it is
    # The largest zoom that still fits, between the one that fits and 1, found by halving.
    larger = [round(zoom + ZOOM_STEP * i, 2) for i in range(1, int((1 - zoom) / ZOOM_STEP + 1e-9) + 1)]
    if zoom < 1 and (not larger or larger[-1] < 1):
        larger.append(1.0)
    lo, hi = 0, len(larger)  # larger[:lo] fit; larger[hi:] do not
    while lo < hi:
        mid = (lo + hi) // 2
        bigger = layout(larger[mid], grow=True)
        if len(bigger.pages) > 1:
            hi = mid
        else:
            doc, lo = bigger, mid + 1
    return doc


# Sign layout: the densities of sign.html.j2 (step font size in pt, gap below a
# step in mm, scale of the number rows) and the height one A4 page offers
# inside the margins, kept a little short of 297 - 20 mm for safety.
SIGN_DENSITIES = ("roomy", "normal", "dense", "tight")
_SIGN_STYLE = {"roomy": (22, 5.0, 1.0), "normal": (20, 4.0, 1.0), "dense": (17, 2.5, 0.92), "tight": (15, 1.5, 0.8)}
SIGN_USABLE_MM = 272.0
ZOOM_STEP = 0.04
MIN_ZOOM = 0.5  # below this a sign is no longer readable from a step away: print it as it is
_PT = 0.3528  # mm per point


@lru_cache(maxsize=8192)
def _text_lines(text: str, width_mm: float, pt: float, em: float = 0.62) -> int:
    """Lines a text wraps to: DejaVu Sans Bold averages about 0.62 em per character."""
    per_line = max(1, int(width_mm / (pt * _PT * em)))
    words, lines, used = text.split(), 1, 0
    for w in words:
        n = len(w) + (1 if used else 0)
        if used and used + n > per_line:
            lines, used = lines + 1, len(w)
        else:
            used += n
    return lines


def _sign_height(
    density: str,
    steps: list[tuple[str, list[tuple[str, str]]]],
    local: list[tuple[NumberRow, ...]],
    national: list[tuple[NumberRow, ...]],
    extra: list[str],
    has_logos: bool,
    languages: int,
    zoom: float = 1.0,
) -> float:
    """A conservative estimate of the sign's body (all but footer and banner) in mm.

    ``zoom`` < 1 shrinks the body: everything gets smaller, and the text also
    wraps into fewer lines because the zoomed box is relatively wider.
    """
    pt, gap, scale = _SIGN_STYLE[density]
    z = zoom
    width = (182 - (pt * 1.7 * _PT + pt * 0.5 * _PT) * z) / z  # page minus margins, number badge and its gap
    height: float = (30 if density in ("roomy", "normal") else 26) + 5 * (languages - 1)  # header
    height += 10 + 4 * (languages - 1)  # "do this"
    for primary, others in steps:
        height += _text_lines(primary, width, pt) * pt * 1.22 * _PT + gap
        for _, other in others:
            height += _text_lines(other, width, pt * 0.72, 0.55) * pt * 0.72 * 1.22 * _PT + 0.5
    height += 36 * scale  # the 112 box with the acute line

    label_width = (88 - 33 * z) / z  # half the page minus the number column (31 mm + gap)

    def rows(table: list[tuple[NumberRow, ...]]) -> float:
        total = 12.0 * scale  # heading
        for row in table:
            first = row[0]
            left = _text_lines(first.label, label_width, 10 * scale) * 4.3
            subs = {r.sublabel for r in row if r.sublabel} | {r.label for r in row[1:] if r.label != first.label}
            left += sum(_text_lines(x, label_width, 8 * scale, 0.55) * 3.4 for x in subs)
            right = 5.0 + sum(_text_lines(h, 31, 8 * scale, 0.55) * 3.4 for h in hours_of(row))
            total += max(left, right) * scale + 2.2
        return total

    height += max(rows(local), rows(national))
    height += sum(_text_lines(x, 182 / z, 12, 0.55) * 5.2 + 1 for x in extra) + (3 if extra else 0)
    height += 20 if has_logos else 0
    return height * z


def hours_of(row: "tuple[NumberRow, ...]") -> list[str]:
    """A number's hours in each sign language that says them differently, first language first, each on its own line."""
    return list(dict.fromkeys(r.hours for r in row if r.hours))


def _distinct(lines: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(language, line) with each line once, in order: words not translated are not repeated under themselves."""
    seen: set[str] = set()
    out = []
    for lang, line in lines:
        if line not in seen:
            seen.add(line)
            out.append((lang, line))
    return out


def _boxes_height(also: list[tuple[str, str]], adaptation: list[tuple[str, str]], report: list[tuple[str, str]]) -> float:
    """The adaptation line, the second number in the red box and the reporting route, in mm (at full size)."""
    height = sum(_text_lines(x, 182, 10, 0.55) * 4.3 for _, x in adaptation) + (2 if adaptation else 0)
    height += sum(_text_lines(x, 140, 13, 0.62) * 5.6 for _, x in also) + (6 if also else 0)
    height += sum(_text_lines(x, 172, 13, 0.6) * 5.6 for _, x in report) + (8 if report else 0)
    return height


def _sign_fixed_height(languages: int, banner: bool) -> float:
    """The footer (and the open-findings banner), which never shrink."""
    return 24 + 12 * (languages - 1) + (12 if banner else 0)  # company line, slogan and "read more" per language


# ------------------------------------------------------------------ signs that went stale


def fingerprint_of(portfolio: "Portfolio", city: "City", catalog: "Catalog", today: dt.date) -> str:
    """:meth:`PortfolioView.sign_fingerprint` of one city's sign as it would be printed today (for ``mark … print_signs done``)."""
    from wizard.documents.view import PortfolioView

    return PortfolioView(portfolio, "sv", today, catalog=catalog).sign_fingerprint(city)


def stale_cities(portfolio: "Portfolio", catalog: "Catalog", today: dt.date, cities: Iterable["City"]) -> list["City"]:
    """The cities among ``cities`` whose printed sign no longer says what the plan says."""
    from wizard.documents.view import PortfolioView

    return PortfolioView(portfolio, "sv", today, catalog=catalog).stale_signs(cities)
