"""Screenshots of each step of the first-run wizard, for the docs, filled in with a made-up
organisation (its logo is drawn here, not taken from anywhere).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.first_run.make_screenshots [OUT_DIR]

Writes first-run-1-organisation.png … first-run-6-summary.png to docs/screenshots (or
OUT_DIR). Nothing is made on disk but a temporary folder: the wizard is never finished.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.first_run import FirstRunWizard

DOCS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
STEPS = ["organisation", "admin", "encryption", "backups", "start", "summary"]


def settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def draw_logo(path: Path) -> None:
    """A made-up logo: a green disc with the group's initials."""
    picture = QPixmap(240, 120)
    picture.fill(QColor("white"))
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#2e7d32"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(10, 10, 100, 100)
    painter.setPen(QColor("white"))
    painter.setFont(QFont("Sans", 30, QFont.Weight.Bold))
    painter.drawText(10, 10, 100, 100, Qt.AlignmentFlag.AlignCenter, "SG")
    painter.setPen(QColor("#2e7d32"))
    painter.setFont(QFont("Sans", 12, QFont.Weight.Bold))
    painter.drawText(120, 10, 120, 100, Qt.AlignmentFlag.AlignVCenter, "Good\nNeighbours")
    painter.end()
    picture.save(str(path))


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    tasks = TaskRunner()
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder) / "maria"  # a short, plain path to show in the pictures
        here.mkdir()
        logo = here / "logo.png"
        draw_logo(logo)
        (here / "USB stick" / "ncdesk backups").mkdir(parents=True)
        database = here / "ncdesk" / "ncdesk.db"
        (here / "Pictures").mkdir()
        logo = logo.rename(here / "Pictures" / "logo.png")
        wizard = FirstRunWizard(database, str(database), tasks)
        wizard.show()
        settle()
        fill = [
            lambda: (
                wizard.organisation.organisation_name.setText("Soham Good Neighbours"),
                wizard.organisation.logo_path.setText(str(logo)),
            ),
            lambda: (
                wizard.admin.login.setText("maria"),
                wizard.admin.full_name.setText("Maria Example"),
                wizard.admin.password.setText("tea and biscuits on Tuesday"),
                wizard.admin.again.setText("tea and biscuits on Tuesday"),
            ),
            lambda: wizard.encryption.kept.setChecked(True),
            lambda: wizard.backups.folder.setText(str(here / "USB stick" / "ncdesk backups")),
            lambda: wizard.start.empty.setChecked(True),
            lambda: None,
        ]
        for number, (step, fill_in) in enumerate(zip(STEPS, fill, strict=True), start=1):
            fill_in()
            settle()
            wizard.grab().save(str(out / f"first-run-{number}-{step}.png"))
            if number < len(STEPS):
                wizard.next()
                settle()
        wizard.back()
        wizard.back()
        wizard.back()
        wizard.back()
        wizard.admin.again.setText("tea and biscuits on Monday")
        wizard.next()  # refused: the two passwords differ
        settle()
        wizard.grab().save(str(out / "first-run-2-admin-mistake.png"))
        wizard.admin.again.setText("tea and biscuits on Tuesday")
        wizard.next()
        wizard.encryption.encrypt.setChecked(False)
        settle()
        wizard.grab().save(str(out / "first-run-3-not-encrypted.png"))
        wizard.hide()
        wizard.deleteLater()
    tasks.shutdown()
    app.processEvents()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
