"""The top of the Today screen: which session (a choice only when there are several), the
paper fallback, and the rarer actions under More; and the page shown when no session is
planned for today, to start one."""

from __future__ import annotations

import html
from datetime import datetime, time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.services.activities import ActivityInfo, SessionInfo
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.dropin.wording import session_label


def best_session(sessions: list[SessionInfo], now: datetime) -> int:
    """Which of several sessions to open on: the one running now, else the next to start,
    else the first not cancelled."""
    open_ones = [i for i, s in enumerate(sessions) if not s.cancelled]
    clock = now.time()
    for i in open_ones:
        s = sessions[i]
        if s.start_time and s.end_time and s.start_time <= clock < s.end_time:
            return i
    for i in open_ones:
        if (sessions[i].start_time or time(0)) >= clock:
            return i
    return open_ones[0] if open_ones else 0


class SessionBar(QWidget):
    chosen = Signal(object)  # SessionInfo
    print_asked = Signal()
    paper_asked = Signal()
    start_other_asked = Signal()
    cancel_asked = Signal()
    uncancel_asked = Signal()
    bookings_asked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._sessions: list[SessionInfo] = []
        self.choice = QComboBox(self)
        self.choice.setAccessibleName(self.tr("Session"))
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.choice.currentIndexChanged.connect(self._chosen)
        label = QLabel(self.tr("&Session:"), self)
        label.setBuddy(self.choice)
        self.only = QLabel(self)  # the session's name when there is nothing to choose from
        self.only.setTextFormat(Qt.TextFormat.RichText)
        self.print_button = QPushButton(self.tr("&Print sign-in sheet…"), self)
        self.print_button.setToolTip(
            self.tr("A PDF with the regulars' names and blank rows, in case the computer fails")
        )
        self.print_button.clicked.connect(lambda: emit(self.print_asked))
        self.paper_button = QPushButton(self.tr("&Enter paper sheet…"), self)
        self.paper_button.setToolTip(self.tr("Type in a filled sign-in sheet after the session"))
        self.paper_button.clicked.connect(lambda: emit(self.paper_asked))
        self.more_button = QPushButton(self.tr("&More"), self)
        menu = QMenu(self.more_button)
        self.bookings_action = menu.addAction(
            self.tr("Bookings for this session…"), lambda: emit(self.bookings_asked)
        )
        self.start_other_action = menu.addAction(
            self.tr("Start another session today…"), lambda: emit(self.start_other_asked)
        )
        self.cancel_action = menu.addAction(
            self.tr("Cancel this session…"), lambda: emit(self.cancel_asked)
        )
        self.uncancel_action = menu.addAction(
            self.tr("Take back the cancellation"), lambda: emit(self.uncancel_asked)
        )
        self.more_button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.choice, 1)
        layout.addWidget(self.only, 1)
        layout.addWidget(self.print_button)
        layout.addWidget(self.paper_button)
        layout.addWidget(self.more_button)

    def show_sessions(self, sessions: list[SessionInfo], wanted: tuple[int, object] | None) -> int:
        """List the day's sessions and choose `wanted` (activity id, date) or the best one;
        returns the index chosen (-1 when there are none). Does not emit `chosen`."""
        self._sessions = sessions
        self.choice.blockSignals(True)
        self.choice.clear()
        for info in sessions:
            self.choice.addItem(self._label(info))
        keys = [(s.activity_id, s.date) for s in sessions]
        index = keys.index(wanted) if wanted in keys else best_session(sessions, datetime.now())
        self.choice.setCurrentIndex(index if sessions else -1)
        self.choice.blockSignals(False)
        several = len(sessions) > 1
        self.choice.setVisible(several)
        self.only.setVisible(not several)
        if sessions and not several:
            self.only.setText(f"<b>{html.escape(self._label(sessions[0]))}</b>")
        return index if sessions else -1

    def show_cancelled(self, cancelled: bool) -> None:
        self.cancel_action.setVisible(not cancelled)
        self.uncancel_action.setVisible(cancelled)

    def _label(self, info: SessionInfo) -> str:
        """The session as `session_label` says it, and how many are booked for it."""
        booked = self.tr(" · {n} booked").format(n=info.booked) if info.booked else ""
        return session_label(info) + booked

    def _chosen(self, index: int) -> None:
        if 0 <= index < len(self._sessions):
            emit(self.chosen, self._sessions[index])


class StartPage(QWidget):
    """'No drop-in session is planned for today': choose the activity, Enter starts it."""

    start_asked = Signal(object)  # ActivityInfo
    back_asked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.activity = QComboBox(self)
        self.activity.setAccessibleName(self.tr("Activity"))
        self.activity.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.activity.installEventFilter(self)
        label = QLabel(self.tr("&Activity:"), self)
        label.setBuddy(self.activity)
        self.start_button = QPushButton(self.tr("Start session"), self)
        self.start_button.clicked.connect(self.start)
        self.back_button = QPushButton(self.tr("Back to the session"), self)
        self.back_button.clicked.connect(lambda: emit(self.back_asked))
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.activity)
        row.addWidget(self.start_button)
        row.addWidget(self.back_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addStretch(1)

    def show_activities(self, activities: list[ActivityInfo]) -> None:
        self.activity.clear()
        for activity in activities:
            self.activity.addItem(activity.name, activity)
        self.start_button.setEnabled(bool(activities))
        self.hint.setText(
            self.tr(
                "Choose the activity and press Enter to start its session for today. To change "
                "when activities meet, use the Activities tab (Alt+3)."
            )
            if activities
            else self.tr(
                "There are no activities yet. Set one up in the Activities tab (Alt+3), "
                "then come back here (Alt+1)."
            )
        )

    def prepare(self, *, another: bool) -> None:
        """Say why this page is shown, and put the cursor on the activity."""
        self.back_button.setVisible(another)
        heading = (
            self.tr("Start another session today")
            if another
            else self.tr("No drop-in session is planned for today.")
        )
        self.heading.setText(f"<b>{heading}</b>")
        if self.isVisible():  # not when the answer came after the user went elsewhere
            self.activity.setFocus(Qt.FocusReason.OtherFocusReason)

    def start(self) -> None:
        activity = self.activity.currentData()
        if activity is not None:
            emit(self.start_asked, activity)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on the activity starts its session (a closed combo box ignores Enter).
        if watched is self.activity and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.start()
                return True
        return super().eventFilter(watched, event)
