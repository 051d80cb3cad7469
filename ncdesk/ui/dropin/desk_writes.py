"""The desk's writes: check in, add someone new, undo, take back, count someone who gave no
name, cancel the session.

Every write goes through the runner's writer, one at a time and in order, so Enter, Enter,
Ctrl+Z typed faster than the database answers still does exactly what was typed. Until a
check-in is saved its person is held here as pending, so the matches mark them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ncdesk.core.errors import NcdeskError, ValidationError
from ncdesk.core.services.activities import set_session_cancelled
from ncdesk.core.services.desk import (
    Attendee,
    CheckIn,
    HelpWouldBeLost,
    PossibleDuplicate,
    add_first_timer,
    change_anonymous_count,
    check_in,
    undo_check_in,
)
from ncdesk.core.services.people import PersonRecord
from ncdesk.core.services.people_search import PersonSummary
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import confirm, show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import DROPIN, PEOPLE
from ncdesk.ui.dropin.desk_session import DeskSession
from ncdesk.ui.dropin.first_timer_form import FirstTimerForm
from ncdesk.ui.dropin.here_panel import HerePanel
from ncdesk.ui.dropin.person_search import HereMap, PersonSearch
from ncdesk.ui.dropin.wording import local_time, plain_problem


def show_plainly(parent: QWidget, error: BaseException) -> None:
    """A form's problems as one plain message (the desk has no form to mark them on)."""
    if isinstance(error, ValidationError):
        error = NcdeskError(plain_problem(error))
    show_error(parent, error)


class DeskWrites(QObject):
    """Makes the desk's writes and says what came of them: `said` carries plain text for the
    feedback line, `checked_in` a saved check-in (a first-timer's too), `undo_changed` that
    whether there is something to undo may have changed, `cancelled_changed` that the session
    was cancelled or the cancellation taken back, `duplicate_suspected` (error, details) that
    someone new may already be registered (nothing was saved)."""

    said = Signal(str)
    checked_in = Signal(object)  # CheckIn
    undo_changed = Signal()
    cancelled_changed = Signal()
    duplicate_suspected = Signal(object, object)  # PossibleDuplicate, PersonDetails

    def __init__(
        self,
        ctx: DeskContext,
        *,
        session: Callable[[], DeskSession | None],
        here: Callable[[], HereMap],
        checkin: PersonSearch,
        first_timer: FirstTimerForm,
        here_panel: HerePanel,
        screen: QWidget,
        booking_note: Callable[[int], str] = lambda _person_id: "",
    ):
        super().__init__(screen)
        self._ctx = ctx
        self._session = session
        self._here = here
        self._booking_note = booking_note  # said on check-in: what they were booked for
        self._checkin = checkin
        self._first_timer = first_timer
        self._here_panel = here_panel
        self._screen = screen
        self._pending: dict[int, str] = {}  # person id -> name: check-ins not yet saved
        self._in_flight = 0  # writes asked for and not yet answered
        self._select_next: int | None = None  # attendance to highlight after the refresh

    # --- what the screen reads --------------------------------------------------------------

    def pending(self) -> Iterable[int]:
        """People whose check-in is asked for and not yet saved."""
        return self._pending.keys()

    def busy(self) -> bool:
        """True while a write has not come back."""
        return bool(self._in_flight)

    def saved(self, here: Iterable[Attendee]) -> None:
        """The list of who is here came back: those in it are no longer pending."""
        for a in here:
            self._pending.pop(a.person_id, None)

    def forget_pending(self) -> None:
        """Another session was chosen: what was pending belongs to the last one."""
        self._pending.clear()

    def take_selection(self) -> int | None:
        """The attendance to highlight in the refreshed list (once)."""
        select, self._select_next = self._select_next, None
        return select

    # --- the writes -------------------------------------------------------------------------

    def check_in_person(self, person: PersonSummary | PersonRecord) -> None:
        session = self._session()
        if session is None or self._refuse_if_cancelled():
            return
        name = person.name if isinstance(person, PersonSummary) else person.display_name
        here = self._here()
        self._checkin.clear()
        if person.id in here:
            when = here[person.id]
            emit(
                self.said,
                self.tr("{name} is already checked in (since {time}).").format(
                    name=name, time=local_time(when)
                )
                if when
                else self.tr("{name} is already being checked in.").format(name=name),
            )
            self._here_panel.highlight_person(person.id)
            return
        self._pending[person.id] = name
        emit(self.said, self.tr("Checking in {name}…").format(name=name))
        db, person_id = self._ctx.db, person.id

        def work() -> CheckIn:
            done = check_in(db, session.open(), person_id)
            session.made(done)
            return done

        self._write(work, self._checked_in, partial(self._check_in_failed, person_id=person_id))

    def check_in_existing(self, person: PersonRecord) -> None:
        """The likely matches' default: check in the person already registered."""
        self._first_timer.hide()
        self.check_in_person(person)
        self._checkin.focus()

    def back_to_first_timer(self) -> None:
        """The likely matches were put aside (Esc): on with the form, nothing saved."""
        if self._first_timer.isVisible():
            self._first_timer.resume()

    def start_first_timer(self, typed: str) -> None:
        if self._session() is not None and not self._refuse_if_cancelled():
            self._first_timer.start(typed)

    def add_first_timer(self, details: PersonDetails, *, allow_duplicate: bool = False) -> None:
        session = self._session()
        if session is None:
            return
        db = self._ctx.db

        def work() -> tuple[PersonRecord, CheckIn]:
            person, done = add_first_timer(
                db, session.open(), details, allow_duplicate=allow_duplicate
            )
            session.made(done)
            return person, done

        self._first_timer.add_button.setEnabled(False)
        self._write(
            work,
            self._first_timer_added,
            partial(self._first_timer_failed, details=details),
            changes=(DROPIN, PEOPLE),
        )

    def undo_last(self, *, with_help: bool = False) -> None:
        """Ctrl+Z: take back the newest check-in made here. If help or signposting was noted
        on it since, nothing goes until the volunteer has been told what would go with it."""
        session = self._session()
        if session is None:
            return
        if self._checkin.cancel_choice():  # Enter, then Ctrl+Z, before the matches came
            emit(self.said, self.tr("Check-in cancelled."))
            return
        db = self._ctx.db

        def work() -> CheckIn | None:
            last = session.take_last()
            if last is not None:
                try:
                    undo_check_in(db, last.attendance_id, with_help=with_help)
                except HelpWouldBeLost:
                    session.put_back(last)
                    raise
            return last

        self._write(work, self._undone, self._undo_refused)

    def _undo_refused(self, error: BaseException) -> None:
        if not isinstance(error, HelpWouldBeLost):
            self.show_failure(error)
            return
        emit(self.undo_changed)
        box = confirm(
            self._screen,
            self.tr("Take back the check-in of {name}?").format(name=error.name),
            self.tr("Take back"),
            lambda: self.undo_last(with_help=True),
            details=self.tr("This visit has {what} noted: it goes with the check-in.").format(
                what=", ".join(error.what)
            ),
        )
        box.finished.connect(lambda _result: self._checkin.focus())  # back to the queue

    def take_back_selected(self) -> None:
        attendee, session = self._here_panel.selected(), self._session()
        if attendee is None or session is None:
            return
        db, attendance_id = self._ctx.db, attendee.attendance_id

        def work() -> str:
            session.forget(attendance_id)
            return undo_check_in(db, attendance_id, with_help=True)

        def took_back(name: str) -> None:
            emit(self.said, self.tr("Took back the check-in of {name}.").format(name=name))

        confirm(
            self._screen,
            self.tr("Take back the check-in of {name}?").format(name=attendee.name),
            self.tr("Take back"),
            lambda: self._write(work, took_back),
            details=self.tr("Any help and signposting noted for this visit goes with it."),
        )

    def change_anonymous(self, delta: int) -> None:
        session = self._session()
        if session is None or self._refuse_if_cancelled():
            return
        db = self._ctx.db
        self._write(
            lambda: change_anonymous_count(db, session.open(), delta),
            self._here_panel.show_counts,
        )

    def set_cancelled(self, cancelled: bool, reason: str) -> None:
        session = self._session()
        if session is None:
            return
        db = self._ctx.db
        self._write(
            lambda: set_session_cancelled(db, session.open(), cancelled, reason),
            lambda _r: emit(self.cancelled_changed),
        )

    def show_failure(self, error: BaseException) -> None:
        emit(self.undo_changed)
        show_plainly(self._screen, error)

    # --- inside: the queue and the answers --------------------------------------------------

    def _write(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        changes: Iterable[str] = (DROPIN,),
    ) -> None:
        """Run a write for this session; it counts as in flight until it answers. `work`
        runs on the writer thread: it holds the database and plain values, never a widget."""
        self._in_flight += 1

        def done(result: object) -> None:
            self._in_flight -= 1
            on_done(result)

        def failed(error: BaseException) -> None:
            self._in_flight -= 1
            (on_error or self.show_failure)(error)

        self._ctx.tasks.run_operation(work, done, failed, changes=changes)
        emit(self.undo_changed)

    def _refuse_if_cancelled(self) -> bool:
        """Nobody is checked in or counted in a cancelled session; says so."""
        session = self._session()
        if session is not None and session.info.cancelled:
            emit(
                self.said,
                self.tr("This session was cancelled: take the cancellation back first (More)."),
            )
            return True
        return False

    def _checked_in(self, done: CheckIn) -> None:
        if done.already:
            self._pending.pop(done.person_id, None)
            emit(self.said, self.tr("{name} was already checked in.").format(name=done.name))
        else:
            note = self._booking_note(done.person_id)
            booked = self.tr(" Booked for: {note}.").format(note=note) if note else ""
            emit(
                self.said,
                self.tr("Checked in {name}.{booked} Ctrl+Z takes it back.").format(
                    name=done.name, booked=booked
                ),
            )
        self._select_next = done.attendance_id
        emit(self.undo_changed)
        emit(self.checked_in, done)

    def _check_in_failed(self, error: BaseException, person_id: int) -> None:
        self._pending.pop(person_id, None)
        self._checkin.refresh_marks()
        emit(self.said, "")
        self.show_failure(error)

    def _first_timer_added(self, added: tuple[PersonRecord, CheckIn]) -> None:
        person, done = added
        self._first_timer.add_button.setEnabled(True)
        self._first_timer.hide()
        self._checkin.clear()
        self._checkin.focus()
        self._pending[person.id] = person.display_name
        self._select_next = done.attendance_id
        emit(
            self.said,
            self.tr("Added {name} ({ref}) and checked them in: a first visit.").format(
                name=person.display_name, ref=person.person_ref
            ),
        )
        emit(self.undo_changed)
        emit(self.checked_in, done)

    def _first_timer_failed(self, error: BaseException, details: PersonDetails) -> None:
        self._first_timer.add_button.setEnabled(True)
        if isinstance(error, PossibleDuplicate):
            emit(self.duplicate_suspected, error, details)
        elif isinstance(error, ValidationError):
            self._first_timer.show_problems(error.problems)
        else:
            self.show_failure(error)

    def _undone(self, last: CheckIn | None) -> None:
        if last is None:
            emit(
                self.said,
                self.tr("Nothing to undo: no check-in made here is left to take back."),
            )
        else:
            self._pending.pop(last.person_id, None)
            emit(self.said, self.tr("Took back the check-in of {name}.").format(name=last.name))
        emit(self.undo_changed)
