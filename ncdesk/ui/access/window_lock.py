"""Locking the main window after idle time (or on Ctrl+L) without losing anyone's typing.

The window's content is swapped for the lock page, not destroyed: every screen, and every
half-filled form in it, is still there when the same person types their password again.
While locked nothing of the content can be seen or reached: the content page is hidden (so
its shortcuts and Tab cannot reach it), the menus are off, the status bar is hidden, and any
dialog the window had open is hidden until the unlock. Someone else signing in at the lock
opens the database as them; the window's owner then builds them a fresh window.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QStackedWidget, QWidget
from typing_extensions import override

from ncdesk.core.db import Database
from ncdesk.core.errors import NcdeskError
from ncdesk.core.security.access import Credentials, open_as, unlock
from ncdesk.ui.access.idle_watch import IdleWatch
from ncdesk.ui.access.lock_panel import LockPanel
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowLock", text)


class WindowLock(QObject):
    """Owns the lock page and the idle watch of one main window."""

    unlocked = Signal()
    someone_else = Signal(object)  # a Database opened as whoever signed in instead

    def __init__(
        self,
        ctx: DeskContext,
        window: QMainWindow,
        pages: QStackedWidget,
        content: QWidget,
    ):
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self._pages = pages
        self._content = content
        self._hidden: list[QWidget] = []  # the window's dialogs, hidden while locked
        self._switched_off: list[QAction] = []  # menu items (and their shortcuts) while locked
        self._focus: QWidget | None = None
        self.panel = LockPanel(pages)
        pages.addWidget(self.panel)
        self.panel.form.submitted.connect(self._check)
        self.panel.quit_asked.connect(window.close)
        self.idle = IdleWatch(self)
        self.idle.idle.connect(lambda: self.lock(after_minutes=self.idle.minutes))

    @property
    def locked(self) -> bool:
        return self._pages.currentWidget() is self.panel

    def set_minutes(self, minutes: float) -> None:
        """Lock after this many minutes without input (0: never). The organisation's
        setting drives it; tests give a fraction of a minute."""
        self.idle.set_minutes(minutes)

    def lock(self, *, after_minutes: float = 0.0) -> bool:
        """Hide everything behind the lock page; False when there is nobody to sign back in
        as (a database without accounts) or it is locked already."""
        user = self._ctx.db.user
        if user is None or self.locked:
            return False
        self.idle.pause()
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and self._content.isAncestorOf(focus) else None
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        self._hidden = self._open_dialogs()
        for dialog in self._hidden:
            dialog.installEventFilter(self)  # closed while hidden: not shown again
            dialog.hide()
        # A disabled menu bar still lets its items' shortcuts through: switch them off.
        self._switched_off = [a for a in self._menu_actions() if a.isEnabled()]
        for action in self._switched_off:
            action.setEnabled(False)
        self._window.menuBar().setEnabled(False)
        self._window.statusBar().hide()
        self._pages.setCurrentWidget(self.panel)
        self.panel.show_locked(user, after_minutes)
        return True

    def unlock(self) -> None:
        """Back to the content exactly as it was left."""
        if not self.locked:
            return
        self._pages.setCurrentWidget(self._content)
        self._window.menuBar().setEnabled(True)
        for action in self._switched_off:
            action.setEnabled(True)
        self._switched_off = []
        self._window.statusBar().show()
        self.panel.form.ready()
        dialogs, self._hidden = self._hidden, []
        for dialog in dialogs:
            if shiboken6.isValid(dialog):
                dialog.removeEventFilter(self)
                dialog.show()
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and not dialogs:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.idle.resume()
        emit(self.unlocked)

    def stop(self) -> None:
        """The window is closing: no more watching for idle time."""
        self.idle.stop()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched in self._hidden:
            self._hidden.remove(watched)  # type: ignore[arg-type]
            watched.removeEventFilter(self)
        return False

    # --- inside -----------------------------------------------------------------------------

    def _menu_actions(self) -> list[QAction]:
        found = []
        for top in self._window.menuBar().actions():
            menu = top.menu()
            if isinstance(menu, QMenu):
                found += [a for a in menu.actions() if not a.isSeparator()]
        return found

    def _open_dialogs(self) -> list[QWidget]:
        """Visible top-level windows that belong to this window (dialogs, message boxes)."""
        found = []
        for widget in QApplication.topLevelWidgets():
            if widget is self._window or not widget.isVisible():
                continue
            parent = widget.parentWidget()
            while parent is not None and parent is not self._window:
                parent = parent.parentWidget()
            if parent is self._window:
                found.append(widget)
        return found

    def _check(self, login: str, password: str) -> None:
        db = self._ctx.db
        user = db.user
        if user is not None and login == user.login:
            self._ctx.tasks.run_query(
                lambda: unlock(db, login, password), self._checked, self._refused
            )
            return
        url, credentials = db.url, Credentials(login, password)
        self._ctx.tasks.run_query(
            lambda: open_as(url, credentials, create=False), self._signed_in, self._refused
        )

    def _checked(self, right: bool) -> None:
        if right:
            self.unlock()
        else:
            self.panel.form.refused(_tr("The login or password is not right."))

    def _signed_in(self, db: Database) -> None:
        emit(self.someone_else, db)

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, NcdeskError):
            self.panel.form.refused(str(error))
        else:
            self.panel.form.refused(_tr("ncdesk could not check the password."))
            show_error(self._window, error)
