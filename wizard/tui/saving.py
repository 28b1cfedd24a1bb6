"""Saving, and settling a file someone else saved meanwhile: one flow for the wizard and the dashboard.

A screen hands :meth:`SaveFlow.save` a way to write (the wizard: every file
it changed; the dashboard: one municipality's file). The store refuses to
overwrite a file that changed on disk since it was read (``ConflictError``,
nothing written). The flow then asks once for those files
(:class:`~wizard.tui.conflict.ConflictScreen`, one question at a time),
settles the answer through the session and writes again:

- both count: their version, with the user's changes made again on top
  field by field (:mod:`wizard.merge`); Enter's choice when the two changed
  different fields;
- theirs: their version, the user's changes to those files dropped;
- mine: the user's version of the whole file;
- wait: nothing is written; the changes stay in the model, unsaved, and the
  screen says so (Enter's choice when both changed the same field).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from wizard.i18n import t
from wizard.tui.watch import file_name

if TYPE_CHECKING:
    from textual.screen import Screen

    from wizard.store import ConflictError, StoreError
    from wizard.tui.conflict import FileConflict, Resolution
    from wizard.tui.session import Session

#: What the user changed in a file, in words, when the screen knows better than the fields (the dashboard's edits).
Describe = Callable[[Path], "list[str] | None"]


def store_errors() -> "tuple[type[ConflictError], type[StoreError]]":
    """The store's ``ConflictError`` and ``StoreError``, imported when first needed."""
    from wizard import store

    return store.ConflictError, store.StoreError


@dataclass
class _Question:
    paths: list[Path]
    retry: Callable[[], object]
    waiting: Callable[[], object] | None


class SaveFlow:
    """Save for one screen; ask about, and settle, files someone else saved meanwhile."""

    def __init__(
        self,
        screen: "Screen[Any]",
        session: "Session",
        *,
        settled: Callable[[list[Path], "Resolution"], object],
        describe: Describe | None = None,
    ) -> None:
        self.screen = screen
        self.session = session
        self.settled = settled  # the screen shows the portfolio as settled (the step's fields, the rows)
        self.describe = describe
        self._asking = False
        self._queue: list[_Question] = []

    @property
    def asking(self) -> bool:
        return self._asking

    def save(
        self,
        write: Callable[[], Sequence[Path]],
        *,
        then: Callable[[Sequence[Path]], object] | None = None,
        waiting: Callable[[], object] | None = None,
        ask: bool = True,
    ) -> bool:
        """Write now; True when written. On a conflict, ask (unless ``ask`` is False) and write again once settled.

        ``then(written)`` runs once written; ``waiting()`` when it was not
        (the user chose to wait, or the save failed).
        """
        conflict_error, store_error = store_errors()
        try:
            written = write()
        except conflict_error as error:
            if ask:
                paths = list(getattr(error, "paths", None) or [error.path])
                self.ask(paths, retry=lambda: self.save(write, then=then, waiting=waiting), waiting=waiting)
            elif waiting is not None:
                waiting()
            return False
        except store_error as error:
            self.screen.notify(error.message, title=t("tui.save.failed"), severity="error", timeout=8, markup=False)
            if waiting is not None:
                waiting()
            return False
        if then is not None:
            then(written)
        return True

    def ask(self, paths: list[Path], *, retry: Callable[[], object], waiting: Callable[[], object] | None = None) -> None:
        """Ask what to do with these files (after the question already open, if any), settle it, then ``retry``."""
        from wizard.tui.conflict import ConflictScreen, Resolution, safe_choice
        from wizard.tui.host import host

        question = _Question(paths, retry, waiting)
        if host(self.screen).hung_up:  # nobody to ask (the window closed): what Enter would do
            self.answer(question, safe_choice([self.conflict(p) for p in paths]))
            return
        if self._asking:
            self._queue.append(question)
            return
        self._asking = True

        def answered(resolution: Resolution | None) -> None:
            self._asking = False
            self.answer(question, resolution or Resolution.WAIT)
            if self._queue and not self._asking:
                following = self._queue.pop(0)
                self.ask(following.paths, retry=following.retry, waiting=following.waiting)

        self.screen.app.push_screen(ConflictScreen([self.conflict(p) for p in paths]), answered)

    def answer(self, question: _Question, resolution: "Resolution") -> None:
        if self.settle(question.paths, resolution):
            question.retry()
        elif question.waiting is not None:
            question.waiting()

    def settle(self, paths: list[Path], resolution: "Resolution") -> bool:
        """Make the model what the user chose; True when there is something to write again."""
        from wizard.tui.conflict import Resolution

        _, store_error = store_errors()
        if resolution is Resolution.WAIT:
            return False
        try:
            if resolution is Resolution.BOTH:
                self.session.take_both(paths)
            elif resolution is Resolution.THEIRS:
                for path in paths:
                    self.session.reload(path)
            else:
                self.session.keep_mine(paths)
        except store_error as error:
            failed = t("tui.changes.reload_failed", error=error.message) if resolution is Resolution.THEIRS else error.message
            self.screen.notify(failed, severity="error", timeout=8, markup=False)
            return False
        self.settled(paths, resolution)
        return True

    # ----------------------------------------------------------- the question, in words

    def conflict(self, path: Path) -> "FileConflict":
        """One file of the question in words: built only when a conflict is asked about."""
        from wizard.merge import value_at
        from wizard.tui.conflict import FileConflict
        from wizard.tui.places import changes_in_words, in_words, shown_value

        _, store_error = store_errors()
        name, file = file_name(self.session, path, with_code=False), self.session.relative(path)
        name = name[:1].upper() + name[1:]
        given = self.describe(path) if self.describe is not None else None
        try:
            merge = self.session.merge(path)
        except store_error as error:
            return FileConflict(name, file, given or [], unreadable=error.message)
        catalog = self.session.catalog
        mine = given if given is not None else changes_in_words(merge.mine_changed, merge.mine, catalog)
        theirs = changes_in_words([p for p in merge.theirs_changed if p not in merge.clashes], merge.theirs, catalog)
        clashes = [
            t(
                "tui.conflict.clash",
                field=in_words(place, catalog),
                theirs=shown_value(value_at(merge.theirs, place), place),
                mine=shown_value(value_at(merge.mine, place), place),
            )
            for place in merge.clashes
        ]
        return FileConflict(name, file, mine, theirs, clashes)
