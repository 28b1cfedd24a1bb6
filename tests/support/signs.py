"""The worst case a sign must still carry on one page, shared by the Chromium and the PDF tests."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from wizard.demo import demo_portfolio
from wizard.model import Partner


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain one-colour PNG, made here so no test depends on an image file."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


CUSTOM_STEPS = [
    "Ring 112 direkt om du hör skrik, slag eller hot genom väggen – vänta inte på att någon annan ska göra det.",
    "Ring sedan på hos grannen och fråga hur det står till, men gå aldrig in i lägenheten och ställ dig inte i vägen.",
    "Ta gärna med dig en annan granne, bovärden eller någon från styrelsen så att ni är två eller fler.",
    "Gå därefter tillbaka in i din egen lägenhet och lås dörren; vänta på polisen där och öppna bara för dem.",
    "Berätta för oss på kundtjänsten nästa vardag vad du hörde, så att vi kan göra ett hembesök.",
    "Om du är osäker: ring Kvinnofridslinjen och rådgör, dygnet runt och utan att det syns på telefonräkningen.",
]

EXTRA_PARTNERS = [
    Partner("victim_support", "Brottsofferjouren Stockholm, lokalkontoret i city", "08-46 500 409", "Vardagar 09–15"),
    Partner("womens_shelter", "Tjejjouren Stockholm Norr med chatt och telefon", "08-46 500 410", "Mån–tor 18–21"),
    Partner("disturbance_on_call", "Securitas störningsjour för området Norrmalm", "08-46 500 411", "Kvällar, nätter och helger"),
    Partner("womens_shelter", "Kvinnojouren Stockholm Söder, jourtelefon", "08-46 500 412", "Alla dagar 10–22"),
    Partner("social_services", "Socialtjänsten Norrmalm, mottagningen för barn och unga", "08-46 500 413", "Vardagar 08–16"),
    Partner("victim_support", "Brottsofferjouren, stödcentrum för unga brottsutsatta", "08-46 500 414", "Vardagar 10–16"),
    Partner("disturbance_on_call", "Störningsjouren Stockholms hyresvärdar, gemensam", "08-46 500 415", "Sön–tor 20–03, fre–lör 20–04"),
]


def crowded_portfolio(root: Path):
    """As much as a sign can reasonably carry: six long own steps and the child step, two languages,
    three logos, seven partners more than the demo's, two extra lines."""
    (root / "logos").mkdir(parents=True)
    for i, colour in enumerate([(200, 30, 30), (30, 30, 200), (30, 150, 30)]):
        (root / "logos" / f"logo{i}.png").write_bytes(png(120, 40, colour))
    p = demo_portfolio()
    p.settings.advice.variant = "custom"
    p.settings.advice.custom_steps = list(CUSTOM_STEPS)
    city = p.cities["0180"]
    city.sign.logos = [f"logos/logo{i}.png" for i in range(3)]
    city.sign.extra_lines = [
        "Frågor? Ring vår kundtjänst 08-46 500 400, vardagar 08–16.",
        "Läs mer på vår webbplats under Trygghet.",
    ]
    city.partners += [Partner(**vars(p)) for p in EXTRA_PARTNERS]
    return p
