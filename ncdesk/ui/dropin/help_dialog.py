"""Help given and signposting for one person at one session.

Each referral type on the organisation's list is a tick box; ticking one opens its note and
its follow-up flag (unticked rows are skipped by Tab, so a keyboard user goes tick to tick).
Enter saves from anywhere except the help text, where Ctrl+Enter does.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.services.desk import Attendee
from ncdesk.core.services.referrals import (
    ReferralInfo,
    ReferralInput,
    ReferralTypeInfo,
    record_help,
)
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import DROPIN


class _TypeRow:
    """One referral type: tick, note, follow-up."""

    def __init__(self, info: ReferralTypeInfo, parent: QWidget):
        tr = parent.tr
        self.info = info
        self.tick = QCheckBox(info.name, parent)
        self.note = QLineEdit(parent)
        self.note.setPlaceholderText(tr("Note (optional)"))
        self.note.setAccessibleName(tr("Note for {type}").format(type=info.name))
        self.follow_up = QCheckBox(tr("Follow up"), parent)
        self.follow_up.setAccessibleName(tr("Follow up {type}").format(type=info.name))
        self.tick.toggled.connect(self._enable)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        self.note.setEnabled(on)
        self.follow_up.setEnabled(on)

    def load(self, referral: ReferralInfo | None) -> None:
        self.tick.setChecked(referral is not None)
        self.note.setText(referral.note if referral else "")
        self.follow_up.setChecked(bool(referral and referral.follow_up))

    def read(self) -> ReferralInput | None:
        if not self.tick.isChecked():
            return None
        return ReferralInput(self.info.id, self.note.text(), self.follow_up.isChecked())


class HelpDialog(QDialog):
    saved = Signal()

    def __init__(
        self,
        ctx: DeskContext,
        attendee: Attendee,
        types: list[ReferralTypeInfo],
        help_given: str,
        referrals: list[ReferralInfo],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._ctx = ctx
        self._attendee = attendee
        self._saving = False
        self.setWindowTitle(self.tr("Help and signposting"))
        heading = QLabel(
            "<b>{}</b>".format(
                html.escape(
                    self.tr("{name} ({ref})").format(name=attendee.name, ref=attendee.person_ref)
                )
            ),
            self,
        )
        self.help_given = QPlainTextEdit(self)
        self.help_given.setTabChangesFocus(True)
        self.help_given.setPlainText(help_given)
        self.help_given.setAccessibleName(self.tr("Help given"))
        self.help_given.setFixedHeight(self.help_given.fontMetrics().lineSpacing() * 3 + 14)
        help_label = QLabel(self.tr("&Help given:"), self)
        help_label.setBuddy(self.help_given)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.rows: list[_TypeRow] = []
        by_type = {r.type_id: r for r in referrals}
        # A type archived since it was recorded still shows here, so saving does not drop it.
        shown = [t for t in types if not t.archived or t.id in by_type]
        for n, info in enumerate(shown):
            row = _TypeRow(info, self)
            row.load(by_type.get(info.id))
            grid.addWidget(row.tick, n, 0)
            grid.addWidget(row.note, n, 1)
            grid.addWidget(row.follow_up, n, 2)
            self.rows.append(row)
        types_label = QLabel(self.tr("Signposted to:"), self)
        if not self.rows:
            types_label.setText(
                self.tr("No referral types are set up yet (Drop-in › Activities › Referral types).")
            )

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(self.tr("Save (Enter, or Ctrl+Enter in the help text)"))
        save_anywhere = QShortcut(QKeySequence("Ctrl+Return"), self)
        save_anywhere.activated.connect(self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(help_label)
        layout.addWidget(self.help_given)
        layout.addWidget(types_label)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        previous: QWidget = self.help_given
        for row in self.rows:
            for widget in (row.tick, row.note, row.follow_up):
                QWidget.setTabOrder(previous, widget)
                previous = widget
        QWidget.setTabOrder(previous, self.save_button)
        self.resize(560, self.sizeHint().height())
        self.help_given.setFocus(Qt.FocusReason.OtherFocusReason)

    def row_for(self, type_name: str) -> _TypeRow:
        for row in self.rows:
            if row.info.name == type_name:
                return row
        raise KeyError(type_name)

    def save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        db, attendance_id = self._ctx.db, self._attendee.attendance_id
        text = self.help_given.toPlainText()
        chosen = [r for row in self.rows if (r := row.read())]
        self._ctx.tasks.run_operation(
            lambda: record_help(db, attendance_id, text, chosen),
            self._saved,
            self._failed,
            changes=(DROPIN,),
        )

    def _saved(self, _result: object) -> None:
        self.accept()
        emit(self.saved)

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        show_error(self, error)
