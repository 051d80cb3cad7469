"""Telling the user something went wrong, or asking them once before something drastic.

An `NcdeskError` already carries a plain sentence and is shown as it is. Anything else is a
bug: the user gets a short apology, and the technical details sit behind "Show Details…" for
whoever helps them. Boxes are opened window-modal (`open()`), never with a nested event loop.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ncdesk.core.errors import NcdeskError

log = logging.getLogger(__name__)

# A box with no window to belong to (at start-up, from a worker) would be garbage-collected the
# moment it is shown; these are kept until closed.
_UNOWNED: set[QMessageBox] = set()


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def show_error(
    parent: QWidget | None,
    error: BaseException,
    *,
    then: Callable[[], None] | None = None,
) -> QMessageBox:
    """Show `error` without a traceback; `then` runs once the box is closed."""
    box = QMessageBox(parent or QApplication.activeWindow())
    box.setWindowTitle("ncdesk")
    if isinstance(error, NcdeskError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(str(error))
    else:
        log.error("unexpected error", exc_info=error)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(_tr("Sorry, something went wrong that ncdesk did not expect."))
        box.setInformativeText(
            _tr(
                "If it happens again, please pass the details on to whoever looks after "
                "ncdesk for your group."
            )
        )
        box.setDetailedText("".join(traceback.format_exception(error)))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if then is not None:
        box.finished.connect(lambda _result: then())
    _keep_until_closed(box)
    box.open()
    return box


def confirm(
    parent: QWidget,
    question: str,
    action: str,
    on_yes: Callable[[], None],
    *,
    details: str = "",
) -> QMessageBox:
    """Ask once, with a button named for the action ('Archive', 'Merge'); Cancel is the
    default so Enter pressed by habit does no harm."""
    box = QMessageBox(parent)
    box.setWindowTitle("ncdesk")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(question)
    if details:
        box.setInformativeText(details)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _result: on_yes() if box.clickedButton() is yes else None)
    box.open()
    return box


def _keep_until_closed(box: QMessageBox) -> None:
    if box.parent() is None:
        _UNOWNED.add(box)
        box.finished.connect(lambda _result: _UNOWNED.discard(box))
