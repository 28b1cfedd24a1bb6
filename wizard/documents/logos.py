"""The logos on the signs and in ``plan.toml``: read from the portfolio's ``logos/`` folder, safely, once per export."""

from __future__ import annotations

import base64
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Callable

from wizard import model
from wizard.i18n import t

if TYPE_CHECKING:
    from wizard.model import City, Portfolio

LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
LOGO_MAX_BYTES = 2 * 1024 * 1024


def read_logo(root: Path, path: str) -> bytes:
    """The bytes of a logo inside ``root/logos``; ValueError with a localized reason otherwise.

    Refuses absolute paths, ``..``, symbolic links anywhere below ``root``,
    unknown image types and files over :data:`LOGO_MAX_BYTES`.
    """
    rel = PurePosixPath(path.replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise ValueError(t("exports.logo.outside"))
    if rel.parts[0] != model.LOGOS_DIR:
        rel = PurePosixPath(model.LOGOS_DIR, *rel.parts)
    if len(rel.parts) < 2:
        raise ValueError(t("exports.logo.outside"))
    if rel.suffix.lower() not in LOGO_TYPES:
        raise ValueError(t("exports.logo.type"))
    current = Path(root)
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            raise ValueError(t("exports.logo.symlink"))
    if not current.is_file():
        raise ValueError(t("exports.logo.missing"))
    base = (Path(root) / model.LOGOS_DIR).resolve()
    if base not in current.resolve().parents:
        raise ValueError(t("exports.logo.outside"))
    if current.stat().st_size > LOGO_MAX_BYTES:
        raise ValueError(t("exports.logo.too_large", mb=LOGO_MAX_BYTES // (1024 * 1024)))
    return current.read_bytes()


def _logo_key(path: str) -> str:
    rel = PurePosixPath(path.replace("\\", "/"))
    return str(rel if rel.parts and rel.parts[0] == model.LOGOS_DIR else PurePosixPath(model.LOGOS_DIR, *rel.parts))


class Logos:
    """Logos read once per export; refused ones reported through ``progress``."""

    def __init__(self, root: Path | None, progress: Callable[[str], None] | None) -> None:
        self.root = root
        self.progress = progress
        self.data: dict[str, bytes] = {}
        self.refused: dict[str, str] = {}
        self.reported: set[tuple[str, str]] = set()

    def get(self, path: str, city_name: str) -> bytes | None:
        key = _logo_key(path)
        if key in self.data:
            return self.data[key]
        if self.root is None:
            return None
        if key not in self.refused:
            try:
                self.data[key] = read_logo(self.root, path)
                return self.data[key]
            except (ValueError, OSError) as e:
                self.refused[key] = str(e) if isinstance(e, ValueError) else (e.strerror or str(e))
        if self.progress and (key, city_name) not in self.reported:
            self.reported.add((key, city_name))
            self.progress(t("exports.progress_msg.logo_skipped", logo=path, city=city_name, reason=self.refused[key]))
        return None

    def uris(self, city: "City", city_name: str) -> list[tuple[str, str]]:
        """(name, ``data:`` URI) of each logo of the city's sign that could be read."""
        out = []
        for path in city.sign.logos:
            data = self.get(path, city_name)
            if data is not None:
                mime = LOGO_TYPES[PurePosixPath(path).suffix.lower()]
                out.append((PurePosixPath(path).stem, f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"))
        return out

    def all(self, portfolio: "Portfolio", city_name: Callable[["City"], str]) -> dict[str, bytes]:
        """Every logo of every city of the whole portfolio (not only the selected cities), by path."""
        for city in portfolio.sorted_cities():
            for path in city.sign.logos:
                self.get(path, city_name(city))
        return dict(sorted(self.data.items()))
