"""The logos on the signs and in ``plan.toml``: read from the portfolio's ``logos/`` folder, safely, once per export."""

from __future__ import annotations

import base64
import errno
import os
import re
import stat as stat_mod
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

# What each kind of image starts with: a file named .png must be one.
_MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
# An SVG is a document that can hold scripts, event handlers, foreign HTML and links to other
# files. A logo needs none of that: such an SVG is refused, never embedded as live content.
_SVG_ACTIVE = re.compile(
    rb"<\s*script|<\s*foreignobject|<!entity|<!doctype|javascript:|\son[a-z]+\s*=|<\s*iframe|<\s*embed|<\s*object"
    rb"|(?:xlink:)?href\s*=\s*[\"'](?!#|data:image/)",
    re.IGNORECASE,
)


def check_image(data: bytes, suffix: str) -> None:
    """ValueError (localized) unless ``data`` is a picture of the kind its name says, and an SVG a passive one."""
    mime = LOGO_TYPES[suffix.lower()]
    if mime == "image/svg+xml":
        head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
        if b"<svg" not in head.lower() or not head.startswith((b"<svg", b"<?xml", b"<!--")):
            raise ValueError(t("exports.logo.not_an_image"))
        if _SVG_ACTIVE.search(data):
            raise ValueError(t("exports.logo.svg_active"))
        return
    if mime == "image/webp":
        ok = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    else:
        ok = data.startswith(_MAGIC[mime])
    if not ok:
        raise ValueError(t("exports.logo.not_an_image"))


def read_logo(root: Path, path: str) -> bytes:
    """The bytes of a logo inside ``root/logos``; ValueError with a localized reason otherwise.

    Refuses absolute paths, ``..``, unknown image types, files over
    :data:`LOGO_MAX_BYTES`, a file that is not the picture its name says and
    an SVG with scripts or links (:func:`check_image`), and anything that
    would bring in a file from outside the portfolio: a symbolic link
    anywhere below ``root``, a file with more than one name (a hard link to
    ``/etc/passwd`` is that file), one on another device than the portfolio
    (a mount), or anything but a regular file (a FIFO, a device). Every step
    is taken relative to the folder before it, opened without following a
    link, and the checks are made on the file as opened, so nothing can be
    swapped in between.
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
    root_fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    fds = [root_fd]
    try:
        root_dev = os.fstat(root_fd).st_dev
        for part in rel.parts[:-1]:
            fds.append(_open_below(fds[-1], part, os.O_RDONLY | _DIRECTORY))
        fd = _open_below(fds[-1], rel.parts[-1], os.O_RDONLY | _NONBLOCK)
        fds.append(fd)
        st = os.fstat(fd)
        if not stat_mod.S_ISREG(st.st_mode):
            raise ValueError(t("exports.logo.not_a_file"))
        if st.st_nlink > 1:
            raise ValueError(t("exports.logo.hard_link", n=st.st_nlink))
        if st.st_dev != root_dev:
            raise ValueError(t("exports.logo.other_device"))
        if st.st_size > LOGO_MAX_BYTES:
            raise ValueError(t("exports.logo.too_large", mb=LOGO_MAX_BYTES // (1024 * 1024)))
        data = b""
        while len(data) <= LOGO_MAX_BYTES and (chunk := os.read(fd, LOGO_MAX_BYTES + 1 - len(data))):
            data += chunk
        if len(data) > LOGO_MAX_BYTES:
            raise ValueError(t("exports.logo.too_large", mb=LOGO_MAX_BYTES // (1024 * 1024)))
        check_image(data, rel.suffix)
        return data
    finally:
        for fd in fds:
            os.close(fd)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO named like a logo must not hang the export
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _open_below(folder_fd: int, name: str, flags: int) -> int:
    """``name`` inside the folder ``folder_fd``, never through a link (ValueError with the reason)."""
    try:
        st = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        raise ValueError(t("exports.logo.missing")) from None
    if stat_mod.S_ISLNK(st.st_mode):
        raise ValueError(t("exports.logo.symlink"))
    try:
        return os.open(name, flags | _NOFOLLOW | _CLOEXEC | getattr(os, "O_BINARY", 0), dir_fd=folder_fd)
    except FileNotFoundError:
        raise ValueError(t("exports.logo.missing")) from None
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENOTDIR):
            raise ValueError(t("exports.logo.symlink" if e.errno == errno.ELOOP else "exports.logo.not_a_file")) from None
        raise


def _logo_key(path: str) -> str:
    rel = PurePosixPath(path.replace("\\", "/"))
    return str(rel if rel.parts and rel.parts[0] == model.LOGOS_DIR else PurePosixPath(model.LOGOS_DIR, *rel.parts))


class Logos:
    """Logos read once per export; refused ones reported through ``progress``."""

    def __init__(
        self, root: Path | None, progress: Callable[[str], None] | None, preloaded: dict[str, bytes] | None = None
    ) -> None:
        self.root = root
        self.progress = progress
        self.data: dict[str, bytes] = {}
        for path, data in (preloaded or {}).items():  # the demo's own placeholders, checked like any file
            check_image(data, PurePosixPath(path).suffix)
            self.data[_logo_key(path)] = data
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
