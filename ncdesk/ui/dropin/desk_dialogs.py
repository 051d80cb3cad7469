"""The Today screen's dialogs, opened from one place: cancelling the session, the paper
sign-in sheet (printing it, and entering it afterwards), help and signposting, and the likely
matches of someone new who may already be registered. What comes of them is said through `said`, and
what they change is written through the desk's writes."""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from ncdesk.core.services.desk import Attendee, PossibleDuplicate
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.referrals import (
    ReferralInfo,
    ReferralTypeInfo,
    referral_types,
    referrals_for,
)
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.dropin.bookings_dialog import BookingsDialog
from ncdesk.ui.dropin.desk_session import DeskSession
from ncdesk.ui.dropin.desk_writes import DeskWrites
from ncdesk.ui.dropin.help_dialog import HelpDialog
from ncdesk.ui.dropin.paper_sheet_dialog import PaperSheetDialog
from ncdesk.ui.dropin.wording import bookings_to_tell
from ncdesk.ui.people.likely_matches_dialog import LikelyMatchesDialog

# What the help dialog opens on: the kinds of help, then what was noted at the visit.
HelpLoaded = tuple[list[ReferralTypeInfo], tuple[str, list[ReferralInfo]]]


class DeskDialogs(QObject):
    """Opens the desk's dialogs. `said` carries plain text for the feedback line, `linked`
    rich text with a link; `dialog_closed` fires when the help or bookings dialog closes (the
    cursor goes back to the check-in field). The dialog last opened of each kind is kept
    (tests use it)."""

    said = Signal(str)
    linked = Signal(str)
    dialog_closed = Signal()

    def __init__(
        self,
        ctx: DeskContext,
        session: Callable[[], DeskSession | None],
        writes: DeskWrites,
        screen: QWidget,
    ):
        super().__init__(screen)
        self._ctx = ctx
        self._session = session
        self._writes = writes
        self._screen = screen
        self.cancel_dialog: QInputDialog | None = None
        self.help_dialog: HelpDialog | None = None
        self.likely_matches: LikelyMatchesDialog | None = None
        self.bookings_dialog: BookingsDialog | None = None

    def ask_to_cancel(self) -> None:
        """Cancel the session, with a reason if the coordinator gives one."""
        session = self._session()
        if session is None:
            return
        dialog = QInputDialog(self._screen)
        dialog.setWindowTitle(self.tr("Cancel this session"))
        dialog.setLabelText(
            self.tr("Why is {session} cancelled? (optional)").format(session=session.info.label)
            + bookings_to_tell(session.info)
        )
        dialog.setOkButtonText(self.tr("Cancel the session"))
        dialog.setCancelButtonText(self.tr("Keep it"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda reason: self._writes.set_cancelled(True, reason))
        self.cancel_dialog = dialog
        dialog.open()

    def print_sign_in_sheet(self, path: Path | None = None) -> None:
        """Write the paper sign-in sheet as a PDF (asking where, unless told)."""
        session = self._session()
        if session is None:
            return
        if path is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            name = f"sign-in sheet {session.info.date:%Y-%m-%d}.pdf"
            dialog = QFileDialog(
                self._screen, self.tr("Save the sign-in sheet"), str(Path(folder) / name)
            )
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setNameFilter(self.tr("PDF files (*.pdf)"))
            dialog.setDefaultSuffix("pdf")
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.fileSelected.connect(lambda chosen: self.print_sign_in_sheet(Path(chosen)))
            dialog.open()
            return
        # ReportLab: loaded on first use, not at start-up
        from ncdesk.core.reports.sign_in_sheet import write_sign_in_sheet

        db, info = self._ctx.db, session.info
        emit(self.said, self.tr("Writing the sign-in sheet…"))
        self._ctx.tasks.run_query(
            lambda: write_sign_in_sheet(db, info, path),
            partial(self._sheet_written, path=path),
            self._writes.show_failure,
        )

    def enter_paper_sheet(self) -> PaperSheetDialog | None:
        session = self._session()
        if session is None:
            return None
        dialog = PaperSheetDialog(self._ctx, session.info, session.open, self._screen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(self.said)
        dialog.open()
        return dialog

    def open_bookings(self) -> BookingsDialog | None:
        """Who is booked for the session at the desk (the check-in field closes it over)."""
        session = self._session()
        if session is None:
            return None
        dialog = BookingsDialog(self._ctx, session.info, self._screen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: emit(self.dialog_closed))
        self.bookings_dialog = dialog
        dialog.open()
        return dialog

    def open_help(self, attendee: Attendee | None) -> None:
        """Help and signposting noted for one visit."""
        if attendee is None:
            emit(self.said, self.tr("Check someone in first, then note the help they were given."))
            return
        db, attendance_id = self._ctx.db, attendee.attendance_id
        self._ctx.tasks.run_query(
            lambda: (
                referral_types(db, include_archived=True),
                referrals_for(db, attendance_id),
            ),
            partial(self._show_help_dialog, attendee=attendee),
        )

    def show_likely_matches(self, error: PossibleDuplicate, details: PersonDetails) -> None:
        """Nothing is saved until the volunteer says: "This is them" checks in the person
        already registered (the default), "Someone new" adds and checks in the new one, Esc
        goes back to the form."""
        name = " ".join(x for x in (details.first_name, details.last_name) if x)
        dialog = LikelyMatchesDialog(
            error.matches,
            name or details.known_as,
            self._screen,
            them_means=self.tr(
                "This is them checks in the highlighted person instead; Someone new adds "
                "{name} and checks them in."
            ).format(name=name or details.known_as),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.this_is_them.connect(self._writes.check_in_existing)
        dialog.someone_new.connect(
            lambda: self._writes.add_first_timer(details, allow_duplicate=True)
        )
        dialog.rejected.connect(self._writes.back_to_first_timer)
        self.likely_matches = dialog
        dialog.open()

    # --- inside -----------------------------------------------------------------------------

    def _show_help_dialog(self, loaded: HelpLoaded, attendee: Attendee) -> None:
        types, (help_given, referrals) = loaded
        dialog = HelpDialog(self._ctx, attendee, types, help_given, referrals, self._screen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(
            lambda: emit(
                self.said,
                self.tr("Saved the help and signposting for {name}.").format(name=attendee.name),
            )
        )
        dialog.finished.connect(lambda _result: emit(self.dialog_closed))
        self.help_dialog = dialog
        dialog.open()

    def _sheet_written(self, printed: int, path: Path) -> None:
        link = html.escape(QUrl.fromLocalFile(str(path)).toString())
        emit(
            self.linked,
            self.tr("Sign-in sheet saved with {count} names: <a href='{link}'>{path}</a>").format(
                count=printed, link=link, path=html.escape(str(path))
            ),
        )
