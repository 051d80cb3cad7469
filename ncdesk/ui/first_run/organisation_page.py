"""Step 1: welcome, the organisation's name (title bar, printed returns) and, if it has one,
its logo for the cover of printed returns, with a preview so a wrong file is seen at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from typing_extensions import override

from ncdesk.core.errors import FieldProblem
from ncdesk.core.services.first_setup import check_organisation
from ncdesk.ui.common.logo_picture import PREVIEW_HEIGHT, choose_picture, show_picture
from ncdesk.ui.first_run.step import WizardStep


class OrganisationPage(WizardStep):
    def __init__(self, database_label: str, parent: QWidget | None = None):
        super().__init__(
            self.tr("Welcome to ncdesk"),
            self.tr(
                "A few questions to set up your group's database. Nothing is saved until "
                "you press Finish."
            ),
            parent,
        )
        where = self.say(
            self.tr("There is no ncdesk database on this computer yet. It will be made at:")
        )
        where.setTextFormat(Qt.TextFormat.PlainText)
        path = QLabel(database_label, self)
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path.setWordWrap(True)
        path.setIndent(16)
        self.body.addWidget(path)
        self.body.addSpacing(8)
        self.organisation_name = QLineEdit(self)
        self.organisation_name.setPlaceholderText(self.tr("for example Soham Good Neighbours"))
        self.logo_path = QLineEdit(self)
        self.logo_path.setPlaceholderText(self.tr("Optional: a PNG or JPEG picture"))
        choose = QPushButton(self.tr("C&hoose…"), self)
        choose.setAutoDefault(False)
        choose.clicked.connect(self._choose_logo)
        self.add_field(
            self.tr("&Organisation name:"),
            "organisation_name",
            self.organisation_name,
            hint=self.tr("Shown in the title bar and on printed grant returns."),
        )
        self.add_field(
            self.tr("&Logo:"),
            "logo_path",
            self.logo_path,
            beside=choose,
            hint=self.tr("Printed on the cover of grant returns. You can leave it out."),
        )
        self.preview = QLabel(self)
        self.preview.setAccessibleName(self.tr("Logo preview"))
        self.preview.setMinimumHeight(PREVIEW_HEIGHT)
        self.form.addRow("", self.preview)
        self.body.addLayout(self.form)
        self.body.addStretch(1)
        self.logo_path.textChanged.connect(self._show_preview)

    @override
    def initializePage(self) -> None:
        self.organisation_name.setFocus()

    @override
    def validatePage(self) -> bool:
        logo = self.logo_path.text().strip()
        problems = check_organisation(self.organisation_name.text(), logo)
        logo_refused = any(p.field == "logo_path" for p in problems)
        if logo and not logo_refused and self.preview.pixmap().isNull():
            problems.append(
                FieldProblem(
                    "logo_path", self.tr("ncdesk cannot show this picture; choose another")
                )
            )
        return self.refuse(problems)

    def name(self) -> str:
        return self.organisation_name.text().strip()

    def _choose_logo(self) -> None:
        choose_picture(self, self.logo_path.text().strip(), self.logo_path.setText)

    def _show_preview(self, text: str) -> None:
        """The picture as it will look, or nothing when the file is not one."""
        path = Path(text.strip()).expanduser()
        picture = QPixmap(str(path)) if text.strip() and path.is_file() else QPixmap()
        show_picture(self.preview, picture, self.tr("(no picture to show)") if text.strip() else "")
