"""One item in full: where it is, whether it may go out (and exactly why not), its checks,
reservations, servicing and recent history, with the actions that make sense for it now."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.errors import NcdeskError
from ncdesk.core.parsing import format_date, today
from ncdesk.core.services import loan_views as V
from ncdesk.core.services.equipment import (
    CheckState,
    bring_back_into_use,
    record_check,
    retire_item,
    save_item,
)
from ncdesk.core.services.servicing import send_for_service, service_done
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import ERROR_TEXT
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.permissions import allowed, hide_unless
from ncdesk.ui.loans.actions import LoanActions
from ncdesk.ui.loans.words import WARNING, pounds, status_word, tr

PHOTO_HEIGHT = 120
SHOWN_LOANS = 5
SHOWN_CHECKS = 3


def _e(text: str) -> str:
    return html.escape(text)


def status_line(item: V.ItemDetail) -> str:
    """Where the item is now, in a sentence."""
    loan = item.current_loan
    if item.status == "retired":
        return _e(
            tr("Retired on {date}: {reason}").format(
                date=format_date(item.retired_on), reason=item.retired_reason
            )
        )
    if item.status == "in service" and item.open_job:
        job = item.open_job
        return _e(
            tr("In service: with {partner} since {date}").format(
                partner=job.partner, date=format_date(job.sent_on)
            )
            + (f" ({job.work})" if job.work else "")
        )
    if loan is not None:
        text = tr("On loan to {who} ({ref}) since {start}").format(
            who=loan.borrower, ref=loan.person_ref, start=format_date(loan.start)
        )
        if loan.due:
            late = loan.due < today()
            text += ", " + (tr("was due back {due}") if late else tr("due back {due}")).format(
                due=format_date(loan.due)
            )
            if late:
                return f"{WARNING} <b>{_e(tr('Overdue'))}</b>: {_e(text)}"
        return _e(text)
    back_today = next((r for r in item.recent_loans if r.returned == today()), None)
    if item.status == "back today" and back_today is not None:
        # A loan holds its item to the day it comes back, inclusive.
        return _e(
            tr("Back today from {who}; it can go out again from tomorrow.").format(
                who=back_today.borrower
            )
        )
    return f"<b>{_e(status_word(item.status))}</b>"


def check_line(state: CheckState) -> str:
    every = tr("every {days} days").format(days=state.interval_days)
    if state.last_passed is False:
        done = f"{WARNING} " + tr("failed on {date}").format(date=format_date(state.last_done))
    elif state.last_done is None:
        done = f"{WARNING} " + tr("never recorded")
    elif state.due is not None and state.due < today():
        done = f"{WARNING} " + tr("passed {done}, overdue since {due}").format(
            done=format_date(state.last_done), due=format_date(state.due)
        )
    else:
        done = tr("passed {done}, next due {due}").format(
            done=format_date(state.last_done), due=format_date(state.due)
        )
    return _e(f"{state.name} ({every}): {done}")


class _Panel(QWidget):
    """Enter on a focused button presses it (as elsewhere in ncdesk)."""

    @override
    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = QApplication.focusWidget()
            if isinstance(focused, QAbstractButton) and self.isAncestorOf(focused):
                focused.animateClick()
                return
        super().keyPressEvent(event)


class ItemPanel(_Panel):
    """Shows one ItemDetail; the buttons act on it through LoanActions."""

    def __init__(self, ctx: DeskContext, actions: LoanActions, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._actions = actions
        self.item: V.ItemDetail | None = None

        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(tr("Where it is"))
        self.refusal = QLabel(self)  # why it cannot go out: words first, colour second
        self.refusal.setWordWrap(True)
        self.refusal.setAccessibleName(tr("Why it cannot go out"))
        self.refusal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.refusal.palette()
        palette.setColor(QPalette.ColorRole.WindowText, ERROR_TEXT)
        self.refusal.setPalette(palette)
        self.checks = QLabel(self)
        self.checks.setWordWrap(True)
        self.reservations = QLabel(self)
        self.reservations.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.photo = QLabel(self)
        self.history = QLabel(self)
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)

        body = QWidget(self)
        facts = QFormLayout(body)
        facts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        facts.addRow(self.status)
        facts.addRow(self.refusal)
        facts.addRow(tr("Safety checks:"), self.checks)
        facts.addRow(tr("Reservations:"), self.reservations)
        facts.addRow(tr("Details:"), self.details)
        facts.addRow(self.photo)
        facts.addRow(tr("Recent history:"), self.history)
        for label in (self.status, self.checks, self.reservations, self.details):
            label.setTextFormat(Qt.TextFormat.RichText)
        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.lend_button = self._button(tr("&Lend…"), self._lend, tr("Lend this item"))
        self.return_button = self._button(tr("&Return…"), self._return, tr("Record it coming back"))
        self.extend_button = self._button(
            tr("E&xtend…"), self._extend, tr("Give the borrower longer")
        )
        self.reserve_button = self._button(
            tr("Re&serve…"), self._reserve, tr("Promise it for later dates")
        )
        self.check_button = self._button(
            tr("Record chec&k…"), self._check, tr("Record a safety check done")
        )
        self.service_button = self._button(
            tr("Send for serv&ice…"), self._send, tr("Send it to a servicing partner")
        )
        self.back_button = self._button(
            tr("&Back from service…"), self._back, tr("Record it back from servicing")
        )
        self.agreement_button = self._button(
            tr("Agree&ment…"), self._agreement, tr("Save the loan agreement to print")
        )
        self.label_button = self._button(
            tr("Print l&abel…"), self._label, tr("Save this item's QR label to print")
        )
        self.edit_button = self._button(tr("&Edit…"), self._edit, tr("Change the item's details"))
        self.retire_button = self._button(
            tr("Re&tire…"), self._retire, tr("Take it out of the fleet")
        )
        grid = QGridLayout()
        buttons = [
            self.lend_button,
            self.return_button,
            self.extend_button,
            self.reserve_button,
            self.agreement_button,
            self.check_button,
            self.service_button,
            self.back_button,
            self.label_button,
            self.edit_button,
            self.retire_button,
        ]
        # Only the actions the role may take are laid out (DESIGN §9: a volunteer lends,
        # returns, extends and reserves; checks, servicing and the fleet are a coordinator's).
        db = ctx.db
        permitted = {
            self.check_button: allowed(db, record_check),
            self.service_button: allowed(db, send_for_service),
            self.back_button: allowed(db, service_done),
            self.edit_button: allowed(db, save_item),
            self.retire_button: allowed(db, retire_item) and allowed(db, bring_back_into_use),
        }
        hide_unless(False, *(b for b in buttons if not permitted.get(b, True)))
        buttons = [b for b in buttons if permitted.get(b, True)]
        for index, button in enumerate(buttons):
            grid.addWidget(button, index // 3, index % 3)
        self._buttons = buttons

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(grid)
        self.show_item(None)

    # --- what the tab uses ------------------------------------------------------------------

    def show_item(self, item: V.ItemDetail | None) -> None:
        self.item = item
        if item is None:
            self.heading.setText(
                "<b>{}</b>".format(_e(tr("Type or scan an item's reference, then Enter")))
            )
            for label in (self.status, self.refusal, self.checks, self.reservations):
                label.clear()
            self.details.clear()
            self.history.clear()
            self.photo.clear()
            self.photo.hide()
            self.refusal.hide()
            for button in self._buttons:
                button.setEnabled(False)
            return
        self.heading.setText(f"<h2>{_e(item.item_ref)} · {_e(item.name)}</h2>")
        self.status.setText(status_line(item))
        reason = item.safety.reason
        self.refusal.setText(
            f"{WARNING} " + tr("Cannot be lent or reserved: {reason}.").format(reason=reason)
            if reason and item.status != "retired"
            else ""
        )
        self.refusal.setVisible(bool(self.refusal.text()))
        self.checks.setText(
            "<br>".join(check_line(c) for c in item.checks) or _e(tr("None set for this item."))
        )
        self.reservations.setText(self._reservations_text(item))
        self.details.setText(self._details_text(item))
        self.history.setText(self._history_text(item))
        self._load_photo(item.photo_path)
        self._enable(item)

    def primary_button(self) -> QPushButton | None:
        """The action most likely wanted next, for the keyboard focus after opening."""
        item = self.item
        if item is None:
            return None
        if item.current_loan is not None:
            return self.return_button
        if item.safety.blocks_lending and item.status != "retired":
            return self.check_button
        if item.status in ("available", "reserved"):
            return self.lend_button
        if item.open_job is not None:
            return self.back_button
        return self.edit_button

    def focus_primary(self) -> None:
        button = self.primary_button()
        if button is not None and button in self._buttons and button.isEnabled():
            button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- inside -----------------------------------------------------------------------------

    def _button(self, text: str, slot: Callable[[], object], tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _enable(self, item: V.ItemDetail) -> None:
        active = item.status != "retired"
        out = item.current_loan is not None
        away = item.open_job is not None
        # Lend stays available: pressed for an item that cannot go out, it says why.
        self.lend_button.setEnabled(True)
        self.return_button.setEnabled(out)
        self.extend_button.setEnabled(out)
        self.agreement_button.setEnabled(bool(item.recent_loans))
        self.reserve_button.setEnabled(active)
        self.check_button.setEnabled(active)
        self.service_button.setEnabled(active and not out and not away)
        self.back_button.setEnabled(away)
        self.label_button.setEnabled(True)
        self.edit_button.setEnabled(True)
        # Retire, or for a retired item bring it back: one place on screen for both.
        self.retire_button.setText(tr("Re&tire…") if active else tr("Back in &use"))
        self.retire_button.setToolTip(
            tr("Take it out of the fleet") if active else tr("Bring it back into the fleet")
        )
        self.retire_button.setEnabled(not out)

    def _reservations_text(self, item: V.ItemDetail) -> str:
        if not item.reservations:
            return _e(tr("None"))
        lines = []
        for r in item.reservations:
            line = tr("{who} ({ref}), {start} to {end}").format(
                who=r.borrower,
                ref=r.person_ref,
                start=format_date(r.start),
                end=format_date(r.end),
            )
            lines.append(_e(line + (f" — {r.note}" if r.note else "")))
        return "<br>".join(lines)

    def _details_text(self, item: V.ItemDetail) -> str:
        facts = [
            (tr("Category"), item.category or tr("none")),
            (tr("Serial number"), item.serial),
            (tr("Acquired"), format_date(item.acquired)),
            (tr("Location"), item.location),
            (tr("Notes"), item.notes),
        ]
        return "<br>".join(f"{_e(name)}: {_e(value)}" for name, value in facts if value)

    def _history_text(self, item: V.ItemDetail) -> str:
        lines = []
        for loan in item.recent_loans[:SHOWN_LOANS]:
            back = (
                tr("back {date}").format(date=format_date(loan.returned))
                if loan.returned
                else tr("not back yet")
            )
            deposit = (
                f", {tr('deposit')} {pounds(loan.deposit_pence)}" if loan.deposit_pence else ""
            )
            lines.append(
                _e(
                    tr("Lent {start} to {who}, {back}").format(
                        start=format_date(loan.start), who=loan.borrower, back=back
                    )
                    + deposit
                )
            )
        for check in item.check_history[:SHOWN_CHECKS]:
            result = tr("passed") if check.passed else f"{WARNING} " + tr("failed")
            by = f" ({check.done_by})" if check.done_by else ""
            note = f": {check.notes}" if check.notes else ""
            lines.append(_e(f"{format_date(check.done_on)} {check.check} {result}{by}{note}"))
        return "<br>".join(lines) or _e(tr("Nothing yet"))

    def _load_photo(self, path_text: str) -> None:
        self.photo.clear()
        self.photo.hide()
        if not path_text or not Path(path_text).is_file():
            return
        wanted = path_text

        def load() -> QImage:
            return QImage(wanted)  # QImage, unlike QPixmap, may be made off the GUI thread

        def show(image: QImage) -> None:
            if self.item is None or self.item.photo_path != wanted or image.isNull():
                return
            scaled = image.scaledToHeight(PHOTO_HEIGHT, Qt.TransformationMode.SmoothTransformation)
            self.photo.setPixmap(QPixmap.fromImage(scaled))
            self.photo.show()

        self._ctx.tasks.run_query(load, show, lambda _error: None)

    # --- the buttons ------------------------------------------------------------------------

    def _lend(self) -> None:
        if self.item is None:
            return
        if self.item.lend_refusal:
            show_error(self, NcdeskError(self.item.lend_refusal + "."))
            return
        self._actions.lend(self.item)

    def _return(self) -> None:
        if self.item and self.item.current_loan:
            self._actions.return_loan(self.item.current_loan)

    def _extend(self) -> None:
        if self.item and self.item.current_loan:
            self._actions.extend(self.item.current_loan)

    def _reserve(self) -> None:
        if self.item:
            self._actions.reserve(self.item)

    def _check(self) -> None:
        if self.item:
            self._actions.record_check(self.item)

    def _send(self) -> None:
        if self.item:
            self._actions.send_for_service(self.item)

    def _back(self) -> None:
        if self.item and self.item.open_job:
            self._actions.service_back(self.item.open_job)

    def _agreement(self) -> None:
        if self.item and self.item.recent_loans:
            self._actions.save_agreement(self.item.current_loan or self.item.recent_loans[0])

    def _label(self) -> None:
        if self.item:
            self._actions.save_label(self.item.item_ref, self.item.name)

    def _edit(self) -> None:
        if self.item:
            self._actions.edit_item(self.item)

    def _retire(self) -> None:
        if self.item is None:
            return
        if self.item.status == "retired":
            self._actions.bring_back_into_use(self.item)
        else:
            self._actions.retire(self.item)
