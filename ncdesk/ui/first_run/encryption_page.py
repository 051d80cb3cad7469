"""Step 3: encryption, on unless unticked. The recovery key is shown here, before the file
exists (its key is made now and kept in memory until Finish), so it can be saved as a PDF
or printed, and Next waits until the user says they have kept it. Unticking gets a plain
warning instead: a lost laptop would then give away every record."""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)
from typing_extensions import override

from ncdesk.core import cipher
from ncdesk.core.services.first_setup import recovery_key_text, save_recovery_key
from ncdesk.ui.admin.where_to_save import ask_where_to_save, documents
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.first_run.step import WizardStep


class EncryptionPage(WizardStep):
    def __init__(
        self,
        key: bytes,
        database: Path,
        tasks: TaskRunner,
        organisation: Callable[[], str],
        parent: QWidget | None = None,
    ):
        super().__init__(
            self.tr("Encryption"),
            self.tr("Keeps the records unreadable to anyone who takes the PC or a backup."),
            parent,
        )
        self._key, self._database, self._tasks = key, database, tasks
        self._organisation = organisation
        self.saved: list[Path] = []  # recovery-key PDFs written from this page
        self.available = cipher.available()
        self.encrypt = QCheckBox(self.tr("&Encrypt the database (recommended)"), self)
        self.encrypt.setChecked(self.available)
        self.encrypt.setEnabled(self.available)
        self.body.addWidget(self.encrypt)
        self.explain = self.say(
            self.tr(
                "The database then opens only with a user's password. If every admin forgets "
                "theirs, the <b>recovery key</b> below is the only way back in: save it as a "
                "PDF or print it now, and keep it somewhere safe, away from this PC."
            )
        )
        self.key_text = QLabel(_in_lines(recovery_key_text(key)), self)
        self.key_text.setAccessibleName(self.tr("Recovery key"))
        self.key_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(fixed.pointSizeF() * 1.25)
        fixed.setWeight(QFont.Weight.Bold)
        self.key_text.setFont(fixed)
        self.key_text.setIndent(16)
        self.body.addWidget(self.key_text)
        self.save_button = QPushButton(self.tr("&Save recovery key PDF…"), self)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        for button in (self.save_button, self.print_button):
            button.setAutoDefault(False)
        # Qt's printing module is left out of the installed bundle to keep it small; there
        # the PDF is the way to print the key.
        self.can_print = importlib.util.find_spec("PySide6.QtPrintSupport") is not None
        self.save_button.clicked.connect(self.ask_where_to_save)
        self.print_button.clicked.connect(self.print_key)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)
        self.saved_note = QLabel(self)
        self.saved_note.setWordWrap(True)
        self.body.addWidget(self.saved_note)
        self.kept = QCheckBox(
            self.tr("I have saved or printed the recovery key and will &keep it safe"), self
        )
        self.body.addWidget(self.kept)
        self.warning = self.say("")
        self.body.addStretch(1)
        self.encrypt.toggled.connect(self._show_choice)
        self.kept.toggled.connect(lambda _on: emit(self.completeChanged))
        self._show_choice(self.encrypt.isChecked())

    @property
    def key(self) -> bytes | None:
        """The database key at Finish: None when the database is to stay plain."""
        return self._key if self.encrypt.isChecked() else None

    @override
    def initializePage(self) -> None:
        (self.encrypt if self.available else self.warning).setFocus()

    @override
    def isComplete(self) -> bool:
        return not self.encrypt.isChecked() or self.kept.isChecked()

    def ask_where_to_save(self) -> None:
        stem = self._database.stem
        ask_where_to_save(
            self,
            self.tr("Save the recovery key as"),
            documents() / f"{stem} recovery key.pdf",
            self.tr("PDF documents (*.pdf)"),
            self.save_to,
        )

    def save_to(self, path: Path) -> None:
        """Write the PDF (in the background: ReportLab takes a moment to load)."""
        key, organisation, database = self._key, self._organisation(), self._database
        self.saved_note.setText(self.tr("Saving…"))
        self._tasks.run_operation(
            lambda: save_recovery_key(path, key, organisation, database),
            self._saved,
            self._not_saved,
        )

    def print_key(self) -> None:
        """The key on paper, through the system's print dialog."""
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def print_it() -> None:
            page = QTextDocument()
            page.setHtml(
                self.tr(
                    "<h1>ncdesk recovery key</h1><p>{org}</p><p>For the encrypted database "
                    "<b>{name}</b>.</p><pre style='font-size:16pt'>{key}</pre>"
                    "<p>Keep this safe, away from the PC. With it, "
                    "<tt>ncdesk recover</tt> sets a new password when every admin has "
                    "forgotten theirs.</p>"
                ).format(
                    org=self._organisation(),
                    name=self._database.name,
                    key=_in_lines(recovery_key_text(self._key)),
                )
            )
            page.print_(printer)
            self.saved_note.setText(self.tr("Sent to the printer."))

        dialog.finished.connect(lambda result: print_it() if result else None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def remove_saved_keys(self) -> None:
        """Delete the recovery-key PDFs saved here: the wizard was cancelled, or the database
        was made plain, so they hold a key to nothing and would only mislead later."""
        for path in self.saved:
            with contextlib.suppress(OSError):  # a read-only folder: it opens nothing anyway
                path.unlink(missing_ok=True)
        self.saved.clear()

    def _saved(self, path: Path) -> None:
        self.saved.append(path)
        self.saved_note.setText(self.tr("Saved to {path}").format(path=path))

    def _not_saved(self, error: BaseException) -> None:
        self.saved_note.setText(self.tr("Not saved."))
        show_error(self, error)

    def _show_choice(self, on: bool) -> None:
        for widget in (self.explain, self.key_text, self.save_button):
            widget.setVisible(on)
        self.print_button.setVisible(on and self.can_print)
        self.kept.setVisible(on)
        self.saved_note.setVisible(on)
        if not self.available:
            text = self.tr(
                "<b>Encryption is not possible on this PC</b> (SQLCipher cannot be loaded), "
                "so the database will not be encrypted. Anyone who takes the PC or a backup "
                "could read every record: keep both locked away."
            )
        elif not on:
            text = self.tr(
                "<b>Warning: the database will not be encrypted.</b> Anyone who takes this "
                "PC, its disk or a backup copy can read every person's record. You can "
                "encrypt it later in Admin ▸ Encryption."
            )
        else:
            text = ""
        self.warning.setText(text)
        self.warning.setVisible(bool(text))
        emit(self.completeChanged)


def _in_lines(text: str) -> str:
    """The key's groups of four, four groups to a line, as on the PDF."""
    groups = text.split("-")
    return "\n".join("  ".join(groups[i : i + 4]) for i in range(0, len(groups), 4))
